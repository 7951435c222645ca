"""manage.py generate_round --seed N: a large, complete round for benchmarks (demo/generate.py)."""

import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from demo.generate import Size, generate


class Command(BaseCommand):
    help = (
        "Makes a decided round deterministically from a seed: every sheet submitted, agreed "
        "scores, checks and awards recorded, and a valid trail (about 100,000 events by default)."
    )

    def add_arguments(self, parser):
        defaults = Size()
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--bids", type=int, default=defaults.bids)
        parser.add_argument("--panellists", type=int, default=defaults.panellists)
        parser.add_argument("--criteria", type=int, default=defaults.criteria)
        parser.add_argument("--lots", type=int, default=defaults.lots)
        parser.add_argument(
            "--revisions",
            type=int,
            default=defaults.revisions,
            help="times each sheet is reopened and submitted again (adds trail events)",
        )

        parser.add_argument(
            "--until",
            choices=["scoring", "decided"],
            default=defaults.until,
            help="scoring: stop while scoring is open, with one panellist's sheets in draft",
        )

    def handle(self, *args, seed, bids, panellists, criteria, lots, revisions, until, **options):
        if criteria < 3 or bids < lots or panellists < 1:
            self.stderr.write("Give at least 3 criteria, one bid per lot and one panellist.")
            return
        started = time.perf_counter()
        size = Size(
            bids=bids,
            panellists=panellists,
            criteria=criteria,
            lots=lots,
            revisions=revisions,
            until=until,
        )
        # The stage moves write to the panel; nobody is there to read it.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            round_ = generate(seed, size)
        from django.db import connection

        from audit.models import AuditEvent

        if connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load, as autovacuum would give them later:
            # without them "the latest 50 events of a chain" read all 90,000.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        events = AuditEvent.objects.filter(round=round_).count()
        self.stdout.write(
            f"Round {round_.pk} ({round_.name}): {bids} bids, {panellists} panellists, "
            f"{criteria} criteria, {events:,} events in {time.perf_counter() - started:.1f} s."
        )
