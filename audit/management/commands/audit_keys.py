from django.core.management.base import BaseCommand, CommandError

from audit.keys import KeyConfigError, checkpoint_key, event_keys, generate_private_hex


class Command(BaseCommand):
    help = (
        "Prints the decision trail's public key (to publish, so anyone can check checkpoints and "
        "publications) and the ids and fingerprints of the event keys. With --new, prints a new "
        "Ed25519 private key for AUDIT_SIGNING_KEY instead; keep it out of the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new", action="store_true", help="Generate a new signing key.")

    def handle(self, *args, **options):
        if options["new"]:
            self.stdout.write(generate_private_hex())
            return
        try:
            key = checkpoint_key()
            keys = event_keys()
        except KeyConfigError as exc:
            raise CommandError(str(exc)) from exc
        if key is None:
            raise CommandError("AUDIT_SIGNING_KEY is not set.")
        self.stdout.write(f"Public key (Ed25519, hex): {key.public_hex}")
        self.stdout.write(f"Public key id: {key.id}")
        for event_key in keys.values():
            self.stdout.write(f"Event key {event_key.id}: fingerprint {event_key.fingerprint}")
