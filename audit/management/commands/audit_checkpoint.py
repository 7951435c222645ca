from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints
from audit.checkpoints import CheckpointError
from audit.models import Chain


class Command(BaseCommand):
    help = (
        "Signs each chain's head with the app's Ed25519 key (AUDIT_SIGNING_KEY) and writes it to "
        "AUDIT_CHECKPOINT_DIR, for every chain that grew since its last checkpoint there. Run it "
        "from cron (every few minutes): events after the newest checkpoint are the only ones a "
        "database administrator could cut off unnoticed. With --print, prints the checkpoints "
        "(one JSON object per line) instead, to publish or keep elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="Only this round's chain.")
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_only",
            help="Print the checkpoints instead of writing them.",
        )

    def handle(self, *args, **options):
        chains = Chain.objects.order_by("key")
        if options["round"]:
            chains = chains.filter(key=f"round:{options['round']}")  # the key, not the row's round
        try:
            if options["print_only"]:
                for checkpoint in checkpoints.take(list(chains)):
                    self.stdout.write(checkpoint.to_json())
                return
            written = checkpoints.write(list(chains))
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {len(written)} checkpoints to {checkpoints.directory()}."
            if written
            else "No chain has grown since its last checkpoint: nothing written."
        )
