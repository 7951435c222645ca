"""Panels, and who is on them: creating a panel, inviting people, accepting and cancelling
invitations, adding someone who already has an account."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from accounts.models import User
from commissioning.models import Lot, Round
from config.mail import send_after_commit
from panels.models import (
    Invitation,
    Member,
    MemberStatus,
    Panel,
    Role,
    token_digest,
)
from panels.services.checks import (
    INVITATION_DAYS,
    PANEL_FIELDS,
    check_not_final,
    lock_round,
    member_ref,
    require_officer,
)

# Panels -------------------------------------------------------------------------------------------


@transaction.atomic
def create_panel(round_: Round, *, by, name: str, lot: Lot | None = None, **fields) -> Panel:
    require_officer(by, round_)
    round_ = lock_round(round_)
    check_not_final(round_)
    if lot is not None and lot.round_id != round_.pk:
        raise ValidationError({"lot": "Choose a lot of this round."})
    if lot is None and Panel.objects.filter(round=round_, lot=None).exists():
        raise ValidationError({"lot": "This round already has a panel for every lot."})
    if lot is not None and Panel.objects.filter(lot=lot).exists():
        raise ValidationError({"lot": f"{lot} already has its own panel."})
    panel = Panel.objects.create(
        round=round_, lot=lot, name=name, **{k: v for k, v in fields.items() if k in PANEL_FIELDS}
    )
    audit.record("panel.created", obj=panel, round=round_, actor=by, after=_panel_data(panel))
    return panel


def _panel_data(panel: Panel) -> dict:
    return {
        "name": panel.name,
        "lot": panel.lot_id,
        "decides": panel.decides,
        "does_not_decide": panel.does_not_decide,
        "scorers_per_bid": panel.scorers_per_bid,
    }


@transaction.atomic
def update_panel(panel: Panel, *, by, **changes) -> Panel:
    require_officer(by, panel.round)
    round_ = lock_round(panel.round)
    check_not_final(round_)
    panel = Panel.objects.get(pk=panel.pk)
    before = _panel_data(panel)
    for key in PANEL_FIELDS:
        if key in changes:
            setattr(panel, key, changes[key])
    if panel.scorers_per_bid is not None and panel.scorers_per_bid < 1:
        raise ValidationError({"scorers_per_bid": "Enter 1 or more, or leave it empty."})
    panel.save()
    if _panel_data(panel) != before:
        audit.record(
            "panel.updated",
            obj=panel,
            round=round_,
            actor=by,
            before=before,
            after=_panel_data(panel),
        )
    return panel


# Invitations --------------------------------------------------------------------------------------


@transaction.atomic
def invite(panel: Panel, *, by, email: str, display_name: str, role: str, accept_url) -> Invitation:
    """Creates a single-use invitation and emails its link. `accept_url(token)` builds the link."""
    require_officer(by, panel.round)
    round_ = lock_round(panel.round)
    check_not_final(round_)
    email = (email or "").strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    if role == Role.MODERATOR and panel.members.filter(role=Role.MODERATOR).exists():
        raise ValidationError({"role": "This panel already has a chair."})
    if panel.members.filter(user__email__iexact=email).exclude(status=MemberStatus.LEFT).exists():
        raise ValidationError({"email": f"{email} is already on this panel."})
    waiting = panel.invitations.filter(
        email__iexact=email, accepted_at=None, cancelled_at=None, expires_at__gt=timezone.now()
    )
    if waiting.exists():
        raise ValidationError(
            {"email": f"{email} already has an invitation waiting. Cancel it to send a new one."}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        panel=panel,
        email=email,
        display_name=display_name.strip(),
        role=role,
        token_hash=token_digest(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit.record(
        "panel.invited",
        obj=invitation,
        round=round_,
        actor=by,
        after={"panel": panel.pk, "role": role, "expires_at": invitation.expires_at},
    )
    link = accept_url(token)
    send_after_commit(
        f"You are invited to join the panel for {round_.name}",
        f"Hello {invitation.display_name},\n\n"
        f"{by.display_name} has asked you to join the {panel.name} as a "
        f"{invitation.get_role_display().lower()}.\n\n"
        f"To say yes and set up your account, open this link:\n{link}\n\n"
        f"The link works once and stops working after {INVITATION_DAYS} days.\n",
        email,
    )
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link belongs to, or a ValidationError saying plainly why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("panel__round")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError("This invitation link is not right. Check you copied all of it.")
    if invitation.state == "accepted":
        raise ValidationError(
            "This invitation has been used already. If that was you, log in with your email "
            "address and password."
        )
    if invitation.state == "cancelled":
        raise ValidationError("This invitation was cancelled. Ask the officer for a new one.")
    if invitation.state == "expired":
        raise ValidationError("This invitation has run out of time. Ask the officer for a new one.")
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, user=None, display_name="", password="") -> Member:
    """Turns an invitation into a membership. `user` is the logged-in person, if any; otherwise an
    account is made for the invited email (it must not exist yet: that person logs in first)."""
    invitation = invitation_for_token(token)
    # The house lock order: the round first, then the invitation (as cancelling does).
    round_ = lock_round(invitation.panel.round)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    invitation_for_token(token)  # checked again under the lock: a double click joins once
    check_not_final(round_)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                f"This invitation is for {invitation.email}, but you are logged in as "
                f"{user.email}. Log out, then open the link again."
            )
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                f"There is already an account for {invitation.email}. Log in, then open the "
                "link again."
            )
        if not display_name.strip():
            raise ValidationError({"display_name": "Enter the name you would like us to use."})
        user = User.objects.create_user(
            invitation.email, password=password, display_name=display_name.strip()
        )
    member, created = Member.objects.get_or_create(
        panel=invitation.panel, user=user, defaults={"role": invitation.role}
    )
    if not created:
        member.status, member.status_reason, member.role = MemberStatus.ACTIVE, "", invitation.role
        member.save()
    invitation.accepted_at = timezone.now()
    invitation.member = member
    invitation.save(update_fields=["accepted_at", "member"])
    audit.record(
        "panel.member_joined",
        obj=member,
        round=round_,
        actor=user,
        after={**member_ref(member), "invitation": invitation.pk},
    )
    return member


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by):
    require_officer(by, invitation.panel.round)
    round_ = lock_round(invitation.panel.round)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.state != "waiting":
        raise ValidationError("Only a waiting invitation can be cancelled.")
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    audit.record("panel.invitation_cancelled", obj=invitation, round=round_, actor=by, after={})


@transaction.atomic
def add_member(panel: Panel, user, *, by, role: str) -> Member:
    """Adds someone who already has an account (a professional colleague, a chair) directly."""
    require_officer(by, panel.round)
    round_ = lock_round(panel.round)
    check_not_final(round_)
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    if role == Role.MODERATOR and panel.members.filter(role=Role.MODERATOR).exists():
        raise ValidationError({"role": "This panel already has a chair."})
    if panel.members.filter(user=user).exists():
        raise ValidationError({"email": f"{user.email} is already on this panel."})
    member = Member.objects.create(panel=panel, user=user, role=role)
    audit.record("panel.member_added", obj=member, round=round_, actor=by, after=member_ref(member))
    return member
