"""Appends many events to one chain at once, for generators and imports of large rounds.

The same events record() would write (hashed, signed, in sequence), inserted in batches. Only for
code that builds data in bulk, such as `manage.py generate_round`: services record one event per
change with audit.record() so each event lands in the transaction of its change.
"""

from django.db import connection, models
from django.utils import timezone

from audit.canonical import normalise
from audit.keys import signing_event_key
from audit.models import AuditEvent, Chain
from audit.recorder import _locked_chain, _rotation_fields, actor_ref, build_event


def append_events(round_, events, batch_size: int = 2000) -> int:
    """Appends `events` (dicts: action, object_type, object_id, and optionally actor, before,
    after, reason, at) to the round's chain (the global chain for None), in order. Returns how
    many were written. Must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("append_events() must run inside a transaction.")
    key = signing_event_key()
    chain = _locked_chain(round_)
    pending: list[AuditEvent] = []
    written = 0

    def add(fields):
        event = build_event(chain, round_, key, fields)
        chain.head_seq, chain.head_hash = event.seq, event.hash
        pending.append(event)

    if chain.head_key_id and chain.head_key_id != key.id:
        add(_rotation_fields(chain.head_key_id, key))
    now = timezone.now()
    for item in events:
        if not item.get("object_type") or item.get("object_id") is None:
            raise ValueError("An event needs the object it is about.")
        add(
            {
                "at": item.get("at") or now,
                "actor": actor_ref(item.get("actor")),
                "action": item["action"],
                "object_type": item["object_type"],
                "object_id": str(item["object_id"]),
                "before": normalise(item.get("before")),
                "after": normalise(item.get("after")),
                "reason": item.get("reason") or "",
            }
        )
        if len(pending) >= batch_size:
            written += _insert(pending)
    written += _insert(pending)
    Chain.objects.filter(pk=chain.pk).update(
        head_seq=chain.head_seq, head_hash=chain.head_hash, head_key_id=key.id
    )
    chain.head_key_id = key.id
    return written


def _insert(pending: list[AuditEvent]) -> int:
    count = len(pending)
    if count:
        # AuditEventQuerySet refuses bulk_create so no service can skip record(); this is the
        # one sanctioned path, writing exactly what record() would.
        models.QuerySet.bulk_create(AuditEvent.objects.all(), pending)
        pending.clear()
    return count
