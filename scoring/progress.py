"""Who has scored what: the questions the progress pages, the stage guard and reminders ask.

Statuses only, never scores: these are safe to show the chair and officers while scoring is blind.
"""

from dataclasses import dataclass, field

from panels.models import SCORING_ROLES, Assignment, ConflictDeclaration, MemberStatus
from scoring.models import SheetStatus

NOT_STARTED = "not_started"
LABELS = {
    NOT_STARTED: "Not started",
    SheetStatus.DRAFT: "In progress",
    SheetStatus.SUBMITTED: "Submitted",
    SheetStatus.WITHDRAWN: "Set aside (conflict)",
    "no_access": "Kept away (conflict)",
}


def _assignments(round_, panel=None):
    assignments = Assignment.objects.filter(
        bid__lot__round=round_,
        member__status=MemberStatus.ACTIVE,
        member__role__in=SCORING_ROLES,
    ).select_related("member__user", "bid__lot", "sheet")
    if panel is not None:
        assignments = assignments.filter(member__panel=panel)
    return assignments.order_by("member__user__display_name", "bid__lot__number", "bid__number")


def _blocked(round_) -> set[tuple[int, int]]:
    """(member, bid) pairs a current declaration keeps apart."""
    return {
        (d.member_id, d.bid_id)
        for d in ConflictDeclaration.objects.filter(bid__lot__round=round_, current=True).only(
            "member_id", "bid_id", "outcome"
        )
        if not d.allows_access
    }


def status_of(assignment, blocked) -> str:
    sheet = getattr(assignment, "sheet", None)
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        return SheetStatus.WITHDRAWN
    if (assignment.member_id, assignment.bid_id) in blocked:
        return "no_access"
    return sheet.status if sheet is not None else NOT_STARTED


def missing_sheets(round_) -> list[tuple]:
    """(member, bid) for every sheet still expected: assigned, not kept away, not submitted."""
    blocked = _blocked(round_)
    return [
        (a.member, a.bid)
        for a in _assignments(round_)
        if status_of(a, blocked) in (NOT_STARTED, SheetStatus.DRAFT)
    ]


@dataclass
class Row:
    member: object
    cells: dict = field(default_factory=dict)  # bid pk -> (status, label, sheet or None)
    submitted: int = 0
    expected: int = 0


@dataclass
class Table:
    bids: list
    rows: list

    @property
    def submitted(self) -> int:
        return sum(r.submitted for r in self.rows)

    @property
    def expected(self) -> int:
        return sum(r.expected for r in self.rows)


def table(round_, panel=None) -> Table:
    """Members x bids with each sheet's status: two queries whatever the size of the panel."""
    blocked = _blocked(round_)
    rows: dict[int, Row] = {}
    bids = {}
    for a in _assignments(round_, panel):
        bids[a.bid_id] = a.bid
        row = rows.setdefault(a.member_id, Row(member=a.member))
        status = status_of(a, blocked)
        row.cells[a.bid_id] = (status, LABELS[status], getattr(a, "sheet", None))
        if status not in ("no_access", SheetStatus.WITHDRAWN):
            row.expected += 1
            row.submitted += status == SheetStatus.SUBMITTED
    ordered = sorted(bids.values(), key=lambda b: (b.lot.number, b.number))
    return Table(bids=ordered, rows=list(rows.values()))
