"""Training: a panel member's own pages. Thin: parse, call one service in training.services, render.

Each page is reached through the member's own membership (panels.access.get_member_for), so anyone
else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.views import call_service, render_form
from panels.access import get_member_for
from panels.models import SCORING_ROLES
from training import services
from training.forms import AnswerForm, PracticeScoreForm
from training.markup import render_body
from training.models import Module, ModuleResult, PracticeAttempt, PracticeBid, PracticeScore


def _data(request):
    """The posted data, bound even when empty (a form with nothing chosen still gets its errors)."""
    return request.POST if request.method == "POST" else None


def _practice(member):
    return PracticeBid.objects.filter(round_id=member.panel.round_id).first()


def _status(result) -> str:
    if result is None or not result.attempts:
        return "not_started"
    return "done" if result.passed_at else "try_again"


@login_required
@require_GET
def task_list(request, member_pk):
    member = get_member_for(request.user, member_pk)
    results = {r.module_id: r for r in ModuleResult.objects.filter(member=member)}
    modules = [
        {"module": m, "status": _status(results.get(m.pk))}
        for m in Module.objects.filter(round_id=member.panel.round_id)
    ]
    practice = _practice(member)
    practice_done = (
        practice is not None
        and PracticeAttempt.objects.filter(member=member, practice=practice).exists()
    )
    required = [m for m in modules if m["module"].required]
    required_done = sum(1 for m in required if m["status"] == "done")
    finished = (
        bool(modules or practice)
        and required_done == len(required)
        and (practice is None or practice_done or member.role not in SCORING_ROLES)
    )
    return render(
        request,
        "training/member/task_list.html",
        {
            "member": member,
            "round": member.panel.round,
            "modules": modules,
            "practice": practice,
            "practice_done": practice_done,
            "practice_optional": member.role not in SCORING_ROLES,
            "required_done": required_done,
            "finished": finished,
            "required_total": len(required),
        },
    )


def _next_step(member, module):
    """Where to go after passing `module`: the next module not yet passed, else the practice bid,
    else the task list."""
    passed = set(
        ModuleResult.objects.filter(member=member)
        .exclude(passed_at=None)
        .values_list("module_id", flat=True)
    )
    later = Module.objects.filter(round_id=module.round_id).exclude(pk__in=passed)
    upcoming = [m for m in later if (m.order, m.pk) > (module.order, module.pk)]
    following = upcoming[0] if upcoming else next(iter(later), None)
    if following is not None:
        return following, None
    practice = _practice(member)
    if (
        practice is not None
        and not PracticeAttempt.objects.filter(member=member, practice=practice).exists()
    ):
        return None, practice
    return None, None


@login_required
@require_http_methods(["GET", "POST"])
def module(request, member_pk, module_pk):
    member = get_member_for(request.user, member_pk)
    module = get_object_or_404(
        Module.objects.filter(round_id=member.panel.round_id).prefetch_related(
            "questions__choices"
        ),
        pk=module_pk,
    )
    result = ModuleResult.objects.filter(member=member, module=module).first()
    feedback = services.marking(module, result.last_answers) if result and result.attempts else []
    passed = bool(result and result.passed_at)
    retake = request.method == "POST" or request.GET.get("again") == "1"
    # After a wrong try, each question keeps its explanation beside it and the right answers stay
    # chosen; after a pass, the questions come back fresh only when asked for again.
    trying_again = bool(feedback) and not passed
    form = AnswerForm(
        _data(request),
        module=module,
        feedback=feedback if trying_again else None,
        initial={
            f"question_{m['question'].pk}": str(m["chosen"].pk) for m in feedback if m["is_right"]
        }
        if trying_again
        else {},
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.answer_module, member, module, form.answers(), by=request.user
        )
        if ok:
            return redirect(request.path + "#results")
    next_module, next_practice = (None, None)
    if passed and not retake:
        next_module, next_practice = _next_step(member, module)
    return render_form(
        request,
        "training/member/module.html",
        form,
        member=member,
        round=member.panel.round,
        module=module,
        body=render_body(module.body),
        result=result,
        feedback=feedback,
        right_count=sum(1 for m in feedback if m["is_right"]),
        passed=passed,
        show_form=retake or not passed,
        trying_again=trying_again,
        next_module=next_module,
        next_practice=next_practice,
    )


def _practice_items(practice):
    return list(
        practice.items.filter(criterion__kind="scored", criterion__rubric=practice.rubric_id)
        .select_related("criterion")
        .prefetch_related("criterion__descriptors")
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice(request, member_pk):
    member = get_member_for(request.user, member_pk)
    practice_bid = _practice(member)
    if practice_bid is None:
        raise Http404("This round has no practice bid.")
    items = _practice_items(practice_bid)
    form = PracticeScoreForm(_data(request), items=items)
    if request.method == "POST" and form.is_valid():
        ok, _ = call_service(
            form, services.submit_practice, member, by=request.user, scores=form.scores()
        )
        if ok:
            return redirect("training:practice_result", member.pk)
    return render_form(
        request,
        "training/member/practice.html",
        form,
        member=member,
        round=member.panel.round,
        practice=practice_bid,
        optional=member.role not in SCORING_ROLES,
        done_before=PracticeAttempt.objects.filter(member=member, practice=practice_bid).exists(),
    )


@login_required
@require_GET
def practice_result(request, member_pk):
    member = get_member_for(request.user, member_pk)
    practice_bid = _practice(member)
    if practice_bid is None:
        raise Http404("This round has no practice bid.")
    scores = PracticeScore.objects.select_related("item__criterion")
    attempt = (
        PracticeAttempt.objects.filter(member=member, practice=practice_bid)
        .prefetch_related(Prefetch("scores", queryset=scores))
        .first()
    )
    rows = services.comparison(attempt) if attempt else []
    compared = [r for r in rows if r["difference"] is not None]
    return render(
        request,
        "training/member/practice_result.html",
        {
            "member": member,
            "round": member.panel.round,
            "practice": practice_bid,
            "attempt": attempt,
            "rows": rows,
            "close": sum(1 for r in compared if r["difference"] <= 1),
            "compared": len(compared),
        },
    )
