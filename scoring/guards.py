"""Stage guards that need scoring (see commissioning/stages.py)."""

from django.urls import reverse

from commissioning.models import Stage
from commissioning.stages import Problem, guard
from scoring.progress import missing_sheets


@guard(Stage.SCORING)
def every_assigned_sheet_submitted(round_) -> list[Problem]:
    """Missing sheets may be passed over with the officer's reason: they stay missing (never
    zeros) and are listed at the consensus stage."""
    url = reverse("scoring:progress", args=[round_.pk])
    return [
        Problem(
            f"{member.user} has not submitted a score sheet for {bid.reference}.",
            url,
            "See who has submitted",
            overridable=True,
        )
        for member, bid in missing_sheets(round_)
    ]
