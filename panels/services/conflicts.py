"""Conflicts of interest: members declare once per organisation; officers decide on a Yes or Not
sure; the round's written assessment. A Yes or Not sure removes access at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from bids.models import Bid
from commissioning.models import Lot, Round
from panels.models import (
    CONFLICT_QUESTIONS,
    Answer,
    ConflictDeclaration,
    ConflictsAssessment,
    Member,
    Outcome,
)
from panels.services.bid_access import sync_bid_access
from panels.services.checks import (
    check_not_final,
    lock_round,
    member_ref,
    require_officer,
)


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
    round_ = lock_round(member.panel.round)
    check_not_final(round_)
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
                **member_ref(member),
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
    require_officer(by, round_)
    round_ = lock_round(round_)
    check_not_final(round_)
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
            **member_ref(declaration.member),
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
    require_officer(by, round_)
    round_ = lock_round(round_)
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
