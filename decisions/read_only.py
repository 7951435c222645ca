"""Refuses every write to a published round before its page runs, with a plain message.

A POST (or any unsafe method) to a page of a published round answers 403 with the reason, unless
the page is marked commissioning.final.allowed_after_publication. The round is found from the
URL: rounds/<pk>/..., a member's own pages my/<member_pk>/... and invitations/<token>/. Only
people who already know the round (its officers, auditors and panel) are told it is published;
anyone else goes on to the page, which refuses them as it always does, so nothing leaks.
The services refuse too (commissioning.final.lock_for_change): this is the friendly first line.
"""

from django.shortcuts import render

from commissioning import access
from commissioning.final import PUBLISHED_MESSAGE
from commissioning.models import Round, Stage
from panels.models import Invitation, Member, token_digest

SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")


def _round_id(kwargs) -> int | None:
    if "pk" in kwargs:
        return kwargs["pk"]
    if "member_pk" in kwargs:
        return (
            Member.objects.filter(pk=kwargs["member_pk"])
            .values_list("panel__round_id", flat=True)
            .first()
        )
    if "token" in kwargs:
        return (
            Invitation.objects.filter(token_hash=token_digest(kwargs["token"]))
            .values_list("panel__round_id", flat=True)
            .first()
        )
    return None


def _knows(user, round_: Round, kwargs) -> bool:
    if "token" in kwargs:
        return True  # whoever holds the invitation was told of the round
    if not user.is_authenticated:
        return False
    if "member_pk" in kwargs:
        return Member.objects.filter(pk=kwargs["member_pk"], user=user).exists()
    if access.round_perms(user, round_):
        return True
    return Member.objects.filter(panel__round=round_, user=user).exists()


class PublishedRoundsAreReadOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE or getattr(view_func, "allowed_after_publication", False):
            return None
        round_id = _round_id(view_kwargs)
        if round_id is None:
            return None
        round_ = Round.objects.filter(pk=round_id, stage=Stage.PUBLISHED).first()
        if round_ is None or not _knows(request.user, round_, view_kwargs):
            return None
        return render(
            request,
            "decisions/read_only.html",
            {"round": round_, "message": PUBLISHED_MESSAGE},
            status=403,
        )
