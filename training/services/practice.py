"""The practice bid: set by an officer, scored by members, compared with the reference scores.
It never counts."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

import audit
from commissioning.models import Criterion, CriterionKind, Round, Rubric
from panels.models import Member
from training.models import (
    PracticeAttempt,
    PracticeBid,
    PracticeItem,
    PracticeScore,
)
from training.services.checks import (
    check_training_open,
    lock_round,
    officer_round,
    require_self,
)


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
    round_ = officer_round(round_, by)
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
    require_self(member, by)
    round_ = lock_round(member.panel.round)
    check_training_open(round_)
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
