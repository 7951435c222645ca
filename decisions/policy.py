"""Who may do what with results: the one place views and services ask.

- Officers (manage_round) answer checks, score officer criteria, record awards and tie decisions.
- The chair of a lot's panel reads its results and writes the panel's advice; a panel tie is
  recorded by the chair or an officer.
- Auditors read everything, change nothing.
- Results are written only while the round is in consensus; decided and published are read-only.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from commissioning import access
from commissioning.final import lock_for_change
from commissioning.models import Round, Stage
from scoring import consensus_policy

WRITE_STAGES = (Stage.CONSENSUS,)
READ_STAGES = (Stage.CONSENSUS, Stage.DECIDED, Stage.PUBLISHED)
CLOSED = (
    "Results can only change while the round is at the consensus stage. This round is {stage}, "
    "so its results are read-only."
)


def lock(round_: Round) -> Round:
    """Locks the round's row (and only it): every results write takes this first."""
    return lock_for_change(round_)


def is_officer(user, round_) -> bool:
    return access.MANAGE in access.round_perms(user, round_)


def is_chair(user, lot) -> bool:
    return consensus_policy.lot_chair(user, lot) is not None


def may_read(user, lot) -> bool:
    """Officers, auditors and the lot's chair see a lot's results once the round is in consensus."""
    if lot.round.stage not in READ_STAGES:
        return False
    return bool(access.round_perms(user, lot.round) & access.READ) or is_chair(user, lot)


def require_officer(user, round_):
    if not is_officer(user, round_):
        raise PermissionDenied("Only an officer running this round can do this.")


def require_open(round_):
    if round_.stage not in WRITE_STAGES:
        raise ValidationError(CLOSED.format(stage=round_.get_stage_display().lower()))


def clean_text(value, field: str, missing: str, limit: int = 4000) -> str:
    """The text stripped; a ValidationError keyed by `field` when empty or too long."""
    if value is not None and not isinstance(value, str):
        raise ValidationError({field: missing})
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > limit:
        raise ValidationError({field: f"Keep it under {limit:,} characters."})
    return text


def check_bid_in_rubric(bid, criterion, kinds, what: str):
    if bid.lot.rubric_id is None or criterion.rubric_id != bid.lot.rubric_id:
        raise ValidationError({"criterion": f"This question is not in {bid.reference}'s rubric."})
    if criterion.kind not in kinds:
        raise ValidationError({"criterion": f"“{criterion}” is not {what}."})
