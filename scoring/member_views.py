"""Scoring: a panellist's own pages: the bids they score and the rubric sheet (checking before
submitting is check_views.py).

Every page fetches the membership with panels.access.get_member_for (404 for anyone else), and a
bid through scoring/member_lookup.py, which asks scoring.policy once for the request whether they
may open it (404 if not, so nothing of it is shown) and may score it now; the verdict goes to the
service, which refuses whatever it refuses. They show the member's own sheet and nothing of anyone
else's: no other score, reason or figure (blind). Thin: parse, call one service, render.

Never lose work: a save from an out-of-date page shows what is saved now beside what was typed (the
typed text stays in the form); a visitor whose session ran out while typing has their typing kept
in the session through the log-in and put back in the form.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import kept as kept_typing
from bids.models import Bid
from commissioning.models import Stage
from config.clock import clock
from panels import access
from panels.models import Assignment
from scoring import services
from scoring.member_display import bid_name, deadline_text, questions
from scoring.member_forms import FIELD, SheetForm, initial_from, unanswered
from scoring.member_lookup import deadline_of, find, member_for, wants_json
from scoring.models import REASON_MAX, ScoreSheet, SheetStatus
from training.gating import readiness

STATUS_LABELS = {
    "not_started": "Not started",
    SheetStatus.DRAFT: "In progress",
    SheetStatus.SUBMITTED: "Submitted",
    SheetStatus.WITHDRAWN: "Set aside because of a conflict",
}


# The panellist's scoring dashboard -----------------------------------------------------------------


@dataclass
class BidRow:
    bid: object
    name: str
    status: str
    label: str
    sheet: object = None
    can_open: bool = False
    url: str = ""


@login_required
@require_GET
def dashboard(request, member_pk):
    member = member_for(request, member_pk)
    round_ = member.panel.round
    # A sheet with its assignment only (a panellist on a large round has hundreds); the bids come
    # from the query below, and a withdrawn sheet's bid (no longer shown there) from one more.
    sheets = {
        s.assignment.bid_id: s
        for s in ScoreSheet.objects.filter(assignment__member=member).select_related("assignment")
    }
    lots_by_pk = {lot.pk: lot for lot in round_.lots.all()}
    bids = list(access.bids_for(member).order_by("lot__number", "number"))
    shown = {b.pk for b in bids}
    withdrawn = [pk for pk, s in sheets.items() if pk not in shown and s.status == "withdrawn"]
    if withdrawn:
        bids += list(Bid.objects.filter(pk__in=withdrawn))
    for bid in bids:
        bid.lot = lots_by_pk[bid.lot_id]
    sheet_url = reverse("scoring:dashboard", args=[member.pk])  # each sheet's is this + bid/
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
            url=f"{sheet_url}{bid.pk}/",
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
    deadline = deadline_of(round_)
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
    """What this person typed on this sheet as their session ran out, once, after their log-in
    (accounts/kept.py: only theirs, only here, then gone)."""
    return kept_typing.take(request)


def _keep_for_login(request):
    """An anonymous POST (a session that ran out while typing): keep the sheet's own fields in
    the session, not the database, if the form was served to a signed-in person (its signed
    token says who and where), and send them to log in and back here."""
    if request.method == "POST":
        fields = {
            name: value
            for name, value in request.POST.items()
            if FIELD.match(name) or name == "version"
        }
        kept_typing.keep(request, fields)
    if wants_json(request):
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
    deadline = deadline_of(round_)
    missing = extra.pop("missing", None)
    if missing is None:
        missing = services.missing_answers(sheet) if sheet.pk else unanswered(criteria)
    shown = questions(form, criteria, bid, answers, conflict_rows, missing)
    # A refused save shows the form again whatever the sheet's state, so no typing is lost.
    verdict = extra.pop("verdict")
    editable = extra.pop("keep_form", False) or (sheet.editable and verdict.allowed)
    return render(
        request,
        "scoring/member/sheet.html",
        {
            "member": member,
            "round": round_,
            "bid": bid,
            "blind": round_.blind_review,
            "shows_price": access.shows_price(round_),
            "name": bid_name(bid, round_),
            "sheet": sheet,
            "form": form,
            "version": extra.pop("version", sheet.version),
            "questions": shown,
            "editable": editable,
            "why_not": verdict.reason,
            "documents": list(bid.documents.all()),
            "reading_help": list(bid.reading_help.all()),
            "clarifications": list(bid.clarifications.all()),
            "deadline_text": deadline_text(deadline),
            "deadline_passed": deadline is not None and timezone.now() > deadline.due_at,
            "reason_max": REASON_MAX,
            "reason_max_text": f"{REASON_MAX:,}",
            "changed": [q for q in shown if q.differs],
            "done": sum(1 for q in shown if q.done),
            "kept_for": kept_typing.token_for(request),
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
    member = member_for(request, member_pk)
    round_ = member.panel.round
    bid, sheet, verdict = find(member, bid_pk)
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        if wants_json(request):
            return _refused_json(sheet.withdrawn_reason or "This sheet was set aside.")
        return render(
            request,
            "scoring/member/withdrawn.html",
            {"member": member, "round": round_, "sheet": sheet, "name": bid_name(bid, round_)},
        )
    if sheet is None:
        # A GET never writes: it shows the empty form of a sheet not yet started (a crawler or a
        # link preview leaves no trace). The first save starts it (open_sheet), then saves.
        try:
            if request.method == "POST":
                sheet = services.open_sheet(member, bid, by=request.user, verdict=verdict)
            else:
                verdict.check()
                sheet = ScoreSheet(assignment=Assignment(member=member, bid=bid))
        except ValidationError as error:
            if wants_json(request):
                return _refused_json(" ".join(error.messages))
            return _cannot_open(request, member, bid, error)
    criteria = list(services.criteria_for(bid))
    if request.method == "POST":
        return _save(request, member, bid, sheet, criteria, verdict)
    saved_scores = sheet.scores.all() if sheet.pk else []
    if request.GET.get("check") and sheet.pk and sheet.editable and verdict.allowed:
        return _checked(request, member, bid, sheet, criteria, verdict, saved_scores)
    kept = _kept(request)
    if kept is not None and sheet.editable:
        form = SheetForm(initial={**initial_from(saved_scores), **kept}, criteria=criteria)
        version = kept.get("version") or sheet.version
        return _page(
            request,
            member,
            bid,
            sheet,
            form,
            criteria=criteria,
            verdict=verdict,
            version=version,
            restored=True,
        )
    form = SheetForm(initial=initial_from(saved_scores), criteria=criteria)
    return _page(request, member, bid, sheet, form, criteria=criteria, verdict=verdict)


def _checked(request, member, bid, sheet, criteria, verdict, saved_scores):
    """The sheet as saved, after "check your answers" found something missing: every problem
    beside its question, and the summary above the heading linking to each field (GOV.UK)."""
    missing = services.missing_answers(sheet)
    form = SheetForm({**initial_from(saved_scores), "version": sheet.version}, criteria=criteria)
    form.is_valid()
    for name, message in missing.items():
        form.add_error(name, message)
    return _page(
        request,
        member,
        bid,
        sheet,
        form,
        criteria=criteria,
        verdict=verdict,
        missing=missing,
        summary_intro="Your answers are saved. Answer every question, with a reason, before "
        "you submit.",
    )


def checked_url(member_pk, bid_pk) -> str:
    """The sheet showing what stops it being submitted."""
    return f"{reverse('scoring:sheet', args=[member_pk, bid_pk])}?check=1"


def _refused_json(message):
    return JsonResponse({"errors": {"__all__": [message]}, "message": message}, status=400)


def _errors_json(form, status=400):
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    first = next(iter(errors.values()), ["Something was wrong with the sheet."])[0]
    return JsonResponse({"errors": errors, "message": first}, status=status)


def _save(request, member, bid, sheet, criteria, verdict):
    """`verdict` is the request's answer from scoring.policy: WRITE for a sheet opened before,
    START for one this request opened (then save_draft asks for WRITE itself)."""
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
                    sheet, by=request.user, entries=form.entries(), version=version, verdict=verdict
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
        saved_at = clock(saved.updated_at)  # "5:03pm", as every time in the app is written
        if wants_json(request):
            return JsonResponse({"ok": True, "version": saved.version, "saved_at": saved_at})
        if request.POST.get("action") == "check":
            if services.missing_answers(saved):
                return redirect(checked_url(member.pk, bid.pk))
            return redirect("scoring:check", member.pk, bid.pk)
        messages.success(
            request, f"Your sheet is saved (at {saved_at}). Come back to it at any time."
        )
        return redirect("scoring:sheet", member.pk, bid.pk)
    if conflict is not None:
        if wants_json(request):
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
            verdict=verdict,
            status=409,
            conflict=conflict,
            version=conflict.version,
            conflict_submitted=conflict.status == SheetStatus.SUBMITTED,
            keep_form=True,
        )
    if wants_json(request):
        return _errors_json(form)
    sheet.refresh_from_db()
    return _page(
        request,
        member,
        bid,
        sheet,
        form,
        criteria=criteria,
        verdict=verdict,
        status=400,
        keep_form=True,
        version=request.POST.get("version", ""),  # the page's own: a later save still checks it
    )
