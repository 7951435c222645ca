"""Prints a round's results as JSON, with every number needed to re-calculate each total by hand:
`manage.py round_results ROUND_ID`. See decisions/totals.py for the arithmetic; bids are named by
their reference, criteria by their id (and title)."""

import json

from django.core.management.base import BaseCommand, CommandError

from commissioning.models import Round
from decisions.results import round_results
from decisions.tiebreak import quality_criterion
from decisions.totals import PASS_FAIL, plain

FORMULA = (
    "points = score x weight / scale_max for scored and officer criteria; "
    "points = lowest_price x weight / price for price-formula criteria; pass/fail criteria carry "
    "no points; total = sum of points, rounded half up to 2 decimal places only for display "
    "(total_display); equal displayed totals are tied"
)


def _score(value):
    if value is None or isinstance(value, int):
        return value
    return plain(value)


def _line(line) -> dict:
    c = line.criterion
    row = {
        "criterion": c.pk,
        "title": c.title,
        "kind": c.kind,
        "method": c.method or None,
        "weight": plain(c.weight),
        "scale_max": c.scale_max,
        "minimum_score": c.minimum_score,
        "score": _score(line.score),
        "price": plain(line.price),
        "lowest_price": plain(line.lowest_price),
        "points": plain(line.points),
    }
    if c.kind == PASS_FAIL:
        row["passed"] = None if line.check is None else line.check.passed
        row["check_reason"] = None if line.check is None else line.check.reason
    if line.note:
        row["note"] = line.note
    return row


def _bid(r) -> dict:
    award = r.award
    return {
        "bid": r.bid.reference,
        "eligible": r.eligible,
        "why_not": r.why_not,
        "pending": r.pending,
        "total": plain(r.total),
        "total_display": plain(r.total_shown),
        "rank": r.rank,
        "tie": r.tie,
        "tie_open": r.tie_open,
        "tie_break": r.tie_note or None,
        "decision": award.decision if award else None,
        "amount": plain(award.amount) if award else None,
        "award_reason": (award.reason or None) if award else None,
        "passes_over": r.passes_over,
        "amount_requested": plain(r.bid.price),
        "criteria": [_line(line) for line in r.lines],
    }


def results_json(round_) -> dict:
    lots = round_results(round_)
    rule = lots[0].rule if lots else (round_.aggregation or "consensus")
    return {
        "round": round_.pk,
        "aggregation": rule,
        "score_is": (
            "the panel's agreed score (a whole number)"
            if rule == "consensus"
            else f"the {rule} of the submitted scores (a decimal string)"
        ),
        "tie_break": round_.tie_break,
        "formula": FORMULA,
        "lots": [
            {
                "lot": lot.lot.number,
                "name": lot.lot.name,
                "budget": plain(lot.budget),
                "awarded_total": plain(lot.awarded_total),
                "tie_break_criterion": (
                    c.pk
                    if (c := quality_criterion(lot.criteria)) and lot.tie_break == "quality"
                    else None
                ),
                "panel_advice": lot.advice.text if lot.advice else None,
                "bids": [_bid(r) for r in lot.bids],
            }
            for lot in lots
        ],
    }


class Command(BaseCommand):
    help = (
        "Prints a round's results as JSON: per lot, each bid's eligibility, total, rank, tie and "
        "decision, and per criterion the weight, scale, score or price and points, so anyone can "
        "re-calculate every total by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)

    def handle(self, *args, **options):
        round_ = Round.objects.filter(pk=options["round_id"]).first()
        if round_ is None:
            raise CommandError(f"No round {options['round_id']}.")
        self.stdout.write(json.dumps(results_json(round_), indent=2, ensure_ascii=False))
