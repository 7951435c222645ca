"""Records officer.granted for officers made before making an officer was recorded.

A database from before commissioning.services.make_officer has people in the procurement officers
group with no event, which `verify_audit` names as memberships added behind the app's back. Run
once after upgrading: `manage.py record_earlier_officers`. Running it again records nothing.
"""

from django.core.management.base import BaseCommand

from commissioning.services.rounds import record_earlier_officers


class Command(BaseCommand):
    help = "Records officer.granted (reason 'backfill: …') for each officer the trail lacks."

    def handle(self, *args, **options):
        recorded = record_earlier_officers()
        for user in recorded:
            self.stdout.write(f"Recorded officer.granted for user:{user.pseudonym}")
        self.stdout.write(f"{len(recorded)} officer(s) recorded.")
