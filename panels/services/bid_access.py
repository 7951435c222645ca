"""Access to bids follows the facts: `sync_bid_access` grants guardian's `view_bid` exactly when a
member is taking part, is assigned the bid, and has a declaration for it that allows access; every
service that changes one of those facts calls it. Losing access sends `access_lost`."""

from django.dispatch import Signal
from guardian.shortcuts import assign_perm, remove_perm

import audit
from bids.models import Bid
from commissioning.models import Round
from panels.access import VIEW_BID
from panels.models import (
    Assignment,
    ConflictDeclaration,
    Member,
    MemberStatus,
)

# Sent when a member loses access to a bid (a conflict declared, an exclusion, an unassignment):
# the scoring app marks a started sheet withdrawn for conflict. Receivers get member and bid.
access_lost = Signal()


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
