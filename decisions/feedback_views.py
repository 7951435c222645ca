""" "You said, we did" pages. The panellist's own page and survey are reached through their
membership (404 for anyone else, and for a chair or observer, who scored nothing); before the
round is published they say plainly that the page opens then. The officer's message page is read
by the round's officers and auditors; only an officer writes, while the round is decided, and can
preview any panellist's page. Thin: read decisions.feedback and decisions.survey, call their
services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from commissioning import access
from commissioning.final import allowed_after_publication
from config.views import call_service, render_form
from decisions import common_views as common
from decisions import feedback, survey
from decisions.feedback_forms import MessageForm, SurveyForm
from panels.access import get_member_for
from panels.models import Member, Role

PANELLISTS = (Role.YOUNG, Role.PROFESSIONAL)


def _panellist(request, member_pk):
    member = get_member_for(request.user, member_pk)
    if member.role not in PANELLISTS:
        raise Http404("Only panellists who scored have this page")
    return member


@login_required
@require_GET
def you_said(request, member_pk):
    member = _panellist(request, member_pk)
    page = feedback.you_said(member)
    return render(
        request,
        "decisions/feedback_page.html",
        {"member": member, "round": member.panel.round, "page": page},
    )


@allowed_after_publication
@login_required
@require_http_methods(["GET", "POST"])
def survey_page(request, member_pk):
    member = _panellist(request, member_pk)
    context = {
        "member": member,
        "round": member.panel.round,
        "open": survey.is_open(member) and survey.eligible(member),
        "answered": survey.has_answered(member),
    }
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not context["open"]:
            form.is_valid()
            form.add_error(None, survey.NOT_YET if survey.eligible(member) else "Not open to you.")
        elif form.is_valid():
            ok, _ = call_service(form, survey.answer, member, by=request.user, **form.cleaned_data)
            if ok:
                messages.success(request, "Thank you. Your answers are saved, without your name.")
                return redirect("decisions:you_said", member.pk)
    return render_form(request, "decisions/survey.html", form, status_on_error=400, **context)


def _preview(request, round_):
    """The panellist the officer or auditor asked to preview (?as=<member pk>), if any."""
    pk = request.GET.get("as", "")
    if not pk.isdigit():
        return None
    queryset = Member.objects.for_round(round_).filter(role__in=PANELLISTS)
    member = get_object_or_404(queryset.select_related("user", "panel__round"), pk=pk)
    return member, feedback.you_said(member, preview=True)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_message(request, pk):
    if request.method == "POST":
        round_ = common.officer_round(request, pk)
    else:
        round_ = common.read_round(request, pk)
    can_write = access.MANAGE in round_.user_perms and feedback.message_open(round_)
    current = round_.feedback_note if hasattr(round_, "feedback_note") else None
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        initial={"message": current.message} if current else None,
    )
    if request.method == "POST" and can_write and form.is_valid():
        ok, _ = call_service(
            form, feedback.save_message, round_, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, "Your message to the panel is saved.")
            return redirect("decisions:feedback_message", round_.pk)
    if request.method == "POST" and not can_write:
        form.is_valid()
        form.add_error(None, feedback.NOT_NOW.format(stage=round_.get_stage_display().lower()))
    preview = _preview(request, round_)
    panellists = (
        Member.objects.for_round(round_)
        .filter(role__in=PANELLISTS)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    return render_form(
        request,
        "decisions/feedback_message.html",
        form,
        status_on_error=400,
        round=round_,
        current=current,
        can_write=can_write,
        is_officer=access.MANAGE in round_.user_perms,
        panellists=list(panellists),
        preview=preview,
    )
