"""What the chair's consensus pages show: the agenda of a lot, one bid's scores with names, and
how far each of the chair's lots has got. Reads only; the changes are scoring/consensus.py's.

The agenda puts first the items whose scores are far apart or have one score far from the rest
(scoring/statistics.py decides which), then the rest; each group in bid number, then criterion
order. A bid the chair is conflicted on is not an item for them at all: it is listed once, with who
chairs it instead (or that an officer must name someone), and nothing else of it is shown.

Every function here reads a fixed number of queries, whatever the number of members and bids.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from bids.models import Bid, BidStatus
from commissioning.models import Criterion, CriterionKind
from panels.models import ConflictDeclaration, MemberStatus
from scoring import charts, consensus, reasons
from scoring import consensus_policy as policy
from scoring import progress as sheet_progress
from scoring.models import (
    AgendaItem,
    Attendance,
    Confirmation,
    ConsensusRecord,
    CriterionScore,
    Deputy,
    Meeting,
    SheetStatus,
)
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


@dataclass
class Row:
    bid: Bid
    criterion: Criterion
    stats: object  # agreement.ItemStats
    flags: list[str]
    discussed: bool
    record: ConsensusRecord | None

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
                    record=state.records.get((bid.pk, criterion.pk)),
                )
            )
    deputies = {
        d.bid_id: d for d in Deputy.objects.filter(bid__lot=lot).select_related("member__user")
    }
    members = list(policy.lot_members(lot))
    missing = [
        (member, bid)
        for member, bid in sheet_progress.missing_sheets(round_)
        if bid.lot_id == lot.pk and bid.pk in mine and bid.status == BidStatus.RECEIVED
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


# One bid, for the chair ----------------------------------------------------------------------------


@dataclass
class Score:
    name: str
    score: int
    reason: str
    meaning: str
    outlier: bool
    flags: list


@dataclass
class BidItem:
    criterion: Criterion
    stats: object  # statistics.ItemStatistics or None
    scores: list[Score]
    descriptors: list
    record: ConsensusRecord | None
    discussed: bool
    record_flags: list  # gentle flags on the saved rationale

    @property
    def item_stats(self):
        return self.stats.stats if self.stats is not None else None

    @property
    def flags(self) -> list[str]:
        return flags_in_words(self.item_stats)

    @property
    def labels(self) -> list[str]:
        return [s.name for s in self.scores]

    @property
    def chart(self):
        """The dot plot, names on the dots (the chair sees names); None with no scores."""
        if self.stats is None or not self.scores:
            return None
        return charts.dot_plot(
            self.stats, self.criterion.scale_max, labels=self.labels, id_prefix="chair"
        )


@dataclass
class BidView:
    bid: Bid
    items: list[BidItem]
    members: list  # the lot's members taking part
    recused: list  # kept away from this bid
    cannot_come: set[int]  # member pks who said they cannot come
    missing: list  # members whose sheet for this bid is expected and not submitted
    names: dict  # member pk -> name

    @property
    def eligible(self) -> list:
        """Members who may be recorded as present for this bid."""
        kept_away = {m.pk for m in self.recused}
        return [m for m in self.members if m.pk not in kept_away]

    @property
    def default_present(self) -> list[int]:
        return [m.pk for m in self.eligible if m.pk not in self.cannot_come]


def meaning(criterion, score) -> str:
    """The plain meaning of `score` on `criterion` (its descriptors prefetched)."""
    for d in criterion.descriptors.all():
        if d.score == score:
            return d.text_plain
    return ""


def bid_view(bid, criteria, *, blind: bool) -> BidView:
    """Each criterion of `bid` with every submitted score and its member's name and reason, the
    figures, the descriptors and the record so far. `criteria` are the lot's panel criteria
    (descriptors prefetched), or one of them."""
    lot = bid.lot
    stats = lot_statistics(lot)
    wanted = [c.pk for c in criteria]
    reasons_given = {
        (member_pk, criterion_pk): reason
        for member_pk, criterion_pk, reason in CriterionScore.objects.filter(
            sheet__assignment__bid=bid,
            sheet__status=SheetStatus.SUBMITTED,
            criterion_id__in=wanted,
        ).values_list("sheet__assignment__member_id", "criterion_id", "reason")
    }
    records = {
        r.criterion_id: r
        for r in ConsensusRecord.objects.filter(bid=bid, criterion_id__in=wanted)
        .select_related("recorded_by")
        .prefetch_related("present")
    }
    ticks = dict(
        AgendaItem.objects.filter(bid=bid, criterion_id__in=wanted).values_list(
            "criterion_id", "discussed"
        )
    )
    alias = bid.alias if blind else ""
    items = []
    for criterion in criteria:
        item = stats.item(bid.pk, criterion.pk)
        scores = []
        if item is not None:
            outliers = set(item.stats.outliers)
            for index, given in enumerate(item.scores):
                said = reasons_given.get((given.member.pk, criterion.pk), "")
                means = meaning(criterion, given.score)
                scores.append(
                    Score(
                        name=given.member.name,
                        score=given.score,
                        reason=said,
                        meaning=means,
                        outlier=index in outliers,
                        flags=reasons.flags_for(said, means, own_alias=alias),
                    )
                )
        record = records.get(criterion.pk)
        items.append(
            BidItem(
                criterion=criterion,
                stats=item,
                scores=scores,
                descriptors=list(criterion.descriptors.all()),
                record=record,
                discussed=ticks.get(criterion.pk, False),
                record_flags=reasons.flags_for(
                    record.rationale, meaning(criterion, record.score), own_alias=alias
                )
                if record is not None
                else [],
            )
        )
    members = list(policy.lot_members(lot))
    clear = policy.clear_pairs(lot)
    round_ = lot.round
    return BidView(
        bid=bid,
        items=items,
        members=members,
        recused=policy.recused(members, bid, clear),
        cannot_come=set(
            Attendance.objects.filter(lot=lot, can_attend=False).values_list("member_id", flat=True)
        ),
        missing=[m for m, b in sheet_progress.missing_sheets(round_) if b.pk == bid.pk],
        names={m.pk: m.user.display_name for m in members},
    )


# The chair's lots ----------------------------------------------------------------------------------


@dataclass
class LotProgress:
    lot: object
    items: int = 0
    recorded: int = 0
    discussed: int = 0
    waiting: int = 0
    confirmed: int = 0
    meeting: Meeting | None = None

    @property
    def complete(self) -> bool:
        return bool(self.items) and self.recorded >= self.items


def lots_progress(lots) -> list[LotProgress]:
    """For each lot: items recorded of the total, ticked as discussed, and confirmations still
    waiting. Seven queries whatever the number of lots, bids and members."""
    lots = list(lots)
    pks = [lot.pk for lot in lots]
    bids = dict(
        Bid.objects.filter(lot_id__in=pks, status=BidStatus.RECEIVED)
        .values("lot_id")
        .annotate(n=Count("pk"))
        .values_list("lot_id", "n")
    )
    rubrics = {lot.rubric_id for lot in lots if lot.rubric_id}
    criteria = dict(
        Criterion.objects.filter(rubric_id__in=rubrics, kind=CriterionKind.SCORED)
        .values("rubric_id")
        .annotate(n=Count("pk"))
        .values_list("rubric_id", "n")
    )
    panel_item = {
        "bid__lot_id__in": pks,
        "bid__status": BidStatus.RECEIVED,
        "criterion__kind": CriterionKind.SCORED,
    }
    recorded = dict(
        ConsensusRecord.objects.filter(**panel_item)
        .values("bid__lot_id")
        .annotate(n=Count("pk"))
        .values_list("bid__lot_id", "n")
    )
    discussed = dict(
        AgendaItem.objects.filter(discussed=True, **panel_item)
        .values("bid__lot_id")
        .annotate(n=Count("pk"))
        .values_list("bid__lot_id", "n")
    )
    present = defaultdict(set)
    for lot_pk, member_pk in ConsensusRecord.present.through.objects.filter(
        consensusrecord__bid__lot_id__in=pks, member__status=MemberStatus.ACTIVE
    ).values_list("consensusrecord__bid__lot_id", "member_id"):
        present[lot_pk].add(member_pk)
    confirmed = defaultdict(set)
    for lot_pk, member_pk in Confirmation.objects.filter(lot_id__in=pks, reset_at=None).values_list(
        "lot_id", "member_id"
    ):
        confirmed[lot_pk].add(member_pk)
    meetings = {m.lot_id: m for m in Meeting.objects.filter(lot_id__in=pks)}
    return [
        LotProgress(
            lot=lot,
            items=bids.get(lot.pk, 0) * criteria.get(lot.rubric_id, 0),
            recorded=recorded.get(lot.pk, 0),
            discussed=discussed.get(lot.pk, 0),
            waiting=len(present[lot.pk] - confirmed[lot.pk]),
            confirmed=len(present[lot.pk] & confirmed[lot.pk]),
            meeting=meetings.get(lot.pk),
        )
        for lot in lots
    ]
