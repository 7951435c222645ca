"""The public record as an anonymous visitor on a phone (320 px): the list of published rounds and
a round's public page, both through check_page (axe-core, one h1, the skip link, no sideways
scrolling), reached by following the footer's link and the round's link by keyboard."""

from tests.browser.conftest import PHONE_WIDTH, check_page, visit
from tests.factories import advance, to_consensus


def test_an_anonymous_visitor_reads_a_published_round_on_a_phone(page, round_, officer_user):
    round_ = advance(to_consensus(round_, officer_user), "published", officer_user)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 640})
    visit(page, "/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="Published rounds").click()
    check_page(page)
    link = page.get_by_role("link", name=round_.name)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/published/{round_.pk}/"), page.url
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == round_.name
    assert page.get_by_role("link", name="Download the decisions in the Open Contracting").count()
