"""Small server-rendered SVG charts for the consensus stage, beside a table that holds the same
figures. Shapes and positions carry the meaning, never colour alone: a score is a round dot (an
outlier a diamond), the median a tall bar, a flagged item a triangle. Each chart is an image with
a title and a description in words; every text is escaped. The viewBox is 320 wide, so a chart
shrinks to a phone's width.
"""

from collections.abc import Callable, Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def _score_text(value) -> str:
    return _n(float(value))


def _svg(id_: str, height: float, title: str, desc: str, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" class="chart">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        _n(height),
        id_,
        id_,
        id_,
        title,
        id_,
        desc,
        mark_safe(body),  # noqa: S308 - built below from format_html pieces only
    )


def _ticks(scale_max: int, x, y: float, *, numbers_above: bool = False) -> str:
    """The scale's axis at height y, with a tick and a number for every point (below the axis,
    or above it for a chart whose rows hang below)."""
    number_y = y - 6 if numbers_above else y + 17
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" class="axis"/>',
            _n(x(0)),
            _n(y),
            _n(x(scale_max)),
            _n(y),
        )
    ]
    for point in range(scale_max + 1):
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor" {}>{}</text>',
                _n(x(point)),
                _n(y),
                _n(x(point)),
                _n(y + 5),
                _n(x(point)),
                _n(number_y),
                mark_safe(FONT),  # noqa: S308 - a constant
                point,
            )
        )
    return "".join(parts)


def _diamond(cx: float, cy: float, r: float) -> str:
    return (
        f"{_n(cx)},{_n(cy - r)} {_n(cx + r)},{_n(cy)} {_n(cx)},{_n(cy + r)} {_n(cx - r)},{_n(cy)}"
    )


def dot_plot(
    item, scale_max: int, *, labels: Sequence[str] | None = None, id_prefix: str = "dots"
) -> SafeString:
    """One question's scores on the scale 0..scale_max: a dot per score (stacked when equal), a
    diamond for an outlier, and a tall bar at the median. `item` is a
    scoring.statistics.ItemStatistics; `labels`, one per score in `item.scores` order, name the
    dots ("Panellist 2", "You", or names for the chair) in the description and on hover."""
    stats = item.stats
    values = [s.score for s in item.scores]
    labels = list(labels) if labels is not None else [""] * len(values)
    if len(labels) != len(values):
        raise ValueError("Give one label per score.")
    left, right, step, radius = 16, WIDTH - 16, 15, 6
    stack_height = max((values.count(v) for v in set(values)), default=1)
    axis_y = 34 + step * stack_height
    height = axis_y + 24

    def x(point):
        return left + (right - left) * float(point) / scale_max

    parts = []
    if stats.median is not None:
        parts.append(
            format_html(
                '<rect x="{}" y="18" width="4" height="{}" fill="currentColor" opacity="0.45" '
                'class="median"><title>Median {}</title></rect>'
                '<text x="{}" y="12" text-anchor="middle" fill="currentColor" {}>median {}</text>',
                _n(x(stats.median) - 2),
                _n(axis_y - 18),
                _score_text(stats.median),
                _n(min(max(x(stats.median), left + 20), right - 20)),
                mark_safe(FONT),  # noqa: S308 - a constant
                _score_text(stats.median),
            )
        )
    parts.append(_ticks(scale_max, x, axis_y))
    seen: dict[int, int] = {}
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        level = seen.get(value, 0)
        seen[value] = level + 1
        cx, cy = x(value), axis_y - radius - 3 - step * level
        hover = f"{label}: {value}" if label else str(value)
        if index in stats.outliers:
            parts.append(
                format_html(
                    '<polygon points="{}" fill="currentColor" stroke="Canvas" class="dot outlier">'
                    "<title>{} (far from the others)</title></polygon>",
                    _diamond(cx, cy, radius + 2),
                    hover,
                )
            )
        else:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="currentColor" stroke="Canvas" '
                    'class="dot"><title>{}</title></circle>',
                    _n(cx),
                    _n(cy),
                    radius,
                    hover,
                )
            )
    return _svg(
        f"{id_prefix}-{item.bid_pk}-{item.criterion_pk}",
        height,
        f"Scores for question {item.criterion_number}",
        describe(item, labels),
        "".join(parts),
    )


def describe(item, labels: Sequence[str] | None = None) -> str:
    """The chart in words: "Scores 2, 3, 3, 5; median 3. 5 is far from the others." """
    stats = item.stats
    if not stats.n:
        return "No scores yet."
    values = [s.score for s in item.scores]
    words = (
        f"Scores {', '.join(str(v) for v in sorted(values))}; median {_score_text(stats.median)}."
    )
    if stats.divergent:
        words += f" They spread {stats.range} points, so this question is discussed first."
    for index in stats.outliers:
        who = f" ({labels[index]})" if labels and labels[index] else ""
        words += f" {values[index]}{who} is far from the others."
    return words


def _default_label(item) -> str:
    return f"{item.bid_alias or item.bid_reference} Q{item.criterion_number}"


def lot_overview(
    lot_stats, *, label: Callable | None = None, id_prefix: str = "overview"
) -> SafeString:
    """A row per bid x question: a line from the lowest to the highest score, a bar at the median,
    and a triangle at the end of a flagged row. `label(item)` names the rows (default "Bid A Q2";
    pass one that uses the reference for the chair)."""
    label = label or _default_label
    items = list(lot_stats.items.values())
    scale_max = max((i.scale_max for i in items), default=5)
    left, right, row, top = 100, WIDTH - 22, 18, 26
    height = top + row * len(items) + 6

    def x(point):
        return left + (right - left) * float(point) / scale_max

    parts = [_ticks(scale_max, x, top - 4, numbers_above=True)]
    flagged = 0
    for number, item in enumerate(items):
        stats = item.stats
        cy = top + row * number + row / 2
        name = label(item)
        if not stats.n:
            summary = f"{name}: no scores yet"
            mark = format_html(
                '<text x="{}" y="{}" fill="currentColor" {}>no scores</text>',
                _n(left),
                _n(cy + 4),
                mark_safe(FONT),  # noqa: S308 - a constant
            )
        else:
            summary = (
                f"{name}: scores from {stats.min} to {stats.max}, "
                f"median {_score_text(stats.median)}"
            )
            mark = format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="3" '
                'stroke-linecap="round" class="range"/>'
                '<rect x="{}" y="{}" width="4" height="14" fill="currentColor" class="median"/>',
                _n(x(stats.min)),
                _n(cy),
                _n(x(stats.max)),
                _n(cy),
                _n(x(stats.median) - 2),
                _n(cy - 7),
            )
            if stats.flagged:
                flagged += 1
                summary += ", to discuss first"
                mark += format_html(
                    '<polygon points="{},{} {},{} {},{}" fill="currentColor" class="flag"/>',
                    _n(WIDTH - 14),
                    _n(cy - 6),
                    _n(WIDTH - 7),
                    _n(cy + 6),
                    _n(WIDTH - 21),
                    _n(cy + 6),
                )
        parts.append(
            format_html(
                '<g class="row"><title>{}</title>'
                '<text x="{}" y="{}" text-anchor="end" fill="currentColor" {}>{}</text>{}</g>',
                summary,
                _n(left - 8),
                _n(cy + 4),
                mark_safe(FONT),  # noqa: S308 - a constant
                name,
                mark,
            )
        )
    desc = (
        f"{len(items)} questions. Each line runs from the lowest to the highest score; the bar is "
        f"the median. {flagged} flagged to discuss first, marked with a triangle."
    )
    return _svg(
        f"{id_prefix}-{lot_stats.lot_pk}",
        height,
        f"Spread of scores in lot {lot_stats.lot_number}",
        desc,
        "".join(parts),
    )
