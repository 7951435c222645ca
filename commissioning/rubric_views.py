"""Officer pages for rubrics and their criteria and weights. Thin: parse, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from commissioning import access, services
from commissioning.forms import (
    CriterionForm,
    RubricCreateForm,
    RubricRenameForm,
    WeightsForm,
)
from commissioning.models import Criterion, Rubric, SetupState
from commissioning.pages import frozen, remove_page, round_for_officer
from config.views import call_service, render_form


@login_required
@require_http_methods(["GET", "POST"])
def rubric_create(request, pk):
    round_ = round_for_officer(request, pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    copyable = Rubric.objects.filter(
        round__in=access.rounds_visible_to(request.user)
    ).select_related("round")
    form = RubricCreateForm(
        request.POST or None,
        round_=round_,
        copyable=copyable,
        initial={"name": "Scoring rubric", "lots": round_.lots.filter(rubric=None)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = {"starter": "starter", "copy": data["copy_from"], "blank": None}[data["source"]]
        ok, rubric = call_service(
            form,
            services.create_rubric,
            round_,
            by=request.user,
            name=data["name"],
            source=source,
            lots=data["lots"],
            reason=data.get("reason", ""),
        )
        if ok:
            messages.success(request, f"Rubric “{rubric}” created.")
            return redirect(rubric)
    return render_form(
        request, "commissioning/form_page.html", form, round=round_, title="Add a rubric"
    )


def _rubric(request, pk, rubric_pk, perm=access.MANAGE):
    round_ = access.get_round_for(request.user, pk, perm)
    rubric = get_object_or_404(round_.rubrics, pk=rubric_pk)
    return round_, rubric


@login_required
@require_GET
def rubric_detail(request, pk, rubric_pk):
    round_, rubric = _rubric(request, pk, rubric_pk, access.ANY)
    criteria = rubric.criteria.prefetch_related("descriptors")
    return render(
        request,
        "commissioning/rubric_detail.html",
        {
            "round": round_,
            "rubric": rubric,
            "criteria": criteria,
            "lots": rubric.lots.all(),
            "can_manage": access.MANAGE in round_.user_perms,
            "editable": round_.setup_state != SetupState.FROZEN,
            "register": "plain" if request.GET.get("register") == "plain" else "formal",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request, pk, rubric_pk):
    round_, rubric = _rubric(request, pk, rubric_pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = RubricRenameForm(request.POST or None, instance=rubric, round_=round_)
    if request.method == "POST" and form.is_valid():
        rubric.refresh_from_db()
        ok, _ = call_service(
            form,
            services.rename_rubric,
            rubric,
            by=request.user,
            name=form.cleaned_data["name"],
            reason=form.cleaned_data.get("reason", ""),
        )
        if ok:
            return redirect(rubric)
    return render_form(
        request, "commissioning/form_page.html", form, round=round_, title="Rename the rubric"
    )


@login_required
@require_http_methods(["GET", "POST"])
def weights(request, pk, rubric_pk):
    round_, rubric = _rubric(request, pk, rubric_pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = WeightsForm(request.POST or None, rubric=rubric)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.set_weights,
            rubric,
            by=request.user,
            weights=form.weights(),
            reason=form.cleaned_data.get("reason", ""),
        )
        if ok:
            messages.success(request, "Weights saved.")
            return redirect(rubric)
    return render_form(
        request, "commissioning/weights_form.html", form, round=round_, rubric=rubric
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request, pk, rubric_pk):
    round_, rubric = _rubric(request, pk, rubric_pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = CriterionForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.add_criterion,
            rubric,
            by=request.user,
            descriptors=form.descriptors(),
            reason=form.cleaned_data.get("reason", ""),
            **form.service_fields(),
        )
        if ok:
            messages.success(request, "Criterion added.")
            return redirect(rubric)
    return render_form(
        request,
        "commissioning/criterion_form.html",
        form,
        round=round_,
        rubric=rubric,
        title="Add a criterion",
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk, criterion_pk):
    round_ = round_for_officer(request, pk)
    criterion = get_object_or_404(Criterion.objects.filter(rubric__round=round_), pk=criterion_pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = CriterionForm(request.POST or None, instance=criterion, round_=round_)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.update_criterion,
            criterion,
            by=request.user,
            descriptors=form.descriptors(),
            reason=form.cleaned_data.get("reason", ""),
            **form.service_fields(),
        )
        if ok:
            messages.success(request, "Criterion saved.")
            return redirect(criterion.rubric)
    return render_form(
        request,
        "commissioning/criterion_form.html",
        form,
        round=round_,
        rubric=criterion.rubric,
        title=f"Change “{criterion}”",
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_remove(request, pk, criterion_pk):
    round_ = round_for_officer(request, pk)
    criterion = get_object_or_404(Criterion.objects.filter(rubric__round=round_), pk=criterion_pk)
    return remove_page(request, round_, criterion, services.remove_criterion, criterion.rubric)
