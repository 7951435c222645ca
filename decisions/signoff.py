"""Sign-off: the officer and each panel's chair put their names to a decided round's results.

Each signs a statement of what they confirm, recorded word for word with the time. Publishing
needs every signature (the guard below). Sign-offs are only possible while the round is decided;
if the round steps back to consensus, where the results can change, every sign-off is voided
(kept, marked void, with an event) and must be given again.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

import audit
from commissioning import access
from commissioning.models import Round, Stage
from commissioning.signals import stage_moved
from commissioning.stages import Problem, guard
from decisions.models import SignOff, SignOffRole
from decisions.policy import lock
from panels.models import Member, MemberStatus, Panel, Role

STATEMENTS = {
    SignOffRole.OFFICER: (
        "I confirm that these results follow the method published for this round: every "
        "eligible bid was assessed against the published criteria and weights, every award fits "
        "its lot's budget, every award that passes over a higher-ranked bid says why, and "
        "conflicts of interest were handled as the decision trail records."
    ),
    SignOffRole.CHAIR: (
        "I confirm that the agreed scores and reasons are the ones our panel agreed at its "
        "meeting, that every panellist had a fair chance to be heard, and that members with a "
        "conflict of interest took no part in the bids they declared."
    ),
}


@dataclass
class Needed:
    """One signature publishing needs, and the sign-off given for it (None if not yet)."""

    role: str
    panel: Panel | None
    chair: Member | None
    given: SignOff | None

    @property
    def label(self) -> str:
        if self.role == SignOffRole.OFFICER:
            return "A procurement officer running the round"
        return f"The chair of the {self.panel.name}"


def signoff_snapshot(s: SignOff) -> dict:
    return {
        "round": s.round_id,
        "role": s.role,
        "panel": s.panel_id,
        "statement": s.statement,
        "signed_at": s.signed_at.isoformat(),
        "voided_at": s.voided_at.isoformat() if s.voided_at else None,
    }


def needed(round_: Round) -> list[Needed]:
    """The officer's signature, then one per panel that has an active chair (fixed queries)."""
    live = {
        (s.role, s.panel_id): s
        for s in SignOff.objects.filter(round=round_, voided_at=None).select_related("signed_by")
    }
    chairs = {
        m.panel_id: m
        for m in Member.objects.filter(
            panel__round=round_, role=Role.MODERATOR, status=MemberStatus.ACTIVE
        )
        .select_related("user")
        .order_by("pk")
    }
    out = [Needed(SignOffRole.OFFICER, None, None, live.get((SignOffRole.OFFICER, None)))]
    for panel in Panel.objects.filter(round=round_).order_by("pk"):
        if panel.pk in chairs:
            out.append(
                Needed(SignOffRole.CHAIR, panel, chairs[panel.pk], live.get(("chair", panel.pk)))
            )
    return out


def missing(round_: Round) -> list[Needed]:
    return [n for n in needed(round_) if n.given is None]


@transaction.atomic
def sign(round_: Round, *, by, role: str, panel: Panel | None = None, agree=False) -> SignOff:
    """Records `by`'s signature as officer (panel None) or as `panel`'s chair."""
    round_ = lock(round_)
    if round_.stage != Stage.DECIDED:
        raise ValidationError(
            "Sign-off happens once the round is decided. This round is "
            f"{round_.get_stage_display().lower()}."
        )
    if role == SignOffRole.OFFICER:
        if access.MANAGE not in access.round_perms(by, round_):
            raise PermissionDenied(
                "Only a procurement officer running this round signs as officer."
            )
        panel = None
    elif role == SignOffRole.CHAIR:
        if panel is None or panel.round_id != round_.pk or not _chairs(by, panel):
            raise PermissionDenied("Only the panel's chair signs for the panel.")
    else:
        raise ValidationError("Choose whether you sign as officer or as chair.")
    if agree is not True:
        raise ValidationError({"agree": "Tick the box to say you confirm the statement."})
    live = SignOff.objects.filter(round=round_, voided_at=None)
    if live.filter(role=role, panel=panel).exists():
        raise ValidationError(
            "This has already been signed off. Each signature is given once; nothing more is "
            "needed from you."
        )
    # Two different people: the officer and a chair cannot be the same person signing twice.
    other = live.exclude(role=role).filter(signed_by=by)
    if other.exists():
        raise ValidationError(
            "You have already signed this round off in your other role. The officer's and the "
            "chair's signatures must come from two different people."
        )
    signoff = SignOff.objects.create(
        round=round_, role=role, panel=panel, statement=STATEMENTS[role], signed_by=by
    )
    audit.record("round.signed_off", obj=signoff, round=round_, actor=by)
    return signoff


def _chairs(user, panel: Panel) -> bool:
    return Member.objects.filter(
        panel=panel, user=user, role=Role.MODERATOR, status=MemberStatus.ACTIVE
    ).exists()


def chair_panels(user, round_: Round) -> list[Panel]:
    """The panels of `round_` the user chairs (active), for the sign-off page."""
    if not user.is_authenticated:
        return []
    return list(
        Panel.objects.filter(
            round=round_,
            members__user=user,
            members__role=Role.MODERATOR,
            members__status=MemberStatus.ACTIVE,
        ).order_by("pk")
    )


@receiver(stage_moved)
def void_when_results_reopen(sender, round_, before, after, by, **kwargs):
    """Back to consensus the results can change, so what was signed no longer holds."""
    if before != Stage.DECIDED or after != Stage.CONSENSUS:
        return
    now = timezone.now()
    for signoff in SignOff.objects.filter(round=round_, voided_at=None):
        signoff.voided_at = now
        signoff.save(update_fields=["voided_at"])
        audit.record(
            "round.signoff_voided",
            obj=signoff,
            round=round_,
            actor=by,
            reason="The round went back to consensus, where its results can change.",
        )


@guard(Stage.DECIDED)
def everyone_signed_off(round_: Round) -> list[Problem]:
    """Not overridable: publishing without the signatures would publish an unsigned record."""
    url = reverse("decisions:signoff", args=[round_.pk])
    return [
        Problem(f"{n.label} has not signed off the results yet.", url, "See the sign-off")
        for n in missing(round_)
    ]
