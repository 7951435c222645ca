"""Every change to score sheets. Drafts are saved without an event (they are not decisions);
starting, submitting, reopening and withdrawing a sheet are recorded with the full scores.

Saves carry the version the panellist's page was showing: a save against an older version raises
EditConflict, carrying what is saved now, so the page can show both and lose neither.

Who may open, save or submit a sheet is scoring.policy's answer: a view hands in the verdict it
asked for, and these services refuse whatever it refuses (asking again when they were handed none).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

import audit
from commissioning import access as round_access
from commissioning.final import lock_for_change, share_lock_for_change
from commissioning.models import Criterion, CriterionKind, Round, Stage
from panels.models import Assignment, Member, Role
from panels.services import access_lost
from scoring import consensus_policy, policy
from scoring.models import REASON_MAX, CriterionScore, Deadline, ScoreSheet, SheetStatus


class EditConflict(Exception):
    """The sheet was saved elsewhere since this page loaded."""

    def __init__(self, sheet: ScoreSheet):
        super().__init__("The sheet was saved somewhere else since you opened it.")
        self.sheet = sheet


@dataclass
class Entry:
    """What a panellist typed for one criterion: a score and the reason for it."""

    score: int | None = None
    reason: str = ""


def criteria_for(bid):
    """The criteria a panellist scores for `bid`: its lot's rubric, only what the panel scores.
    Pass/fail checks and officer-scored criteria are answered once per bid by an officer
    (decisions/), never on a sheet; answers an earlier sheet gave to them stay in the database and
    the trail, but are no longer asked or shown."""
    if bid.lot.rubric_id is None:
        return Criterion.objects.none()
    return Criterion.objects.filter(
        rubric_id=bid.lot.rubric_id, kind=CriterionKind.SCORED
    ).prefetch_related("descriptors")


def _lock(round_: Round) -> Round:
    return lock_for_change(round_)


def _scores_data(sheet: ScoreSheet) -> dict:
    return {
        str(s.criterion_id): {"score": s.score, "passed": s.passed, "reason": s.reason}
        for s in sheet.scores.all()
    }


def sheet_snapshot(sheet: ScoreSheet) -> dict:
    """What the trail keeps of a sheet: its status, and its scores once they are submitted."""
    return {
        "status": sheet.status,
        "member": sheet.assignment.member_id,
        "bid": sheet.assignment.bid_id,
        "scores": _scores_data(sheet) if sheet.status == SheetStatus.SUBMITTED else None,
    }


def deadline_passed(round_: Round, now=None) -> bool:
    deadline = Deadline.objects.filter(round=round_).first()
    return deadline is not None and (now or timezone.now()) > deadline.due_at


@transaction.atomic
def open_sheet(member: Member, bid, *, by, verdict: policy.Verdict | None = None) -> ScoreSheet:
    """The member's sheet for `bid`, started (and recorded) by the first save (or an explicit
    POST), never by looking at the page: a GET writes nothing. `verdict` is the view's answer from scoring.policy.may_score(member, bid, START), if it asked."""
    if by.pk != member.user_id:
        raise PermissionDenied("Only the panellist can open their own sheet.")
    existing = ScoreSheet.objects.filter(assignment__member=member, assignment__bid=bid).first()
    if existing is not None:
        return existing
    round_ = _lock(member.panel.round)
    policy.confirm(verdict, member, bid, policy.START, round_.stage).check()
    assignment = Assignment.objects.get(member=member, bid=bid)
    sheet, created = ScoreSheet.objects.get_or_create(assignment=assignment)
    if created:
        audit.record("sheet.started", obj=sheet, round=round_, actor=by)
    return sheet


def _check_writable(sheet: ScoreSheet, by, verdict: policy.Verdict | None):
    """The sheet's own state, then scoring.policy's answer for WRITE (a withdrawn consent, a lost
    access or a closed stage all refuse)."""
    member = sheet.assignment.member
    if by.pk != member.user_id:
        raise PermissionDenied("This is not your sheet.")
    if sheet.status == SheetStatus.SUBMITTED:
        raise ValidationError("You have submitted this sheet, so it can no longer be changed.")
    if sheet.status == SheetStatus.WITHDRAWN:
        raise ValidationError(
            "This sheet was set aside because of a conflict of interest, so it does not count."
        )
    stage = member.panel.round.stage
    policy.confirm(verdict, member, sheet.bid, policy.WRITE, stage).check()


def clean_entries(sheet: ScoreSheet, entries: dict) -> dict[int, Entry]:
    """Checks typed entries against the sheet's own criteria and scales; errors keyed by field."""
    criteria = {c.pk: c for c in criteria_for(sheet.bid)}
    errors = {}
    clean = {}
    for pk, entry in entries.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError("A score was sent for a question this bid is not scored on.")
        field = f"c{pk}"
        reason = (entry.reason or "").replace("\r\n", "\n").strip()
        if len(reason) > REASON_MAX:
            errors[f"{field}_reason"] = (
                f"Your reason is {len(reason):,} characters long. Keep it under {REASON_MAX:,}."
            )
        score = entry.score
        if score is not None and not 0 <= score <= criterion.scale_max:
            errors[f"{field}_score"] = f"Choose a score from 0 to {criterion.scale_max}."
        clean[pk] = Entry(score=score, reason=reason)
    if errors:
        raise ValidationError(errors)
    return clean


def _write(sheet: ScoreSheet, entries: dict[int, Entry]):
    """Two queries at most, whatever the size of the rubric (a save's query count is pinned)."""
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    new, changed = [], []
    for pk, entry in entries.items():
        row = existing.get(pk)
        if row is None:
            row = CriterionScore(sheet=sheet, criterion_id=pk)
            new.append(row)
        else:
            changed.append(row)
        row.score, row.reason = entry.score, entry.reason
    CriterionScore.objects.bulk_create(new)
    CriterionScore.objects.bulk_update(changed, ["score", "reason"])


@transaction.atomic
def save_draft(
    sheet: ScoreSheet, *, by, entries: dict, version: int, verdict: policy.Verdict | None = None
) -> ScoreSheet:
    """Saves what is typed so far. Not a decision, so no event; bumps the version.
    Locks in the house order (docs/architecture.md): the round's row, shared (saves to different
    sheets must not queue behind each other on deadline night; a stage move still waits for them),
    then the sheet's row only, never the joined member or round rows (that deadlocked with an
    officer recording time)."""
    share_lock_for_change(Round(pk=sheet.assignment.bid.lot.round_id))
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("assignment__member__panel__round", "assignment__bid__lot")
        .get(pk=sheet.pk)
    )
    _check_writable(sheet, by, verdict)
    if version != sheet.version:
        raise EditConflict(sheet)
    _write(sheet, clean_entries(sheet, entries))
    sheet.version += 1
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["version", "updated_at"])
    return sheet


def missing_answers(sheet: ScoreSheet) -> dict[str, str]:
    """What stops the sheet being submitted, keyed by field: a score and a reason for each."""
    have = {s.criterion_id: s for s in sheet.scores.all()}
    errors = {}
    for criterion in criteria_for(sheet.bid):
        row = have.get(criterion.pk)
        field = f"c{criterion.pk}"
        if row is None or row.score is None:
            errors[f"{field}_score"] = f"Choose a score for “{criterion.title}”."
        if row is None or not row.reason:
            errors[f"{field}_reason"] = f"Say why you gave this score for “{criterion.title}”."
    return errors


@transaction.atomic
def submit(
    sheet: ScoreSheet, *, by, version: int, verdict: policy.Verdict | None = None
) -> ScoreSheet:
    """Locks the sheet for good and records every score and reason in the trail. A second
    submission of the same version (a double click) finds it submitted and changes nothing."""
    round_ = _lock(sheet.assignment.member.panel.round)
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
    if sheet.status == SheetStatus.SUBMITTED and version == sheet.version - 1:
        return sheet  # the same click, twice
    _check_writable(sheet, by, verdict)
    if version != sheet.version:
        raise EditConflict(sheet)
    if round_.stage == Stage.SCORING and deadline_passed(round_):
        raise ValidationError(
            "The deadline for scoring has passed. Your sheet is saved: ask the officer or the "
            "chair what to do."
        )
    missing = missing_answers(sheet)
    if missing:
        raise ValidationError(missing)
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.version += 1
    sheet.reopened_reason = ""
    sheet.save(update_fields=["status", "submitted_at", "version", "reopened_reason"])
    audit.record("sheet.submitted", obj=sheet, round=round_, actor=by)
    return sheet


def chair_of(round_: Round, user, bid) -> Member | None:
    """The user's membership as chair of the panel scoring `bid`, if they are that chair and have
    declared no conflict with it (the chair is a member like the others)."""
    chair = (
        Member.objects.for_lot(bid.lot)
        .filter(user=user, role=Role.MODERATOR, status="active")
        .first()
    )
    if chair is None or not consensus_policy.chair_may_chair(chair, bid):
        return None
    return chair


@transaction.atomic
def reopen(sheet: ScoreSheet, *, by, reason: str) -> ScoreSheet:
    """The chair sends a submitted sheet back to the panellist, with a reason; the scores it had
    stay in the trail (the event's `before`)."""
    bid = sheet.assignment.bid
    round_ = _lock(bid.lot.round)
    if chair_of(round_, by, bid) is None:
        raise PermissionDenied("Only the chair of this panel can reopen a sheet.")
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the sheet is being reopened."})
    if round_.stage not in (Stage.SCORING, Stage.CONSENSUS):
        raise ValidationError("Sheets can be reopened only during scoring or consensus.")
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError("Only a submitted sheet can be reopened.")
    before = sheet_snapshot(sheet)
    sheet.status = SheetStatus.DRAFT
    sheet.reopened_reason = reason
    sheet.version += 1
    sheet.save(update_fields=["status", "reopened_reason", "version"])
    audit.record("sheet.reopened", obj=sheet, round=round_, actor=by, before=before, reason=reason)
    return sheet


@receiver(access_lost)
def withdraw_for_conflict(sender, member, bid, **kwargs):
    """A member who loses access to a bid mid-round: their sheet is kept, marked withdrawn, and
    left out of every figure. Runs inside the panels service's transaction."""
    sheet = ScoreSheet.objects.filter(assignment__member=member, assignment__bid=bid).first()
    if sheet is None or sheet.status == SheetStatus.WITHDRAWN:
        return
    before = sheet_snapshot(sheet)
    sheet.status = SheetStatus.WITHDRAWN
    sheet.withdrawn_reason = "The panellist can no longer see this bid (a conflict of interest)."
    sheet.version += 1
    sheet.save(update_fields=["status", "withdrawn_reason", "version"])
    audit.record(
        "sheet.withdrawn",
        obj=sheet,
        round=bid.lot.round,
        actor="system",
        before=before,
        reason=sheet.withdrawn_reason,
    )


@transaction.atomic
def set_deadline(round_: Round, *, by, due_at, reminder_hours=(72, 24)) -> Deadline:
    if round_access.MANAGE not in round_access.round_perms(by, round_):
        raise PermissionDenied("Only the round's officers can set the deadline.")
    round_ = _lock(round_)
    if round_.stage not in (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING):
        raise ValidationError("Scoring has finished: its deadline can no longer change.")
    hours = sorted({int(h) for h in reminder_hours if int(h) > 0}, reverse=True)
    deadline, _ = Deadline.objects.update_or_create(
        round=round_, defaults={"due_at": due_at, "reminder_hours": hours, "set_by": by}
    )
    audit.record(
        "scoring.deadline_set",
        obj=deadline,
        round=round_,
        actor=by,
        after={"due_at": due_at, "reminder_hours": hours},
    )
    return deadline
