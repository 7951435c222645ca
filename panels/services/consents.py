"""Consents: given and withdrawn, and whether an under-16 still needs a parent's or carer's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from commissioning.models import Round
from panels.models import (
    Consent,
    ConsentKind,
    Member,
)
from panels.services.members import require_self_or_officer


def _lock(round_: Round) -> Round:
    """Locks the round's row. Not lock_for_change: a person's consent is theirs to give or withdraw
    even after the round is published."""
    return Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)


@transaction.atomic
def give_consent(member: Member, *, by, kind: str, given_by_name="", relationship="") -> Consent:
    require_self_or_officer(member, by)
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
    require_self_or_officer(consent.member, by)
    round_ = _lock(consent.member.panel.round)
    consent = Consent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
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
