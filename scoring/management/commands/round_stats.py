"""Prints a round's consensus statistics as JSON: per lot, the panel's agreement (Krippendorff's
alpha, ICC(2,1), with 95% intervals) and per bid x question the spread of the scores. Members are
named only by their pseudonym (the decision trail's actor_ref). `manage.py round_stats ROUND_ID`"""

import json

from django.core.management.base import BaseCommand, CommandError

from commissioning.models import Round
from scoring.statistics import round_statistics

PLACES = 6


def _number(value):
    return None if value is None else round(float(value), PLACES)


def _interval(estimate):
    return None if estimate.ci95 is None else [_number(x) for x in estimate.ci95]


def lot_json(stats) -> dict:
    return {
        "lot": stats.lot_number,
        "alpha_interval": _number(stats.alpha_interval.value),
        "alpha_ordinal": _number(stats.alpha_ordinal.value),
        "alpha_ci95": _interval(stats.alpha_interval),
        "alpha_ordinal_ci95": _interval(stats.alpha_ordinal),
        "icc_2_1": _number(stats.icc_2_1.value),
        "icc_ci95": _interval(stats.icc_2_1),
        "icc_items": stats.icc_items,
        "pairable_items": stats.pairable_items,
        "band": stats.alpha_interval.band,
        "leniency": {p.actor_ref: _number(stats.leniency.get(p.pk)) for p in stats.panellists},
        "items": [
            {
                "bid": item.bid_reference,
                "criterion": item.criterion_pk,
                "n": item.stats.n,
                "mean": _number(item.stats.mean),
                "median": _number(item.stats.median),
                "min": item.stats.min,
                "max": item.stats.max,
                "range": item.stats.range,
                "sd": _number(item.stats.sd),
                "divergent": item.stats.divergent,
                "outliers": [member.actor_ref for member in item.outliers],
            }
            for item in stats.items.values()
        ],
    }


class Command(BaseCommand):
    help = (
        "Prints a round's consensus statistics as JSON: panel agreement per lot and the spread of "
        "scores per bid and question. Only submitted sheets count."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="The round's id (the number in its URL).")

    def handle(self, *args, round_id, **options):
        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"There is no round with id {round_id}.")
        data = {"round": round_.pk, "lots": [lot_json(s) for s in round_statistics(round_)]}
        self.stdout.write(json.dumps(data, indent=2))
