"""What the results pages share: who reaches them, and the results shaped for a template.

Officers and auditors reach a round's pages through commissioning.access.get_round_for (404 for
anyone who cannot see the round, 403 for an auditor asking to write). The chair reaches their own
pages through their membership (panels.access.get_member_for), as an active chair, once the round
is at consensus or later (404 otherwise). Panellists see no results here (404).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from audit.models import AuditEvent
from bids.models import Bid
from commissioning import access
from commissioning.models import Aggregation, TieBreak
from decisions import policy, totals
from panels import access as panel_access
from panels.models import MemberStatus, Role

# Trail actions that change the method (commissioning/services/): their reasons say why it changed.
METHOD_ACTIONS = (
    "round.method_overridden",
    "round.updated",
    "lot.added",
    "lot.updated",
    "lot.removed",
    "rubric.created",
    "rubric.updated",
    "criterion.added",
    "criterion.updated",
    "criterion.removed",
)


def read_round(request, pk):
    return access.get_round_for(request.user, pk, access.ANY)


def officer_round(request, pk):
    return access.get_round_for(request.user, pk, access.MANAGE)


def can_write(round_) -> bool:
    """The user (whose perms get_round_for put on the round) may change results now."""
    return access.MANAGE in round_.user_perms and round_.stage in policy.WRITE_STAGES


def readable(round_) -> bool:
    return round_.stage in policy.READ_STAGES


def round_bid(round_, bid_pk) -> Bid:
    bid = get_object_or_404(Bid.objects.select_related("lot").filter(lot__round=round_), pk=bid_pk)
    bid.lot.round = round_
    return bid


def chair(request, member_pk):
    """The user's own membership as an active chair, with the round at consensus or later."""
    member = panel_access.get_member_for(request.user, member_pk)
    if member.role != Role.MODERATOR or member.status != MemberStatus.ACTIVE:
        raise Http404("Not a chair")
    if member.panel.round.stage not in policy.READ_STAGES:
        raise Http404("No results yet")
    return member


def chair_lot(member, lot_pk):
    lot = get_object_or_404(member.panel.lots(), pk=lot_pk)
    lot.round = member.panel.round
    return lot


def organisations(lot_ids) -> dict[int, str]:
    rows = Bid.objects.filter(lot_id__in=lot_ids).values_list("pk", "organisation")
    return dict(rows)


KINDS = {
    totals.SCORED: "Scored by the panel",
    totals.PASS_FAIL: "Pass or fail (an officer checks it)",
    totals.OFFICER: "Scored by an officer",
}


def kind_words(criterion) -> str:
    if criterion.is_price:
        return "Price: lowest eligible price ÷ this bid's price × weight"
    return KINDS.get(criterion.kind, criterion.kind)


def pending_items(result) -> list[dict]:
    """What a compliant bid still needs, each saying whether the officer's checks page does it."""
    if result.bid.status != totals.RECEIVED:
        return []
    out = []
    for line in result.lines:
        c = line.criterion
        if c.kind == totals.PASS_FAIL and line.check is None:
            out.append({"text": f"The “{c.title}” check", "officer": True})
        elif c.kind == totals.OFFICER and not c.is_price and line.score is None:
            out.append({"text": f"An officer's score on “{c.title}”", "officer": True})
        elif c.kind == totals.SCORED and line.score is None:
            out.append({"text": f"The panel's agreed score on “{c.title}”", "officer": False})
    return out


def lot_rows(lot_result, orgs) -> list[dict]:
    return [
        {
            "r": r,
            "organisation": orgs.get(r.bid.pk, ""),
            "pending": pending_items(r),
            "awarded": r.award is not None and r.award.decision == "awarded",
        }
        for r in lot_result.bids
    ]


def lots_context(lot_results) -> list[dict]:
    orgs = organisations([lr.lot.pk for lr in lot_results])
    return [{"result": lr, "rows": lot_rows(lr, orgs)} for lr in lot_results]


def method(round_, lot_results) -> dict:
    """The published method as the results use it: criteria per rubric (lots sharing a rubric
    shown once), the roll-up and tie-break rules, and the reasons for any change after bids."""
    rubrics = {}
    for lr in lot_results:
        entry = rubrics.setdefault(lr.lot.rubric_id, {"lots": [], "criteria": []})
        entry["lots"].append(lr.lot)
        entry["criteria"] = [{"c": c, "kind": kind_words(c)} for c in lr.criteria]
    changes = []
    if round_.method_changed_after_bids:
        changes = list(
            AuditEvent.objects.for_round(round_)
            .filter(action__in=METHOD_ACTIONS)
            .exclude(reason="")
            .order_by("at", "pk")
            .values("at", "action", "reason")
        )
    return {
        "rubrics": list(rubrics.values()),
        "rule": dict(Aggregation.choices).get(round_.aggregation or "consensus"),
        "tie_break": dict(TieBreak.choices).get(round_.tie_break, "Not chosen"),
        "changes": changes,
    }
