"""A member's own details and whether they are taking part (excluded members keep their history)."""

from django.core.exceptions import ValidationError
from django.db import transaction

import audit
from bids.models import Bid
from panels.models import (
    Member,
    MemberStatus,
    SupportNeed,
)
from panels.services.bid_access import sync_bid_access
from panels.services.checks import (
    check_not_final,
    lock_round,
    member_ref,
    require_officer,
)


def require_self_or_officer(member: Member, by):
    if by.pk != member.user_id:
        require_officer(by, member.panel.round)


@transaction.atomic
def update_profile(member: Member, *, by, age_band=None, support_needs=None, support_other=None):
    """A member's own details. Personal, not a decision, so kept out of the trail."""
    require_self_or_officer(member, by)
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
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
def set_member_status(member: Member, *, by, status: str, reason: str = "") -> Member:
    """Excludes a member from scoring (they keep their account and history) or lets them back."""
    require_officer(by, member.panel.round)
    round_ = lock_round(member.panel.round)
    check_not_final(round_)
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
        after={**member_ref(member), "status": status},
        reason=reason,
    )
    for bid in Bid.objects.filter(assignments__member=member):
        sync_bid_access(member, bid, by=by, round_=round_)
    return member
