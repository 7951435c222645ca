"""The body of a progress grid (scoring/_progress_table.html), built in Python.

A round of 300 bids and 15 members is 4,500 cells: Django's template engine spends about 100 ms
on them, where joining strings takes a few. The markup is the template's, cell for cell; the
strings that come from people (names, bid titles) are escaped here exactly as the template would.
"""

from html import escape  # what django.utils.html.escape calls, without its lazy wrapper

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOT_ASSIGNED = '<td><span class="tag tag--grey">Not assigned</span></td>'
REOPENED = '<span class="caption">Reopened</span>'


def _cell(cell, member_name: str, bid_name: str) -> str:
    if cell is None:
        return NOT_ASSIGNED
    label = escape(cell["label"])
    if cell.get("url"):
        inner = (
            f'<a href="{escape(cell["url"])}">{label}<span class="visually-hidden">: '
            f"{member_name}, {bid_name}</span></a>"
        )
    else:
        inner = f'<span class="tag {escape(cell["tag"])}">{label}</span>'
    return f"<td>{inner}{REOPENED if cell['reopened'] else ''}</td>"


@register.simple_tag
def grid_rows(shaped, blind=False) -> SafeString:
    """The <tr> rows of one shaped table (scoring.tables.shape with split=False): each member's
    name and role, a cell per bid, and their count. `blind`: bids named by their panel alias."""
    bid_names = [escape(bid.alias if blind else bid.title) for bid in shaped["bids"]]
    rows = []
    for row in shaped["rows"]:
        member = row["member"]
        name = escape(member.user.display_name)
        cells = "".join(
            _cell(cell, name, bid_name)
            for cell, bid_name in zip(row["cells"], bid_names, strict=True)
        )
        rows.append(
            f'<tr><th scope="row">{name}<span class="caption">'
            f"{escape(member.get_role_display())}</span></th>{cells}"
            f'<td class="num">{row["submitted"]} of {row["expected"]}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every outside string above is escaped
