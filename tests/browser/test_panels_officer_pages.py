"""The officer's panel pages in Chromium, each through check_page (axe, structure, 320 px), with one
error state per form."""

from panels import services
from panels.models import CONFLICT_QUESTIONS, AgeBand, ConsentKind, Member, Role
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import declare_clear


def _setup(round_, officer_user, young_panellist, professional):
    """A round with something on every page: an under-16 member with consents, time and an
    expense, a waiting invitation, a declared interest and an assessment with a history."""
    panel = round_.panels.get(lot=None)
    young = Member.objects.get(panel=panel, user=young_panellist)
    pro = Member.objects.get(panel=panel, user=professional)
    services.update_profile(
        young, by=officer_user, age_band=AgeBand.UNDER_16, support_needs=["large_text"]
    )
    photos = services.give_consent(young, by=young_panellist, kind=ConsentKind.PHOTOS)
    services.withdraw_consent(photos, by=young_panellist)
    services.record_time(young, by=officer_user, kind="meeting", hours="2")
    services.add_expense(young, by=officer_user, description="Bus fare", amount="4.50")
    services.invite(
        panel,
        by=officer_user,
        email="nia@example.org",
        display_name="Nia New",
        role=Role.YOUNG,
        accept_url=lambda token: f"/invitations/{token}/",
    )
    declare_clear(pro)
    bid = round_.lots.first().bids.first()
    answers = {**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "supports_me": "not_sure"}
    declaration = services.declare(
        young, bid, by=young_panellist, answers=answers, details="I went to their club."
    )[0]
    services.save_assessment(round_, by=officer_user, text="First thoughts.")
    services.save_assessment(round_, by=officer_user, text="The panel's conflicts are managed.")
    return panel, young, declaration


def test_officer_panel_pages(page, officer_user, young_panellist, professional, round_):
    panel, young, declaration = _setup(round_, officer_user, young_panellist, professional)
    base = f"/rounds/{round_.pk}/panel"
    log_in(page, officer_user)

    visit(page, f"{base}/")
    assert page.get_by_text("Parent consent missing").first.is_visible()
    assert page.get_by_role("button", name="Cancel the invitation for nia@example.org").is_visible()

    visit(page, f"{base}/new/")
    page.get_by_label("Name of the panel").fill("")
    submit(page, "Set up the panel")
    assert_error_summary(page, "name")

    visit(page, f"{base}/{panel.pk}/edit/")
    page.get_by_label("Scorers for each bid").fill("0")
    submit(page, "Save the panel")
    assert_error_summary(page, "scorers_per_bid")

    visit(page, f"{base}/{panel.pk}/invite/")
    page.get_by_label("Their email address").fill(young_panellist.email)
    page.get_by_label("Their name").fill("Yusuf")
    page.get_by_label("Young panellist: scores bids after finishing induction").check()
    submit(page, "Send the invitation")
    assert_error_summary(page, "email")

    visit(page, f"{base}/{panel.pk}/add/")
    page.get_by_label("Their email address").fill("nobody@example.org")
    page.get_by_label("Observer: watches the panel's work but does not score").check()
    submit(page, "Add them to the panel")
    assert_error_summary(page, "email")


def test_officer_member_pages(page, officer_user, young_panellist, professional, round_):
    _, young, _ = _setup(round_, officer_user, young_panellist, professional)
    base = f"/rounds/{round_.pk}/panel/members/{young.pk}"
    log_in(page, officer_user)

    visit(page, f"{base}/")
    assert page.get_by_text("Withdrawn").first.is_visible()

    visit(page, f"{base}/status/")
    page.get_by_label("Not scoring: they keep their account but open no bids").check()
    submit(page, "Save")
    assert_error_summary(page, "reason")

    visit(page, f"{base}/time/")
    page.get_by_label("Meetings").check()
    page.get_by_label("Hours").fill("30")
    submit(page, "Add the time")
    assert_error_summary(page, "hours")

    visit(page, f"{base}/expenses/")
    page.get_by_label("What was it for?").fill("Bus fare")
    page.get_by_label("Amount (£)").fill("0")
    submit(page, "Add the expense")
    assert_error_summary(page, "amount")

    visit(page, f"{base}/consents/")
    page.get_by_label(
        "A parent or carer agrees to them taking part: needed for anyone under 16"
    ).check()
    page.get_by_label("Who they are to the panellist").fill("mum")
    submit(page, "Record the consent")
    assert_error_summary(page, "given_by_name")


def test_officer_conflict_and_assignment_pages(
    page, officer_user, young_panellist, professional, round_
):
    _, _, declaration = _setup(round_, officer_user, young_panellist, professional)
    lot = round_.lots.first()
    base = f"/rounds/{round_.pk}/panel"
    log_in(page, officer_user)

    visit(page, f"{base}/conflicts/")
    assert page.get_by_text("Earlier versions").is_visible()

    visit(page, f"{base}/conflicts/{declaration.pk}/")
    page.get_by_label("Allow it, with a safeguard that keeps the scoring fair").check()
    submit(page, "Record the decision")
    assert_error_summary(page, "mitigation", "reason")

    visit(page, f"{base}/conflicts/assessment/")
    submit(page, "Save this version")  # unchanged since the last version
    assert_error_summary(page, "text")

    visit(page, f"{base}/lots/{lot.pk}/assignments/")
    assert page.get_by_role("button", name="Apply this plan").is_visible()
    visit(page, f"{base}/lots/{lot.pk}/assignments/?how=some&scorers=1")
    visit(page, f"{base}/lots/{lot.pk}/assignments/?how=some&scorers=0")
    assert_error_summary(page, "scorers")


def test_auditor_panel_pages(page, auditor, officer_user, young_panellist, professional, round_):
    _, young, declaration = _setup(round_, officer_user, young_panellist, professional)
    base = f"/rounds/{round_.pk}/panel"
    log_in(page, auditor)
    visit(page, f"{base}/")
    visit(page, f"{base}/members/{young.pk}/")
    visit(page, f"{base}/conflicts/")
    visit(page, f"{base}/conflicts/{declaration.pk}/")
    visit(page, f"{base}/lots/{round_.lots.first().pk}/assignments/")
