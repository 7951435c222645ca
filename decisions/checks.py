"""Officer checks and officer scores: the pass/fail questions (safeguarding, insurance) and the
officer-scored (manual) criteria, answered once per bid by an officer with a reason.

Each write locks the round, then only the row it changes, and records an event with the full
content in the same transaction. Price-formula criteria are never scored by hand: their points
come from the bid's amount requested (decisions/totals.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from audit.snapshots import snapshot_of
from bids.models import BidStatus
from commissioning.models import CriterionKind, OfficerMethod
from decisions import policy
from decisions.models import OfficerCheck, OfficerScore


def check_snapshot(c: OfficerCheck) -> dict:
    return {"bid": c.bid_id, "criterion": c.criterion_id, "passed": c.passed, "reason": c.reason}


def score_snapshot(s: OfficerScore) -> dict:
    return {"bid": s.bid_id, "criterion": s.criterion_id, "score": s.score, "reason": s.reason}


def _compliant(bid):
    if bid.status != BidStatus.RECEIVED:
        raise ValidationError(
            f"{bid.reference} is {bid.get_status_display().lower()}, so it needs no checks or "
            "scores."
        )


@transaction.atomic
def answer_check(bid, criterion, *, by, passed, reason) -> OfficerCheck:
    """Records (or changes) an officer's pass or fail on a pass/fail criterion for `bid`.

    Refused with ValidationError keyed "passed" (not True/False), "reason" (missing or too long)
    or "criterion" (not a pass/fail question of the bid's rubric); PermissionDenied for anyone
    but an officer of the round.
    """
    round_ = policy.lock(bid.lot.round)
    policy.require_officer(by, round_)
    policy.require_open(round_)
    policy.check_bid_in_rubric(bid, criterion, (CriterionKind.PASS_FAIL,), "a pass/fail check")
    _compliant(bid)
    errors = {}
    if not isinstance(passed, bool):
        errors["passed"] = "Choose pass or fail."
    try:
        reason = policy.clean_text(reason, "reason", "Say why it passes or fails: it is recorded.")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    check = (
        OfficerCheck.objects.select_for_update(of=("self",))
        .filter(bid=bid, criterion=criterion)
        .first()
    )
    before = snapshot_of(check) if check else None
    if check is None:
        check = OfficerCheck(bid=bid, criterion=criterion)
    elif (check.passed, check.reason) == (passed, reason):
        return check  # the same answer twice (a double click)
    check.passed, check.reason = passed, reason
    check.answered_by, check.answered_at = by, timezone.now()
    check.save()
    action = "decisions.check_answered" if before is None else "decisions.check_changed"
    audit.record(action, obj=check, round=round_, actor=by, before=before, reason=reason)
    return check


@transaction.atomic
def score_criterion(bid, criterion, *, by, score, reason) -> OfficerScore:
    """Records (or changes) an officer's score on an officer-scored (manual) criterion.

    Refused with ValidationError keyed "score" (not a whole number on the scale), "reason" or
    "criterion" (not an officer-scored manual criterion of the bid's rubric, e.g. price).
    """
    round_ = policy.lock(bid.lot.round)
    policy.require_officer(by, round_)
    policy.require_open(round_)
    policy.check_bid_in_rubric(bid, criterion, (CriterionKind.OFFICER,), "scored by an officer")
    if criterion.officer_method != OfficerMethod.MANUAL:
        raise ValidationError(
            {"criterion": f"“{criterion}” is worked out from the bid's price, not scored by hand."}
        )
    _compliant(bid)
    errors = {}
    if isinstance(score, bool) or not isinstance(score, int):
        errors["score"] = f"Choose a whole-number score from 0 to {criterion.scale_max}."
    elif not 0 <= score <= criterion.scale_max:
        errors["score"] = f"Choose a score from 0 to {criterion.scale_max}."
    try:
        reason = policy.clean_text(reason, "reason", "Say why this score: it is recorded.")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    row = (
        OfficerScore.objects.select_for_update(of=("self",))
        .filter(bid=bid, criterion=criterion)
        .first()
    )
    before = snapshot_of(row) if row else None
    if row is None:
        row = OfficerScore(bid=bid, criterion=criterion)
    elif (row.score, row.reason) == (score, reason):
        return row
    row.score, row.reason = score, reason
    row.scored_by, row.scored_at = by, timezone.now()
    row.save()
    action = "decisions.officer_scored" if before is None else "decisions.officer_score_changed"
    audit.record(action, obj=row, round=round_, actor=by, before=before, reason=reason)
    return row
