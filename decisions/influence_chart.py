"""The influence chart: per group (young panellists, professionals), a bar for the share of items
where the group's median score was within one point of the agreed score, with the figure written
at its end. Length and words carry the meaning, never colour alone (the professionals' bar is
outlined, the young panellists' filled). The chart is an image with a title and a description in
words, beside a table holding the same figures; every text is escaped. The viewBox is 320 wide, so
it shrinks to a phone's width (sized by the stylesheet's .chart, no inline style).
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from decisions.charts import FONT, WIDTH, _n
from panels.models import Role


def _words(group) -> str:
    if not group.scored:
        return f"{group.label}: no scores"
    return f"{group.label}: {group.within_one} of {group.scored} items ({group.percent}%)"


def within_one(groups, *, id_: str = "influence") -> SafeString:
    """`groups`: decisions.influence.GroupSummary rows."""
    left, right, top, row = 8, WIDTH - 8, 30, 44
    height = top + row * len(groups)
    span = right - left
    parts = [
        format_html(
            '<text x="{}" y="{}" fill="currentColor" {}>0%</text>'
            '<text x="{}" y="{}" text-anchor="end" fill="currentColor" {}>100%</text>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" class="axis"/>',
            left,
            top - 12,
            mark_safe(FONT),  # noqa: S308 - a constant
            right,
            top - 12,
            mark_safe(FONT),  # noqa: S308 - a constant
            left,
            top - 6,
            right,
            top - 6,
        )
    ]
    for number, group in enumerate(groups):
        y = top + row * number
        width = span * (group.percent or 0) / 100
        filled = group.role == Role.YOUNG
        parts.append(
            format_html(
                '<g class="row"><title>{}</title>'
                '<text x="{}" y="{}" fill="currentColor" {}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="14" fill="{}" stroke="currentColor" '
                'stroke-width="2" class="{}"/></g>',
                _words(group),
                left,
                _n(y + 6),
                mark_safe(FONT),  # noqa: S308 - a constant
                _words(group),
                left,
                _n(y + 12),
                _n(max(width, 1)),
                "currentColor" if filled else "Canvas",
                "young" if filled else "professional",
            )
        )
    desc = (
        "How often each group's middle score was within one point of the score the panel "
        "agreed. " + "; ".join(_words(g) for g in groups) + "."
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{}-title {}-desc" class="chart">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        _n(height),
        id_,
        id_,
        id_,
        "How often each group's view was within one point of the agreed score",
        id_,
        desc,
        mark_safe("".join(parts)),  # noqa: S308 - built above from format_html pieces only
    )
