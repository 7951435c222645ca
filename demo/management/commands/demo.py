from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from commissioning.demo import DEMO_PASSWORD
from demo import scenario, stale_checkpoints, tour


class Command(BaseCommand):
    """`manage.py demo [addr:port] [--no-serve] [--stage STAGE]`. The story is demo/scenario.py's;
    `--stage` chooses how far it goes (one of scenario.STAGES; consensus by default). It prints every
    login, who each person is and a five-minute tour for the stage the round is at (demo/tour.py)."""

    help = "Migrates, seeds the demo round (safe to repeat) and starts the server."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="Where to serve, e.g. 0.0.0.0:8000 (default 127.0.0.1:8000).",
        )
        parser.add_argument("--no-serve", action="store_true", help="Only migrate and seed.")
        parser.add_argument(
            "--stage",
            choices=scenario.STAGES,
            default=scenario.DEFAULT_STAGE,
            help="How far the demo round goes (default: %(default)s).",
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        moved = stale_checkpoints.set_aside()
        if moved:
            self.stdout.write(f"Checkpoints of an earlier demo database moved to {moved}.")
        try:
            round_, users = scenario.seed(until=options["stage"])
        except ImproperlyConfigured as exc:  # publishing without AUDIT_SIGNING_KEY
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Demo round ready: {round_.name} ({round_.get_stage_display()})")
        )
        if round_.stage != options["stage"]:
            self.stdout.write(
                f"The demo round was already at {round_.get_stage_display().lower()}; the demo "
                "never moves a round back. Delete db.sqlite3 to start again."
            )
        self.stdout.write("")
        for line in tour.lines(round_.stage, DEMO_PASSWORD):
            self.stdout.write(line)
        if not options["no_serve"]:
            self.stdout.write(f"\nOpen http://{options['addrport']}/ in your browser.")
            call_command("runserver", options["addrport"], use_reloader=False)
