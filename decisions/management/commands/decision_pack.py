"""Writes a round's decision pack (.xlsx) to a file: `manage.py decision_pack ROUND_ID --output
FILE`, the same file the decision pack page gives. The export is recorded in the round's decision
trail like a download: by "system", or by the officer or auditor named with --by EMAIL. Names of
panel members who agreed to be named are included only with --include-names, and only when --by
names an officer of the round."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from commissioning.models import Round
from decisions import pack


class Command(BaseCommand):
    help = (
        "Writes a decided or published round's decision pack (.xlsx) to FILE and records the "
        "export in the round's decision trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("--output", metavar="FILE", required=True, help="Where to write it.")
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="The officer or auditor asking for it (recorded in the trail); else the system.",
        )
        parser.add_argument(
            "--include-names",
            action="store_true",
            help="Show by name the panel members who agreed to be named (needs --by an officer).",
        )

    def handle(self, *args, round_id, output, by=None, include_names=False, **options):
        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"No round {round_id}.")
        user = None
        if by:
            user = get_user_model().objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError(f"No user with the email {by}.")
        try:
            pack.export(round_, by=user, include_names=include_names, path=output)
        except (PermissionDenied, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message) from exc
        names = "with names of members who agreed" if include_names else "without names"
        self.stdout.write(f"Wrote the decision pack of {round_.name} ({names}) to {output}.")
