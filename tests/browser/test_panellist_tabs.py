"""Issue 17, "Done when": a panellist gets from the log-in page to their first scoring sheet in no
more than half the Tab presses it took before (3 + 5 + 17 + 15 + 8 = 48, so at most 24).

Keyboard only: Tab to move, typing, Enter to log in and to follow the link. Each page is counted
from its fresh load, Tab by Tab, until the element wanted has focus. The home page puts the next
bid to score first (scoring/member_tasks.py), so the journey is log-in, home, sheet.
"""

import pytest
from django.urls import reverse

from commissioning.models import Stage
from panels.models import Member
from tests.browser.conftest import PASSWORD, check_page, visit
from tests.factories import advance, assign_everyone, declare_clear

HALF_OF_BEFORE = 48 // 2


@pytest.fixture
def scoring_round(round_, officer_user):
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


def _tabs_to(page, locator, limit=60) -> int:
    """Presses Tab until `locator` has focus; returns how many presses it took."""
    locator.wait_for()
    for presses in range(limit + 1):
        if locator.evaluate("el => el === document.activeElement"):
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator} on {page.url}")


def test_log_in_to_first_sheet_in_at_most_half_the_tabs(page, scoring_round, young_panellist):
    member = Member.objects.get(panel__round=scoring_round, user=young_panellist)
    first = member.assignments.order_by("bid__lot__number", "bid__number").first().bid
    sheet = reverse("scoring:sheet", args=[member.pk, first.pk])
    counts = {}

    page.goto("/accounts/login/")
    counts["log-in: email"] = _tabs_to(page, page.get_by_label("Email address"))
    page.keyboard.type(young_panellist.email)
    counts["log-in: password"] = _tabs_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    counts["log-in: button"] = _tabs_to(page, page.get_by_role("button", name="Log in"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/"), page.url

    link = page.locator("main").get_by_role("link", name="Score your next bid", exact=False)
    assert link.first.get_attribute("href") == sheet
    counts["home: next bid"] = _tabs_to(page, link.first)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(sheet), page.url
    check_page(page)

    total = sum(counts.values())
    assert total <= HALF_OF_BEFORE, f"{total} Tab presses: {counts}"
    print(f"Tab presses from log-in to the first sheet: {total} {counts}")
    visit(page, "/")  # the home page itself, through axe and the 320 px check
    visit(page, reverse("panels:glossary"))  # and the glossary the header links to
