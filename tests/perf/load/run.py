"""The load test from a fresh clone (docs/performance.md): two gunicorn app servers behind a
round-robin proxy on loopback, sharing one PostgreSQL database, Redis and an S3 object store
(moto's server), driven by locust; then every acknowledged save is checked against the database
and the trail is verified. Prints the figures and writes them to --out as JSON.

    .venv/bin/python tests/perf/load/run.py                     # steady, 5 minutes, then burst
    .venv/bin/python tests/perf/load/run.py --mode steady --minutes 2
    .venv/bin/python tests/perf/load/run.py --show tests/perf/results/load.json   # the tables again

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and Redis at 127.0.0.1:6379. The
database named by --db is dropped and made again.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            if time.monotonic() > until:
                raise
            time.sleep(0.5)


def run(cmd, env, **kwargs):
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603


def fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def clear_redis(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def server_times(logs: list[Path]) -> dict:
    """Server time from gunicorn's access logs (%(D)s, microseconds), by request name."""
    times, statuses = {}, {}
    for log in logs:
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) != 4:
                continue
            method, path, status, micros = parts
            kind = _kind(method, path)
            times.setdefault(kind, []).append(int(micros) / 1000)
            statuses[status] = statuses.get(status, 0) + 1
    every = [t for values in times.values() for t in values]
    # Logging in hashes the password (about a second of CPU on purpose): a cost each panellist
    # pays once, shown apart so it does not hide what the pages cost.
    working = [t for kind, values in times.items() if kind != "POST login" for t in values]
    return {
        "requests": len(every),
        "statuses": statuses,
        "all": _summary(every),
        "all_but_log_in": _summary(working),
        "by_kind": {kind: _summary(values) for kind, values in sorted(times.items())},
        "per_server": {log.stem: sum(1 for _ in log.open()) for log in logs},
    }


def _kind(method: str, path: str) -> str:
    path = path.split("?")[0]
    if "/scoring/" in path and "/check/" in path:
        return f"{method} check"
    if (
        path.startswith("/my/")
        and "/scoring/" in path
        and path.rstrip("/").split("/")[-1].isdigit()
    ):
        return f"{method} sheet"
    if "/document" in path or "/documents/" in path:
        return f"{method} document"
    if path.startswith("/accounts/login"):
        return f"{method} login"
    if "/chair/" in path:
        return f"{method} chair progress"
    if path.startswith("/rounds/") and path.endswith("/scoring/"):
        return f"{method} officer progress"
    if path.startswith("/rounds/"):
        return f"{method} round page"
    if path.endswith("/scoring/"):
        return f"{method} dashboard"
    return f"{method} other"


def _summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    values = sorted(values)
    at = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 1),
        "p95_ms": round(at(0.95), 1),
        "p99_ms": round(at(0.99), 1),
        "max_ms": round(values[-1], 1),
    }


def drain(logs: list[Path], quiet: float = 5, most: float = 180) -> None:
    """Waits until the servers have answered what an earlier run left queued (the access logs stop
    growing), so a late save from it cannot meet the next run's sheets."""
    until, last, still = time.monotonic() + most, None, time.monotonic()
    while time.monotonic() < until:
        size = sum(log.stat().st_size for log in logs)
        if size != last:
            last, still = size, time.monotonic()
        elif time.monotonic() - still > quiet:
            return
        time.sleep(1)


def locust_totals(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "client_median_ms": float(total["Median Response Time"]),
        "client_p95_ms": float(total["95%"]),
        "client_p99_ms": float(total["99%"]),
        "by_name": {
            r["Name"]: {
                "n": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p95_ms": float(r["95%"]),
            }
            for r in rows
            if r["Name"] != "Aggregated"
        },
    }


def markdown(results: dict) -> str:
    """The figures as the tables in docs/performance.md."""
    lines = [
        "| run | length | requests | req/s | req/s per core | server p50 | server p95 | "
        "server p95 without log-ins | 5xx | failed requests | saves acknowledged | wrong |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for mode, run in results["runs"].items():
        server, check = run["server"], run["saves_check"]
        ok = isinstance(check, dict)
        lines.append(
            f"| {mode} | {run['seconds']} s | {server['requests']} | "
            f"{run['requests_per_second']} | {run['requests_per_second_per_core']} | "
            f"{server['all'].get('median_ms')} ms | {server['all'].get('p95_ms')} ms | "
            f"{server['all_but_log_in'].get('p95_ms')} ms | {run['errors_5xx']} | "
            f"{run['client']['failures']} | {check['saves_acknowledged'] if ok else '?'} | "
            f"{check['wrong_count'] if ok else '?'} |"
        )
    lines += [
        "",
        "| run | request | n | server p50 | server p95 | server p99 |",
        "|---|---|---|---|---|---|",
    ]
    for mode, run in results["runs"].items():
        for kind, summary in run["server"]["by_kind"].items():
            lines.append(
                f"| {mode} | {kind} | {summary['n']} | {summary.get('median_ms')} ms | "
                f"{summary.get('p95_ms')} ms | {summary.get('p99_ms')} ms |"
            )
    verified = results.get("verify_audit", {})
    last = (verified.get("output") or "").splitlines()[-1:] or [""]
    lines += ["", f"verify_audit {'passed' if verified.get('passed') else 'FAILED'}: {last[0]}"]
    return "\n".join(lines)


def main():
    if sys.argv[1:2] == ["--show"]:  # the tables of an earlier run: run.py --show FILE
        print(markdown(json.loads(Path(sys.argv[2]).read_text())))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["steady", "burst", "both"], default="both")
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--panellists", type=int, default=100)
    parser.add_argument("--submitters", type=int, default=20)
    parser.add_argument("--bids", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--db", default="load_test")
    parser.add_argument(
        "--log-in",
        action="store_true",
        help="users log in through the form at the start (else they arrive already signed in)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--out", default=str(ROOT / "tests/perf/results/load.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="load-"))
    print(f"Working folder: {work}", flush=True)
    moto_port, proxy_port = free_port(), free_port()
    app_ports = [free_port(), free_port()]
    prefix = f"load-{args.db}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.load.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": args.redis,
        "CACHE_KEY_PREFIX": prefix,
        "S3_BUCKET": "load-documents",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "S3_ACCESS_KEY_ID": "load",
        "S3_SECRET_ACCESS_KEY": "load",
        "S3_REGION": "us-east-1",
        "AUDIT_CHECKPOINT_KEY": secrets.token_hex(32),
        "AUDIT_EVENT_KEYS": f"load:{secrets.token_hex(32)}",
        "AUDIT_SIGNING_KEY": secrets.token_hex(32),
        "AUDIT_CHECKPOINT_DIR": str(work / "checkpoints"),
        "STATIC_ROOT": str(work / "static"),
        "VAR_DIR": str(work / "var"),
        "LOG_LEVEL": "ERROR",
    }
    (work / "checkpoints").mkdir()
    processes = []

    def start(cmd, log):
        print("&", " ".join(str(c) for c in cmd), flush=True)
        handle = open(work / log, "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603
            cmd, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT
        )
        processes.append(proc)
        return proc

    results = {"machine": {"cores": os.cpu_count()}, "settings": vars(args), "runs": {}}
    try:
        fresh_database(args.db)
        clear_redis(args.redis, prefix)
        start([BIN / "moto_server", "-H", "127.0.0.1", "-p", str(moto_port)], "moto.log")
        wait_for(f"http://127.0.0.1:{moto_port}/moto-api/")
        import boto3

        boto3.client(
            "s3",
            endpoint_url=env["S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="load",
            aws_secret_access_key="load",  # noqa: S106 - moto accepts any key
        ).create_bucket(Bucket=env["S3_BUCKET"])
        run([PYTHON, "manage.py", "migrate", "-v", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        cast = work / "cast.json"
        started = time.perf_counter()
        run(
            [
                PYTHON,
                HERE / "seed.py",
                cast,
                f"--panellists={args.panellists}",
                f"--bids={args.bids}",
                f"--submitters={args.submitters}",
            ],
            env,
        )
        results["seed_seconds"] = round(time.perf_counter() - started)
        logs = []
        for n, port in enumerate(app_ports):
            log = work / f"access-{'ab'[n]}.log"
            logs.append(log)
            start(
                [
                    BIN / "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    "--worker-class",
                    "gthread",
                    "--access-logfile",
                    str(log),
                    "--access-logformat",
                    "%(m)s %(U)s %(s)s %(D)s",
                ],
                f"gunicorn-{'ab'[n]}.log",
            )
        start(
            [PYTHON, HERE / "proxy.py", str(proxy_port), *(f"127.0.0.1:{p}" for p in app_ports)],
            "proxy.log",
        )
        for port in [*app_ports, proxy_port]:
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        for log in logs:
            log.write_text("")  # the readiness probes are not part of the figures

        modes = ["steady", "burst"] if args.mode == "both" else [args.mode]
        for mode in modes:
            drain(logs)
            record = work / f"record-{mode}.jsonl"
            for log in logs:
                log.write_text("")
            # The burst saves five times together; with --log-in everyone first logs in at once
            # (all the password hashing together), which takes far longer than the saves.
            seconds = int(args.minutes * 60) if mode == "steady" else (240 if args.log_in else 180)
            users = args.panellists + 2
            began = time.perf_counter()
            locust = subprocess.run(  # noqa: S603
                [
                    BIN / "locust",
                    "-f",
                    HERE / "locustfile.py",
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    # Panellists arrive over the first minute of the steady run, all at once for
                    # the burst.
                    str(users if mode == "burst" else (2 if args.log_in else 10)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    f"http://127.0.0.1:{proxy_port}",
                    "--csv",
                    work / f"locust-{mode}",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={
                    **env,
                    "LOAD_CAST": str(cast),
                    "LOAD_RECORD": str(record),
                    "LOAD_MODE": mode,
                    "LOAD_LOG_IN": "1" if args.log_in else "",
                },
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.perf_counter() - began
            (work / f"locust-{mode}.out").write_text(locust.stdout + locust.stderr)
            server = server_times(logs)
            client = locust_totals(work / f"locust-{mode}")
            checked = subprocess.run(  # noqa: S603
                [PYTHON, HERE / "check.py", record],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            results["runs"][mode] = {
                "seconds": round(elapsed),
                "server": server,
                "client": client,
                "requests_per_second": round(server["requests"] / elapsed, 1),
                "requests_per_second_per_core": round(
                    server["requests"] / elapsed / (os.cpu_count() or 1), 1
                ),
                "errors_5xx": sum(n for s, n in server["statuses"].items() if s.startswith("5")),
                "saves_check": json.loads(checked.stdout) if checked.stdout else checked.stderr,
                "saves_check_passed": checked.returncode == 0,
            }
            print(json.dumps(results["runs"][mode], indent=1), flush=True)
        verified = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "verify_audit"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        results["verify_audit"] = {
            "passed": verified.returncode == 0,
            "output": (verified.stdout + verified.stderr).strip()[-2000:],
        }
        print(results["verify_audit"]["output"], flush=True)
    finally:
        for proc in reversed(processes):
            proc.send_signal(signal.SIGTERM)
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        clear_redis(args.redis, prefix)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print(markdown(results))
    print(f"Figures written to {args.out}; logs in {work}")
    ok = results["verify_audit"]["passed"] and all(
        r["saves_check_passed"] and r["errors_5xx"] == 0 and r["client"]["failures"] == 0
        for r in results["runs"].values()
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
