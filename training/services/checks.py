"""What every training service checks first: the round locked, an officer asking, the round
still open to edits. Shared by the modules beside it."""

from django.core.exceptions import PermissionDenied, ValidationError

from commissioning import access as round_access
from commissioning.final import lock_for_change
from commissioning.models import Round, Stage
from panels.models import Member

EDITABLE_STAGES = (Stage.DRAFT, Stage.INDUCTION)
TRAINING_OPEN_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)
MIN_CHOICES, MAX_CHOICES = 2, 5
MODULE_FIELDS = ("title", "body", "order", "required", "minutes")


def lock_round(round_: Round) -> Round:
    return lock_for_change(round_)


def require_officer(user, round_: Round):
    if round_access.MANAGE not in round_access.round_perms(user, round_):
        raise PermissionDenied("Only the round's officers can change its induction.")


def editable(round_: Round) -> bool:
    return round_.stage in EDITABLE_STAGES


def check_editable(round_: Round):
    if not editable(round_):
        raise ValidationError(
            f"The round is in {round_.get_stage_display().lower()}, so its induction can no "
            "longer change. Modules and the practice bid can be changed in draft and induction."
        )


def officer_round(round_: Round, by) -> Round:
    require_officer(by, round_)
    round_ = lock_round(round_)
    check_editable(round_)
    return round_


def require_self(member: Member, by):
    if by is None or by.pk != member.user_id:
        raise PermissionDenied("Only the member can do their own training.")


def check_training_open(round_: Round):
    if round_.stage not in TRAINING_OPEN_STAGES:
        raise ValidationError("The round's decisions are made, so its training has closed.")
