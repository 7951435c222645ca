"""A member's contribution in numbers: hours by kind and expenses, for their recognition page and
certificate. Two queries, whatever the number of entries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Min, Sum

from panels.models import Member, TimeKind


@dataclass
class Contribution:
    hours: list[tuple[str, Decimal]] = field(default_factory=list)  # (kind's label, total)
    total_hours: Decimal = Decimal("0")
    first_on: date | None = None
    last_on: date | None = None
    expenses: list = field(default_factory=list)
    total_expenses: Decimal = Decimal("0")


def contribution(member: Member) -> Contribution:
    totals = {
        row["kind"]: row
        for row in member.time_entries.order_by()
        .values("kind")
        .annotate(total=Sum("hours"), first=Min("on"), last=Max("on"))
    }
    result = Contribution()
    for kind, label in TimeKind.choices:
        if kind in totals:
            result.hours.append((label, totals[kind]["total"]))
    result.total_hours = sum((row["total"] for row in totals.values()), Decimal("0"))
    if totals:
        result.first_on = min(row["first"] for row in totals.values())
        result.last_on = max(row["last"] for row in totals.values())
    result.expenses = list(member.expenses.all())
    result.total_expenses = sum((e.amount for e in result.expenses), Decimal("0"))
    return result
