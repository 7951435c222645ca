"""Scoring: the chair's pages. The chair does not score; they see who has submitted what, read every
submitted sheet of their panel, and may reopen one with a reason.

Every page fetches the membership with panels.access.get_member_for and then insists it is an active
chair's (404 for anyone else, officers and other panels' chairs included). Sheets are fetched
through the chair's own panel, so another panel's sheet is a 404 too. A sheet's scores are shown
only once it is submitted: a draft's contents belong to the panellist until then.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.models import Stage
from config.views import call_service, render_form
from panels import access as panel_access
from panels.models import MemberStatus, Outcome, Role
from scoring import notify, services, tables
from scoring import progress as sheet_progress
from scoring.forms import ReopenForm
from scoring.models import Deadline, ScoreSheet, SheetStatus
from scoring.reasons import flags_for

REOPEN_STAGES = (Stage.SCORING, Stage.CONSENSUS)
ALLOWING = (Outcome.CLEAR, Outcome.ALLOWED)


def _chair(request, member_pk):
    member = panel_access.get_member_for(request.user, member_pk)
    if member.role != Role.MODERATOR or member.status != MemberStatus.ACTIVE:
        raise Http404("Not a chair")
    return member


def _sheet(chair, sheet_pk) -> ScoreSheet:
    """A sheet of the chair's panel, for a bid the chair has declared no conflict with: the chair
    is a member like the others, so a conflicted (or undeclared) bid's sheets are a 404."""
    sheets = ScoreSheet.objects.filter(
        assignment__member__panel=chair.panel,
        assignment__bid__declarations__member=chair,
        assignment__bid__declarations__current=True,
        assignment__bid__declarations__outcome__in=ALLOWING,
    ).select_related("assignment__member__user", "assignment__bid__lot")
    return get_object_or_404(sheets, pk=sheet_pk)


def _context(chair, **extra):
    round_ = chair.panel.round
    return {"member": chair, "round": round_, "blind": round_.blind_review, **extra}


def can_reopen(sheet, round_) -> bool:
    return sheet.status == SheetStatus.SUBMITTED and round_.stage in REOPEN_STAGES


def _sheet_url(chair):
    """A function giving the chair's address for a sheet: one reverse() for a grid of
    thousands of cells."""
    prefix = reverse("scoring:chair_sheet", args=[chair.pk, 0]).removesuffix("0/")
    return lambda sheet_pk: f"{prefix}{sheet_pk}/"


@login_required
@require_GET
def progress(request, member_pk):
    chair = _chair(request, member_pk)
    round_ = chair.panel.round
    table = sheet_progress.table(round_, panel=chair.panel)
    return render(
        request,
        "scoring/chair/progress.html",
        _context(
            chair,
            table=tables.shape(table, sheet_url=_sheet_url(chair)),
            deadline=Deadline.objects.filter(round=round_).first(),
        ),
    )


@login_required
@require_GET
def sheet(request, member_pk, sheet_pk):
    chair = _chair(request, member_pk)
    round_ = chair.panel.round
    sheet = _sheet(chair, sheet_pk)
    items = []
    if sheet.status == SheetStatus.SUBMITTED:
        items = _items(sheet, round_)
    return render(
        request,
        "scoring/chair/sheet.html",
        _context(
            chair,
            sheet=sheet,
            bid=sheet.assignment.bid,
            panellist=sheet.assignment.member,
            items=items,
            flagged=sum(1 for item in items if item["flags"]),
            can_reopen=can_reopen(sheet, round_),
        ),
    )


def _items(sheet, round_) -> list[dict]:
    """Each criterion with the panellist's score, what that score means, their reason and any
    gentle flags on it (three queries whatever the size of the rubric)."""
    bid = sheet.assignment.bid
    scores = {s.criterion_id: s for s in sheet.scores.all()}
    items = []
    for criterion in services.criteria_for(bid):
        row = scores.get(criterion.pk)
        descriptors = {d.score: d for d in criterion.descriptors.all()}
        meaning = ""
        if row is not None and row.score is not None:
            descriptor = descriptors.get(row.score)
            meaning = descriptor.text_plain if descriptor else ""
        reason = row.reason if row else ""
        items.append(
            {
                "criterion": criterion,
                "score": row,
                "meaning": meaning,
                "flags": flags_for(
                    reason, meaning, own_alias=bid.alias if round_.blind_review else ""
                ),
            }
        )
    return items


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, member_pk, sheet_pk):
    chair = _chair(request, member_pk)
    round_ = chair.panel.round
    sheet = _sheet(chair, sheet_pk)
    context = _context(
        chair, sheet=sheet, bid=sheet.assignment.bid, panellist=sheet.assignment.member
    )
    if not can_reopen(sheet, round_):
        return render(request, "scoring/chair/cannot_reopen.html", context, status=409)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            ok, reopened = call_service(
                form, services.reopen, sheet, by=request.user, reason=reason
            )
            if ok:
                sheet_url = request.build_absolute_uri(
                    reverse(
                        "scoring:sheet", args=[sheet.assignment.member_id, sheet.assignment.bid_id]
                    )
                )
                notify.sheet_reopened(reopened, reason=reason, sheet_url=sheet_url)
        if ok:
            messages.success(
                request,
                f"{sheet.assignment.member.user}'s sheet is reopened. We have emailed them your "
                "reason; the sheet counts again once they submit it.",
            )
            return redirect("scoring:chair_progress", chair.pk)
    return render_form(request, "scoring/chair/reopen.html", form, **context)
