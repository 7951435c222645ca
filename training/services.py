"""Every change to induction: modules, check questions, answers, and the practice bid.

Views parse input and call one of these. Officers' edits and members' passes are recorded in the
decision trail; a wrong answer is not a decision, so attempts are only counted. Modules and the
practice bid can change only while the round is in draft or induction.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

import audit
from commissioning import access as round_access
from commissioning.models import Criterion, CriterionKind, Round, Rubric, Stage
from panels.models import Member
from panels.services import add_time
from training.models import (
    CheckQuestion,
    Choice,
    Module,
    ModuleResult,
    PracticeAttempt,
    PracticeBid,
    PracticeItem,
    PracticeScore,
)
from training.starter_modules import STARTER_MODULES

EDITABLE_STAGES = (Stage.DRAFT, Stage.INDUCTION)
TRAINING_OPEN_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)
MIN_CHOICES, MAX_CHOICES = 2, 5
MODULE_FIELDS = ("title", "body", "order", "required", "minutes")


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require_officer(user, round_: Round):
    if round_access.MANAGE not in round_access.round_perms(user, round_):
        raise PermissionDenied("Only the round's officers can change its induction.")


def editable(round_: Round) -> bool:
    return round_.stage in EDITABLE_STAGES


def _check_editable(round_: Round):
    if not editable(round_):
        raise ValidationError(
            f"The round is in {round_.get_stage_display().lower()}, so its induction can no "
            "longer change. Modules and the practice bid can be changed in draft and induction."
        )


def _officer_round(round_: Round, by) -> Round:
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_editable(round_)
    return round_


# Modules ------------------------------------------------------------------------------------------


def _module_data(module: Module) -> dict:
    return {
        "title": module.title,
        "body": module.body,
        "order": module.order,
        "required": module.required,
        "minutes": module.minutes,
        "starter_key": module.starter_key,
    }


def _clean_module(fields: dict) -> dict:
    data = {k: fields[k] for k in MODULE_FIELDS if k in fields}
    if data.get("order", 0) is None:
        del data["order"]  # empty: a new module goes last, an edited one stays where it is
    errors = {}
    for key in ("title", "body"):
        if key in data:
            data[key] = (data[key] or "").strip()
            if not data[key]:
                errors[key] = {
                    "title": "Enter a title.",
                    "body": "Write what the module says.",
                }[key]
    if "minutes" in data and not (1 <= int(data["minutes"] or 0) <= 600):
        errors["minutes"] = "Enter a number of minutes from 1 to 600."
    if errors:
        raise ValidationError(errors)
    return data


def _next_order(round_: Round) -> int:
    return (round_.modules.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def create_module(round_: Round, *, by, **fields) -> Module:
    round_ = _officer_round(round_, by)
    data = _clean_module(fields)
    data.setdefault("order", _next_order(round_))
    module = Module.objects.create(round=round_, **data)
    audit.record(
        "training.module_created", obj=module, round=round_, actor=by, after=_module_data(module)
    )
    return module


@transaction.atomic
def update_module(module: Module, *, by, **changes) -> Module:
    round_ = _officer_round(module.round, by)
    module = Module.objects.get(pk=module.pk)
    before = _module_data(module)
    for key, value in _clean_module(changes).items():
        setattr(module, key, value)
    module.save()
    if _module_data(module) != before:
        audit.record(
            "training.module_saved",
            obj=module,
            round=round_,
            actor=by,
            before=before,
            after=_module_data(module),
        )
    return module


@transaction.atomic
def add_starter_modules(round_: Round, *, by) -> list[Module]:
    """Copies the built-in starter set (training/starter_modules.py) into the round, after any
    modules it has. A starter module already in the round is not added twice."""
    round_ = _officer_round(round_, by)
    present = set(round_.modules.values_list("starter_key", flat=True))
    order = _next_order(round_)
    made = []
    for spec in STARTER_MODULES:
        if spec["key"] in present:
            continue
        module = Module.objects.create(
            round=round_,
            title=spec["title"],
            body=spec["body"],
            minutes=spec["minutes"],
            order=order,
            required=True,
            starter_key=spec["key"],
        )
        order += 1
        for q_order, question in enumerate(spec["questions"], start=1):
            _write_question(
                module,
                None,
                question["text"],
                question["explanation"],
                question["choices"],
                q_order,
            )
        audit.record(
            "training.module_created",
            obj=module,
            round=round_,
            actor=by,
            after={**_module_data(module), "questions": _questions_data(module)},
            reason="Added from the starter set.",
        )
        made.append(module)
    return made


# Check questions ----------------------------------------------------------------------------------


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


def _write_question(module, question, text, explanation, choices, order=None) -> CheckQuestion:
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


def _questions_data(module: Module) -> list[dict]:
    return [_question_data(q) for q in module.questions.prefetch_related("choices")]


@transaction.atomic
def create_question(module: Module, *, by, text: str, explanation: str, choices) -> CheckQuestion:
    """`choices` is a list of (text, correct) in order; empty ones are dropped."""
    round_ = _officer_round(module.round, by)
    question = _write_question(module, None, text, explanation, choices)
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
    round_ = _officer_round(question.module.round, by)
    question = CheckQuestion.objects.select_related("module").get(pk=question.pk)
    before = _question_data(question)
    _write_question(question.module, question, text, explanation, choices)
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


# Answering ----------------------------------------------------------------------------------------


def _require_self(member: Member, by):
    if by is None or by.pk != member.user_id:
        raise PermissionDenied("Only the member can do their own training.")


def _check_training_open(round_: Round):
    if round_.stage not in TRAINING_OPEN_STAGES:
        raise ValidationError("The round's decisions are made, so its training has closed.")


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
    _require_self(member, by)
    round_ = _lock(member.panel.round)
    if module.round_id != round_.pk:
        raise ValidationError("This module belongs to another round.")
    _check_training_open(round_)
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
    result = ModuleResult.objects.select_for_update().get(pk=result.pk)
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


# The practice bid ---------------------------------------------------------------------------------


def scored_criteria(rubric: Rubric):
    return rubric.criteria.filter(kind=CriterionKind.SCORED).prefetch_related("descriptors")


def _practice_data(practice: PracticeBid) -> dict:
    return {
        "rubric": practice.rubric_id,
        "title": practice.title,
        "summary": practice.summary,
        "items": {
            str(i.criterion_id): {
                "answer": i.answer,
                "reference_score": i.reference_score,
                "reference_reason": i.reference_reason,
            }
            for i in practice.items.all()
        },
    }


@transaction.atomic
def set_practice(
    round_: Round, *, by, rubric: Rubric, title: str, summary: str, items: dict
) -> PracticeBid:
    """Creates or replaces the round's practice bid. `items` is {criterion: (answer, reference
    score, reference reason)} with one entry for every scored criterion of `rubric`."""
    round_ = _officer_round(round_, by)
    title, summary = (title or "").strip(), (summary or "").strip()
    errors = {}
    if rubric is None or rubric.round_id != round_.pk:
        raise ValidationError({"rubric": "Choose a rubric from this round."})
    if not title:
        errors["title"] = "Give the practice bid a title."
    if not summary:
        errors["summary"] = "Write a short summary of the practice bid."
    criteria = list(scored_criteria(rubric))
    if not criteria:
        errors["rubric"] = f"“{rubric}” has no criteria for the panel to score yet."
    given = {(c.pk if isinstance(c, Criterion) else int(c)): v for c, v in items.items()}
    known = {c.pk for c in criteria}
    if set(given) - known:
        errors["__all__"] = "Some answers are for questions that are not on this rubric."
    cleaned = {}
    for criterion in criteria:
        answer, score, reason = given.get(criterion.pk, ("", None, ""))
        answer, reason = (answer or "").strip(), (reason or "").strip()
        if not answer:
            errors[f"answer_{criterion.pk}"] = f"Write the practice bid's answer to “{criterion}”."
        if score in (None, ""):
            errors[f"score_{criterion.pk}"] = f"Choose the reference score for “{criterion}”."
        elif not (0 <= int(score) <= criterion.scale_max):
            errors[f"score_{criterion.pk}"] = (
                f"Choose a score from 0 to {criterion.scale_max} for “{criterion}”."
            )
        if not reason:
            errors[f"reason_{criterion.pk}"] = (
                f"Say why the practice bid gets that score for “{criterion}”."
            )
        cleaned[criterion.pk] = (answer, None if score in (None, "") else int(score), reason)
    if errors:
        raise ValidationError(errors)
    practice = PracticeBid.objects.filter(round=round_).first()
    before = None
    if practice is not None:
        before = _practice_data(practice)
        if practice.rubric_id != rubric.pk and practice.attempts.exists():
            raise ValidationError(
                {
                    "rubric": "Panellists have already practised on the other rubric, so the "
                    "practice bid must keep it. Their scores would no longer match."
                }
            )
        practice.rubric, practice.title, practice.summary = rubric, title, summary
        practice.save()
        stale = practice.items.exclude(criterion_id__in=known)
        if PracticeScore.objects.filter(item__in=stale).exists():
            raise ValidationError(
                "A question of the practice bid that panellists have already scored is no longer "
                "on the rubric. Put it back, or ask for help."
            )
        stale.delete()
    else:
        practice = PracticeBid.objects.create(
            round=round_, rubric=rubric, title=title, summary=summary
        )
    for criterion_pk, (answer, score, reason) in cleaned.items():
        PracticeItem.objects.update_or_create(
            practice=practice,
            criterion_id=criterion_pk,
            defaults={"answer": answer, "reference_score": score, "reference_reason": reason},
        )
    after = _practice_data(practice)
    if after != before:
        audit.record(
            "training.practice_saved",
            obj=practice,
            round=round_,
            actor=by,
            before=before,
            after=after,
        )
    return practice


@transaction.atomic
def submit_practice(member: Member, *, by, scores: dict) -> PracticeAttempt:
    """A member's scores for the practice bid: {criterion pk: (score, reason)} for every scored
    criterion of its rubric. Practice never counts towards any decision."""
    _require_self(member, by)
    round_ = _lock(member.panel.round)
    _check_training_open(round_)
    practice = PracticeBid.objects.filter(round=round_).select_related("rubric").first()
    if practice is None:
        raise ValidationError("This round has no practice bid.")
    items = {
        i.criterion_id: i
        for i in practice.items.select_related("criterion").filter(
            criterion__kind=CriterionKind.SCORED, criterion__rubric=practice.rubric_id
        )
    }
    given = {int(k): v for k, v in scores.items()}
    errors = {}
    strangers = set(given) - set(items)
    if strangers:
        errors["__all__"] = (
            "Some scores are for questions that are not on this practice bid. "
            "Open the practice bid again and score the questions shown."
        )
    cleaned = {}
    for criterion_pk, item in items.items():
        criterion = item.criterion
        score, reason = given.get(criterion_pk, (None, ""))
        reason = (reason or "").strip()
        if score in (None, ""):
            errors[f"score_{criterion_pk}"] = f"Choose a score for “{criterion}”."
        else:
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = -1
            if not (0 <= score <= criterion.scale_max):
                errors[f"score_{criterion_pk}"] = (
                    f"Choose a score from 0 to {criterion.scale_max} for “{criterion}”."
                )
        if not reason:
            errors[f"reason_{criterion_pk}"] = (
                f"Write a few words about why you chose your score for “{criterion}”."
            )
        cleaned[criterion_pk] = (score, reason)
    if not items:
        errors["__all__"] = "The practice bid has no questions to score yet."
    if errors:
        raise ValidationError(errors)
    attempt = PracticeAttempt.objects.create(member=member, practice=practice)
    PracticeScore.objects.bulk_create(
        PracticeScore(attempt=attempt, item=items[pk], score=score, reason=reason)
        for pk, (score, reason) in cleaned.items()
    )
    audit.record(
        "training.practice_done",
        obj=attempt,
        round=round_,
        actor=by,
        after={
            "member": member.pk,
            "person": member.user.actor_ref,
            "practice": practice.pk,
            "scores": {str(pk): score for pk, (score, _) in cleaned.items()},
        },
    )
    return attempt


def comparison(attempt: PracticeAttempt) -> list[dict]:
    """Criterion by criterion: the member's score and reason beside the reference. Uses
    prefetched `scores__item__criterion` when present."""
    rows = []
    for score in sorted(
        attempt.scores.all(), key=lambda s: (s.item.criterion.order, s.item.criterion_id)
    ):
        item = score.item
        reference = item.reference_score
        rows.append(
            {
                "criterion": item.criterion,
                "item": item,
                "score": score.score,
                "reason": score.reason,
                "reference": reference,
                "difference": None if reference is None else abs(score.score - reference),
            }
        )
    return rows


def distance(attempt: PracticeAttempt | None) -> Decimal | None:
    """How far an attempt's scores were from the reference scores: the mean absolute difference
    over the criteria that have a reference score, to one decimal place. None if nothing compares."""
    if attempt is None:
        return None
    differences = [
        abs(s.score - s.item.reference_score)
        for s in attempt.scores.all()
        if s.item.reference_score is not None
    ]
    if not differences:
        return None
    mean = Decimal(sum(differences)) / Decimal(len(differences))
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
