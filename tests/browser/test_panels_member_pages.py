"""A panel member's own pages in Chromium, each through check_page (axe-core, one h1, the skip link,
no sideways scrolling at 320 px), error states included."""

from decimal import Decimal

from django.urls import reverse

from bids.services import add_reading_help
from panels import services
from panels.models import AgeBand, Invitation, Member, Role
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import declare_clear


def _invite(round_, officer_user):
    tokens = []
    services.invite(
        round_.panels.get(),
        by=officer_user,
        email="sam@example.org",
        display_name="Sam",
        role=Role.YOUNG,
        accept_url=lambda token: tokens.append(token) or f"/invitations/{token}/",
    )
    return reverse("panels:accept", args=[tokens[0]])


def test_invitation_pages(page, round_, officer_user):
    path = _invite(round_, officer_user)
    visit(page, path)
    page.get_by_label("Choose a password").fill("password")
    page.get_by_label("Type the password again").fill("passwrd")
    submit(page, "Join the panel")
    assert_error_summary(page, "password1", "password2")

    page.get_by_label("Choose a password").fill("a-long-fresh-pass")
    page.get_by_label("Type the password again").fill("a-long-fresh-pass")
    submit(page, "Join the panel")
    member = Member.objects.get(user__email="sam@example.org")
    assert page.url.endswith(reverse("panels:dashboard", args=[member.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == "Your panel"

    visit(page, path, status=410)  # used already
    visit(page, reverse("panels:accept", args=["made-up"]), status=404)
    assert Invitation.objects.get().state == "accepted"


def test_invitation_for_someone_with_an_account(page, round_, officer_user, outsider):
    tokens = []
    services.invite(
        round_.panels.get(),
        by=officer_user,
        email=outsider.email,
        display_name="Ola",
        role=Role.PROFESSIONAL,
        accept_url=lambda token: tokens.append(token) or "/",
    )
    path = reverse("panels:accept", args=[tokens[0]])
    visit(page, path)
    page.get_by_role("link", name="Log in").first.click()
    page.wait_for_url("**/accounts/login/**")
    check_page(page)
    page.get_by_label("Email address").fill(outsider.email)
    page.get_by_label("Password").fill("test-password")
    submit(page, "Log in")
    assert page.url.endswith(path)
    submit(page, "Join the panel")
    assert page.get_by_role("heading", level=1).inner_text() == "Your panel"


def test_member_pages_and_their_errors(page, round_, officer_user, young_panellist):
    member = Member.objects.get(user=young_panellist)
    lot = round_.lots.first()
    log_in(page, young_panellist)
    visit(page, "/")
    visit(page, reverse("panels:dashboard", args=[member.pk]))

    visit(page, reverse("panels:profile", args=[member.pk]))
    page.get_by_label("Under 16").check()
    page.get_by_label("Help with travel").check()
    submit(page, "Save your details")

    # Under 16 now: a parent's consent without their name is refused next to the field.
    visit(page, reverse("panels:consents", args=[member.pk]))
    page.get_by_label("A parent or carer agrees to me taking part").check()
    page.get_by_label("Who they are to you").fill("Mum")
    submit(page, "Save consent")
    assert_error_summary(page, "given_by_name")
    page.get_by_label("Name of the parent or carer").fill("Ada Parent")
    submit(page, "Save consent")
    consent = member.consents.get()
    visit(page, reverse("panels:consent_withdraw", args=[member.pk, consent.pk]))
    submit(page, "Withdraw this consent")

    # Conflicts: nothing answered, then a Not sure.
    visit(page, reverse("panels:declare", args=[member.pk, lot.pk]))
    submit(page, "Save your answers")
    assert_error_summary(page, "org1-supports_me_0")
    for question in page.locator("fieldset.organisation fieldset").all():
        question.get_by_label("No", exact=True).check()
    page.locator("#id_org1-know_someone_2").check()  # Not sure
    submit(page, "Save your answers")
    assert page.get_by_text("Waiting for an officer to check:").is_visible()

    visit(page, reverse("panels:my_bids", args=[member.pk]))
    visit(page, reverse("panels:recognition", args=[member.pk]))
    submit(page, "Save your choice")
    assert_error_summary(page, "recognition_0")
    page.get_by_label("Payment").check()
    submit(page, "Save your choice")
    assert page.get_by_text("You chose payment.").is_visible()
    visit(page, reverse("panels:certificate", args=[member.pk]))
    visit(page, reverse("panels:dashboard", args=[member.pk]))


def test_bid_pages_and_an_excluded_member(page, round_, officer_user, young_panellist):
    member = Member.objects.get(user=young_panellist)
    services.update_profile(member, by=young_panellist, age_band=AgeBand.AGE_16_17)
    bid = round_.lots.first().bids.first()
    add_reading_help(bid, by=officer_user, kind="summary", text="They run a youth club.")
    declare_clear(member)
    services.assign(member, bid, by=officer_user)
    services.record_time(member, by=officer_user, kind="training", hours=Decimal("2"))
    services.add_expense(member, by=officer_user, description="Bus fare", amount="4.20")
    log_in(page, young_panellist)
    visit(page, reverse("panels:dashboard", args=[member.pk]))
    visit(page, reverse("panels:my_bids", args=[member.pk]))
    visit(page, reverse("panels:bid", args=[member.pk, bid.pk]))
    assert page.get_by_role("heading", name="Help to read this bid — not part of the bid")
    visit(page, reverse("panels:recognition", args=[member.pk]))
    visit(page, reverse("panels:certificate", args=[member.pk]))
    other = round_.lots.last().bids.first()
    visit(page, reverse("panels:bid", args=[member.pk, other.pk]), status=404)

    services.set_member_status(member, by=officer_user, status="excluded", reason="Not trained.")
    visit(page, reverse("panels:dashboard", args=[member.pk]))
    assert page.get_by_text("You are not scoring in this round").is_visible()
    visit(page, reverse("panels:my_bids", args=[member.pk]))
