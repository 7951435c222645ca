"""The agenda of a lot, as the chair runs it. Reads only; the changes are scoring/consensus.py's.
One bid's scores with names are scoring/scores_with_names.py's; how far each lot has got is
scoring/consensus_progress.py's.

The agenda puts first the items whose scores are far apart or have one score far from the rest
(scoring/statistics.py decides which), then the rest; each group in bid number, then criterion
order. A bid the chair is conflicted on is not an item for them at all: it is listed once, with who
chairs it instead (or that an officer must name someone), and nothing else of it is shown.

Every function here reads a fixed number of queries, whatever the number of members and bids.
"""

from dataclasses import dataclass, field

from bids.models import Bid, BidStatus
from commissioning.models import Criterion
from panels.models import ConflictDeclaration
from scoring import consensus
from scoring import consensus_policy as policy
from scoring import progress as sheet_progress
from scoring.models import AgendaItem, Attendance, ConsensusRecord, Deputy, Meeting
from scoring.statistics import lot_statistics

FAR_APART = "Scores far apart"
ONE_FAR = "One score far from the rest"
SOME_FAR = "{n} scores far from the rest"


def flags_in_words(stats) -> list[str]:
    """Why an item goes first, in words (`stats` is an agreement.ItemStats, or None)."""
    if stats is None:
        return []
    words = []
    if stats.divergent:
        words.append(FAR_APART)
    if len(stats.outliers) == 1:
        words.append(ONE_FAR)
    elif stats.outliers:
        words.append(SOME_FAR.format(n=len(stats.outliers)))
    return words


def ordered(rows):
    """Flagged rows first, then the rest; within each, by bid number then criterion order.
    `rows` have .bid, .criterion and .flagged."""

    def key(row):
        return (row.bid.number, row.criterion.order, row.criterion.pk)

    rows = sorted(rows, key=key)
    return [r for r in rows if r.flagged] + [r for r in rows if not r.flagged]


def bid_label(bid, round_) -> str:
    """What the chair calls a bid on these pages: its panel name when the round is blind."""
    if round_.blind_review:
        return f"{bid.alias}: {bid.title}"
    return f"{bid.organisation}: {bid.title}"


def chairable_bids(member, lot) -> set[int]:
    """The bids of `lot` the panel's chair may chair: declared clear (or allowed) of them."""
    return set(
        ConflictDeclaration.objects.filter(
            member=member, bid__lot=lot, current=True, outcome__in=("clear", "allowed")
        ).values_list("bid_id", flat=True)
    )


# The agenda of one lot -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreed:
    """What the agenda shows of an item's agreed score: read as plain values, since a lot has
    up to a thousand items."""

    score: int
    dissents: list


@dataclass
class Row:
    bid: Bid
    criterion: Criterion
    stats: object  # agreement.ItemStats
    flags: list[str]
    discussed: bool
    record: Agreed | None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class NotChaired:
    """A bid the chair is conflicted on: who chairs it, and nothing else."""

    bid: Bid
    deputy: object  # Deputy or None


@dataclass
class Agenda:
    lot: object
    rows: list[Row]
    not_chaired: list[NotChaired]
    missing: list[tuple]  # (member, bid): sheets expected and not submitted, bids chaired only
    cannot_come: list[Attendance]
    state: consensus.LotRecord
    meeting: Meeting | None
    names: dict = field(default_factory=dict)  # member pk -> name

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flagged)

    @property
    def recorded(self) -> int:
        return sum(1 for r in self.rows if r.record is not None)

    @property
    def discussed(self) -> int:
        return sum(1 for r in self.rows if r.discussed)

    @property
    def dissents(self) -> list[dict]:
        return [
            {"name": self.names.get(c.member_id, "A member"), "confirmation": c}
            for c in self.state.dissents
        ]


def lot_agenda(chair, lot) -> Agenda:
    """The agenda `chair` (the panel's chair) runs for `lot`."""
    round_ = lot.round
    bids = list(policy.compliant_bids(lot))
    criteria = policy.panel_criteria(lot)
    mine = chairable_bids(chair, lot)
    stats = lot_statistics(lot)
    ticks = {
        (t.bid_id, t.criterion_id): t.discussed
        for t in AgendaItem.objects.filter(bid__lot=lot).only("bid_id", "criterion_id", "discussed")
    }
    state = consensus.lot_record(lot)
    agreed = {
        (bid_pk, criterion_pk): Agreed(score, dissents)
        for bid_pk, criterion_pk, score, dissents in ConsensusRecord.objects.filter(
            bid__lot=lot
        ).values_list("bid_id", "criterion_id", "score", "dissents")
    }
    rows = []
    for bid in bids:
        if bid.pk not in mine:
            continue
        for criterion in criteria:
            item = stats.item(bid.pk, criterion.pk)
            item_stats = item.stats if item is not None else None
            rows.append(
                Row(
                    bid=bid,
                    criterion=criterion,
                    stats=item_stats,
                    flags=flags_in_words(item_stats),
                    discussed=ticks.get((bid.pk, criterion.pk), False),
                    record=agreed.get((bid.pk, criterion.pk)),
                )
            )
    deputies = {
        d.bid_id: d for d in Deputy.objects.filter(bid__lot=lot).select_related("member__user")
    }
    members = list(policy.lot_members(lot))
    missing = [
        (member, bid)
        for member, bid in sheet_progress.missing_sheets(round_, lot)
        if bid.pk in mine and bid.status == BidStatus.RECEIVED
    ]
    return Agenda(
        lot=lot,
        rows=ordered(rows),
        not_chaired=[NotChaired(bid, deputies.get(bid.pk)) for bid in bids if bid.pk not in mine],
        missing=missing,
        cannot_come=list(
            Attendance.objects.filter(lot=lot, can_attend=False)
            .select_related("member__user")
            .order_by("member__user__display_name")
        ),
        state=state,
        meeting=Meeting.objects.filter(lot=lot).first(),
        names={m.pk: m.user.display_name for m in members},
    )
