"""The chair's and the officer's scoring pages through the test client, and the reminder job: who
may open what, draft contents never shown, reopening with a reason and an email, the deadline
form's bad input, query counts that do not grow, and reminders sent once per reminder time."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from bids.models import Bid
from commissioning.models import Stage
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member, Role
from scoring import services
from scoring.models import Deadline, Reminder, ScoreSheet, SheetStatus
from tests.factories import (
    UserFactory,
    advance,
    assign_everyone,
    declare_clear,
    entries_for,
    join,
    make_bid,
)
from tests.helpers import assert_queries_do_not_grow

SECRET = "Only the panellist should see this draft reason"


@pytest.fixture
def scoring_round(round_, officer_user):
    for member in Member.objects.for_round(round_).scoring():
        for lot in member.panel.lots():
            for bids in panel_services.organisations(lot).values():
                panel_services.declare(
                    member, bids[0], by=member.user, answers=dict.fromkeys(CONFLICT_QUESTIONS, "no")
                )
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


def _member(round_, user):
    return Member.objects.get(panel__round=round_, user=user)


def _submitted(member, bid, **kwargs):
    sheet = services.open_sheet(member, bid, by=member.user)
    sheet = services.save_draft(
        sheet, by=member.user, entries=entries_for(sheet, **kwargs), version=sheet.version
    )
    return services.submit(sheet, by=member.user, version=sheet.version)


@pytest.fixture
def chair(scoring_round, moderator):
    return _member(scoring_round, moderator)


@pytest.fixture
def bid(scoring_round):
    return scoring_round.lots.first().bids.first()


def _urls(chair, sheet):
    return [
        reverse("scoring:chair_progress", args=[chair.pk]),
        reverse("scoring:chair_sheet", args=[chair.pk, sheet.pk]),
        reverse("scoring:reopen", args=[chair.pk, sheet.pk]),
    ]


# The chair's pages ---------------------------------------------------------------------------------


def test_only_the_chair_opens_the_chair_pages(
    scoring_round, chair, bid, young_panellist, officer_user, other_round, as_user, moderator
):
    sheet = _submitted(_member(scoring_round, young_panellist), bid)
    for url in _urls(chair, sheet):
        assert as_user(moderator).get(url).status_code == 200, url
        for user in (young_panellist, officer_user):
            assert as_user(user).get(url).status_code == 404, (user, url)
    # A panellist asking through their own membership is still not a chair.
    own = _member(scoring_round, young_panellist)
    client = as_user(young_panellist)
    assert client.get(reverse("scoring:chair_progress", args=[own.pk])).status_code == 404
    assert client.get(reverse("scoring:chair_sheet", args=[own.pk, sheet.pk])).status_code == 404
    # Another round's chair: not through our chair's membership, nor through their own.
    other_chair = Member.objects.get(panel__round=other_round, role=Role.MODERATOR)
    client = as_user(other_chair.user)
    for url in _urls(chair, sheet):
        assert client.get(url).status_code == 404
    assert client.get(reverse("scoring:chair_progress", args=[other_chair.pk])).status_code == 200
    for name in ("scoring:chair_sheet", "scoring:reopen"):
        assert client.get(reverse(name, args=[other_chair.pk, sheet.pk])).status_code == 404


def test_a_chair_who_no_longer_takes_part_is_refused(chair, officer_user, as_user, moderator):
    panel_services.set_member_status(chair, by=officer_user, status="left", reason="Moved away.")
    url = reverse("scoring:chair_progress", args=[chair.pk])
    assert as_user(moderator).get(url).status_code == 404


def test_a_draft_is_never_shown_to_the_chair(scoring_round, chair, bid, young_panellist, as_user):
    member = _member(scoring_round, young_panellist)
    sheet = services.open_sheet(member, bid, by=young_panellist)
    services.save_draft(
        sheet, by=young_panellist, entries=entries_for(sheet, reason=SECRET), version=sheet.version
    )
    client = as_user(chair.user)
    progress = client.get(reverse("scoring:chair_progress", args=[chair.pk]))
    assert "In progress" in progress.content.decode()
    assert SECRET not in progress.content.decode()
    assert (
        reverse("scoring:chair_sheet", args=[chair.pk, sheet.pk]) not in progress.content.decode()
    )
    page = client.get(reverse("scoring:chair_sheet", args=[chair.pk, sheet.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET not in html and "is working on this sheet" in html
    assert "Reopen this sheet" not in html
    assert client.get(reverse("scoring:reopen", args=[chair.pk, sheet.pk])).status_code == 409


def test_the_chair_reads_a_submitted_sheet_with_gentle_flags(
    scoring_round, chair, bid, young_panellist, as_user
):
    member = _member(scoring_round, young_panellist)
    sheet = _submitted(member, bid, reason="Much stronger than the other bids <script>x</script>")
    # The progress grid links the submitted sheet, and nothing else, to the chair's sheet page.
    progress = as_user(chair.user).get(reverse("scoring:chair_progress", args=[chair.pk]))
    links = re.findall(r'href="([^"]*/chair/sheets/[^"]*)"', progress.content.decode())
    assert links == [reverse("scoring:chair_sheet", args=[chair.pk, sheet.pk])]
    html = as_user(chair.user).get(links[0])
    html = html.content.decode()
    assert "Much stronger than the other bids &lt;script&gt;" in html
    assert "Score this bid on its own" in html
    assert "What 3 means:" in html
    assert "Reopen this sheet" in html


def test_reopen_needs_a_reason_then_tells_the_panellist(
    scoring_round, chair, bid, young_panellist, as_user, django_capture_on_commit_callbacks
):
    member = _member(scoring_round, young_panellist)
    sheet = _submitted(member, bid)
    client = as_user(chair.user)
    url = reverse("scoring:reopen", args=[chair.pk, sheet.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the sheet is being reopened." in response.content.decode()
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Say what in the bid made you give a 3."})
    assert response.status_code == 302
    assert response["Location"] == reverse("scoring:chair_progress", args=[chair.pk])
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert AuditEvent.objects.filter(action="sheet.reopened").count() == 1
    (email,) = mail.outbox
    assert email.to == [young_panellist.email]
    assert "Say what in the bid made you give a 3." in email.body
    assert bid.alias in email.body and bid.organisation not in email.body  # blind round
    assert "http://testserver" + reverse("scoring:sheet", args=[member.pk, bid.pk]) in email.body
    banner = client.get(response["Location"]).content.decode()
    assert "sheet is reopened" in banner and "Reopened" in banner
    # The reopened sheet is a draft again: its contents are not shown, and it cannot be reopened.
    assert client.get(url).status_code == 409


def test_reopen_is_refused_outside_scoring_and_consensus(
    scoring_round, chair, bid, young_panellist, officer_user, as_user
):
    sheet = _submitted(_member(scoring_round, young_panellist), bid)
    scoring_round.stage = Stage.DECIDED  # as if the round had moved on
    scoring_round.save(update_fields=["stage"])
    client = as_user(chair.user)
    url = reverse("scoring:reopen", args=[chair.pk, sheet.pk])
    assert client.get(url).status_code == 409
    assert client.post(url, {"reason": "Late."}).status_code == 409
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


# Query counts --------------------------------------------------------------------------------------


def _grow(round_, officer):
    """Adds a bid to each lot and a panellist who scores everything, with some sheets started."""
    n = Member.objects.for_round(round_).count()
    for lot in round_.lots.all():
        make_bid(lot, officer, organisation=f"Extra organisation {n}-{lot.number}")
    user = UserFactory(email=f"extra{n}@example.org")
    member = join(round_.panels.get(), user, Role.PROFESSIONAL, officer)
    for each in Member.objects.for_round(round_).scoring():
        declare_clear(each)
    assign_everyone(round_, officer)
    for assignment in member.assignments.all()[:1]:
        ScoreSheet.objects.create(assignment=assignment)
        Reminder.objects.create(assignment=assignment, hours_before=24, due_at=timezone.now())


def test_progress_tables_run_a_fixed_number_of_queries(round_, officer_user, moderator, as_user):
    chair = _member(round_, moderator)
    services.set_deadline(round_, by=officer_user, due_at=timezone.now() + timedelta(days=9))
    _grow(round_, officer_user)
    assert_queries_do_not_grow(
        as_user(moderator),
        reverse("scoring:chair_progress", args=[chair.pk]),
        lambda: _grow(round_, officer_user),
    )
    assert_queries_do_not_grow(
        as_user(officer_user),
        reverse("scoring:progress", args=[round_.pk]),
        lambda: _grow(round_, officer_user),
    )


# The officer's pages -------------------------------------------------------------------------------


def test_officer_progress_shows_statuses_never_scores(
    scoring_round, bid, young_panellist, officer_user, auditor, as_user
):
    _submitted(_member(scoring_round, young_panellist), bid, reason=SECRET)
    url = reverse("scoring:progress", args=[scoring_round.pk])
    for user in (officer_user, auditor):
        html = as_user(user).get(url).content.decode()
        assert "Submitted" in html and "Not started" in html
        assert "1 of 4 score sheets submitted" in html
        assert SECRET not in html
    assert "Set the deadline" not in as_user(auditor).get(url).content.decode()
    deadline_url = reverse("scoring:deadline", args=[scoring_round.pk])
    assert as_user(auditor).get(deadline_url).status_code == 403
    assert as_user(auditor).post(deadline_url, {}).status_code == 403


def test_the_progress_grids_escape_what_people_typed(
    scoring_round, chair, bid, young_panellist, officer_user, as_user
):
    """The grids' rows are built in Python (scoring/templatetags/progress_grid.py), not by the
    template engine: names and titles must still come out escaped, in both grids."""
    hostile = '<img src=x onerror="alert(1)">'
    young_panellist.display_name = f"Sam {hostile}"
    young_panellist.save(update_fields=["display_name"])
    Bid.objects.filter(pk=bid.pk).update(title=f"Youth & {hostile}")
    _submitted(_member(scoring_round, young_panellist), bid)
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    for user, url in (
        (chair.user, reverse("scoring:chair_progress", args=[chair.pk])),
        (officer_user, reverse("scoring:progress", args=[scoring_round.pk])),
    ):
        html = as_user(user).get(url).content.decode()
        assert hostile not in html
        assert f"Sam {escaped}" in html
    # The chair's link names the member and the bid for a screen reader, escaped too.
    html = as_user(chair.user).get(reverse("scoring:chair_progress", args=[chair.pk]))
    assert f": Sam {escaped}, " in html.content.decode()


def _post_deadline(client, round_, **data):
    return client.post(reverse("scoring:deadline", args=[round_.pk]), data)


def test_the_deadline_form_refuses_bad_input_clearly(round_, officer_user, as_user):
    client = as_user(officer_user)
    response = _post_deadline(client, round_, due_date="", due_time="", reminder_hours="72, 24")
    html = response.content.decode()
    assert "Enter the date scoring closes." in html and "Enter the time scoring closes" in html
    assert 'value="72, 24"' in html  # nothing typed is lost

    response = _post_deadline(
        client, round_, due_date="2030-02-30", due_time="25:00", reminder_hours="soon"
    )
    html = response.content.decode()
    assert "Enter a real date" in html and "Enter a time like 17:00" in html
    assert "“soon” is not a whole number of hours" in html

    response = _post_deadline(
        client, round_, due_date="2030-03-01", due_time="17:00", reminder_hours="72, 9999"
    )
    assert "between 1 and 672 hours" in response.content.decode()

    yesterday = timezone.localdate() - timedelta(days=1)
    response = _post_deadline(
        client, round_, due_date=yesterday.isoformat(), due_time="17:00", reminder_hours=""
    )
    assert "The deadline must be in the future." in response.content.decode()
    assert not Deadline.objects.exists()

    response = _post_deadline(
        client, round_, due_date="2030-03-01", due_time="17:00", reminder_hours="24 72, 24"
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert deadline.reminder_hours == [72, 24]
    assert timezone.localtime(deadline.due_at).hour == 17
    progress = client.get(response["Location"]).content.decode()
    assert "Friday 1 March 2030 at 5pm" in progress
    # The form shows the saved values when opened again.
    html = client.get(reverse("scoring:deadline", args=[round_.pk])).content.decode()
    assert 'value="2030-03-01"' in html and 'value="17:00"' in html and 'value="72, 24"' in html


def test_the_deadline_cannot_change_once_scoring_is_over(round_, officer_user, as_user):
    round_.stage = Stage.CONSENSUS
    round_.save(update_fields=["stage"])
    client = as_user(officer_user)
    assert client.get(reverse("scoring:deadline", args=[round_.pk])).status_code == 409
    response = _post_deadline(client, round_, due_date="2030-03-01", due_time="17:00")
    assert response.status_code == 409 and not Deadline.objects.exists()


# Reminders -----------------------------------------------------------------------------------------


def _remind(now, *extra, capture):
    with capture(execute=True):
        call_command("send_scoring_reminders", "--now", now.isoformat(), *extra)


def test_reminders_go_once_per_time_only_for_sheets_left_and_never_late(
    scoring_round,
    bid,
    young_panellist,
    professional,
    officer_user,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "https://commissioning.example.gov.uk"
    due = timezone.now() + timedelta(days=10)
    services.set_deadline(scoring_round, by=officer_user, due_at=due, reminder_hours=[72, 24])
    young = _member(scoring_round, young_panellist)
    pro = _member(scoring_round, professional)
    for each in scoring_round.lots.all():  # the professional submits everything
        _submitted(pro, each.bids.first())
    started = services.open_sheet(young, bid, by=young_panellist)  # the young one has begun one

    _remind(due - timedelta(hours=73), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []

    _remind(due - timedelta(hours=71), "--dry-run", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Reminder.objects.exists()

    _remind(due - timedelta(hours=71), capture=django_capture_on_commit_callbacks)
    (email,) = mail.outbox
    assert email.to == [young_panellist.email]
    assert "2 bids to score" in email.body
    for each in scoring_round.lots.all():
        assert each.bids.first().alias in email.body
    assert (
        "https://commissioning.example.gov.uk" + reverse("scoring:dashboard", args=[young.pk])
        in email.body
    )
    assert Reminder.objects.filter(hours_before=72).count() == 2
    assert Reminder.objects.filter(assignment=started.assignment).exists()

    _remind(due - timedelta(hours=70), capture=django_capture_on_commit_callbacks)  # a re-run
    assert len(mail.outbox) == 1

    # The young panellist submits one sheet; the 24-hour reminder lists only the other.
    sheet = services.save_draft(
        started, by=young_panellist, entries=entries_for(started), version=started.version
    )
    services.submit(sheet, by=young_panellist, version=sheet.version)
    _remind(due - timedelta(hours=23), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert "1 bid to score" in mail.outbox[1].body and bid.alias not in mail.outbox[1].body

    _remind(due + timedelta(minutes=1), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2

    events = AuditEvent.objects.filter(action="scoring.reminders_sent").order_by("seq")
    assert [(e.after["hours_before"], e.after["members"], e.after["sheets"]) for e in events] == [
        (72, 1, 2),
        (24, 1, 1),
    ]
    assert not re.search(r"@|young|Yusuf", str([e.after for e in events]))
    call_command("verify_audit")


def test_a_late_run_sends_only_the_latest_reminder_due(
    scoring_round, officer_user, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(days=10)
    services.set_deadline(scoring_round, by=officer_user, due_at=due, reminder_hours=[72, 24])
    _remind(due - timedelta(hours=5), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # one email to each of the two panellists, not two each
    assert set(Reminder.objects.values_list("hours_before", flat=True)) == {24}


def test_no_reminders_outside_scoring(round_, officer_user, django_capture_on_commit_callbacks):
    due = timezone.now() + timedelta(days=10)
    services.set_deadline(round_, by=officer_user, due_at=due, reminder_hours=[24])
    _remind(due - timedelta(hours=1), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_bad_now_option_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_scoring_reminders", "--now", "next Tuesday")


def test_a_chair_with_a_conflict_cannot_read_or_reopen_that_bids_sheets(
    scoring_round, chair, bid, professional, moderator, as_user
):
    """The chair is a member like the others: an interest in a bid keeps them from its sheets."""
    from django.core.exceptions import PermissionDenied

    sheet = _submitted(_member(scoring_round, professional), bid)
    url = reverse("scoring:chair_sheet", args=[chair.pk, sheet.pk])
    assert as_user(moderator).get(url).status_code == 200
    panel_services.declare(
        chair,
        bid,
        by=moderator,
        answers={**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "know_someone": "yes"},
    )
    assert as_user(moderator).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.reopen(sheet, by=moderator, reason="Look again at the weekend plan.")
