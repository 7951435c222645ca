"""A panel member's consents: giving one, and withdrawing it at any time.

A person's consents are theirs, not the round's record, so these pages still work once the round
is published (commissioning.final.allowed_after_publication): consent can always be withdrawn.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.final import allowed_after_publication
from config.views import call_service, render_form
from panels import access, services
from panels.member_forms import ConfirmForm, ConsentForm
from panels.models import ConsentKind


def _member(request, member_pk):
    return access.get_member_for(request.user, member_pk)


@login_required
@allowed_after_publication
@require_http_methods(["GET", "POST"])
def consents(request, member_pk):
    member = _member(request, member_pk)
    given = list(member.consents.select_related("recorded_by"))
    live = {c.kind for c in given if c.withdrawn_at is None}
    kinds = [
        kind
        for kind in ConsentKind.values
        if kind not in live and (kind != ConsentKind.PARENT or member.under_16)
    ]
    form = ConsentForm(request.POST or None, kinds=kinds) if kinds else None
    if request.method == "POST" and form is not None and form.is_valid():
        ok, consent = call_service(
            form,
            services.give_consent,
            member,
            by=request.user,
            kind=form.cleaned_data["kind"],
            given_by_name=form.cleaned_data.get("given_by_name", ""),
            relationship=form.cleaned_data.get("relationship", ""),
        )
        if ok:
            messages.success(request, f"Consent saved: {consent.get_kind_display()}.")
            return redirect("panels:consents", member.pk)
    context = {
        "member": member,
        "consents": given,
        "needs_parent": member.under_16 and ConsentKind.PARENT not in live,
    }
    if form is None:
        return render(request, "panels/member/consents.html", context)
    return render_form(request, "panels/member/consents.html", form, **context)


@login_required
@allowed_after_publication
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, member_pk, consent_pk):
    member = _member(request, member_pk)
    consent = get_object_or_404(member.consents, pk=consent_pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(form, services.withdraw_consent, consent, by=request.user)
        if ok:
            messages.success(request, f"Consent withdrawn: {consent.get_kind_display()}.")
            return redirect("panels:consents", member.pk)
    return render_form(
        request, "panels/member/consent_withdraw.html", form, member=member, consent=consent
    )
