from django.core.management.base import BaseCommand, CommandError

from audit.checkpoints import CheckpointError, parse
from audit.models import Chain
from audit.replay import replay
from audit.verify import capped, verify_rounds
from audit.verify_trail import verify_trail


class Command(BaseCommand):
    help = (
        "Recomputes every hash chain of the decision trail and checks every event's signature, "
        "checks the chains against every signed checkpoint in AUDIT_CHECKPOINT_DIR (and any "
        "given), "
        "and replays it against the live tables. Exits non-zero naming every event or object "
        "that does not match (up to 100 a chain)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="A file of checkpoints (one JSON object per line, as `audit_checkpoint --print` "
            "prints or a round's public page gives); may be given more than once.",
        )
        parser.add_argument("--round", type=int, help="Only this round's chain.")
        parser.add_argument(
            "--no-replay",
            action="store_true",
            help="Skip comparing the trail with the live tables.",
        )

    def handle(self, *args, **options):
        chains = Chain.objects.all()
        if options["round"]:
            chains = chains.filter(key=f"round:{options['round']}")  # not the row's round field
        extra = []
        for path in options["checkpoint"]:
            try:
                with open(path, encoding="utf-8") as handle:
                    extra.extend(parse(handle))
            except (OSError, UnicodeDecodeError, CheckpointError) as exc:
                raise CommandError(f"Cannot read checkpoint file {path}: {exc}") from exc
        result = verify_trail(list(chains), extra)
        result.findings.extend(verify_rounds([options["round"]] if options["round"] else None))
        if not result.checkpoint_dir:
            self.stderr.write(
                "No checkpoint directory is configured (AUDIT_CHECKPOINT_DIR): events cut from "
                "the end of a chain, or a chain rewritten by someone holding the event key, "
                "cannot be detected."
            )
        if not options["no_replay"]:
            result.findings.extend(capped(replay([options["round"]] if options["round"] else None)))
        summary = f"{result.events} events in {result.chains} chains" + (
            f", {result.checkpoints} checkpoints" if result.checkpoints else ""
        )
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Decision trail verified: {summary}."))
            return
        for finding in result.findings:
            self.stderr.write(f"MISMATCH {finding}")
        raise CommandError(
            f"Decision trail does NOT verify ({summary}, {result.problems} problems)."
        )
