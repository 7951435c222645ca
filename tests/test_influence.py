"""The influence report: per group, how often its median was within a point of the agreed score,
the items where the meeting moved towards or away from the young panellists, the survey's counts
and comments (split by group only when each group has three answers or more), a chart with no
inline style, for the officer, the auditor and the chair; the same queries at two sizes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import Stage
from decisions import survey
from decisions.influence import AWAY, LEVEL, TOWARDS, influence
from decisions.models import SurveyResponse
from panels.models import AgeBand, Member, Role
from scoring import consensus
from scoring import consensus_policy as policy
from tests.factories import UserFactory, advance, join, submit_sheet, to_scoring
from tests.test_feedback import member

pytestmark = pytest.mark.django_db


def _agree_first_item(round_, score):
    """The chair records `score` for the first bid's first question (before agree_everything)."""
    lot = round_.lots.order_by("number").first()
    state = consensus.lot_record(lot)
    item = state.missing[0]
    members = list(policy.lot_members(lot))
    chair = next(m for m in members if policy.chairing_member(m.user, item.bid) is not None)
    clear = policy.clear_pairs(lot)
    consensus.save_record(
        item.bid,
        item.criterion,
        by=chair.user,
        version=0,
        entry=consensus.Entry(
            score=score,
            rationale="The panel weighed the evidence on staffing.",
            reached="majority",
            present=[m.pk for m in members if (m.pk, item.bid.pk) in clear],
        ),
    )
    return item


@pytest.fixture
def report_round(round_, officer_user):
    """Two young panellists score 5 everywhere, the professional 2. The panel agrees 5 (the
    median) everywhere but on one item, where it agrees 1: away from the young panellists."""
    join(
        round_.panels.get(),
        UserFactory(email="young2@example.org", display_name="Yara Young"),
        Role.YOUNG,
        officer_user,
        age_band=AgeBand.AGE_18_25,
    )
    round_ = to_scoring(round_, officer_user)
    from panels import access

    for m in Member.objects.for_round(round_).scoring():
        for bid in access.bids_for(m):
            submit_sheet(m, bid, 5 if m.role == Role.YOUNG else 2)
    round_ = advance(round_, Stage.CONSENSUS, officer_user)
    item = _agree_first_item(round_, 1)
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    return round_, item


def test_per_group_figures_and_the_items_that_moved(report_round):
    round_, moved = report_round
    report = influence(round_)
    n = len(report.items)
    assert n >= 2
    young, pro = report.groups
    assert (young.scored, young.within_one, young.towards, young.away) == (n, n - 1, n - 1, 1)
    assert (pro.scored, pro.within_one, pro.towards, pro.away) == (n, 1, 1, 0)
    [away] = report.young_away
    assert (away.bid_reference, away.criterion_title) == (
        moved.bid.reference,
        moved.criterion.title,
    )
    assert away.young_median == 5 and away.young_others == 2 and away.agreed == 1
    assert len(report.young_towards) == n - 1
    assert {i.young_direction for i in report.items} <= {TOWARDS, AWAY, LEVEL}


def test_the_page_shows_figures_chart_and_anonymous_survey(
    report_round, officer_user, auditor, young_panellist, professional, as_user
):
    round_, moved = report_round
    young = Member.objects.get(panel__round=round_, user=young_panellist)
    survey.answer(young, by=young_panellist, worth_time="yes", change="Shorter meetings.")
    survey.answer(
        member(round_, Role.PROFESSIONAL), by=professional, listened_to="mostly", change="Snacks."
    )
    url = reverse("decisions:influence", args=[round_.pk])
    for user in (officer_user, auditor):
        page = as_user(user).get(url).content.decode()
        assert "Away from the young panellists" in page and moved.bid.reference in page
        assert 'role="img"' in page and "<svg" in page
        svg = page[page.index("<svg") : page.index("</svg>")]
        assert not re.search(r"\sstyle=", svg)
        assert "Shorter meetings." in page and "Snacks." in page
        assert "fewer than 3 answers" in page
        assert "Young panellist:" not in page and "Professional:" not in page

    chair = member(round_, Role.MODERATOR)
    url = reverse("decisions:chair_influence", args=[chair.pk])
    page = as_user(chair.user).get(url).content.decode()
    assert "Away from the young panellists" in page and "from the whole round" in page
    results = as_user(chair.user).get(reverse("decisions:chair_results", args=[chair.pk]))
    assert url in results.content.decode()


def test_comments_carry_a_group_only_when_each_group_has_three_answers(round_):
    def answers(young, pro):
        return [
            SurveyResponse(round=round_, young=True, change=f"young {n}", worth_time="yes")
            for n in range(young)
        ] + [SurveyResponse(round=round_, young=False, change=f"pro {n}") for n in range(pro)]

    small = survey.SurveySummary(answers(2, 5))
    assert not small.by_group and {c["group"] for c in small.comments} == {""}
    assert small.questions[0]["rows"][0] == {
        "label": "Yes",
        "total": 2,
        "young": 2,
        "professional": 0,
    }
    both = survey.SurveySummary(answers(3, 3))
    assert both.by_group
    assert {c["group"] for c in both.comments} == {"Young panellist", "Professional"}
    assert [c["text"] for c in both.comments] == sorted(c["text"] for c in both.comments)


def test_before_the_meeting_the_report_is_not_there_yet(round_, officer_user, as_user):
    response = as_user(officer_user).get(reverse("decisions:influence", args=[round_.pk]))
    assert response.status_code == 200 and "No results yet" in response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_report_runs_the_same_queries_at_two_sizes(
    report_round, other_round, officer_user, as_user
):
    round_, _ = report_round
    small = _count(as_user(officer_user), reverse("decisions:influence", args=[round_.pk]))
    # Another round with four bids a lot, two more scorers and answers to the survey.
    from panels.models import Panel
    from tests.test_feedback import score_round

    big_officer = other_round.created_by
    panel = Panel.objects.get(round=other_round)
    for n, role in enumerate([Role.YOUNG, Role.YOUNG, Role.PROFESSIONAL, Role.PROFESSIONAL]):
        band = AgeBand.AGE_16_17 if role == Role.YOUNG else AgeBand.OVER_25
        join(panel, UserFactory(email=f"p{n}@example.org"), role, big_officer, age_band=band)
    big = score_round(other_round, big_officer, {Role.YOUNG: 4, Role.PROFESSIONAL: 1}, extra_bids=3)
    big = advance(big, Stage.PUBLISHED, big_officer)
    for n in range(4):
        SurveyResponse.objects.create(round=big, young=n % 2 == 0, change=f"c{n}")
    assert len(influence(big).items) > len(influence(round_).items)
    url = reverse("decisions:influence", args=[big.pk])
    assert _count(as_user(big_officer), url) == small
