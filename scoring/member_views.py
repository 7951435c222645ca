"""Scoring: a panellist's own pages: the bids they score, the rubric sheet, and checking before
submitting.

Every page fetches the membership with panels.access.get_member_for (404 for anyone else) and the
bid only through panels.access.bids_for, so nothing of a bid they may not open is shown. They show
the member's own sheet and nothing of anyone else's: no other score, reason or figure (blind).
Thin: parse, call one service in scoring.services, render.

Never lose work: a save from an out-of-date page shows what is saved now beside what was typed (the
typed text stays in the form); a visitor whose session ran out while typing has their typing kept
in the session through the log-in and put back in the form.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.models import Stage
from panels import access
from scoring import reasons, services
from scoring.member_display import (
    bid_name,
    deadline_text,
    descriptor,
    label,
    questions,
    saved_value,
)
from scoring.member_forms import FIELD, SheetForm, SubmitForm, initial_from
from scoring.models import REASON_MAX, Deadline, ScoreSheet, SheetStatus
from training.gating import readiness

KEPT = "scoring.kept:"  # + the sheet's path: what someone typed as their session ran out
KEPT_MAX_CHARS = 200_000  # far more than a whole sheet; anything bigger is not a form's typing

STATUS_LABELS = {
    "not_started": "Not started",
    SheetStatus.DRAFT: "In progress",
    SheetStatus.SUBMITTED: "Submitted",
    SheetStatus.WITHDRAWN: "Set aside because of a conflict",
}


def _member(request, member_pk):
    return access.get_member_for(request.user, member_pk)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _deadline(round_):
    return Deadline.objects.filter(round=round_).first()


def _sheet_for(member, bid_pk):
    return (
        ScoreSheet.objects.filter(assignment__member=member, assignment__bid_id=bid_pk)
        .select_related("assignment__bid__lot")
        .first()
    )


def _find(member, bid_pk):
    """(bid, sheet or None). A bid the member may not open is a 404, unless their sheet for it
    was set aside for a conflict: that sheet's page says so, and shows nothing of the bid."""
    sheet = _sheet_for(member, bid_pk)
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        return sheet.bid, sheet
    bid = access.bids_for(member).select_related("lot").filter(pk=bid_pk).first()
    if bid is None:
        raise Http404("No such bid")
    return bid, sheet


# The panellist's scoring dashboard -----------------------------------------------------------------


@dataclass
class BidRow:
    bid: object
    name: str
    status: str
    label: str
    sheet: object = None
    can_open: bool = False


@login_required
@require_GET
def dashboard(request, member_pk):
    member = _member(request, member_pk)
    round_ = member.panel.round
    sheets = {
        s.assignment.bid_id: s
        for s in ScoreSheet.objects.filter(assignment__member=member).select_related(
            "assignment__bid__lot"
        )
    }
    bids = list(access.bids_for(member).select_related("lot").order_by("lot__number", "number"))
    shown = {b.pk for b in bids}
    bids += [s.bid for pk, s in sheets.items() if pk not in shown and s.status == "withdrawn"]
    todo = [item for item in readiness(member) if not item.done] if member.scores else []
    scoring_open = round_.stage == Stage.SCORING and member.scores and not todo
    lots: dict = {}
    for bid in sorted(bids, key=lambda b: (b.lot.number, b.number)):
        sheet = sheets.get(bid.pk)
        status = sheet.status if sheet is not None else "not_started"
        row = BidRow(
            bid=bid,
            name=bid_name(bid, round_),
            status=status,
            label=STATUS_LABELS[status],
            sheet=sheet,
            can_open=sheet is not None or bool(scoring_open),
        )
        lots.setdefault(bid.lot, []).append(row)
    rows = [row for group in lots.values() for row in group]
    counted = [r for r in rows if r.status != SheetStatus.WITHDRAWN]
    just_submitted = None
    wanted = request.GET.get("submitted", "")
    if wanted.isdigit():
        just_submitted = next(
            (r for r in rows if r.bid.pk == int(wanted) and r.status == SheetStatus.SUBMITTED),
            None,
        )
    deadline = _deadline(round_)
    return render(
        request,
        "scoring/member/dashboard.html",
        {
            "member": member,
            "round": round_,
            "lots": list(lots.items()),
            "scored": sum(1 for r in counted if r.status == SheetStatus.SUBMITTED),
            "expected": len(counted),
            "todo": todo,
            "deadline": deadline,
            "deadline_text": deadline_text(deadline),
            "deadline_passed": deadline is not None and timezone.now() > deadline.due_at,
            "just_submitted": just_submitted,
            "before_scoring": round_.stage in (Stage.DRAFT, Stage.INDUCTION),
            "after_scoring": round_.stage not in (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING),
        },
    )


# The sheet -----------------------------------------------------------------------------------------


def _kept(request):
    """What this visitor typed on this sheet as their session ran out, if anything (once)."""
    return request.session.pop(KEPT + request.path, None)


def _keep_for_login(request):
    """An anonymous visitor (a session that ran out while typing): keep what they posted in the
    session, not the database, and send them to log in and back here."""
    if request.method == "POST":
        kept = {
            name: value
            for name, value in request.POST.items()
            if FIELD.match(name) or name == "version"
        }
        if sum(len(v) for v in kept.values()) <= KEPT_MAX_CHARS:
            request.session[KEPT + request.path] = kept
    if _wants_json(request):
        return JsonResponse(
            {
                "signed_out": True,
                "message": "You have been logged out. Press Save to log in again: what you "
                "typed will be kept.",
            },
            status=401,
        )
    return redirect_to_login(request.path)


def _page(request, member, bid, sheet, form, *, status=200, **extra):
    round_ = member.panel.round
    criteria = extra.pop("criteria")
    answers = {a.criterion_id: a.text for a in bid.answers.all()}
    conflict = extra.get("conflict")
    conflict_rows = (
        {row.criterion_id: row for row in conflict.scores.all()} if conflict is not None else None
    )
    deadline = _deadline(round_)
    shown = questions(form, criteria, bid, answers, conflict_rows)
    # A refused save shows the form again whatever the sheet's state, so no typing is lost.
    editable = extra.pop("keep_form", False) or (
        sheet.editable and round_.stage == Stage.SCORING and member.scores
    )
    return render(
        request,
        "scoring/member/sheet.html",
        {
            "member": member,
            "round": round_,
            "bid": bid,
            "blind": round_.blind_review,
            "name": bid_name(bid, round_),
            "sheet": sheet,
            "form": form,
            "version": extra.pop("version", sheet.version),
            "questions": shown,
            "editable": editable,
            "documents": list(bid.documents.all()),
            "reading_help": list(bid.reading_help.all()),
            "clarifications": list(bid.clarifications.all()),
            "deadline_text": deadline_text(deadline),
            "deadline_passed": deadline is not None and timezone.now() > deadline.due_at,
            "reason_max": REASON_MAX,
            "reason_max_text": f"{REASON_MAX:,}",
            "changed": [q for q in shown if q.differs],
            **extra,
        },
        status=status,
    )


def _cannot_open(request, member, bid, error):
    round_ = member.panel.round
    stage_closed = round_.stage != Stage.SCORING
    return render(
        request,
        "scoring/member/cannot_open.html",
        {
            "member": member,
            "round": round_,
            "name": bid_name(bid, round_),
            "message": " ".join(error.messages),
            "stage_closed": stage_closed,
            "not_ready": not stage_closed and member.scores,
        },
        status=409 if stage_closed else 403,
    )


@require_http_methods(["GET", "POST"])
def sheet(request, member_pk, bid_pk):
    if not request.user.is_authenticated:
        return _keep_for_login(request)
    member = _member(request, member_pk)
    round_ = member.panel.round
    bid, sheet = _find(member, bid_pk)
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        if _wants_json(request):
            return _refused_json(sheet.withdrawn_reason or "This sheet was set aside.")
        return render(
            request,
            "scoring/member/withdrawn.html",
            {"member": member, "round": round_, "sheet": sheet, "name": bid_name(bid, round_)},
        )
    if sheet is None:
        try:
            sheet = services.open_sheet(member, bid, by=request.user)
        except ValidationError as error:
            if _wants_json(request):
                return _refused_json(" ".join(error.messages))
            return _cannot_open(request, member, bid, error)
    criteria = list(services.criteria_for(bid))
    if request.method == "POST":
        return _save(request, member, bid, sheet, criteria)
    kept = _kept(request)
    if kept is not None and sheet.editable:
        form = SheetForm(initial={**initial_from(sheet.scores.all()), **kept}, criteria=criteria)
        version = kept.get("version") or sheet.version
        return _page(
            request, member, bid, sheet, form, criteria=criteria, version=version, restored=True
        )
    form = SheetForm(initial=initial_from(sheet.scores.all()), criteria=criteria)
    return _page(request, member, bid, sheet, form, criteria=criteria)


def _refused_json(message):
    return JsonResponse({"errors": {"__all__": [message]}, "message": message}, status=400)


def _errors_json(form, status=400):
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    first = next(iter(errors.values()), ["Something was wrong with the sheet."])[0]
    return JsonResponse({"errors": errors, "message": first}, status=status)


def _save(request, member, bid, sheet, criteria):
    form = SheetForm(request.POST, criteria=criteria)
    conflict = None
    saved = None
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if version is None:  # a page without its version: never guess, show both
                raise services.EditConflict(ScoreSheet.objects.get(pk=sheet.pk))
            try:
                saved = services.save_draft(
                    sheet, by=request.user, entries=form.entries(), version=version
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
        except services.EditConflict as edit_conflict:
            conflict = edit_conflict.sheet
    if saved is not None:
        saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M")
        if _wants_json(request):
            return JsonResponse({"ok": True, "version": saved.version, "saved_at": saved_at})
        if request.POST.get("action") == "check":
            return redirect("scoring:check", member.pk, bid.pk)
        messages.success(request, f"Your sheet is saved ({saved_at}). Come back to it at any time.")
        return redirect("scoring:sheet", member.pk, bid.pk)
    if conflict is not None:
        if _wants_json(request):
            return JsonResponse(
                {
                    "conflict": True,
                    "message": "This sheet was changed in another tab or on another device. "
                    "Press Save to see both.",
                },
                status=409,
            )
        return _page(
            request,
            member,
            bid,
            sheet,
            form,
            criteria=criteria,
            status=409,
            conflict=conflict,
            version=conflict.version,
            conflict_submitted=conflict.status == SheetStatus.SUBMITTED,
            keep_form=True,
        )
    if _wants_json(request):
        return _errors_json(form)
    sheet.refresh_from_db()
    return _page(
        request,
        member,
        bid,
        sheet,
        form,
        criteria=criteria,
        status=400,
        keep_form=True,
        version=request.POST.get("version", ""),  # the page's own: a later save still checks it
    )


# Check your answers, then submit -------------------------------------------------------------------


def _rows(sheet, criteria, bid):
    saved = {row.criterion_id: row for row in sheet.scores.all()}
    rows = []
    for number, criterion in enumerate(criteria, 1):
        row = saved.get(criterion.pk)
        value = saved_value(row)
        reason = row.reason if row is not None else ""
        rows.append(
            {
                "number": number,
                "criterion": criterion,
                "label": label(criterion, value),
                "reason": reason,
                "flags": reasons.flags_for(
                    reason, descriptor(criterion, value), own_alias=bid.alias
                ),
            }
        )
    return rows


def _check_page(request, member, bid, sheet, *, problem="", status=200):
    round_ = member.panel.round
    criteria = list(services.criteria_for(bid))
    missing = services.missing_answers(sheet)
    sheet_url = reverse("scoring:sheet", args=[member.pk, bid.pk])
    deadline = _deadline(round_)
    passed = deadline is not None and timezone.now() > deadline.due_at
    return render(
        request,
        "scoring/member/check.html",
        {
            "member": member,
            "round": round_,
            "bid": bid,
            "name": bid_name(bid, round_),
            "sheet": sheet,
            "rows": _rows(sheet, criteria, bid),
            "missing": [
                (f"{sheet_url}#id_{key}{'_0' if key.endswith('_score') else ''}", message)
                for key, message in missing.items()
            ],
            "sheet_url": sheet_url,
            "problem": problem,
            "deadline_text": deadline_text(deadline),
            "deadline_passed": passed,
            "can_submit": not missing and not passed,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request, member_pk, bid_pk):
    member = _member(request, member_pk)
    bid, sheet = _find(member, bid_pk)
    if request.method == "GET":
        if sheet is None or not sheet.editable or member.panel.round.stage != Stage.SCORING:
            return redirect("scoring:sheet", member.pk, bid.pk)
        return _check_page(request, member, bid, sheet)
    if sheet is None:
        return redirect("scoring:sheet", member.pk, bid.pk)
    form = SubmitForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    try:
        services.submit(sheet, by=request.user, version=version)
    except services.EditConflict:
        messages.warning(
            request,
            "This sheet was changed in another tab or on another device after you opened the "
            "check page. Here it is as it is saved now: check it again before you submit.",
        )
        return redirect("scoring:sheet", member.pk, bid.pk)
    except ValidationError as error:
        sheet.refresh_from_db()
        if not sheet.editable:
            messages.error(request, " ".join(error.messages))
            return redirect("scoring:sheet", member.pk, bid.pk)
        problem = "" if hasattr(error, "error_dict") else " ".join(error.messages)
        return _check_page(request, member, bid, sheet, problem=problem, status=409)
    return redirect(f"{reverse('scoring:dashboard', args=[member.pk])}?submitted={bid.pk}")
