"""Every GET page of the app, opened in Chromium by someone allowed to see it, through check_page.

Pages are grouped by who sees them, so each test logs in once; error states (an error summary, a
403, a 404, the frozen page) count as pages of their own.
"""

import re

from django.core import mail
from django.template import loader

from commissioning import services
from commissioning.models import Stage
from tests.browser.conftest import check_page, log_in, visit
from tests.factories import advance, make_round


def submit(page, name):
    """Submits the page's form with its button, then checks the page that comes back."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    check_page(page)


def assert_error_summary(page, *fields):
    summary = page.locator(".error-summary")
    assert summary.is_visible(), "no error summary"
    hrefs = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for field in fields:
        assert f"#id_{field}" in hrefs, (field, hrefs)


# Anyone -------------------------------------------------------------------------------------------


def test_login_and_password_reset_pages(page, officer_user):
    visit(page, "/accounts/login/")

    # A wrong password: the error summary on the login page.
    page.get_by_label("Email address").fill(officer_user.email)
    page.get_by_label("Password").fill("not-the-password")
    submit(page, "Log in")
    assert page.locator(".error-summary").is_visible()

    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url("**/accounts/password-reset/")
    check_page(page)
    page.get_by_label("Email").fill("not an email")
    submit(page, "Send the link")
    assert_error_summary(page, "email")

    page.get_by_label("Email").fill(officer_user.email)
    submit(page, "Send the link")
    assert page.url.endswith("/accounts/password-reset/sent/")

    visit(page, "/accounts/reset/MQ/not-a-real-token/")
    assert page.get_by_role("heading", level=1).inner_text() == "This link does not work any more"

    # The real link from the email: the form to choose a new password, then with errors.
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    visit(page, link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("different")
    submit(page, "Save the new password")
    assert_error_summary(page, "new_password2")

    visit(page, "/accounts/reset/done/")


def test_locked_out_page(page, outsider, settings):
    visit(page, "/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email address").fill(outsider.email)
        page.get_by_label("Password").fill("wrong")
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Too many tries"


def test_panellist_home(page, young_panellist):
    log_in(page, young_panellist, expect_path="/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Yusuf Young"


def test_not_found_page(page, outsider, round_):
    log_in(page, outsider)
    visit(page, "/no-such-page/", status=404)
    # Someone with no access to a round gets the same 404, so the round's existence is not given away.
    visit(page, f"/rounds/{round_.pk}/", status=404)


def test_server_error_page(page, server):
    """The 500 page, as Django renders it (no context, no request), served where its styles load."""
    html = loader.get_template("500.html").render()
    url = f"{server.url}/a-page-that-broke/"
    page.route(url, lambda route: route.fulfill(status=500, content_type="text/html", body=html))
    try:
        visit(page, url, status=500)
    finally:
        page.unroute(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Sorry, something went wrong"


# Officers -----------------------------------------------------------------------------------------


def test_officer_round_pages(page, officer_user, round_):
    log_in(page, officer_user, expect_path="/rounds/")
    visit(page, "/rounds/?q=Youth&stage=draft&mode=procurement")
    assert page.get_by_role("link", name=round_.name).is_visible()
    visit(page, "/rounds/?q=nothing-matches-this&stage=published")
    assert page.get_by_text("No rounds match.").is_visible()
    visit(page, "/rounds/?sort=-total_budget")

    visit(page, "/rounds/new/")
    page.get_by_label("Name").fill("Summer activities")
    page.get_by_label("Total budget (£)").fill("lots")
    page.get_by_label("Start date").fill("2027-06-01")
    page.get_by_label("End date").fill("2027-05-01")
    submit(page, "Create the round")
    assert_error_summary(page, "purpose", "total_budget", "ends_on")

    visit(page, f"/rounds/{round_.pk}/")
    visit(page, f"/rounds/{round_.pk}/edit/")
    page.get_by_label("Total budget (£)").fill("-5")
    submit(page, "Save changes")
    assert_error_summary(page, "total_budget")

    visit(page, f"/rounds/{round_.pk}/stage/?to=induction")
    assert page.get_by_role("button", name="Move to induction").is_visible()

    visit(page, f"/rounds/{round_.pk}/access/")
    page.get_by_label("Their email address").fill("nobody@example.org")
    page.get_by_label("Auditor: read everything").check()
    submit(page, "Give access")
    assert_error_summary(page, "email")


def test_officer_round_with_problems(page, officer_user):
    """A round that cannot leave draft yet: the task box on its page and on the stage page."""
    round_ = make_round(officer_user, name="Half-ready round", lots=0, rubric=False, tie_break="")
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/")
    assert page.get_by_role("heading", name="Before the round can move to induction").is_visible()
    visit(page, f"/rounds/{round_.pk}/stage/?to=induction")
    assert page.get_by_role("heading", name="Not ready yet").is_visible()
    # Someone with no officers' rounds to show sees the empty table.
    visit(page, "/rounds/?q=nothing-matches-this")


def test_officer_lot_pages(page, officer_user, round_):
    lot = round_.lots.first()
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/lots/new/")
    submit(page, "Save")
    assert_error_summary(page, "name", "budget")
    visit(page, f"/rounds/{round_.pk}/lots/{lot.pk}/edit/")
    visit(page, f"/rounds/{round_.pk}/lots/{lot.pk}/remove/")


def test_officer_rubric_pages(page, officer_user, round_):
    rubric = round_.rubrics.get()
    criterion = rubric.criteria.first()
    base = f"/rounds/{round_.pk}"
    log_in(page, officer_user)

    visit(page, f"{base}/rubrics/new/")
    page.get_by_label("A rubric from another round").check()
    submit(page, "Save")
    assert_error_summary(page, "copy_from")

    visit(page, f"{base}/rubrics/{rubric.pk}/?register=formal")
    visit(page, f"{base}/rubrics/{rubric.pk}/?register=plain")
    visit(page, f"{base}/rubrics/{rubric.pk}/edit/")

    visit(page, f"{base}/rubrics/{rubric.pk}/weights/")
    first_weight = page.locator("input[name^=weight_]").first
    first_weight.fill(str(int(float(first_weight.input_value())) + 7))
    submit(page, "Save weights")
    assert "must add up to exactly 100" in page.locator(".error-summary").inner_text()

    visit(page, f"{base}/rubrics/{rubric.pk}/criteria/new/")
    page.get_by_label("Highest score").fill("3")
    submit(page, "Save")
    assert_error_summary(page, "title", "question_formal", "question_plain", "level_0_formal")
    visit(page, f"{base}/criteria/{criterion.pk}/edit/")
    visit(page, f"{base}/criteria/{criterion.pk}/remove/")


def test_override_and_frozen_pages(page, officer_user, round_):
    """After draft the method needs a reason to change; once scoring starts it is frozen."""
    lot = round_.lots.first()
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/")
    visit(page, f"/rounds/{round_.pk}/edit/")
    assert page.get_by_label("Why must the method change after it was fixed?").is_visible()
    visit(page, f"/rounds/{round_.pk}/stage/?to=draft")
    submit(page, "Go back to draft")
    assert_error_summary(page, "reason")

    advance(round_, Stage.SCORING, officer_user)
    visit(page, f"/rounds/{round_.pk}/lots/new/", status=409)
    assert page.get_by_role("heading", level=1).inner_text() == "The method is frozen"
    visit(page, f"/rounds/{round_.pk}/lots/{lot.pk}/edit/", status=409)
    visit(page, f"/rounds/{round_.pk}/")


# Auditors -----------------------------------------------------------------------------------------


def test_auditor_pages(page, auditor, round_):
    rubric = round_.rubrics.get()
    log_in(page, auditor, expect_path="/rounds/")
    visit(page, f"/rounds/{round_.pk}/")
    visit(page, f"/rounds/{round_.pk}/rubrics/{rubric.pk}/?register=plain")
    visit(page, f"/rounds/{round_.pk}/edit/", status=403)
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot do this"

    visit(page, f"/rounds/{round_.pk}/trail/")
    assert page.locator(".badge--ok").is_visible()
    visit(page, f"/rounds/{round_.pk}/trail/?action=lot.added")
    # A filter value that is not on offer shows the filter's own error message.
    visit(page, f"/rounds/{round_.pk}/trail/?action=nothing.here&after=2020-01-01")
    assert "Select a valid choice" in page.locator(".filters .error-message").inner_text()


def test_officer_bid_pages(page, officer_user, round_):
    lot = round_.lots.first()
    bid = lot.bids.first()
    base = f"/rounds/{round_.pk}/bids"
    log_in(page, officer_user)
    visit(page, f"{base}/")
    visit(page, f"{base}/?q=Organisation&lot={lot.pk}&status=received&min_amount=1000")
    visit(page, f"{base}/new/")
    assert page.get_by_role("heading", level=1).inner_text() == "Which lot is the bid for?"
    visit(page, f"{base}/new/?lot={lot.pk}")
    page.get_by_label("Amount requested (£)").fill("lots")
    submit(page, "Save the bid")
    assert_error_summary(page, "organisation", "title", "amount_requested")
    visit(page, f"{base}/{bid.pk}/")
    visit(page, f"{base}/{bid.pk}/edit/")
    visit(page, f"{base}/{bid.pk}/status/")
    page.get_by_label("Withdrawn by the bidder").check()
    submit(page, "Save the status")
    assert_error_summary(page, "reason")

    advance(round_, Stage.SCORING, officer_user)
    visit(page, f"{base}/")
    visit(page, f"{base}/new/", status=409)
    assert page.get_by_role("heading", level=1).inner_text() == "Bids are frozen"


def test_officer_bid_extras_and_import_pages(page, officer_user, round_, tmp_path):
    """Documents, reading help, clarifications and the spreadsheet import, with their errors."""
    from openpyxl import load_workbook

    from bids.importer import build_template

    bid = round_.lots.first().bids.first()
    clarification = bid.clarifications.first()
    base = f"/rounds/{round_.pk}/bids"
    log_in(page, officer_user)
    visit(page, f"{base}/{bid.pk}/documents/new/")
    submit(page, "Upload")
    assert_error_summary(page, "file")
    visit(page, f"{base}/{bid.pk}/help/new/")
    page.get_by_label("Short video").check()
    submit(page, "Add the help")
    assert_error_summary(page, "video_url")
    visit(page, f"{base}/{bid.pk}/clarifications/new/")
    submit(page, "Record the question")
    assert_error_summary(page, "question")
    visit(page, f"{base}/{bid.pk}/clarifications/{clarification.pk}/answer/")

    visit(page, f"{base}/import/")
    submit(page, "Upload and check")
    assert_error_summary(page, "file")
    # A filled template with one row naming a lot that does not exist: the preview lists it.
    book = load_workbook(build_template(round_))
    sheet = book["Bids"]
    sheet.append(["No such lot", "Org", "Title", "Summary", 1000, "", ""])
    path = tmp_path / "bids.xlsx"
    book.save(path)
    page.set_input_files("input[type=file]", str(path))
    submit(page, "Upload and check")
    assert "No such lot" in page.locator("main").inner_text()
