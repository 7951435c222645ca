"""What the officer's panel pages show in their tables, worked out in a fixed number of queries
whatever the number of members and bids (tests/test_panels_officer.py pins the counts)."""

from collections import Counter

from panels import services
from panels.models import Assignment, ConflictDeclaration, Member, Outcome


def add_readiness(round_, round_panels, gating):
    """Sets row["ready"], row["done"] and row["total"] for each scoring member of each panel,
    from the round's facts read once and each member's prefetched progress."""
    facts = gating.round_facts(round_)
    for panel in round_panels:
        for row in panel.rows:
            member = row["member"]
            if not member.scores:
                continue
            done = [item.done for item in gating.readiness(member, facts)]
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
