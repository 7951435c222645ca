"""Scoring: the officer's pages. Progress (who has submitted what, the deadline, reminders sent)
answers the round's officer and auditor; setting the deadline needs the officer. Statuses only:
officers never see a sheet's scores here.
"""

from collections import OrderedDict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commissioning import access
from commissioning.models import Stage
from config.clock import day_at
from config.views import call_service, render_form
from scoring import progress as sheet_progress
from scoring import services, tables
from scoring.forms import DeadlineForm
from scoring.models import Deadline, Reminder

DEADLINE_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING)


def _round(request, pk, perm=access.MANAGE):
    return access.get_round_for(request.user, pk, perm)


def reminder_slots(deadline, sent, now) -> list[dict]:
    """Each planned reminder with its time and whether it has gone."""
    if deadline is None:
        return []
    slots = []
    for hours in deadline.reminder_hours:
        at = deadline.due_at - timedelta(hours=hours)
        log = sent.get((deadline.due_at, hours))
        slots.append({"hours": hours, "at": at, "sent": log, "passed": at <= now})
    return slots


def _sent_log(round_) -> "OrderedDict[tuple, dict]":
    """Reminders sent, one entry per deadline and reminder time: when, to whom, how many sheets."""
    log = OrderedDict()
    rows = Reminder.objects.filter(assignment__bid__lot__round=round_).select_related(
        "assignment__member__user"
    )
    for reminder in rows.order_by("-due_at", "hours_before", "sent_at"):
        entry = log.setdefault(
            (reminder.due_at, reminder.hours_before),
            {
                "due_at": reminder.due_at,
                "hours": reminder.hours_before,
                "sent_at": reminder.sent_at,
                "members": {},
                "sheets": 0,
            },
        )
        entry["sheets"] += 1
        entry["members"][reminder.assignment.member_id] = reminder.assignment.member.user
    return log


@login_required
@require_GET
def progress(request, pk):
    round_ = _round(request, pk, access.ANY)
    panels = list(round_.panels.select_related("lot"))
    table = sheet_progress.table(round_)
    deadline = Deadline.objects.filter(round=round_).select_related("set_by").first()
    log = _sent_log(round_)
    now = timezone.now()
    return render(
        request,
        "scoring/officer/progress.html",
        {
            "round": round_,
            "parts": tables.by_panel(table, panels),
            "submitted": table.submitted,
            "expected": table.expected,
            "deadline": deadline,
            "deadline_passed": deadline is not None and deadline.due_at <= now,
            "slots": reminder_slots(deadline, log, now),
            "sent": list(log.values()),
            "can_manage": access.MANAGE in round_.user_perms,
            "can_set_deadline": round_.stage in DEADLINE_STAGES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline(request, pk):
    round_ = _round(request, pk)
    if round_.stage not in DEADLINE_STAGES:
        return render(request, "scoring/officer/closed.html", {"round": round_}, status=409)
    current = Deadline.objects.filter(round=round_).first()
    initial = {"reminder_hours": "72, 24"}
    if current is not None:
        local = timezone.localtime(current.due_at)
        initial = {
            "due_date": local.date(),
            "due_time": local.time().replace(second=0, microsecond=0),
            "reminder_hours": ", ".join(str(h) for h in current.reminder_hours),
        }
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, saved = call_service(
            form,
            services.set_deadline,
            round_,
            by=request.user,
            due_at=form.cleaned_data["due_at"],
            reminder_hours=form.cleaned_data["reminder_hours"],
        )
        if ok:
            messages.success(request, f"Scoring closes on {day_at(saved.due_at)}.")
            return redirect("scoring:progress", round_.pk)
    return render_form(
        request,
        "scoring/officer/deadline.html",
        form,
        round=round_,
        current=current,
    )
