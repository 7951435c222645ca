"""The chair's results pages: their lots' results and what the meeting changed, read-only, and
the panel's advice to the officers on each lot. Reached through the chair's own membership (an
active chair, the round at consensus or later), 404 for anyone else. Thin: read, call
decisions.awards.save_advice, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bids.models import Bid
from config.views import call_service, render_form
from decisions import awards, policy
from decisions import common_views as common
from decisions.forms import AdviceForm
from decisions.impact import moderation_impact
from decisions.impact_views import impact_lots
from decisions.results import lot_results, round_results
from panels.access import shows_price


def _context(member, **extra):
    return {"member": member, "round": member.panel.round, "is_chair": True, **extra}


def _lot_ids(member) -> set[int]:
    return set(member.panel.lots().values_list("pk", flat=True))


@login_required
@require_GET
def chair_results(request, member_pk):
    member = common.chair(request, member_pk)
    round_ = member.panel.round
    mine = _lot_ids(member)
    lots = [lr for lr in round_results(round_) if lr.lot.pk in mine]
    return render(
        request,
        "decisions/chair_results.html",
        _context(
            member,
            lots=common.lots_context(lots),
            method=common.method(round_, lots),
            open=round_.stage in policy.WRITE_STAGES,
            # The chair is on the panel: in a procurement round that scores price apart, the
            # panel never sees prices (DESIGN.md section 6), here included.
            hide_price=not shows_price(round_),
        ),
    )


@login_required
@require_GET
def chair_bid(request, member_pk, bid_pk):
    """How one bid's total is worked out, for the chair of its lot: a page of its own, since a
    lot of a hundred bids would make the results page thousands of rows long."""
    member = common.chair(request, member_pk)
    round_ = member.panel.round
    bid_ = get_object_or_404(Bid.objects.select_related("lot"), pk=bid_pk, lot__in=_lot_ids(member))
    result = lot_results(bid_.lot).for_bid(bid_.pk)
    return render(
        request,
        "decisions/bid.html",
        _context(
            member,
            bid=bid_,
            r=result,
            can_write=False,
            chair_view=True,
            hide_price=not shows_price(round_),
        ),
    )


@login_required
@require_GET
def chair_impact(request, member_pk):
    member = common.chair(request, member_pk)
    mine = _lot_ids(member)
    lots = [lot for lot in moderation_impact(member.panel.round) if lot.lot.pk in mine]
    return render(request, "decisions/chair_impact.html", _context(member, lots=impact_lots(lots)))


@login_required
@require_http_methods(["GET", "POST"])
def advice(request, member_pk, lot_pk):
    member = common.chair(request, member_pk)
    lot = common.chair_lot(member, lot_pk)
    if not policy.is_chair(request.user, lot):
        raise Http404("Not this lot's chair")
    current = getattr(lot, "panel_advice", None)  # None when not written yet
    form = AdviceForm(
        request.POST if request.method == "POST" else None,
        initial={"text": current.text} if current else None,
    )
    open_ = lot.round.stage in policy.WRITE_STAGES
    if request.method == "POST" and open_ and form.is_valid():
        try:
            ok, _ = call_service(
                form, awards.save_advice, lot, by=request.user, text=form.cleaned_data["text"]
            )
        except PermissionDenied as denied:  # pragma: no cover - checked above
            raise Http404 from denied
        if ok:
            messages.success(request, f"The panel's advice on {lot} is saved.")
            url = reverse("decisions:chair_results", args=[member.pk])
            return redirect(f"{url}#lot-{lot.number}")
    return render_form(
        request,
        "decisions/advice.html",
        form,
        status_on_error=400,
        **_context(member, lot=lot, current=current, open=open_),
    )
