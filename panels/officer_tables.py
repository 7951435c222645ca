"""What the officer's panel pages show in their tables, worked out in a fixed number of queries
whatever the number of members and bids (tests/test_panels_officer.py pins the counts)."""

from collections import Counter

from bids.models import Bid
from panels import services
from panels.models import Assignment, ConflictDeclaration, Member, Outcome


def add_readiness(round_, round_panels, gating):
    """Sets row["ready"], row["done"] and row["total"] for each scoring member of each panel.

    training.gating.readiness(member) asks the database about each member's lots and their bids;
    here the training part comes from gating (on prefetched results) and the declarations part is
    worked out once for the whole round, so the page's queries do not grow with its members.
    """
    from panels.readiness import parent_consent_item

    facts = gating.round_facts(round_)
    lots = list(round_.lots.all())
    own_panel = {p.lot_id for p in round_panels if p.lot_id}
    organisations = {lot.pk: {} for lot in lots}  # lot -> organisation -> its bids
    for lot_id, bid_pk, name in Bid.objects.filter(lot__round=round_).values_list(
        "lot_id", "pk", "organisation"
    ):
        organisations[lot_id].setdefault(" ".join(name.lower().split()), set()).add(bid_pk)
    for panel in round_panels:
        panel_lots = [
            lot
            for lot in lots
            if (lot.pk == panel.lot_id if panel.lot_id else lot.pk not in own_panel)
        ]
        for row in panel.rows:
            member = row["member"]
            if not member.scores:
                continue
            declared = {d.bid_id for d in member.declarations.all()}
            done = [item.done for item in gating.training_items(member, facts)]
            consent = parent_consent_item(member)
            if consent is not None:
                done.append(consent.done)
            done += [
                all(bids <= declared for bids in organisations[lot.pk].values())
                for lot in panel_lots
            ]
            row["ready"] = all(done)
            row["done"], row["total"] = sum(done), len(done)


def plan_table(lot, scorers):
    """The proposal as rows of members x the lot's bids, each cell saying what would change."""
    plan, problems = services.propose_assignments(lot, scorers)
    bids = list(plan)
    existing = set(Assignment.objects.filter(bid__lot=lot).values_list("member_id", "bid_id"))
    declared, blocked = set(), set()
    for member_id, bid_id, outcome in ConflictDeclaration.objects.filter(
        bid__lot=lot, current=True
    ).values_list("member_id", "bid_id", "outcome"):
        declared.add((member_id, bid_id))
        if outcome not in (Outcome.CLEAR, Outcome.ALLOWED):
            blocked.add((member_id, bid_id))
    planned = {(m.pk, b.pk) for b, ms in plan.items() for m in ms}
    members = list(services.lot_scorers(lot).order_by("user__display_name", "pk"))
    others = {member_id for member_id, _ in existing} - {m.pk for m in members}
    if others:  # members who score now but no longer can (excluded, left, or not a scorer)
        members += list(Member.objects.filter(pk__in=others).select_related("user"))
    now = Counter(member_id for member_id, _ in existing)
    rows = []
    for m in members:
        cells = []
        for b in bids:
            pair = (m.pk, b.pk)
            if pair in planned:
                state = "keep" if pair in existing else "add"
            elif pair in existing:
                state = "remove"
            elif pair in blocked:
                state = "conflict"
            else:
                state = ""
            cells.append({"bid": b, "state": state})
        rows.append(
            {
                "member": m,
                "cells": cells,
                "load": sum(1 for b in bids if (m.pk, b.pk) in planned),
                "now": now[m.pk],
                "undeclared": any((m.pk, b.pk) not in declared for b in bids),
            }
        )
    return {
        "bids": bids,
        "rows": rows,
        "problems": problems,
        "fingerprint": services.plan_fingerprint(plan),
        "scorers": scorers,
        "adding": len(planned - existing),
        "removing": len(existing - planned),
    }
