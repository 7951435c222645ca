"""How the panel's views influenced the agreed scores: the influence report for the officer and
the auditor (the whole round) and for the chair (their panel's lots), with the survey's anonymous
results. Thin: read decisions.influence and decisions.survey, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from decisions import common_views as common
from decisions import influence_chart, survey
from decisions.influence import influence as influence_report
from decisions.publication import feedback_released


def _context(round_, report, **extra):
    report.survey = survey.summary(round_) if feedback_released(round_) else None
    return {
        "round": round_,
        "report": report,
        "chart": influence_chart.within_one(report.groups),
        "small_group": survey.SMALL_GROUP,
        **extra,
    }


@login_required
@require_GET
def influence(request, pk):
    round_ = common.read_round(request, pk)
    if not common.readable(round_):
        return render(request, "decisions/not_yet.html", {"round": round_})
    return render(request, "decisions/influence.html", _context(round_, influence_report(round_)))


@login_required
@require_GET
def chair_influence(request, member_pk):
    member = common.chair(request, member_pk)
    round_ = member.panel.round
    lot_ids = list(member.panel.lots().values_list("pk", flat=True))
    report = influence_report(round_, lot_ids)
    return render(
        request,
        "decisions/influence.html",
        _context(round_, report, member=member, is_chair=True),
    )
