"""Bids' part of the stage machine: every lot needs a compliant bid before the round leaves draft."""

from django.urls import reverse

from bids.models import BidStatus
from commissioning.models import Stage
from commissioning.stages import Problem, guard


@guard(Stage.DRAFT)
def every_lot_has_a_compliant_bid(round_):
    problems = []
    for lot in round_.lots.prefetch_related("bids"):
        if not any(b.status == BidStatus.RECEIVED for b in lot.bids.all()):
            problems.append(
                Problem(
                    f"{lot} has no compliant bids.",
                    reverse("bids:bid_create", args=[round_.pk]) + f"?lot={lot.pk}",
                    "Add a bid",
                )
            )
    return problems
