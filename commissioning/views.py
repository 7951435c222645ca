"""Officer pages for rounds, lots and rubrics. Thin: parse, call one service, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig
from guardian.shortcuts import get_users_with_perms

from commissioning import access, services, stages
from commissioning.filters import RoundFilter
from commissioning.forms import (
    AccessForm,
    LotForm,
    RoundForm,
    StageForm,
)
from commissioning.models import Criterion, SetupState, Stage
from commissioning.pages import frozen, remove_page, round_for_officer
from commissioning.tables import LotTable, RoundTable
from config.views import call_service, render_form

OVERRIDE_LABEL = "Why must the round move on anyway?"


@login_required
@require_GET
def round_list(request):
    rounds = access.rounds_visible_to(request.user).annotate(lot_count=Count("lots"))
    filterset = RoundFilter(request.GET, queryset=rounds)
    table = RoundTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "commissioning/round_list.html",
        {
            "filter": filterset,
            "table": table,
            "can_create": access.can_create_rounds(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    if not access.can_create_rounds(request.user):
        raise PermissionDenied("Only procurement officers can create rounds.")
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, round_ = call_service(form, services.create_round, by=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, "Round created. Next, add its lots and rubric.")
            return redirect(round_)
    return render_form(request, "commissioning/round_form.html", form, title="Create a round")


@login_required
@require_GET
def round_detail(request, pk):
    round_ = access.get_round_for(request.user, pk, access.ANY)
    lots = round_.lots.select_related("rubric")
    rubrics = round_.rubrics.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("descriptors")), "lots"
    )
    can_manage = access.MANAGE in round_.user_perms
    problems = stages.problems_leaving(round_) if can_manage else []
    next_stage = stages.next_stage(round_.stage)
    lot_table = LotTable(lots)
    if not can_manage or round_.setup_state == SetupState.FROZEN:
        lot_table.exclude = ("actions",)
    return render(
        request,
        "commissioning/round_detail.html",
        {
            "round": round_,
            "lot_table": lot_table,
            "rubrics": rubrics,
            "can_manage": can_manage,
            "problems": problems,
            "blockers": stages.grouped(problems),
            # A guard that may be passed over with a reason shows its form right here.
            "override_form": _override_form(round_, next_stage)
            if stages.can_override(problems)
            else None,
            "next_stage": next_stage,
            "previous_stage": stages.previous_stage(round_.stage),
            "allocated": sum((lot.budget for lot in lots), 0),
            "stage_choices": Stage.choices,
            "published_head": _published_head(round_),
        },
    )


def _override_form(round_, to, data=None):
    """Moving on past a guard that allows it: the reason is required (the service says so too)."""
    form = StageForm(data, initial={"to": to, "expected_from": round_.stage})
    form.fields["reason"].label = OVERRIDE_LABEL
    form.fields["reason"].required = True
    form.fields["reason"].error_messages["required"] = "Say why the round must move on anyway."
    return form


def _published_head(round_):
    """The hash of the event that published the round: the anchor printed for the public."""
    if round_.stage != Stage.PUBLISHED:
        return None
    from audit.models import AuditEvent

    return (
        AuditEvent.objects.for_round(round_)
        .filter(action="round.stage_moved", after__stage=Stage.PUBLISHED)
        .order_by("-seq")
        .values("seq", "hash", "at")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round_ = round_for_officer(request, pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = RoundForm(request.POST or None, instance=round_, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        round_.refresh_from_db()
        ok, _ = call_service(
            form, services.update_round, round_, by=request.user, reason=reason, **data
        )
        if ok:
            messages.success(request, "Round details saved.")
            return redirect(round_)
    return render_form(
        request,
        "commissioning/round_form.html",
        form,
        round=round_,
        title="Change the round's details",
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_move(request, pk):
    round_ = round_for_officer(request, pk)
    to = request.POST.get("to") or request.GET.get("to") or ""
    back = to == stages.previous_stage(round_.stage)
    problems = [] if back else stages.problems_leaving(round_)
    override = stages.can_override(problems)
    if override:
        form = _override_form(round_, to, request.POST or None)
    else:
        form = StageForm(request.POST or None, initial={"to": to, "expected_from": round_.stage})
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            services.move_stage,
            round_,
            by=request.user,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            expected_from=form.cleaned_data["expected_from"],
        )
        if ok:
            messages.success(request, f"The round is now in {form.cleaned_data['to']}.")
            return redirect(round_)
    if request.method == "GET" and not back and to != stages.next_stage(round_.stage):
        return redirect(round_)
    return render_form(
        request,
        "commissioning/stage_form.html",
        form,
        round=round_,
        to=to,
        back=back,
        problems=problems,
        blockers=stages.grouped(problems),
        override=override,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_create(request, pk):
    round_ = round_for_officer(request, pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = LotForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, lot = call_service(form, services.add_lot, round_, by=request.user, **data)
        if ok:
            messages.success(request, f"{lot} added.")
            return redirect(round_)
    return render_form(
        request, "commissioning/form_page.html", form, round=round_, title="Add a lot"
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_edit(request, pk, lot_pk):
    round_ = round_for_officer(request, pk)
    lot = get_object_or_404(round_.lots, pk=lot_pk)
    if round_.setup_state == SetupState.FROZEN:
        return frozen(request, round_)
    form = LotForm(request.POST or None, instance=lot, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, lot = call_service(form, services.update_lot, lot, by=request.user, **data)
        if ok:
            messages.success(request, f"{lot} saved.")
            return redirect(round_)
    return render_form(
        request, "commissioning/form_page.html", form, round=round_, title=f"Change {lot}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_remove(request, pk, lot_pk):
    round_ = round_for_officer(request, pk)
    lot = get_object_or_404(round_.lots, pk=lot_pk)
    return remove_page(request, round_, lot, services.remove_lot, round_)


@login_required
@require_http_methods(["GET", "POST"])
def round_access(request, pk):
    round_ = round_for_officer(request, pk)
    form = AccessForm(request.POST if request.POST.get("action") == "grant" else None)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        user = get_object_or_404(get_user_model(), pseudonym=request.POST.get("user"))
        ok, _ = call_service(
            form, services.revoke_access, round_, user, request.POST.get("role"), by=request.user
        )
        if ok:
            messages.success(request, f"{user} no longer has that access.")
            return redirect("commissioning:round_access", round_.pk)
    elif request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", "Nobody with that email address has an account yet.")
        else:
            ok, _ = call_service(
                form,
                services.grant_access,
                round_,
                user,
                form.cleaned_data["role"],
                by=request.user,
            )
            if ok:
                messages.success(request, f"{user} now has access.")
                return redirect("commissioning:round_access", round_.pk)
    holders = get_users_with_perms(
        round_, attach_perms=True, with_superusers=False, only_with_perms_in=sorted(access.READ)
    )
    return render_form(
        request,
        "commissioning/access.html",
        form,
        round=round_,
        holders=sorted(holders.items(), key=lambda item: str(item[0])),
    )
