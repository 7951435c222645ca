"""What the trail records of each replayable object, so the verifier can compare it with live rows.

An app registers a model with a function returning the facts that matter (a round's stage, a
criterion's weight and descriptors, later a sheet's scores). Every event about such an object stores
that snapshot as `after`, and `verify_audit` checks the live row still equals the last one recorded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from audit.canonical import normalise


@dataclass(frozen=True)
class Registration:
    model: Any
    snapshot: Callable[[Any], dict]
    queryset: Callable[[], Any]  # live rows to replay, with what snapshot() needs prefetched
    describe: Callable[[Any], str]
    # Services that record only what an action changed (a member's status, then their recognition):
    # the trail's state is each event's `after` laid over the one before, starting from `defaults`,
    # and the live snapshot is compared key by key with it. Recorded keys the snapshot lacks (an
    # invitation's id) are context, not state, and are not compared.
    merge: bool = False
    defaults: dict | None = None
    round_lookup: str | None = None  # how to filter rows by round, if not the model's own


_registry: dict[str, Registration] = {}


def register(
    model, *, snapshot, queryset=None, describe=str, merge=False, defaults=None, round_lookup=None
):
    label = model._meta.label_lower
    _registry[label] = Registration(
        model=model,
        snapshot=snapshot,
        queryset=queryset or (lambda: model._default_manager.all()),
        describe=describe,
        merge=merge,
        defaults=normalise(defaults or {}),
        round_lookup=round_lookup or getattr(model, "audit_round_lookup", "round_id__in"),
    )


_checks: list[Callable] = []


def register_check(check: Callable) -> None:
    """A replay for state that is not one row per event (object permissions, group membership):
    check(round_ids) returns findings, round_ids None meaning every round and the global chain.
    One query per table, streamed, like the registrations."""
    if check not in _checks:
        _checks.append(check)


def checks() -> list[Callable]:
    return list(_checks)


def registrations() -> dict[str, Registration]:
    return dict(_registry)


def snapshot_of(obj) -> dict | None:
    registration = _registry.get(obj._meta.label_lower)
    if registration is None:
        return None
    return normalise(registration.snapshot(obj))
