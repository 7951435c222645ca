"""Every change to panels, each recording its event in the decision trail.

Views parse input and call one of these. Access to bids follows the facts: `sync_bid_access` grants
guardian's `view_bid` exactly when a member is taking part, is assigned the bid, and has a declaration
for it that allows access; every service that changes one of those facts calls it.

The trail names people by pseudonym only; names, emails and parents' names stay in the tables, so a
person can later be erased without breaking a chain.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.dispatch import Signal
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

import audit
from accounts.models import User
from bids.models import Bid
from commissioning import access as round_access
from commissioning.models import Lot, Round, Stage
from config.mail import send_after_commit
from panels.access import VIEW_BID
from panels.models import (
    CONFLICT_QUESTIONS,
    SCORING_ROLES,
    Answer,
    Assignment,
    ConflictDeclaration,
    ConflictsAssessment,
    Consent,
    ConsentKind,
    Expense,
    Invitation,
    Member,
    MemberStatus,
    Outcome,
    Panel,
    RecognitionChoice,
    Role,
    SupportNeed,
    TimeEntry,
    TimeKind,
    token_digest,
)

INVITATION_DAYS = 14
PANEL_FIELDS = ("name", "decides", "does_not_decide", "scorers_per_bid")
CHANGING_STAGES = (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING, Stage.CONSENSUS)

# Sent when a member loses access to a bid (a conflict declared, an exclusion, an unassignment):
# the scoring app marks a started sheet withdrawn for conflict. Receivers get member and bid.
access_lost = Signal()


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require_officer(user, round_: Round):
    if round_access.MANAGE not in round_access.round_perms(user, round_):
        raise PermissionDenied("Only the round's officers can do this.")


def _check_not_published(round_: Round):
    """Time and expenses are recognition, not decisions: they can be added after the decision
    (the consensus meeting's hours, say), until the round is published and read-only."""
    if round_.stage == Stage.PUBLISHED:
        raise ValidationError("The round is published, so nothing can be added to it.")


def _check_not_final(round_: Round):
    if round_.stage not in CHANGING_STAGES:
        raise ValidationError("The round's decisions are made: the panel can no longer change.")


def _member_ref(member: Member) -> dict:
    return {"member": member.pk, "person": member.user.actor_ref, "role": member.role}


# Panels -------------------------------------------------------------------------------------------


@transaction.atomic
def create_panel(round_: Round, *, by, name: str, lot: Lot | None = None, **fields) -> Panel:
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_not_final(round_)
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
    _require_officer(by, panel.round)
    round_ = _lock(panel.round)
    _check_not_final(round_)
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
    _require_officer(by, panel.round)
    round_ = _lock(panel.round)
    _check_not_final(round_)
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
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_for_token(token)  # checked again under the lock: a double click joins once
    round_ = _lock(invitation.panel.round)
    _check_not_final(round_)
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
        after={**_member_ref(member), "invitation": invitation.pk},
    )
    return member


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by):
    _require_officer(by, invitation.panel.round)
    round_ = _lock(invitation.panel.round)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "waiting":
        raise ValidationError("Only a waiting invitation can be cancelled.")
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    audit.record("panel.invitation_cancelled", obj=invitation, round=round_, actor=by, after={})


@transaction.atomic
def add_member(panel: Panel, user, *, by, role: str) -> Member:
    """Adds someone who already has an account (a professional colleague, a chair) directly."""
    _require_officer(by, panel.round)
    round_ = _lock(panel.round)
    _check_not_final(round_)
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})
    if role == Role.MODERATOR and panel.members.filter(role=Role.MODERATOR).exists():
        raise ValidationError({"role": "This panel already has a chair."})
    if panel.members.filter(user=user).exists():
        raise ValidationError({"email": f"{user.email} is already on this panel."})
    member = Member.objects.create(panel=panel, user=user, role=role)
    audit.record(
        "panel.member_added", obj=member, round=round_, actor=by, after=_member_ref(member)
    )
    return member


# Members: profile, consent, taking part -----------------------------------------------------------


def _require_self_or_officer(member: Member, by):
    if by.pk != member.user_id:
        _require_officer(by, member.panel.round)


@transaction.atomic
def update_profile(member: Member, *, by, age_band=None, support_needs=None, support_other=None):
    """A member's own details. Personal, not a decision, so kept out of the trail."""
    _require_self_or_officer(member, by)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if age_band is not None:
        member.age_band = age_band
    if support_needs is not None:
        unknown = set(support_needs) - set(SupportNeed.values)
        if unknown:
            raise ValidationError({"support_needs": "Choose from the list."})
        member.support_needs = sorted(support_needs)
    if support_other is not None:
        member.support_other = support_other.strip()
    member.save()
    return member


@transaction.atomic
def give_consent(member: Member, *, by, kind: str, given_by_name="", relationship="") -> Consent:
    _require_self_or_officer(member, by)
    round_ = _lock(member.panel.round)
    member = Member.objects.get(pk=member.pk)
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": "Choose what the consent is for."})
    given_by_name, relationship = (given_by_name or "").strip(), (relationship or "").strip()
    if kind == ConsentKind.PARENT:
        errors = {}
        if not given_by_name:
            errors["given_by_name"] = "Enter the name of the parent or carer who gave consent."
        if not relationship:
            errors["relationship"] = "Say who they are to the panellist, like mum or foster carer."
        if errors:
            raise ValidationError(errors)
    if member.consents.filter(kind=kind, withdrawn_at=None).exists():
        raise ValidationError({"kind": "This consent has been given already."})
    consent = Consent.objects.create(
        member=member,
        kind=kind,
        given_by_name=given_by_name if kind == ConsentKind.PARENT else "",
        relationship=relationship if kind == ConsentKind.PARENT else "",
        recorded_by=by,
    )
    audit.record(
        "consent.given",
        obj=consent,
        round=round_,
        actor=by,
        after={
            "member": member.pk,
            "kind": kind,
            "relationship": consent.relationship,
            "given_at": consent.given_at,
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, *, by) -> Consent:
    _require_self_or_officer(consent.member, by)
    round_ = _lock(consent.member.panel.round)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at:
        raise ValidationError("This consent was withdrawn already.")
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.record(
        "consent.withdrawn",
        obj=consent,
        round=round_,
        actor=by,
        after={
            "member": consent.member_id,
            "kind": consent.kind,
            "withdrawn_at": consent.withdrawn_at,
        },
    )
    return consent


def needs_parent_consent(member: Member) -> bool:
    return member.under_16 and not any(
        c.kind == ConsentKind.PARENT and c.withdrawn_at is None for c in member.consents.all()
    )


@transaction.atomic
def set_member_status(member: Member, *, by, status: str, reason: str = "") -> Member:
    """Excludes a member from scoring (they keep their account and history) or lets them back."""
    _require_officer(by, member.panel.round)
    round_ = _lock(member.panel.round)
    _check_not_final(round_)
    member = Member.objects.get(pk=member.pk)
    reason = (reason or "").strip()
    if status not in MemberStatus.values:
        raise ValidationError({"status": "Choose a status."})
    if status != MemberStatus.ACTIVE and not reason:
        raise ValidationError({"reason": "Say why: the reason is kept with the decision."})
    if member.status == status:
        raise ValidationError(
            {"status": f"{member.user} is already {member.get_status_display().lower()}."}
        )
    before = {"status": member.status, "reason": member.status_reason}
    member.status, member.status_reason = status, reason
    member.save(update_fields=["status", "status_reason"])
    audit.record(
        "panel.member_status",
        obj=member,
        round=round_,
        actor=by,
        before=before,
        after={**_member_ref(member), "status": status},
        reason=reason,
    )
    for bid in Bid.objects.filter(assignments__member=member):
        sync_bid_access(member, bid, by=by, round_=round_)
    return member


@transaction.atomic
def choose_recognition(member: Member, *, by, choice: str) -> Member:
    _require_self_or_officer(member, by)
    round_ = _lock(member.panel.round)
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
    _require_officer(by, member.panel.round)
    _check_not_published(_lock(member.panel.round))
    return _add_time(member, by=by, kind=kind, hours=hours, on=on, note=note)


def _add_time(member: Member, *, by, kind, hours, on=None, note="") -> TimeEntry:
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
        after={"member": member.pk, "kind": kind, "hours": hours, "on": entry.on},
    )
    return entry


@transaction.atomic
def add_expense(member: Member, *, by, description: str, amount, on=None) -> Expense:
    _require_officer(by, member.panel.round)
    _check_not_published(_lock(member.panel.round))
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
        after={"member": member.pk, "amount": amount, "on": expense.on},
    )
    return expense


# Conflicts of interest ----------------------------------------------------------------------------


def organisations(lot: Lot) -> dict[str, list[Bid]]:
    """The lot's bids grouped by organisation (case and spacing ignored), in name order: members
    declare once per organisation, and the answer applies to each of its bids."""
    groups: dict[str, list[Bid]] = {}
    names: dict[str, str] = {}
    for bid in Bid.objects.filter(lot=lot).order_by("organisation", "number"):
        key = " ".join(bid.organisation.lower().split())
        names.setdefault(key, bid.organisation)
        groups.setdefault(key, []).append(bid)
    return {names[key]: groups[key] for key in sorted(groups)}


def current_declarations(member: Member):
    return ConflictDeclaration.objects.filter(member=member, current=True)


def member_lots(member: Member):
    return member.panel.lots()


@transaction.atomic
def declare(member: Member, bid: Bid, *, by, answers: dict, details: str = "") -> list:
    """Records a member's answers about the organisation behind `bid`, for each of its bids in the
    lot. A Yes or Not sure removes access at once until an officer decides."""
    if by.pk != member.user_id:
        raise PermissionDenied("Only the member can declare their own interests.")
    round_ = _lock(member.panel.round)
    _check_not_final(round_)
    member = Member.objects.select_related("panel").get(pk=member.pk)
    if not member_lots(member).filter(pk=bid.lot_id).exists():
        raise ValidationError(
            "You are not on the panel for this lot, so there is nothing to declare."
        )
    missing = [key for key in CONFLICT_QUESTIONS if answers.get(key) not in Answer.values]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "Choose Yes, No or Not sure."))
    key = " ".join(bid.organisation.lower().split())
    same_org = [
        b
        for b in Bid.objects.filter(lot=bid.lot_id)
        if " ".join(b.organisation.lower().split()) == key
    ]
    made = []
    for each in same_org:
        previous = ConflictDeclaration.objects.filter(member=member, bid=each, current=True).first()
        if previous:
            previous.current = False
            previous.save(update_fields=["current"])
        declaration = ConflictDeclaration(
            member=member,
            bid=each,
            details=(details or "").strip(),
            **{k: answers[k] for k in CONFLICT_QUESTIONS},
        )
        declaration.outcome = Outcome.WAITING if declaration.raises_concern else Outcome.CLEAR
        declaration.save()
        audit.record(
            "conflict.declared",
            obj=declaration,
            round=round_,
            actor=by,
            before={"outcome": previous.outcome} if previous else None,
            after={
                **_member_ref(member),
                "bid": each.pk,
                **declaration.answers,
                "outcome": declaration.outcome,
            },
        )
        sync_bid_access(member, each, by=by, round_=round_)
        made.append(declaration)
    return made


@transaction.atomic
def decide_conflict(
    declaration: ConflictDeclaration, *, by, outcome: str, reason: str, mitigation: str = ""
) -> ConflictDeclaration:
    """An officer's decision on a declared interest: keep the member away, or allow with a safeguard."""
    round_ = declaration.member.panel.round
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_not_final(round_)
    declaration = ConflictDeclaration.objects.select_related("member", "bid").get(pk=declaration.pk)
    if not declaration.current:
        raise ValidationError(
            "The member has changed this declaration since; decide on the new one."
        )
    reason, mitigation = (reason or "").strip(), (mitigation or "").strip()
    errors = {}
    if outcome not in (Outcome.EXCLUDED, Outcome.ALLOWED):
        errors["outcome"] = "Choose whether to keep them away from this bid or allow it."
    if not reason:
        errors["reason"] = "Say why: the reason is kept with the decision."
    if outcome == Outcome.ALLOWED and not mitigation:
        errors["mitigation"] = "Say what safeguard makes it fair, like a second scorer."
    if errors:
        raise ValidationError(errors)
    before = {"outcome": declaration.outcome}
    declaration.outcome = outcome
    declaration.decision_reason = reason
    declaration.mitigation = mitigation if outcome == Outcome.ALLOWED else ""
    declaration.decided_by = by
    declaration.decided_at = timezone.now()
    declaration.save()
    audit.record(
        "conflict.decided",
        obj=declaration,
        round=round_,
        actor=by,
        before=before,
        after={
            **_member_ref(declaration.member),
            "bid": declaration.bid_id,
            "outcome": outcome,
            "mitigation": declaration.mitigation,
        },
        reason=reason,
    )
    sync_bid_access(declaration.member, declaration.bid, by=by, round_=round_)
    return declaration


@transaction.atomic
def save_assessment(round_: Round, *, by, text: str) -> ConflictsAssessment:
    _require_officer(by, round_)
    round_ = _lock(round_)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the assessment before saving it."})
    latest = round_.conflict_assessments.first()
    if latest and latest.text == text:
        raise ValidationError({"text": "Nothing has changed since the last version."})
    assessment = ConflictsAssessment.objects.create(round=round_, text=text, written_by=by)
    audit.record(
        "conflict.assessment",
        obj=assessment,
        round=round_,
        actor=by,
        after={"text": text, "previous": latest.pk if latest else None},
    )
    return assessment


def blocking_pair(member: Member, bid: Bid) -> ConflictDeclaration | None:
    """The declaration that keeps `member` away from `bid`, if any."""
    declaration = ConflictDeclaration.objects.filter(member=member, bid=bid, current=True).first()
    if declaration and not declaration.allows_access:
        return declaration
    return None


# Access to bids -----------------------------------------------------------------------------------


def may_open(member: Member, bid: Bid) -> bool:
    """The facts behind `view_bid`."""
    if member.status != MemberStatus.ACTIVE:
        return False
    if not Assignment.objects.filter(member=member, bid=bid).exists():
        return False
    declaration = ConflictDeclaration.objects.filter(member=member, bid=bid, current=True).first()
    return declaration is not None and declaration.allows_access


def sync_bid_access(member: Member, bid: Bid, *, by, round_: Round):
    """Grants or revokes `view_bid` to match the facts, recording any change in the trail."""
    user = member.user
    has = user.has_perm(VIEW_BID, bid)
    should = may_open(member, bid)
    if should == has:
        return
    if should:
        assign_perm(VIEW_BID, user, bid)
        action = "access.bid_granted"
    else:
        remove_perm(VIEW_BID, user, bid)
        action = "access.bid_revoked"
    audit.record(
        action,
        round=round_,
        actor=by,
        object_type="access.bid_permission",
        object_id=f"{bid.pk}:{member.pk}",
        after={"person": user.actor_ref, "bid": bid.pk, "permission": VIEW_BID},
    )
    if not should:
        access_lost.send(sender=Member, member=member, bid=bid)


# Assignments --------------------------------------------------------------------------------------


def _check_assignable(member: Member, bid: Bid):
    if member.role not in SCORING_ROLES:
        raise ValidationError(
            f"{member.user} is {member.get_role_display().lower()}: only panellists score."
        )
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(f"{member.user} is not taking part: {member.status_reason}")
    if not member_lots(member).filter(pk=bid.lot_id).exists():
        raise ValidationError(f"{member.user} is not on the panel for {bid.lot}.")
    if blocking_pair(member, bid):
        raise ValidationError(
            f"{member.user} has declared an interest in {bid.organisation}, so cannot score "
            f"{bid.reference}."
        )


@transaction.atomic
def assign(member: Member, bid: Bid, *, by) -> Assignment:
    round_ = member.panel.round
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_assignments_open(round_)
    _check_assignable(member, bid)
    assignment, created = Assignment.objects.get_or_create(
        member=member, bid=bid, defaults={"assigned_by": by}
    )
    if not created:
        raise ValidationError(f"{member.user} already scores {bid.reference}.")
    audit.record(
        "assignment.added",
        obj=assignment,
        round=round_,
        actor=by,
        after={**_member_ref(member), "bid": bid.pk},
    )
    sync_bid_access(member, bid, by=by, round_=round_)
    return assignment


def _check_assignments_open(round_: Round):
    if round_.stage not in (Stage.DRAFT, Stage.INDUCTION):
        raise ValidationError(
            "Scoring has started, so who scores which bid can no longer change. A member with a "
            "conflict can still declare it, and loses access at once."
        )


@transaction.atomic
def unassign(member: Member, bid: Bid, *, by):
    round_ = member.panel.round
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_assignments_open(round_)
    _remove_assignment(member, bid, by=by, round_=round_)


def _remove_assignment(member, bid, *, by, round_):
    deleted, _ = Assignment.objects.filter(member=member, bid=bid).delete()
    if not deleted:
        raise ValidationError(f"{member.user} was not scoring {bid.reference}.")
    audit.record(
        "assignment.removed",
        round=round_,
        actor=by,
        object_type="panels.assignment",
        object_id=f"{member.pk}:{bid.pk}",
        before={**_member_ref(member), "bid": bid.pk},
    )
    sync_bid_access(member, bid, by=by, round_=round_)


def lot_scorers(lot: Lot):
    return Member.objects.for_lot(lot).scoring().select_related("user")


def propose_assignments(lot: Lot, scorers_per_bid: int | None = None):
    """A proposed plan for `lot`: {bid: [members]} and the problems with it.

    Every eligible member scores every bid unless `scorers_per_bid` asks for k scorers a bid. Then
    bids with the fewest eligible members are filled first, each from the least-loaded eligible
    members (ties by name), which keeps every member's load within one of every other's whenever
    conflicts allow it. Conflicted pairs are never proposed.
    """
    members = list(lot_scorers(lot).order_by("user__display_name", "pk"))
    bids = list(Bid.objects.filter(lot=lot).compliant().order_by("number"))
    blocked = {
        (d.member_id, d.bid_id)
        for d in ConflictDeclaration.objects.filter(bid__lot=lot, current=True)
        if not d.allows_access
    }
    eligible = {b.pk: [m for m in members if (m.pk, b.pk) not in blocked] for b in bids}
    plan, problems = {}, []
    load = {m.pk: 0 for m in members}
    if scorers_per_bid is None:
        plan = {b: eligible[b.pk] for b in bids}
    else:
        for bid in sorted(bids, key=lambda b: (len(eligible[b.pk]), b.number)):
            ranked = sorted(eligible[bid.pk], key=lambda m: (load[m.pk], m.user.display_name, m.pk))
            chosen = ranked[:scorers_per_bid]
            for m in chosen:
                load[m.pk] += 1
            plan[bid] = chosen
        plan = {b: plan[b] for b in bids}
    for bid, chosen in plan.items():
        wanted = scorers_per_bid or 1
        if len(chosen) < wanted:
            problems.append(
                f"{bid.reference} has {len(chosen)} possible scorer{'s' if len(chosen) != 1 else ''}"
                f", fewer than the {wanted} asked for."
            )
    return plan, problems


def plan_fingerprint(plan) -> str:
    """What the officer checked, so applying refuses a plan that has changed since."""
    import hashlib

    text = ";".join(f"{b.pk}:{','.join(str(m.pk) for m in ms)}" for b, ms in plan.items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def apply_assignments(lot: Lot, *, by, scorers_per_bid: int | None, fingerprint: str):
    """Makes the lot's assignments match the proposal the officer checked. Returns (added, removed)."""
    round_ = lot.round
    _require_officer(by, round_)
    round_ = _lock(round_)
    _check_assignments_open(round_)
    plan, _ = propose_assignments(lot, scorers_per_bid)
    if plan_fingerprint(plan) != fingerprint:
        raise ValidationError(
            "Something changed since you checked the plan (a member joined, or declared an "
            "interest). Check the new plan below."
        )
    wanted = {(m.pk, b.pk) for b, ms in plan.items() for m in ms}
    existing = {
        (a.member_id, a.bid_id): a
        for a in Assignment.objects.filter(bid__lot=lot).select_related("member__user", "bid")
    }
    members = {m.pk: m for ms in plan.values() for m in ms}
    bids = {b.pk: b for b in plan}
    added = removed = 0
    for pair, assignment in existing.items():
        if pair not in wanted:
            _remove_assignment(assignment.member, assignment.bid, by=by, round_=round_)
            removed += 1
    for member_pk, bid_pk in sorted(wanted - set(existing)):
        member, bid = members[member_pk], bids[bid_pk]
        assignment = Assignment.objects.create(member=member, bid=bid, assigned_by=by)
        audit.record(
            "assignment.added",
            obj=assignment,
            round=round_,
            actor=by,
            after={**_member_ref(member), "bid": bid.pk},
        )
        sync_bid_access(member, bid, by=by, round_=round_)
        added += 1
    return added, removed


def loads(lot: Lot) -> dict[int, int]:
    return dict(
        Assignment.objects.filter(bid__lot=lot)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
