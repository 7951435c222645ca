"""What a panellist's scoring pages fetch: their membership (404 for anyone else), the bid with
their sheet and scoring.policy's verdict for this request, and the round's deadline."""

from django.http import Http404

from bids.models import Bid
from panels import access
from scoring import policy
from scoring.models import Deadline, ScoreSheet, SheetStatus


def member_for(request, member_pk):
    return access.get_member_for(request.user, member_pk)


def wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def deadline_of(round_):
    return Deadline.objects.filter(round=round_).first()


def sheet_for(member, bid_pk):
    return (
        ScoreSheet.objects.filter(assignment__member=member, assignment__bid_id=bid_pk)
        .select_related("assignment__bid__lot")
        .first()
    )


def find(member, bid_pk):
    """(bid, sheet or None, verdict or None), asking scoring.policy once for the request: START
    for a bid without a sheet, WRITE for one with a sheet. A bid the member may not open is a 404,
    unless their sheet for it was set aside for a conflict: that sheet's page says so, shows nothing
    of the bid, and has no verdict."""
    sheet = sheet_for(member, bid_pk)
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        return sheet.bid, sheet, None
    if sheet is not None:
        bid = sheet.bid
    else:
        bid = (
            Bid.objects.filter(lot__round_id=member.panel.round_id, pk=bid_pk)
            .select_related("lot")
            .first()
        )
    if bid is None:
        raise Http404("No such bid")
    verdict = policy.may_score(member, bid, policy.START if sheet is None else policy.WRITE)
    if not verdict.visible:
        raise Http404("No such bid")
    return bid, sheet, verdict
