"""What the decision trail records of training (see audit/snapshots.py): the modules a round sets,
their check questions (with which answer is right), who passed them, its practice bid and each
practice attempt's scores."""

from audit.snapshots import register
from training.models import CheckQuestion, Module, ModuleResult, PracticeAttempt, PracticeBid


def result_snapshot(r: ModuleResult) -> dict:
    return {"member": r.member_id, "module": r.module_id, "passed_at": r.passed_at}


def attempt_snapshot(a: PracticeAttempt) -> dict:
    return {
        "member": a.member_id,
        "person": a.member.user.actor_ref,
        "practice": a.practice_id,
        "scores": {str(s.item.criterion_id): s.score for s in a.scores.all()},
    }


def register_all():
    from training.services.modules import _module_data
    from training.services.practice import _practice_data
    from training.services.questions import _question_data

    register(
        Module,
        snapshot=_module_data,
        describe=lambda m: f"Training module {m.pk} ({m.title})",
        merge=True,  # the starter set also records the module's questions
    )
    register(
        CheckQuestion,
        snapshot=_question_data,  # with its choices and which one is right
        queryset=lambda: CheckQuestion.objects.prefetch_related("choices"),
        describe=lambda q: f"Check question {q.pk} (module {q.module_id})",
        round_lookup="module__round_id__in",
    )
    register(
        ModuleResult,
        snapshot=result_snapshot,
        # Only a pass is a decision the trail records; tries before it are not.
        queryset=lambda: ModuleResult.objects.filter(passed_at__isnull=False),
        describe=lambda r: f"Training result {r.pk} (member {r.member_id}, module {r.module_id})",
        merge=True,  # the event also names the person, the title and the tries so far
        round_lookup="member__panel__round_id__in",
    )
    register(
        PracticeBid,
        snapshot=_practice_data,
        queryset=lambda: PracticeBid.objects.prefetch_related("items"),
        describe=lambda p: f"Practice bid {p.pk} (round {p.round_id})",
    )
    register(
        PracticeAttempt,
        snapshot=attempt_snapshot,
        queryset=lambda: PracticeAttempt.objects.select_related("member__user").prefetch_related(
            "scores__item"
        ),
        describe=lambda a: f"Practice attempt {a.pk} (member {a.member_id})",
        round_lookup="member__panel__round_id__in",
    )
