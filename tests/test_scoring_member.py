"""A panellist's scoring pages through the test client: the dashboard, the rubric sheet (saving,
bad input, edit conflicts between tabs, a session that ran out while typing, autosave's JSON), the
check-your-answers page and submitting, and the blind rule on every page."""

import itertools
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from bids.models import BidAnswer, Clarification, Document, ReadingHelp
from commissioning.models import Criterion, CriterionKind, Descriptor, Round, Stage
from config.templatetags.ui import money
from panels import access
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member
from scoring import services
from scoring.models import REASON_MAX, CriterionScore, ScoreSheet, SheetStatus
from tests.factories import advance, assign_everyone, declare_clear, entries_for
from tests.helpers import assert_queries_do_not_grow

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def scoring_round(round_, officer_user):
    """round_, every panellist declared clear and assigned every bid, in scoring."""
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


@pytest.fixture
def member(scoring_round, young_panellist):
    return Member.objects.get(panel__round=scoring_round, user=young_panellist)


@pytest.fixture
def bid(scoring_round):
    return scoring_round.lots.first().bids.first()


@pytest.fixture
def me(client, young_panellist):
    client.force_login(young_panellist)
    return client


def sheet_url(member, bid):
    return reverse("scoring:sheet", args=[member.pk, bid.pk])


def check_url(member, bid):
    return reverse("scoring:check", args=[member.pk, bid.pk])


def dashboard_url(member):
    return reverse("scoring:dashboard", args=[member.pk])


def criteria(bid):
    return list(services.criteria_for(bid))


def sheet_of(member, bid):
    return ScoreSheet.objects.get(assignment__member=member, assignment__bid=bid)


def form_data(bid, version, score=3, reason="They run three sessions a week led by young people."):
    """A complete sheet as the browser posts it."""
    data = {"version": str(version)}
    for c in criteria(bid):
        data[f"c{c.pk}_score"] = str(score)
        data[f"c{c.pk}_reason"] = reason
    return data


def opened(me, member, bid):
    """The panellist looks at the sheet (which writes nothing), then it is started, as their first
    save would start it."""
    response = me.get(sheet_url(member, bid))
    assert response.status_code == 200
    return services.open_sheet(member, bid, by=member.user)


def text(response) -> str:
    return response.content.decode()


# The dashboard ---------------------------------------------------------------------------------------


def test_dashboard_lists_bids_by_lot_with_status_progress_and_deadline(
    me, member, bid, scoring_round, officer_user
):
    due = timezone.make_aware(datetime(2099, 3, 5, 17, 0))
    services.set_deadline(scoring_round, by=officer_user, due_at=due)
    page = text(me.get(dashboard_url(member)))
    assert "0 of 2 bids scored" in page
    assert f"Scoring closes on {due:%A} 5 March 2099 at 5pm." in page
    assert page.count("Not started") == 2
    assert "Lot 1" in page and "Lot 2" in page

    sheet = opened(me, member, bid)
    services.save_draft(sheet, by=member.user, entries=entries_for(sheet), version=sheet.version)
    page = text(me.get(dashboard_url(member)))
    assert "In progress" in page and page.count("Not started") == 1
    sheet.refresh_from_db()
    services.submit(sheet, by=member.user, version=sheet.version)
    page = text(me.get(dashboard_url(member)))
    assert "1 of 2 bids scored" in page and "Submitted" in page


def test_dashboard_links_each_bid_to_its_sheet(me, member, bid, scoring_round):
    """The dashboard builds each sheet's address from its own (no reverse() per bid): it must be
    the sheet's."""
    html = me.get(dashboard_url(member)).content.decode()
    assert f'href="{reverse("scoring:sheet", args=[member.pk, bid.pk])}"' in html


def test_dashboard_uses_the_panel_name_in_a_blind_round(me, member, bid, scoring_round):
    scoring_round.blind_review = True
    scoring_round.save(update_fields=["blind_review"])
    page = text(me.get(dashboard_url(member)))
    assert bid.alias in page and bid.organisation not in page
    assert f"{bid.alias}: {bid.title}" in page  # the title too: blind hides only who bids
    scoring_round.blind_review = False
    scoring_round.save(update_fields=["blind_review"])
    assert bid.title in text(me.get(dashboard_url(member)))


def test_dashboard_says_what_is_left_before_someone_can_score(
    client, round_, officer_user, young_panellist
):
    assign_everyone(round_, officer_user)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    client.force_login(young_panellist)
    response = client.get(dashboard_url(member))
    page = text(response)
    assert response.status_code == 200
    assert "Before you can score" in page
    assert reverse("panels:declare", args=[member.pk, round_.lots.first().pk]) in page
    assert reverse("panels:dashboard", args=[member.pk]) in page
    assert "Scoring has not started yet" in page
    assert sheet_url(member, round_.lots.first().bids.first()) not in page


def test_the_panel_dashboard_links_to_scoring_once_it_starts(
    client, round_, officer_user, young_panellist
):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    client.force_login(young_panellist)
    assert dashboard_url(member) not in text(
        client.get(reverse("panels:dashboard", args=[member.pk]))
    )
    declare_clear(member)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    assert dashboard_url(member) in text(client.get(reverse("panels:dashboard", args=[member.pk])))


def test_deadlines_in_plain_words():
    from scoring.member_display import when_text

    def at(hour, minute):
        return when_text(timezone.make_aware(datetime(2099, 3, 6, hour, minute)))

    assert at(17, 0) == "Friday 6 March 2099 at 5pm"
    assert at(9, 30) == "Friday 6 March 2099 at 9:30am"
    assert at(12, 0) == "Friday 6 March 2099 at midday"


def test_nobody_else_sees_a_members_scoring_pages(client, member, bid, professional, officer_user):
    for user in (professional, officer_user):
        client.force_login(user)
        for url in (dashboard_url(member), sheet_url(member, bid), check_url(member, bid)):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(sheet_url(member, bid), {"version": "1"}).status_code == 404
    assert not ScoreSheet.objects.filter(assignment__member=member).exists()


# Opening the sheet -----------------------------------------------------------------------------------


def test_the_sheet_shows_the_bid_beside_each_question_with_labelled_scores(
    me, member, bid, officer_user
):
    first = criteria(bid)[0]
    BidAnswer.objects.filter(bid=bid, criterion=first).delete()
    BidAnswer.objects.create(bid=bid, criterion=first, text="We run a youth forum every month.")
    ReadingHelp.objects.create(
        bid=bid, kind="summary", text="Short version.", added_by=officer_user
    )
    response = me.get(sheet_url(member, bid))
    page = text(response)
    assert response.status_code == 200
    assert 'name="version" value="1"' in page  # the version a new sheet starts at
    assert "We run a youth forum every month." in page
    assert "Help to read this bid — not part of the bid" in page
    assert "How many sessions a week?" in page  # the clarification
    document = bid.documents.get()
    assert reverse("panels:bid_document", args=[member.pk, bid.pk, document.pk]) in page
    for c in criteria(bid):
        assert f'id="c{c.pk}"' in page
        assert f'<legend class="label question__legend">{c.question_plain}</legend>' in page
        if c.kind == CriterionKind.SCORED:
            top = c.descriptors.get(score=3)
            assert f"3 – {top.text_plain}" in page
    assert "Why did you give this" in page
    assert 'src="/static/js/autosave.js" defer' in page
    assert "<script>" not in page  # no inline scripts: a strict CSP stays possible


def test_looking_at_a_sheet_writes_nothing_the_first_save_starts_it(me, member, bid):
    """A GET (a crawler, a link preview, a panellist only reading) starts no sheet and writes no
    event; the first save does both, once."""
    events, sheets = AuditEvent.objects.count(), ScoreSheet.objects.count()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = me.get(sheet_url(member, bid))
        assert response.status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() != "SELECT"]
        assert writes == []
        assert 'name="version" value="1"' in text(response)
        assert me.get(check_url(member, bid)).status_code == 302
    assert AuditEvent.objects.count() == events
    assert ScoreSheet.objects.count() == sheets
    assert not CriterionScore.objects.filter(sheet__assignment__member=member).exists()
    response = me.post(sheet_url(member, bid), form_data(bid, 1))
    assert response.status_code == 302
    assert sheet_of(member, bid).version == 2
    assert AuditEvent.objects.filter(action="sheet.started").count() == 1


def test_a_sheet_cannot_be_opened_before_scoring_or_before_being_ready(
    client, round_, officer_user, young_panellist
):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    assign_everyone(round_, officer_user)
    declare_clear(member)
    bid = round_.lots.first().bids.first()
    client.force_login(young_panellist)
    response = client.get(sheet_url(member, bid))
    assert response.status_code == 409
    assert "Scoring is not open for this round right now." in text(response)
    assert not ScoreSheet.objects.exists()


def test_a_member_who_is_not_ready_is_told_what_to_do(
    client, round_, officer_user, young_panellist
):
    from training.models import Module

    member = Member.objects.get(panel__round=round_, user=young_panellist)
    declare_clear(member)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    Module.objects.create(round=round_, title="How scoring works", body="Read me.", order=1)
    client.force_login(young_panellist)
    response = client.get(sheet_url(member, round_.lots.first().bids.first()))
    assert response.status_code == 403
    page = text(response)
    assert "Finish the things on your checklist first" in page
    assert reverse("panels:dashboard", args=[member.pk]) in page


def test_a_bid_of_another_round_or_not_assigned_is_not_found(me, member, other_round):
    foreign = other_round.lots.first().bids.first()
    assert me.get(sheet_url(member, foreign)).status_code == 404
    assert me.post(sheet_url(member, foreign), {"version": "1"}).status_code == 404
    assert me.get(check_url(member, foreign)).status_code == 404


# Saving ----------------------------------------------------------------------------------------------


def test_save_and_come_back_later_keeps_the_draft(me, member, bid):
    sheet = opened(me, member, bid)
    data = {**form_data(bid, sheet.version, score=4), "action": "save"}
    response = me.post(sheet_url(member, bid), data)
    assert response.status_code == 302 and response["Location"] == sheet_url(member, bid)
    sheet.refresh_from_db()
    assert sheet.version == 2 and sheet.status == SheetStatus.DRAFT
    scored = [s.score for s in sheet.scores.all() if s.passed is None]
    assert scored and set(scored) == {4}
    page = text(me.get(sheet_url(member, bid)))
    assert "Your sheet is saved" in page
    assert re.search(r'value="4"[^>]*checked', page)


def test_save_and_check_goes_to_the_check_page(me, member, bid):
    sheet = opened(me, member, bid)
    data = {**form_data(bid, sheet.version), "action": "check"}
    response = me.post(sheet_url(member, bid), data)
    assert response.status_code == 302 and response["Location"] == check_url(member, bid)


def test_gentle_flags_on_reasons_never_block(me, member, bid):
    sheet = opened(me, member, bid)
    scored = next(c for c in criteria(bid) if c.kind == CriterionKind.SCORED)
    descriptor = scored.descriptors.get(score=3).text_plain
    data = form_data(bid, sheet.version)
    data[f"c{scored.pk}_reason"] = descriptor
    others = [c for c in criteria(bid) if c.pk != scored.pk]
    data[f"c{others[0].pk}_reason"] = "This one is better than the other bids."
    assert me.post(sheet_url(member, bid), data).status_code == 302
    page = text(me.get(sheet_url(member, bid)))
    assert "mostly repeats what the score means" in page
    assert "Score this bid on its own" in page
    assert "(you can still submit)" in page
    check = text(me.get(check_url(member, bid)))
    assert "mostly repeats what the score means" in check
    assert "Submit your scores" in check


def test_a_score_outside_the_scale_is_refused_and_nothing_typed_is_lost(me, member, bid):
    sheet = opened(me, member, bid)
    scored = next(c for c in criteria(bid) if c.kind == CriterionKind.SCORED)
    data = form_data(bid, sheet.version, reason="Typed with care, every word.")
    data[f"c{scored.pk}_score"] = "9"
    response = me.post(sheet_url(member, bid), data)
    page = text(response)
    assert response.status_code == 400
    assert f'href="#id_c{scored.pk}_score_0"' in page
    assert f"Choose a score from 0 to {scored.scale_max}." in page
    assert page.count("Typed with care, every word.") >= len(criteria(bid))
    assert f'name="version" value="{sheet.version}"' in page
    assert not sheet_of(member, bid).scores.exists()


def test_a_score_for_a_question_of_another_round_is_refused_at_the_top(
    me, member, bid, other_round
):
    sheet = opened(me, member, bid)
    foreign = other_round.rubrics.first().criteria.first()
    data = {**form_data(bid, sheet.version), f"c{foreign.pk}_score": "2"}
    response = me.post(sheet_url(member, bid), data)
    page = text(response)
    assert response.status_code == 400
    assert "A score was sent for a question this bid is not scored on." in page
    assert "They run three sessions a week" in page  # the typing is still there
    assert not sheet_of(member, bid).scores.exists()


def test_an_over_long_reason_is_refused_with_its_text_kept(me, member, bid):
    sheet = opened(me, member, bid)
    first = criteria(bid)[0]
    data = form_data(bid, sheet.version)
    long_reason = "word " * (REASON_MAX // 5 + 50)
    data[f"c{first.pk}_reason"] = long_reason
    response = me.post(sheet_url(member, bid), data)
    page = text(response)
    assert response.status_code == 400
    assert f"Keep it under {REASON_MAX:,}." in page
    assert f'href="#id_c{first.pk}_reason"' in page
    assert long_reason.strip() in page


def test_html_in_a_reason_is_kept_as_typed_and_shown_as_text(me, member, bid):
    sheet = opened(me, member, bid)
    first = criteria(bid)[0]
    typed = '<script>alert("x")</script><b>bold</b>'
    data = form_data(bid, sheet.version)
    data[f"c{first.pk}_reason"] = typed
    assert me.post(sheet_url(member, bid), data).status_code == 302
    assert sheet_of(member, bid).scores.get(criterion=first).reason == typed
    for url in (sheet_url(member, bid), check_url(member, bid)):
        page = text(me.get(url))
        assert typed not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    sheet = sheet_of(member, bid)
    services.submit(sheet, by=member.user, version=sheet.version)
    page = text(me.get(sheet_url(member, bid)))
    assert typed not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_saving_in_the_wrong_stage_says_why_and_keeps_the_typing(
    me, member, bid, scoring_round, officer_user
):
    sheet = opened(me, member, bid)
    advance(scoring_round, Stage.CONSENSUS, officer_user)
    data = form_data(bid, sheet.version, reason="Kept through the refusal.")
    response = me.post(sheet_url(member, bid), data)
    page = text(response)
    assert response.status_code == 400
    assert "Scoring is not open for this round right now." in page
    assert "Kept through the refusal." in page
    # Read again later, the unsaved sheet says it counts as missing, never as zero.
    page = text(me.get(sheet_url(member, bid)))
    assert "counted as missing, never as a score of zero" in page


def test_after_the_deadline_saving_works_and_submitting_says_why_not(
    me, member, bid, scoring_round, officer_user
):
    sheet = opened(me, member, bid)
    services.set_deadline(
        scoring_round, by=officer_user, due_at=timezone.now() - timedelta(minutes=1)
    )
    assert me.post(sheet_url(member, bid), form_data(bid, sheet.version)).status_code == 302
    page = text(me.get(sheet_url(member, bid)))
    assert "you cannot submit it" in page
    check = me.get(check_url(member, bid))
    assert "The deadline for scoring has passed" in text(check)
    assert "Submit your scores" not in text(check)
    response = me.post(check_url(member, bid), {"version": str(sheet_of(member, bid).version)})
    assert response.status_code == 409
    assert "The deadline for scoring has passed" in text(response)
    assert sheet_of(member, bid).status == SheetStatus.DRAFT


# Two tabs --------------------------------------------------------------------------------------------


def test_a_save_from_an_older_tab_shows_both_and_loses_nothing(me, member, bid):
    sheet = opened(me, member, bid)
    first = criteria(bid)[0]
    tab_a = form_data(bid, sheet.version, reason="Written in tab A.")
    assert me.post(sheet_url(member, bid), tab_a).status_code == 302
    tab_b = form_data(bid, sheet.version, reason="Written in tab B.")
    response = me.post(sheet_url(member, bid), tab_b)
    page = text(response)
    assert response.status_code == 409
    assert "This sheet was changed in another tab or on another device" in page
    assert "Written in tab A." in page  # what is saved now
    assert ">\nWritten in tab B.</textarea>" in page  # what they typed, still in the form
    assert f'href="#c{first.pk}"' in page
    saved = sheet_of(member, bid)
    assert f'name="version" value="{saved.version}"' in page
    assert {s.reason for s in saved.scores.all()} == {"Written in tab A."}

    # Pressing Save again keeps what they typed.
    again = {**tab_b, "version": str(saved.version)}
    assert me.post(sheet_url(member, bid), again).status_code == 302
    assert {s.reason for s in sheet_of(member, bid).scores.all()} == {"Written in tab B."}


def test_a_post_without_a_version_is_treated_as_out_of_date(me, member, bid):
    opened(me, member, bid)
    data = form_data(bid, 0)
    del data["version"]
    response = me.post(sheet_url(member, bid), data)
    assert response.status_code == 409
    assert not sheet_of(member, bid).scores.exists()


# A session that ran out while typing ------------------------------------------------------------------


def test_typing_is_kept_through_logging_in_again(client, member, bid, young_panellist):
    client.force_login(young_panellist)
    sheet = opened(client, member, bid)
    token = re.search(r'name="kept_for" value="([^"]+)"', text(client.get(sheet_url(member, bid))))
    client.logout()  # the session ran out
    typed = form_data(bid, sheet.version, reason="Typed before the session ran out.")
    typed["kept_for"] = token.group(1)  # the form says who it was served to (accounts/kept.py)
    response = client.post(sheet_url(member, bid), typed)
    assert response.status_code == 302
    login = reverse("login")
    assert response["Location"] == f"{login}?next={sheet_url(member, bid)}"
    assert not sheet_of(member, bid).scores.exists()  # nothing written yet

    response = client.post(
        f"{login}?next={sheet_url(member, bid)}",
        {"username": young_panellist.email, "password": "test-password"},
    )
    assert response.status_code == 302 and response["Location"] == sheet_url(member, bid)
    page = text(client.get(sheet_url(member, bid)))
    assert "We kept what you typed. Press Save to keep it." in page
    assert page.count("Typed before the session ran out.") == len(criteria(bid))
    assert f'name="version" value="{sheet.version}"' in page
    assert not sheet_of(member, bid).scores.exists()
    # Shown once, then gone.
    assert "We kept what you typed" not in text(client.get(sheet_url(member, bid)))
    # Saved like any other typing.
    assert client.post(sheet_url(member, bid), typed).status_code == 302
    assert {s.reason for s in sheet_of(member, bid).scores.all()} == {
        "Typed before the session ran out."
    }


def test_kept_typing_is_only_put_back_on_that_sheet_for_its_owner(
    client, member, bid, young_panellist, professional
):
    client.force_login(young_panellist)
    opened(client, member, bid)
    client.logout()
    client.post(sheet_url(member, bid), form_data(bid, 1, reason="Only for my own sheet."))
    client.force_login(professional)  # someone else logs in on the same browser
    assert client.get(sheet_url(member, bid)).status_code == 404
    mine = Member.objects.get(panel=member.panel, user=professional)
    assert "Only for my own sheet." not in text(client.get(sheet_url(mine, bid)))


# Autosave ----------------------------------------------------------------------------------------------


def test_autosave_answers_json(client, me, member, bid, young_panellist):
    sheet = opened(me, member, bid)
    data = {**form_data(bid, sheet.version), "autosave": "1"}
    response = me.post(sheet_url(member, bid), data, **FETCH)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["version"] == sheet.version + 1
    assert re.fullmatch(r"(\d{1,2}(:\d\d)?[ap]m|midday|midnight)", body["saved_at"])

    stale = me.post(sheet_url(member, bid), data, **FETCH)  # the old version again
    assert stale.status_code == 409 and stale.json()["conflict"] is True

    first = criteria(bid)[0]
    bad = {**data, "version": str(body["version"]), f"c{first.pk}_reason": "x" * (REASON_MAX + 1)}
    refused = me.post(sheet_url(member, bid), bad, **FETCH)
    assert refused.status_code == 400
    assert f"c{first.pk}_reason" in refused.json()["errors"]

    me.logout()
    gone = client.post(sheet_url(member, bid), data, **FETCH)
    assert gone.status_code == 401 and gone.json()["signed_out"] is True


# Check your answers and submit ---------------------------------------------------------------------------


def test_check_sends_missing_answers_to_the_sheet_beside_each_question(me, member, bid):
    """Missing answers are not listed on the check page: the sheet comes back with each one
    beside its question and the summary linking to the field (tests/test_error_pattern.py checks
    the markup; tests/browser/test_error_links.py follows the links)."""
    sheet = opened(me, member, bid)
    first, second = criteria(bid)[:2]
    data = form_data(bid, sheet.version)
    data[f"c{first.pk}_score"] = ""
    data[f"c{second.pk}_reason"] = ""
    me.post(sheet_url(member, bid), data)
    response = me.get(check_url(member, bid))
    assert response.status_code == 302
    assert response["Location"] == f"{sheet_url(member, bid)}?check=1"
    page = text(me.get(response["Location"]))
    assert "There is a problem" in page
    assert f'href="#id_c{first.pk}_score_0"' in page
    assert f'href="#id_c{second.pk}_reason"' in page
    assert f'id="id_c{first.pk}_score_error"' in page
    assert f'id="id_c{second.pk}_reason_error"' in page
    assert f'id="id_c{first.pk}_reason_error"' not in page
    assert "Submit your scores" not in page


def test_submitting_locks_the_sheet_once_even_when_clicked_twice(me, member, bid, scoring_round):
    scoring_round.blind_review = True
    scoring_round.save(update_fields=["blind_review"])
    sheet = opened(me, member, bid)
    me.post(sheet_url(member, bid), form_data(bid, sheet.version, score=2))
    version = sheet_of(member, bid).version
    page = text(me.get(check_url(member, bid)))
    assert "Check your answers before you submit" in page and "Submit your scores" in page
    first = next(c for c in criteria(bid) if c.kind == CriterionKind.SCORED)
    assert f"2 – {first.descriptors.get(score=2).text_plain}" in page

    done = f"{dashboard_url(member)}?submitted={bid.pk}"
    for _ in range(2):  # a double click
        response = me.post(check_url(member, bid), {"version": str(version)})
        assert response.status_code == 302 and response["Location"] == done
    assert AuditEvent.objects.filter(action="sheet.submitted").count() == 1
    assert sheet_of(member, bid).status == SheetStatus.SUBMITTED
    page = text(me.get(done))
    assert f"Your scores for {bid.alias}: {bid.title} are submitted" in page
    assert page.count("are submitted") == 1

    page = text(me.get(sheet_url(member, bid)))
    assert "You submitted this on" in page
    assert "<textarea" not in page and 'type="radio"' not in page
    assert me.get(check_url(member, bid))["Location"] == sheet_url(member, bid)
    refused = me.post(sheet_url(member, bid), form_data(bid, version + 1, reason="Too late."))
    assert "You have submitted this sheet" in text(refused)
    assert "Too late." in text(refused)
    assert "Too late." not in {s.reason for s in sheet_of(member, bid).scores.all()}


def test_a_sheet_and_its_submit_never_ask_for_a_pass_or_fail_answer(me, member, bid):
    """Pass/fail checks (safeguarding, insurance) are answered once per bid by an officer
    (decisions/checks.py), never on a panellist's sheet; an answer an earlier sheet gave stays in
    the database, unasked and unshown."""
    checks = list(bid.lot.rubric.criteria.filter(kind=CriterionKind.PASS_FAIL))
    assert checks, "the starter rubric has pass/fail checks"
    assert {c.kind for c in criteria(bid)} == {CriterionKind.SCORED}
    sheet = opened(me, member, bid)
    CriterionScore.objects.create(sheet=sheet, criterion=checks[0], passed=True, reason="Earlier.")
    page = text(me.get(sheet_url(member, bid)))
    for check in checks:
        assert f'name="c{check.pk}_score"' not in page and f'id="c{check.pk}"' not in page
        assert check.question_plain not in page
    assert "You don't score it" not in page and "Yes: it does this" not in page

    refused = me.post(
        sheet_url(member, bid), {**form_data(bid, sheet.version), f"c{checks[1].pk}_score": "yes"}
    )
    assert refused.status_code == 400 and "not scored on" in text(refused)
    me.post(sheet_url(member, bid), form_data(bid, sheet.version))  # only the scored questions
    page = text(me.get(check_url(member, bid)))
    assert "There is a problem" not in page and "Submit your scores" in page
    assert all(check.title not in page for check in checks)
    version = sheet_of(member, bid).version
    response = me.post(check_url(member, bid), {"version": str(version)})
    assert response.status_code == 302
    assert sheet_of(member, bid).status == SheetStatus.SUBMITTED
    kept = CriterionScore.objects.get(sheet=sheet, criterion=checks[0])
    assert (kept.passed, kept.reason) == (True, "Earlier.")
    assert not CriterionScore.objects.filter(sheet=sheet, criterion=checks[1]).exists()
    page = text(me.get(sheet_url(member, bid)))
    assert all(f'id="c{check.pk}"' not in page for check in checks)


@pytest.mark.parametrize("mode", ["procurement", "grant"])
def test_panellists_see_the_amount_asked_for_only_in_grant_mode(
    client, me, member, bid, scoring_round, officer_user, auditor, mode
):
    """DESIGN.md section 6: in procurement mode a round with a price criterion never shows bids'
    amounts to panellists (officers score price apart); in grant mode it is part of judging
    value. Officers and auditors see amounts either way."""
    assert scoring_round.rubrics.filter(criteria__officer_method="price_formula").exists()
    Round.objects.filter(pk=scoring_round.pk).update(mode=mode)
    amount = money(bid.amount_requested)
    shown = mode == "grant"
    pages = [reverse("panels:bid", args=[member.pk, bid.pk]), sheet_url(member, bid)]
    for url in pages:
        page = text(me.get(url))
        assert (amount in page) is shown and ("Money asked for" in page) is shown, url
        assert ("Council officers score the price" in page) is not shown, url
    for who in (officer_user, auditor):
        client.force_login(who)
        page = text(client.get(reverse("bids:bid", args=[scoring_round.pk, bid.pk])))
        assert amount in page


def test_a_procurement_round_without_a_price_criterion_shows_the_amount(me, member, bid):
    Criterion.objects.filter(officer_method="price_formula").update(officer_method="manual")
    assert access.shows_price(bid.lot.round)
    assert money(bid.amount_requested) in text(me.get(sheet_url(member, bid)))


def test_a_submit_from_an_out_of_date_check_page_goes_back_to_the_sheet(me, member, bid):
    sheet = opened(me, member, bid)
    me.post(sheet_url(member, bid), form_data(bid, sheet.version))
    old = sheet_of(member, bid).version
    me.post(sheet_url(member, bid), form_data(bid, old, reason="Changed in another tab."))
    response = me.post(check_url(member, bid), {"version": str(old)})
    assert response.status_code == 302 and response["Location"] == sheet_url(member, bid)
    page = text(me.get(sheet_url(member, bid)))
    assert "changed in another tab or on another device" in page
    assert sheet_of(member, bid).status == SheetStatus.DRAFT


def test_a_reopened_sheet_shows_the_chairs_reason(me, member, bid, moderator):
    sheet = opened(me, member, bid)
    saved = services.save_draft(
        sheet, by=member.user, entries=entries_for(sheet), version=sheet.version
    )
    submitted = services.submit(saved, by=member.user, version=saved.version)
    services.reopen(submitted, by=moderator, reason="Please say more about question 2.")
    page = text(me.get(sheet_url(member, bid)))
    assert "The chair reopened this sheet." in page
    assert "Please say more about question 2." in page
    assert "<textarea" in page


def test_a_sheet_set_aside_for_a_conflict_says_so(me, member, bid):
    opened(me, member, bid)
    answers = {**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"}
    panel_services.declare(member, bid, by=member.user, answers=answers)
    assert sheet_of(member, bid).status == SheetStatus.WITHDRAWN
    response = me.get(sheet_url(member, bid))
    page = text(response)
    assert response.status_code == 200
    assert "set aside because of a conflict of interest, so it does not count" in page
    assert bid.summary not in page
    dashboard = text(me.get(dashboard_url(member)))
    assert "Set aside because of a conflict" in dashboard
    assert "0 of 1 bid scored" in dashboard


# Blind ------------------------------------------------------------------------------------------------


SECRET = "Zanzibar-marmalade-7731"


def test_no_page_shows_another_members_scores_in_any_stage(
    me, member, bid, professional, scoring_round, officer_user, moderator
):
    theirs = Member.objects.get(panel=member.panel, user=professional)
    other_sheet = services.open_sheet(theirs, bid, by=professional)
    entries = entries_for(other_sheet, score=0, reason=f"{SECRET} reason")
    other_sheet = services.save_draft(
        other_sheet, by=professional, entries=entries, version=other_sheet.version
    )
    services.submit(other_sheet, by=professional, version=other_sheet.version)
    sheet = opened(me, member, bid)
    saved = services.save_draft(
        sheet, by=member.user, entries=entries_for(sheet, score=4), version=sheet.version
    )

    def pages():
        return [
            me.get(dashboard_url(member)),
            me.get(sheet_url(member, bid)),
            me.get(check_url(member, bid), follow=True),
        ]

    def assert_blind():
        for response in pages():
            assert response.status_code == 200
            page = text(response)
            assert SECRET not in page
            assert professional.display_name not in page
            # Only this member's own score is ever chosen: never the other member's 0.
            assert not re.search(r'value="0"[^>]*checked', page)

    assert_blind()
    services.submit(saved, by=member.user, version=saved.version)
    assert_blind()
    advance(scoring_round, Stage.CONSENSUS, officer_user)
    assert_blind()


# Query counts ----------------------------------------------------------------------------------------------


_n = itertools.count(1)


def _add_rows(bid, officer_user):
    """One more criterion with its descriptors, answer, document, help and clarification."""

    def add():
        n = next(_n)
        criterion = Criterion.objects.create(
            rubric_id=bid.lot.rubric_id,
            title=f"Extra question {n}",
            question_formal="Extra?",
            question_plain=f"Extra question {n}?",
            order=50 + n,
        )
        Descriptor.objects.bulk_create(
            Descriptor(criterion=criterion, score=s, text_formal=f"L{s}", text_plain=f"Level {s}")
            for s in criterion.levels
        )
        BidAnswer.objects.create(bid=bid, criterion=criterion, text=f"Answer {n}")
        Document.objects.create(
            bid=bid,
            kind="pdf",
            original_name=f"extra-{n}.pdf",
            stored_name=uuid.uuid4(),
            size=10,
            sha256="0" * 64,
            uploaded_by=officer_user,
        )
        ReadingHelp.objects.create(bid=bid, kind="summary", text="Help.", added_by=officer_user)
        Clarification.objects.create(
            bid=bid, question="Why?", answer="Because.", asked_by=officer_user
        )

    return add


def test_the_sheet_page_runs_a_fixed_number_of_queries(me, member, bid, officer_user):
    sheet = opened(me, member, bid)
    services.save_draft(sheet, by=member.user, entries=entries_for(sheet), version=sheet.version)
    assert_queries_do_not_grow(me, sheet_url(member, bid), _add_rows(bid, officer_user))


def test_a_save_runs_a_fixed_number_of_queries(me, member, bid, officer_user):
    opened(me, member, bid)

    def count_save():
        version = sheet_of(member, bid).version
        data = form_data(bid, version)
        with CaptureQueriesContext(connection) as ctx:
            response = me.post(sheet_url(member, bid), data)
        assert response.status_code == 302
        return len(ctx.captured_queries)

    count_save()  # the first save creates the rows; later saves update them
    before = count_save()
    add = _add_rows(bid, officer_user)
    add()
    add()
    count_save()
    after = count_save()
    assert after == before, f"a save ran {before} queries, then {after} with more questions"


def test_the_dashboard_runs_a_fixed_number_of_queries(client, officer_user):
    from panels.models import AgeBand, Role
    from tests.factories import UserFactory, join, make_panel, make_round
    from tests.helpers import count_queries

    def dashboard_queries(bids_per_lot):
        round_ = make_round(officer_user, bids=bids_per_lot, panel=False, name=f"R{bids_per_lot}")
        panel = make_panel(round_, officer_user)
        user = UserFactory(email=f"young{bids_per_lot}@example.org")
        member = join(panel, user, Role.YOUNG, officer_user, age_band=AgeBand.AGE_16_17)
        declare_clear(member)
        assign_everyone(round_, officer_user)
        round_ = advance(round_, Stage.SCORING, officer_user)
        services.set_deadline(round_, by=officer_user, due_at=timezone.now() + timedelta(days=3))
        member = Member.objects.get(pk=member.pk)  # its round, fresh: now in scoring
        services.open_sheet(member, round_.lots.first().bids.first(), by=user)
        client.force_login(user)
        client.get(dashboard_url(member))  # warm caches
        return count_queries(client, dashboard_url(member))

    assert dashboard_queries(1) == dashboard_queries(4)
