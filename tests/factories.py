"""Builders for tests. Rounds are built through the services, so their decision trail is real."""

from datetime import date
from decimal import Decimal

import factory

from accounts.models import User
from commissioning import services
from commissioning.models import Aggregation, TieBreak


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("test-password")


def officer(**kwargs) -> User:
    user = UserFactory(**kwargs)
    services.make_officer(user)
    return User.objects.get(pk=user.pk)  # fresh permission cache


def make_bid(lot, by: User, **overrides):
    from bids import services as bid_services

    fields = {
        "organisation": "Riverside Youth Trust",
        "title": "Open evenings",
        "summary": "Two evenings a week for young people.",
        "amount_requested": Decimal("50000.00"),
        **overrides,
    }
    return bid_services.add_bid(lot, by=by, **fields)


def make_round(by: User, *, lots=2, rubric=True, bids=1, **overrides):
    """A draft round ready to leave draft: lots with budgets, the starter rubric for all lots and
    `bids` compliant bids in each lot."""
    fields = {
        "name": "Youth services 2027",
        "purpose": "Money for projects that young people choose.",
        "total_budget": Decimal("1000000.00"),
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 3, 31),
        "aggregation": Aggregation.CONSENSUS,
        "tie_break": TieBreak.PANEL,
        **overrides,
    }
    round_ = services.create_round(by=by, **fields)
    made = [
        services.add_lot(
            round_, by=by, name=f"Lot {n}", description="", budget=Decimal("100000.00")
        )
        for n in range(1, lots + 1)
    ]
    if rubric:
        services.create_rubric(round_, by=by, name="Rubric", source="starter", lots=made)
    for lot in made:
        for n in range(bids):
            make_bid(lot, by, organisation=f"Organisation {lot.number}-{n + 1}")
    round_.refresh_from_db()
    return round_
