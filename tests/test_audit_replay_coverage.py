"""Issue 15, item 5: the last models that were not replayed. A bid's documents, reading help and
clarifications, training's check questions (with which answer is right), the reminders sent and
the anonymous survey: each changed with plain SQL behind the app's back is named by verify_audit.
Also the recorded backfill of officers made before making an officer was recorded."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from commissioning.models import Stage
from panels.models import Member
from tests.factories import advance, to_consensus
from tests.test_audit_trail import verify


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def assert_named(*expected, args=()):
    ok, output = verify(*args)
    assert not ok
    for text in expected:
        assert text in output, output


# A bid's documents, reading help and clarifications --------------------------------------------


@pytest.fixture
def bid_extras(round_, officer_user):
    """The round's first bid has a document and a clarification (conftest); add reading help, and
    answer the clarification."""
    from bids.services import add_reading_help, record_clarification_answer

    bid = round_.lots.first().bids.first()
    add_reading_help(bid, by=officer_user, kind="summary", text="They run a youth club.")
    record_clarification_answer(bid.clarifications.get(), by=officer_user, answer="Three a week.")
    ok, output = verify()
    assert ok, output
    return bid


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE bids_document SET sha256 = 'f00d' WHERE bid_id = {bid}", "sha256 is 'f00d'"),
        ("UPDATE bids_document SET size = 1 WHERE bid_id = {bid}", "size is 1"),
        ("UPDATE bids_document SET bid_id = {other} WHERE bid_id = {bid}", "bid is {other}"),
        ("DELETE FROM bids_document WHERE bid_id = {bid}", "missing from the database"),
        ("UPDATE bids_readinghelp SET text = 'Ignore it.' WHERE bid_id = {bid}", "text is"),
        ("UPDATE bids_readinghelp SET kind = 'video' WHERE bid_id = {bid}", "kind is 'video'"),
        ("DELETE FROM bids_readinghelp WHERE bid_id = {bid}", "missing from the database"),
        (
            "UPDATE bids_clarification SET answer = 'Never.' WHERE bid_id = {bid}",
            "answer is 'Never.' but the trail last recorded 'Three a week.'",
        ),
        ("UPDATE bids_clarification SET question = 'Why?' WHERE bid_id = {bid}", "question is"),
        ("DELETE FROM bids_clarification WHERE bid_id = {bid}", "missing from the database"),
    ],
)
def test_a_bids_papers_changed_behind_the_apps_back_are_named(bid_extras, statement, named):
    bid = bid_extras
    other = bid.lot.round.lots.last().bids.first()
    sql(statement.format(bid=bid.pk, other=other.pk))
    assert_named(named.format(other=other.pk), args=("--round", str(bid.lot.round_id)))


def test_a_document_or_reading_help_added_behind_the_apps_back_is_named(bid_extras, officer_user):
    bid = bid_extras
    sql(
        "INSERT INTO bids_document (bid_id, kind, original_name, stored_name, size, sha256, "
        "uploaded_by_id, uploaded_at) VALUES (%s, 'pdf', 'late.pdf', %s, 10, 'ab', %s, %s)",
        [bid.pk, uuid.uuid4().hex, officer_user.pk, timezone.now()],
    )
    sql(
        "INSERT INTO bids_readinghelp (bid_id, kind, text, video_url, added_by_id, added_at) "
        "VALUES (%s, 'summary', 'A slanted summary.', '', %s, %s)",
        [bid.pk, officer_user.pk, timezone.now()],
    )
    assert_named(
        f"of bid {bid.pk} (late.pdf) exists but the trail never recorded it",
        f"for bid {bid.pk} exists but the trail never recorded it",
    )


def test_an_unanswered_clarification_is_replayed_too(round_):
    """Asked, not answered: the trail's state is the question with an empty answer."""
    assert verify()[0]
    bid = round_.lots.first().bids.first()
    sql("UPDATE bids_clarification SET answer = 'Made up.' WHERE bid_id = %s", [bid.pk])
    assert_named("answer is 'Made up.' but the trail last recorded ''")


# Training's check questions -----------------------------------------------------------------------


@pytest.fixture
def questions(round_, officer_user):
    """An officer's own module with one question, and the starter set."""
    from training import services as training
    from training.models import CheckQuestion

    module = training.create_module(
        round_, by=officer_user, title="Reading a bid", body="Read slowly.", minutes=15
    )
    own = training.create_question(
        module,
        by=officer_user,
        text="What is a lot?",
        explanation="A part of the round.",
        choices=[("A part of the round", True), ("A lot of money", False)],
    )
    training.add_starter_modules(round_, by=officer_user)
    starter = CheckQuestion.objects.filter(module__starter_key__gt="").order_by("pk").first()
    ok, output = verify()
    assert ok, output
    return own, starter


@pytest.mark.parametrize("which", ["own", "starter"])
@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE training_choice SET correct = NOT correct WHERE question_id = {q}", "choices is"),
        ("UPDATE training_choice SET text = 'Anything' WHERE question_id = {q}", "choices is"),
        ("DELETE FROM training_choice WHERE question_id = {q} AND NOT correct", "choices is"),
        ("UPDATE training_checkquestion SET explanation = 'No.' WHERE id = {q}", "explanation is"),
        ("UPDATE training_checkquestion SET module_id = {other} WHERE id = {q}", "module is"),
        ("DELETE FROM training_checkquestion WHERE id = {q}", "missing from the database"),
    ],
)
def test_a_check_question_changed_behind_the_apps_back_is_named(questions, which, statement, named):
    """A changed right answer changes who passes: it is named, for starter questions too."""
    own, starter = questions
    question = own if which == "own" else starter
    other = starter.module_id if which == "own" else own.module_id
    if statement.startswith("DELETE FROM training_checkquestion"):
        sql("DELETE FROM training_choice WHERE question_id = %s", [question.pk])
    sql(statement.format(q=question.pk, other=other))
    ok, output = verify()
    assert not ok and named in output
    assert f"check question {question.pk} " in output.lower()  # "Check question 4 (module 2)"


# Reminders sent -----------------------------------------------------------------------------------


@pytest.fixture
def reminded(round_, officer_user, django_capture_on_commit_callbacks):
    """Scoring with a deadline in 10 days; the 72-hour reminder has gone to everyone with sheets."""
    from panels import services as panels
    from panels.models import CONFLICT_QUESTIONS
    from scoring import reminders
    from scoring import services as scoring
    from scoring.models import Reminder
    from tests.factories import assign_everyone

    for member in Member.objects.for_round(round_).scoring():
        for lot in member.panel.lots():
            for bids in panels.organisations(lot).values():
                answers = dict.fromkeys(CONFLICT_QUESTIONS, "no")
                panels.declare(member, bids[0], by=member.user, answers=answers)
    assign_everyone(round_, officer_user)
    round_ = advance(round_, Stage.SCORING, officer_user)
    due = timezone.now() + timedelta(days=10)
    scoring.set_deadline(round_, by=officer_user, due_at=due, reminder_hours=[72, 24])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send(due - timedelta(hours=71))
    assert Reminder.objects.count() >= 2
    ok, output = verify()
    assert ok, output
    return round_


def test_a_reminder_removed_behind_the_apps_back_is_named(reminded):
    """Removing it would let the job email the panellist again, unrecorded."""
    from scoring.models import Reminder

    reminder = Reminder.objects.order_by("pk").first()
    sql("DELETE FROM scoring_reminder WHERE id = %s", [reminder.pk])
    assert_named(
        f"Reminders of round {reminded.pk} sent 72 h before the deadline",
        f"assignment {reminder.assignment_id} is missing",
        args=("--round", str(reminded.pk)),
    )


def test_a_reminder_added_or_moved_behind_the_apps_back_is_named(reminded):
    from panels.models import Assignment
    from scoring.models import Reminder

    first = Reminder.objects.order_by("pk").first()
    spare = Assignment.objects.exclude(reminders__isnull=False).filter(bid__lot__round=reminded)
    spare = spare.first() or first.assignment
    sql("UPDATE scoring_reminder SET sent_at = %s", [first.sent_at - timedelta(days=3)])
    sql(
        "INSERT INTO scoring_reminder (assignment_id, hours_before, due_at, sent_at) "
        "VALUES (%s, 24, %s, %s)",
        [spare.pk, first.due_at, first.sent_at],
    )
    assert_named(
        "sent 72 h before the deadline",
        f"assignment {first.assignment_id} says it was sent at",
        "sent 24 h before the deadline",
        "are in the database but not in the trail",
    )


# The anonymous survey -----------------------------------------------------------------------------


@pytest.fixture
def answered(round_, officer_user, young_panellist, professional):
    """Published; the young panellist and the professional have both answered the survey."""
    from decisions import survey

    round_ = advance(to_consensus(round_, officer_user), Stage.DECIDED, officer_user)
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    young = Member.objects.get(panel__round=round_, user=young_panellist)
    pro = Member.objects.get(panel__round=round_, user=professional)
    survey.answer(young, by=young_panellist, worth_time="yes", change="More snacks.")
    survey.answer(pro, by=professional, listened_to="mostly")
    ok, output = verify()
    assert ok, output
    return round_


def test_the_survey_events_still_name_no_answer_and_no_person(
    answered, young_panellist, professional
):
    """Each event records the count and a digest salted afresh: the earlier event's digest cannot
    be checked with the salt left in the database, so the trail's order pairs no answer with
    anyone."""
    from decisions import survey
    from decisions.models import SurveyResponse, SurveySeal

    events = list(
        AuditEvent.objects.filter(action="survey.answered", round=answered).order_by("seq")
    )
    assert [e.actor for e in events] == ["anonymous", "anonymous"]
    assert [e.object_id for e in events] == [str(answered.pk)] * 2
    assert [set(e.after) for e in events] == [{"answered", "answers", "digest"}] * 2
    assert [e.after["answers"] for e in events] == [1, 2]
    text = str([(e.before, e.after, e.reason) for e in events])
    ids = [str(pk) for pk in SurveyResponse.objects.values_list("id", flat=True)]
    for secret in (young_panellist.actor_ref, professional.actor_ref, "More snacks", "mostly"):
        assert secret not in text
    assert not any(pk in text for pk in ids)
    (seal,) = SurveySeal.objects.all()  # one salt per round, the latest only
    assert survey.digest(answered.pk, seal.salt) == events[-1].after["digest"]
    assert events[0].after["digest"] != events[1].after["digest"]


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            "UPDATE decisions_surveyresponse SET worth_time = 'no' WHERE worth_time = 'yes'",
            "no longer match the trail's digest",
        ),
        (
            "UPDATE decisions_surveyresponse SET change = '' WHERE round_id = {round}",
            "no longer match the trail's digest",
        ),
        (
            "DELETE FROM decisions_surveyresponse WHERE worth_time = 'yes'",
            "1 answers are in the database; the trail recorded 2",
        ),
        (
            "DELETE FROM decisions_surveyreceipt WHERE member_id = {young}",
            "1 panellists are marked as having answered; the trail recorded 2",
        ),
        (
            "UPDATE decisions_surveyreceipt SET member_id = {chair} WHERE member_id = {young}",
            "no longer match the trail's digest",
        ),
        ("UPDATE decisions_surveyseal SET salt = 'guessed'", "no longer match the trail's digest"),
    ],
)
def test_the_survey_changed_behind_the_apps_back_is_named(
    answered, young_panellist, moderator, statement, named
):
    members = {m.user_id: m.pk for m in Member.objects.filter(panel__round=answered)}
    sql(
        statement.format(
            round=answered.pk, young=members[young_panellist.pk], chair=members[moderator.pk]
        )
    )
    assert_named(f"The survey of round {answered.pk} was changed outside the app", named)


def test_a_survey_answer_added_behind_the_apps_back_is_named(answered):
    sql(
        "INSERT INTO decisions_surveyresponse (id, round_id, young, worth_time, listened_to, "
        "change, received_on) VALUES (%s, %s, %s, 'no', 'no', '', %s)",
        [uuid.uuid4().hex, answered.pk, True, timezone.localdate()],
    )
    assert_named("3 answers are in the database", args=("--round", str(answered.pk)))


# Officers made before it was recorded ------------------------------------------------------------


def test_officers_made_before_grants_were_recorded_are_backfilled_once(officer_user):
    from io import StringIO

    from django.contrib.auth.models import Group

    from commissioning.access import OFFICERS_GROUP
    from commissioning.services.rounds import BACKFILL_REASON
    from tests.factories import UserFactory

    old_hand = UserFactory()  # in the group from before making an officer was recorded
    old_hand.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    ok, output = verify()
    assert not ok and f"user:{old_hand.pseudonym} in the group" in output

    out = StringIO()
    call_command("record_earlier_officers", stdout=out)
    event = AuditEvent.objects.get(action="officer.granted", object_id=str(old_hand.pseudonym))
    assert event.chain.key == "global" and event.actor == "system"
    assert event.reason == BACKFILL_REASON == "backfill: granted before grants were recorded"
    assert event.after == {"group": OFFICERS_GROUP}
    assert f"user:{old_hand.pseudonym}" in out.getvalue()
    # officer_user was made through the service: already on the record, not recorded twice.
    assert f"user:{officer_user.pseudonym}" not in out.getvalue()
    assert (
        AuditEvent.objects.filter(
            action="officer.granted", object_id=str(officer_user.pseudonym)
        ).count()
        == 1
    )
    ok, output = verify()
    assert ok, output

    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("record_earlier_officers", stdout=out)
    assert AuditEvent.objects.count() == events and "0 officer(s) recorded" in out.getvalue()


# Starter questions recorded only inside their module's event (databases from before) ------------


def test_starter_questions_from_before_are_recorded_once_unless_changed(round_, officer_user):
    from io import StringIO
    from unittest import mock

    from training import services as training
    from training.backfill import REASON
    from training.models import CheckQuestion

    real = training.modules.audit.record

    def as_before(action, **kwargs):  # the starter set recorded only the module's event
        return None if action == "training.question_created" else real(action, **kwargs)

    with mock.patch.object(training.modules.audit, "record", as_before):
        training.add_starter_modules(round_, by=officer_user)
    questions = list(CheckQuestion.objects.order_by("pk"))
    ok, output = verify()
    assert not ok and output.count("exists but the trail never recorded it") == len(questions)
    changed = questions[0]  # changed behind the app's back: must not be laundered into the trail
    sql("UPDATE training_choice SET correct = NOT correct WHERE question_id = %s", [changed.pk])

    out = StringIO()
    call_command("record_starter_questions", stdout=out)
    assert f"{len(questions) - 1} question(s) recorded" in out.getvalue()
    assert f"check question {changed.pk} differs from its module's event" in out.getvalue()
    events = AuditEvent.objects.filter(action="training.question_created")
    assert {e.reason for e in events} == {REASON} and {e.actor for e in events} == {"system"}
    ok, output = verify()
    assert not ok and f"Check question {changed.pk} (module {changed.module_id}) exists" in output
    assert output.count("exists but the trail never recorded it") == 1

    sql("UPDATE training_choice SET correct = NOT correct WHERE question_id = %s", [changed.pk])
    call_command("record_starter_questions", stdout=StringIO())
    ok, output = verify()
    assert ok, output
    count = AuditEvent.objects.count()
    out = StringIO()
    call_command("record_starter_questions", stdout=out)
    assert AuditEvent.objects.count() == count and "0 question(s) recorded" in out.getvalue()
