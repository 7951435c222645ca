"""audit.record(): the one way an event enters the decision trail."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.canonical import event_hash, event_payload, normalise
from audit.keys import EventKey, signing_event_key
from audit.models import AuditEvent, Chain
from audit.snapshots import snapshot_of

_UNSET = object()


def actor_ref(actor) -> str:
    """Events name people by a stable pseudonym, never by name or email."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.actor_ref


def chain_key(round_) -> str:
    return f"round:{round_.pk}" if round_ is not None else Chain.GLOBAL


def _locked_chain(round_) -> Chain:
    key = chain_key(round_)
    chain = Chain.objects.select_for_update().filter(key=key).first()
    if chain is not None:
        return chain
    try:
        with transaction.atomic():
            Chain.objects.create(key=key, round=round_)
    except IntegrityError:
        pass  # Another writer created it first; lock theirs.
    return Chain.objects.select_for_update().get(key=key)


def record(
    action: str,
    *,
    obj=None,
    round=None,  # noqa: A002 - reads naturally at call sites: record(..., round=r)
    actor=None,
    before=None,
    after=_UNSET,
    reason: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
) -> AuditEvent:
    """Appends one event to the round's chain (or the global chain).

    Must be called inside the transaction that makes the change, so both happen or neither. For a
    model registered in audit.snapshots, `after` defaults to its full snapshot, which the verifier
    later replays against the live row.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit.record() must run inside the transaction of the change it records."
        )
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if after is _UNSET:
            after = snapshot_of(obj)
    if after is _UNSET:
        after = None
    if not object_type or object_id is None:
        raise ValueError("An event needs the object it is about.")

    fields = {
        "at": timezone.now(),
        "actor": actor_ref(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "before": normalise(before),
        "after": normalise(after),
        "reason": reason or "",
    }
    key = signing_event_key()  # before anything is written: no key, no record
    chain = _locked_chain(round)
    if chain.head_key_id and chain.head_key_id != key.id:
        _append(chain, round, key, _rotation_fields(chain.head_key_id, key))
    return _append(chain, round, key, fields)


def _rotation_fields(old_key_id: str, key: EventKey) -> dict:
    """The first event a chain signs with a new key says so, and is itself signed with it."""
    return {
        "at": timezone.now(),
        "actor": "system",
        "action": "audit.key_rotated",
        "object_type": "audit.key",
        "object_id": key.id,
        "before": {"key": old_key_id},
        "after": {"key": key.id, "fingerprint": key.fingerprint},
        "reason": "",
    }


def _append(chain: Chain, round_, key: EventKey, fields: dict) -> AuditEvent:
    event = build_event(chain, round_, key, fields)
    event.save()
    Chain.objects.filter(pk=chain.pk).update(
        head_seq=event.seq, head_hash=event.hash, head_key_id=key.id
    )
    chain.head_seq, chain.head_hash, chain.head_key_id = event.seq, event.hash, key.id
    return event


def build_event(chain: Chain, round_, key: EventKey, fields: dict) -> AuditEvent:
    """The next event of `chain` (locked by the caller), hashed and signed, not yet saved."""
    seq = chain.head_seq + 1
    payload = event_payload(
        chain=chain.key,
        seq=seq,
        round_id=round_.pk if round_ else None,
        prev_hash=chain.head_hash,
        **fields,
    )
    digest = event_hash(payload)
    return AuditEvent(
        chain=chain,
        seq=seq,
        round=round_,
        prev_hash=chain.head_hash,
        hash=digest,
        key_id=key.id,
        signature=key.sign(digest),
        **fields,
    )
