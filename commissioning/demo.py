"""The demo's people and round: the users of the case study, the round with its lots and rubric,
and the auditor's access. Seeded through the services, so the decision trail of the demo is as real
as any other. Safe to run again: nothing is duplicated. demo/scenario.py tells the whole story."""

from datetime import date

from django.contrib.auth import get_user_model

from commissioning import access, services
from commissioning.demo_content import DEMO_LOTS, DEMO_ROUND, DEMO_USERS
from commissioning.models import Aggregation, Mode, Round, TieBreak

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


def seed_round(*, starts_on: date, ends_on: date) -> tuple[Round, dict]:
    """The demo users, and the round with its lots and rubric (made once, running from
    `starts_on` to `ends_on`: demo/timeline.py works them out from the day the demo is run)."""
    users = demo_users()
    officer = users["officer"]
    round_ = Round.objects.filter(name=DEMO_ROUND["name"]).first()
    if round_ is None:
        round_ = services.create_round(
            by=officer,
            starts_on=starts_on,
            ends_on=ends_on,
            mode=Mode.PROCUREMENT,
            aggregation=Aggregation.CONSENSUS,
            tie_break=TieBreak.PANEL,
            **DEMO_ROUND,
        )
        lots = [services.add_lot(round_, by=officer, **spec) for spec in DEMO_LOTS]
        services.create_rubric(
            round_, by=officer, name="Youth services rubric", source="starter", lots=lots
        )
    return round_, users


def grant_auditor(round_, users):
    if access.AUDIT not in access.round_perms(users["auditor"], round_):
        services.grant_access(round_, users["auditor"], access.AUDIT, by=users["officer"])
