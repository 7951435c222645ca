"""The consensus meeting: the officer's pages. The overview answers the round's officer and
auditor (read-only for the auditor); arranging a meeting and naming a deputy chair need the officer.
Per-member leniency is a diagnostic for the officer (and the chair) only, never in any total.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bids.models import Bid, BidStatus
from commissioning import access
from config.views import call_service, render_form
from panels.models import Role
from scoring import consensus
from scoring import consensus_policy as policy
from scoring import meeting as meetings
from scoring.agenda import chairable_bids
from scoring.consensus_forms import DeputyForm, MeetingForm
from scoring.models import Attendance, Deputy, Meeting
from scoring.statistics import lot_statistics


def _round(request, pk, perm=access.MANAGE):
    return access.get_round_for(request.user, pk, perm)


def _lot_summary(lot, *, with_leniency: bool) -> dict:
    """What the overview shows of one lot: a fixed number of queries however many bids."""
    state = consensus.lot_record(lot)
    members = list(policy.lot_members(lot))
    chair = next((m for m in members if m.role == Role.MODERATOR), None)
    chaired = chairable_bids(chair, lot) if chair is not None else set()
    deputies = {
        d.bid_id: d for d in Deputy.objects.filter(bid__lot=lot).select_related("member__user")
    }
    needs_deputy = [
        {"bid": bid, "deputy": deputies.get(bid.pk)}
        for bid in policy.compliant_bids(lot)
        if bid.pk not in chaired
    ]
    stats = lot_statistics(lot)
    names = {m.pk: m.user.display_name for m in members}
    leniency = []
    if with_leniency:
        leniency = [
            {"name": names.get(pk, "A former member"), "points": points}
            for pk, points in stats.leniency.items()
        ]
    return {
        "lot": lot,
        "state": state,
        "chair": chair,
        "meeting": Meeting.objects.filter(lot=lot).first(),
        "cannot_come": list(
            Attendance.objects.filter(lot=lot, can_attend=False).select_related("member__user")
        ),
        "needs_deputy": needs_deputy,
        "stats": stats,
        "leniency": leniency,
    }


@login_required
@require_GET
def overview(request, pk):
    round_ = _round(request, pk, access.ANY)
    can_manage = access.MANAGE in round_.user_perms
    lots = [
        _lot_summary(lot, with_leniency=can_manage)
        for lot in round_.lots.select_related("rubric").order_by("number")
    ]
    return render(
        request,
        "scoring/consensus/officer_overview.html",
        {"round": round_, "lots": lots, "can_manage": can_manage},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, pk, lot_pk):
    round_ = _round(request, pk)
    lot = get_object_or_404(round_.lots, pk=lot_pk)
    current = Meeting.objects.filter(lot=lot).first()
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(current), current=current
    )
    if request.method == "POST" and form.is_valid():
        ok, saved = call_service(
            form, meetings.set_meeting, lot, by=request.user, **form.arrangements()
        )
        if ok:
            messages.success(request, f"The meeting for {lot} is set. Members have been told.")
            return redirect("scoring:consensus_overview", round_.pk)
    members = list(policy.lot_members(lot))
    attendance = {a.member_id: a for a in Attendance.objects.filter(lot=lot)}
    return render_form(
        request,
        "scoring/consensus/officer_meeting.html",
        form,
        status_on_error=400,
        round=round_,
        lot=lot,
        current=current,
        people=[{"member": m, "attendance": attendance.get(m.pk)} for m in members],
    )


@login_required
@require_http_methods(["GET", "POST"])
def deputy(request, pk, bid_pk):
    round_ = _round(request, pk)
    bid = get_object_or_404(
        Bid.objects.select_related("lot").filter(lot__round=round_, status=BidStatus.RECEIVED),
        pk=bid_pk,
    )
    candidates = policy.deputy_candidates(bid)
    current = Deputy.objects.filter(bid=bid).select_related("member__user").first()
    form = DeputyForm(
        request.POST or None,
        candidates=candidates,
        initial={"member": current.member_id} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ok, _ = call_service(
                form,
                meetings.name_deputy,
                bid,
                next(m for m in candidates if m.pk == form.cleaned_data["member"]),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as denied:  # pragma: no cover - _round already checked
            raise Http404 from denied
        if ok:
            messages.success(request, f"{bid.reference} now has a deputy chair.")
            return redirect("scoring:consensus_overview", round_.pk)
    return render_form(
        request,
        "scoring/consensus/officer_deputy.html",
        form,
        status_on_error=400,
        round=round_,
        bid=bid,
        current=current,
        candidates=candidates,
    )
