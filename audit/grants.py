"""Replays grants (object permissions, group membership) recorded as granted/revoked events.

The trail says who was given what and when it was taken away; the live table must hold exactly the
grants still standing. A grant added behind the app's back, or one removed, is named.
"""

from audit.models import AuditEvent
from audit.verify import Finding


def standing(actions: tuple[str, str], key, round_ids=None, *, global_only=False):
    """{grant: (chain, seq)} for the grants the trail says still stand.

    `actions` is (granted, revoked); key(before, after, object_id, round_id) names the grant.
    """
    events = AuditEvent.objects.filter(action__in=actions).order_by("chain_id", "seq")
    if global_only:
        events = events.filter(round__isnull=True)
    elif round_ids is not None:
        events = events.filter(round_id__in=round_ids)
    grants = {}
    rows = events.values_list(
        "action", "object_id", "round_id", "before", "after", "chain__key", "seq"
    )
    for action, object_id, round_id, before, after, chain, seq in rows.iterator(chunk_size=5000):
        grant = key(before, after, object_id, round_id)
        if action == actions[0]:
            grants[grant] = (chain, seq)
        else:
            grants.pop(grant, None)
    return grants


def compare(recorded: dict, live, describe, chain: str) -> list[Finding]:
    """Findings for each live grant the trail does not hold, and each standing grant not live."""
    findings = []
    live = set(live)
    for grant in sorted(live - set(recorded), key=str):
        findings.append(
            Finding(chain, f"{describe(grant)} is in the database but the trail never granted it")
        )
    for grant in sorted(set(recorded) - live, key=str):
        where, seq = recorded[grant]
        findings.append(
            Finding(where, f"{describe(grant)} was granted in the trail but is missing", seq=seq)
        )
    return findings
