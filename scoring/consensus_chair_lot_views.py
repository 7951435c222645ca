"""The consensus meeting: what the chair does for a whole lot. Confirming the record for a member
who tells them in the room, and the meeting's arrangements. The chair's pages (lots, agenda, bid)
are scoring/consensus_chair_views.py's; what the chair does to one agenda item is
scoring/consensus_chair_item_views.py's; who reaches any of them is scoring/consensus_chair_access.py's.
Thin: parse, call one service in scoring.consensus or scoring.meeting, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.models import Stage
from config.views import call_service
from scoring import consensus
from scoring import consensus_chair_access as access
from scoring import consensus_policy as policy
from scoring import meeting as meetings
from scoring.consensus_forms import ConfirmForMemberForm, MeetingForm
from scoring.models import Meeting

# Confirming for a member ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def confirm_for(request, member_pk, lot_pk, other_pk):
    chair = access.chair(request, member_pk)
    lot = access.lot(chair, lot_pk)
    other = get_object_or_404(policy.lot_members(lot), pk=other_pk)
    round_ = lot.round
    if round_.stage not in policy.READ_STAGES:
        return access.not_open(request, chair, lot=lot)
    state = consensus.lot_record(lot)
    present = {m.pk for m in state.present}
    current = state.confirmations.get(other.pk)
    blocked = ""
    if round_.stage != Stage.CONSENSUS:
        blocked = "The meeting is over, so the record can no longer be confirmed."
    elif not state.complete:
        blocked = (
            f"The record is not finished: {len(state.missing)} item"
            f"{'s' if len(state.missing) != 1 else ''} still need an agreed score. Members "
            "confirm the whole record once every item has one."
        )
    elif other.pk not in present:
        blocked = (
            f"{other.user.display_name} was not recorded as present for any item, so they do "
            "not confirm this record."
        )
    context = access.context(chair, lot=lot, other=other, current=current, blocked=blocked)
    if blocked:
        status = 409 if request.method == "POST" else 200
        return render(request, "scoring/consensus/chair_confirm_for.html", context, status=status)
    initial = {}
    if current is not None:
        initial = {"agrees": "yes" if current.agrees else "no", "dissent": current.dissent}
    form = ConfirmForMemberForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            consensus.confirm,
            lot,
            other,
            by=request.user,
            agrees=form.cleaned_data["agrees"],
            dissent=form.cleaned_data["dissent"],
        )
        if ok:
            messages.success(
                request,
                f"{other.user.display_name}'s answer is recorded, noted as recorded by you for "
                "them.",
            )
            return redirect("scoring:consensus_agenda", chair.pk, lot.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "scoring/consensus/chair_confirm_for.html",
        {**context, "form": form},
        status=status,
    )


# The meeting's arrangements ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, member_pk, lot_pk):
    chair = access.chair(request, member_pk)
    lot = access.lot(chair, lot_pk)
    current = Meeting.objects.filter(lot=lot).first()
    context = access.context(chair, lot=lot, current=current)
    if lot.round.stage not in meetings.PLANNING_STAGES:
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "scoring/consensus/chair_meeting.html",
            {**context, "over": True},
            status=status,
        )
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(current),
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, meetings.set_meeting, lot, by=request.user, **form.arrangements()
        )
        if ok:
            told = lot.round.stage == Stage.CONSENSUS
            messages.success(
                request,
                "The meeting is saved."
                + (" Members have been emailed the details." if told else "")
                + " They see it on their meeting page.",
            )
            return redirect("scoring:consensus_lots", chair.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "scoring/consensus/chair_meeting.html", {**context, "form": form}, status=status
    )
