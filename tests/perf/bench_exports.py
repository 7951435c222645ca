"""Benchmark: time to first byte, total time and peak memory of the trail's JSON lines export and
the decision pack, through their views, on a large generated round.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_h5
    .venv/bin/python manage.py generate_round --seed 1      # see tests/perf/bench_pages.py
    .venv/bin/python tests/perf/bench_exports.py [--seed 1] [--runs 3] [--only pack]

DEBUG off, Django's test Client in this process, as the round's officer. Each download is a POST
that records its export (trail.exported, decision_pack.exported) in its own transaction before the
first byte is sent, so it WRITES to the database: run it against a copy of a shared benchmark
database (createdb -T bench_h5 pack_bench), never the original. Both exports stream: the JSON lines
from a server-side cursor, the decision pack part by part as each sheet is written. Time to first
byte: from the request until the response's first chunk is in hand; total: until the last. Peak
memory: tracemalloc's peak of Python allocations while the whole body is read (in a separate run,
as tracing slows Python), and the process's peak resident size (getrusage), printed after each
export (with --only, that export's alone) and at the end.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-exports-not-a-secret-" + "x" * 40)
os.environ["ALLOWED_HOSTS"] = "testserver"
# The development keys the generated round was signed with (config/settings.py gives them only
# with DEBUG on); a scratch database, never a deployment's.
os.environ.setdefault("AUDIT_EVENT_KEYS", "dev:dev-only-event-key-do-not-use-in-production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# No collectstatic in a scratch checkout: plain static URLs instead of the manifest's.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from audit.models import AuditEvent  # noqa: E402
from commissioning.models import Round  # noqa: E402
from scoring.models import CriterionScore  # noqa: E402


def download(client, url, data):
    started = time.perf_counter()
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    body = response.streaming_content if response.streaming else iter([response.content])
    size, first = 0, None
    for chunk in body:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    total = time.perf_counter() - started
    if hasattr(response, "close"):
        response.close()
    return first, total, size


def bench(label, client, url, data, runs, trace):
    if runs > 1:
        download(client, url, data)  # warm
    results = [download(client, url, data) for _ in range(runs)]
    first = min(r[0] for r in results)
    total = min(r[1] for r in results)
    size = results[0][2]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<24} first byte {first * 1000:7.0f} ms   all {total:6.1f} s   "
        f"{size / 2**20:6.1f} MB sent   peak RSS so far {rss:.0f} MB",
        flush=True,
    )
    if trace:
        tracemalloc.start()
        download(client, url, data)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label:<24} peak Python memory while sending {peak / 2**20:5.1f} MB", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-trace", action="store_true", help="skip the tracemalloc run (slow on a busy machine)"
    )
    parser.add_argument(
        "--only", choices=("trail", "pack"), help="measure one export (its peak RSS alone)"
    )
    args = parser.parse_args()
    round_ = Round.objects.get(name=f"Generated round {args.seed}")
    events = AuditEvent.objects.filter(round=round_).count()
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=round_).count()
    print(f"round {round_.pk}: {events:,} events, {scores:,} individual scores", flush=True)
    client = Client(secure=True, headers={"X-Forwarded-Proto": "https"})
    client.force_login(round_.created_by)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"resident size before any download (Django and the app loaded): {rss:.0f} MB")
    if args.only in (None, "trail"):
        bench(
            "trail, JSON lines",
            client,
            reverse("audit:export_jsonl", args=[round_.pk]),
            {},
            args.runs,
            not args.no_trace,
        )
    if args.only in (None, "pack"):
        bench(
            "decision pack (.xlsx)",
            client,
            reverse("decisions:pack", args=[round_.pk]),
            {},
            args.runs,
            not args.no_trace,
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the process (getrusage): {rss:.0f} MB")


if __name__ == "__main__":
    main()
