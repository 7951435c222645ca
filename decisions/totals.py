"""The arithmetic of results, in Decimal, with no database: anyone can follow it by hand.

points(criterion) = score x weight / scale max          (panel- and officer-scored criteria)
points(price)     = lowest eligible price x weight / this bid's price   (price formula)
total             = sum of points over the criteria that carry weight

(score x weight / scale max is score / scale max x weight, multiplied first so that exact
results stay exact.) Totals are rounded only for display (DISPLAY: 2 decimal places, half up);
bids whose displayed totals are equal are tied. A bid that is non-compliant, withdrawn, fails a
pass/fail check, scores below a criterion's minimum or asks for a price of zero on a price-formula
criterion is not eligible, whatever its total; one with a check or score still missing is
"pending": not eligible yet, and blocking the round's decision.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from decisions import tiebreak

DISPLAY = Decimal("0.01")
ZERO = Decimal("0")

SCORED, PASS_FAIL, OFFICER = "scored", "pass_fail", "officer"
MANUAL, PRICE_FORMULA = "manual", "price_formula"
RECEIVED = "received"


def shown(value: Decimal) -> Decimal:
    """A total or points as displayed: 2 decimal places, half up."""
    return value.quantize(DISPLAY, rounding=ROUND_HALF_UP)


def plain(value) -> str | None:
    """A Decimal as a plain string (no exponent), for JSON and events."""
    if value is None:
        return None
    return format(value, "f")


@dataclass(frozen=True)
class CriterionIn:
    pk: int
    title: str
    kind: str
    method: str
    weight: Decimal
    scale_max: int
    minimum_score: int | None
    order: int = 0

    @property
    def counts(self) -> bool:
        """Carries weight in the total (not a pass/fail check)."""
        return self.kind != PASS_FAIL

    @property
    def is_price(self) -> bool:
        return self.kind == OFFICER and self.method == PRICE_FORMULA


@dataclass(frozen=True)
class BidIn:
    pk: int
    reference: str
    alias: str
    number: int
    status: str
    status_display: str
    price: Decimal  # amount requested


@dataclass(frozen=True)
class Check:
    passed: bool
    reason: str


@dataclass
class Line:
    """One criterion of one bid: what went into its points."""

    criterion: CriterionIn
    score: Decimal | int | None = None  # None for price and pass/fail criteria
    price: Decimal | None = None
    lowest_price: Decimal | None = None
    points: Decimal = ZERO
    check: Check | None = None  # pass/fail criteria only
    note: str = ""  # why no points, e.g. "not scored yet"


@dataclass
class BidResult:
    bid: BidIn
    lines: list[Line]
    total: Decimal
    reasons: list[str] = field(default_factory=list)  # why not eligible, in plain words
    pending: bool = False  # a check or score is still missing: blocks the decision
    rank: int | None = None
    tie: bool = False  # equal displayed total with another eligible bid
    tie_open: bool = False  # neither the rule nor a recorded decision separates it yet
    tie_group: str = ""  # key of the bids a tie decision must order (tiebreak.group_key)
    tie_note: str = ""  # how the tie was broken, or that it is still open
    award: object = None  # the bid's decisions.models.Award, set by decisions/results.py
    passes_over: list[str] = field(default_factory=list)  # higher-ranked eligible bids not awarded

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def why_not(self) -> str | None:
        return "; ".join(self.reasons) if self.reasons else None

    @property
    def total_shown(self) -> Decimal:
        return shown(self.total)


def roll_up(scores: list[int], rule: str) -> Decimal | int | None:
    """The score one item counts with under `rule` ("mean" or "median") from submitted scores."""
    if not scores:
        return None
    ordered = sorted(scores)
    if rule == "mean":
        return Decimal(sum(ordered)) / Decimal(len(ordered))
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def _score_line(criterion, score, what_missing, final, waiting) -> Line:
    if score is None:
        waiting.append(f"“{criterion.title}” {what_missing}")
        return Line(criterion, note=what_missing)
    if criterion.minimum_score is not None and score < criterion.minimum_score:
        final.append(
            f"Scored {plain(Decimal(score).normalize())} on “{criterion.title}”, below its "
            f"minimum of {criterion.minimum_score}"
        )
    return Line(
        criterion, score=score, points=Decimal(score) * criterion.weight / criterion.scale_max
    )


def compute_lot(
    criteria: list[CriterionIn],
    bids: list[BidIn],
    scores: dict[tuple[int, int], Decimal | int],
    officer_scores: dict[tuple[int, int], int],
    checks: dict[tuple[int, int], Check],
    *,
    rule: str = "consensus",
    tie_break: str = "",
    tie_orders: dict[str, tuple[list[int], str]] | None = None,
) -> list[BidResult]:
    """Every bid of one lot with its points, total, eligibility and rank, best first.

    `scores` maps (bid pk, criterion pk) to the score the panel's criteria count with (the agreed
    score, or the mean or median of the submitted ones); `officer_scores` the officer's scores on
    manual officer criteria; `checks` the answers to pass/fail criteria. `tie_orders` maps a tie
    group's key (tiebreak.group_key) to the order recorded for it and the reason.
    """
    missing_panel = "has no agreed score yet" if rule == "consensus" else "has no submitted scores"
    results = []
    for bid in bids:
        lines, final, waiting = [], [], []
        compliant = bid.status == RECEIVED
        if not compliant:
            final.append(f"The bid is {bid.status_display.lower()}")
        for criterion in criteria:
            key = (bid.pk, criterion.pk)
            if criterion.kind == PASS_FAIL:
                check = checks.get(key)
                lines.append(Line(criterion, check=check, note="" if check else "not answered yet"))
                if check is None:
                    waiting.append(f"The “{criterion.title}” check is not answered yet")
                elif not check.passed:
                    final.append(f"Failed the “{criterion.title}” check: {check.reason}")
            elif criterion.is_price:
                lines.append(Line(criterion, price=bid.price))
                if bid.price <= 0:
                    final.append(
                        f"Asks for £{bid.price:,.2f}: the price formula for “{criterion.title}” "
                        "needs a price above zero"
                    )
            else:
                if criterion.kind == OFFICER:
                    score, missing = officer_scores.get(key), "is not scored by an officer yet"
                else:
                    score, missing = scores.get(key), missing_panel
                lines.append(_score_line(criterion, score, missing, final, waiting))
        # A non-compliant or withdrawn bid needs no checks or scores: its status says it all.
        reasons = final + (waiting if compliant else [])
        result = BidResult(bid=bid, lines=lines, total=ZERO, reasons=reasons)
        result.pending = bool(waiting) and not final
        results.append(result)

    _price_points(criteria, results)
    for result in results:
        result.total = sum((line.points for line in result.lines), ZERO)
    return tiebreak.rank(results, criteria, tie_break, tie_orders or {})


def _price_points(criteria, results):
    """Lowest eligible price / this price x weight; eligibility never depends on price points,
    so the lowest price is taken over the bids already known to be eligible."""
    for criterion in criteria:
        if not criterion.is_price:
            continue
        prices = [r.bid.price for r in results if r.eligible and r.bid.price > 0]
        lowest = min(prices) if prices else None
        for result in results:
            line = next(x for x in result.lines if x.criterion.pk == criterion.pk)
            line.lowest_price = lowest
            if lowest is None:
                line.note = "no eligible bid has a price above zero"
            elif line.price > 0:
                line.points = lowest * criterion.weight / line.price
            else:
                line.note = "a price of zero cannot be scored"
