"""Whole journeys in Chromium, done with the keyboard where a person reasonably would."""

import json

import openpyxl

from audit.models import AuditEvent
from commissioning.models import Round, Stage
from tests.browser.conftest import check_page, log_in


def focused(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def press_enter_on(page, locator, *, navigates=True):
    """Moves focus to a link or button and presses Enter, as a keyboard user would."""
    locator.focus()
    if not navigates:
        page.keyboard.press("Enter")
        return
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)


def submit_with_enter(page, field):
    """Presses Enter in a text field: the browser submits the form (implicit submission)."""
    with page.expect_navigation():
        field.press("Enter")
    check_page(page)


def choose(locator):
    """Selects a radio or ticks a checkbox with the space bar."""
    locator.focus()
    locator.press("Space")
    assert locator.is_checked()


def test_officer_sets_up_a_round_and_recovers_from_mistakes(page, officer_user, moderator, round_):
    log_in(page, officer_user, expect_path="/rounds/")

    # Look at the existing round first.
    press_enter_on(page, page.get_by_role("link", name=round_.name))
    assert page.get_by_role("heading", level=1).inner_text() == round_.name
    press_enter_on(page, page.get_by_role("navigation", name="Breadcrumb").get_by_role("link"))

    # A new round, with two mistakes: the end before the start, and "lots" as the budget.
    press_enter_on(page, page.get_by_role("link", name="Create a round"))
    page.get_by_label("Name").fill("Summer activities 2027")
    page.get_by_label("Purpose in plain words").fill(
        "Money for summer clubs that young people pick."
    )
    page.get_by_label("Total budget (£)").fill("lots")
    page.get_by_label("Start date").fill("2027-06-01")
    page.get_by_label("End date").fill("2027-05-01")
    choose(page.get_by_label("Mean of the individual scores"))
    choose(page.get_by_label("Lower price wins"))
    page.get_by_label("Reference prefix").fill("SA27")
    submit_with_enter(page, page.get_by_label("Name"))

    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    budget_link = summary.get_by_role("link", name="Enter an amount in pounds, like 250000")
    dates_link = summary.get_by_role("link", name="The end date must be the same as or after")
    assert budget_link.get_attribute("href") == "#id_total_budget"
    assert dates_link.get_attribute("href") == "#id_ends_on"
    assert page.title().startswith("Error: ")
    # The link in the summary takes the keyboard to the field.
    press_enter_on(page, budget_link, navigates=False)
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'id_total_budget'"
    )
    budget = page.get_by_label("Total budget (£)")
    assert budget.get_attribute("aria-invalid") == "true"
    assert "id_total_budget_error" in budget.get_attribute("aria-describedby")

    # Nothing already typed was lost.
    assert page.get_by_label("Name").input_value() == "Summer activities 2027"
    assert page.get_by_label("Purpose in plain words").input_value().startswith("Money for summer")
    assert page.get_by_label("Start date").input_value() == "2027-06-01"
    assert page.get_by_label("Mean of the individual scores").is_checked()
    assert page.get_by_label("Lower price wins").is_checked()
    assert page.get_by_label("Reference prefix").input_value() == "SA27"

    budget.fill("250000")
    page.get_by_label("End date").fill("2027-08-31")
    submit_with_enter(page, budget)
    assert page.get_by_role("heading", level=1).inner_text() == "Summer activities 2027"
    assert page.get_by_role("status").filter(has_text="Round created").is_visible()
    new_round = Round.objects.get(name="Summer activities 2027")
    assert str(new_round.total_budget) == "250000.00"

    # A lot that asks for more than the round has.
    press_enter_on(page, page.get_by_role("link", name="Add a lot", exact=True))
    page.get_by_label("Name").fill("Summer clubs")
    page.get_by_label("Budget (£)").fill("300000")
    submit_with_enter(page, page.get_by_label("Budget (£)"))
    message = page.locator("#id_budget_error")
    assert "more than the round has left" in message.inner_text()
    assert "at most £250,000.00" in message.inner_text()
    # The message sits in the budget field's own group, and the field points to it.
    assert page.locator(".field--error").filter(has=page.get_by_label("Budget (£)")).count() == 1
    assert "id_budget_error" in page.get_by_label("Budget (£)").get_attribute("aria-describedby")
    assert page.get_by_label("Name").input_value() == "Summer clubs"
    page.get_by_label("Budget (£)").fill("200000")
    submit_with_enter(page, page.get_by_label("Budget (£)"))
    assert page.get_by_role("status").filter(has_text="Summer clubs added").is_visible()

    # A rubric from the starter, used by the new lot.
    press_enter_on(page, page.get_by_role("link", name="Add a rubric", exact=True))
    assert page.get_by_label("The starter rubric for youth services").is_checked()
    assert page.get_by_label("Lot 1: Summer clubs").is_checked()
    press_enter_on(page, page.get_by_role("button", name="Save"))
    assert page.get_by_role("heading", level=1).inner_text() == "Scoring rubric"
    assert "Used by: Lot 1: Summer clubs" in page.locator("main").inner_text()

    # The round's page says what is still missing (a bid in the lot) and links to the fix.
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    press_enter_on(page, crumbs.get_by_role("link", name="Summer activities 2027"))
    task_box = page.locator(".task-box")
    assert "Lot 1: Summer clubs has no compliant bids." in task_box.inner_text()
    press_enter_on(page, task_box.get_by_role("link", name="Add a bid"))
    page.get_by_label("Organisation").fill("Riverside Youth Trust")
    page.get_by_label("Title").fill("Summer evenings")
    page.get_by_label("Summary").fill("Three evenings a week through the holidays.")
    page.get_by_label("Amount requested (£)").fill("45000")
    submit_with_enter(page, page.get_by_label("Amount requested (£)"))
    assert page.get_by_role("status").filter(has_text="added").is_visible()
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    press_enter_on(page, crumbs.get_by_role("link", name="Summer activities 2027"))

    # The round still needs a panel with a chair.
    task_box = page.locator(".task-box")
    assert "Set up the panel that will score the bids." in task_box.inner_text()
    press_enter_on(page, task_box.get_by_role("link", name="Set up the panel"))
    press_enter_on(page, page.get_by_role("link", name="Set up the panel"))
    page.get_by_label("Name of the panel").fill("Summer panel")
    press_enter_on(page, page.get_by_role("button", name="Set up the panel"))
    press_enter_on(page, page.get_by_role("link", name="Add someone who has an account"))
    page.get_by_label("Their email address").fill(moderator.email)
    choose(page.get_by_label("Chair (moderator)", exact=False))
    press_enter_on(page, page.get_by_role("button", name="Add"))
    assert moderator.display_name in page.locator("main").inner_text()
    press_enter_on(page, page.get_by_role("link", name="Summer activities 2027"))

    # Nothing is missing now: move the round to induction.
    problems = page.locator(".task-box")
    assert problems.count() == 0, f"the round cannot move on yet: {problems.all_inner_texts()}"
    press_enter_on(page, page.get_by_role("link", name="Move to induction"))
    press_enter_on(page, page.get_by_role("button", name="Move to induction"))
    assert page.get_by_role("heading", name="Stage: Induction").is_visible()
    new_round.refresh_from_db()
    assert new_round.stage == Stage.INDUCTION


def test_auditor_reads_filters_and_exports_the_trail(page, auditor, round_, tmp_path):
    log_in(page, auditor, expect_path="/rounds/")
    press_enter_on(page, page.get_by_role("link", name=round_.name))
    press_enter_on(page, page.get_by_role("link", name="Decision trail"))
    assert page.get_by_role("heading", level=1).inner_text() == "Decision trail"
    badge = page.get_by_role("status").filter(has_text="Verified.")
    assert badge.is_visible()
    events = AuditEvent.objects.for_round(round_).count()
    assert f"All {events} events are intact" in badge.inner_text()

    page.get_by_label("What happened").select_option("lot.added")
    press_enter_on(page, page.get_by_role("button", name="Apply filters"))
    assert "action=lot.added" in page.url
    table = page.get_by_role("region", name="Decision trail events").get_by_role("table")
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    # The action in words, with the recorded code below it.
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {"Lot added\nlot.added"}

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as a spreadsheet (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == f"decision-trail-round-{round_.pk}.xlsx"
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    assert xlsx.stat().st_size > 0
    workbook = openpyxl.load_workbook(xlsx)
    rows_in_sheets = sum(sheet.max_row for sheet in workbook.worksheets)
    assert rows_in_sheets > events, "the spreadsheet should hold a header and every event"

    with page.expect_download() as info:
        page.get_by_role("button", name="Download for re-verification (JSON lines)").click()
    download = info.value
    jsonl = tmp_path / download.suggested_filename
    download.save_as(jsonl)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert lines, "the JSON lines export is empty"
    records = [json.loads(line) for line in lines]
    assert len(records) >= events
    check_page(page)  # downloading leaves the trail page as it was


def test_login_by_keyboard_alone(page, officer_user):
    page.goto("/accounts/login/")
    check_page(page)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible(), "the skip link must show when it has focus"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"

    # From the main content, Tab reaches the email field first, then the password, then the button.
    page.keyboard.press("Tab")
    assert focused(page) == "id_username"
    page.keyboard.type(officer_user.email)
    page.keyboard.press("Tab")
    assert focused(page) == "id_password"
    page.keyboard.type("test-password")
    page.keyboard.press("Tab")
    assert page.locator(":focus").inner_text() == "Log in"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].endswith("/rounds/"), page.url
    check_page(page)
    assert page.get_by_role("button", name="Log out").is_visible()


def test_officer_without_javascript_logs_in_and_creates_a_round(new_context, officer_user):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, officer_user, expect_path="/rounds/")
    page.get_by_role("link", name="Create a round").click()
    page.wait_for_url("**/rounds/new/")
    check_page(page)
    page.get_by_label("Name").fill("No-script round")
    page.get_by_label("Purpose in plain words").fill("Made without JavaScript.")
    page.get_by_label("Total budget (£)").fill("£10,000")
    page.get_by_label("Start date").fill("2027-01-01")
    page.get_by_label("End date").fill("2027-02-01")
    page.get_by_label("The panel decides and records why").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create the round").click()
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == "No-script round"
    created = Round.objects.get(name="No-script round")
    assert str(created.total_budget) == "10000.00"
    assert page.url.endswith(created.get_absolute_url())
