"""What every panels service checks first: the round locked, an officer asking, the round still
open to change. Shared by the modules beside it; not for callers outside panels.services."""

from django.core.exceptions import PermissionDenied, ValidationError

from commissioning import access as round_access
from commissioning.final import lock_for_change
from commissioning.models import Round, Stage
from panels.models import Member

INVITATION_DAYS = 14
PANEL_FIELDS = ("name", "decides", "does_not_decide", "scorers_per_bid")
CHANGING_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)


def lock_round(round_: Round) -> Round:
    return lock_for_change(round_)


def require_officer(user, round_: Round):
    if round_access.MANAGE not in round_access.round_perms(user, round_):
        raise PermissionDenied("Only the round's officers can do this.")


def check_not_published(round_: Round):
    """Time and expenses are recognition, not decisions: they can be added after the decision
    (the consensus meeting's hours, say), until the round is published and read-only."""
    if round_.stage == Stage.PUBLISHED:
        raise ValidationError("The round is published, so nothing can be added to it.")


def check_not_final(round_: Round):
    if round_.stage not in CHANGING_STAGES:
        raise ValidationError("The round's decisions are made: the panel can no longer change.")


def member_ref(member: Member) -> dict:
    return {"member": member.pk, "person": member.user.actor_ref, "role": member.role}
