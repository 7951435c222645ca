""" "You said, we did": the panellist's page (only after publication, their own scores beside the
agreed ones, never another member's), the officer's message and preview, the email at
publication, the survey (anonymous, once, even when two answers race), and a fixed number of
queries whatever the round's size."""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Stage
from decisions import (
    feedback,
    feedback_email,  # noqa: F401 - connects the round_published receiver
    survey,
)
from decisions.models import FeedbackNote, SurveyReceipt, SurveyResponse
from panels import access
from panels.models import Member, Role
from tests.factories import advance, make_bid, submit_sheet, to_scoring

pytestmark = pytest.mark.django_db

YOUNG_REASON = "Young view: the sessions are led by young people."
PRO_REASON = "PRO-ONLY reason nobody else may read."
RATIONALE = "The bid describes weekly sessions planned with young people."


def score_round(round_, officer_user, scores, reasons=None, *, extra_bids=0):
    """Every panellist submits every sheet with `scores[role]` for each question, then the round
    moves to consensus (agreed: the median_low of the submitted scores, tests/factories.py)."""
    for lot in round_.lots.all():
        for n in range(extra_bids):
            make_bid(lot, officer_user, organisation=f"Extra {lot.number}-{n}")
    round_ = to_scoring(round_, officer_user)
    reasons = reasons or {Role.YOUNG: YOUNG_REASON, Role.PROFESSIONAL: PRO_REASON}
    for member in Member.objects.for_round(round_).scoring():
        for bid in access.bids_for(member):
            submit_sheet(member, bid, scores[member.role], reason=reasons[member.role])
    return advance(round_, Stage.CONSENSUS, officer_user)


def member(round_, role) -> Member:
    return Member.objects.select_related("user", "panel__round").get(panel__round=round_, role=role)


@pytest.fixture
def decided(round_, officer_user):
    """Young panellist 5 on every question, professional 2: the panel agreed 2 everywhere."""
    round_ = score_round(round_, officer_user, {Role.YOUNG: 5, Role.PROFESSIONAL: 2})
    return advance(round_, Stage.DECIDED, officer_user)


@pytest.fixture
def published(decided, officer_user, django_capture_on_commit_callbacks):
    feedback.save_message(decided, by=officer_user, message="Thank you, all of you.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return advance(decided, Stage.PUBLISHED, officer_user)


def you_said_url(m):
    return reverse("decisions:you_said", args=[m.pk])


def survey_url(m):
    return reverse("decisions:survey", args=[m.pk])


# The panellist's page -----------------------------------------------------------------------------


def test_before_publication_the_page_says_when_it_will_appear(decided, young_panellist, as_user):
    young = member(decided, Role.YOUNG)
    response = as_user(young_panellist).get(you_said_url(young))
    assert response.status_code == 200
    assert "once the round's decisions are published" in response.content.decode()
    assert YOUNG_REASON not in response.content.decode()
    dashboard = as_user(young_panellist).get(reverse("panels:dashboard", args=[young.pk]))
    assert you_said_url(young) not in dashboard.content.decode()


def test_the_panellist_sees_their_scores_beside_the_agreed_ones_and_never_anothers(
    published, young_panellist, professional, as_user
):
    young = member(published, Role.YOUNG)
    page = as_user(young_panellist).get(you_said_url(young)).content.decode()
    assert "Thank you, all of you." in page
    assert "What was decided" in page and "Funded" in page
    assert "Your score</dt><dd>5 out of" in page
    assert "The panel agreed</dt><dd>2 out of" in page
    assert YOUNG_REASON in page
    # Not moved towards the young panellist: the rationale is shown; the others' reasons never.
    assert "Did not move towards you" in page and RATIONALE in page
    assert PRO_REASON not in page
    assert "Professional" not in page  # no other member named or scored
    dashboard = as_user(young_panellist).get(reverse("panels:dashboard", args=[young.pk]))
    assert you_said_url(young) in dashboard.content.decode()

    pro = member(published, Role.PROFESSIONAL)
    page = as_user(professional).get(you_said_url(pro)).content.decode()
    assert "Same as yours" in page and "Did not move towards you" not in page
    assert YOUNG_REASON not in page


def test_moved_towards_when_the_agreed_score_is_closer_than_the_others_median():
    from decisions.influence import AWAY, LEVEL, TOWARDS, direction

    assert direction(5, 4, 2) == TOWARDS
    assert direction(5, 1, 2) == AWAY
    assert direction(5, 2, 2) == LEVEL
    assert direction(5, 5, None) == LEVEL


def test_only_the_member_themself_and_only_panellists_see_the_page(
    published, moderator, officer_user, as_user
):
    young = member(published, Role.YOUNG)
    assert as_user(officer_user).get(you_said_url(young)).status_code == 404
    chair = member(published, Role.MODERATOR)
    assert as_user(moderator).get(you_said_url(chair)).status_code == 404


# The officer's message and preview ----------------------------------------------------------------


def test_the_officer_writes_the_message_while_decided_and_it_is_in_the_trail(
    decided, officer_user, auditor, as_user
):
    url = reverse("decisions:feedback_message", args=[decided.pk])
    client = as_user(officer_user)
    response = client.post(url, {"message": "  "})
    assert response.status_code == 400
    assert "Write your message to the panel." in response.content.decode()
    assert client.post(url, {"message": "Thank you."}).status_code == 302
    assert client.post(url, {"message": "Thank you, truly."}).status_code == 302
    assert FeedbackNote.objects.get(round=decided).message == "Thank you, truly."
    actions = list(
        AuditEvent.objects.for_round(decided)
        .filter(action__startswith="feedback.message")
        .values_list("action", flat=True)
    )
    assert actions == ["feedback.message_saved", "feedback.message_changed"]
    from audit.replay import verify_round

    assert verify_round(decided).ok  # the trail's snapshot matches the live message
    assert as_user(auditor).get(url).status_code == 200
    assert as_user(auditor).post(url, {"message": "x"}).status_code == 403


def test_the_message_is_final_once_published_and_not_open_before_decided(
    round_, published, officer_user, as_user
):
    with pytest.raises(ValidationError, match="published"):
        feedback.save_message(published, by=officer_user, message="Too late")
    url = reverse("decisions:feedback_message", args=[published.pk])
    assert as_user(officer_user).post(url, {"message": "Too late"}).status_code == 403
    assert FeedbackNote.objects.get(round=published).message == "Thank you, all of you."


def test_the_message_waits_for_the_decision(round_, officer_user, auditor):
    with pytest.raises(ValidationError, match="once the round is decided"):
        feedback.save_message(round_, by=officer_user, message="Early")
    with pytest.raises(PermissionDenied):
        feedback.save_message(round_, by=auditor, message="Not mine")


def test_the_officer_previews_what_a_panellist_will_see(decided, officer_user, as_user):
    young = member(decided, Role.YOUNG)
    url = reverse("decisions:feedback_message", args=[decided.pk])
    page = as_user(officer_user).get(f"{url}?as={young.pk}").content.decode()
    assert f"What {young.user.display_name} sees" in page
    assert YOUNG_REASON in page and "Did not move towards you" in page
    assert as_user(officer_user).get(f"{url}?as=999999").status_code == 404


# The email ----------------------------------------------------------------------------------------


def test_publication_emails_each_scoring_panellist_a_link_to_their_page(
    published, young_panellist, professional, moderator
):
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {young_panellist.email, professional.email}
    body = to[young_panellist.email].body
    young = member(published, Role.YOUNG)
    assert you_said_url(young) in body and survey_url(young) in body
    assert "Thank you, all of you." in body
    assert "within one point of yours" in body
    assert PRO_REASON not in body
    assert to[young_panellist.email].subject.startswith("You said, we did")


# The survey ---------------------------------------------------------------------------------------


def test_the_survey_is_anonymous_needs_one_answer_and_is_answered_once(
    published, young_panellist, as_user
):
    young = member(published, Role.YOUNG)
    client = as_user(young_panellist)
    assert client.get(survey_url(young)).status_code == 200
    response = client.post(survey_url(young), {})
    assert response.status_code == 400
    assert survey.EMPTY in response.content.decode()
    response = client.post(survey_url(young), {"worth_time": "yes", "change": "More snacks."})
    assert response.status_code == 302
    answer = SurveyResponse.objects.get(round=published)
    assert (answer.young, answer.worth_time, answer.change) == (True, "yes", "More snacks.")
    assert SurveyReceipt.objects.filter(member=young).exists()
    event = AuditEvent.objects.for_round(published).get(action="survey.answered")
    assert event.actor == "anonymous"
    assert event.object_id == str(published.pk)
    # How many answers, and a digest under a salt replaced at the next answer: nothing that says
    # which answer is whose (tests/test_audit_replay_coverage.py shows the replay).
    assert set(event.after) == {"answered", "answers", "digest"} and event.after["answers"] == 1
    from audit.replay import verify_round

    assert verify_round(published).ok
    text = json.dumps([event.before, event.after, event.object_type, event.reason])
    assert young_panellist.actor_ref not in text and "More snacks" not in text

    response = client.post(survey_url(young), {"listened_to": "no"})
    assert response.status_code == 400
    assert "already answered" in response.content.decode()
    assert SurveyResponse.objects.filter(round=published).count() == 1
    assert "Thank you for answering the survey." in client.get(you_said_url(young)).content.decode()


def test_two_answers_racing_give_the_second_a_message_not_an_error(
    published, young_panellist, monkeypatch
):
    """The second of two requests that both passed the "answered yet?" check meets the receipt's
    unique member and is refused with the same message, its answers not kept."""
    young = member(published, Role.YOUNG)
    survey.answer(young, by=young_panellist, worth_time="yes")
    monkeypatch.setattr(survey, "has_answered", lambda m: False)
    with pytest.raises(ValidationError, match="already answered"):
        survey.answer(young, by=young_panellist, worth_time="no")
    assert SurveyResponse.objects.filter(round=published).count() == 1
    assert AuditEvent.objects.for_round(published).filter(action="survey.answered").count() == 1


def test_the_survey_opens_only_at_publication_and_only_for_the_member(
    decided, young_panellist, professional, as_user
):
    young = member(decided, Role.YOUNG)
    page = as_user(young_panellist).get(survey_url(young))
    assert page.status_code == 200 and "opens once" in page.content.decode()
    response = as_user(young_panellist).post(survey_url(young), {"worth_time": "yes"})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError, match="opens once"):
        survey.answer(young, by=young_panellist, worth_time="yes")
    with pytest.raises(PermissionDenied):
        survey.answer(young, by=professional, worth_time="yes")


# Queries ------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_runs_the_same_queries_whatever_the_rounds_size(
    round_, other_round, officer_user, young_panellist, as_user
):
    small = advance(
        score_round(round_, officer_user, {Role.YOUNG: 4, Role.PROFESSIONAL: 2}),
        Stage.PUBLISHED,
        officer_user,
    )
    client = as_user(young_panellist)
    small_count = _queries(client, you_said_url(member(small, Role.YOUNG)))

    from panels.models import Panel
    from tests.factories import UserFactory, join

    big = other_round  # another officer's round, with more bids and a third scorer
    big_officer = big.created_by
    panel = Panel.objects.get(round=big)
    join(panel, young_panellist, Role.YOUNG, big_officer, age_band="16_17")
    join(panel, UserFactory(), Role.PROFESSIONAL, big_officer, age_band="over_25")
    big = advance(
        score_round(big, big_officer, {Role.YOUNG: 4, Role.PROFESSIONAL: 2}, extra_bids=3),
        Stage.PUBLISHED,
        big_officer,
    )
    young = Member.objects.get(panel=panel, role=Role.YOUNG)
    assert young.assignments.count() > member(small, Role.YOUNG).assignments.count()
    assert _queries(client, you_said_url(young)) == small_count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_two_devices_answering_at_once_keep_one_answer(
    round_, officer_user, young_panellist, django_capture_on_commit_callbacks
):
    import threading

    round_ = score_round(round_, officer_user, {Role.YOUNG: 5, Role.PROFESSIONAL: 2})
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    young = member(round_, Role.YOUNG)
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(value):
        try:
            barrier.wait()
            survey.answer(young, by=young_panellist, worth_time=value)
            outcomes.append("ok")
        except ValidationError as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(v,)) for v in ("yes", "no")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "ok" and "already answered" in sorted(outcomes)[0]
    assert SurveyResponse.objects.filter(round=round_).count() == 1
    assert AuditEvent.objects.for_round(round_).filter(action="survey.answered").count() == 1
