"""Who has scored what: the questions the progress pages, the stage guard and reminders ask.

Statuses only, never scores: these are safe to show the chair and officers while scoring is blind.
"""

from dataclasses import dataclass, field

from panels.models import SCORING_ROLES, Assignment, ConflictDeclaration, MemberStatus, Outcome
from scoring.models import SheetStatus

NOT_STARTED = "not_started"
LABELS = {
    NOT_STARTED: "Not started",
    SheetStatus.DRAFT: "In progress",
    SheetStatus.SUBMITTED: "Submitted",
    SheetStatus.WITHDRAWN: "Set aside (conflict)",
    "no_access": "Kept away (conflict)",
}


def _assignments(round_, panel=None, lot=None):
    assignments = Assignment.objects.filter(
        bid__lot__round=round_,
        member__status=MemberStatus.ACTIVE,
        member__role__in=SCORING_ROLES,
    )
    if panel is not None:
        assignments = assignments.filter(member__panel=panel)
    if lot is not None:
        assignments = assignments.filter(bid__lot=lot)
    return assignments


@dataclass(frozen=True)
class Sheet:
    """What the progress pages need of a sheet, read as values (a large round has thousands)."""

    pk: int
    status: str
    reopened_reason: str


def _pairs(round_, panel=None, lot=None):
    """(member pk, bid pk, Sheet or None) for every assignment: one query of plain values, no
    model objects, whatever the size of the round."""
    rows = _assignments(round_, panel, lot).values_list(
        "member_id", "bid_id", "sheet__pk", "sheet__status", "sheet__reopened_reason"
    )
    for member_id, bid_id, sheet_pk, status, reopened in rows.order_by():
        yield member_id, bid_id, (Sheet(sheet_pk, status, reopened) if sheet_pk else None)


def _blocked(round_, lot=None) -> set[tuple[int, int]]:
    """(member, bid) pairs a current declaration keeps apart."""
    declarations = ConflictDeclaration.objects.filter(bid__lot__round=round_, current=True)
    if lot is not None:
        declarations = declarations.filter(bid__lot=lot)
    kept_away = declarations.exclude(outcome__in=(Outcome.CLEAR, Outcome.ALLOWED))
    return set(kept_away.values_list("member_id", "bid_id").order_by())


def _status(member_id, bid_id, sheet, blocked) -> str:
    if sheet is not None and sheet.status == SheetStatus.WITHDRAWN:
        return SheetStatus.WITHDRAWN
    if (member_id, bid_id) in blocked:
        return "no_access"
    return sheet.status if sheet is not None else NOT_STARTED


def status_of(assignment, blocked) -> str:
    return _status(
        assignment.member_id, assignment.bid_id, getattr(assignment, "sheet", None), blocked
    )


def missing_pairs(round_, lot=None) -> list[tuple[int, int]]:
    """(member pk, bid pk) for every sheet still expected: assigned, not kept away, not
    submitted; in the whole round, or in one lot. Plain values: the stage guard and the round
    page ask this of the whole round."""
    blocked = _blocked(round_, lot)
    return [
        (member_id, bid_id)
        for member_id, bid_id, sheet in _pairs(round_, lot=lot)
        if _status(member_id, bid_id, sheet, blocked) in (NOT_STARTED, SheetStatus.DRAFT)
    ]


def missing_sheets(round_, lot=None) -> list[tuple]:
    """(member, bid) for every sheet still expected, ordered by name, lot and bid: each member
    and bid read once, however many sheets they are missing."""
    from bids.models import Bid
    from panels.models import Member

    pairs = missing_pairs(round_, lot)
    members = Member.objects.select_related("user").in_bulk({m for m, _ in pairs})
    bids = Bid.objects.select_related("lot").in_bulk({b for _, b in pairs})
    found = [(members[m], bids[b]) for m, b in pairs]
    return sorted(
        found,
        key=lambda mb: (mb[0].user.display_name, mb[0].pk, mb[1].lot.number, mb[1].number),
    )


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
    """Members x bids with each sheet's status: four queries of plain values and one object per
    member and per bid, whatever the size of the panel."""
    from bids.models import Bid
    from panels.models import Member

    blocked = _blocked(round_)
    cells: dict[int, dict] = {}
    for member_id, bid_id, sheet in _pairs(round_, panel):
        cells.setdefault(member_id, {})[bid_id] = sheet
    members = Member.objects.select_related("user").in_bulk(cells)
    bid_pks = {pk for row in cells.values() for pk in row}
    bids = Bid.objects.select_related("lot").in_bulk(bid_pks)
    ordered = sorted(bids.values(), key=lambda b: (b.lot.number, b.number))
    rows = []
    for member in sorted(members.values(), key=lambda m: (m.user.display_name, m.pk)):
        row = Row(member=member)
        mine = cells[member.pk]
        for bid in ordered:
            if bid.pk not in mine:
                continue
            sheet = mine[bid.pk]
            status = _status(member.pk, bid.pk, sheet, blocked)
            row.cells[bid.pk] = (status, LABELS[status], sheet)
            if status not in ("no_access", SheetStatus.WITHDRAWN):
                row.expected += 1
                row.submitted += status == SheetStatus.SUBMITTED
        rows.append(row)
    return Table(bids=ordered, rows=rows)
