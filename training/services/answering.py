"""A member answering a module's check questions; the first pass adds its minutes to their time."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from panels.models import Member
from panels.services import add_time
from training.models import (
    Module,
    ModuleResult,
)
from training.services.checks import (
    check_training_open,
    lock_round,
    require_self,
)


def marking(module: Module, answers: dict) -> list[dict]:
    """Each question with the answer chosen (from `answers`, {question pk: choice pk} with keys as
    strings or ints), the right answer, and whether they match. Uses prefetched choices."""
    answers = {str(k): v for k, v in (answers or {}).items()}
    marked = []
    for question in module.questions.all():
        choices = list(question.choices.all())
        chosen_pk = answers.get(str(question.pk))
        chosen = next((c for c in choices if str(c.pk) == str(chosen_pk)), None)
        right = next((c for c in choices if c.correct), None)
        marked.append(
            {
                "question": question,
                "chosen": chosen,
                "right": right,
                "is_right": chosen is not None and chosen.correct,
            }
        )
    return marked


def _hours(minutes: int) -> Decimal:
    """Time given is kept in quarter hours: a module's minutes, rounded up to the next quarter."""
    quarters = max(1, -(-int(minutes) // 15))
    return Decimal(quarters) / Decimal(4)


@transaction.atomic
def answer_module(member: Member, module: Module, answers: dict, *, by) -> ModuleResult:
    """Marks a member's answers ({question pk: choice pk}). They pass when every answer is right;
    the first pass is recorded in the trail and its minutes are added to their time given.
    Retakes are allowed, before and after passing; every try is counted."""
    require_self(member, by)
    round_ = lock_round(member.panel.round)
    if module.round_id != round_.pk:
        raise ValidationError("This module belongs to another round.")
    check_training_open(round_)
    module = Module.objects.prefetch_related("questions__choices").get(pk=module.pk)
    answers = {str(k): v for k, v in (answers or {}).items()}
    errors = {}
    for question in module.questions.all():
        chosen = answers.get(str(question.pk))
        if chosen in (None, ""):
            errors[f"question_{question.pk}"] = "Choose an answer."
        elif str(chosen) not in {str(c.pk) for c in question.choices.all()}:
            errors[f"question_{question.pk}"] = "Choose one of the answers given."
    if errors:
        raise ValidationError(errors)
    marked = marking(module, answers)
    result, _ = ModuleResult.objects.get_or_create(member=member, module=module)
    result = ModuleResult.objects.select_for_update(of=("self",)).get(pk=result.pk)
    result.attempts += 1
    result.last_answers = {str(m["question"].pk): m["chosen"].pk for m in marked}
    first_pass = result.passed_at is None and all(m["is_right"] for m in marked)
    if first_pass:
        result.passed_at = timezone.now()
    result.save()
    if first_pass:
        audit.record(
            "training.passed",
            obj=result,
            round=round_,
            actor=by,
            after={
                "member": member.pk,
                "person": member.user.actor_ref,
                "module": module.pk,
                "title": module.title,
                "attempts": result.attempts,
                "passed_at": result.passed_at,
            },
        )
        if module.minutes:
            add_time(
                member,
                by=member.user,
                kind="training",
                hours=_hours(module.minutes),
                note=module.title[:200],
            )
    return result
