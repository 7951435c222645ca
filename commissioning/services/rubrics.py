"""Rubrics: made blank, from the starter or as a copy; their criteria, descriptors and weights."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

import audit
from audit.snapshots import snapshot_of
from commissioning import access
from commissioning.models import (
    Criterion,
    CriterionKind,
    Descriptor,
    Round,
    Rubric,
    weight_text,
)
from commissioning.services.checks import (
    CRITERION_FIELDS,
    lock_round,
    method_change,
    require,
)
from commissioning.services.lots import update_lot
from commissioning.starter_rubric import STARTER_RUBRIC


@transaction.atomic
def create_rubric(
    round_: Round, *, by, name: str, source=None, lots=(), reason: str = ""
) -> Rubric:
    """A new rubric: blank, a copy of the starter rubric (source="starter"), or of another rubric."""
    require(by, round_)
    round_ = lock_round(round_)
    reason = method_change(round_, by, reason)
    if isinstance(source, Rubric):
        if access.READ.isdisjoint(access.round_perms(by, source.round)):
            raise PermissionDenied("You cannot copy a rubric from a round you cannot see.")
        criteria = [_criterion_data(c) for c in source.criteria.prefetch_related("descriptors")]
        copied_from = {"rubric": source.pk, "round": source.round_id}
    elif source == "starter":
        criteria = STARTER_RUBRIC["criteria"]
        copied_from = {"starter": STARTER_RUBRIC["name"]}
    else:
        criteria, copied_from = [], None
    rubric = Rubric.objects.create(round=round_, name=name)
    audit.record(
        "rubric.created",
        obj=rubric,
        round=round_,
        actor=by,
        reason=reason,
        before={"copied_from": copied_from} if copied_from else None,
    )
    for order, data in enumerate(criteria, start=1):
        criterion = _create_criterion(rubric, {**data, "order": order})
        audit.record("criterion.added", obj=criterion, round=round_, actor=by, reason=reason)
    for lot in lots:
        update_lot(lot, by=by, reason=reason, rubric=rubric)
    return rubric


@transaction.atomic
def rename_rubric(rubric: Rubric, *, by, name: str, reason: str = "") -> Rubric:
    require(by, rubric.round)
    round_ = lock_round(rubric.round)
    reason = method_change(round_, by, reason)
    before = snapshot_of(rubric)
    rubric.name = name
    rubric.save()
    if snapshot_of(rubric) != before:
        audit.record(
            "rubric.updated", obj=rubric, round=round_, actor=by, before=before, reason=reason
        )
    return rubric


def _criterion_data(criterion: Criterion) -> dict:
    data = {k: getattr(criterion, k) for k in CRITERION_FIELDS}
    data["descriptors"] = [
        (d.score, d.text_formal, d.text_plain) for d in criterion.descriptors.all()
    ]
    return data


def _create_criterion(rubric: Rubric, data: dict) -> Criterion:
    criterion = Criterion.objects.create(
        rubric=rubric, **{k: data[k] for k in CRITERION_FIELDS if k in data}
    )
    Descriptor.objects.bulk_create(
        Descriptor(criterion=criterion, score=s, text_formal=f, text_plain=p)
        for s, f, p in data.get("descriptors", [])
    )
    return criterion


def _normalise_criterion(data: dict) -> dict:
    if data.get("kind") == CriterionKind.PASS_FAIL:
        data.update(weight=Decimal("0"), scale_max=1, minimum_score=None, officer_method="")
    elif data.get("kind") == CriterionKind.SCORED:
        data["officer_method"] = ""
    return data


@transaction.atomic
def add_criterion(rubric: Rubric, *, by, descriptors=(), reason: str = "", **fields) -> Criterion:
    require(by, rubric.round)
    round_ = lock_round(rubric.round)
    reason = method_change(round_, by, reason)
    fields = _normalise_criterion(fields)
    fields.setdefault("order", rubric.criteria.count() + 1)
    criterion = _create_criterion(rubric, {**fields, "descriptors": descriptors})
    audit.record("criterion.added", obj=criterion, round=round_, actor=by, reason=reason)
    return criterion


@transaction.atomic
def update_criterion(criterion: Criterion, *, by, descriptors=None, reason: str = "", **changes):
    round_ = criterion.rubric.round
    require(by, round_)
    round_ = lock_round(round_)
    reason = method_change(round_, by, reason)
    criterion = Criterion.objects.get(pk=criterion.pk)
    before = snapshot_of(criterion)
    for key, value in _normalise_criterion(
        {"kind": changes.get("kind", criterion.kind), **changes}
    ).items():
        if key in CRITERION_FIELDS:
            setattr(criterion, key, value)
    criterion.save()
    if descriptors is not None:
        criterion.descriptors.all().delete()
        Descriptor.objects.bulk_create(
            Descriptor(criterion=criterion, score=s, text_formal=f, text_plain=p)
            for s, f, p in descriptors
            if s <= criterion.scale_max
        )
    if snapshot_of(criterion) != before:
        audit.record(
            "criterion.updated", obj=criterion, round=round_, actor=by, before=before, reason=reason
        )
    return criterion


@transaction.atomic
def remove_criterion(criterion: Criterion, *, by, reason: str = ""):
    round_ = criterion.rubric.round
    require(by, round_)
    round_ = lock_round(round_)
    reason = method_change(round_, by, reason)
    before = snapshot_of(criterion)
    pk = criterion.pk
    criterion.delete()
    audit.record(
        "criterion.removed",
        round=round_,
        actor=by,
        object_type="commissioning.criterion",
        object_id=str(pk),
        before=before,
        after=None,
        reason=reason,
    )


@transaction.atomic
def set_weights(rubric: Rubric, *, by, weights: dict[int, Decimal], reason: str = ""):
    """Sets all weights of a rubric at once; they must add up to exactly 100."""
    require(by, rubric.round)
    round_ = lock_round(rubric.round)
    reason = method_change(round_, by, reason)
    criteria = {c.pk: c for c in rubric.criteria.exclude(kind=CriterionKind.PASS_FAIL)}
    if set(weights) != set(criteria):
        raise ValidationError("Give a weight for every scored criterion of this rubric.")
    total = sum(weights.values(), Decimal("0"))
    if total != 100:
        raise ValidationError(
            f"The weights add up to {weight_text(total)}. They must add up to exactly 100."
        )
    for pk, weight in weights.items():
        if criteria[pk].weight != weight:
            update_criterion(criteria[pk], by=by, reason=reason, weight=weight)
