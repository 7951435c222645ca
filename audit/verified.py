"""The trail page's verification, at a cost that does not grow with the trail.

A full check of a large round (every event's hash and signature, every checkpoint, every live row
replayed) takes seconds. The page instead remembers, in the cache, the last event it verified and
what it found; each view checks that event is still there unchanged and verifies only the events
after it. Comparing live rows with the trail (replay) is remembered for REPLAY_SECONDS or until
a new event arrives. A full check runs in the background from the page's button (or
`manage.py verify_audit` from cron), shows its progress, and resets the remembered point.

What a between-checks view cannot see: a change to an event before the remembered point that
keeps that one event intact, or a live row changed without an event in the last few minutes. The
page says when the last full check ran.
"""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent, Chain
from audit.verify import Finding, Result, capped, verify_rounds
from audit.verify_trail import verify_trail

REPLAY_SECONDS = 300
FULL_CHECK_SECONDS = 3600  # a full check that has not reported for this long is forgotten


@dataclass
class Point:
    """What the last check established about a chain, up to event `seq`."""

    seq: int
    hash: str
    key_id: str
    findings: list[Finding] = field(default_factory=list)
    checkpoints: int = 0
    events: int = 0
    full_at: str = ""  # when the last full check finished, ISO time; "" if never


@dataclass
class Verification(Result):
    new_events: int = 0  # checked in this view
    full_at: str = ""
    running: dict | None = None  # the full check under way: {"done": n, "total": m}
    head: tuple = (0, "", "")  # the chain's last event as this view read it: (seq, hash, key id)


def _point_key(chain_key):
    return f"audit:verified:v2:{chain_key}"


def _replay_key(chain_key, seq):
    return f"audit:replayed:v2:{chain_key}:{seq}"


def _full_key(chain_key):
    return f"audit:full-check:v2:{chain_key}"


def _chain(round_) -> Chain | None:
    return Chain.objects.filter(key=f"round:{round_.pk}").first()  # the key, not the row's round


def _still_there(chain: Chain, point: Point) -> bool:
    if point.seq == 0:
        return True
    stored = (
        AuditEvent.objects.filter(chain=chain, seq=point.seq).values_list("hash", "key_id").first()
    )
    return stored == (point.hash, point.key_id)


def for_round(round_) -> Verification:
    """The round's verification for its trail page: incremental from the remembered point."""
    from audit.replay import replay

    chain = _chain(round_)
    chains = [chain] if chain else []
    point = cache.get(_point_key(chain.key)) if chain else None
    if point is not None and not _still_there(chain, point):
        point = None  # the remembered event is gone or changed: check everything now
    after = {chain.pk: (point.seq, point.hash, point.key_id)} if point and point.seq else None
    result = verify_trail(chains, after=after)
    findings = (point.findings if point else []) + result.findings
    last = (
        AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash", "key_id")
        if chain
        else AuditEvent.objects.none()
    ).first()
    head = last or (0, "", "")
    if chain:
        cache.set(
            _point_key(chain.key),
            Point(
                *head,
                findings=findings,
                checkpoints=(point.checkpoints if point else 0) + result.checkpoints,
                events=(point.events if point else 0) + result.events,
                full_at=point.full_at if point else "",
            ),
            None,
        )
    rounds = verify_rounds([round_.pk])
    replayed = cache.get(_replay_key(chain.key if chain else "-", head[0]))
    if replayed is None:
        replayed = capped(replay(round_ids=[round_.pk]))
        cache.set(_replay_key(chain.key if chain else "-", head[0]), replayed, REPLAY_SECONDS)
    return Verification(
        chains=len(chains),
        events=(point.events if point else 0) + result.events,
        findings=findings + rounds + replayed,
        checkpoints=(point.checkpoints if point else 0) + result.checkpoints,
        checkpoint_dir=result.checkpoint_dir,
        new_events=result.events,
        full_at=point.full_at if point else "",
        running=cache.get(_full_key(chain.key)) if chain else None,
        head=tuple(head),
    )


def start_full_check(round_) -> bool:
    """Starts a full check of the round's trail in the background (inline when
    AUDIT_FULL_CHECK_IN_BACKGROUND is off, as in tests). False if one is already running."""
    chain = _chain(round_)
    if chain is None:
        return False
    total = AuditEvent.objects.filter(chain=chain).count()
    state = {"done": 0, "total": total, "started": timezone.now().isoformat(timespec="seconds")}
    if not cache.add(_full_key(chain.key), state, FULL_CHECK_SECONDS):
        return False
    if settings.AUDIT_FULL_CHECK_IN_BACKGROUND:
        threading.Thread(target=_run_in_thread, args=(round_, chain), daemon=True).start()
    else:
        full_check(round_, chain)
    return True


def _run_in_thread(round_, chain):
    try:
        full_check(round_, chain)
    finally:
        connection.close()  # this thread's own connection


def full_check(round_, chain: Chain) -> None:
    from audit.replay import replay

    state = cache.get(_full_key(chain.key)) or {"total": 0}

    def progress(done):
        cache.set(_full_key(chain.key), {**state, "done": done}, FULL_CHECK_SECONDS)

    try:
        result = verify_trail([chain], progress=progress)
        last = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("-seq")
            .values_list("seq", "hash", "key_id")
            .first()
        )
        head = last or (0, "", "")
        cache.set(
            _point_key(chain.key),
            Point(
                *head,
                findings=result.findings,
                checkpoints=result.checkpoints,
                events=result.events,
                full_at=timezone.now().isoformat(timespec="seconds"),
            ),
            None,
        )
        cache.set(
            _replay_key(chain.key, head[0]),
            capped(replay(round_ids=[round_.pk])),
            REPLAY_SECONDS,
        )
    finally:
        cache.delete(_full_key(chain.key))
