"""Recognition and time: what a member chose as thanks, the hours they gave, their expenses.
These can be added after the decision, until the round is published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from panels.models import (
    Expense,
    Member,
    RecognitionChoice,
    TimeEntry,
    TimeKind,
)
from panels.services.checks import (
    check_not_published,
    lock_round,
    require_officer,
)
from panels.services.members import require_self_or_officer


@transaction.atomic
def choose_recognition(member: Member, *, by, choice: str) -> Member:
    require_self_or_officer(member, by)
    round_ = lock_round(member.panel.round)
    member = Member.objects.get(pk=member.pk)
    if choice not in RecognitionChoice.values:
        raise ValidationError({"recognition": "Choose one of the options."})
    before = member.recognition
    member.recognition = choice
    member.save(update_fields=["recognition"])
    if before != choice:
        audit.record(
            "recognition.chosen",
            obj=member,
            round=round_,
            actor=by,
            before={"recognition": before},
            after={"recognition": choice},
        )
    return member


@transaction.atomic
def record_time(member: Member, *, by, kind: str, hours, on=None, note: str = "") -> TimeEntry:
    require_officer(by, member.panel.round)
    check_not_published(lock_round(member.panel.round))
    return add_time(member, by=by, kind=kind, hours=hours, on=on, note=note)


def add_time(member: Member, *, by, kind, hours, on=None, note="") -> TimeEntry:
    """Also used by training when a module is passed (the member is then `by`)."""
    from decimal import Decimal

    if kind not in TimeKind.values:
        raise ValidationError({"kind": "Choose what the time was for."})
    hours = Decimal(hours)
    if hours < Decimal("0.25") or hours > 24:
        raise ValidationError({"hours": "Enter between 0.25 and 24 hours."})
    entry = TimeEntry.objects.create(
        member=member,
        kind=kind,
        hours=hours,
        on=on or timezone.localdate(),
        note=note.strip(),
        recorded_by=by,
    )
    audit.record(
        "recognition.time",
        obj=entry,
        round=member.panel.round,
        actor=by,
    )  # after: panels.snapshots.time_snapshot, hours as stored (2.50, not the 2.5 typed)
    return entry


@transaction.atomic
def add_expense(member: Member, *, by, description: str, amount, on=None) -> Expense:
    require_officer(by, member.panel.round)
    check_not_published(lock_round(member.panel.round))
    from decimal import Decimal

    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0."})
    expense = Expense.objects.create(
        member=member,
        description=description.strip(),
        amount=amount,
        on=on or timezone.localdate(),
        recorded_by=by,
    )
    audit.record(
        "recognition.expense",
        obj=expense,
        round=member.panel.round,
        actor=by,
    )  # after: panels.snapshots.expense_snapshot, the amount as stored
    return expense
