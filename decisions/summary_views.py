"""Assessment summaries for bidders (procurement rounds only; a grant round has none: 404).

Officers and auditors read the list and each bidder's printable page once the round is decided
(before that, a plain "not yet" page). Only the officer downloads every summary in one HTML file:
a POST, recorded in the trail, that still works after publication. While any reason is missing,
the pages and the download list exactly what is missing instead. Thin: decisions.summaries builds,
these render.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from commissioning import access
from commissioning.final import recorded_download
from commissioning.models import Mode
from decisions import common_views as common
from decisions import summaries


def _round(request, pk):
    round_ = common.read_round(request, pk)
    if round_.mode != Mode.PROCUREMENT:
        raise Http404("Only a procurement round has assessment summaries")
    return round_


def _not_yet(request, round_, status=200):
    return render(request, "decisions/summaries_not_yet.html", {"round": round_}, status=status)


def _list(request, round_, report, status=200, error=""):
    return render(
        request,
        "decisions/summaries.html",
        {
            "round": round_,
            "report": report,
            "refusal": summaries.refusal(report) if report.problems else "",
            "error": error,
            "is_officer": access.MANAGE in round_.user_perms,
        },
        status=status,
    )


@login_required
@require_GET
def summaries_page(request, pk):
    round_ = _round(request, pk)
    if round_.stage not in summaries.STAGES:
        return _not_yet(request, round_)
    return _list(request, round_, summaries.build(round_))


@login_required
@require_GET
def summary(request, pk, bid_pk):
    round_ = _round(request, pk)
    bid = common.round_bid(round_, bid_pk)
    if round_.stage not in summaries.STAGES:
        return _not_yet(request, round_)
    report = summaries.build(round_)
    if report.problems:
        return _list(request, round_, report)
    return render(
        request,
        "decisions/summary.html",
        {"round": round_, "s": report.get(bid.pk)},
    )


@login_required
@recorded_download
@require_POST
def download(request, pk):
    round_ = _round(request, pk)
    if round_.stage not in summaries.STAGES:
        return _not_yet(request, round_, status=400)
    report = summaries.build(round_)
    try:
        summaries.record_download(round_, by=request.user, report=report)
    except ValidationError as error:
        return _list(request, round_, report, status=400, error=" ".join(error.messages))
    html = render_to_string(
        "decisions/summaries_download.html", {"round": round_, "report": report}
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-summaries-round-{round_.pk}.html"'
    )
    return response
