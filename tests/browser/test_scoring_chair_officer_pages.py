"""The chair's and the officer's scoring pages in Chromium, through check_page (axe-core, one h1,
the skip link, 320 px): the chair's progress table, a submitted sheet with a gentle flag, a sheet
still in progress, the reopen form with its error and the page saying a sheet cannot be reopened;
the officer's progress page with reminders sent, the deadline form with its errors, and the page
saying the deadline can no longer change."""

from datetime import timedelta

from django.utils import timezone

from commissioning.models import Stage
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member
from scoring import services
from scoring.models import Reminder
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import advance, assign_everyone, entries_for


def _scoring(round_, officer):
    for member in Member.objects.for_round(round_).scoring():
        for lot in member.panel.lots():
            for bids in panel_services.organisations(lot).values():
                panel_services.declare(
                    member, bids[0], by=member.user, answers=dict.fromkeys(CONFLICT_QUESTIONS, "no")
                )
    assign_everyone(round_, officer)
    return advance(round_, Stage.SCORING, officer)


def _sheets(round_, young_panellist):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    first, second = [lot.bids.first() for lot in round_.lots.all()[:2]]
    sheet = services.open_sheet(member, first, by=young_panellist)
    sheet = services.save_draft(
        sheet,
        by=young_panellist,
        entries=entries_for(sheet, reason="Better than the other bid because it has a plan."),
        version=sheet.version,
    )
    submitted = services.submit(sheet, by=young_panellist, version=sheet.version)
    draft = services.open_sheet(member, second, by=young_panellist)
    return submitted, draft


def test_chair_pages(page, round_, officer_user, moderator, young_panellist):
    round_ = _scoring(round_, officer_user)
    services.set_deadline(round_, by=officer_user, due_at=timezone.now() + timedelta(days=7))
    submitted, draft = _sheets(round_, young_panellist)
    chair = Member.objects.get(panel__round=round_, user=moderator)
    base = f"/my/{chair.pk}/chair"
    log_in(page, moderator)

    visit(page, f"/my/{chair.pk}/")
    page.get_by_role("link", name="Who has scored what").click()
    page.wait_for_url(f"**{base}/")
    visit(page, f"{base}/")
    visit(page, f"{base}/sheets/{submitted.pk}/")
    assert page.get_by_text("Score this bid on its own").first.is_visible()
    visit(page, f"{base}/sheets/{draft.pk}/")
    visit(page, f"{base}/sheets/{draft.pk}/reopen/", status=409)

    visit(page, f"{base}/sheets/{submitted.pk}/reopen/")
    submit(page, "Reopen the sheet")
    assert_error_summary(page, "reason")
    page.get_by_label("Why are you reopening this sheet?").fill(
        "Score this bid against the question, not against the other bids."
    )
    submit(page, "Reopen the sheet")
    assert page.get_by_text("sheet is reopened").is_visible()
    visit(page, f"{base}/sheets/{submitted.pk}/")


def test_officer_pages(page, round_, officer_user, young_panellist):
    round_ = _scoring(round_, officer_user)
    deadline = services.set_deadline(
        round_, by=officer_user, due_at=timezone.now() + timedelta(days=2), reminder_hours=[72, 24]
    )
    _sheets(round_, young_panellist)
    for assignment in Member.objects.get(user=young_panellist).assignments.all():
        Reminder.objects.create(assignment=assignment, hours_before=72, due_at=deadline.due_at)
    log_in(page, officer_user)

    visit(page, f"/rounds/{round_.pk}/")
    page.get_by_role("link", name="Scoring progress").click()
    page.wait_for_url(f"**/rounds/{round_.pk}/scoring/")
    visit(page, f"/rounds/{round_.pk}/scoring/")

    visit(page, f"/rounds/{round_.pk}/scoring/deadline/")
    page.get_by_label("Date scoring closes").fill("")
    page.get_by_label("Send reminders this many hours before the deadline").fill("72, soon")
    submit(page, "Save the deadline")
    assert_error_summary(page, "due_date", "reminder_hours")
    later = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Date scoring closes").fill(later.isoformat())
    page.get_by_label("Send reminders this many hours before the deadline").fill("48")
    submit(page, "Save the deadline")
    assert page.get_by_text("Scoring closes on").first.is_visible()

    round_.stage = Stage.CONSENSUS
    round_.save(update_fields=["stage"])
    visit(page, f"/rounds/{round_.pk}/scoring/deadline/", status=409)


def test_auditor_reads_scoring_progress(page, round_, officer_user, auditor):
    log_in(page, auditor)
    visit(page, f"/rounds/{round_.pk}/scoring/")
