"""The presentation view: what every member's screen (or the room's projector) shows of the item
the chair has put up, following the chair as they move through the agenda, and the small JSON
answer present.js polls for what is on the screen now. The chair also gets previous and next
buttons over the agenda items they chair.

The same rules as the member's other meeting pages (scoring/consensus_member_views.py): the
membership and lot come from scoring/consensus_member_access.py (404 for anyone else), a bid the
member is kept away from is never named, and the scores are shown without names.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from bids.models import BidStatus
from commissioning.models import Stage
from scoring import consensus_policy as policy
from scoring import statistics
from scoring.consensus_member_access import Seeing, lot_of, member_for
from scoring.models import ConsensusRecord, Meeting
from scoring.scores_without_names import bid_label, question, reasons_given


@login_required
@require_GET
def present(request, member_pk, lot_pk):
    member = member_for(request, member_pk)
    lot = lot_of(member, lot_pk)
    round_ = lot.round
    context = {"member": member, "round": round_, "lot": lot, "open": False}
    if round_.stage != Stage.CONSENSUS:
        return render(request, "scoring/consensus/present.html", context)
    meeting = (
        Meeting.objects.filter(lot=lot)
        .select_related("current_bid", "current_criterion")
        .only("lot_id", "current_bid", "current_criterion")
        .first()
    )
    criteria = policy.panel_criteria(lot)
    chair = policy.lot_chair(request.user, lot)
    clear = policy.clear_pairs(lot) if chair is not None else set()
    current = meeting.current_bid if meeting else None
    criterion = meeting.current_criterion if meeting else None
    if current is not None and (
        current.lot_id != lot.pk
        or current.status != BidStatus.RECEIVED
        or criterion is None
        or criterion.pk not in {c.pk for c in criteria}
    ):
        current = criterion = None
    context.update(
        open=True,
        bid=current,
        criterion=criterion,
        now_url=reverse("scoring:present_now", args=[member.pk, lot.pk]),
        now_bid=current.pk if current else "",
        now_criterion=criterion.pk if criterion else "",
    )
    if chair is not None:
        agenda = [
            item
            for item in policy.items(lot, criteria=criteria)
            if (chair.pk, item.bid.pk) in clear
        ]
        context.update(chair=chair, **_neighbours(agenda, current, criterion, criteria, round_))
    if current is None:
        return render(request, "scoring/consensus/present.html", context)
    number = next(n for n, c in enumerate(criteria, 1) if c.pk == criterion.pk)
    context.update(name=bid_label(current, round_), number=number)
    chairing = chair is not None and (chair.pk, current.pk) in clear
    seeing = Seeing.of(member, [lot])
    if not chairing:
        if seeing.kept_away(current.pk):
            context.update(kept_away=True, name="", bid=None)
            return render(request, "scoring/consensus/present.html", context)
        reason = seeing.why_not(current.pk)
        if reason is not None:
            context["hidden_because"] = (
                "You will see the scores once your own sheet is in."
                if current.pk in seeing.assigned
                else "You did not score this bid, so its scores are not shown to you."
            )
            return render(request, "scoring/consensus/present.html", context)
    item = statistics.lot_statistics(lot).item(current.pk, criterion.pk)
    record = ConsensusRecord.objects.filter(bid=current, criterion=criterion).first()
    context["question"] = question(
        number, criterion, item, member, reasons_given(current, [criterion]), record, "now"
    )
    return render(request, "scoring/consensus/present.html", context)


@dataclass
class Step:
    """An item the chair's previous or next button puts on the screen."""

    bid: object
    criterion: object
    number: int  # the question's number among the panel's questions
    name: str


def _neighbours(agenda, bid, criterion, criteria, round_) -> dict:
    """The items before and after the one on screen, in agenda order (compliant bids by number,
    then the panel's questions in order); the first item is next when nothing is on screen."""
    numbers = {c.pk: n for n, c in enumerate(criteria, 1)}

    def step(item):
        if item is None:
            return None
        name = bid_label(item.bid, round_)
        return Step(item.bid, item.criterion, numbers[item.criterion.pk], name)

    keys = [item.key for item in agenda]
    here = (bid.pk, criterion.pk) if bid is not None else None
    if here not in keys:
        return {"previous": None, "next": step(agenda[0] if agenda else None)}
    at = keys.index(here)
    return {
        "previous": step(agenda[at - 1] if at > 0 else None),
        "next": step(agenda[at + 1] if at + 1 < len(agenda) else None),
    }


@login_required
@require_GET
def present_now(request, member_pk, lot_pk):
    """What is on the screen now, for present.js: two queries."""
    member = member_for(request, member_pk)
    row = (
        member.panel.lots()
        .filter(pk=lot_pk)
        .values_list("meeting__current_bid", "meeting__current_criterion")
        .first()
    )
    if row is None:
        raise Http404("No such lot")
    bid_pk, criterion_pk = row
    return JsonResponse({"bid": bid_pk, "criterion": criterion_pk})
