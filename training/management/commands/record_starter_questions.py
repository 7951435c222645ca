"""Records each starter question that was recorded only inside its module's event.

Run once after upgrading a database from before questions were recorded one by one:
`manage.py record_starter_questions`. Running it again records nothing.
"""

from django.core.management.base import BaseCommand

from training.backfill import record_starter_questions


class Command(BaseCommand):
    help = "Records starter questions the trail holds only inside their module's event."

    def handle(self, *args, **options):
        recorded, differing = record_starter_questions()
        for question in differing:
            self.stdout.write(
                f"Not recorded: check question {question.pk} differs from its module's event"
            )
        self.stdout.write(f"{len(recorded)} question(s) recorded.")
