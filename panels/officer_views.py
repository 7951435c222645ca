"""Panels: the officer's pages. Thin: parse, call one service in panels.services, render.

Read pages (the overview, a member, conflicts, assignments) answer an auditor too; every change
needs the round's officer. Objects are fetched through the round, so another round's ids are a 404.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from commissioning import access
from commissioning.final import allowed_after_publication
from config.views import call_service, render_form
from panels import forms, readiness, services
from panels import officer_tables as tables
from panels.models import (
    Consent,
    Invitation,
    Member,
    Role,
)

FORM = "panels/officer/form.html"


def _round(request, pk, perm=access.MANAGE):
    return access.get_round_for(request.user, pk, perm)


def _panel(request, pk, panel_pk):
    round_ = _round(request, pk)
    return round_, get_object_or_404(round_.panels.select_related("lot"), pk=panel_pk)


def _member(request, pk, m_pk, perm=access.MANAGE):
    round_ = _round(request, pk, perm)
    members = Member.objects.for_round(round_).select_related("user", "panel__lot")
    return round_, get_object_or_404(members, pk=m_pk)


def _gating():
    """The checklist before scoring (training.gating), when an app has registered it."""
    return readiness.source()


# The round's panels -------------------------------------------------------------------------------


@login_required
@require_GET
def panels(request, pk):
    round_ = _round(request, pk, access.ANY)
    gating = _gating()
    waiting = Invitation.objects.filter(
        accepted_at=None, cancelled_at=None, expires_at__gt=timezone.now()
    ).select_related("invited_by")
    members = Member.objects.select_related("user").prefetch_related("consents")
    if gating is not None:
        members = gating.with_progress(members)
    round_panels = list(
        round_.panels.select_related("lot").prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("invitations", queryset=waiting, to_attr="waiting"),
        )
    )
    for panel in round_panels:
        panel.rows = [{"member": m, "consents": _consent_summary(m)} for m in panel.members.all()]
        panel.has_chair = any(m.role == Role.MODERATOR for m in panel.members.all())
    if gating is not None:
        tables.add_readiness(round_, round_panels, gating)
    lots = round_.lots.annotate(assigned=Count("bids__assignments"))
    return render(
        request,
        "panels/officer/panels.html",
        {
            "round": round_,
            "panels": round_panels,
            "lots": lots,
            "show_readiness": gating is not None,
            "can_manage": access.MANAGE in round_.user_perms,
            "open": round_.stage in services.CHANGING_STAGES,
        },
    )


def _consent_summary(member) -> list[str]:
    """Live consents in a few words, with what is missing first (uses prefetched consents)."""
    words = []
    if services.needs_parent_consent(member):
        words.append("Parent consent missing")
    live = [c for c in member.consents.all() if c.withdrawn_at is None]
    labels = {"photos": "Photos", "quotes": "Quotes", "parent": "Parent consent given"}
    words += [labels.get(c.kind, c.get_kind_display()) for c in live]
    return words


@login_required
@require_http_methods(["GET", "POST"])
def panel_create(request, pk):
    round_ = _round(request, pk)
    form = forms.PanelForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        ok, panel = call_service(
            form, services.create_panel, round_, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"{panel} set up. Next, add its chair and members.")
            return redirect("panels:panels", round_.pk)
    return render_form(
        request, FORM, form, round=round_, title="Set up a panel", submit="Set up the panel"
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_edit(request, pk, panel_pk):
    round_, panel = _panel(request, pk, panel_pk)
    form = forms.PanelForm(request.POST or None, round_=round_, panel=panel)
    if request.method == "POST" and form.is_valid():
        ok, saved = call_service(
            form, services.update_panel, panel, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"{saved} saved.")
            return redirect("panels:panels", round_.pk)
    return render_form(
        request,
        FORM,
        form,
        round=round_,
        caption=panel.lot or "Every lot without its own panel",
        title=f"Change {panel}",
        submit="Save the panel",
    )


# Members: inviting and adding ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk, panel_pk):
    round_, panel = _panel(request, pk, panel_pk)
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, invitation = call_service(
            form,
            services.invite,
            panel,
            by=request.user,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("panels:accept", args=[token])
            ),
            **form.cleaned_data,
        )
        if ok:
            messages.success(
                request, f"Invitation sent to {invitation.email}. The link works for 14 days."
            )
            return redirect("panels:panels", round_.pk)
    return render_form(
        request,
        FORM,
        form,
        round=round_,
        caption=panel,
        title="Invite someone to the panel",
        submit="Send the invitation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk, panel_pk):
    round_, panel = _panel(request, pk, panel_pk)
    form = forms.MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error(
                "email", "There is no account with this email address. Invite them instead."
            )
        else:
            ok, member = call_service(
                form,
                services.add_member,
                panel,
                user,
                by=request.user,
                role=form.cleaned_data["role"],
            )
            if ok:
                messages.success(request, f"{member.user} added to {panel}.")
                return redirect("panels:panels", round_.pk)
    return render_form(
        request,
        FORM,
        form,
        round=round_,
        caption=panel,
        title="Add someone who already has an account",
        submit="Add them to the panel",
    )


@login_required
@require_POST
def invitation_cancel(request, pk, invitation_pk):
    round_ = _round(request, pk)
    invitation = get_object_or_404(Invitation.objects.filter(panel__round=round_), pk=invitation_pk)
    try:
        services.cancel_invitation(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation for {invitation.email} is cancelled.")
    return redirect("panels:panels", round_.pk)


# One member ---------------------------------------------------------------------------------------


@login_required
@require_GET
def member(request, pk, m_pk):
    round_, member = _member(request, pk, m_pk, access.ANY)
    consents = Consent.objects.filter(member=member).select_related("recorded_by")
    declarations = (
        services.current_declarations(member)
        .select_related("bid__lot", "decided_by")
        .order_by("bid__lot__number", "bid__number")
    )
    assignments = member.assignments.select_related("bid__lot")
    time_entries = member.time_entries.select_related("recorded_by")
    expenses = member.expenses.select_related("recorded_by")
    gating = _gating()
    return render(
        request,
        "panels/officer/member.html",
        {
            "round": round_,
            "member": member,
            "consents": consents,
            "needs_parent_consent": services.needs_parent_consent(member),
            "declarations": declarations,
            "assignments": assignments,
            "time_entries": time_entries,
            "hours": time_entries.aggregate(total=Sum("hours"))["total"] or Decimal("0"),
            "expenses": expenses,
            "spent": expenses.aggregate(total=Sum("amount"))["total"] or Decimal("0"),
            "checklist": gating.readiness(member) if gating and member.scores else None,
            "can_manage": access.MANAGE in round_.user_perms,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request, pk, m_pk):
    round_, member = _member(request, pk, m_pk)
    form = forms.StatusForm(
        request.POST or None, initial={"status": member.status, "reason": member.status_reason}
    )
    if request.method == "POST" and form.is_valid():
        ok, saved = call_service(
            form, services.set_member_status, member, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"{member.user} is now {saved.get_status_display().lower()}.")
            return redirect("panels:member", round_.pk, member.pk)
    return _member_form(
        request, form, round_, member, f"Is {member.user} taking part?", "Save", intro=_STATUS_INTRO
    )


_STATUS_INTRO = (
    "A member who is not scoring keeps their account and everything they have done so far, "
    "but cannot open any bid until you let them back in."
)


def _member_form(request, form, round_, member, title, submit, intro=""):
    return render_form(
        request,
        FORM,
        form,
        round=round_,
        member=member,
        caption=f"{member.user} · {member.get_role_display()}",
        title=title,
        submit=submit,
        intro=intro,
        cancel_url=reverse("panels:member", args=[round_.pk, member.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def time_add(request, pk, m_pk):
    round_, member = _member(request, pk, m_pk)
    form = forms.TimeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ok, entry = call_service(
            form, services.record_time, member, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"{entry.hours} hours added for {member.user}.")
            return redirect("panels:member", round_.pk, member.pk)
    return _member_form(
        request, form, round_, member, f"Add time given by {member.user}", "Add the time"
    )


@login_required
@require_http_methods(["GET", "POST"])
def expense_add(request, pk, m_pk):
    round_, member = _member(request, pk, m_pk)
    form = forms.ExpenseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ok, expense = call_service(
            form, services.add_expense, member, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"Expense of £{expense.amount} added for {member.user}.")
            return redirect("panels:member", round_.pk, member.pk)
    return _member_form(
        request, form, round_, member, f"Add an expense for {member.user}", "Add the expense"
    )


@login_required
@allowed_after_publication
@require_http_methods(["GET", "POST"])
def consent_record(request, pk, m_pk):
    round_, member = _member(request, pk, m_pk)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, consent = call_service(
            form, services.give_consent, member, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"Consent recorded: {consent.get_kind_display().lower()}.")
            return redirect("panels:member", round_.pk, member.pk)
    return _member_form(
        request,
        form,
        round_,
        member,
        f"Record a consent for {member.user}",
        "Record the consent",
        intro="For a consent given outside the app, for example a parent's signed form. "
        "The member can see it and withdraw it.",
    )
