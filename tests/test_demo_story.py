"""The demo tells its story (issue 17, item 10): every login printed with who the person is and a
step to try for the stage; dates that fit the stage relative to today; the chair trained and
declared before anyone scores; an easy-read summary for every bid."""

import io
import re
from datetime import date, timedelta

import pytest
import textstat
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from bids.demo_easy_read import EASY_READ
from bids.models import Bid, HelpKind, ReadingHelp
from commissioning.demo import DEMO_PASSWORD
from commissioning.models import Round, Stage
from decisions.demo_publication import past_dates
from demo import scenario, timeline, tour
from panels import services as panel_services
from panels.models import Member, Outcome, Role
from scoring.demo import NOT_READY
from tests.demo_dates import problems
from training.gating import is_ready, unfinished


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_demo_prints_every_login_with_who_they_are_and_a_step_to_try(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--stage", "draft", stdout=out)
    printed = out.getvalue()
    assert f"password: {DEMO_PASSWORD}" in printed
    logins = {login.email: login for login in tour.logins(Stage.DRAFT)}
    users = User.objects.all()
    assert users.count() == 9 and set(logins) == {u.email for u in users}
    for user in users:
        assert user.check_password(DEMO_PASSWORD), user.email
        login = logins[user.email]
        assert f"{user.display_name} ({user.email})" in printed
        assert login.who in printed and login.step in printed
        assert login.step.startswith(f"Log in as {user.display_name.split()[0]}, open ")
        assert " Try " in login.step
    for member in Member.objects.select_related("user", "panel"):
        who = logins[member.user.email].who
        role = "Chair" if member.role == Role.MODERATOR else member.get_role_display()
        assert who.startswith(role) and member.panel.name in who, who
        assert member.get_age_band_display().lower() in who, who
    numbers = re.findall(r"^(\d+)\. ", printed, flags=re.MULTILINE)
    assert numbers == [str(n) for n in range(1, 10)]


@pytest.mark.parametrize("stage", scenario.STAGES)
def test_the_tour_has_a_step_for_every_login_at_every_stage(stage):
    logins = tour.logins(stage)
    assert len(logins) == 9 and len({login.email for login in logins}) == 9
    assert all(" open " in login.step and " Try " in login.step for login in logins)


def test_the_tour_follows_the_stage():
    leo = {s: next(x for x in tour.logins(s) if x.email == NOT_READY[0]) for s in scenario.STAGES}
    assert "not scoring" not in leo[Stage.INDUCTION].who
    assert "not scoring" in leo[Stage.SCORING].who
    steps = {s: [x.step for x in tour.logins(s)] for s in scenario.STAGES}
    for earlier, later in zip(scenario.STAGES, scenario.STAGES[1:], strict=False):
        assert steps[earlier] != steps[later], later


def test_the_readme_shows_the_default_stage_tour():
    readme = _squash((settings.BASE_DIR / "README.md").read_text())
    assert "bash scripts/demo" in readme and "bash scripts/test" in readme
    for login in tour.logins(scenario.DEFAULT_STAGE):
        assert f"{login.name} ({login.email})" in readme
        assert _squash(login.who) in readme and _squash(login.step) in readme


# Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today", [date(2026, 12, 1), date(2026, 12, 24), date(2027, 3, 30), date(2027, 8, 31)]
)
def test_the_timeline_fits_each_stage(today):
    for stage in scenario.STAGES:
        dates = timeline.for_stage(stage, today)
        assert dates.starts_on < today <= dates.ends_on, stage
        assert dates.starts_on < dates.deadline_on < dates.ends_on, stage
        meetings = [starts for starts, _ in dates.meetings()]
        assert dates.scoring_due_at < meetings[0] and meetings == sorted(meetings)
        days = [timezone.localdate(m) for m in meetings]
        if stage in (Stage.DRAFT, Stage.INDUCTION, Stage.SCORING):
            assert dates.deadline_on > today, stage
        if stage == Stage.CONSENSUS:
            assert days[0] < today == days[1] < days[2]
        if stage in (Stage.DECIDED, Stage.PUBLISHED):
            assert dates.deadline_on < days[-1] < today, stage
    published = timeline.for_stage(Stage.PUBLISHED, today)
    procurement = past_dates(today)
    last_meeting = timezone.localdate(published.meetings()[-1][0])
    assert last_meeting < procurement["summaries_sent_on"]
    assert procurement["contract_on"] < published.ends_on == today


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.INDUCTION])
def test_the_dates_fit_the_early_stages(db, stage):
    round_, _ = scenario.seed(until=stage)
    assert round_.stage == stage
    assert problems(round_) == []


def test_the_dates_no_longer_fit_a_round_moved_on_behind_the_demo(db):
    """The check can fail: a consensus round whose deadline is still ahead is named."""
    from scoring.models import Deadline

    round_, users = scenario.seed(until=Stage.DRAFT)
    Round.objects.filter(pk=round_.pk).update(stage=Stage.CONSENSUS)
    Deadline.objects.create(
        round=round_, due_at=timezone.now() + timedelta(days=3), set_by=users["officer"]
    )
    round_.refresh_from_db()
    assert "scoring closed before its deadline" in problems(round_)


# The chair -------------------------------------------------------------------------------------


def test_the_chair_is_trained_and_declared_before_scoring(db):
    round_, _ = scenario.seed(until=Stage.INDUCTION)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    assert unfinished(chair) == [] and is_ready(chair)
    organisations = sum(len(panel_services.organisations(lot)) for lot in round_.lots.all())
    declared = chair.declarations.filter(current=True, outcome=Outcome.CLEAR)
    assert declared.count() == organisations > 0
    results = [str(pk) for pk in chair.module_results.values_list("pk", flat=True)]
    passes = AuditEvent.objects.filter(action="training.passed", object_id__in=results)
    assert passes.count() == round_.modules.filter(required=True).count() > 0


# Easy read --------------------------------------------------------------------------------------


def test_every_demo_bid_has_an_easy_read_summary(db):
    round_, _ = scenario.seed(until=Stage.DRAFT)
    bids = Bid.objects.filter(lot__round=round_)
    assert bids.count() == len(EASY_READ) == 11
    for bid in bids:
        help_ = ReadingHelp.objects.get(bid=bid, kind=HelpKind.EASY_READ)
        assert help_.text == EASY_READ[bid.title]
    assert AuditEvent.objects.filter(action="bid.reading_help_added").count() == 11
    scenario.seed(until=Stage.DRAFT)
    assert ReadingHelp.objects.count() == 11  # running it again adds nothing


@pytest.mark.parametrize("title", sorted(EASY_READ))
def test_easy_read_summaries_read_at_about_eleven(title):
    text = EASY_READ[title]
    sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
    assert all(len(s.split()) <= 17 for s in sentences), title
    assert textstat.flesch_kincaid_grade(text) <= 6, title  # US grade 6: a reading age of 11
