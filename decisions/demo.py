"""Deciding a round through the services (so the trail is real): `decide_everything` the plain
way, for tests that need a round past consensus (tests/factories.py: advance); `seed` the demo
round's story for `manage.py demo --stage decided` (demo/scenario.py)."""

from bids.models import BidStatus
from commissioning import services as round_services
from commissioning.models import CriterionKind, OfficerMethod, Round, Stage
from decisions import awards, checks, policy
from decisions.demo_checks import INSURANCE, PASS_FAIL, POLICY
from decisions.models import Decision
from decisions.results import round_results
from panels.models import Member, MemberStatus, Role

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


# The demo's story (demo/scenario.py, --stage decided) -----------------------------------------

# The panel's decision on the demo's one tie (lot 1: both total 68.00), first ranked first.
TIES = {
    frozenset({"Family Link Workers", "Parents in the Loop"}): (
        ["Family Link Workers", "Parents in the Loop"],
        "The panel put Family Link Workers first: it scored higher on understanding young "
        "people's needs (4 against 3), the question that carries the most weight, and Parents in "
        "the Loop never asked young people what they need.",
    ),
}
OVER_BUDGET = (
    "Asks for £{price:,.2f}, more than the lot's whole budget of £{budget:,.2f}; the bidder "
    "could not deliver its plan for less, so it cannot be funded as bid."
)
PASSES_OVER = (
    "{refs}, ranked higher, asks for more than the lot's whole budget of £{budget:,.2f} and "
    "could not deliver its plan for less. This is the highest-ranked bid the budget can fund."
)
RESERVE = "First reserve: offered the funding if {refs} cannot go ahead."
SPENT = "The lot's budget is spent: £{left:,.2f} is left, and this bid asks for £{price:,.2f}."
NOT_ELIGIBLE = "Not eligible: {why}."


def seed(round_, officer):
    """The officers decide the demo round, through the services: every check answered (The Chill
    Space fails safeguarding, with what is missing), any manual officer criterion scored, the
    panel's chair records the one tie (the round's rule is that the panel decides), each lot
    funded in rank order within its budget (lot 3's top bid asks for more than the whole budget,
    so the award passes over it, with the reason), a reserve named, and the round moved to
    decided. Call after scoring.demo_consensus.finish; running it again changes nothing."""
    round_ = Round.objects.get(pk=round_.pk)
    if round_.stage != Stage.CONSENSUS:
        return
    _answer_checks(round_, officer)
    for lot_result in round_results(round_):
        _break_ties(lot_result, officer)
    for lot_result in round_results(round_):
        _decide_lot(lot_result, officer)
    round_services.move_stage(round_, to=Stage.DECIDED, by=officer)


def _answer_checks(round_, officer):
    for lot in round_.lots.select_related("rubric").order_by("number"):
        if lot.rubric is None:
            continue
        pass_fail = list(lot.rubric.criteria.filter(kind=CriterionKind.PASS_FAIL))
        manual = list(
            lot.rubric.criteria.filter(
                kind=CriterionKind.OFFICER, officer_method=OfficerMethod.MANUAL
            )
        )
        for bid in lot.bids.filter(status=BidStatus.RECEIVED).order_by("number"):
            policy_check, insurance = PASS_FAIL.get(bid.title, ((True, ""), (True, "")))
            for criterion in pass_fail:
                passed, reason = {POLICY: policy_check, INSURANCE: insurance}.get(
                    criterion.title, (True, "")
                )
                checks.answer_check(
                    bid, criterion, by=officer, passed=passed, reason=reason or CHECK_REASON
                )
            for criterion in manual:
                if not bid.officer_scores.filter(criterion=criterion).exists():
                    score = min(3, criterion.scale_max)
                    checks.score_criterion(
                        bid, criterion, by=officer, score=score, reason=SCORE_REASON
                    )


def _chair(lot, officer):
    chair = (
        Member.objects.for_lot(lot)
        .filter(role=Role.MODERATOR, status=MemberStatus.ACTIVE)
        .select_related("user")
        .first()
    )
    return chair.user if chair is not None and policy.is_chair(chair.user, lot) else officer


def _break_ties(lot_result, officer):
    for group in lot_result.open_ties:
        titles = {r.bid.pk: lot_result.lot.bids.get(pk=r.bid.pk).title for r in group}
        order, reason = TIES.get(frozenset(titles.values()), (None, TIE_REASON))
        if order is None:
            pks = [r.bid.pk for r in sorted(group, key=lambda r: r.bid.number)]
        else:
            pks = sorted(titles, key=lambda pk: order.index(titles[pk]))
        awards.record_tie(
            lot_result.lot, by=_chair(lot_result.lot, officer), order=pks, reason=reason
        )


def _decide_lot(lot_result, officer):
    lot, budget = lot_result.lot, lot_result.budget
    left = lot_result.remaining
    funded = [r.bid.reference for r in lot_result.bids if _is(r, Decision.AWARDED)]
    reserve_named = any(_is(r, Decision.RESERVE) for r in lot_result.bids)
    not_awarded = []  # eligible bids ranked higher than the one being decided, not funded
    for r in lot_result.bids:
        price = r.bid.price
        if r.award is not None:
            if r.eligible and not _is(r, Decision.AWARDED):
                not_awarded.append(r.bid.reference)
            continue
        bid = lot.bids.get(pk=r.bid.pk)
        if not r.eligible:
            reason = NOT_ELIGIBLE.format(why=r.why_not.rstrip("."))
            awards.record_decision(bid, by=officer, decision=Decision.NOT_FUNDED, reason=reason)
        elif price > budget:
            reason = OVER_BUDGET.format(price=price, budget=budget)
            awards.record_decision(bid, by=officer, decision=Decision.NOT_FUNDED, reason=reason)
            not_awarded.append(r.bid.reference)
        elif price <= left:
            reason = (
                PASSES_OVER.format(refs=", ".join(not_awarded), budget=budget)
                if not_awarded
                else ""
            )
            awards.record_decision(
                bid, by=officer, decision=Decision.AWARDED, amount=price, reason=reason
            )
            left -= price
            funded.append(r.bid.reference)
        elif funded and not reserve_named:
            reason = RESERVE.format(refs=", ".join(funded))
            awards.record_decision(bid, by=officer, decision=Decision.RESERVE, reason=reason)
            reserve_named = True
            not_awarded.append(r.bid.reference)
        else:
            reason = SPENT.format(left=left, price=price)
            awards.record_decision(bid, by=officer, decision=Decision.NOT_FUNDED, reason=reason)
            not_awarded.append(r.bid.reference)


def _is(result, decision) -> bool:
    return result.award is not None and result.award.decision == decision
