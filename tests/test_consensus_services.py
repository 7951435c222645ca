"""The consensus record through its services: agreed scores, ticks, confirmations, the meeting,
deputies, and the guard that cannot be passed over."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from audit.replay import replay
from bids import services as bid_services
from commissioning import services as round_services
from commissioning import stages
from commissioning.models import Stage
from decisions.demo import decide_everything
from panels.models import CONFLICT_QUESTIONS, Member, Role
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from scoring.models import Confirmation, ConsensusRecord
from tests.factories import agree_everything, to_consensus

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_consensus(round_, officer_user):
    return to_consensus(round_, officer_user)


def _item(round_):
    lot = round_.lots.first()
    return policy.items(lot)[0]


def _entry(round_, **overrides):
    members = [m.pk for m in Member.objects.for_round(round_).active()]
    fields = {
        "score": 3,
        "rationale": "The bid sets out three youth-led sessions a week with a named lead.",
        "reached": "unanimous",
        "present": members,
        **overrides,
    }
    return consensus.Entry(**fields)


def test_the_chair_records_an_agreed_score_with_its_full_content_in_the_trail(
    in_consensus, moderator
):
    item = _item(in_consensus)
    record = consensus.save_record(
        item.bid, item.criterion, by=moderator, entry=_entry(in_consensus), version=0
    )
    assert (record.score, record.version, record.reached) == (3, 1, "unanimous")
    event = AuditEvent.objects.filter(action="consensus.recorded").get()
    assert event.after["score"] == 3
    assert event.after["rationale"].startswith("The bid sets out")
    assert len(event.after["present"]) == 3
    assert not replay([in_consensus.pk])


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"score": 6}, "score", "from 0 to 5"),
        ({"score": None}, "score", "Choose the score"),
        ({"rationale": ""}, "rationale", "citing what the bid says"),
        ({"rationale": "Good."}, "rationale", "Say a little more"),
        ({"reached": "coin toss"}, "reached", "how the panel reached"),
        ({"present": []}, "present", "Tick who was there"),
        ({"dissent_text": "Too high."}, "dissent_member", "which member"),
    ],
)
def test_bad_records_are_refused_next_to_their_field(
    in_consensus, moderator, overrides, field, message
):
    item = _item(in_consensus)
    with pytest.raises(ValidationError) as caught:
        consensus.save_record(
            item.bid,
            item.criterion,
            by=moderator,
            entry=_entry(in_consensus, **overrides),
            version=0,
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not ConsensusRecord.objects.exists()


def test_only_the_chair_records(in_consensus, young_panellist, officer_user):
    item = _item(in_consensus)
    for user in (young_panellist, officer_user):
        with pytest.raises(PermissionDenied):
            consensus.save_record(
                item.bid, item.criterion, by=user, entry=_entry(in_consensus), version=0
            )


def test_a_withdrawn_bid_gets_no_record(in_consensus, moderator, officer_user):
    item = _item(in_consensus)
    bid_services.set_status(
        item.bid, by=officer_user, status="withdrawn", reason="They pulled out."
    )
    item.bid.refresh_from_db()
    with pytest.raises(PermissionDenied, match="withdrawn"):
        consensus.save_record(
            item.bid, item.criterion, by=moderator, entry=_entry(in_consensus), version=0
        )
    assert item.key not in {i.key for i in policy.items(item.bid.lot)}


def test_a_save_from_an_older_page_is_a_conflict_and_changes_nothing(in_consensus, moderator):
    item = _item(in_consensus)
    first = consensus.save_record(
        item.bid, item.criterion, by=moderator, entry=_entry(in_consensus), version=0
    )
    with pytest.raises(consensus.RecordConflict) as caught:
        consensus.save_record(
            item.bid, item.criterion, by=moderator, entry=_entry(in_consensus, score=1), version=0
        )
    assert caught.value.record.pk == first.pk and caught.value.record.score == 3
    assert ConsensusRecord.objects.get().score == 3


def test_a_dissent_is_attributed_and_a_conflicted_member_is_recused(
    in_consensus, moderator, officer_user, young_panellist
):
    item = _item(in_consensus)
    young = Member.objects.get(user=young_panellist)
    pro = Member.objects.get(panel__round=in_consensus, role=Role.PROFESSIONAL)
    from panels import services as panel_services

    panel_services.declare(
        pro,
        item.bid,
        by=pro.user,
        answers={**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "know_someone": "yes"},
    )
    entry = _entry(
        in_consensus,
        present=[young.pk, Member.objects.get(user=moderator).pk],
        dissent_member=young.pk,
        dissent_text="I think the plan for weekends is thin.",
    )
    record = consensus.save_record(item.bid, item.criterion, by=moderator, entry=entry, version=0)
    assert record.dissents == [
        {"member": young.pk, "text": "I think the plan for weekends is thin."}
    ]
    assert [m.pk for m in record.recused.all()] == [pro.pk]
    with pytest.raises(ValidationError, match="kept away"):
        consensus.save_record(
            item.bid,
            item.criterion,
            by=moderator,
            entry=_entry(in_consensus, present=[pro.pk]),
            version=1,
        )


def test_a_conflicted_chair_cannot_chair_that_bid_but_a_named_deputy_can(
    in_consensus, moderator, officer_user, professional
):
    item = _item(in_consensus)
    chair = Member.objects.get(user=moderator)
    from panels import services as panel_services

    panel_services.declare(
        chair,
        item.bid,
        by=moderator,
        answers={**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"},
    )
    assert policy.chairing_member(moderator, item.bid) is None
    with pytest.raises(PermissionDenied):
        consensus.save_record(
            item.bid, item.criterion, by=moderator, entry=_entry(in_consensus), version=0
        )
    pro = Member.objects.get(user=professional)
    with pytest.raises(ValidationError):
        meeting.name_deputy(item.bid, chair, by=officer_user, reason="The chair is conflicted.")
    meeting.name_deputy(item.bid, pro, by=officer_user, reason="The chair's sister works there.")
    present = [m.pk for m in Member.objects.for_round(in_consensus).active() if m.pk != chair.pk]
    record = consensus.save_record(
        item.bid,
        item.criterion,
        by=professional,
        entry=_entry(in_consensus, present=present),
        version=0,
    )
    assert record.chaired_by == pro
    assert AuditEvent.objects.filter(action="meeting.deputy_named").count() == 1


def test_confirmations_need_a_complete_record_and_reset_when_it_changes(
    in_consensus, moderator, young_panellist
):
    lot = in_consensus.lots.first()
    young = Member.objects.get(user=young_panellist)
    with pytest.raises(ValidationError, match="not finished"):
        consensus.confirm(lot, young, by=young_panellist, agrees=True)
    # Record every item of every lot, but confirm nothing yet.
    from tests import factories

    for each in policy.items(lot):
        consensus.save_record(
            each.bid, each.criterion, by=moderator, entry=_entry(in_consensus), version=0
        )
    state = consensus.lot_record(lot)
    assert state.complete and not state.confirmed
    with pytest.raises(ValidationError) as caught:
        consensus.confirm(lot, young, by=young_panellist, agrees=False)
    assert "dissent" in caught.value.message_dict
    consensus.confirm(lot, young, by=young_panellist, agrees=True)
    consensus.confirm(lot, young, by=young_panellist, agrees=True)  # a double click
    assert Confirmation.objects.filter(lot=lot).count() == 1
    # The chair changes a score: the confirmation is reset and asked for again.
    item = policy.items(lot)[0]
    consensus.save_record(
        item.bid, item.criterion, by=moderator, entry=_entry(in_consensus, score=4), version=1
    )
    state = consensus.lot_record(lot)
    assert young in state.waiting_for
    assert AuditEvent.objects.filter(action="consensus.confirmation_reset").count() == 1
    assert factories is not None
    assert not replay([in_consensus.pk])


def test_the_chair_can_confirm_for_a_member_and_it_is_noted(
    in_consensus, moderator, young_panellist, professional
):
    lot = in_consensus.lots.first()
    for each in policy.items(lot):
        consensus.save_record(
            each.bid, each.criterion, by=moderator, entry=_entry(in_consensus), version=0
        )
    young = Member.objects.get(user=young_panellist)
    confirmation = consensus.confirm(lot, young, by=moderator, agrees=True)
    assert confirmation.on_behalf_by == moderator
    event = AuditEvent.objects.filter(action="consensus.confirmed").get()
    assert event.after["on_behalf"] is True and "for the member" in event.reason
    with pytest.raises(PermissionDenied):
        consensus.confirm(lot, young, by=professional, agrees=True)


def test_leaving_consensus_needs_every_record_and_confirmation_and_no_reason_passes_it(
    in_consensus, officer_user
):
    problems = stages.problems_leaving(in_consensus)
    assert problems and not stages.can_override(problems)
    with pytest.raises(ValidationError):
        round_services.move_stage(
            in_consensus, to=Stage.DECIDED, by=officer_user, reason="We are in a hurry."
        )
    agree_everything(in_consensus)
    assert not [p for p in stages.problems_leaving(in_consensus) if "agreed score" in p.message]
    decide_everything(in_consensus, officer_user)  # the results issue's own guard
    assert stages.problems_leaving(in_consensus) == []
    moved = round_services.move_stage(in_consensus, to=Stage.DECIDED, by=officer_user)
    assert moved.stage == Stage.DECIDED


def test_ticks_are_recorded_and_refused_outside_the_meeting(in_consensus, moderator, officer_user):
    item = _item(in_consensus)
    consensus.tick(item.bid, item.criterion, by=moderator, discussed=True)
    consensus.tick(item.bid, item.criterion, by=moderator, discussed=True)  # no change, no event
    assert AuditEvent.objects.filter(action="consensus.discussed").count() == 1
    with pytest.raises(PermissionDenied):
        consensus.tick(item.bid, item.criterion, by=officer_user, discussed=False)


def test_entering_consensus_tells_members_when_and_where(round_, officer_user, moderator):
    lot = round_.lots.first()
    meeting.set_meeting(
        lot,
        by=officer_user,
        starts_at=timezone.now() + timedelta(days=7),
        place="Room 2, the Youth Hub",
        video_link="",
        bring="Your notes",
        support_arranged="Taxis home after 6pm",
    )
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        to_consensus(round_, officer_user)
    to = sorted(m.to[0] for m in mail.outbox if m.subject == "Your panel's meeting")
    expected = sorted(m.user.email for m in Member.objects.for_round(round_).active())
    assert to == expected
    assert "Room 2, the Youth Hub" in mail.outbox[0].body


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"place": "", "video_link": ""}, "place"),
        ({"video_link": "http://meet.example.org/x"}, "video_link"),
        ({"starts_at": None}, "starts_at"),
    ],
)
def test_bad_meeting_arrangements_are_refused(round_, officer_user, fields, field):
    good = {
        "starts_at": timezone.now() + timedelta(days=3),
        "place": "Town hall",
        "video_link": "",
        "bring": "",
        "support_arranged": "",
    }
    with pytest.raises(ValidationError) as caught:
        meeting.set_meeting(round_.lots.first(), by=officer_user, **{**good, **fields})
    assert field in caught.value.message_dict


def test_a_member_says_they_cannot_come(round_, young_panellist, professional):
    lot = round_.lots.first()
    young = Member.objects.get(user=young_panellist)
    attendance = meeting.set_attendance(
        young, lot, by=young_panellist, can_attend=False, note="School trip"
    )
    assert not attendance.can_attend
    with pytest.raises(PermissionDenied):
        meeting.set_attendance(young, lot, by=professional, can_attend=True)
    assert not replay([round_.pk])


def test_a_sheet_the_chair_reopens_at_the_meeting_can_be_changed_and_sent_again(
    in_consensus, moderator, professional
):
    from scoring import services
    from scoring.models import ScoreSheet, SheetStatus
    from tests.factories import entries_for

    pro = Member.objects.get(user=professional)
    sheet = ScoreSheet.objects.filter(assignment__member=pro).first()
    other = ScoreSheet.objects.filter(assignment__member=pro).exclude(pk=sheet.pk).first()
    services.reopen(sheet, by=moderator, reason="Please say more about the weekend sessions.")
    sheet.refresh_from_db()
    sheet = services.save_draft(
        sheet, by=professional, entries=entries_for(sheet, score=4), version=sheet.version
    )
    sheet = services.submit(sheet, by=professional, version=sheet.version)
    assert sheet.status == SheetStatus.SUBMITTED
    assert {s.score for s in sheet.scores.all() if s.score is not None} == {4}
    # Sheets nobody reopened stay locked at the meeting.
    with pytest.raises(ValidationError, match="submitted this sheet"):
        services.save_draft(
            other, by=professional, entries=entries_for(other), version=other.version
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_two_devices_saving_one_record_at_once_lose_nothing_and_never_deadlock(
    round_, officer_user, moderator, young_panellist
):
    """The chair's laptop and phone save the same item at the same moment while a member
    confirms and the chair ticks: one save wins, the other is told (RecordConflict), and the
    round, record and confirmation rows are locked in one order, so nobody deadlocks."""
    import threading

    in_consensus = to_consensus(round_, officer_user)
    item = _item(in_consensus)
    barrier = threading.Barrier(3)
    outcomes = []

    def save(score):
        try:
            barrier.wait()
            consensus.save_record(
                item.bid,
                item.criterion,
                by=moderator,
                entry=_entry(in_consensus, score=score),
                version=0,
            )
            outcomes.append("saved")
        except consensus.RecordConflict as conflict:
            outcomes.append(("conflict", conflict.record.score))
        finally:
            connection.close()

    def tick():
        try:
            barrier.wait()
            consensus.tick(item.bid, item.criterion, by=moderator, discussed=True)
            outcomes.append("ticked")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(s,)) for s in (2, 4)]
    threads.append(threading.Thread(target=tick))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)).count("saved") == 1 and "ticked" in outcomes
    conflict = next(o for o in outcomes if isinstance(o, tuple))
    saved = ConsensusRecord.objects.get()
    assert conflict[1] == saved.score and saved.version == 1
    assert AuditEvent.objects.filter(action="consensus.recorded").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_double_clicks_on_two_devices_leave_one_confirmation_one_apology_one_meeting(
    round_, officer_user, moderator, young_panellist
):
    """The same member confirms twice and sends the same apology twice at the same moment, while
    the officer and the chair set the meeting at once: one row each, no error, no deadlock."""
    import threading

    from scoring.models import Attendance, Meeting

    in_consensus = to_consensus(round_, officer_user)
    lot = in_consensus.lots.first()
    for each in policy.items(lot):
        consensus.save_record(
            each.bid, each.criterion, by=moderator, entry=_entry(in_consensus), version=0
        )
    young = Member.objects.get(user=young_panellist)
    when = timezone.now() + timedelta(days=3)
    calls = [
        lambda: consensus.confirm(lot, young, by=young_panellist, agrees=True),
        lambda: consensus.confirm(lot, young, by=young_panellist, agrees=True),
        lambda: meeting.set_attendance(young, lot, by=young_panellist, can_attend=False),
        lambda: meeting.set_attendance(young, lot, by=young_panellist, can_attend=False),
        lambda: meeting.set_meeting(lot, by=officer_user, starts_at=when, place="Town hall"),
        lambda: meeting.set_meeting(lot, by=moderator, starts_at=when, place="Town hall"),
    ]
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 - any error is the failure this test looks for
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Confirmation.objects.filter(lot=lot, member=young, reset_at=None).count() == 1
    assert Attendance.objects.filter(lot=lot, member=young).count() == 1
    assert Meeting.objects.filter(lot=lot).count() == 1
    assert AuditEvent.objects.filter(action="consensus.confirmed").count() == 1
