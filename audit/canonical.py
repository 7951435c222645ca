"""The canonical encoding that event hashes are computed over.

Sorted keys, fixed separators, UTF-8, and no floats: Decimals, dates and datetimes become strings, so
the same event always encodes to the same bytes on any machine and database. A third party can
re-implement this in a few lines (see the README, "Re-verifying an exported trail").
"""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

GENESIS_HASH = "0" * 64


def normalise(value):
    """Turns a value into the JSON-safe form that is both stored and hashed."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        raise TypeError("Floats are not allowed in the decision trail: use Decimal.")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("Datetimes in the decision trail must be timezone-aware.")
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    raise TypeError(f"Cannot record a {type(value).__name__} in the decision trail.")


def encode(value, *, normalised: bool = False) -> bytes:
    """Canonical bytes. `normalised=True` skips the walk for values read back from the trail."""
    return json.dumps(
        value if normalised else normalise(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def event_payload(
    *,
    chain,
    seq,
    at,
    actor,
    action,
    object_type,
    object_id,
    round_id,
    before,
    after,
    reason,
    prev_hash,
) -> dict:
    """Every field of an event that its hash covers, by the names used in exports."""
    return {
        "chain": chain,
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "round": round_id,
        "before": before,
        "after": after,
        "reason": reason,
        "prev_hash": prev_hash,
    }


def event_hash(payload: dict, *, normalised: bool = False) -> str:
    return hashlib.sha256(encode(payload, normalised=normalised)).hexdigest()


def timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")
