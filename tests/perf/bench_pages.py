"""Benchmark: the main pages' server time on a large generated round, beside a raw-SQL floor.

    createdb bench_h5   # a scratch PostgreSQL database, never the demo's
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_h5
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_round --seed 1                  # decided, ~90,000 events
    .venv/bin/python manage.py generate_round --seed 2 --until scoring  # one panellist mid-way
    .venv/bin/python tests/perf/bench_pages.py [--runs 9] [--label after] [--out FILE]

DEBUG off, Django's test Client in this process (server time: middleware, view, template, no
network), each page once to warm and then RUNS times; the median and the 95th percentile (nearest
rank), and, for list pages, a raw-SQL floor: the one query that
reads the rows the page lists, timed the same way. The round in scoring (seed 2) gives the
panellist's pages, the sheet's autosave and the progress pages, with one panellist's sheets still
in draft; the decided round (seed 1) gives the meeting, results and trail pages.
With --out, a table is appended to the file (tests/perf/results/pages.md).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-pages-not-a-secret-" + "x" * 40)
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from commissioning.models import Round  # noqa: E402
from config.startup import settle  # noqa: E402
from panels.models import Member, Role  # noqa: E402
from scoring.member_forms import reason_field, score_field  # noqa: E402
from scoring.models import ScoreSheet, SheetStatus  # noqa: E402
from scoring.services import criteria_for  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


class Page:
    def __init__(self, label, user, url, *, post=None, floor=None, target=250):
        self.label, self.user, self.url = label, user, url
        self.post, self.floor, self.target = post, floor, target


def _keep_connection():
    """The test Client's requests would close the connection after each (no CONN_MAX_AGE here),
    which empties the query log and adds a reconnect to every request: keep it, as a deployment
    with persistent connections does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def _client(user):
    client = Client(secure=True, headers={"X-Forwarded-Proto": "https"})
    client.force_login(user)
    return client


def timed(action, runs):
    """Milliseconds of each of `runs` calls after one to warm. Query counts are not taken here:
    the suite pins each page's (tests/helpers.py, django_assert_max_num_queries)."""
    action()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def floor_of(sql, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def pages(decided: Round, scoring: Round) -> list[Page]:
    officer = scoring.created_by
    chair = Member.objects.get(panel__round=scoring, role=Role.MODERATOR)
    first = (
        Member.objects.filter(panel__round=scoring, role__in=(Role.YOUNG, Role.PROFESSIONAL))
        .order_by("user__email")
        .filter(user__email__startswith="panellist1-")
        .get()
    )
    draft = (
        ScoreSheet.objects.filter(assignment__member=first, status=SheetStatus.DRAFT)
        .select_related("assignment__bid__lot")
        .order_by("pk")
        .first()
    )
    bid = draft.assignment.bid
    criteria = list(criteria_for(bid))

    def save_data():
        version = ScoreSheet.objects.values_list("version", flat=True).get(pk=draft.pk)
        data = {"version": version}
        for c in criteria:
            data[score_field(c)] = "3"
            data[reason_field(c)] = "They run three sessions a week led by young people."
        return data

    d_chair = Member.objects.get(panel__round=decided, role=Role.MODERATOR)
    d_lot = decided.lots.order_by("number").first()
    d_bid = d_lot.bids.order_by("number").first()
    d_first = Member.objects.get(
        panel__round=decided,
        role__in=(Role.YOUNG, Role.PROFESSIONAL),
        user__email__startswith="panellist1-",
    )
    # A round's events by its chain's key (audit.recorder.chain_key), the chain found first: a
    # join on the key instead reads every event of the chain to sort them (0.6 s at 90,000),
    # where this walks the (chain, seq) index backwards (0.1 ms).
    round_events = (
        "SELECT e.id, e.seq, e.at, e.actor, e.action, e.object_type, e.object_id "
        "FROM audit_auditevent e "
        "WHERE e.chain_id = (SELECT id FROM audit_chain WHERE key = %s) "
        "ORDER BY e.seq DESC LIMIT 50"
    )
    progress_sql = (
        "SELECT a.member_id, a.bid_id, s.id, s.status FROM panels_assignment a "
        "JOIN bids_bid b ON b.id = a.bid_id JOIN commissioning_lot l ON l.id = b.lot_id "
        "LEFT JOIN scoring_scoresheet s ON s.assignment_id = a.id WHERE l.round_id = %s"
    )
    records_sql = (
        "SELECT r.bid_id, r.criterion_id, r.score FROM scoring_consensusrecord r "
        "JOIN bids_bid b ON b.id = r.bid_id WHERE b.lot_id = %s"
    )
    round_records_sql = (
        "SELECT r.bid_id, r.criterion_id, r.score FROM scoring_consensusrecord r "
        "JOIN bids_bid b ON b.id = r.bid_id JOIN commissioning_lot l ON l.id = b.lot_id "
        "WHERE l.round_id = %s"
    )
    return [
        Page(
            "panellist dashboard",
            first.user,
            reverse("scoring:dashboard", args=[first.pk]),
            target=100,
            floor=floor_of(
                "SELECT a.bid_id, s.status FROM panels_assignment a LEFT JOIN "
                "scoring_scoresheet s ON s.assignment_id = a.id WHERE a.member_id = %s",
                [first.pk],
            ),
        ),
        Page(
            "score sheet",
            first.user,
            reverse("scoring:sheet", args=[first.pk, bid.pk]),
            target=100,
        ),
        Page(
            "score sheet, autosave",
            first.user,
            reverse("scoring:sheet", args=[first.pk, bid.pk]),
            post=save_data,
            target=100,
        ),
        Page(
            "chair's progress",
            chair.user,
            reverse("scoring:chair_progress", args=[chair.pk]),
            floor=floor_of(progress_sql, [scoring.pk]),
        ),
        Page(
            "officer's progress",
            officer,
            reverse("scoring:progress", args=[scoring.pk]),
            floor=floor_of(progress_sql, [scoring.pk]),
        ),
        Page(
            "round page (in scoring)",
            officer,
            reverse("commissioning:round", args=[scoring.pk]),
        ),
        Page(
            "chair's agenda (lot 1)",
            d_chair.user,
            reverse("scoring:consensus_agenda", args=[d_chair.pk, d_lot.pk]),
            floor=floor_of(records_sql, [d_lot.pk]),
        ),
        Page(
            "chair's lots (decided round)",
            d_chair.user,
            reverse("scoring:consensus_lots", args=[d_chair.pk]),
        ),
        Page(
            "chair's bid page (scores with names)",
            d_chair.user,
            reverse("scoring:consensus_bid", args=[d_chair.pk, d_bid.pk]),
        ),
        Page(
            "panellist's meeting page",
            d_first.user,
            reverse("scoring:meeting", args=[d_first.pk]),
            target=100,
        ),
        Page(
            "panellist's view of a bid's scores",
            d_first.user,
            reverse("scoring:consensus_view", args=[d_first.pk, d_bid.pk]),
            target=100,
        ),
        Page(
            "panellist's record to confirm (lot 1)",
            d_first.user,
            reverse("scoring:confirm", args=[d_first.pk, d_lot.pk]),
            target=100,
            floor=floor_of(records_sql, [d_lot.pk]),
        ),
        Page(
            "officer's consensus overview",
            decided.created_by,
            reverse("scoring:consensus_overview", args=[decided.pk]),
            floor=floor_of(round_records_sql, [decided.pk]),
        ),
        Page(
            "results",
            decided.created_by,
            reverse("decisions:results", args=[decided.pk]),
            floor=floor_of(round_records_sql, [decided.pk]),
        ),
        Page(
            "chair's results",
            d_chair.user,
            reverse("decisions:chair_results", args=[d_chair.pk]),
        ),
        Page(
            "moderation impact",
            decided.created_by,
            reverse("decisions:impact", args=[decided.pk]),
        ),
        Page(
            "sign-off",
            decided.created_by,
            reverse("decisions:signoff", args=[decided.pk]),
        ),
        Page(
            "round page (decided)",
            decided.created_by,
            reverse("commissioning:round", args=[decided.pk]),
        ),
        Page(
            "trail, page 1",
            decided.created_by,
            reverse("audit:trail", args=[decided.pk]),
            floor=floor_of(round_events, [f"round:{decided.pk}"]),
        ),
    ]


def measure(page: Page, runs: int) -> dict:
    client = _client(page.user)
    if page.post is not None:

        def action():
            response = client.post(page.url, page.post(), headers={"X-Requested-With": "fetch"})
            assert response.status_code == 200, (page.label, response.status_code)

    else:

        def action():
            response = client.get(page.url)
            assert response.status_code == 200, (page.label, response.status_code)

    times = timed(action, runs)
    row = {
        "page": page.label,
        "median": statistics.median(times),
        "p95": percentile(times, 95),
        "target": page.target,
        "floor": None,
    }
    if page.floor is not None:
        floor_times = timed(page.floor, runs)
        row["floor"] = statistics.median(floor_times)
    return row


def framework_floor(user, runs) -> float:
    """What any page costs before its own work: the smallest page a signed-in user can ask for
    (the password-reset form) through the same middleware, session, sign-in and base template.
    A list page's floor is this plus its raw-SQL floor: a page cannot be 5x a bare query that
    takes 1 ms when the framework alone takes 10."""
    client = _client(user)
    url = reverse("password_reset")

    def action():
        assert client.get(url).status_code == 200

    return statistics.median(timed(action, runs))


def table(rows, runs, label, page_floor) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = os.getloadavg()[0]
    lines = [
        f"### {label} ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{version}; Python {sys.version.split()[0]}; {os.cpu_count()} cores, load average "
        f"{load:.1f} at the start; medians and 95th percentiles of {runs} requests, ms. "
        f"Framework floor (the smallest signed-in page, see framework_floor): "
        f"{page_floor:.1f} ms.",
        "",
        "| page | median | p95 | target | raw-SQL floor | median / SQL floor "
        "| median / (SQL + framework floor) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        floor = f"{r['floor']:.1f}" if r["floor"] is not None else ""
        ratio = f"{r['median'] / r['floor']:.0f}x" if r["floor"] else ""
        both = f"{r['median'] / (r['floor'] + page_floor):.1f}x" if r["floor"] else ""
        mark = "" if r["median"] <= r["target"] else " (over)"
        lines.append(
            f"| {r['page']} | {r['median']:.0f}{mark} | {r['p95']:.0f} | {r['target']} | "
            f"{floor} | {ratio} | {both} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--decided-seed", type=int, default=1)
    parser.add_argument("--scoring-seed", type=int, default=2)
    parser.add_argument("--label", default="Pages")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    _keep_connection()
    settle()  # as config/wsgi.py does in each server process
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics as autovacuum keeps them
    decided = Round.objects.get(name=f"Generated round {args.decided_seed}")
    scoring = Round.objects.get(name=f"Generated round {args.scoring_seed}")
    page_floor = framework_floor(scoring.created_by, args.runs)
    print(f"framework floor (smallest signed-in page) median {page_floor:.1f} ms", flush=True)
    rows = []
    for page in pages(decided, scoring):
        if args.only and args.only not in page.label:
            continue
        rows.append(measure(page, args.runs))
        r = rows[-1]
        print(
            f"{r['page']:<32} median {r['median']:7.0f} ms  p95 {r['p95']:7.0f} ms"
            + (f"  floor {r['floor']:.1f} ms" if r["floor"] else ""),
            flush=True,
        )
    text = table(rows, args.runs, args.label, page_floor)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
