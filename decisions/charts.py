"""The moderation-impact chart: per bid, a line from its total with the mean of the individual
scores (an open circle) to its total with the agreed scores (a filled square). Shapes carry the
meaning, never colour alone; the chart is an image with a title and a description in words, beside
a table with the same numbers. Every text is escaped. The viewBox is 320 wide, so it shrinks to a
phone's width (sized by the stylesheet's .chart, no inline style).
"""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _n(value) -> str:
    return f"{float(value):.1f}".removesuffix(".0")


def _total(value: Decimal) -> str:
    return f"{value:.2f}"


def dumbbell(lot_impact, *, id_prefix: str = "impact") -> SafeString:
    """One row per bid of `lot_impact` (decisions.impact.LotImpact), in the agreed ranking."""
    rows = lot_impact.bids
    top_value = max(
        [Decimal(100)] + [b.mean.total for b in rows] + [b.consensus.total for b in rows]
    )
    left, right, row, top = 92, WIDTH - 14, 20, 30
    height = top + row * len(rows) + 8

    def x(value):
        return left + (right - left) * float(value) / float(top_value)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" class="axis"/>',
            _n(x(0)),
            top - 6,
            _n(x(top_value)),
            top - 6,
        )
    ]
    for tick in range(0, int(top_value) + 1, 25):
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor" {}>{}</text>',
                _n(x(tick)),
                top - 11,
                _n(x(tick)),
                top - 6,
                _n(x(tick)),
                top - 14,
                mark_safe(FONT),  # noqa: S308 - a constant
                tick,
            )
        )
    words = []
    for number, b in enumerate(rows):
        cy = top + row * number + row / 2
        mean, agreed = b.mean.total, b.consensus.total
        name = b.bid.reference
        summary = f"{name}: {_total(mean)} with mean scores, {_total(agreed)} with agreed scores"
        words.append(summary)
        parts.append(
            format_html(
                '<g class="row"><title>{}</title>'
                '<text x="{}" y="{}" text-anchor="end" fill="currentColor" {}>{}</text>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="2"/>'
                '<circle cx="{}" cy="{}" r="5" fill="Canvas" stroke="currentColor" '
                'stroke-width="2" class="mean"/>'
                '<rect x="{}" y="{}" width="9" height="9" fill="currentColor" class="agreed"/>'
                "</g>",
                summary,
                left - 8,
                _n(cy + 4),
                mark_safe(FONT),  # noqa: S308 - a constant
                name,
                _n(x(mean)),
                _n(cy),
                _n(x(agreed)),
                _n(cy),
                _n(x(mean)),
                _n(cy),
                _n(x(agreed) - 4.5),
                _n(cy - 4.5),
            )
        )
    desc = (
        "Each row is a bid. The open circle is its total with the mean of the individual scores, "
        "the filled square its total with the agreed scores. "
        + ("; ".join(words) + "." if words else "No bids.")
    )
    body = "".join(parts)
    id_ = f"{id_prefix}-{lot_impact.lot.pk}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" class="chart">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        _n(height),
        id_,
        id_,
        id_,
        f"Totals before and after the meeting in {lot_impact.lot}",
        id_,
        desc,
        mark_safe(body),  # noqa: S308 - built above from format_html pieces only
    )
