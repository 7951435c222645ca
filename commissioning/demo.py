"""The demo scenario (the "Co-commissioning" case study): seeded through the services, so the
decision trail of the demo is as real as any other. Safe to run again: nothing is duplicated."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from commissioning import access, services
from commissioning.demo_content import DEMO_LOTS, DEMO_ROUND, DEMO_USERS
from commissioning.models import Aggregation, Mode, Round, Stage, TieBreak

DEMO_PASSWORD = "demo-password"  # noqa: S105 - printed for the demo on purpose


def demo_users() -> dict[str, object]:
    User = get_user_model()
    users = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(
                spec["email"], DEMO_PASSWORD, display_name=spec["display_name"]
            )
        users[spec["role"]] = user
    services.make_officer(users["officer"])
    return users


@transaction.atomic
def seed() -> tuple[Round, dict]:
    users = demo_users()
    officer = users["officer"]
    round_ = Round.objects.filter(name=DEMO_ROUND["name"]).first()
    if round_ is None:
        round_ = services.create_round(
            by=officer,
            starts_on=date(2027, 1, 11),
            ends_on=date(2027, 3, 26),
            mode=Mode.PROCUREMENT,
            aggregation=Aggregation.CONSENSUS,
            tie_break=TieBreak.PANEL,
            **DEMO_ROUND,
        )
        lots = [services.add_lot(round_, by=officer, **spec) for spec in DEMO_LOTS]
        services.create_rubric(
            round_, by=officer, name="Youth services rubric", source="starter", lots=lots
        )
    _seed_bids(round_, officer)
    _seed_panel(round_, officer)
    if access.AUDIT not in access.round_perms(users["auditor"], round_):
        services.grant_access(round_, users["auditor"], access.AUDIT, by=officer)
    return round_, users


def _seed_bids(round_, officer):
    """Three to five bids a lot (bids/demo_bids.py), answers matched to criteria by title."""
    from bids import services as bid_services
    from bids.demo_bids import DEMO_BIDS

    for lot in round_.lots.select_related("rubric"):
        if lot.bids.exists() or lot.name not in DEMO_BIDS:
            continue
        by_title = {c.title: c.pk for c in bid_services.answerable_criteria(lot)}
        for spec in DEMO_BIDS[lot.name]:
            fields = {k: v for k, v in spec.items() if k != "answers"}
            answers = {by_title[t]: text for t, text in spec["answers"].items() if t in by_title}
            bid_services.add_bid(lot, by=officer, answers=answers, **fields)


def _seed_panel(round_, officer):
    from panels import demo as panel_demo
    from scoring import demo as scoring_demo
    from training import demo as training_demo

    panel_demo.seed(round_, officer, DEMO_PASSWORD)
    if round_.stage == Stage.DRAFT:
        # Set up is complete: the panel is in induction, some further on than others.
        round_ = services.move_stage(round_, to=Stage.INDUCTION, by=officer)
    training_demo.seed(round_, officer)
    scoring_demo.seed(round_, officer)
