"""The pages no journey reaches, in Chromium through check_page (axe-core, one h1, the skip link,
no sideways scrolling at 320 px): the officer's consensus overview, meeting planning (with its
errors) and deputy chair form (with its errors); a bid's results working, the tie form for two
bids that tie (with its errors); and the chair's results, impact and advice form (with its
errors)."""

from panels.models import Member, Role
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import agree_everything, make_bid, to_consensus
from tests.test_decisions import pass_all

WIDE = {"width": 1280, "height": 800}


def test_officer_and_chair_pages_around_the_meeting_and_the_results(
    page, round_, officer_user, moderator
):
    lot = round_.lots.order_by("number").first()
    first = lot.bids.get()
    # Same answers, same scores, same price: the two bids tie, and the round's rule is the panel's.
    make_bid(lot, officer_user, organisation="Second Org", title="Sports nights")
    round_ = to_consensus(round_, officer_user)
    agree_everything(round_)
    pass_all(round_, officer_user, list(lot.bids.all()))
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)

    page.set_viewport_size(WIDE)
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/consensus/")
    visit(page, f"/rounds/{round_.pk}/consensus/{lot.pk}/meeting/")
    page.get_by_label("Place").fill("")
    page.get_by_label("Date").fill("")
    submit(page, "Save and tell the members")
    assert_error_summary(page, "on")
    visit(page, f"/rounds/{round_.pk}/consensus/bid/{first.pk}/deputy/")
    submit(page, "Name the deputy chair")
    assert_error_summary(page, "reason")

    visit(page, f"/rounds/{round_.pk}/results/bid/{first.pk}/")
    visit(page, f"/rounds/{round_.pk}/results/lot/{lot.pk}/tie/")
    submit(page, "Record the panel's order")
    assert_error_summary(page, "place_1", "reason")

    page.context.clear_cookies()  # log out the officer
    log_in(page, moderator)
    visit(page, f"/my/{chair.pk}/chair/results/")
    page.get_by_role("link", name=first.reference, exact=True).click()
    page.wait_for_url(f"**/my/{chair.pk}/chair/results/bid/{first.pk}/")
    visit(page, f"/my/{chair.pk}/chair/results/bid/{first.pk}/")
    visit(page, f"/my/{chair.pk}/chair/results/impact/")
    visit(page, f"/my/{chair.pk}/chair/results/{lot.pk}/advice/")
    submit(page, "Save the advice")
    assert_error_summary(page, "text")
