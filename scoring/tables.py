"""Shapes scoring.progress tables for the chair's and the officer's progress pages."""

from itertools import groupby

from scoring.models import SheetStatus
from scoring.progress import NOT_STARTED

TAGS = {
    SheetStatus.SUBMITTED: "tag--done",
    SheetStatus.DRAFT: "",
    NOT_STARTED: "tag--waiting",
    SheetStatus.WITHDRAWN: "tag--grey",
    "no_access": "tag--grey",
}
COUNTED = (NOT_STARTED, SheetStatus.DRAFT, SheetStatus.SUBMITTED)


def shape(table, bids=None, rows=None, *, split=True, sheet_url=None) -> dict:
    """Rows with their cells in bid order (None where a member has no sheet for a bid), and
    each bid's submitted and expected counts for the totals row. With `split`, the same shape
    for each lot's bids instead (`lots`), one table each, so a panel scoring eleven bids across
    three lots is three tables that fit the page rather than one 1,600 px wide; the whole-round
    counts are then the lots' sums. `sheet_url` (a function of a sheet pk) links each sheet the
    chair may read."""
    bids = table.bids if bids is None else bids
    rows = table.rows if rows is None else rows
    if split:
        lots = [
            {
                "lot": group[0].lot,
                **shape(table, group, _rows_for(rows, group), split=False, sheet_url=sheet_url),
            }
            for group in (list(g) for _, g in groupby(bids, key=lambda b: b.lot_id))
        ]
        return {
            "bids": bids,
            "rows": rows,
            "lots": lots,
            "submitted": sum(lot["submitted"] for lot in lots),
            "expected": sum(lot["expected"] for lot in lots),
        }
    shaped, totals = [], {bid.pk: [0, 0] for bid in bids}
    pairs = [(bid.pk, bid) for bid in bids]  # a model's pk is a property: read it once per bid
    for row in rows:
        cells, counts = [], [0, 0]
        for bid_pk, bid in pairs:
            cell = row.cells.get(bid_pk)
            if cell is None:
                cells.append(None)
                continue
            status, label, sheet = cell
            reopened = (
                sheet is not None and status == SheetStatus.DRAFT and bool(sheet.reopened_reason)
            )
            # What the chair may open: a sheet that was submitted at some point.
            readable = sheet is not None and (
                status in (SheetStatus.SUBMITTED, SheetStatus.WITHDRAWN) or reopened
            )
            cells.append(
                {
                    "bid": bid,
                    "status": status,
                    "label": label,
                    "sheet": sheet,
                    "tag": TAGS[status],
                    "reopened": reopened,
                    "readable": readable,
                    "url": sheet_url(sheet.pk) if readable and sheet_url else None,
                }
            )
            if status in COUNTED:
                totals[bid_pk][1] += 1
                totals[bid_pk][0] += status == SheetStatus.SUBMITTED
                counts[1] += 1
                counts[0] += status == SheetStatus.SUBMITTED
        shaped.append(
            {
                "member": row.member,
                "cells": cells,
                "row": row,
                "submitted": counts[0],
                "expected": counts[1],
            }
        )
    return {
        "bids": bids,
        "rows": shaped,
        "bid_totals": [totals[bid.pk] for bid in bids],
        "submitted": sum(r["submitted"] for r in shaped),
        "expected": sum(r["expected"] for r in shaped),
    }


def _rows_for(rows, bids) -> list:
    """The members with a sheet (or a kept-away cell) for any of these bids."""
    wanted = {bid.pk for bid in bids}
    return [r for r in rows if wanted.intersection(r.cells)]


def by_panel(table, panels) -> list[dict]:
    """One whole-round table split into each panel's part, without asking the database again."""
    parts = []
    for panel in panels:
        rows = [r for r in table.rows if r.member.panel_id == panel.pk]
        wanted = {pk for r in rows for pk in r.cells}
        bids = [b for b in table.bids if b.pk in wanted]
        parts.append({"panel": panel, **shape(table, bids, rows)})
    return parts
