"""Erasing a person once the law lets their details go, keeping the proof of every decision.

The trail names people by pseudonym and holds their details only as salted digests
(audit/personal.py), so erasing blanks the live rows and the salt, records `person.erased` with the
reason, and every chain still verifies. A person stays while any round they took part in must keep
its records: until it is published and, for a procurement round, 3 years from its contract
(decisions.procurement.check_deletable). What the panel wrote (reasons, rationales) and what the
bidder wrote (the bid's answers) are the procurement record and are kept.
"""

from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from guardian.models import UserObjectPermission

import audit
from audit.models import AuditEvent
from bids.models import Bid
from commissioning.models import Round, Stage
from decisions.procurement import check_deletable
from panels.models import Consent, Invitation, Member

ERASED_NAME = "Erased person"


def _still_kept(round_, today: date) -> str | None:
    """Why the round still needs the people in it, or None once it no longer does."""
    if round_.stage != Stage.PUBLISHED:
        return (
            f"“{round_.name}” is still running ({round_.get_stage_display().lower()}): its "
            "records are kept at least until it is published."
        )
    try:
        check_deletable(round_, today)
    except ValidationError as kept:
        return " ".join(kept.messages)
    return None


def _check_retention(rounds, today: date | None):
    today = today or timezone.localdate()
    reasons = [r for r in (_still_kept(round_, today) for round_ in rounds) if r]
    if reasons:
        raise ValidationError(
            ["This person cannot be erased yet: a round they are part of must keep its records."]
            + reasons
        )


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why this person is being erased (it is kept in the trail).")
    return reason


def rounds_of(user):
    """Every round the person took part in: on a panel, granted access, or acting in its trail."""
    granted = UserObjectPermission.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(Round)
    ).values_list("object_pk", flat=True)
    acted = AuditEvent.objects.filter(actor=user.actor_ref, round__isnull=False).values("round_id")
    return Round.objects.filter(
        Q(pk__in=Member.objects.filter(user=user).values("panel__round_id"))
        | Q(pk__in=[int(pk) for pk in granted])
        | Q(pk__in=acted)
    ).order_by("pk")


@transaction.atomic
def erase_user(user, *, by=None, reason: str, today: date | None = None):
    """Erases a panellist's or officer's details: name, email, log-in, invitations and the names
    on their consents. Refused while a round they were in must keep its records."""
    reason = _check_reason(reason)
    user = get_user_model().objects.select_for_update(of=("self",)).get(pk=user.pk)
    if user.erased_at is not None:
        raise ValidationError("This person has already been erased.")
    rounds = list(rounds_of(user))
    _check_retention(rounds, today)

    old_email = user.email
    for invitation in Invitation.objects.filter(Q(member__user=user) | Q(email__iexact=old_email)):
        invitation.display_name = ERASED_NAME
        invitation.email = f"erased-invitation-{invitation.pk}@erased.invalid"
        invitation.save(update_fields=["display_name", "email"])
    Consent.objects.filter(member__user=user).exclude(given_by_name="").update(given_by_name="")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):  # log-in throttling, by email
        model.objects.filter(username__iexact=old_email).delete()

    user.display_name = ERASED_NAME
    user.email = f"erased-{user.pk}@erased.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.erased_at = timezone.now()
    user.save()

    # One event in the global chain, and one in each round's, so each round's trail says so.
    for round_ in [None, *rounds]:
        audit.record(
            "person.erased",
            round=round_,
            actor=by,
            object_type="person",
            object_id=user.actor_ref,
            reason=reason,
        )
    return user


@transaction.atomic
def erase_bid_contact(bid, *, by=None, reason: str, today: date | None = None):
    """Erases a bid's contact (name and email) and their salt, once the bid's round lets go of
    its records. The bid itself, answers included, is the procurement record and stays."""
    reason = _check_reason(reason)
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=bid.lot.round_id)
    bid = Bid.objects.select_for_update(of=("self",)).get(pk=bid.pk)
    if not bid.contact_salt:
        raise ValidationError("This bid's contact has already been erased.")
    _check_retention([round_], today)
    bid.contact_name = ERASED_NAME
    bid.contact_email = ""
    bid.contact_salt = ""
    bid.save(update_fields=["contact_name", "contact_email", "contact_salt"])
    audit.record(
        "person.erased",
        round=round_,
        actor=by,
        object_type="person",
        object_id=f"bidcontact:{bid.pk}",
        reason=reason,
    )
    return bid
