"""What the panel's meeting changed (moderation impact), for the officer and the auditor: per lot,
each bid's total with the mean of the individual scores beside its agreed total, what that changed
(rank, eligibility, funding) in words, the items where the agreed score moved a point or more from
the median, and a chart of the same numbers. Thin: read decisions.impact, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from decisions import charts
from decisions import common_views as common
from decisions.impact import moderation_impact


def impact_lots(lots) -> list[dict]:
    return [{"impact": lot, "chart": charts.dumbbell(lot)} for lot in lots]


@login_required
@require_GET
def impact(request, pk):
    round_ = common.read_round(request, pk)
    if not common.readable(round_):
        return render(request, "decisions/not_yet.html", {"round": round_})
    return render(
        request,
        "decisions/impact.html",
        {"round": round_, "lots": impact_lots(moderation_impact(round_))},
    )
