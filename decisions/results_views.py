"""A round's results for the officer (who acts on them) and the auditor (who reads them): each lot's
budget, ranking, eligibility, what is still needed and the decisions; the method; and one bid's
total worked out line by line. Thin: read through decisions.results, shape, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from decisions import common_views as common
from decisions.results import lot_results, round_results


@login_required
@require_GET
def results(request, pk):
    round_ = common.read_round(request, pk)
    if not common.readable(round_):
        return render(request, "decisions/not_yet.html", {"round": round_})
    lots = round_results(round_)
    return render(
        request,
        "decisions/results.html",
        {
            "round": round_,
            "lots": common.lots_context(lots),
            "method": common.method(round_, lots),
            "can_write": common.can_write(round_),
        },
    )


@login_required
@require_GET
def bid(request, pk, bid_pk):
    round_ = common.read_round(request, pk)
    bid_ = common.round_bid(round_, bid_pk)
    if not common.readable(round_):
        return render(request, "decisions/not_yet.html", {"round": round_})
    lot = lot_results(bid_.lot)
    result = lot.for_bid(bid_.pk)
    return render(
        request,
        "decisions/bid.html",
        {
            "round": round_,
            "bid": bid_,
            "lot": lot,
            "r": result,
            "pending": common.pending_items(result),
            "can_write": common.can_write(round_),
        },
    )
