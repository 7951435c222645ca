"""Replays the trail against the live tables: each registered object must equal its last snapshot.

A change made straight in the database (a round's stage, a criterion's weight) bypasses the services
and so leaves no event; the live row then differs from the trail, and this names the object.
"""

from audit import personal
from audit.canonical import normalise
from audit.models import AuditEvent, Chain
from audit.snapshots import checks, registrations
from audit.verify import Finding, capped, verify_rounds
from audit.verify_trail import verify_trail


def replay(round_ids=None, chunk_size: int = 5000) -> list[Finding]:
    regs = registrations()
    events = AuditEvent.objects.filter(object_type__in=list(regs)).order_by("chain_id", "seq")
    if round_ids is not None:
        events = events.filter(round_id__in=round_ids)
    last: dict[tuple[str, str], tuple[str, int, object]] = {}
    rows = events.values_list("object_type", "object_id", "chain__key", "seq", "after")
    for object_type, object_id, chain, seq, after in rows.iterator(chunk_size=chunk_size):
        reg = regs[object_type]
        if reg.merge and isinstance(after, dict):
            previous = last.get((object_type, object_id))
            state = previous[2] if previous and isinstance(previous[2], dict) else reg.defaults
            after = {**state, **after}
        last[(object_type, object_id)] = (chain, seq, after)

    findings = []
    for label, reg in regs.items():
        live_ids = set()
        queryset = reg.queryset()
        if round_ids is not None:
            queryset = queryset.filter(**{reg.round_lookup: round_ids})
        for obj in queryset.iterator(chunk_size=chunk_size):
            key = (label, str(obj.pk))
            live_ids.add(key)
            recorded = last.get(key)
            if recorded is None:
                findings.append(
                    Finding("replay", f"{reg.describe(obj)} exists but the trail never recorded it")
                )
                continue
            chain, seq, after = recorded
            # An erased person's fields cannot be compared: their value and salt are gone.
            live = personal.align(normalise(reg.snapshot(obj)), after)
            if reg.merge and isinstance(after, dict):
                after = {k: after.get(k) for k in live}
            if after is None:
                findings.append(
                    Finding(
                        chain,
                        f"{reg.describe(obj)} exists but the trail recorded it as removed",
                        seq=seq,
                    )
                )
            elif live != after:
                findings.append(
                    Finding(chain, _difference(reg.describe(obj), live, after), seq=seq)
                )
        for (obj_label, object_id), (chain, seq, after) in last.items():
            if obj_label == label and after is not None and (obj_label, object_id) not in live_ids:
                name = reg.model._meta.verbose_name
                findings.append(
                    Finding(
                        chain,
                        f"{name} {object_id} is in the trail but missing from the database",
                        seq=seq,
                    )
                )
    for check in checks():
        findings.extend(check(round_ids))
    return findings


def _difference(name: str, live: dict, recorded: dict) -> str:
    changed = sorted(k for k in set(live) | set(recorded) if live.get(k) != recorded.get(k))
    parts = [
        f"{k} is {live.get(k)!r} but the trail last recorded {recorded.get(k)!r}" for k in changed
    ]
    return f"{name} was changed outside the app: " + "; ".join(parts)


def verify_round(round_):
    """One round's chain verified, and its events replayed against what they claim to record."""
    chains = list(
        Chain.objects.filter(key=f"round:{round_.pk}")
    )  # the key, not the chain row's round
    result = verify_trail(chains)
    result.findings.extend(verify_rounds([round_.pk]))
    result.findings.extend(capped(replay(round_ids=[round_.pk])))
    return result
