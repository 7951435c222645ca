"""Issue 7, "Done when": a young panellist on a 360 px wide phone scores and submits two bids, with
a forced edit conflict from a second tab resolved without losing anything, and every page they see
passes check_page (axe-core with the WCAG 2.2 rules, one <main>, one <h1>, the skip link first, no
sideways scrolling at 320 px).

The officer's part (declarations, assignments, moving the round to scoring) is done in Python.
Everything the young person does is done in Chromium with the keyboard alone: Tab to move, Enter to
follow a link or press a button, Space and the arrow keys to choose a score, and typing. With
JavaScript on, the sheet saves itself and says so in its live region; a second tab's save makes the
first tab's autosave stop with a conflict rather than overwrite, and pressing Save shows both
versions and keeps what was typed. A second, shorter journey has JavaScript off: every step (save,
check, submit) works with the buttons alone.
"""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from bids.models import Bid
from commissioning.models import CriterionKind, Stage
from panels.models import Member
from scoring import services
from scoring.member_display import bid_name, label
from scoring.models import CriterionScore, ScoreSheet, SheetStatus
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_young_panellist_journey import (
    follow,
    main_text,
    pick_radio,
    tab_to,
    type_into,
)
from tests.factories import advance, assign_everyone, declare_clear

PHONE = {"width": 360, "height": 740}
AUTOSAVE_WAIT_MS = 20_000  # autosave waits 3 s after typing stops; leave room for a slow machine
SAVED = re.compile(r"^Saved at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)\.$")
AUTOSAVE_CONFLICT = "Changed in another tab: press Save to see both."

OTHER_TAB_REASON = "Seen from my laptop: the staff list has only one youth worker for 40 places."
THIS_TAB_REASON = (
    "Reading it again on my phone: page 4 names a safeguarding lead, so I keep my first score."
)


# Set-up, in Python ----------------------------------------------------------------------------------


@pytest.fixture
def scoring_round(round_, officer_user):
    """Everyone declared clear of every organisation, given every bid, and the round in scoring."""
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


@pytest.fixture
def member(scoring_round, young_panellist):
    return Member.objects.select_related("panel__round").get(
        panel__round=scoring_round, user=young_panellist
    )


@pytest.fixture
def bids(scoring_round, member):
    """The bids the young panellist scores, in dashboard order (one per lot in the round_ fixture)."""
    chosen = list(Bid.objects.filter(lot__round=scoring_round).order_by("lot__number", "number"))
    assert len(chosen) == 2, "the round_ fixture should give the panellist two bids"
    assert member.assignments.count() == 2
    return chosen


# What the panellist chooses -------------------------------------------------------------------------


def _criteria(bid):
    criteria = list(services.criteria_for(bid))
    assert criteria, f"{bid} has no questions to score"
    return criteria


def _plan(bid, tag):
    """{criterion pk: (value, reason)}: a different score for each question, and a reason that
    says what in the bid led to it (so nothing is flagged and every reason is recognisable)."""
    plan = {}
    for n, criterion in enumerate(_criteria(bid), 1):
        value = str(min(criterion.scale_max, 1 + n % 4))
        plan[criterion.pk] = (value, f"{tag} q{n}: their answer names who runs it and how often.")
    return plan


def _radio(page, criterion_pk, value):
    return page.locator(f'input[name="c{criterion_pk}_score"][value="{value}"]')


def _reason(page, criterion_pk):
    return page.locator(f"#id_c{criterion_pk}_reason")


def _fill(page, plan):
    """Every question in page order, by keyboard: the score with Space and the arrows, then Tab
    into the reason box and type."""
    for pk, (value, reason) in plan.items():
        pick_radio(page, _radio(page, pk, value))
        type_into(page, _reason(page, pk), reason, replace=True)


def _is_autosave(response, sheet_path) -> bool:
    request = response.request
    return (
        request.method == "POST"
        and request.url.endswith(sheet_path)
        and request.headers.get("x-requested-with") == "fetch"
    )


def _saved(sheet) -> dict:
    """{criterion pk: (value as the form sends it, reason)} as stored now."""
    saved = {}
    for row in CriterionScore.objects.filter(sheet=sheet):
        value = "" if row.score is None else str(row.score)
        saved[row.criterion_id] = (value, row.reason)
    return saved


def _sheet(member, bid):
    return ScoreSheet.objects.get(assignment__member=member, assignment__bid=bid)


def _submitted_events(sheet):
    return AuditEvent.objects.filter(action="sheet.submitted", object_id=str(sheet.pk))


def _words(text) -> str:
    return " ".join(text.split())


def _press(page, button, *, status):
    """Tabs to a button, presses Enter, and checks the status and the page it leads to."""
    tab_to(page, button)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == status, f"{page.url}: HTTP {navigation.value.status}"
    check_page(page)


def _button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def _assert_progress(page, scored, expected):
    progress = page.locator(".summary-list").filter(has_text="Your progress")
    assert f"{scored} of {expected} bids scored" in _words(progress.inner_text())


def _check_and_submit(page, member, bid, plan, *, press_twice=False):
    """From the sheet: "Save and check your answers", the summary read back, then submit."""
    follow(page, _button(page, "Save and check your answers"))
    check_path = reverse("scoring:check", args=[member.pk, bid.pk])
    assert page.url.endswith(check_path), page.url
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Check your answers before you submit"
    )
    assert page.locator(".error-summary").count() == 0
    summary = _words(main_text(page))
    for n, criterion in enumerate(_criteria(bid), 1):
        value, reason = plan[criterion.pk]
        assert f"{n}. {criterion.title}" in summary
        assert _words(label(criterion, value)) in summary, (criterion.title, value)
        assert reason in summary, reason

    sheet = _sheet(member, bid)
    assert sheet.status == SheetStatus.DRAFT
    submit = _button(page, "Submit your scores")
    tab_to(page, submit)
    posts = []

    def sent(request):
        if request.method == "POST" and request.url.endswith(check_path):
            posts.append(request)

    page.on("request", sent)
    if press_twice:
        # What the form would send again on a double click: the same token and version.
        form = page.locator("form").filter(has=submit)
        replay = {
            "csrfmiddlewaretoken": form.locator("[name=csrfmiddlewaretoken]").input_value(),
            "version": form.locator("[name=version]").input_value(),
        }
        assert replay["version"] == str(sheet.version)
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")  # impatient: pressed again before the page changed
    else:
        page.keyboard.press("Enter")
    dashboard = reverse("scoring:dashboard", args=[member.pk])
    page.wait_for_url(re.compile(re.escape(f"{dashboard}?submitted={bid.pk}") + "$"))
    page.wait_for_load_state()
    check_page(page)
    assert posts, "the submit button sent nothing"
    page.remove_listener("request", sent)
    banner = page.get_by_role("status").filter(has_text="are submitted")
    assert f"Your scores for {bid_name(bid, member.panel.round)} are submitted." in _words(
        banner.inner_text()
    )

    if press_twice:
        # However many of the two presses reached the server (Chromium may cancel the first
        # navigation), make sure a second submission of the same page arrives too, as it would
        # from a double click on a slow connection: it lands on the dashboard and changes nothing.
        again = page.context.request.post(check_path, form=replay)
        assert again.ok, again.status
        assert again.url.endswith(f"{dashboard}?submitted={bid.pk}"), again.url

    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    events = _submitted_events(sheet)
    assert events.count() == 1, f"{events.count()} submissions recorded ({len(posts)} sent)"
    recorded = events.get().after["scores"]
    assert {int(pk): row["reason"] for pk, row in recorded.items()} == {
        pk: reason for pk, (_, reason) in plan.items()
    }
    return sheet


def _assert_read_only(page, member, bid, plan):
    visit(page, reverse("scoring:sheet", args=[member.pk, bid.pk]))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.endswith(bid.title) and not heading.startswith("Score "), heading
    assert "You submitted this on" in page.locator(".banner--success").inner_text()
    assert page.locator("main form textarea, main form input[type=radio]").count() == 0
    assert _button(page, "Save and come back later").count() == 0
    text = _words(main_text(page))
    for criterion in _criteria(bid):
        value, reason = plan[criterion.pk]
        assert reason in text
        assert _words(label(criterion, value)) in text


# The journey, with JavaScript -----------------------------------------------------------------------


def test_young_panellist_scores_two_bids_on_a_phone_through_a_conflict(
    new_context, member, bids, young_panellist
):
    first_bid, second_bid = bids
    round_ = member.panel.round
    context = new_context(viewport=PHONE)
    page = context.new_page()

    # 1. Logged in, from their panel page to their scoring, where nothing is scored yet.
    log_in(page, young_panellist)
    visit(page, reverse("panels:dashboard", args=[member.pk]))
    follow(page, page.get_by_role("link", name="See all the bids you score"))
    dashboard = reverse("scoring:dashboard", args=[member.pk])
    assert page.url.endswith(dashboard), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Your scoring"
    _assert_progress(page, 0, 2)
    assert page.locator(".task-list__status").all_inner_texts() == ["Not started"] * 2

    follow(page, page.get_by_role("link", name=bid_name(first_bid, round_), exact=True))
    sheet_path = reverse("scoring:sheet", args=[member.pk, first_bid.pk])
    assert page.url.endswith(sheet_path), page.url
    assert page.locator("#autosave-hint").is_visible()
    status = page.locator("#autosave-status")
    assert status.get_attribute("aria-live") == "polite"

    # 2. Every question by keyboard; the sheet saves itself once typing stops, and says so.
    plan = _plan(first_bid, "First bid")
    last_reason = list(plan.values())[-1][1]
    with page.expect_response(
        lambda r: _is_autosave(r, sheet_path) and last_reason in (r.request.post_data or ""),
        timeout=AUTOSAVE_WAIT_MS,
    ) as autosaved:
        _fill(page, plan)
    assert autosaved.value.status == 200
    status.filter(has_text=SAVED).wait_for()
    sheet = _sheet(member, first_bid)
    assert _saved(sheet) == plan
    assert page.locator("input[name=version]").input_value() == str(sheet.version)
    check_page(page)
    version_before_conflict = sheet.version

    # 3. A forced conflict: the same sheet in a second tab, where a score and a reason change and
    # are saved.
    first = _criteria(first_bid)[0]
    original_value, original_reason = plan[first.pk]
    assert first.kind == CriterionKind.SCORED
    other_value = str((int(original_value) + 2) % (first.scale_max + 1))
    other = context.new_page()
    visit(other, sheet_path)
    assert _reason(other, first.pk).input_value() == original_reason
    assert _radio(other, first.pk, original_value).is_checked()
    pick_radio(other, _radio(other, first.pk, other_value))
    type_into(other, _reason(other, first.pk), OTHER_TAB_REASON, replace=True)
    follow(other, _button(other, "Save and come back later"))
    assert other.get_by_text("Your sheet is saved").is_visible()
    other_saved = {**plan, first.pk: (other_value, OTHER_TAB_REASON)}
    sheet.refresh_from_db()
    assert _saved(sheet) == other_saved
    assert sheet.version > version_before_conflict

    # Back in the first tab, still showing the older version, a reason changes. Its autosave is
    # refused as a conflict and overwrites nothing; autosave then stops and says what to do.
    page.bring_to_front()
    with page.expect_response(
        lambda r: _is_autosave(r, sheet_path), timeout=AUTOSAVE_WAIT_MS
    ) as autosaved:
        type_into(page, _reason(page, first.pk), THIS_TAB_REASON, replace=True)
    assert autosaved.value.status == 409
    assert autosaved.value.json()["conflict"] is True
    status.filter(has_text=AUTOSAVE_CONFLICT).wait_for()
    assert _saved(sheet) == other_saved, "the first tab's autosave overwrote the second tab"
    check_page(page)

    # Save: the conflict page (409) shows what is saved now beside what they typed, and the
    # typing is still in the form.
    _press(page, _button(page, "Save and come back later"), status=409)
    conflict = page.locator("#conflict")
    assert "This sheet was changed in another tab or on another device" in conflict.inner_text()
    assert "Nothing is lost. What you just typed is still in the form below." in _words(
        conflict.inner_text()
    )
    assert conflict.get_by_role("link").all_inner_texts() == [f"Question 1: {first.title}"]
    compare = page.locator(f"#c{first.pk} .compare")
    assert compare.get_by_role("heading", name="Different in the other tab").is_visible()
    saved_now = _words(compare.locator("dt:text-is('Saved now') + dd").inner_text())
    typed = _words(
        compare.locator("dt:text-is('What you typed (in the form below)') + dd").inner_text()
    )
    assert f"Score: {_words(label(first, other_value))}" in saved_now
    assert f"Reason: {OTHER_TAB_REASON}" in saved_now
    assert f"Score: {_words(label(first, original_value))}" in typed
    assert f"Reason: {THIS_TAB_REASON}" in typed
    assert page.get_by_text(OTHER_TAB_REASON).first.is_visible()
    assert _reason(page, first.pk).input_value() == THIS_TAB_REASON
    assert _radio(page, first.pk, original_value).is_checked()
    for pk, (value, reason) in list(plan.items())[1:]:
        assert _reason(page, pk).input_value() == reason
        assert _radio(page, pk, value).is_checked()
        assert page.locator(f"#c{pk} .compare").count() == 0
    assert _saved(sheet) == other_saved  # showing both saved nothing

    # Save again: what this tab had (the first score, the new reason) is kept, all of it.
    _press(page, _button(page, "Save and come back later"), status=200)
    assert page.url.endswith(sheet_path), page.url
    assert page.get_by_text("Your sheet is saved").is_visible()
    assert page.locator("#conflict").count() == 0
    plan[first.pk] = (original_value, THIS_TAB_REASON)
    sheet.refresh_from_db()
    assert _saved(sheet) == plan
    assert page.locator("input[name=version]").input_value() == str(sheet.version)
    other.close()

    # 4. Check the answers, then submit, pressing twice: one submission, one event.
    _check_and_submit(page, member, first_bid, plan, press_twice=True)
    _assert_progress(page, 1, 2)
    assert page.locator(".task-list__status").all_inner_texts() == ["Submitted", "Not started"]

    # 5. The second bid the same way, saved with the button this time, without a conflict.
    follow(page, page.get_by_role("link", name=bid_name(second_bid, round_), exact=True))
    assert page.url.endswith(reverse("scoring:sheet", args=[member.pk, second_bid.pk]))
    second_plan = _plan(second_bid, "Second bid")
    _fill(page, second_plan)
    follow(page, _button(page, "Save and come back later"))
    assert page.get_by_text("Your sheet is saved").is_visible()
    assert page.locator("#conflict").count() == 0
    assert _saved(_sheet(member, second_bid)) == second_plan
    _check_and_submit(page, member, second_bid, second_plan)
    _assert_progress(page, 2, 2)
    assert page.locator(".task-list__status").all_inner_texts() == ["Submitted"] * 2

    # Both submitted sheets open read-only, with every score and reason.
    _assert_read_only(page, member, first_bid, plan)
    _assert_read_only(page, member, second_bid, second_plan)
    assert (
        AuditEvent.objects.filter(
            action="sheet.submitted",
            object_id__in=[str(_sheet(member, b).pk) for b in bids],
        ).count()
        == 2
    )


# Without JavaScript ---------------------------------------------------------------------------------


def test_scoring_and_submitting_without_javascript(new_context, member, bids, young_panellist):
    bid = bids[0]
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    log_in(page, young_panellist)
    visit(page, reverse("scoring:dashboard", args=[member.pk]))
    _assert_progress(page, 0, 2)
    follow(page, page.get_by_role("link", name=bid_name(bid, member.panel.round), exact=True))
    sheet_path = reverse("scoring:sheet", args=[member.pk, bid.pk])
    assert page.url.endswith(sheet_path), page.url
    # Nothing promises to save by itself: the buttons do it.
    assert not page.locator("#autosave-hint").is_visible()

    plan = _plan(bid, "No script")
    _fill(page, plan)
    assert not CriterionScore.objects.filter(
        sheet__assignment__member=member, sheet__assignment__bid=bid
    ).exists(), "something saved without the button"
    follow(page, _button(page, "Save and come back later"))
    assert page.url.endswith(sheet_path), page.url
    assert page.get_by_text("Your sheet is saved").is_visible()
    assert _saved(_sheet(member, bid)) == plan
    for pk, (value, reason) in plan.items():
        assert _reason(page, pk).input_value() == reason
        assert _radio(page, pk, value).is_checked()

    _check_and_submit(page, member, bid, plan)
    _assert_progress(page, 1, 2)
    _assert_read_only(page, member, bid, plan)
