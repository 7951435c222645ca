"""A procurement round's dates after the awards (Procurement Act 2023), and how long its records
are kept.

- Assessment summaries go to every bidder before the contract award notice is published (s.50).
- The standstill period is 8 working days beginning with the day the contract award notice is
  published (s.51); the contract may be entered into only after it ends.
- The contract details notice is due within 30 days beginning with the day the contract is
  entered into (s.53).
- The round's records are kept for 3 years from the contract date; nothing of it may be deleted
  before then (decisions/retention check below, used by `manage.py delete_round`).

The dates are recorded by the officer once the round is decided, and may be filled in after it
is published (they are what happens next); a date already recorded on a published round is
final.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from commissioning import access
from commissioning.models import STAGE_ORDER, Mode, Round, Stage
from decisions.models import ProcurementRecord
from decisions.working_days import OutsideTable, last_of_working_days

STANDSTILL_WORKING_DAYS = 8
CONTRACT_NOTICE_DAYS = 30
RETENTION_YEARS = 3
DATE_FIELDS = ("summaries_sent_on", "award_notice_on", "contract_on")


@dataclass
class Timeline:
    record: ProcurementRecord | None
    standstill_ends: date | None = None
    contract_from: date | None = None
    contract_notice_due: date | None = None
    retained_until: date | None = None
    problem: str = ""


def record_snapshot(r: ProcurementRecord) -> dict:
    return {
        "round": r.round_id,
        **{f: getattr(r, f).isoformat() if getattr(r, f) else None for f in DATE_FIELDS},
    }


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def timeline(round_: Round) -> Timeline:
    record = ProcurementRecord.objects.filter(round=round_).first()
    out = Timeline(record)
    if record is None:
        return out
    if record.award_notice_on:
        try:
            out.standstill_ends = last_of_working_days(
                record.award_notice_on, STANDSTILL_WORKING_DAYS
            )
            out.contract_from = out.standstill_ends + timedelta(days=1)
        except OutsideTable as exc:
            out.problem = str(exc)
    if record.contract_on:
        out.contract_notice_due = record.contract_on + timedelta(days=CONTRACT_NOTICE_DAYS - 1)
        out.retained_until = years_after(record.contract_on, RETENTION_YEARS)
    return out


def _validate(round_: Round, dates: dict, today: date):
    errors = {}
    for field, value in dates.items():
        if value is not None and value > today:
            errors[field] = "This date is in the future: record it once it has happened."
    sent, notice, contract = (dates.get(f) for f in DATE_FIELDS)
    if notice and not sent:
        errors.setdefault(
            "summaries_sent_on",
            "The assessment summaries go to every bidder before the contract award notice is "
            "published: record the day they were sent.",
        )
    if notice and sent and notice < sent:
        errors.setdefault(
            "award_notice_on",
            "The contract award notice comes after the assessment summaries are sent.",
        )
    if contract and not notice:
        errors.setdefault(
            "contract_on",
            "A contract can only be entered into after the contract award notice and its "
            "standstill period: record the notice's date first.",
        )
    elif contract and notice and "award_notice_on" not in errors:
        try:
            ends = last_of_working_days(notice, STANDSTILL_WORKING_DAYS)
        except OutsideTable as exc:
            errors.setdefault("award_notice_on", str(exc))
        else:
            if contract <= ends:
                errors.setdefault(
                    "contract_on",
                    f"The standstill period runs until {ends:%-d %B %Y}: the contract can only "
                    "be entered into after that.",
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_dates(round_: Round, *, by, **dates) -> ProcurementRecord:
    """Records the assessment summaries, contract award notice and contract dates."""
    # Not lock_for_change: these dates may be filled in after publication.
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    if access.MANAGE not in access.round_perms(by, round_):
        raise PermissionDenied("Only an officer running this round records these dates.")
    if round_.mode != Mode.PROCUREMENT:
        raise ValidationError("Only a procurement round has these dates.")
    if round_.stage not in (Stage.DECIDED, Stage.PUBLISHED):
        raise ValidationError("These dates are recorded once the round's awards are decided.")
    record = ProcurementRecord.objects.select_for_update(of=("self",)).filter(round=round_).first()
    merged = {f: dates.get(f, getattr(record, f) if record else None) for f in DATE_FIELDS}
    if record is not None and round_.stage == Stage.PUBLISHED:
        changed = [f for f in DATE_FIELDS if getattr(record, f) and merged[f] != getattr(record, f)]
        if changed:
            raise ValidationError(
                dict.fromkeys(
                    changed, "The round is published, so a date already recorded is final."
                )
            )
    _validate(round_, merged, timezone.localdate())
    before = record_snapshot(record) if record else None
    if record is None:
        record = ProcurementRecord(round=round_, updated_by=by)
    for field, value in merged.items():
        setattr(record, field, value)
    record.updated_by = by
    record.updated_at = timezone.now()
    if before is not None and record_snapshot(record) == before:
        return record
    record.save()
    audit.record("procurement.dates_recorded", obj=record, round=round_, actor=by, before=before)
    return record


def check_deletable(round_: Round, today: date | None = None):
    """Refuses to delete a procurement round's records within 3 years of its contract date (or
    before a contract date is known, once it is decided)."""
    today = today or timezone.localdate()
    if round_.mode != Mode.PROCUREMENT or round_.stage_index < STAGE_ORDER.index(Stage.DECIDED):
        return
    until = timeline(round_).retained_until
    if until is None:
        raise ValidationError(
            f"“{round_.name}” is a decided procurement round with no contract date recorded: its "
            "records must be kept for 3 years from the contract date, so they cannot be deleted."
        )
    if today < until:
        raise ValidationError(
            f"“{round_.name}”'s records must be kept until {until:%-d %B %Y} (3 years from the "
            "contract date), so they cannot be deleted before then."
        )
