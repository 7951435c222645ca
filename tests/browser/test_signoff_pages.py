"""Sign-off and publication in Chromium through check_page (axe-core, one h1, the skip link, no
sideways scrolling at 320 px): the officer's sign-off page with its error, the chair's sign-off,
the procurement dates with their errors, publishing, and the page a write to a published round
meets."""

from commissioning.models import Stage
from decisions.demo_publication import sign_everything
from panels.models import Member, Role
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import advance, to_consensus

WIDE = {"width": 1280, "height": 800}


def test_signing_off_and_publishing(page, round_, officer_user, moderator):
    to_consensus(round_, officer_user)
    from decisions.demo import decide_everything
    from tests.factories import agree_everything

    agree_everything(round_)
    decide_everything(round_, officer_user)
    from commissioning import services as round_services

    round_ = round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)

    page.set_viewport_size(WIDE)
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/results/sign-off/")
    submit(page, "Sign off the results")
    assert_error_summary(page, "agree")
    page.get_by_label("I confirm the statement above").check()
    submit(page, "Sign off the results")
    visit(page, f"/rounds/{round_.pk}/results/procurement/")
    page.get_by_label("Assessment summaries sent to every bidder on").fill("2026-03-04")
    page.get_by_label("Contract award notice published on").fill("2026-03-03")
    submit(page, "Save the dates")
    assert_error_summary(page, "award_notice_on")

    page.context.clear_cookies()
    log_in(page, moderator)
    visit(page, f"/my/{chair.pk}/chair/results/sign-off/")
    page.get_by_label("I confirm the statement above").check()
    submit(page, "Sign off the results")
    assert "Nothing more is needed from you" in page.content()

    page.context.clear_cookies()
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/results/sign-off/")
    page.get_by_label("I understand that once published, nothing in this round can change").check()
    submit(page, "Publish the round")
    assert "The round's record is final" in page.content()


def test_a_write_to_a_published_round_meets_a_plain_page(page, round_, officer_user):
    to_consensus(round_, officer_user)
    round_ = advance(round_, Stage.DECIDED, officer_user)
    sign_everything(round_, officer_user)
    page.set_viewport_size(WIDE)
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/results/sign-off/")
    # Someone else publishes while this page is open; then this officer presses Publish too.
    advance(round_, Stage.PUBLISHED, officer_user)
    page.get_by_label("I understand that once published, nothing in this round can change").check()
    submit(page, "Publish the round")
    assert page.get_by_role("heading", level=1).inner_text() == "This round is published"
    assert "nothing in it can change now" in page.content()
