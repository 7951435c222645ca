"""What a panel member reaches of the panel's meeting: their own membership (404 for anyone else),
the lots their panel scores (404 for any other), and which bids' scores they may see.

Whether a member may see a bid's scores is consensus_policy.why_panellist_cannot_see; pages that ask
it for many bids ask it for all of them at once (`Seeing`, held to the policy by a test), so their
query counts stay fixed.
"""

from dataclasses import dataclass, field

from django.http import Http404

from panels import access as panel_access
from panels.models import Assignment, ConflictDeclaration, MemberStatus
from scoring import consensus_policy as policy
from scoring.models import SheetStatus

# What a member who may not see a bid's scores is told (the policy's words, for many bids at once).
NOT_YET = "You will see the panel's scores when the meeting starts."
NOT_TAKING_PART = "You are not taking part in this meeting."
KEPT_AWAY = "You are kept away from this bid."
NOT_SUBMITTED = (
    "You did not submit a score sheet for this bid, so you cannot see the others' scores."
)


def member_for(request, member_pk):
    return panel_access.get_member_for(request.user, member_pk)


def lots_of(member):
    return member.panel.lots().select_related("round").order_by("number")


def lot_of(member, lot_pk):
    lot = lots_of(member).filter(pk=lot_pk).first()
    if lot is None:
        raise Http404("No such lot")
    return lot


@dataclass
class Seeing:
    """consensus_policy.why_panellist_cannot_see for one member and every bid of some lots: two
    queries, whatever the number of bids."""

    member: object
    clear: set = field(default_factory=set)  # bid pks the member's declaration allows them near
    assigned: set = field(default_factory=set)
    submitted: set = field(default_factory=set)

    @classmethod
    def of(cls, member, lots) -> "Seeing":
        lot_pks = [lot.pk for lot in lots]
        clear = {
            d.bid_id
            for d in ConflictDeclaration.objects.filter(
                member=member, bid__lot__in=lot_pks, current=True
            ).only("bid_id", "outcome")
            if d.allows_access
        }
        sheets = list(
            Assignment.objects.filter(member=member, bid__lot__in=lot_pks).values_list(
                "bid_id", "sheet__status"
            )
        )
        return cls(
            member=member,
            clear=clear,
            assigned={bid for bid, _ in sheets},
            submitted={bid for bid, status in sheets if status == SheetStatus.SUBMITTED},
        )

    def why_not(self, bid_pk) -> str | None:
        """The same answer, in the same words, as consensus_policy.why_panellist_cannot_see."""
        if self.member.panel.round.stage not in policy.READ_STAGES:
            return NOT_YET
        if self.member.status != MemberStatus.ACTIVE:
            return NOT_TAKING_PART
        if bid_pk not in self.clear:
            return KEPT_AWAY
        if bid_pk not in self.submitted:
            return NOT_SUBMITTED
        return None

    def kept_away(self, bid_pk) -> bool:
        return self.member.status != MemberStatus.ACTIVE or bid_pk not in self.clear

    def may_open(self, bid_pk) -> bool:
        """The bid's page exists for this member: they were given it and are clear of it."""
        return bid_pk in self.assigned and not self.kept_away(bid_pk)
