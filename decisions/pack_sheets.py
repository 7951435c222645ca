"""The decision pack's sheets that come from the results: bids, lots, how each total was worked
out, officer checks, totals, ranks and awards, and what the consensus meeting moved.

Every number here is read from decisions.results.round_results (and decisions.impact, which uses
the same arithmetic), never recomputed, so the pack matches the results page. Each function returns
a Sheet: its title, its columns and its rows in a fixed order.
"""

from dataclasses import dataclass, field

from bids.models import Bid
from decisions import totals
from decisions.models import Decision, OfficerScore

MONEY = "£#,##0.00"
POINTS = "0.00"
DATETIME = "yyyy-mm-dd hh:mm:ss"


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Col]
    rows: object  # an iterable of tuples, one value per column
    note: str = ""  # one line above the header, saying what the sheet is
    meta: dict = field(default_factory=dict)


def yes_no(value) -> str | None:
    if value is None:
        return None
    return "Yes" if value else "No"


DECISIONS = dict(Decision.choices)
KIND_WORDS = {
    totals.SCORED: "Scored by the panel",
    totals.PASS_FAIL: "Pass or fail check",
    totals.OFFICER: "Scored by an officer",
}


def bids_sheet(lot_results) -> Sheet:
    orgs = dict(
        Bid.objects.filter(lot_id__in=[lr.lot.pk for lr in lot_results]).values_list(
            "pk", "organisation"
        )
    )
    rows = [
        (
            lr.lot.number,
            lr.lot.name,
            b.bid.reference,
            b.bid.alias,
            orgs.get(b.bid.pk, ""),
            b.bid.status_display,
            b.bid.price,
        )
        for lr in lot_results
        for b in sorted(lr.bids, key=lambda r: r.bid.number)
    ]
    return Sheet(
        "Bids",
        [
            Col("Lot", 6),
            Col("Lot name", 24),
            Col("Bid", 14),
            Col("Name", 24),
            Col("Organisation", 30),
            Col("Status", 18),
            Col("Amount requested", 16, MONEY),
        ],
        rows,
        "Every bid received, lot by lot, in the order they were numbered.",
    )


def lots_sheet(lot_results) -> Sheet:
    rows = [
        (
            lr.lot.number,
            lr.lot.name,
            lr.budget,
            lr.awarded_total,
            lr.remaining,
            lr.advice.text if lr.advice else "",
            "; ".join(reason for _key, reason in sorted(lr.tie_reasons.items())),
        )
        for lr in lot_results
    ]
    return Sheet(
        "Lots",
        [
            Col("Lot", 6),
            Col("Lot name", 24),
            Col("Budget", 14, MONEY),
            Col("Awarded", 14, MONEY),
            Col("Left over", 14, MONEY),
            Col("The panel's advice", 60),
            Col("Reasons for tie decisions", 60),
        ],
        rows,
        "Each lot's budget, what was awarded, and the panel's advice to the officers.",
    )


def totals_sheet(lot_results) -> Sheet:
    rows = []
    for lr in lot_results:
        for r in lr.bids:
            award = r.award
            rows.append(
                (
                    lr.lot.number,
                    r.rank,
                    r.bid.reference,
                    r.bid.alias,
                    yes_no(r.eligible),
                    r.why_not or "",
                    yes_no(r.pending),
                    r.total_shown,
                    totals.plain(r.total),
                    yes_no(r.tie),
                    r.tie_note,
                    DECISIONS.get(award.decision, award.decision) if award else "Not decided",
                    award.amount if award else None,
                    award.reason if award else "",
                    ", ".join(r.passes_over),
                )
            )
    return Sheet(
        "Totals and awards",
        [
            Col("Lot", 6),
            Col("Rank", 6),
            Col("Bid", 14),
            Col("Name", 24),
            Col("Eligible", 9),
            Col("Why not eligible", 40),
            Col("Still waiting for a check or score", 12),
            Col("Total", 10, POINTS),
            Col("Total (exact)", 22),
            Col("Tied", 6),
            Col("How the tie was broken", 40),
            Col("Decision", 12),
            Col("Amount awarded", 16, MONEY),
            Col("Reason for the decision", 60),
            Col("Passes over (higher-ranked bids not awarded)", 30),
        ],
        rows,
        "Best first in each lot, as on the results page. The total is rounded to 2 places; "
        "bids with equal rounded totals are tied.",
    )


def points_sheet(lot_results) -> Sheet:
    rows = [
        (
            lr.lot.number,
            r.bid.reference,
            line.criterion.title,
            KIND_WORDS.get(line.criterion.kind, line.criterion.kind)
            if not line.criterion.is_price
            else "Price formula",
            line.criterion.weight,
            line.criterion.scale_max,
            line.score,
            line.price,
            line.lowest_price,
            line.points,
            line.note,
        )
        for lr in lot_results
        for r in sorted(lr.bids, key=lambda r: r.bid.number)
        for line in r.lines
    ]
    return Sheet(
        "How totals were worked out",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Question", 30),
            Col("Scored how", 20),
            Col("Weight", 8),
            Col("Out of", 7),
            Col("Score counted", 10),
            Col("Price", 14, MONEY),
            Col("Lowest eligible price", 14, MONEY),
            Col("Points", 10, "0.0000"),
            Col("Note", 30),
        ],
        rows,
        "Points = score × weight ÷ out of; for price, lowest eligible price × weight ÷ this "
        "bid's price. A bid's total is the sum of its points.",
    )


def checks_sheet(lot_results) -> Sheet:
    """Officers' pass/fail answers (from the results) and officers' scores with their reasons."""
    lot_ids = [lr.lot.pk for lr in lot_results]
    officer_reasons = {
        (b, c): reason
        for b, c, reason in OfficerScore.objects.filter(bid__lot_id__in=lot_ids).values_list(
            "bid_id", "criterion_id", "reason"
        )
    }
    rows = []
    for lr in lot_results:
        for r in sorted(lr.bids, key=lambda r: r.bid.number):
            for line in r.lines:
                c = line.criterion
                if c.kind == totals.PASS_FAIL:
                    result = "" if line.check is None else ("Pass" if line.check.passed else "Fail")
                    reason = line.check.reason if line.check else ""
                elif c.kind == totals.OFFICER and not c.is_price:
                    result = line.score
                    reason = officer_reasons.get((r.bid.pk, c.pk), "")
                else:
                    continue
                rows.append(
                    (
                        lr.lot.number,
                        r.bid.reference,
                        c.title,
                        KIND_WORDS[c.kind],
                        "Not answered yet" if result in ("", None) else result,
                        reason,
                    )
                )
    return Sheet(
        "Officer checks",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Question", 30),
            Col("Kind", 20),
            Col("Answer", 14),
            Col("Reason", 60),
        ],
        rows,
        "What officers decided themselves: pass or fail checks and officer-scored questions.",
    )


def moved_sheet(impacts) -> Sheet:
    rows = [
        (
            lot.lot.number,
            item.bid.reference,
            item.criterion.title,
            ", ".join(str(s) for s in item.scores),
            item.median,
            item.agreed,
            item.moved,
        )
        for lot in impacts
        for item in sorted(lot.moved_items, key=lambda i: (i.bid.number, i.criterion.order))
    ]
    return Sheet(
        "Scores moved at the meeting",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Question", 30),
            Col("Individual scores", 18),
            Col("Middle score (median)", 12, "0.0"),
            Col("Agreed score", 10),
            Col("Moved by", 10, "0.0"),
        ],
        rows,
        "Every agreed score one point or more away from the middle of the individual scores.",
    )


def impact_sheet(impacts) -> Sheet:
    rows = [
        (
            lot.lot.number,
            b.bid.reference,
            b.mean.total_shown,
            b.consensus.total_shown,
            totals.shown(b.difference),
            b.mean.rank,
            b.consensus.rank,
            "; ".join(b.changes),
        )
        for lot in impacts
        for b in lot.bids
    ]
    return Sheet(
        "Moderation impact",
        [
            Col("Lot", 6),
            Col("Bid", 14),
            Col("Total with mean scores", 12, POINTS),
            Col("Total with agreed scores", 12, POINTS),
            Col("Difference", 10, POINTS),
            Col("Rank with mean scores", 10),
            Col("Rank with agreed scores", 10),
            Col("What the meeting changed", 60),
        ],
        rows,
        "Each bid's total from the mean of the individual scores beside its total from the "
        "agreed scores, under the same rules.",
    )
