"""The officer's checks and scores for one bid: every pass/fail check and officer-scored criterion
in one form, and the price criterion as worked out from the bid. Each answered item is saved
through decisions.checks; if any is refused, nothing is saved and every problem is shown beside its
field, with everything typed kept (400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.models import Criterion, CriterionKind, OfficerMethod
from config.views import render_form
from decisions import checks, policy
from decisions import common_views as common
from decisions.forms import FAIL, PASS, ChecksForm
from decisions.models import OfficerCheck, OfficerScore
from decisions.results import lot_results

NOTHING = "Answer at least one check or score, with its reason."


def _initial(bid) -> dict:
    initial = {}
    for c in OfficerCheck.objects.filter(bid=bid):
        initial[f"passed_{c.criterion_id}"] = PASS if c.passed else FAIL
        initial[f"reason_{c.criterion_id}"] = c.reason
    for s in OfficerScore.objects.filter(bid=bid):
        initial[f"score_{s.criterion_id}"] = str(s.score)
        initial[f"reason_{s.criterion_id}"] = s.reason
    return initial


def _save(form, bid, by) -> bool:
    """Every answered item through its service, all or nothing."""
    answered = form.answered()
    if not answered:
        form.add_error(None, NOTHING)
        return False
    with transaction.atomic():
        for kind, criterion, value, reason in answered:
            service = checks.answer_check if kind == "check" else checks.score_criterion
            answer = {"passed": value} if kind == "check" else {"score": value}
            try:
                service(bid, criterion, by=by, reason=reason, **answer)
            except ValidationError as error:
                form.add_item_errors(criterion, kind, error)
        if form.errors:
            transaction.set_rollback(True)
            return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def check(request, pk, bid_pk):
    round_ = common.officer_round(request, pk)
    bid = common.round_bid(round_, bid_pk)
    criteria = list(
        Criterion.objects.filter(rubric_id=bid.lot.rubric_id)
        .exclude(kind=CriterionKind.SCORED)
        .prefetch_related("descriptors")
        .order_by("order", "pk")
    )
    form = ChecksForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(bid),
        checks=[c for c in criteria if c.kind == CriterionKind.PASS_FAIL],
        manual=[
            c
            for c in criteria
            if c.kind == CriterionKind.OFFICER and c.officer_method == OfficerMethod.MANUAL
        ],
    )
    open_ = round_.stage in policy.WRITE_STAGES and bid.status == "received"
    if request.method == "POST" and open_ and form.is_valid() and _save(form, bid, request.user):
        messages.success(request, f"The checks and scores for {bid.reference} are saved.")
        return redirect(reverse("decisions:results", args=[round_.pk]) + f"#lot-{bid.lot.number}")
    result = lot_results(bid.lot).for_bid(bid.pk) if common.readable(round_) else None
    prices = [line for line in result.lines if line.criterion.is_price] if result else []
    return render_form(
        request,
        "decisions/checks.html",
        form,
        status_on_error=400,
        round=round_,
        bid=bid,
        r=result,
        prices=prices,
        open=open_,
    )
