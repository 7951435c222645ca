"""The consensus stage's figures for a lot: per bid x question (item) the spread of the panel's
scores, and for the lot how far the panel agreed (Krippendorff's alpha, ICC(2,1)) and each
member's leniency (a diagnostic, never in any total). The formulas live in scoring/agreement.py.

What counts: submitted sheets only (drafts, withdrawn sheets and missing sheets are left out),
compliant bids only (status "received"), and only criteria the panel scores (kind SCORED).

The matrix is read with a fixed number of queries whatever the size of the panel or the lot, and
the result is cached per lot under a fingerprint of the lot's sheets and members, so a new
submission, a reopen or a withdrawal is seen at once.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from bids.models import BidStatus
from commissioning.models import Criterion, CriterionKind, Lot
from panels.models import Member
from scoring import agreement
from scoring.agreement import Estimate, ItemStats
from scoring.models import CriterionScore, SheetStatus

CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 1


@dataclass(frozen=True)
class Panellist:
    """A member with a counted sheet in the lot. `number` (1..n, by joining order) is what other
    panellists see ("Panellist 3"); the chair sees `name`; the trail knows `actor_ref`."""

    pk: int
    number: int
    name: str
    actor_ref: str

    @property
    def label(self) -> str:
        return f"Panellist {self.number}"


@dataclass(frozen=True)
class ItemScore:
    member: Panellist
    score: int


@dataclass(frozen=True)
class ItemStatistics:
    """One bid x panel-scored criterion: the scores (by panellist number) and their spread."""

    bid_pk: int
    bid_number: int
    bid_reference: str
    bid_alias: str
    criterion_pk: int
    criterion_number: int  # 1.. among the lot's panel-scored criteria, in rubric order
    criterion_title: str
    scale_max: int
    divergence_points: Decimal
    stats: ItemStats
    panellists: tuple[Panellist, ...] = field(repr=False)  # the lot's, shared by every item
    given: tuple[tuple[int, int], ...] = ()  # (index into panellists, score), plain for the cache

    @property
    def scores(self) -> tuple[ItemScore, ...]:
        """Each score with its panellist, in panellist order."""
        return tuple(ItemScore(self.panellists[row], score) for row, score in self.given)

    @property
    def key(self) -> tuple[int, int]:
        return (self.bid_pk, self.criterion_pk)

    @property
    def outliers(self) -> tuple[Panellist, ...]:
        return tuple(self.panellists[self.given[i][0]] for i in self.stats.outliers)

    @property
    def flagged(self) -> bool:
        """Goes first on the consensus agenda: the range reaches the threshold, or an outlier."""
        return self.stats.flagged


@dataclass(frozen=True)
class LotStatistics:
    lot_pk: int
    lot_number: int
    round_pk: int
    panellists: tuple[Panellist, ...]  # the matrix's rows, by member pk
    items: dict[tuple[int, int], ItemStatistics]  # (bid pk, criterion pk), by bid then criterion
    alpha_interval: Estimate
    alpha_ordinal: Estimate
    icc_2_1: Estimate
    icc_items: int  # items every panellist scored: what ICC(2,1) is computed over
    pairable_items: int  # items scored by two or more: what alpha is computed over
    leniency: dict[int, float | None] = field(default_factory=dict)  # member pk -> points

    def item(self, bid_pk: int, criterion_pk: int) -> ItemStatistics | None:
        return self.items.get((bid_pk, criterion_pk))

    def agenda(self) -> list[ItemStatistics]:
        """Flagged items first, each group in bid then criterion order."""
        items = list(self.items.values())
        return [i for i in items if i.flagged] + [i for i in items if not i.flagged]

    def panellist(self, member_pk: int) -> Panellist | None:
        return next((p for p in self.panellists if p.pk == member_pk), None)


def _fingerprint(lot: Lot, members: list[tuple]) -> tuple[str, int]:
    """A digest of the lot's members and one aggregate query over its bids and sheets, and the
    round's threshold (read in the same query). Any save, submission, reopen or withdrawal raises a sheet's version; a bid ruled non-compliant changes the compliant bids; a
    renamed or erased member changes the members."""
    compliant = Q(bids__status=BidStatus.RECEIVED)
    facts = Lot.objects.filter(pk=lot.pk).aggregate(
        compliant_bids=Count("bids", filter=compliant, distinct=True),
        bid_pks=Sum("bids__pk", filter=compliant, distinct=True),
        sheet_count=Count("bids__assignments__sheet"),
        versions=Sum("bids__assignments__sheet__version"),
        last_sheet=Max("bids__assignments__sheet__pk"),
        last_submitted=Max("bids__assignments__sheet__submitted_at"),
        rubric=Max("rubric_id"),
        divergence=Max("round__divergence_percent"),
        round_created=Max("round__created_at"),
    )
    digest = hashlib.sha256(repr((sorted(facts.items()), members)).encode()).hexdigest()
    return digest[:32], facts["divergence"]


def _members(lot: Lot) -> list[tuple[int, str, str]]:
    """Members with at least one counted sheet on a compliant bid of the lot, by pk."""
    return list(
        Member.objects.filter(
            assignments__bid__lot_id=lot.pk,
            assignments__bid__status=BidStatus.RECEIVED,
            assignments__sheet__status=SheetStatus.SUBMITTED,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", "user__display_name", "user__pseudonym")
    )


def lot_statistics(lot: Lot) -> LotStatistics:
    """The lot's figures: two queries when cached, five when not, whatever the lot's size."""
    members = _members(lot)
    fingerprint, divergence_percent = _fingerprint(lot, members)
    key = f"scoring:lot-statistics:{CACHE_VERSION}:{lot.pk}:{fingerprint}"
    stats = cache.get(key)
    if stats is None:
        stats = _compute(lot, members, divergence_percent)
        cache.set(key, stats, CACHE_SECONDS)
    return stats


def round_statistics(round_) -> list[LotStatistics]:
    return [lot_statistics(lot) for lot in round_.lots.order_by("number")]


def _compute(lot: Lot, members: list[tuple], divergence_percent: int) -> LotStatistics:
    panellists = tuple(
        Panellist(pk=pk, number=n, name=name, actor_ref=f"user:{pseudonym}")
        for n, (pk, name, pseudonym) in enumerate(members, 1)
    )
    criteria = list(
        Criterion.objects.filter(rubric_id=lot.rubric_id, kind=CriterionKind.SCORED)
        .order_by("order", "pk")
        .values_list("pk", "title", "scale_max")
    )
    bids = list(
        lot.bids.filter(status=BidStatus.RECEIVED)
        .order_by("number")
        .values_list("pk", "number", "reference", "alias")
    )
    rows = {p.pk: i for i, p in enumerate(panellists)}
    columns = {
        (bid[0], criterion[0]): i
        for i, (bid, criterion) in enumerate((b, c) for b in bids for c in criteria)
    }
    matrix = np.full((len(panellists), len(columns)), np.nan)
    scores = (
        CriterionScore.objects.filter(
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__bid__lot_id=lot.pk,
            sheet__assignment__bid__status=BidStatus.RECEIVED,
            criterion__rubric_id=lot.rubric_id,
            criterion__kind=CriterionKind.SCORED,
            score__isnull=False,
        )
        .order_by()
        .values_list(
            "sheet__assignment__member_id", "sheet__assignment__bid_id", "criterion_id", "score"
        )
    )
    given: list[list[tuple[int, int]]] = [[] for _ in columns]
    for member_pk, bid_pk, criterion_pk, score in scores:
        row, column = rows.get(member_pk), columns.get((bid_pk, criterion_pk))
        if row is not None and column is not None:
            matrix[row, column] = score
            given[column].append((row, score))

    items = {}
    for column, ((bid_pk, number, reference, alias), (criterion_number, criterion)) in enumerate(
        (b, c) for b in bids for c in enumerate(criteria, 1)
    ):
        criterion_pk, title, scale_max = criterion
        item_scores = tuple(sorted(given[column]))
        points = Decimal(divergence_percent) * scale_max / 100
        items[(bid_pk, criterion_pk)] = ItemStatistics(
            bid_pk=bid_pk,
            bid_number=number,
            bid_reference=reference,
            bid_alias=alias,
            criterion_pk=criterion_pk,
            criterion_number=criterion_number,
            criterion_title=title,
            scale_max=scale_max,
            divergence_points=points,
            stats=agreement.item_stats([s for _, s in item_scores], divergence_points=points),
            panellists=panellists,
            given=item_scores,
        )

    values = range(0, max((c[2] for c in criteria), default=0) + 1)
    alphas = agreement.alpha_estimates(matrix, values)
    complete = agreement.complete_items(matrix) if len(panellists) else np.empty((0, 0))
    return LotStatistics(
        lot_pk=lot.pk,
        lot_number=lot.number,
        round_pk=lot.round_id,
        panellists=panellists,
        items=items,
        alpha_interval=alphas["interval"],
        alpha_ordinal=alphas["ordinal"],
        icc_2_1=agreement.icc_estimate(complete) if complete.size else Estimate(None),
        icc_items=complete.shape[0] if len(panellists) >= 2 else 0,
        pairable_items=int(((~np.isnan(matrix)).sum(axis=0) >= 2).sum()),
        leniency=dict(zip(rows, agreement.leniency(matrix), strict=True)),
    )
