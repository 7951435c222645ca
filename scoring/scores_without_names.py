"""The panel's scores for one question as a member sees them: without names. Other members appear
only as "Panellist n", numbered by scoring.statistics; the member's own scores say "(you)". The
chair's diagnostics (leniency, agreement) are never shown here. Used by the member's bid page and
the presentation view.
"""

from dataclasses import dataclass

from scoring import charts
from scoring.models import CriterionScore, SheetStatus


def bid_label(bid, round_) -> str:
    """What the panel calls a bid, as on the member's other pages: "Bid C: Open evenings"."""
    name = bid.alias if round_.blind_review and bid.alias else bid.organisation
    return f"{name}: {bid.title}"


@dataclass
class Line:
    label: str
    score: int
    reason: str
    you: bool


@dataclass
class Question:
    number: int
    criterion: object
    lines: list
    stats: object  # scoring.agreement.ItemStats, or None when nobody scored
    chart: str
    spread: str
    record: object  # ConsensusRecord or None
    dissents: list


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def spread_text(stats) -> str:
    """The median and the range in words a 14-year-old follows."""
    if stats is None or not stats.n:
        return "Nobody's scores for this question are in."
    middle = f"The middle score (the median) is {_num(stats.median)}."
    if stats.range == 0:
        return f"{middle} Everyone gave {stats.min}."
    points = "point" if stats.range == 1 else "points"
    return (
        f"{middle} The scores go from {stats.min} to {stats.max}, "
        f"a spread (range) of {stats.range} {points}."
    )


def dissent_lines(record, member) -> list[str]:
    """Each dissent in the record, without the name of who disagreed unless it is the member."""
    if record is None:
        return []
    return [
        f"You disagreed: {d.get('text', '')}"
        if d.get("member") == member.pk
        else f"A panellist disagreed: {d.get('text', '')}"
        for d in record.dissents or []
    ]


def question(number, criterion, item, member, reasons, record, id_prefix) -> Question:
    scores = item.scores if item is not None else ()
    lines = [
        Line(
            label=f"{s.member.label} (you)" if s.member.pk == member.pk else s.member.label,
            score=s.score,
            reason=reasons.get((s.member.pk, criterion.pk), ""),
            you=s.member.pk == member.pk,
        )
        for s in scores
    ]
    chart = ""
    if scores:
        labels = ["You" if line.you else line.label for line in lines]
        chart = charts.dot_plot(item, criterion.scale_max, labels=labels, id_prefix=id_prefix)
    stats = item.stats if item is not None else None
    return Question(
        number=number,
        criterion=criterion,
        lines=lines,
        stats=stats,
        chart=chart,
        spread=spread_text(stats),
        record=record,
        dissents=dissent_lines(record, member),
    )


def reasons_given(bid, criteria=None) -> dict:
    """(member pk, criterion pk) -> the reason on a submitted sheet for `bid`: one query."""
    rows = CriterionScore.objects.filter(
        sheet__assignment__bid=bid, sheet__status=SheetStatus.SUBMITTED
    )
    if criteria is not None:
        rows = rows.filter(criterion__in=criteria)
    return {
        (member_pk, criterion_pk): reason
        for member_pk, criterion_pk, reason in rows.values_list(
            "sheet__assignment__member_id", "criterion_id", "reason"
        )
    }
