"""The guard to leave consensus that needs results (see commissioning/stages.py).

Every eligible bid has a decision, no bid is waiting for a check or officer score, no award goes
to an ineligible bid, every lot's awards fit its budget, every award that passes over a
higher-ranked bid says why, and no open tie splits funded from unfunded bids. These are the record
itself, so none can be passed over with a reason (no `overridable`). The consensus record's own
guard lives in scoring/guards.py.
"""

from django.urls import reverse

from commissioning.models import Stage
from commissioning.stages import Problem, guard
from decisions.models import Decision
from decisions.results import round_results

RESULTS_URL_NAME = "decisions:results"


def results_url(round_, lot=None) -> str:
    url = reverse(RESULTS_URL_NAME, args=[round_.pk])
    return url + (f"#lot-{lot.number}" if lot is not None else "")


def lot_problems(lot_result) -> list[str]:
    """Everything that stops a lot's results being final, in plain words."""
    lot = lot_result.lot
    problems = []
    for r in lot_result.bids:
        award = r.award
        awarded = award is not None and award.decision == Decision.AWARDED
        if r.pending:
            problems.append(f"{lot}: {r.bid.reference} cannot be decided yet: {r.why_not}.")
        elif r.eligible and award is None:
            problems.append(
                f"{lot}: {r.bid.reference} (ranked {r.rank}) needs a decision: awarded, reserve "
                "or not funded."
            )
        if not r.eligible and award is not None and award.decision != Decision.NOT_FUNDED:
            problems.append(
                f"{lot}: {r.bid.reference} is recorded as {award.get_decision_display().lower()} "
                f"but is not eligible: {r.why_not}."
            )
        if awarded and r.passes_over and not award.reason:
            problems.append(
                f"{lot}: the award to {r.bid.reference} passes over {', '.join(r.passes_over)}, "
                "ranked higher, with no reason recorded."
            )
    if lot_result.over_budget:
        problems.append(
            f"{lot}: awards add up to £{lot_result.awarded_total:,.2f}, over its budget of "
            f"£{lot_result.budget:,.2f}."
        )
    for group in lot_result.open_ties:
        funded = {r.award is not None and r.award.decision == Decision.AWARDED for r in group}
        if len(funded) > 1:
            problems.append(
                f"{lot}: {', '.join(r.bid.reference for r in group)} are tied and only some are "
                "funded: record the panel's decision on the tie, with its reason."
            )
    return problems


@guard(Stage.CONSENSUS)
def every_eligible_bid_decided_within_budget(round_) -> list[Problem]:
    """Not overridable: a decision for every eligible bid and budgets kept are the record."""
    problems = []
    for lot_result in round_results(round_):
        url = results_url(round_, lot_result.lot)
        problems.extend(
            Problem(message, url, "See the results") for message in lot_problems(lot_result)
        )
    return problems
