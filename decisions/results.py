"""A round's results, read from the database in a fixed number of queries (values() rows, never a
query per bid) and computed by decisions/totals.py.

`lot_results(lot)` and `round_results(round_)` are what pages, services, guards and the
round_results command all use, so every place shows the same numbers.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from bids.models import Bid, BidStatus
from commissioning.models import Aggregation, Criterion
from decisions import totals
from decisions.models import Award, Decision, LotAdvice, OfficerCheck, OfficerScore, TieDecision
from scoring.models import ConsensusRecord, CriterionScore, SheetStatus

CONSENSUS, MEAN, MEDIAN = Aggregation.CONSENSUS, Aggregation.MEAN, Aggregation.MEDIAN


@dataclass
class LotResult:
    """One lot's results. `bids` are BidResults best first (ineligible ones last, unranked); each
    carries its lines (criterion by criterion), total, reasons, rank, tie and award."""

    lot: object  # commissioning.models.Lot
    rule: str  # consensus, mean or median: which scores the panel's criteria count with
    tie_break: str
    criteria: list[totals.CriterionIn]
    bids: list[totals.BidResult]
    advice: LotAdvice | None = None
    tie_reasons: dict[str, str] = field(default_factory=dict)  # tie group key -> recorded reason

    @property
    def budget(self) -> Decimal:
        return self.lot.budget

    @property
    def awarded_total(self) -> Decimal:
        return sum(
            (r.award.amount for r in self.bids if r.award and r.award.decision == Decision.AWARDED),
            Decimal("0"),
        )

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.awarded_total

    @property
    def over_budget(self) -> bool:
        return self.awarded_total > self.budget

    @property
    def open_ties(self) -> list[list[totals.BidResult]]:
        """Groups of tied bids still waiting for a recorded decision."""
        groups = defaultdict(list)
        for r in self.bids:
            if r.tie_open:
                groups[r.tie_group].append(r)
        return list(groups.values())

    def for_bid(self, bid_pk: int) -> totals.BidResult:
        return next(r for r in self.bids if r.bid.pk == bid_pk)


def _criteria_by_rubric(rubric_ids) -> dict[int, list[totals.CriterionIn]]:
    rows = Criterion.objects.filter(rubric_id__in=rubric_ids).order_by("order", "pk")
    fields = ("pk", "rubric_id", "title", "kind", "officer_method", "weight", "scale_max")
    by_rubric = defaultdict(list)
    for row in rows.values(*fields, "minimum_score", "order"):
        by_rubric[row["rubric_id"]].append(
            totals.CriterionIn(
                pk=row["pk"],
                title=row["title"],
                kind=row["kind"],
                method=row["officer_method"],
                weight=row["weight"],
                scale_max=row["scale_max"],
                minimum_score=row["minimum_score"],
                order=row["order"],
            )
        )
    return by_rubric


def _bids_by_lot(lot_ids) -> dict[int, list[totals.BidIn]]:
    labels = dict(BidStatus.choices)
    by_lot = defaultdict(list)
    rows = Bid.objects.filter(lot_id__in=lot_ids).order_by("number")
    fields = ("pk", "lot_id", "reference", "alias", "number", "status", "amount_requested")
    for pk, lot_id, reference, alias, number, status, amount in rows.values_list(*fields):
        by_lot[lot_id].append(
            totals.BidIn(
                pk=pk,
                reference=reference,
                alias=alias,
                number=number,
                status=status,
                status_display=labels.get(status, status),
                price=amount,
            )
        )
    return by_lot


def panel_scores(lot_ids, rule: str) -> dict:
    """(bid pk, criterion pk) -> the score the panel's criteria count with under `rule`: the
    agreed score (int), or the mean or median (Decimal) of the submitted sheets' scores."""
    if rule == CONSENSUS:
        rows = ConsensusRecord.objects.filter(bid__lot_id__in=lot_ids)
        return {(b, c): s for b, c, s in rows.values_list("bid_id", "criterion_id", "score")}
    if rule == MEAN:  # the database adds up whole numbers; the division stays in Decimal
        rows = (
            _submitted(lot_ids)
            .values("sheet__assignment__bid_id", "criterion_id")
            .order_by()
            .annotate(total=Sum("score"), n=Count("score"))
            .values_list("sheet__assignment__bid_id", "criterion_id", "total", "n")
        )
        return {(b, c): Decimal(total) / Decimal(n) for b, c, total, n in rows}
    return {key: totals.roll_up(values, rule) for key, values in individual_scores(lot_ids).items()}


def _submitted(lot_ids):
    return CriterionScore.objects.filter(
        sheet__assignment__bid__lot_id__in=lot_ids,
        sheet__status=SheetStatus.SUBMITTED,
        score__isnull=False,
    )


def individual_scores(lot_ids) -> dict[tuple[int, int], list[int]]:
    """(bid pk, criterion pk) -> every submitted score, in one query."""
    rows = _submitted(lot_ids).values_list("sheet__assignment__bid_id", "criterion_id", "score")
    grouped = defaultdict(list)
    for bid, criterion, score in rows:
        grouped[(bid, criterion)].append(score)
    return grouped


@dataclass
class Loaded:
    """Everything but the panel's scores, for the lots asked about (see load())."""

    lots: list
    criteria: dict
    bids: dict
    officer_scores: dict
    checks: dict
    awards: dict
    ties: dict
    advice: dict


def load(lots) -> Loaded:
    """Seven queries, whatever the number of lots, bids and criteria."""
    lot_ids = [lot.pk for lot in lots]
    officer_scores = {
        (b, c): s
        for b, c, s in OfficerScore.objects.filter(bid__lot_id__in=lot_ids).values_list(
            "bid_id", "criterion_id", "score"
        )
    }
    checks = {
        (b, c): totals.Check(passed=p, reason=r)
        for b, c, p, r in OfficerCheck.objects.filter(bid__lot_id__in=lot_ids).values_list(
            "bid_id", "criterion_id", "passed", "reason"
        )
    }
    ties = defaultdict(dict)
    for lot_id, group, order, reason in TieDecision.objects.filter(lot_id__in=lot_ids).values_list(
        "lot_id", "group", "order", "reason"
    ):
        ties[lot_id][group] = (order, reason)
    return Loaded(
        lots=lots,
        criteria=_criteria_by_rubric({lot.rubric_id for lot in lots if lot.rubric_id}),
        bids=_bids_by_lot(lot_ids),
        officer_scores=officer_scores,
        checks=checks,
        awards={a.bid_id: a for a in Award.objects.filter(bid__lot_id__in=lot_ids)},
        ties=ties,
        advice={a.lot_id: a for a in LotAdvice.objects.filter(lot_id__in=lot_ids)},
    )


def compute(loaded: Loaded, scores: dict, rule: str, tie_break: str) -> list[LotResult]:
    """The LotResults of the loaded lots, with the panel's criteria counting `scores`."""
    out = []
    for lot in loaded.lots:
        criteria = loaded.criteria.get(lot.rubric_id, [])
        ties = loaded.ties.get(lot.pk, {})
        bids = totals.compute_lot(
            criteria,
            loaded.bids.get(lot.pk, []),
            scores,
            loaded.officer_scores,
            loaded.checks,
            rule=rule,
            tie_break=tie_break,
            tie_orders=ties,
        )
        for r in bids:
            r.award = loaded.awards.get(r.bid.pk)
        _passes_over(bids)
        out.append(
            LotResult(
                lot=lot,
                rule=rule,
                tie_break=tie_break,
                criteria=criteria,
                bids=bids,
                advice=loaded.advice.get(lot.pk),
                tie_reasons={key: reason for key, (_order, reason) in ties.items()},
            )
        )
    return out


def _passes_over(bids):
    """An award passes over every eligible bid ranked above it that is not awarded."""
    for r in bids:
        if r.award is None or r.award.decision != Decision.AWARDED or r.rank is None:
            continue
        r.passes_over = [
            other.bid.reference
            for other in bids
            if other.rank is not None
            and other.rank < r.rank
            and (other.award is None or other.award.decision != Decision.AWARDED)
        ]


def round_results(round_, rule: str | None = None) -> list[LotResult]:
    """Every lot of the round, in lot order: nine queries, whatever the round's size. `rule`
    defaults to the round's roll-up rule (consensus, mean or median)."""
    rule = rule or round_.aggregation or CONSENSUS
    lots = list(round_.lots.order_by("number"))
    for lot in lots:
        lot.round = round_
    lot_ids = [lot.pk for lot in lots]
    return compute(load(lots), panel_scores(lot_ids, rule), rule, round_.tie_break)


def lot_results(lot, rule: str | None = None) -> LotResult:
    """One lot's results: nine queries (eight if lot.round is already loaded), whatever the
    number of bids and criteria."""
    round_ = lot.round
    rule = rule or round_.aggregation or CONSENSUS
    return compute(load([lot]), panel_scores([lot.pk], rule), rule, round_.tie_break)[0]
