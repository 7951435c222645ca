"""Training: the officer's pages. Thin: parse, call one service in training.services, render.

The module list and the progress table answer an auditor too; every change needs the round's
officer. Objects are fetched through the round, so another round's ids are a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from commissioning import access
from config.views import call_service, render_form
from panels.models import SCORING_ROLES, Member
from training import services
from training.forms import ModuleForm, PracticeForm, QuestionForm
from training.models import CheckQuestion, Module, PracticeAttempt, PracticeBid, PracticeScore

FORM = "training/officer/form.html"


def _data(request):
    """The posted data, bound even when empty (a form with nothing chosen still gets its errors)."""
    return request.POST if request.method == "POST" else None


def _round(request, pk, perm=access.MANAGE):
    return access.get_round_for(request.user, pk, perm)


def _modules_url(round_):
    return reverse("training:modules", args=[round_.pk])


def _answers_on_first_box(service):
    """The services name the answers as a whole "choices"; on the form the first answer box stands
    for them, so the error summary has somewhere to link to."""

    def run(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "choices" in error.error_dict:
                error.error_dict["choice_1"] = error.error_dict.pop("choices")
            raise

    return run


def _closed(request, round_):
    return render(request, "training/officer/closed.html", {"round": round_}, status=409)


@login_required
@require_http_methods(["GET", "POST"])
def modules(request, pk):
    """The round's modules; a POST adds the starter set."""
    round_ = _round(request, pk, access.MANAGE if request.method == "POST" else access.ANY)
    if request.method == "POST":
        if not services.editable(round_):
            return _closed(request, round_)
        made = services.add_starter_modules(round_, by=request.user)
        if made:
            messages.success(
                request,
                f"{len(made)} starter modules added. Read them through and "
                "change anything that does not fit your round.",
            )
        else:
            messages.info(request, "The starter modules are already in this round.")
        return redirect(_modules_url(round_))
    round_modules = round_.modules.annotate(question_count=Count("questions"))
    practice = PracticeBid.objects.filter(round=round_).select_related("rubric").first()
    return render(
        request,
        "training/officer/modules.html",
        {
            "round": round_,
            "modules": round_modules,
            "practice": practice,
            "can_manage": access.MANAGE in round_.user_perms,
            "editable": services.editable(round_),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request, pk):
    round_ = _round(request, pk)
    if not services.editable(round_):
        return _closed(request, round_)
    form = ModuleForm(_data(request))
    if request.method == "POST" and form.is_valid():
        ok, module = call_service(
            form, services.create_module, round_, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"“{module}” added. Now add its check questions.")
            return redirect("training:module_edit", round_.pk, module.pk)
    return render_form(request, FORM, form, round=round_, title="Add a module", submit="Add")


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request, pk, module_pk):
    round_ = _round(request, pk)
    module = get_object_or_404(round_.modules, pk=module_pk)
    if not services.editable(round_):
        return _closed(request, round_)
    form = ModuleForm(_data(request), instance=Module.objects.get(pk=module.pk))
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.update_module, module, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"“{form.cleaned_data['title']}” saved.")
            return redirect(_modules_url(round_))
    return render_form(
        request,
        "training/officer/module_form.html",
        form,
        round=round_,
        module=module,
        questions=module.questions.prefetch_related("choices"),
        title=f"Change “{module}”",
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request, pk, module_pk):
    round_ = _round(request, pk)
    module = get_object_or_404(round_.modules, pk=module_pk)
    if not services.editable(round_):
        return _closed(request, round_)
    form = QuestionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            _answers_on_first_box(services.create_question),
            module,
            by=request.user,
            text=form.cleaned_data["text"],
            explanation=form.cleaned_data["explanation"],
            choices=form.choices(),
        )
        if ok:
            messages.success(request, "Question added.")
            return redirect("training:module_edit", round_.pk, module.pk)
    return render_form(
        request,
        "training/officer/question_form.html",
        form,
        round=round_,
        module=module,
        title=f"Add a question to “{module}”",
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    round_ = _round(request, pk)
    question = get_object_or_404(
        CheckQuestion.objects.filter(module__round=round_).select_related("module"),
        pk=question_pk,
    )
    module = question.module
    if not services.editable(round_):
        return _closed(request, round_)
    form = QuestionForm(_data(request), question=question)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form,
            _answers_on_first_box(services.update_question),
            question,
            by=request.user,
            text=form.cleaned_data["text"],
            explanation=form.cleaned_data["explanation"],
            choices=form.choices(),
        )
        if ok:
            messages.success(request, "Question saved.")
            return redirect("training:module_edit", round_.pk, module.pk)
    return render_form(
        request,
        "training/officer/question_form.html",
        form,
        round=round_,
        module=module,
        title="Change the question",
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    """The practice bid. The rubric is chosen first (a GET form, so it works without JavaScript);
    the questions to answer and score follow from it."""
    round_ = _round(request, pk)
    if not services.editable(round_):
        return _closed(request, round_)
    practice = PracticeBid.objects.filter(round=round_).first()
    rubrics = list(round_.rubrics.all())
    wanted = request.POST.get("rubric") or request.GET.get("rubric")
    rubric = next((r for r in rubrics if str(r.pk) == wanted), None)
    if rubric is None and practice is not None:
        rubric = next((r for r in rubrics if r.pk == practice.rubric_id), None)
    if rubric is None and rubrics:
        first_lot = round_.lots.exclude(rubric=None).first()
        rubric = next((r for r in rubrics if first_lot and r.pk == first_lot.rubric_id), rubrics[0])
    criteria = list(services.scored_criteria(rubric)) if rubric else []
    items = {}
    initial = {}
    if practice is not None:
        items = {i.criterion_id: i for i in practice.items.all()}
        initial = {"title": practice.title, "summary": practice.summary}
    form = PracticeForm(_data(request), criteria=criteria, items=items, initial=initial)
    if request.method == "POST" and rubric is not None and form.is_valid():
        ok, _ = call_service(
            form,
            services.set_practice,
            round_,
            by=request.user,
            rubric=rubric,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            items=form.items(),
        )
        if ok:
            messages.success(request, "Practice bid saved.")
            return redirect(_modules_url(round_))
    return render_form(
        request,
        "training/officer/practice_form.html",
        form,
        round=round_,
        rubric=rubric,
        rubrics=rubrics,
        practice=practice,
        title="The practice bid",
    )


@login_required
@require_GET
def progress(request, pk):
    round_ = _round(request, pk, access.ANY)
    round_modules = list(round_.modules.all())
    attempts = PracticeAttempt.objects.prefetch_related(
        Prefetch("scores", queryset=PracticeScore.objects.select_related("item"))
    )
    members = (
        Member.objects.for_round(round_)
        .select_related("user", "panel")
        .prefetch_related("module_results", Prefetch("practice_attempts", queryset=attempts))
        .order_by("panel_id", "role", "user__display_name", "pk")
    )
    practice = PracticeBid.objects.filter(round=round_).first()
    rows = []
    for member in members:
        passed = {r.module_id: r for r in member.module_results.all()}
        latest = next(iter(member.practice_attempts.all()), None)
        rows.append(
            {
                "member": member,
                "scores": member.role in SCORING_ROLES,
                "modules": [(m, passed.get(m.pk)) for m in round_modules],
                "practice_count": len(member.practice_attempts.all()),
                "latest": latest,
                "distance": services.distance(latest),
            }
        )
    return render(
        request,
        "training/officer/progress.html",
        {"round": round_, "modules": round_modules, "rows": rows, "practice": practice},
    )
