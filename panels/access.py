"""What a panel member may open: the one place panel views and services ask.

Panellists reach a round only through their membership (`/my/<member_pk>/...`); anyone else, and a
member asking for a bid they may not open, gets a 404, so not even a bid's existence leaks.
A member may open a bid only while they hold guardian's `bids.view_bid` on it, which
panels.services grants and revokes as assignments and conflict decisions change.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from bids.models import Bid
from commissioning.models import Criterion, CriterionKind, Mode, OfficerMethod
from panels.models import Member

VIEW_BID = "bids.view_bid"


def memberships(user):
    if not user.is_authenticated:
        return Member.objects.none()
    return Member.objects.filter(user=user).select_related("panel__round", "panel__lot")


def get_member_for(user, member_pk) -> Member:
    """The membership if it is the user's own; 404 otherwise."""
    return get_object_or_404(memberships(user), pk=member_pk)


def bids_for(member: Member):
    """The bids `member` may open now: assigned, declared and not conflicted."""
    if member.status != "active":
        return Bid.objects.none()
    visible = get_objects_for_user(
        member.user, VIEW_BID, klass=Bid, accept_global_perms=False, with_superuser=False
    )
    return visible.filter(lot__round_id=member.panel.round_id, assignments__member=member)


def get_bid_for(member: Member, bid_pk) -> Bid:
    bid = bids_for(member).select_related("lot").filter(pk=bid_pk).first()
    if bid is None:
        raise Http404("No such bid")
    return bid


def shows_price(round_) -> bool:
    """Whether panellists see bids' amounts requested (DESIGN.md section 6), the one rule every
    panellist-facing page asks. In procurement mode a round with a price criterion (officer-scored
    by the price formula, in any of its rubrics) never shows them: officers score price apart, so
    it must not colour the panel's judgement. In grant mode the amount asked for is part of judging
    value, so panellists see it. Officers and auditors always see amounts (bids' own pages).

    One EXISTS query, cached on the round instance."""
    cached = getattr(round_, "_shows_price", None)
    if cached is None:
        cached = (
            round_.mode != Mode.PROCUREMENT
            or not Criterion.objects.filter(
                rubric__round_id=round_.pk,
                kind=CriterionKind.OFFICER,
                officer_method=OfficerMethod.PRICE_FORMULA,
            ).exists()
        )
        round_._shows_price = cached
    return cached
