"""Who may do what at the consensus meeting: the one place views and services ask.

- The items of a lot are its compliant bids x the criteria the panel scores (pass/fail checks and
  officer-scored criteria are not the panel's).
- The chair is a member like the others for conflicts: they chair a bid only once they have
  declared no conflict with it. A bid the chair is conflicted on is chaired by the deputy an officer
  named for it.
- A member whose current declaration does not allow them near a bid (or who never declared) is
  recused from it automatically and sees nothing of it.
- A panellist sees the others' scores for a bid, without names, once the round is in consensus and
  their own sheet for that bid is submitted.
"""

from dataclasses import dataclass

from bids.models import Bid, BidStatus
from commissioning.models import Criterion, CriterionKind, Stage
from panels.models import ConflictDeclaration, Member, MemberStatus, Outcome, Role
from scoring.models import Deputy, ScoreSheet, SheetStatus

MEETING_STAGES = (Stage.CONSENSUS,)
READ_STAGES = (Stage.CONSENSUS, Stage.DECIDED, Stage.PUBLISHED)
# ConflictDeclaration.allows_access, as a filter
ACCESS_OUTCOMES = (Outcome.CLEAR, Outcome.ALLOWED)


@dataclass(frozen=True)
class Item:
    bid: Bid
    criterion: Criterion

    @property
    def key(self) -> tuple[int, int]:
        return (self.bid.pk, self.criterion.pk)


def panel_criteria(lot) -> list[Criterion]:
    if lot.rubric_id is None:
        return []
    return list(
        Criterion.objects.filter(rubric_id=lot.rubric_id, kind=CriterionKind.SCORED)
        .prefetch_related("descriptors")
        .order_by("order", "pk")
    )


def compliant_bids(lot):
    return Bid.objects.filter(lot=lot, status=BidStatus.RECEIVED).order_by("number")


def items(lot, bids=None, criteria=None) -> list[Item]:
    """Every (bid, criterion) the panel must agree a score for: two queries."""
    bids = list(compliant_bids(lot)) if bids is None else bids
    criteria = panel_criteria(lot) if criteria is None else criteria
    return [Item(bid, criterion) for bid in bids for criterion in criteria]


def is_panel_item(bid, criterion) -> bool:
    return (
        bid.lot.rubric_id is not None
        and criterion.rubric_id == bid.lot.rubric_id
        and criterion.kind == CriterionKind.SCORED
    )


def lot_members(lot):
    """Active members of the panel for `lot`: the chair, panellists and observers."""
    return (
        Member.objects.for_lot(lot)
        .filter(status=MemberStatus.ACTIVE)
        .select_related("user")
        .order_by("role", "user__display_name", "pk")
    )


def clear_pairs(lot) -> set[tuple[int, int]]:
    """(member, bid) pairs in the lot whose current declaration lets the member near the bid.
    Plain values: a lot of 100 bids and 16 members has 1,600 declarations."""
    return set(
        ConflictDeclaration.objects.filter(
            bid__lot=lot, current=True, outcome__in=ACCESS_OUTCOMES
        ).values_list("member_id", "bid_id")
    )


def recused(members, bid, clear) -> list[Member]:
    """The members kept away from `bid`: conflicted, waiting for a decision, or never declared."""
    return [m for m in members if (m.pk, bid.pk) not in clear]


def lot_chair(user, lot) -> Member | None:
    """The user's membership as the chair of the panel for `lot`, if they are its chair."""
    if not user.is_authenticated:
        return None
    return lot_members(lot).filter(user=user, role=Role.MODERATOR).first()


def chair_may_chair(chair: Member, bid) -> bool:
    return ConflictDeclaration.objects.filter(
        member=chair, bid=bid, current=True, outcome__in=("clear", "allowed")
    ).exists()


def chairing_member(user, bid) -> Member | None:
    """The user's membership that chairs `bid`: the panel's chair once declared clear of it, or
    the deputy named for it. None for anyone else."""
    if not user.is_authenticated:
        return None
    mine = list(lot_members(bid.lot).filter(user=user))
    for member in mine:
        if member.role == Role.MODERATOR and chair_may_chair(member, bid):
            return member
    deputy = Deputy.objects.filter(bid=bid).first()
    if deputy is not None and any(m.pk == deputy.member_id for m in mine):
        return next(m for m in mine if m.pk == deputy.member_id)
    return None


def why_not_chairing(user, bid) -> str | None:
    """Why the user cannot chair the meeting about `bid` now, in plain words; None if they can."""
    round_ = bid.lot.round
    if round_.stage != Stage.CONSENSUS:
        return "The consensus meeting is not open for this round right now."
    if bid.status != BidStatus.RECEIVED:
        return (
            f"{bid.reference} is {bid.get_status_display().lower()}, so the panel does not agree "
            "scores for it."
        )
    if chairing_member(user, bid) is None:
        return (
            "Only the chair of this panel, once they have said they have no conflict with this "
            "bid, or the deputy an officer named for it, can record the panel's agreed scores."
        )
    return None


def own_sheet_submitted(member: Member, bid) -> bool:
    return ScoreSheet.objects.filter(
        assignment__member=member, assignment__bid=bid, status=SheetStatus.SUBMITTED
    ).exists()


def why_panellist_cannot_see(member: Member, bid) -> str | None:
    """Why a panellist cannot see the panel's scores for `bid`; None if they can."""
    if member.panel.round.stage not in READ_STAGES:
        return "You will see the panel's scores when the meeting starts."
    if member.status != MemberStatus.ACTIVE:
        return "You are not taking part in this meeting."
    if (member.pk, bid.pk) not in clear_pairs(bid.lot):
        return "You are kept away from this bid."
    if not own_sheet_submitted(member, bid):
        return (
            "You did not submit a score sheet for this bid, so you cannot see the others' scores."
        )
    return None


def deputy_candidates(bid) -> list[Member]:
    """Members who could chair `bid` in the chair's place: taking part and clear of it."""
    clear = clear_pairs(bid.lot)
    return [m for m in lot_members(bid.lot) if m.role != Role.MODERATOR and (m.pk, bid.pk) in clear]
