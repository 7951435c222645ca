"""The error summary in Chromium, on the log-in page (without JavaScript) and the scoring sheet
after "check your answers" (with it): focus starts on the summary, and each link moves focus to
its field, whose own message is on screen beside it."""

import re

from django.urls import reverse

from commissioning.models import Stage
from panels.models import Member
from scoring import services
from tests.browser.conftest import check_page, log_in, visit
from tests.factories import advance, assign_everyone, declare_clear


def press(page, name):
    """Submits the form with its button; the page that comes back has focus on its summary
    (checked before check_page, which moves focus as it tests the page)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    assert page.title().startswith("Error: ")
    # The browser moves focus to an autofocus element when it next renders the page, which can
    # come just after the load event the navigation waited for (once in CI it did): wait for it,
    # failing if focus never arrives.
    page.wait_for_function(
        "document.activeElement.classList.contains('error-summary')", timeout=5000
    )
    check_page(page)


def follow_each_link(page) -> int:
    """Clicks every link of the summary in turn; returns how many there were."""
    hrefs = page.locator(".error-summary a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for href in hrefs:
        page.locator(f".error-summary a[href='{href}']").click()
        field = href[1:]
        assert page.evaluate("document.activeElement.id") == field, href
        message = page.locator(f"#{re.sub(r'_0$', '', field)}_error")
        assert message.is_visible(), href
        assert message.evaluate("el => el.getBoundingClientRect().top >= 0"), href
        page.locator(".error-summary").scroll_into_view_if_needed()
    return len(hrefs)


def test_the_log_in_pages_error_link_without_javascript(new_context, officer_user):
    page = new_context(java_script_enabled=False).new_page()
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(officer_user.email)
    page.get_by_label("Password").fill("not-the-password")
    press(page, "Log in")
    assert follow_each_link(page) == 1


def test_the_sheets_error_links_after_check_your_answers(
    new_context, round_, officer_user, young_panellist
):
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    bid = round_.lots.first().bids.first()
    first = list(services.criteria_for(bid))[0]
    page = new_context().new_page()  # with JavaScript: autosave and the summary's enhancement
    log_in(page, young_panellist)
    visit(page, reverse("scoring:sheet", args=[member.pk, bid.pk]))
    page.locator(f"#id_c{first.pk}_score_3").check()
    press(page, "Save and check your answers")
    assert page.url.endswith("?check=1")
    total = len(list(services.criteria_for(bid)))
    assert follow_each_link(page) == 2 * total - 1  # all but the first question's score
    # With JavaScript the question is on screen too, not scrolled away above the field.
    page.locator(f".error-summary a[href='#id_c{first.pk}_reason']").click()
    top = page.locator(f"label[for='id_c{first.pk}_reason']").evaluate(
        "el => el.getBoundingClientRect().top"
    )
    assert -2 < top < 100, top  # without JavaScript the label sits just above the screen
