"""\"You said, we did\" in Chromium through check_page (axe-core, one h1, the skip link, no sideways
scrolling at 320 px): the young panellist's page on a phone, the survey sent empty (an error) and
then answered, the officer's influence report and message page with a panellist's preview, and the chair's\ninfluence report."""

from commissioning.models import Stage
from panels.models import Member, Role
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import submit
from tests.factories import advance
from tests.test_feedback import score_round

PHONE = {"width": 320, "height": 640}


def test_the_panellists_page_the_survey_and_the_influence_report(
    page, round_, officer_user, young_panellist, moderator
):
    round_ = score_round(round_, officer_user, {Role.YOUNG: 5, Role.PROFESSIONAL: 2})
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    young = Member.objects.get(panel__round=round_, role=Role.YOUNG)

    page.set_viewport_size(PHONE)
    log_in(page, young_panellist)
    visit(page, f"/my/{young.pk}/")
    page.get_by_role("link", name="You said, we did").click()
    visit(page, f"/my/{young.pk}/you-said-we-did/")
    assert page.get_by_text("Did not move towards you").first.is_visible()
    page.get_by_role("link", name="Answer the survey").click()
    visit(page, f"/my/{young.pk}/you-said-we-did/survey/")
    submit(page, "Send your answers")
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "Answer at least one question" in summary.inner_text()
    page.get_by_label("Mostly").first.check()
    page.get_by_label("What should change next time?").fill("Meet after school, not during.")
    submit(page, "Send your answers")
    assert page.url.endswith(f"/my/{young.pk}/you-said-we-did/")
    assert page.get_by_text("Thank you for answering the survey.").is_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/results/influence/")
    assert page.get_by_text("Meet after school, not during.").is_visible()
    visit(page, f"/rounds/{round_.pk}/results/feedback/?as={young.pk}")
    assert page.get_by_role("heading", name=f"What {young.user.display_name} sees").is_visible()

    page.context.clear_cookies()
    log_in(page, moderator)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    visit(page, f"/my/{chair.pk}/chair/results/influence/")
    assert page.get_by_text("Meet after school, not during.").is_visible()
