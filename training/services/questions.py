"""Check questions on a module, each with 2 to 5 choices and an explanation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

import audit
from training.models import (
    CheckQuestion,
    Choice,
    Module,
)
from training.services.checks import (
    MAX_CHOICES,
    MIN_CHOICES,
    officer_round,
)


def _clean_choices(choices) -> list[tuple[str, bool]]:
    """Drops empty answers; checks there are 2 to 5 and exactly one is right."""
    kept, errors = [], {}
    empty_marked_right = False
    for text, correct in choices:
        text = (text or "").strip()
        if text:
            kept.append((text, bool(correct)))
        elif correct:
            empty_marked_right = True
    if len(kept) < MIN_CHOICES:
        errors["choices"] = "Give at least two answers to choose from."
    elif len(kept) > MAX_CHOICES:
        errors["choices"] = f"Give no more than {MAX_CHOICES} answers to choose from."
    right = sum(1 for _, correct in kept if correct)
    if empty_marked_right:
        errors["correct"] = "The answer marked as right is empty. Write it in, or choose another."
    elif right == 0:
        errors["correct"] = "Choose which answer is right."
    elif right > 1:
        errors["correct"] = "Choose only one right answer."
    if errors:
        raise ValidationError(errors)
    return kept


def _clean_question(text: str, explanation: str, choices) -> tuple[str, str, list]:
    text, explanation = (text or "").strip(), (explanation or "").strip()
    errors = {}
    if not text:
        errors["text"] = "Enter the question."
    if not explanation:
        errors["explanation"] = "Explain the right answer. Panellists see it after answering."
    try:
        kept = _clean_choices(choices)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        kept = []
    if errors:
        raise ValidationError(errors)
    return text, explanation, kept


def write_question(module, question, text, explanation, choices, order=None) -> CheckQuestion:
    """Creates or rewrites a question. Answers keep their rows by position, so a member's last
    answers still point at the same place in the list."""
    text, explanation, choices = _clean_question(text, explanation, choices)
    if question is None:
        if order is None:
            order = (module.questions.aggregate(top=Max("order"))["top"] or 0) + 1
        question = CheckQuestion.objects.create(
            module=module, text=text, explanation=explanation, order=order
        )
        existing = []
    else:
        question.text, question.explanation = text, explanation
        question.save()
        existing = list(question.choices.all())
    for position, (choice_text, correct) in enumerate(choices, start=1):
        if position <= len(existing):
            choice = existing[position - 1]
            choice.text, choice.correct, choice.order = choice_text, correct, position
            choice.save()
        else:
            Choice.objects.create(
                question=question, text=choice_text, correct=correct, order=position
            )
    for choice in existing[len(choices) :]:
        choice.delete()
    return question


def _question_data(question: CheckQuestion) -> dict:
    return {
        "module": question.module_id,
        "text": question.text,
        "explanation": question.explanation,
        "choices": [{"text": c.text, "correct": c.correct} for c in question.choices.all()],
    }


def questions_data(module: Module) -> list[dict]:
    return [_question_data(q) for q in module.questions.prefetch_related("choices")]


@transaction.atomic
def create_question(module: Module, *, by, text: str, explanation: str, choices) -> CheckQuestion:
    """`choices` is a list of (text, correct) in order; empty ones are dropped."""
    round_ = officer_round(module.round, by)
    question = write_question(module, None, text, explanation, choices)
    audit.record(
        "training.question_created",
        obj=question,
        round=round_,
        actor=by,
        after=_question_data(question),
    )
    return question


@transaction.atomic
def update_question(
    question: CheckQuestion, *, by, text: str, explanation: str, choices
) -> CheckQuestion:
    round_ = officer_round(question.module.round, by)
    question = CheckQuestion.objects.select_related("module").get(pk=question.pk)
    before = _question_data(question)
    write_question(question.module, question, text, explanation, choices)
    after = _question_data(question)
    if after != before:
        audit.record(
            "training.question_saved",
            obj=question,
            round=round_,
            actor=by,
            before=before,
            after=after,
        )
    return question
