"""A panel member's own pages: joining, their panel, profile, consents, conflicts, bids and thanks.

Every /my/<member_pk>/ page fetches the membership with access.get_member_for (404 for anyone
else, officers included) and bids only with access.get_bid_for. Thin: parse, call one service,
render.
"""

from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from bids import documents
from bids import services as bid_services
from bids.views import CONTENT_TYPES
from config.views import call_service, render_form
from panels import access, services, tasks
from panels.contribution import contribution
from panels.member_forms import (
    BENEFITS_NOTICE,
    AcceptForm,
    DeclarationForm,
    JoinForm,
    ProfileForm,
    RecognitionForm,
)
from panels.models import Invitation, MemberStatus, Outcome, token_digest
from panels.readiness import checklist

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


# Joining ------------------------------------------------------------------------------------------


def _gone(request, token, error):
    """An unknown link is 404; a known one that can no longer be used is 410 (gone)."""
    known = Invitation.objects.filter(token_hash=token_digest(token)).exists()
    return render(
        request,
        "panels/member/invitation_gone.html",
        {"message": error.messages[0], "known": known},
        status=410 if known else 404,
    )


@require_http_methods(["GET", "POST"])
def accept(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as error:
        return _gone(request, token, error)
    template = "panels/member/accept.html"
    context = {
        "invitation": invitation,
        "panel": invitation.panel,
        "round": invitation.panel.round,
        "invited_by": invitation.invited_by,
    }
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, template, {**context, "wrong_account": True})
        form = JoinForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            ok, member = call_service(form, services.accept_invitation, token, user=user)
            if ok:
                messages.success(request, f"Welcome to the {member.panel}.")
                return redirect("panels:dashboard", member.pk)
        return render_form(request, template, form, **context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        login_url = f"{reverse('login')}?{urlencode({'next': request.path})}"
        return render(request, template, {**context, "login_url": login_url})
    form = AcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"display_name": invitation.display_name},
    )
    if request.method == "POST" and form.is_valid():
        ok, member = call_service(
            form,
            services.accept_invitation,
            token,
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
        )
        if ok:
            login(request, member.user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                f"Welcome to the {member.panel}. You log in next time with "
                f"{member.user.email} and your password.",
            )
            return redirect("panels:dashboard", member.pk)
    return render_form(request, template, form, **context)


# Your panel ---------------------------------------------------------------------------------------


def _member(request, member_pk):
    return access.get_member_for(request.user, member_pk)


def _bids(member):
    return access.bids_for(member).select_related("lot").order_by("lot__number", "number")


@login_required
@require_GET
def dashboard(request, member_pk):
    member = _member(request, member_pk)
    items = checklist(member)
    return render(
        request,
        "panels/member/dashboard.html",
        {
            "member": member,
            "round": member.panel.round,
            "checklist": items,
            "now": tasks.now(member, items.gate),
            "bids": list(_bids(member)),
            "taking_part": member.status == MemberStatus.ACTIVE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, member_pk):
    member = _member(request, member_pk)
    form = ProfileForm(
        request.POST or None,
        initial={
            "age_band": member.age_band or None,
            "support_needs": member.support_needs,
            "support_other": member.support_other,
        },
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.update_profile, member, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, "Your details are saved.")
            return redirect("panels:dashboard", member.pk)
    return render_form(
        request,
        "panels/member/form_page.html",
        form,
        member=member,
        title="About you",
        intro="We only ask what helps you take part. Officers running the round can see it.",
        submit="Save your details",
    )


# Conflicts of interest ----------------------------------------------------------------------------


class _Organisation:
    """One organisation bidding in the lot: its form and what the member said about it so far."""

    def __init__(self, name, bids, declarations, form):
        self.name, self.bids, self.declarations, self.form = name, bids, declarations, form

    @property
    def outcomes(self) -> list:
        """The current decisions on this organisation's bids, most serious first, each once."""
        order = [Outcome.WAITING, Outcome.EXCLUDED, Outcome.ALLOWED, Outcome.CLEAR]
        found = {d.outcome: d for d in self.declarations if d is not None}
        return [found[o] for o in order if o in found]

    @property
    def waiting(self) -> bool:
        return any(d is not None and d.outcome == Outcome.WAITING for d in self.declarations)


@login_required
@require_http_methods(["GET", "POST"])
def declare(request, member_pk, lot_pk):
    member = _member(request, member_pk)
    lot = get_object_or_404(services.member_lots(member), pk=lot_pk)
    current = {d.bid_id: d for d in services.current_declarations(member).filter(bid__lot=lot)}
    data = request.POST if request.method == "POST" else None
    organisations = []
    for n, (name, bids) in enumerate(services.organisations(lot).items(), 1):
        declarations = [current.get(b.pk) for b in bids]
        first = declarations[0]
        initial = {**first.answers, "details": first.details} if first else {}
        form = DeclarationForm(data, prefix=f"org{n}", organisation=name, initial=initial)
        organisations.append(_Organisation(name, bids, declarations, form))
    problem = None
    if data is not None and all(o.form.is_valid() for o in organisations):
        try:
            with transaction.atomic():
                for o in organisations:
                    if o.form.changed_from(o.declarations):
                        services.declare(
                            member,
                            o.bids[0],
                            by=request.user,
                            answers=o.form.answers(),
                            details=o.form.cleaned_data["details"],
                        )
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, "Your answers are saved.")
            return redirect("panels:declare", member.pk, lot.pk)
    has_errors = data is not None and (problem or any(o.form.errors for o in organisations))
    return render(
        request,
        "panels/member/declare.html",
        {
            "member": member,
            "lot": lot,
            "organisations": organisations,
            "waiting": [o.name for o in organisations if o.waiting],
            "problem": problem,
            "has_errors": has_errors,
        },
    )


# Bids ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def my_bids(request, member_pk):
    member = _member(request, member_pk)
    return render(
        request,
        "panels/member/my_bids.html",
        {
            "member": member,
            "round": member.panel.round,
            "bids": list(_bids(member)),
            "taking_part": member.status == MemberStatus.ACTIVE,
        },
    )


@login_required
@require_GET
def bid(request, member_pk, bid_pk):
    member = _member(request, member_pk)
    bid = access.get_bid_for(member, bid_pk)
    answers = {a.criterion_id: a.text for a in bid.answers.all()}
    questions = [(c, answers.get(c.pk, "")) for c in bid_services.answerable_criteria(bid.lot)]
    return render(
        request,
        "panels/member/bid.html",
        {
            "member": member,
            "round": member.panel.round,
            "bid": bid,
            "blind": member.panel.round.blind_review,
            "shows_price": access.shows_price(member.panel.round),
            "questions": questions,
            "documents": bid.documents.all(),
            "reading_help": bid.reading_help.all(),
            "clarifications": bid.clarifications.all(),
        },
    )


@login_required
@require_GET
def bid_document(request, member_pk, bid_pk, document_pk):
    """Served only after the member's own access check. In a blind round the file's name, which
    often carries the organisation's name, is replaced by the bid's panel name."""
    member = _member(request, member_pk)
    bid = access.get_bid_for(member, bid_pk)
    document = get_object_or_404(bid.documents, pk=document_pk)
    filename = document.original_name
    if member.panel.round.blind_review:
        suffix = PurePath(document.original_name).suffix.lower()
        filename = f"{slugify(bid.alias)}-document-{document.pk}{suffix}"
    return FileResponse(
        documents.open_stored(document.stored_name),  # local disk or S3; the response closes it
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[document.kind],
    )


# Recognition --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recognition(request, member_pk):
    member = _member(request, member_pk)
    form = RecognitionForm(
        request.POST or None, initial={"recognition": member.recognition or None}
    )
    if request.method == "POST" and form.is_valid():
        ok, chosen = call_service(
            form,
            services.choose_recognition,
            member,
            by=request.user,
            choice=form.cleaned_data["recognition"],
        )
        if ok:
            messages.success(request, f"Saved: {chosen.get_recognition_display()}.")
            return redirect("panels:recognition", member.pk)
    return render_form(
        request,
        "panels/member/recognition.html",
        form,
        member=member,
        given=contribution(member),
        benefits_notice=BENEFITS_NOTICE,
    )


@login_required
@require_GET
def certificate(request, member_pk):
    member = _member(request, member_pk)
    round_ = member.panel.round
    return render(
        request,
        "panels/member/certificate.html",
        {
            "member": member,
            "round": round_,
            "given": contribution(member),
            "officer": round_.created_by,
            "today": timezone.localdate(),
        },
    )
