"""The questions of one bid in the lot's record a member confirms
(scoring/consensus/member_confirm.html), built in Python.

The record is read whole before it is confirmed, so it is not paged: a lot of 100 bids and 8
questions is 800 agreed scores with their reasons, and Django's template engine spent about half
of the page's time on them. The markup is the template's, element for element; every string that
people wrote (titles, reasons, dissents) is escaped here exactly as the template would, and line
breaks become <br> as `linebreaksbr` makes them.
"""

from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


def _lines(text: str) -> str:
    return escape(normalize_newlines(text)).replace("\n", "<br>")


def _question(number, criterion, record, dissents) -> str:
    heading = f"<h3>Question {number}: {escape(criterion.title)}</h3>"
    if record is None:
        return f"{heading}<p>Not agreed yet.</p>"
    points = (
        f"<div><dt>The points that decided it</dt><dd>{_lines(record.key_points)}</dd></div>"
        if record.key_points
        else ""
    )
    disagreed = (
        "<div><dt>Disagreement</dt><dd>"
        + "".join(f'<p class="reason">{escape(line)}</p>' for line in dissents)
        + "</dd></div>"
        if dissents
        else ""
    )
    return (
        f'{heading}<dl class="summary-list">'
        f"<div><dt>The panel's agreed score</dt><dd>{record.score} out of "
        f"{criterion.scale_max}</dd></div>"
        f"<div><dt>Why</dt><dd>{_lines(record.rationale)}</dd></div>"
        f"{points}"
        f"<div><dt>How it was agreed</dt><dd>{escape(record.get_reached_display())}</dd></div>"
        f"{disagreed}</dl>"
    )


@register.simple_tag
def record_rows(rows) -> SafeString:
    """`rows`: (criterion number, criterion, record or None, dissent lines) for one bid."""
    return mark_safe("".join(_question(*row) for row in rows))  # noqa: S308 - all escaped above
