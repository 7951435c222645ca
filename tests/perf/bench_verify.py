"""Benchmark: how fast verify_audit checks the trail (hashes and signatures), that its memory stays
flat, and how long appending one event takes.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python tests/perf/bench_verify.py [EVENTS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python tests/perf/bench_verify.py

Seeds EVENTS (default 100,000) valid, signed events into one chain of a scratch database (never the
demo's) with audit.bulk, then times the chain check and records peak Python memory with
tracemalloc at a tenth of the events and at all of them; then times 500 audit.record() calls, each
in its own transaction as a service makes them. Results go in the README.
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
from django.db import transaction  # noqa: E402

from audit.models import Chain  # noqa: E402
from audit.verify import verify_chains  # noqa: E402


def seed(count: int) -> Chain:
    """Adds `count` signed events to the global chain (the verifier accepts only real chain keys:
    "global" or a round's), through the same code as record()."""
    call_command("migrate", verbosity=0)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    chain, _ = Chain.objects.get_or_create(key=Chain.GLOBAL)
    first = chain.head_seq + 1
    events = (
        {
            "at": start + timedelta(seconds=seq),
            "actor": "u-00000001",
            "action": "criterion.updated",
            "object_type": "bench.thing",
            "object_id": str(seq % 500),
            "before": {"weight": "20.00", "title": "Keeping young people safe"},
            "after": {"weight": "25.00", "title": "Keeping young people safe"},
            "reason": "Benchmark event",
        }
        for seq in range(first, first + count)
    )
    with transaction.atomic():
        append_to(chain, events)
    chain.refresh_from_db()
    return chain


def append_to(chain, events):
    """audit.bulk appends to a round's chain; the benchmark's chain has no round, so it borrows
    the same building blocks."""
    from audit.bulk import _insert
    from audit.canonical import normalise
    from audit.keys import signing_event_key
    from audit.recorder import build_event

    key, pending = signing_event_key(), []
    chain = Chain.objects.select_for_update(of=("self",)).get(pk=chain.pk)
    for fields in events:
        fields = {
            **fields,
            "before": normalise(fields["before"]),
            "after": normalise(fields["after"]),
        }
        event = build_event(chain, None, key, fields)
        chain.head_seq, chain.head_hash = event.seq, event.hash
        pending.append(event)
        if len(pending) == 5000:
            _insert(pending)
    _insert(pending)
    Chain.objects.filter(pk=chain.pk).update(
        head_seq=chain.head_seq, head_hash=chain.head_hash, head_key_id=key.id
    )


def time_appends(count: int = 500) -> None:
    """One record() per transaction, as services make them, on the global chain: the record()
    call itself (lock the chain, hash, sign, insert, move the head), and the whole transaction
    with its commit (which a service pays for its own change anyway)."""
    from audit.recorder import record

    calls, transactions = [], []
    for n in range(count):
        started = time.perf_counter()
        with transaction.atomic():
            called = time.perf_counter()
            record("bench.appended", object_type="bench.thing", object_id=str(n), after={"n": n})
            calls.append(time.perf_counter() - called)
        transactions.append(time.perf_counter() - started)
    for label, timings in (("append (record call)", calls), ("append + commit", transactions)):
        timings.sort()
        median, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95)]
        print(f"{label}: {count} events, median {median * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms")


def measure(chain: Chain, label: str) -> None:
    """Speed without tracing (tracemalloc slows Python several times), then memory with it."""
    started, cpu = time.perf_counter(), time.process_time()
    result = verify_chains([chain])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.ok, result.findings[:3]
    tracemalloc.start()
    verify_chains([chain])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rate = result.events / elapsed
    print(
        f"{label}: {result.events:>7} events in {elapsed:6.2f} s = {rate:>8,.0f} events/s "
        f"({result.events / cpu:,.0f} per CPU second of this process), "
        f"peak traced memory {peak / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from django.db import connection

    print(f"Database: {connection.vendor}; Python {sys.version.split()[0]}")
    measure(seed(total // 10), "tenth ")
    measure(seed(total - total // 10), "all   ")
    time_appends()
