"""Shapes scoring.progress tables for the chair's and the officer's progress pages."""

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


def shape(table, bids=None, rows=None) -> dict:
    """Rows with their cells in bid order (None where a member has no sheet for a bid), and
    each bid's submitted and expected counts for the totals row."""
    bids = table.bids if bids is None else bids
    rows = table.rows if rows is None else rows
    shaped, totals = [], {bid.pk: [0, 0] for bid in bids}
    for row in rows:
        cells = []
        for bid in bids:
            cell = row.cells.get(bid.pk)
            if cell is None:
                cells.append(None)
                continue
            status, label, sheet = cell
            reopened = (
                sheet is not None and status == SheetStatus.DRAFT and bool(sheet.reopened_reason)
            )
            cells.append(
                {
                    "bid": bid,
                    "status": status,
                    "label": label,
                    "sheet": sheet,
                    "tag": TAGS[status],
                    "reopened": reopened,
                    # What the chair may open: a sheet that was submitted at some point.
                    "readable": sheet is not None
                    and (status in (SheetStatus.SUBMITTED, SheetStatus.WITHDRAWN) or reopened),
                }
            )
            if status in COUNTED:
                totals[bid.pk][1] += 1
                totals[bid.pk][0] += status == SheetStatus.SUBMITTED
        shaped.append({"member": row.member, "cells": cells, "row": row})
    return {
        "bids": bids,
        "rows": shaped,
        "bid_totals": [totals[bid.pk] for bid in bids],
        "submitted": sum(r.submitted for r in rows),
        "expected": sum(r.expected for r in rows),
    }


def by_panel(table, panels) -> list[dict]:
    """One whole-round table split into each panel's part, without asking the database again."""
    parts = []
    for panel in panels:
        rows = [r for r in table.rows if r.member.panel_id == panel.pk]
        wanted = {pk for r in rows for pk in r.cells}
        bids = [b for b in table.bids if b.pk in wanted]
        parts.append({"panel": panel, **shape(table, bids, rows)})
    return parts
