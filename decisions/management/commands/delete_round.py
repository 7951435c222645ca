"""manage.py delete_round ROUND_ID: removes a round's records, if the law lets it go.

A decided procurement round's records are kept for 3 years from its contract date
(decisions.procurement.check_deletable): inside that period, or with no contract date recorded,
the command refuses and says until when. The decision trail itself is append-only, so a round with
a trail cannot be deleted here at all: the command says so rather than half-deleting.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from commissioning.models import Round
from decisions.procurement import check_deletable


class Command(BaseCommand):
    help = "Deletes a round once its records need no longer be kept."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)

    def handle(self, *args, round_id, **options):
        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"There is no round {round_id}.")
        try:
            check_deletable(round_)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        try:
            with transaction.atomic():
                round_.delete()
        except ProtectedError as protected:
            raise CommandError(
                f"“{round_.name}” still has records that must not be removed (its decision "
                "trail, bids, panel or results), so nothing was deleted."
            ) from protected
        self.stdout.write(f"Deleted round {round_id}.")
