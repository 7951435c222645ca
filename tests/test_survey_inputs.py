"""Any input to the survey and to the officer's message gives a clear message or a success, never
a server error, and never a second answer from the same panellist: property-based, through HTTP.
Examples share one published (or decided) round, so after the first accepted answer every later
one must be refused."""

import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.models import Stage
from decisions.models import FeedbackNote, SurveyResponse
from panels.models import Member
from tests.factories import advance, to_consensus

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "15"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NASTY = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["yes", "mostly", "not_really", "no", "YES", "maybe", "", " ", "\r\n"]),
    st.just("é" * 2500),  # longer than the survey allows
).map(lambda s: s.replace("\x00", ""))

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(round_, officer_user):
    return advance(to_consensus(round_, officer_user), Stage.DECIDED, officer_user)


@pytest.fixture
def published(decided, officer_user):
    return advance(decided, Stage.PUBLISHED, officer_user)


@PROPERTY
@given(worth_time=NASTY, listened_to=NASTY, change=NASTY)
def test_the_survey_never_errs_and_takes_one_answer(
    published, young_panellist, client, worth_time, listened_to, change
):
    member = Member.objects.get(user=young_panellist)
    client.force_login(young_panellist)
    before = SurveyResponse.objects.count()
    response = client.post(
        reverse("decisions:survey", args=[member.pk]),
        {"worth_time": worth_time, "listened_to": listened_to, "change": change},
    )
    assert response.status_code in (302, 400)
    after = SurveyResponse.objects.count()
    assert after == before + (response.status_code == 302)
    assert after <= 1
    if response.status_code == 400:
        page = response.content.decode()
        assert "There is a problem" in page or "already answered this survey" in page


@PROPERTY
@given(message=NASTY)
def test_the_message_form_never_errs(decided, officer_user, client, message):
    client.force_login(officer_user)
    response = client.post(
        reverse("decisions:feedback_message", args=[decided.pk]), {"message": message}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert (
            FeedbackNote.objects.get(round=decided).message == message.replace("\r\n", "\n").strip()
        )
