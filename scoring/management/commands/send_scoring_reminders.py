"""Emails members who still have score sheets to submit, at the reminder times before each round's
scoring deadline. Run it from cron, e.g. hourly: `manage.py send_scoring_reminders`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from scoring import reminders


class Command(BaseCommand):
    help = (
        "Sends scoring reminder emails that are due and logs them, so a reminder is never sent "
        "twice. Safe to run as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send and log nothing."
        )
        parser.add_argument(
            "--now",
            help="Act as if it were this time (ISO 8601, e.g. 2027-03-24T17:00+00:00); for tests "
            "and checking a schedule.",
        )

    def handle(self, *args, dry_run=False, now=None, **options):
        moment = timezone.now()
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError(f"--now must be an ISO 8601 date and time, not {now!r}.")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        batches = reminders.due(moment) if dry_run else reminders.send(moment)
        verb = "Would send" if dry_run else "Sent"
        for batch in batches:
            self.stdout.write(
                f"{verb} {len(batch.by_member)} reminder email(s) for {batch.round.name} "
                f"({batch.hours} hours before the deadline), covering {batch.sheets} sheet(s)."
            )
            if batch.failed:
                self.stderr.write(f"{batch.failed} email(s) could not be sent; see the log.")
        if not batches:
            self.stdout.write("No reminders are due.")
