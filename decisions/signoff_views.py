"""Sign-off, publishing and the procurement dates. Thin: read, call decisions.signoff.sign,
commissioning.services.move_stage or decisions.procurement.record_dates, render.

The officer's page (rounds/<pk>/results/sign-off/) shows every signature publishing needs and lets
the officer sign and publish; auditors read it. A chair signs for their panel on their own page
(my/<member_pk>/chair/results/sign-off/).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commissioning import access
from commissioning import services as round_services
from commissioning.final import allowed_after_publication
from commissioning.models import Mode, Stage
from commissioning.stages import problems_leaving
from config.views import call_service, render_form
from decisions import common_views as common
from decisions import procurement, signoff
from decisions.models import SignOffRole
from decisions.publication import publication_of
from decisions.publication_forms import ProcurementForm, PublishForm, SignForm


def _context(round_, **extra):
    needs = signoff.needed(round_)
    return {
        "round": round_,
        "needs": needs,
        "statements": signoff.STATEMENTS,
        "publication": publication_of(round_),
        "problems": problems_leaving(round_) if round_.stage == Stage.DECIDED else [],
        "timeline": procurement.timeline(round_) if round_.mode == Mode.PROCUREMENT else None,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def signoff_page(request, pk):
    round_ = common.read_round(request, pk)
    is_officer = access.MANAGE in round_.user_perms
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        round_ = common.officer_round(request, pk)
        if form.is_valid():
            ok, _ = call_service(
                form, signoff.sign, round_, by=request.user, role=SignOffRole.OFFICER, agree=True
            )
            if ok:
                messages.success(request, "You have signed off the results as officer.")
                return redirect("decisions:signoff", pk=round_.pk)
    return render_form(
        request,
        "decisions/signoff.html",
        form,
        status_on_error=400,
        **_context(round_, is_officer=is_officer, publish_form=PublishForm()),
    )


@login_required
@require_POST
def publish(request, pk):
    round_ = common.officer_round(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        ok, _ = call_service(
            form,
            round_services.move_stage,
            round_,
            to=Stage.PUBLISHED,
            by=request.user,
            expected_from=Stage.DECIDED,
        )
        if ok:
            messages.success(request, "The round is published. Its record is now final.")
            return redirect("decisions:signoff", pk=round_.pk)
    return render(
        request,
        "decisions/signoff.html",
        _context(round_, is_officer=True, form=SignForm(), publish_form=form),
        status=400,
    )


@login_required
@allowed_after_publication
@require_http_methods(["GET", "POST"])
def procurement_page(request, pk):
    round_ = common.read_round(request, pk)
    if round_.mode != Mode.PROCUREMENT:
        raise Http404("Only a procurement round has these dates")
    if round_.stage not in (Stage.DECIDED, Stage.PUBLISHED):
        return render(request, "decisions/not_yet.html", {"round": round_})
    record = procurement.timeline(round_).record
    initial = {f: getattr(record, f) for f in procurement.DATE_FIELDS} if record else None
    form = ProcurementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        round_ = common.officer_round(request, pk)
        if form.is_valid():
            ok, _ = call_service(
                form, procurement.record_dates, round_, by=request.user, **form.cleaned_data
            )
            if ok:
                messages.success(request, "The procurement dates are saved.")
                return redirect("decisions:procurement", pk=round_.pk)
    return render_form(
        request,
        "decisions/procurement.html",
        form,
        status_on_error=400,
        round=round_,
        timeline=procurement.timeline(round_),
        is_officer=access.MANAGE in round_.user_perms,
        writable=access.MANAGE in round_.user_perms,
    )


@login_required
@require_http_methods(["GET", "POST"])
def chair_signoff(request, member_pk):
    member = common.chair(request, member_pk)
    round_ = member.panel.round
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            signoff.sign,
            round_,
            by=request.user,
            role=SignOffRole.CHAIR,
            panel=member.panel,
            agree=True,
        )
        if ok:
            messages.success(request, f"You have signed off the results for the {member.panel}.")
            return redirect("decisions:chair_signoff", member_pk=member.pk)
    mine = next(
        (n for n in signoff.needed(round_) if n.panel and n.panel.pk == member.panel_id), None
    )
    return render_form(
        request,
        "decisions/chair_signoff.html",
        form,
        status_on_error=400,
        member=member,
        round=round_,
        mine=mine,
        statement=signoff.STATEMENTS[SignOffRole.CHAIR],
        is_chair=True,
        publication=publication_of(round_),
    )
