"""Lots: added, changed and removed, each within the round's budget."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

import audit
from audit.snapshots import snapshot_of
from commissioning.models import (
    Lot,
    Round,
)
from commissioning.services.checks import (
    LOT_FIELDS,
    check_budget,
    lock_round,
    method_change,
    require,
)

HAS_BIDS = (
    "This lot already has bids, so it cannot be removed: they were made to it and stay in the "
    "round's record. Withdraw the bids if the lot is no longer offered, or leave the lot as it is."
)
HAS_RECORDS = (
    "This lot already has records that depend on it (such as its panel's meeting or an award), so "
    "it cannot be removed."
)


@transaction.atomic
def add_lot(round_: Round, *, by, reason: str = "", **fields) -> Lot:
    require(by, round_)
    round_ = lock_round(round_)
    reason = method_change(round_, by, reason)
    check_budget(round_, fields["budget"])
    _check_rubric(round_, fields.get("rubric"))
    number = (round_.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    lot = Lot.objects.create(
        round=round_, number=number, **{k: fields[k] for k in LOT_FIELDS if k in fields}
    )
    audit.record("lot.added", obj=lot, round=round_, actor=by, reason=reason)
    return lot


@transaction.atomic
def update_lot(lot: Lot, *, by, reason: str = "", **changes) -> Lot:
    require(by, lot.round)
    round_ = lock_round(lot.round)
    reason = method_change(round_, by, reason)
    lot = Lot.objects.get(pk=lot.pk)
    if "budget" in changes:
        check_budget(round_, changes["budget"], lot=lot)
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
    require(by, lot.round)
    round_ = lock_round(lot.round)
    reason = method_change(round_, by, reason)
    if lot.bids.exists():
        raise ValidationError(HAS_BIDS)
    before = snapshot_of(lot)
    pk = lot.pk
    try:
        lot.delete()
    except ProtectedError as exc:  # records beyond bids (meetings, awards) keep it too
        raise ValidationError(HAS_RECORDS) from exc
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
