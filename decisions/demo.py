"""Deciding a round the plain way, through the services (so the trail is real): for the demo and
for tests that need a round past consensus (tests/factories.py: advance)."""

from commissioning.models import CriterionKind, OfficerMethod
from decisions import awards, checks
from decisions.models import Decision
from decisions.results import round_results

CHECK_REASON = "Documents seen and in date."
SCORE_REASON = "Scored by the officer against the published descriptors."
IN_RANK_ORDER = "Funded in rank order while the lot's budget allowed; higher bids did not fit."
TIE_REASON = "The panel kept the order the bids were received in."


def decide_everything(round_, by, *, officer_score: int = 3):
    """Answers every unanswered check as passed, scores every unscored manual officer criterion
    `officer_score`, orders every open tie by bid number, then goes down each lot's ranking
    funding each undecided eligible bid's amount requested while it fits (not funded otherwise)."""
    for lot_result in round_results(round_):
        lot = lot_result.lot
        for r in lot_result.bids:
            if r.bid.status != "received":
                continue
            bid = lot.bids.get(pk=r.bid.pk)
            for line in r.lines:
                c = line.criterion
                if c.kind == CriterionKind.PASS_FAIL and line.check is None:
                    criterion = lot.rubric.criteria.get(pk=c.pk)
                    checks.answer_check(bid, criterion, by=by, passed=True, reason=CHECK_REASON)
                elif c.kind == CriterionKind.OFFICER and c.method == OfficerMethod.MANUAL:
                    if line.score is not None:
                        continue
                    criterion = lot.rubric.criteria.get(pk=c.pk)
                    score = min(officer_score, c.scale_max)
                    checks.score_criterion(bid, criterion, by=by, score=score, reason=SCORE_REASON)
    for lot_result in round_results(round_):
        for group in lot_result.open_ties:
            order = [r.bid.pk for r in sorted(group, key=lambda r: r.bid.number)]
            awards.record_tie(lot_result.lot, by=by, order=order, reason=TIE_REASON)
    for lot_result in round_results(round_):
        left, skipped = lot_result.remaining, False
        for r in lot_result.bids:
            if not r.eligible or r.award is not None:
                continue
            bid = lot_result.lot.bids.get(pk=r.bid.pk)
            if r.bid.price <= left and r.bid.price > 0:
                left -= r.bid.price
                awards.record_decision(
                    bid,
                    by=by,
                    decision=Decision.AWARDED,
                    amount=r.bid.price,
                    reason=IN_RANK_ORDER if skipped else "",
                )
            else:
                skipped = True
                awards.record_decision(bid, by=by, decision=Decision.NOT_FUNDED)
