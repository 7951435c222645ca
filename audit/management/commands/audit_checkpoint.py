from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import CheckpointError, take
from audit.models import Chain


class Command(BaseCommand):
    help = (
        "Prints a signed checkpoint (chain, sequence number, head hash, time) for each chain, one "
        "JSON object per line. Keep or publish the output outside the database; "
        "`verify_audit --checkpoint FILE` later proves the trail still contains it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="Only this round's chain.")
        parser.add_argument("--output", metavar="FILE", help="Append to FILE instead of printing.")

    def handle(self, *args, **options):
        chains = Chain.objects.order_by("key")
        if options["round"]:
            chains = chains.filter(round_id=options["round"])
        try:
            lines = [c.to_json() for c in take(settings.AUDIT_CHECKPOINT_KEY, chains)]
        except CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            with open(options["output"], "a", encoding="utf-8") as handle:
                handle.write("".join(line + "\n" for line in lines))
            self.stderr.write(f"Wrote {len(lines)} checkpoints to {options['output']}.")
        else:
            for line in lines:
                self.stdout.write(line)
