"""Ranking within a lot, and ties.

Eligible bids are ranked by their total as displayed (2 decimal places), highest first; bids with
equal displayed totals are tied. The round's declared rule then orders a tie:

- quality: the higher score on the highest-weighted criterion the panel or an officer scores
  (the first in the rubric's order if several share the highest weight);
- price: the lower price (amount requested);
- panel: the panel decides, and its order is recorded with a reason (a TieDecision).

Bids the rule cannot separate (equal on that criterion, or equal prices) also need a recorded
decision. Until there is one they share a rank (1, 2, 2, 4) and are marked open. Ineligible bids
have no rank and come last.
"""

from itertools import groupby

QUALITY, PRICE, PANEL = "quality", "price", "panel"


def group_key(bid_pks) -> str:
    """Names a set of tied bids: their pks, sorted, comma-separated."""
    return ",".join(str(pk) for pk in sorted(bid_pks))


def quality_criterion(criteria):
    """The highest-weighted criterion scored by the panel or an officer (not price)."""
    scored = [c for c in criteria if c.counts and not c.is_price]
    if not scored:
        return None
    top = max(c.weight for c in scored)
    return next(c for c in scored if c.weight == top)


def _rule_order(group, criteria, tie_break):
    """Splits a tied group into sub-groups the rule orders, best first, and says how."""
    if tie_break == QUALITY:
        criterion = quality_criterion(criteria)
        if criterion is not None:

            def points(r):
                return next(x.points for x in r.lines if x.criterion.pk == criterion.pk)

            ordered = sorted(group, key=lambda r: (-points(r), r.bid.number))
            how = f"the higher score on “{criterion.title}” (the highest-weighted question)"
            return [list(g) for _, g in groupby(ordered, key=points)], how
    if tie_break == PRICE:
        ordered = sorted(group, key=lambda r: (r.bid.price, r.bid.number))
        return [list(g) for _, g in groupby(ordered, key=lambda r: r.bid.price)], "the lower price"
    return [sorted(group, key=lambda r: r.bid.number)], ""


def _others(result, group) -> str:
    return ", ".join(r.bid.reference for r in group if r is not result)


def rank(results, criteria, tie_break: str, tie_orders: dict) -> list:
    """Sets rank, tie, tie_open, tie_group and tie_note on each result; returns them in order."""
    eligible = sorted(
        (r for r in results if r.eligible), key=lambda r: (-r.total_shown, r.bid.number)
    )
    ineligible = sorted(
        (r for r in results if not r.eligible), key=lambda r: (-r.total, r.bid.number)
    )
    position = 1
    for total, members in groupby(eligible, key=lambda r: r.total_shown):
        group = list(members)
        if len(group) == 1:
            group[0].rank = position
            position += 1
            continue
        for r in group:
            r.tie = True
        parts, how = _rule_order(group, criteria, tie_break)
        for part in parts:
            if len(part) == 1:
                part[0].rank = position
                part[0].tie_note = (
                    f"Tied at {total} with {_others(part[0], group)}; ranked {position} by the round's "
                    f"rule, {how}."
                )
                position += 1
                continue
            key = group_key(r.bid.pk for r in part)
            recorded = tie_orders.get(key)
            by_pk = {r.bid.pk: r for r in part}
            if recorded and sorted(recorded[0]) == sorted(by_pk):
                order, reason = recorded
                for pk in order:
                    by_pk[pk].rank = position
                    by_pk[pk].tie_group = key
                    by_pk[pk].tie_note = (
                        f"Tied at {total} with {_others(by_pk[pk], group)}; ranked {position} by the "
                        f"panel's recorded decision: {reason}"
                    )
                    position += 1
                continue
            why = (
                "the round's rule is that the panel decides, with a recorded reason"
                if not how
                else f"the round's rule ({how}) does not separate them, so the panel decides, "
                "with a recorded reason"
            )
            for r in part:
                r.rank = position
                r.tie_open = True
                r.tie_group = key
                r.tie_note = f"Tied at {total} with {_others(r, group)}, still open: {why}."
            position += len(part)
    return sorted(eligible, key=lambda r: (r.rank, r.bid.number)) + ineligible
