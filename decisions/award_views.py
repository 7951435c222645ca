"""The officer's decision on one bid (awarded with an amount, reserve or not funded, and a reason
when it passes over a higher-ranked bid), and the order of bids the round's rule leaves tied (by
an officer or the lot's chair). Thin: parse, call decisions.awards, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning import access
from commissioning.models import Round
from config.views import call_service, render_form
from decisions import awards, policy
from decisions import common_views as common
from decisions.forms import AwardForm, TieForm
from decisions.models import Decision
from decisions.results import lot_results
from scoring import consensus_policy


def _results_url(round_, lot) -> str:
    return reverse("decisions:results", args=[round_.pk]) + f"#lot-{lot.number}"


def would_pass_over(lot, mine) -> list:
    """The eligible bids ranked above `mine` with no award: an award to `mine` passes over them."""
    if mine.rank is None:
        return []
    return [
        r
        for r in lot.bids
        if r.rank is not None
        and r.rank < mine.rank
        and (r.award is None or r.award.decision != Decision.AWARDED)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def award(request, pk, bid_pk):
    round_ = common.officer_round(request, pk)
    bid = common.round_bid(round_, bid_pk)
    if not common.readable(round_):
        raise Http404("No results yet")
    lot = lot_results(bid.lot)
    mine = lot.for_bid(bid.pk)
    passes_over = would_pass_over(lot, mine)
    current = mine.award
    initial = {}
    if current is not None:
        initial = {"decision": current.decision, "amount": current.amount, "reason": current.reason}
    form = AwardForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        reason_needed=bool(passes_over),
    )
    open_ = common.can_write(round_)
    if request.method == "POST" and open_ and form.is_valid():
        data = form.cleaned_data
        ok, _ = call_service(
            form,
            awards.record_decision,
            bid,
            by=request.user,
            decision=data["decision"],
            amount=data["amount"],
            reason=data["reason"],
        )
        if ok:
            messages.success(request, f"The decision on {bid.reference} is recorded.")
            return redirect(_results_url(round_, bid.lot))
    others = lot.awarded_total - (
        current.amount if current is not None and current.decision == Decision.AWARDED else 0
    )
    return render_form(
        request,
        "decisions/award.html",
        form,
        status_on_error=400,
        round=round_,
        bid=bid,
        lot=lot,
        r=mine,
        passes_over=passes_over,
        left=lot.budget - others,
        open=open_,
    )


def _tie_access(request, pk, lot_pk):
    """The round and lot for an officer of the round or the lot's chair; 403 for an auditor, 404
    for anyone else. Returns (round, lot, the chair's membership or None)."""
    round_ = get_object_or_404(Round, pk=pk)
    lot = get_object_or_404(round_.lots, pk=lot_pk)
    lot.round = round_
    if policy.is_officer(request.user, round_):
        return round_, lot, None
    member = consensus_policy.lot_chair(request.user, lot)
    if member is not None and round_.stage in policy.READ_STAGES:
        return round_, lot, member
    if access.round_perms(request.user, round_) & access.READ:
        raise PermissionDenied("Only an officer or the panel's chair can record a tie decision.")
    raise Http404("No such round")


@login_required
@require_http_methods(["GET", "POST"])
def tie(request, pk, lot_pk):
    round_, lot, member = _tie_access(request, pk, lot_pk)
    if round_.stage not in policy.READ_STAGES:
        raise Http404("No results yet")
    results = lot_results(lot)
    groups = {}
    for r in results.bids:
        if r.tie_group:
            groups.setdefault(r.tie_group, []).append(r)
    wanted = request.POST.get("group") or request.GET.get("group")
    open_groups = [key for key, rows in groups.items() if any(r.tie_open for r in rows)]
    key = wanted if wanted in groups else (open_groups[0] if open_groups else None)
    tied = groups.get(key, [])
    form = TieForm(request.POST if request.method == "POST" else None, tied=tied) if tied else None
    back = (
        reverse("decisions:chair_results", args=[member.pk]) + f"#lot-{lot.number}"
        if member is not None
        else _results_url(round_, lot)
    )
    open_ = round_.stage in policy.WRITE_STAGES
    if request.method == "POST" and form is not None and open_ and form.is_valid():
        ok, _ = call_service(
            form,
            awards.record_tie,
            lot,
            by=request.user,
            order=form.order(),
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, f"The panel's order for the tie in {lot} is recorded.")
            return redirect(back)
    context = {
        "round": round_,
        "lot": lot,
        "tied": tied,
        "group": key,
        "reason": results.tie_reasons.get(key, ""),
        "member": member,
        "back": back,
        "open": open_,
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "decisions/tie.html", {"form": form, **context}, status=status)
