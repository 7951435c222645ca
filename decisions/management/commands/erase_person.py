"""manage.py erase_person: erases a person's details once the law lets them go (decisions/erasure.py).

    manage.py erase_person --user 12 --reason "Asked to be forgotten, 3 years after the contract"
    manage.py erase_person --user someone@example.org --reason "..."
    manage.py erase_person --bid-contact 34 --reason "..." [--by officer@example.org]

Refuses, and says why, while a round the person took part in must keep its records.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bids.models import Bid
from decisions import erasure


class Command(BaseCommand):
    help = "Erases a panellist's, officer's or bid contact's details, keeping the decision trail."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="The person's account: its id or email address.")
        who.add_argument("--bid-contact", type=int, metavar="BID_ID", help="A bid's contact.")
        parser.add_argument("--reason", required=True, help="Why, kept in the decision trail.")
        parser.add_argument("--by", help="Email of the person responsible (else: the system).")

    def handle(self, *args, user=None, bid_contact=None, reason, by=None, **options):
        actor = self._user(by) if by else None
        try:
            if user is not None:
                person = self._user(user)
                erasure.erase_user(person, by=actor, reason=reason)
                self.stdout.write(f"Erased the details of user {person.pk} ({person.actor_ref}).")
            else:
                bid = Bid.objects.select_related("lot").filter(pk=bid_contact).first()
                if bid is None:
                    raise CommandError(f"There is no bid {bid_contact}.")
                erasure.erase_bid_contact(bid, by=actor, reason=reason)
                self.stdout.write(f"Erased the contact of bid {bid.pk} ({bid.reference}).")
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused

    def _user(self, ref: str):
        users = get_user_model().objects
        person = (
            users.filter(pk=int(ref)).first()
            if ref.isdigit()
            else users.filter(email__iexact=ref).first()
        )
        if person is None:
            raise CommandError(f"There is no user {ref}.")
        return person
