"""Moderation impact: what the consensus meeting changed, for the officer, the chair and auditors.

For each bid: the total from the individual scores (their mean per question) beside the total from
the agreed scores; the items where the agreed score moved one point or more from the median of the
submitted scores; and every bid whose rank, eligibility or funding would have been different with
mean scores under the same rules (checks, minimum scores, price formula, tie-break).

"Funding" on both sides is worked out by one plain rule, so the two are comparable: go down the
ranking and fund each eligible bid's amount requested while it fits what is left of the lot's
budget. The officer's actual decision is shown beside it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from decisions import totals
from decisions.results import CONSENSUS, MEAN, compute, individual_scores, load, panel_scores

ONE = Decimal("1")


@dataclass(frozen=True)
class MovedItem:
    """An agreed score one point or more away from the median of the submitted scores."""

    bid: totals.BidIn
    criterion: totals.CriterionIn
    scores: tuple[int, ...]  # the submitted scores, sorted
    median: Decimal
    agreed: int

    @property
    def moved(self) -> Decimal:
        """Agreed minus median: positive when the panel agreed a higher score."""
        return self.agreed - self.median


@dataclass
class BidImpact:
    bid: totals.BidIn
    consensus: totals.BidResult
    mean: totals.BidResult
    funded_consensus: bool
    funded_mean: bool
    decision: str | None  # the officer's actual decision, if recorded

    @property
    def difference(self) -> Decimal:
        """Consensus total minus mean total."""
        return self.consensus.total - self.mean.total

    @property
    def changes(self) -> list[str]:
        """What moderation changed for this bid, in plain words (empty if nothing)."""
        out = []
        if self.consensus.rank != self.mean.rank:
            out.append(
                f"rank {_rank(self.mean.rank)} with mean scores, {_rank(self.consensus.rank)} "
                "with agreed scores"
            )
        if self.consensus.eligible != self.mean.eligible:
            out.append(
                "eligible only with agreed scores"
                if self.consensus.eligible
                else f"not eligible with agreed scores: {self.consensus.why_not}"
            )
        if self.funded_consensus != self.funded_mean:
            out.append(
                "funded only with agreed scores"
                if self.funded_consensus
                else "funded only with mean scores"
            )
        return out

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass
class LotImpact:
    lot: object
    bids: list[BidImpact]  # in the order of the agreed-score ranking
    moved_items: list[MovedItem] = field(default_factory=list)

    @property
    def changed(self) -> list[BidImpact]:
        return [b for b in self.bids if b.changed]


def _rank(rank) -> str:
    return "none (not eligible)" if rank is None else str(rank)


def would_fund(results: list[totals.BidResult], budget: Decimal) -> set[int]:
    """Bid pks funded by going down the ranking while each amount requested still fits."""
    left, funded = budget, set()
    for r in sorted((r for r in results if r.eligible), key=lambda r: (r.rank, r.bid.number)):
        if r.bid.price <= left:
            funded.add(r.bid.pk)
            left -= r.bid.price
    return funded


def moderation_impact(round_) -> list[LotImpact]:
    """Every lot of the round: ten queries, whatever its size."""
    lots = list(round_.lots.order_by("number"))
    lot_ids = [lot.pk for lot in lots]
    loaded = load(lots)
    agreed = panel_scores(lot_ids, CONSENSUS)
    submitted = individual_scores(lot_ids)
    means = {key: totals.roll_up(values, MEAN) for key, values in submitted.items()}
    with_agreed = compute(loaded, agreed, CONSENSUS, round_.tie_break)
    with_mean = compute(loaded, means, MEAN, round_.tie_break)
    out = []
    for lot_agreed, lot_mean in zip(with_agreed, with_mean, strict=True):
        funded_agreed = would_fund(lot_agreed.bids, lot_agreed.budget)
        funded_mean = would_fund(lot_mean.bids, lot_mean.budget)
        mean_by_pk = {r.bid.pk: r for r in lot_mean.bids}
        rows = [
            BidImpact(
                bid=r.bid,
                consensus=r,
                mean=mean_by_pk[r.bid.pk],
                funded_consensus=r.bid.pk in funded_agreed,
                funded_mean=r.bid.pk in funded_mean,
                decision=r.award.decision if r.award else None,
            )
            for r in lot_agreed.bids
        ]
        moved = []
        for r in lot_agreed.bids:
            for criterion in lot_agreed.criteria:
                key = (r.bid.pk, criterion.pk)
                if criterion.kind != totals.SCORED or key not in agreed or key not in submitted:
                    continue
                median = totals.roll_up(submitted[key], "median")
                if abs(agreed[key] - median) >= ONE:
                    moved.append(
                        MovedItem(
                            r.bid, criterion, tuple(sorted(submitted[key])), median, agreed[key]
                        )
                    )
        out.append(LotImpact(lot=lot_agreed.lot, bids=rows, moved_items=moved))
    return out
