"""One bid's scores as the chair sees them: every submitted score with its member's name and reason,
the figures and descriptors, and the record so far. Reads only; the changes are
scoring/consensus.py's. A fixed number of queries, whatever the number of members.
"""

from dataclasses import dataclass

from bids.models import Bid
from commissioning.models import Criterion
from scoring import charts, reasons
from scoring import consensus_policy as policy
from scoring import progress as sheet_progress
from scoring.agenda import flags_in_words
from scoring.models import AgendaItem, Attendance, ConsensusRecord, CriterionScore, SheetStatus
from scoring.statistics import lot_statistics


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


def dissents(view, record) -> list[dict]:
    """The record's dissents with the names of who disagreed (the chair sees names)."""
    if record is None:
        return []
    return [
        {"name": view.names.get(d.get("member"), "A former member"), "text": d.get("text", "")}
        for d in record.dissents or []
    ]
