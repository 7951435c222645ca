from django.core.management import call_command
from django.core.management.base import BaseCommand

from commissioning.demo import DEMO_PASSWORD
from commissioning.demo_content import DEMO_USERS
from demo import scenario


class Command(BaseCommand):
    """`manage.py demo [addr:port] [--no-serve]`. The story is demo/scenario.py's; a `--stage`
    option would choose one of scenario.STAGES and pass it to `scenario.seed(until=...)`."""

    help = "Migrates, seeds the demo round (safe to repeat) and starts the server."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="Where to serve, e.g. 0.0.0.0:8000 (default 127.0.0.1:8000).",
        )
        parser.add_argument("--no-serve", action="store_true", help="Only migrate and seed.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        round_, users = scenario.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo round ready: {round_.name}"))
        self.stdout.write(f"Log in with any of these (password: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec['role'].replace('_', ' '):<24} {spec['email']}")
        if not options["no_serve"]:
            self.stdout.write(f"Open http://{options['addrport']}/ in your browser.")
            call_command("runserver", options["addrport"], use_reloader=False)
