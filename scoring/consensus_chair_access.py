"""Who reaches the chair's consensus pages, and what every one of them starts from.

Every page starts from the user's own membership (panels.access.get_member_for, 404 for anyone
else). Lot pages need the panel's active chair (moderator) and one of the panel's lots. Bid pages
need the membership that chairs that bid (the chair once declared clear of it, or the deputy an
officer named), else 404, so a conflicted chair learns nothing of it. Before consensus nothing of
the panel's scores is shown to anyone.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from bids.models import Bid, BidStatus
from panels import access as panel_access
from panels.models import Member, MemberStatus, Role
from scoring import consensus_policy as policy
from scoring.models import Deputy


def chair(request, member_pk) -> Member:
    member = panel_access.get_member_for(request.user, member_pk)
    if member.role != Role.MODERATOR or member.status != MemberStatus.ACTIVE:
        raise Http404("Not a chair")
    return member


def lot(chair, lot_pk):
    return get_object_or_404(chair.panel.lots().select_related("round"), pk=lot_pk)


def chairing(request, member_pk, bid_pk) -> tuple[Member, Bid]:
    """The membership and the bid it chairs; 404 for anything else (a bid the chair is conflicted
    on, another panel's, a withdrawn or non-compliant one)."""
    member = panel_access.get_member_for(request.user, member_pk)
    if member.status != MemberStatus.ACTIVE:
        raise Http404("Not taking part")
    bid = get_object_or_404(
        Bid.objects.select_related("lot__round", "lot__rubric"),
        pk=bid_pk,
        lot__in=member.panel.lots(),
        status=BidStatus.RECEIVED,
    )
    if member.role == Role.MODERATOR:
        if not policy.chair_may_chair(member, bid):
            raise Http404("The chair does not chair this bid")
    elif not Deputy.objects.filter(bid=bid, member=member).exists():
        raise Http404("Not chairing this bid")
    return member, bid


def context(member, **extra):
    round_ = member.panel.round
    return {
        "member": member,
        "round": round_,
        "blind": round_.blind_review,
        "is_chair": member.role == Role.MODERATOR,
        **extra,
    }


def not_open(request, member, *, lot=None, bid=None, status=200):
    """Before consensus nothing of the panel's scores is shown to anyone."""
    return render(
        request,
        "scoring/consensus/chair_not_open.html",
        context(member, lot=lot or (bid.lot if bid else None), bid=bid),
        status=status,
    )
