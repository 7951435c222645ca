"""Panels: the officer's pages for conflicts of interest and assignments, the two facts that decide
who may open which bid. Thin: parse, call one service in panels.services, render.

Read pages answer an auditor too; every change needs the round's officer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from commissioning import access
from commissioning.models import Stage
from config.views import call_service, render_form
from panels import forms, services
from panels import officer_tables as tables
from panels.models import (
    CONFLICT_QUESTIONS,
    ConflictDeclaration,
    Outcome,
    Panel,
)

FORM = "panels/officer/form.html"


def _round(request, pk, perm=access.MANAGE):
    return access.get_round_for(request.user, pk, perm)


# Conflicts of interest ----------------------------------------------------------------------------


@login_required
@require_GET
def conflicts(request, pk):
    round_ = _round(request, pk, access.ANY)
    declarations = (
        ConflictDeclaration.objects.filter(member__panel__round=round_, current=True)
        .exclude(outcome=Outcome.CLEAR)
        .select_related("member__user", "bid__lot", "decided_by")
        .annotate(
            waiting_first=Case(
                When(outcome=Outcome.WAITING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting_first", "-declared_at", "pk")
    )
    assessments = list(round_.conflict_assessments.select_related("written_by"))
    return render(
        request,
        "panels/officer/conflicts.html",
        {
            "round": round_,
            "declarations": declarations,
            "waiting": sum(1 for d in declarations if d.outcome == Outcome.WAITING),
            "latest": assessments[0] if assessments else None,
            "earlier": assessments[1:],
            "questions": CONFLICT_QUESTIONS,
            "can_manage": access.MANAGE in round_.user_perms,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_decide(request, pk, declaration_pk):
    round_ = _round(request, pk, access.ANY if request.method == "GET" else access.MANAGE)
    declaration = get_object_or_404(
        ConflictDeclaration.objects.filter(member__panel__round=round_).select_related(
            "member__user", "bid__lot", "decided_by"
        ),
        pk=declaration_pk,
    )
    initial = {}
    if declaration.outcome in (Outcome.EXCLUDED, Outcome.ALLOWED):
        initial = {
            "outcome": declaration.outcome,
            "mitigation": declaration.mitigation,
            "reason": declaration.decision_reason,
        }
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, decided = call_service(
            form, services.decide_conflict, declaration, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(
                request,
                f"Decision recorded: {declaration.member.user} on {declaration.bid.reference} "
                f"is {decided.get_outcome_display().lower()}.",
            )
            return redirect("panels:conflicts", round_.pk)
    answers = [
        (text, getattr(declaration, f"get_{key}_display")())
        for key, text in CONFLICT_QUESTIONS.items()
    ]
    return render_form(
        request,
        "panels/officer/conflict_decide.html",
        form,
        round=round_,
        declaration=declaration,
        answers=answers,
        can_manage=access.MANAGE in round_.user_perms,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, pk):
    round_ = _round(request, pk)
    latest = round_.conflict_assessments.first()
    form = forms.AssessmentForm(
        request.POST or None, initial={"text": latest.text if latest else ""}
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.save_assessment, round_, by=request.user, text=form.cleaned_data["text"]
        )
        if ok:
            messages.success(request, "Conflicts assessment saved. Earlier versions are kept.")
            return redirect("panels:conflicts", round_.pk)
    return render_form(
        request,
        FORM,
        form,
        round=round_,
        title="Conflicts assessment",
        submit="Save this version",
        intro="Each time you save, a new version is kept with your name and the time, and the "
        "earlier versions stay in the history.",
        cancel_url=reverse("panels:conflicts", args=[round_.pk]),
    )


# Assignments --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk, lot_pk):
    round_ = _round(request, pk, access.ANY if request.method == "GET" else access.MANAGE)
    lot = get_object_or_404(round_.lots, pk=lot_pk)
    lot.round = round_
    panel = Panel.objects.filter(lot=lot).first() or round_.panels.filter(lot=None).first()
    scorers = panel.scorers_per_bid if panel else None
    form = None
    if request.method == "POST":
        form = forms.ApplyForm(request.POST)
        form.is_valid()  # hidden fields only; a plan that does not match is refused below
        scorers = form.scorers_per_bid()
        ok, result = call_service(
            form,
            services.apply_assignments,
            lot,
            by=request.user,
            scorers_per_bid=scorers,
            fingerprint=form.cleaned_data.get("fingerprint", ""),
        )
        if ok:
            added, removed = result
            messages.success(
                request, f"Assignments saved for {lot}: {added} added, {removed} removed."
            )
            return redirect(_assignments_url(round_, lot, scorers))
    if request.method == "GET" and request.GET.get("how"):
        plan_form = forms.PlanForm(request.GET)
        if plan_form.is_valid():
            scorers = plan_form.scorers_per_bid()
        form = plan_form
    else:
        plan_form = forms.PlanForm(
            initial={"how": "some" if scorers else "everyone", "scorers": scorers}
        )
    context = {
        "round": round_,
        "lot": lot,
        "panel": panel,
        "plan_form": plan_form,
        "can_manage": access.MANAGE in round_.user_perms,
        "open": round_.stage in (Stage.DRAFT, Stage.INDUCTION),
    }
    if not plan_form.errors:
        context.update(tables.plan_table(lot, scorers))
        context["apply_form"] = forms.ApplyForm(
            initial={"fingerprint": context["fingerprint"], "scorers": scorers or ""}, auto_id=False
        )
    return render_form(request, "panels/officer/assignments.html", form or plan_form, **context)


def _assignments_url(round_, lot, scorers):
    query = f"?how=some&scorers={scorers}" if scorers else "?how=everyone"
    return reverse("panels:assignments", args=[round_.pk, lot.pk]) + query
