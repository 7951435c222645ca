"""Scoring rules through scoring.services: opening, saving, conflicts between saves, submitting,
reopening, withdrawal for a conflict, deadlines, and what the trail keeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from commissioning.models import Stage
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member
from scoring import services
from scoring.models import Deadline, ScoreSheet, SheetStatus
from tests.factories import advance, assign_everyone, entries_for


@pytest.fixture
def scoring_round(round_, officer_user):
    """round_, with every panellist declared clear, assigned every bid, and in scoring."""
    for member in Member.objects.for_round(round_).scoring():
        for lot in member.panel.lots():
            for bids in panel_services.organisations(lot).values():
                panel_services.declare(
                    member,
                    bids[0],
                    by=member.user,
                    answers=dict.fromkeys(CONFLICT_QUESTIONS, "no"),
                )
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


@pytest.fixture
def member(scoring_round, young_panellist):
    return Member.objects.get(panel__round=scoring_round, user=young_panellist)


@pytest.fixture
def bid(scoring_round):
    return scoring_round.lots.first().bids.first()


@pytest.fixture
def sheet(member, bid, young_panellist):
    return services.open_sheet(member, bid, by=young_panellist)


def test_opening_a_sheet_records_its_start_once(member, bid, young_panellist, sheet):
    again = services.open_sheet(member, bid, by=young_panellist)
    assert again.pk == sheet.pk and sheet.status == SheetStatus.DRAFT
    assert AuditEvent.objects.filter(action="sheet.started").count() == 1


def test_a_sheet_cannot_be_opened_outside_scoring_or_by_someone_else(
    round_, officer_user, young_panellist, professional
):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    bid = round_.lots.first().bids.first()
    with pytest.raises(ValidationError, match="Scoring is not open"):
        services.open_sheet(member, bid, by=young_panellist)
    with pytest.raises(PermissionDenied):
        services.open_sheet(member, bid, by=professional)


def test_a_draft_saves_without_an_event_and_bumps_the_version(sheet, young_panellist):
    events = AuditEvent.objects.count()
    saved = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet), version=sheet.version
    )
    assert saved.version == sheet.version + 1
    assert AuditEvent.objects.count() == events
    assert saved.scores.count() == len(entries_for(sheet))


def test_a_save_from_an_older_page_is_a_conflict_not_an_overwrite(sheet, young_panellist):
    first = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet, score=4), version=sheet.version
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.save_draft(
            sheet, by=young_panellist, entries=entries_for(sheet, score=1), version=sheet.version
        )
    assert conflict.value.sheet.version == first.version
    assert {s.score for s in ScoreSheet.objects.get(pk=sheet.pk).scores.all()} == {4}


def test_scores_outside_the_scale_or_for_other_criteria_are_refused(
    sheet, young_panellist, other_round
):
    entries = entries_for(sheet)
    scored = next(pk for pk, e in entries.items() if e.score is not None)
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            sheet,
            by=young_panellist,
            entries={scored: services.Entry(score=9, reason="x")},
            version=sheet.version,
        )
    assert f"c{scored}_score" in error.value.message_dict
    foreign = other_round.rubrics.first().criteria.first()
    with pytest.raises(ValidationError, match="not scored on"):
        services.save_draft(
            sheet,
            by=young_panellist,
            entries={foreign.pk: services.Entry(score=1, reason="x")},
            version=sheet.version,
        )
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            sheet,
            by=young_panellist,
            entries={scored: services.Entry(score=2, reason="x" * 5000)},
            version=sheet.version,
        )
    assert "Keep it under 4,000" in str(error.value)
    assert not ScoreSheet.objects.get(pk=sheet.pk).scores.exists()


def test_someone_else_cannot_save_your_sheet(sheet, professional):
    with pytest.raises(PermissionDenied):
        services.save_draft(sheet, by=professional, entries={}, version=sheet.version)


def test_submitting_needs_every_score_and_reason_then_locks(sheet, young_panellist):
    entries = entries_for(sheet)
    first = next(iter(entries))
    entries[first] = services.Entry(score=entries[first].score)
    saved = services.save_draft(sheet, by=young_panellist, entries=entries, version=sheet.version)
    with pytest.raises(ValidationError) as error:
        services.submit(saved, by=young_panellist, version=saved.version)
    assert list(error.value.message_dict) == [f"c{first}_reason"]

    saved = services.save_draft(
        saved, by=young_panellist, entries=entries_for(sheet), version=saved.version
    )
    submitted = services.submit(saved, by=young_panellist, version=saved.version)
    assert submitted.status == SheetStatus.SUBMITTED
    # A double click: the same submission again changes nothing and records nothing more.
    services.submit(saved, by=young_panellist, version=saved.version)
    events = AuditEvent.objects.filter(action="sheet.submitted")
    assert events.count() == 1
    assert len(events.get().after["scores"]) == len(entries_for(sheet))
    with pytest.raises(ValidationError, match="submitted this sheet"):
        services.save_draft(submitted, by=young_panellist, entries={}, version=submitted.version)


def test_the_chair_reopens_with_a_reason_and_the_trail_keeps_the_old_scores(
    sheet, young_panellist, moderator, professional
):
    saved = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet, score=2), version=sheet.version
    )
    submitted = services.submit(saved, by=young_panellist, version=saved.version)
    with pytest.raises(PermissionDenied):
        services.reopen(submitted, by=professional, reason="Because")
    with pytest.raises(ValidationError) as error:
        services.reopen(submitted, by=moderator, reason=" ")
    assert "reason" in error.value.message_dict
    reopened = services.reopen(submitted, by=moderator, reason="A reason repeats the descriptor.")
    assert reopened.status == SheetStatus.DRAFT
    event = AuditEvent.objects.get(action="sheet.reopened")
    assert {v["score"] for v in event.before["scores"].values()} == {2}
    saved = services.save_draft(
        reopened, by=young_panellist, entries=entries_for(sheet, score=3), version=reopened.version
    )
    services.submit(saved, by=young_panellist, version=saved.version)
    assert AuditEvent.objects.filter(action="sheet.submitted").count() == 2
    call_command("verify_audit")


def test_a_conflict_declared_mid_round_withdraws_the_started_sheet(
    sheet, member, bid, young_panellist
):
    answers = {**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"}
    panel_services.declare(member, bid, by=young_panellist, answers=answers)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="sheet.withdrawn").count() == 1
    assert not ScoreSheet.objects.counted().filter(pk=sheet.pk).exists()
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.save_draft(sheet, by=young_panellist, entries={}, version=sheet.version)


def test_no_submission_after_the_deadline(sheet, young_panellist, officer_user, scoring_round):
    saved = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet), version=sheet.version
    )
    services.set_deadline(
        scoring_round, by=officer_user, due_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="deadline for scoring has passed"):
        services.submit(saved, by=young_panellist, version=saved.version)
    assert Deadline.objects.get().reminder_hours == [72, 24]


def test_submitting_in_the_wrong_stage_is_refused(sheet, young_panellist, scoring_round):
    saved = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet), version=sheet.version
    )
    scoring_round.stage = Stage.CONSENSUS  # as if the officer closed scoring meanwhile
    scoring_round.save(update_fields=["stage"])
    with pytest.raises(ValidationError, match="Scoring is not open"):
        services.submit(saved, by=young_panellist, version=saved.version)


def test_leaving_scoring_needs_every_sheet_or_a_reason(
    scoring_round, officer_user, sheet, young_panellist
):
    from commissioning import services as round_services
    from commissioning import stages

    problems = stages.problems_leaving(scoring_round)
    expected = Member.objects.for_round(scoring_round).scoring().count() * 2  # two bids
    assert len(problems) == expected and stages.can_override(problems)
    with pytest.raises(ValidationError) as error:
        round_services.move_stage(scoring_round, to=Stage.CONSENSUS, by=officer_user)
    assert "reason" in error.value.message_dict

    saved = services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet), version=sheet.version
    )
    services.submit(saved, by=young_panellist, version=saved.version)
    assert len(stages.problems_leaving(scoring_round)) == expected - 1

    round_services.move_stage(
        scoring_round, to=Stage.CONSENSUS, by=officer_user, reason="Two panellists are ill."
    )
    passed_over = AuditEvent.objects.get(action="round.guard_passed_over")
    assert len(passed_over.after["problems"]) == expected - 1
    assert passed_over.reason == "Two panellists are ill."
    # Missing sheets stay missing: nothing is created or filled in for anyone.
    assert ScoreSheet.objects.count() == 1
    call_command("verify_audit")
