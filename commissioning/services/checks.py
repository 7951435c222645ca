"""What every commissioning service checks first: the round locked, the user allowed, the method
still open to change (recording an override once), dates and budgets that add up."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import audit
from audit.snapshots import snapshot_of
from commissioning import access
from commissioning.final import lock_for_change
from commissioning.models import (
    Lot,
    Round,
    SetupState,
    Stage,
)

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


def lock_round(round_: Round) -> Round:
    return lock_for_change(round_)


def require(user, round_: Round, perm: str = access.MANAGE) -> None:
    if perm not in access.round_perms(user, round_):
        raise PermissionDenied("You cannot change this round.")


def method_change(round_: Round, by, reason: str) -> str:
    """Checks the method may still change; returns the reason to record ('' in draft)."""
    state = round_.setup_state
    if state == SetupState.FROZEN:
        raise ValidationError(
            "The method (round, lots and rubric) is frozen because scoring has started."
        )
    reason = (reason or "").strip()
    if state == SetupState.OVERRIDE:
        if not reason:
            when = (
                "bids have been received"
                if round_.stage == Stage.DRAFT
                else "the round has left draft"
            )
            raise ValidationError({"reason": f"Say why the method must change now that {when}."})
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


def check_dates(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": "The end date must be the same as or after the start date."}
        )


def check_budget(round_: Round, budget: Decimal, lot: Lot | None = None):
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
