"""The assessment summaries and the co-production report in Chromium through check_page
(axe-core, one h1, the skip link, no sideways scrolling at 320 px): the list of bidders, one
bidder's printable summary, and the co-production report with its small counts hidden."""

from commissioning.models import Stage
from tests.browser.conftest import log_in, visit
from tests.factories import advance, make_bid


def test_summaries_and_the_co_production_report(page, round_, officer_user):
    lot = round_.lots.order_by("number").first()
    make_bid(lot, officer_user, organisation="Second Org", title="Sports nights")
    make_bid(lot, officer_user, organisation="Third Org", title="Music studio")
    round_ = advance(round_, Stage.DECIDED, officer_user)
    third = lot.bids.get(organisation="Third Org")

    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/results/assessment-summaries/")
    assert page.get_by_role("button", name="Download all summaries (HTML file)").is_visible()
    visit(page, f"/rounds/{round_.pk}/results/assessment-summaries/{third.pk}/")
    assert page.get_by_role("heading", name="The winning bids in Lot 1").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.header").is_visible()  # print.css leaves the menus off
    page.emulate_media(media="screen")
    visit(page, f"/rounds/{round_.pk}/results/co-production/")
    assert page.get_by_text("fewer than 3").first.is_visible()
