"""Steps shared by the browser journeys: mouse-and-form helpers for long journeys where the
keyboard is already tested in depth elsewhere (tests/browser/test_young_panellist_journey.py has
the keyboard ones). Every page reached goes through check_page."""

import re

from tests.browser.conftest import PASSWORD, check_page


def words(text) -> str:
    return " ".join(text.split())


def main_words(page) -> str:
    return words(page.locator("main").inner_text())


def go(page, locator, *, status=200):
    """Clicks a link or button that loads a page; checks the status and the page."""
    try:
        locator.wait_for(timeout=5_000)
    except Exception as exc:  # say what the page shows instead
        raise AssertionError(f"{locator} is not on {page.url}:\n{main_words(page)[:3000]}") from exc
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    assert response is not None and response.status == status, (
        f"{page.url}: HTTP {response.status if response else None}, expected {status}\n"
        f"{main_words(page)[:1500]}"
    )
    check_page(page)
    return page


def button(page, name):
    return page.locator("main").get_by_role("button", name=name, exact=True)


def link(page, name, *, exact=True):
    return page.locator("main").get_by_role("link", name=name, exact=exact)


def said(page, text):
    """Asserts the page (its main part) says `text`, whitespace aside."""
    body = main_words(page)
    assert words(text) in body, f"{text!r} not on {page.url}:\n{body[:2000]}"


def log_in_as(context, user, password=PASSWORD):
    """A new page in `context`, logged in through the login form."""
    page = context.new_page()
    page.goto("/accounts/login/")
    check_page(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "/accounts/login/" not in page.url, f"login as {user.email} failed"
    check_page(page)
    return page


def field(page, label):
    """The field in <main> labelled `label`, or whose label starts with it (labels may go on,
    as with "(optional)")."""
    main = page.locator("main")
    exact = main.get_by_label(label, exact=True)
    if exact.count() == 1:
        return exact
    starts = main.get_by_label(re.compile("^" + re.escape(label)))
    labels = main.locator("label").all_inner_texts()
    assert starts.count() == 1, (
        f"{starts.count()} fields labelled {label!r} on {page.url}: {labels}"
    )
    return starts


def fill(page, label, value):
    field(page, label).fill(value)


def tick(page, label):
    """Checks the radio or checkbox labelled `label`."""
    field(page, label).check()
