"""Benchmark: how fast verify_audit checks the trail, and that its memory stays flat.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python tests/perf/bench_verify.py [EVENTS]

Seeds EVENTS (default 100,000) valid events in one round's chain into a scratch database (never the
demo's), then times the chain check and the replay, and records peak Python memory with
tracemalloc at a tenth of the events and at all of them. Results go in the README.
"""

import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import models, transaction  # noqa: E402

from audit.canonical import GENESIS_HASH, event_hash, event_payload  # noqa: E402
from audit.models import AuditEvent, Chain  # noqa: E402
from audit.verify import verify_chains  # noqa: E402


def seed(count: int) -> Chain:
    call_command("migrate", verbosity=0)
    chain, _ = Chain.objects.get_or_create(key=f"bench:{count}:{time.time_ns()}")
    start = datetime(2027, 1, 1, tzinfo=UTC)
    prev, batch = GENESIS_HASH, []
    for seq in range(1, count + 1):
        fields = {
            "at": start + timedelta(seconds=seq),
            "actor": "user:00000000-0000-0000-0000-000000000001",
            "action": "criterion.updated",
            "object_type": "bench.thing",
            "object_id": str(seq % 500),
            "before": {"weight": "20.00", "title": "Keeping young people safe"},
            "after": {"weight": "25.00", "title": "Keeping young people safe"},
            "reason": "Benchmark event",
        }
        payload = event_payload(chain=chain.key, seq=seq, round_id=None, prev_hash=prev, **fields)
        payload["at"] = fields["at"].isoformat(timespec="microseconds")
        digest = event_hash(payload)
        batch.append(AuditEvent(chain=chain, seq=seq, prev_hash=prev, hash=digest, **fields))
        prev = digest
        if len(batch) == 5000:
            _insert(batch)
            batch = []
    _insert(batch)
    Chain.objects.filter(pk=chain.pk).update(head_seq=count, head_hash=prev)
    chain.refresh_from_db()
    return chain


def _insert(batch):
    # The app refuses bulk writes to the trail; the benchmark seeds valid events directly.
    with transaction.atomic():
        models.QuerySet.bulk_create(AuditEvent.objects.all(), batch)


def measure(chain: Chain, label: str) -> None:
    """Speed without tracing (tracemalloc slows Python several times), then memory with it."""
    started = time.perf_counter()
    result = verify_chains([chain])
    elapsed = time.perf_counter() - started
    assert result.ok, result.findings[:3]
    tracemalloc.start()
    verify_chains([chain])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rate = result.events / elapsed
    print(
        f"{label}: {result.events:>7} events in {elapsed:6.2f} s = {rate:>8,.0f} events/s, "
        f"peak traced memory {peak / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from django.db import connection

    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    small = seed(total // 10)
    large = seed(total)
    measure(small, "tenth ")
    measure(large, "all   ")
