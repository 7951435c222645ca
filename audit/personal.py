"""Personal data in the decision trail: only ever a salted digest, so it can be erased.

A person's details (a bid contact's name and email) are part of what a snapshot records, so the
replay can tell when they were changed behind the app's back. But an event cannot be changed once
recorded, so the event holds `{"sealed": HMAC-SHA256(salt, field + value)}` instead of the value.
The salt is random, one per data subject, and lives next to the data in the live table (never in
an event). Erasing deletes the data and the salt together: the digests left in the trail then match
nothing anyone can compute, the chain's hashes are untouched, and the replay skips the fields of an
erased subject (`align`). An erasure is itself an event (`person.erased`), so a salt removed behind
the app's back, to hide a later change, is named (`erased_without_event`).
"""

import hashlib
import hmac
import secrets

ERASED_ACTION = "person.erased"
ERASED = {"erased": True}  # a sealed field's live value once its subject's salt is gone


def new_salt() -> str:
    return secrets.token_hex(32)


def seal(salt: str, field: str, value: str) -> dict:
    """The trail's stand-in for a personal value: a digest only its salt can reproduce."""
    if not salt:
        return dict(ERASED)
    message = f"{field}\x00{value or ''}".encode()
    return {"sealed": hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()}


def is_sealed(value) -> bool:
    return isinstance(value, dict) and set(value) == {"sealed"}


def align(live: dict, recorded) -> dict:
    """`live` with each erased field taken as the trail recorded it: its value is gone, so there
    is nothing left to compare, and the rest of the row is still checked."""
    if not isinstance(recorded, dict) or ERASED not in live.values():
        return live
    return {
        key: recorded.get(key) if value == ERASED and is_sealed(recorded.get(key)) else value
        for key, value in live.items()
    }


def erased_subjects(prefix: str, round_ids=None) -> set[str]:
    """Subjects ("bidcontact:12") whose erasure the trail records."""
    from audit.models import AuditEvent

    events = AuditEvent.objects.filter(action=ERASED_ACTION, object_id__startswith=prefix)
    if round_ids is not None:
        events = events.filter(round_id__in=round_ids)
    return set(events.values_list("object_id", flat=True))


def erased_without_event(live: dict[str, tuple[str, str]], prefix: str, round_ids=None):
    """Findings for subjects whose salt is gone although no erasure was recorded: someone removed
    it in the database, which would let their details change unseen. `live` maps each subject
    without a salt to (its chain's key, how to name it)."""
    from audit.verify import Finding

    recorded = erased_subjects(prefix, round_ids)
    return [
        Finding(chain, f"{name} has lost its salt but the trail records no erasure")
        for subject, (chain, name) in live.items()
        if subject not in recorded
    ]
