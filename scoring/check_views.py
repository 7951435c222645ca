"""Scoring: a panellist checks their answers before submitting, with gentle flags on their reasons
(scoring/reasons.py), then submits. Thin: the request's verdict from scoring.policy goes to
scoring.services.submit, which refuses whatever it refuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.forms import SummaryItem
from scoring import reasons, services
from scoring.member_display import bid_name, deadline_text, descriptor, label, saved_value
from scoring.member_forms import SubmitForm
from scoring.member_lookup import deadline_of, find, member_for
from scoring.member_views import checked_url


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
    sheet_url = reverse("scoring:sheet", args=[member.pk, bid.pk])
    deadline = deadline_of(round_)
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
            "sheet_url": sheet_url,
            "problem": problem,
            "problem_items": [SummaryItem(problem)] if problem else [],
            "deadline_text": deadline_text(deadline),
            "deadline_passed": passed,
            "can_submit": not passed,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request, member_pk, bid_pk):
    member = member_for(request, member_pk)
    bid, sheet, verdict = find(member, bid_pk)
    if request.method == "GET":
        if sheet is None or not sheet.editable or not verdict:
            return redirect("scoring:sheet", member.pk, bid.pk)
        if services.missing_answers(sheet):  # shown beside each question on the sheet itself
            return redirect(checked_url(member.pk, bid.pk))
        return _check_page(request, member, bid, sheet)
    if sheet is None:
        return redirect("scoring:sheet", member.pk, bid.pk)
    form = SubmitForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    try:
        services.submit(sheet, by=request.user, version=version, verdict=verdict)
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
        if hasattr(error, "error_dict"):  # answers missing: shown on the sheet, beside each
            return redirect(checked_url(member.pk, bid.pk))
        return _check_page(
            request, member, bid, sheet, problem=" ".join(error.messages), status=409
        )
    return redirect(f"{reverse('scoring:dashboard', args=[member.pk])}?submitted={bid.pk}")
