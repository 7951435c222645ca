"""Builders for tests. Rounds are built through the services, so their decision trail is real."""

from datetime import date
from decimal import Decimal

import factory

from accounts.models import User
from commissioning import services, stages
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


def make_round(by: User, *, lots=2, rubric=True, bids=1, panel=True, **overrides):
    """A draft round ready to leave draft: lots with budgets, the starter rubric for all lots,
    `bids` compliant bids in each lot, and a panel for every lot with a chair."""
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
    if panel:
        make_panel(round_, by)
    round_.refresh_from_db()
    return round_


def make_panel(round_, by: User, *, chair: User | None = None, lot=None, name="Youth panel"):
    """A panel for the round (or one lot), chaired by `chair` (a new person if not given)."""
    from panels import services as panel_services
    from panels.models import Role

    panel = panel_services.create_panel(round_, by=by, name=name, lot=lot)
    chair = chair or UserFactory(email=f"chair{round_.pk}-{panel.pk}@example.org")
    panel_services.add_member(panel, chair, by=by, role=Role.MODERATOR)
    return panel


def join(panel, user: User, role: str, by: User, **profile):
    """Puts `user` on `panel` in `role` (young, professional, observer), with an optional profile."""
    from panels import services as panel_services

    member = panel_services.add_member(panel, user, by=by, role=role)
    if profile:
        member = panel_services.update_profile(member, by=by, **profile)
    return member


def declare_clear(member, by: User | None = None):
    """The member declares no interest in any organisation bidding in their lots."""
    from panels import services as panel_services
    from panels.models import CONFLICT_QUESTIONS

    for lot in member.panel.lots():
        for bids in panel_services.organisations(lot).values():
            panel_services.declare(
                member,
                bids[0],
                by=by or member.user,
                answers=dict.fromkeys(CONFLICT_QUESTIONS, "no"),
            )


def advance(round_, to: str, by: User):
    """Moves the round forward stage by stage to `to`, first making true what each stage's guard
    asks for (so tests about later stages need not repeat the whole journey)."""
    from commissioning.models import STAGE_ORDER, Round, Stage
    from panels.models import Member

    round_ = Round.objects.get(pk=round_.pk)
    while STAGE_ORDER.index(round_.stage) < STAGE_ORDER.index(to):
        if round_.stage == Stage.INDUCTION:
            for member in Member.objects.for_round(round_).scoring():
                if not member.declarations.filter(current=True).exists():
                    declare_clear(member)
        following = STAGE_ORDER[STAGE_ORDER.index(round_.stage) + 1]
        problems = stages.problems_leaving(round_)
        reason = "Moved on by the test set-up." if stages.can_override(problems) else ""
        round_ = services.move_stage(round_, to=following, by=by, reason=reason)
    return round_


def assign_everyone(round_, by: User):
    """Applies the default plan in every lot: each eligible panellist scores each bid."""
    from panels import services as panel_services

    for lot in round_.lots.all():
        plan, _ = panel_services.propose_assignments(lot)
        panel_services.apply_assignments(
            lot, by=by, scorers_per_bid=None, fingerprint=panel_services.plan_fingerprint(plan)
        )


def entries_for(sheet, score=3, reason="They run three sessions a week led by young people."):
    """A complete set of entries for a sheet: `score` (or a pass) and `reason` for each criterion."""
    from commissioning.models import CriterionKind
    from scoring.services import Entry, criteria_for

    return {
        c.pk: Entry(score=score, reason=reason)
        if c.kind == CriterionKind.SCORED
        else Entry(passed=True, reason=reason)
        for c in criteria_for(sheet.assignment.bid)
    }
