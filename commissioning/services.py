"""Every change to rounds, lots and rubrics, each recording its event in the decision trail.

Views parse input and call one of these; nothing else writes these models. Each service locks the
round row first, so a stage move and a method edit (or two stage moves) cannot interleave.
"""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

import audit
from audit.snapshots import snapshot_of
from commissioning import access, stages
from commissioning.models import (
    Criterion,
    CriterionKind,
    Descriptor,
    Lot,
    Round,
    Rubric,
    SetupState,
    Stage,
    weight_text,
)
from commissioning.signals import stage_moved
from commissioning.starter_rubric import STARTER_RUBRIC

ROUND_FIELDS = (
    "name",
    "purpose",
    "total_budget",
    "starts_on",
    "ends_on",
    "mode",
    "aggregation",
    "tie_break",
    "reference_prefix",
    "blind_review",
    "divergence_percent",
)
LOT_FIELDS = ("name", "description", "budget", "rubric")
CRITERION_FIELDS = (
    "kind",
    "title",
    "question_formal",
    "question_plain",
    "guidance",
    "weight",
    "scale_max",
    "minimum_score",
    "officer_method",
    "order",
)


class StageConflict(ValidationError):
    """Someone else moved the round since the page was loaded."""


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require(user, round_: Round, perm: str = access.MANAGE) -> None:
    if perm not in access.round_perms(user, round_):
        raise PermissionDenied("You cannot change this round.")


def _method_change(round_: Round, by, reason: str) -> str:
    """Checks the method may still change; returns the reason to record ('' in draft)."""
    state = round_.setup_state
    if state == SetupState.FROZEN:
        raise ValidationError(
            "The method (round, lots and rubric) is frozen because scoring has started."
        )
    reason = (reason or "").strip()
    if state == SetupState.OVERRIDE:
        if not reason:
            raise ValidationError(
                {"reason": "Say why the method must change now that the round has left draft."}
            )
        if not round_.method_changed_after_bids:
            before = snapshot_of(round_)
            round_.method_changed_after_bids = True
            round_.save(update_fields=["method_changed_after_bids"])
            audit.record(
                "round.method_overridden",
                obj=round_,
                round=round_,
                actor=by,
                before=before,
                reason=reason,
            )
    return reason


def _check_dates(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": "The end date must be the same as or after the start date."}
        )


def _check_budget(round_: Round, budget: Decimal, lot: Lot | None = None):
    allocated = round_.allocated_budget(exclude_lot=lot)
    room = round_.total_budget - allocated
    if budget > room:
        raise ValidationError(
            {
                "budget": f"This is more than the round has left. Lot budgets may add up to at most "
                f"£{round_.total_budget:,.2f}; other lots already have £{allocated:,.2f}, so "
                f"this lot can have at most £{max(room, Decimal('0')):,.2f}."
            }
        )


# Rounds -------------------------------------------------------------------------------------------


@transaction.atomic
def create_round(*, by, **fields) -> Round:
    if not access.can_create_rounds(by):
        raise PermissionDenied("Only procurement officers can create rounds.")
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    round_ = Round.objects.create(
        created_by=by, **{k: fields[k] for k in ROUND_FIELDS if k in fields}
    )
    audit.record("round.created", obj=round_, round=round_, actor=by)
    _grant(round_, by, access.MANAGE, by=by)
    return round_


@transaction.atomic
def update_round(round_: Round, *, by, reason: str = "", **changes) -> Round:
    _require(by, round_)
    round_ = _lock(round_)
    reason = _method_change(round_, by, reason)
    merged = {k: changes.get(k, getattr(round_, k)) for k in ROUND_FIELDS}
    _check_dates(merged["starts_on"], merged["ends_on"])
    if merged["total_budget"] < round_.allocated_budget():
        raise ValidationError(
            {
                "total_budget": f"The lots already add up to £{round_.allocated_budget():,.2f}. "
                "Lower a lot's budget first, or keep the total at least that high."
            }
        )
    before = snapshot_of(round_)
    for key, value in merged.items():
        setattr(round_, key, value)
    round_.save()
    if snapshot_of(round_) != before:
        audit.record(
            "round.updated", obj=round_, round=round_, actor=by, before=before, reason=reason
        )
    return round_


@transaction.atomic
def move_stage(round_: Round, *, to: str, by, reason: str = "", expected_from: str | None = None):
    """Moves the round one stage on (if its guard passes) or one back (with a reason)."""
    _require(by, round_)
    round_ = _lock(round_)
    if expected_from and round_.stage != expected_from:
        raise StageConflict(
            f"Someone else has already moved this round to {round_.get_stage_display().lower()}. "
            "Check the page again before moving it."
        )
    reason = (reason or "").strip()
    overridden = []
    if to == stages.next_stage(round_.stage):
        problems = stages.problems_leaving(round_)
        if problems and not (stages.can_override(problems) and reason):
            if stages.can_override(problems):
                raise ValidationError({"reason": "Say why the round must move on anyway."})
            raise ValidationError([p.message for p in problems])
        overridden = [p.message for p in problems]
    elif to == stages.previous_stage(round_.stage):
        if not reason:
            raise ValidationError({"reason": "Say why the round must go back a stage."})
    else:
        raise ValidationError(f"A round cannot move from {round_.stage} to {to}.")
    before = snapshot_of(round_)
    round_.stage = to
    if to == Stage.SCORING and round_.scoring_started_at is None:
        round_.scoring_started_at = timezone.now()
    round_.save(update_fields=["stage", "scoring_started_at"])
    if overridden:
        audit.record(
            "round.guard_passed_over",
            round=round_,
            actor=by,
            object_type="commissioning.stage_override",
            object_id=f"{round_.pk}:{to}",
            after={"from": before["stage"], "to": to, "problems": overridden},
            reason=reason,
        )
    audit.record(
        "round.stage_moved", obj=round_, round=round_, actor=by, before=before, reason=reason
    )
    stage_moved.send(sender=Round, round_=round_, before=before["stage"], after=to, by=by)
    return round_


# Access -------------------------------------------------------------------------------------------


def _grant(round_: Round, user, perm: str, *, by):
    assign_perm(perm, user, round_)
    audit.record(
        "access.granted",
        round=round_,
        actor=by,
        object_type="accounts.user",
        object_id=str(user.pseudonym),
        after={"permission": perm},
    )


@transaction.atomic
def grant_access(round_: Round, user, perm: str, *, by):
    _require(by, round_)
    if perm not in access.READ:
        raise ValidationError("Unknown kind of access.")
    if perm == access.MANAGE and not access.can_create_rounds(user):
        raise ValidationError({"email": "Only procurement officers can run a round."})
    if perm in access.round_perms(user, round_):
        raise ValidationError({"email": f"{user} already has this access."})
    _grant(_lock(round_), user, perm, by=by)


@transaction.atomic
def revoke_access(round_: Round, user, perm: str, *, by):
    _require(by, round_)
    round_ = _lock(round_)
    if perm == access.MANAGE:
        managers = get_users_with_perms(round_, only_with_perms_in=[access.MANAGE])
        if managers.count() <= 1:
            raise ValidationError("A round must keep at least one officer.")
    remove_perm(perm, user, round_)
    audit.record(
        "access.revoked",
        round=round_,
        actor=by,
        object_type="accounts.user",
        object_id=str(user.pseudonym),
        before={"permission": perm},
    )


def make_officer(user):
    """Officers are the only global group: they may create rounds."""
    group, _ = Group.objects.get_or_create(name=access.OFFICERS_GROUP)
    if not group.permissions.filter(codename="add_round").exists():
        from django.contrib.auth.models import Permission

        group.permissions.add(
            Permission.objects.get(codename="add_round", content_type__app_label="commissioning")
        )
    user.groups.add(group)


# Lots ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_lot(round_: Round, *, by, reason: str = "", **fields) -> Lot:
    _require(by, round_)
    round_ = _lock(round_)
    reason = _method_change(round_, by, reason)
    _check_budget(round_, fields["budget"])
    _check_rubric(round_, fields.get("rubric"))
    number = (round_.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    lot = Lot.objects.create(
        round=round_, number=number, **{k: fields[k] for k in LOT_FIELDS if k in fields}
    )
    audit.record("lot.added", obj=lot, round=round_, actor=by, reason=reason)
    return lot


@transaction.atomic
def update_lot(lot: Lot, *, by, reason: str = "", **changes) -> Lot:
    _require(by, lot.round)
    round_ = _lock(lot.round)
    reason = _method_change(round_, by, reason)
    lot = Lot.objects.get(pk=lot.pk)
    if "budget" in changes:
        _check_budget(round_, changes["budget"], lot=lot)
    _check_rubric(round_, changes.get("rubric"))
    before = snapshot_of(lot)
    for key in LOT_FIELDS:
        if key in changes:
            setattr(lot, key, changes[key])
    lot.save()
    if snapshot_of(lot) != before:
        audit.record("lot.updated", obj=lot, round=round_, actor=by, before=before, reason=reason)
    return lot


@transaction.atomic
def remove_lot(lot: Lot, *, by, reason: str = ""):
    _require(by, lot.round)
    round_ = _lock(lot.round)
    reason = _method_change(round_, by, reason)
    before = snapshot_of(lot)
    pk = lot.pk
    lot.delete()
    audit.record(
        "lot.removed",
        round=round_,
        actor=by,
        object_type="commissioning.lot",
        object_id=str(pk),
        before=before,
        after=None,
        reason=reason,
    )


def _check_rubric(round_: Round, rubric):
    if rubric is not None and rubric.round_id != round_.pk:
        raise ValidationError({"rubric": "Choose a rubric from this round."})


# Rubrics ------------------------------------------------------------------------------------------


@transaction.atomic
def create_rubric(
    round_: Round, *, by, name: str, source=None, lots=(), reason: str = ""
) -> Rubric:
    """A new rubric: blank, a copy of the starter rubric (source="starter"), or of another rubric."""
    _require(by, round_)
    round_ = _lock(round_)
    reason = _method_change(round_, by, reason)
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
    _require(by, rubric.round)
    round_ = _lock(rubric.round)
    reason = _method_change(round_, by, reason)
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
    _require(by, rubric.round)
    round_ = _lock(rubric.round)
    reason = _method_change(round_, by, reason)
    fields = _normalise_criterion(fields)
    fields.setdefault("order", rubric.criteria.count() + 1)
    criterion = _create_criterion(rubric, {**fields, "descriptors": descriptors})
    audit.record("criterion.added", obj=criterion, round=round_, actor=by, reason=reason)
    return criterion


@transaction.atomic
def update_criterion(criterion: Criterion, *, by, descriptors=None, reason: str = "", **changes):
    round_ = criterion.rubric.round
    _require(by, round_)
    round_ = _lock(round_)
    reason = _method_change(round_, by, reason)
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
    _require(by, round_)
    round_ = _lock(round_)
    reason = _method_change(round_, by, reason)
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
    _require(by, rubric.round)
    round_ = _lock(rubric.round)
    reason = _method_change(round_, by, reason)
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
