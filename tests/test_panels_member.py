"""A panel member's own pages: joining by invitation, their panel, profile, consents, conflicts of
interest, the bids they may read, and recognition of their time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape

from audit.models import AuditEvent
from bids.services import add_reading_help, record_clarification_answer
from commissioning.models import Round
from panels import services
from panels.models import (
    CONFLICT_QUESTIONS,
    AgeBand,
    ConflictDeclaration,
    Consent,
    ConsentKind,
    Invitation,
    Member,
    Outcome,
    Role,
)
from tests.factories import declare_clear, make_bid, make_panel
from tests.helpers import assert_queries_do_not_grow

NO = dict.fromkeys(CONFLICT_QUESTIONS, "no")


@pytest.fixture
def panel(round_):
    return round_.panels.get()


@pytest.fixture
def member(round_, young_panellist):
    return Member.objects.select_related("panel__round", "user").get(user=young_panellist)


@pytest.fixture
def bid(round_):
    return round_.lots.first().bids.first()


def url(name, member, *args):
    return reverse(f"panels:{name}", args=[member.pk, *args])


def invite(panel, officer_user, email="new.person@example.org", role=Role.YOUNG):
    """Invites someone; returns the invitation and the token from its link."""
    tokens = []

    def accept_url(token):
        tokens.append(token)
        return f"http://testserver/invitations/{token}/"

    invitation = services.invite(
        panel,
        by=officer_user,
        email=email,
        display_name="Sam New",
        role=role,
        accept_url=accept_url,
    )
    return invitation, tokens[0]


def ready_to_read(member, bid, officer_user):
    """The member declares no conflicts and is given `bid` to score."""
    declare_clear(member)
    services.assign(member, bid, by=officer_user)


def actions(round_, action):
    return AuditEvent.objects.for_round(round_).filter(action=action)


# Joining by invitation ----------------------------------------------------------------------------


def test_invitation_page_says_who_invited_and_what_the_panel_decides(
    client, round_, panel, officer_user
):
    _, token = invite(panel, officer_user)
    response = client.get(reverse("panels:accept", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Olive Officer has invited you" in page
    assert round_.name in page and panel.name in page and "Young panellist" in page
    assert "What the panel decides" in page and "What the panel does not decide" in page
    assert "The council checks the winning organisations" in page  # does_not_decide
    assert 'name="password1"' in page


def test_accepting_makes_the_account_and_membership_and_logs_in(
    client, round_, panel, officer_user
):
    invitation, token = invite(panel, officer_user)
    response = client.post(
        reverse("panels:accept", args=[token]),
        {
            "display_name": "Sammy",
            "password1": "a-long-fresh-pass",
            "password2": "a-long-fresh-pass",
        },
    )
    member = Member.objects.get(user__email="new.person@example.org")
    assert response.status_code == 302
    assert response["Location"] == url("dashboard", member)
    assert member.panel == panel and member.role == Role.YOUNG
    assert member.user.display_name == "Sammy"
    assert member.user.check_password("a-long-fresh-pass")
    assert client.get(url("dashboard", member)).status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.member == member
    event = actions(round_, "panel.member_joined").get()
    assert event.after["member"] == member.pk


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"password1": "password", "password2": "password"}, "password1", "too common"),
        ({"password1": "sh0rt", "password2": "sh0rt"}, "password1", "too short"),
        (
            {"password1": "a-long-fresh-pass", "password2": "another-long-one"},
            "password2",
            "not the same",
        ),
        (
            {
                "display_name": "",
                "password1": "a-long-fresh-pass",
                "password2": "a-long-fresh-pass",
            },
            "display_name",
            "Enter the name",
        ),
    ],
)
def test_bad_account_details_are_explained_next_to_the_field(
    client, panel, officer_user, data, field, message
):
    _, token = invite(panel, officer_user)
    response = client.post(
        reverse("panels:accept", args=[token]), {"display_name": "Sammy", **data}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'class="error-summary"' in response.content.decode()
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


def test_a_used_link_is_gone(client, panel, officer_user):
    _, token = invite(panel, officer_user)
    data = {
        "display_name": "Sam",
        "password1": "a-long-fresh-pass",
        "password2": "a-long-fresh-pass",
    }
    client.post(reverse("panels:accept", args=[token]), data)
    client.logout()
    response = client.post(reverse("panels:accept", args=[token]), data)
    assert response.status_code == 410
    assert "has been used already" in response.content.decode()
    assert Member.objects.filter(user__email="new.person@example.org").count() == 1


def test_an_expired_link_is_gone(client, panel, officer_user):
    invitation, token = invite(panel, officer_user)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("panels:accept", args=[token]))
    assert response.status_code == 410
    assert "run out of time. Ask the officer for a new one." in response.content.decode()


def test_a_cancelled_link_is_gone(client, panel, officer_user):
    invitation, token = invite(panel, officer_user)
    services.cancel_invitation(invitation, by=officer_user)
    response = client.get(reverse("panels:accept", args=[token]))
    assert response.status_code == 410
    assert "was cancelled" in response.content.decode()


def test_a_made_up_link_is_not_found(client, round_):
    response = client.get(reverse("panels:accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "Check you copied all of it" in response.content.decode()


def test_someone_with_an_account_is_asked_to_log_in_first(client, panel, officer_user, outsider):
    _, token = invite(panel, officer_user, email=outsider.email)
    path = reverse("panels:accept", args=[token])
    page = client.get(path).content.decode()
    assert "You already have an account" in page
    assert f"{reverse('login')}?next={path.replace('/', '%2F')}" in page
    response = client.post(
        path, {"display_name": "X", "password1": "a-long-fresh-pass", "password2": "x"}
    )
    assert "You already have an account" in response.content.decode()
    assert not Member.objects.filter(user=outsider).exists()


def test_a_logged_in_person_joins_with_one_button(as_user, round_, panel, officer_user, outsider):
    _, token = invite(panel, officer_user, email=outsider.email, role=Role.PROFESSIONAL)
    client = as_user(outsider)
    path = reverse("panels:accept", args=[token])
    assert "Join the panel" in client.get(path).content.decode()
    response = client.post(path)
    member = Member.objects.get(user=outsider, panel=panel)
    assert response["Location"] == url("dashboard", member)
    assert member.role == Role.PROFESSIONAL
    assert actions(round_, "panel.member_joined").exists()


def test_the_wrong_account_cannot_accept(as_user, panel, officer_user, outsider, professional):
    _, token = invite(panel, officer_user, email=outsider.email)
    client = as_user(professional)
    path = reverse("panels:accept", args=[token])
    page = client.get(path).content.decode()
    assert f"This invitation is for {outsider.email}" in page
    assert "Join the panel</button>" not in page
    response = client.post(path)
    assert response.status_code == 200
    assert not Member.objects.filter(user=outsider).exists()


# Your panel ---------------------------------------------------------------------------------------


def test_dashboard_shows_the_round_role_scope_and_what_is_left(as_user, round_, member):
    page = as_user(member.user).get(url("dashboard", member)).content.decode()
    assert round_.name in page and "Young panellist" in page
    assert "What the panel decides" in page and escape(member.panel.decides) in page
    for lot in round_.lots.all():
        assert f"Say if you know any organisation bidding in {lot}" in page
        assert reverse("panels:declare", args=[member.pk, lot.pk]) in page
    assert "To do" in page
    assert "Get a parent" not in page  # 16 or 17
    assert url("recognition", member) in page and url("certificate", member) in page


def test_dashboard_ticks_declarations_off_and_lists_bids(
    as_user, round_, member, bid, officer_user
):
    ready_to_read(member, bid, officer_user)
    page = as_user(member.user).get(url("dashboard", member)).content.decode()
    assert page.count('class="tag tag--done">Done') >= round_.lots.count()
    assert url("bid", member, bid.pk) in page and bid.alias in page
    assert bid.organisation not in page  # blind round


def test_under_16s_need_a_parent_or_carer(as_user, member):
    services.update_profile(member, by=member.user, age_band=AgeBand.UNDER_16)
    page = as_user(member.user).get(url("dashboard", member)).content.decode()
    assert "Get a parent&#x27;s or carer&#x27;s consent" in page


def test_an_excluded_member_sees_why_and_no_bids(as_user, round_, member, bid, officer_user):
    ready_to_read(member, bid, officer_user)
    services.set_member_status(
        member, by=officer_user, status="excluded", reason="Training not finished in time."
    )
    client = as_user(member.user)
    page = client.get(url("dashboard", member)).content.decode()
    assert "You are not scoring in this round" in page
    assert "Training not finished in time." in page
    assert url("bid", member, bid.pk) not in page
    assert "Training not finished" in client.get(url("my_bids", member)).content.decode()
    assert client.get(url("bid", member, bid.pk)).status_code == 404


def test_nobody_else_sees_a_members_pages(as_user, member, officer_user, professional, moderator):
    for user in (officer_user, professional, moderator):
        assert as_user(user).get(url("dashboard", member)).status_code == 404


def test_home_links_to_each_panel(as_user, member, round_):
    page = as_user(member.user).get(reverse("home")).content.decode()
    assert url("dashboard", member) in page and round_.name in page


def test_dashboard_and_my_bids_queries_do_not_grow_with_bids(as_user, round_, member, officer_user):
    lot = round_.lots.first()
    ready_to_read(member, lot.bids.first(), officer_user)
    count = iter(range(100))

    def add_bid():
        new = make_bid(lot, officer_user, organisation=f"New group {next(count)}")
        services.declare(member, new, by=member.user, answers=NO)
        services.assign(member, new, by=officer_user)

    client = as_user(member.user)
    assert_queries_do_not_grow(client, url("my_bids", member), add_bid)
    assert_queries_do_not_grow(client, url("dashboard", member), add_bid)


# Profile and consents -----------------------------------------------------------------------------


def test_profile_is_saved(as_user, member):
    response = as_user(member.user).post(
        url("profile", member),
        {"age_band": "18_25", "support_needs": ["large_text", "travel"], "support_other": "Ramp"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.age_band == "18_25"
    assert member.support_needs == ["large_text", "travel"] and member.support_other == "Ramp"


def test_profile_needs_an_age_group_and_known_needs(as_user, member):
    response = as_user(member.user).post(
        url("profile", member), {"age_band": "", "support_needs": ["flying"]}
    )
    errors = response.context["form"].errors
    assert "Choose your age group." in errors["age_band"]
    assert "support_needs" in errors
    member.refresh_from_db()
    assert member.age_band == AgeBand.AGE_16_17


def test_giving_and_withdrawing_a_consent(as_user, round_, member):
    client = as_user(member.user)
    page = client.get(url("consents", member)).content.decode()
    assert "Photos of me may be used" in page
    assert "A parent or carer agrees" not in page  # not under 16
    response = client.post(url("consents", member), {"kind": "photos"})
    assert response.status_code == 302
    consent = member.consents.get()
    assert actions(round_, "consent.given").get().after["kind"] == "photos"
    page = client.get(url("consents", member)).content.decode()
    assert "Given" in page and url("consent_withdraw", member, consent.pk) in page

    confirm = client.get(url("consent_withdraw", member, consent.pk))
    assert "Withdraw this consent" in confirm.content.decode()
    assert client.post(url("consent_withdraw", member, consent.pk)).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert actions(round_, "consent.withdrawn").get().after["kind"] == "photos"
    again = client.post(url("consent_withdraw", member, consent.pk))
    assert again.status_code == 200 and "withdrawn already" in again.content.decode()


def test_a_parents_consent_needs_their_name(as_user, round_, member):
    services.update_profile(member, by=member.user, age_band=AgeBand.UNDER_16)
    client = as_user(member.user)
    response = client.post(
        url("consents", member), {"kind": "parent", "given_by_name": "", "relationship": "Mum"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Enter the name of the parent or carer who gave consent." in errors["given_by_name"]
    page = response.content.decode()
    assert 'href="#id_given_by_name"' in page and 'value="Mum"' in page  # nothing lost
    assert not Consent.objects.exists()
    response = client.post(
        url("consents", member),
        {"kind": "parent", "given_by_name": "Ada Parent", "relationship": "Mum"},
    )
    assert response.status_code == 302
    consent = member.consents.get()
    assert (consent.given_by_name, consent.relationship) == ("Ada Parent", "Mum")
    event = actions(round_, "consent.given").get()
    assert "Ada" not in str(event.after)  # names stay out of the trail


def test_a_member_cannot_withdraw_someone_elses_consent(as_user, member, professional):
    consent = services.give_consent(member, by=member.user, kind=ConsentKind.QUOTES)
    other = Member.objects.get(user=professional)
    response = as_user(professional).post(url("consent_withdraw", other, consent.pk))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# Conflicts of interest ----------------------------------------------------------------------------


def _answers(n, **overrides):
    """POST data for organisation number `n` on the declaration page."""
    values = {**NO, **overrides}
    data = {f"org{n}-{key}": value for key, value in values.items()}
    data[f"org{n}-details"] = ""
    return data


def test_declaration_page_names_organisations_but_no_bid(as_user, round_, member, officer_user):
    lot = round_.lots.first()
    extra = make_bid(lot, officer_user, organisation="Anchor Arts")
    page = as_user(member.user).get(url("declare", member, lot.pk)).content.decode()
    names = [b.organisation for b in lot.bids.all()]
    assert page.index("Anchor Arts") < page.index(names[0])  # sorted by name
    for b in lot.bids.all():
        assert b.alias not in page and b.reference not in page and b.title not in page
    for question in CONFLICT_QUESTIONS.values():
        assert escape(question) in page
    assert "A Yes or Not sure is fine" in page
    assert page.count("<legend") == 2 * (1 + len(CONFLICT_QUESTIONS))  # per organisation
    assert extra.organisation in page


def test_declaring_no_conflicts(as_user, round_, member):
    lot = round_.lots.first()
    client = as_user(member.user)
    response = client.post(url("declare", member, lot.pk), _answers(1))
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get(member=member, current=True)
    assert declaration.outcome == Outcome.CLEAR
    event = actions(round_, "conflict.declared").get()
    assert event.after["outcome"] == "clear"
    page = client.get(url("declare", member, lot.pk)).content.decode()
    assert 'value="no" required id="id_org1-supports_me_0" checked' in page  # prefilled
    # The same answers again say nothing new: no new declaration, no new event.
    client.post(url("declare", member, lot.pk), _answers(1))
    assert actions(round_, "conflict.declared").count() == 1


def test_a_yes_removes_access_to_that_bid_at_once(as_user, round_, member, bid, officer_user):
    ready_to_read(member, bid, officer_user)
    client = as_user(member.user)
    assert client.get(url("bid", member, bid.pk)).status_code == 200
    response = client.post(
        url("declare", member, bid.lot_id), _answers(1, know_someone="yes"), follow=True
    )
    page = response.content.decode()
    assert "Waiting for an officer to check:" in page and bid.organisation in page
    assert client.get(url("bid", member, bid.pk)).status_code == 404
    assert actions(round_, "access.bid_revoked").exists()
    assert actions(round_, "conflict.declared").filter(after__outcome="waiting").exists()


def test_a_missing_answer_is_explained_and_nothing_is_saved(as_user, round_, member):
    lot = round_.lots.first()
    data = _answers(1, anything_else="")
    data["org1-details"] = "I went there once."
    response = as_user(member.user).post(url("declare", member, lot.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_org1-anything_else_0"' in page
    assert "Choose Yes, No or Not sure." in page
    assert "I went there once." in page  # nothing lost
    assert not ConflictDeclaration.objects.exists()


def test_declaring_on_a_lot_not_on_your_panel_is_not_found(
    as_user, round_, other_round, member, officer_user
):
    lot2 = round_.lots.last()
    make_panel(round_, officer_user, lot=lot2, name="Lot 2 panel")
    client = as_user(member.user)
    assert client.get(url("declare", member, lot2.pk)).status_code == 404
    assert client.post(url("declare", member, lot2.pk), _answers(1)).status_code == 404
    other_lot = other_round.lots.first()
    assert client.get(url("declare", member, other_lot.pk)).status_code == 404
    assert not ConflictDeclaration.objects.exists()


# Bids ---------------------------------------------------------------------------------------------


def test_a_bid_without_an_assignment_cannot_be_opened(as_user, round_, member, bid):
    declare_clear(member)
    document = bid.documents.get()
    client = as_user(member.user)
    assert client.get(url("bid", member, bid.pk)).status_code == 404
    assert client.get(url("bid_document", member, bid.pk, document.pk)).status_code == 404
    assert bid.alias not in client.get(url("my_bids", member)).content.decode()


def test_an_assignment_without_a_declaration_cannot_be_opened(
    as_user, round_, member, bid, officer_user
):
    services.assign(member, bid, by=officer_user)
    assert as_user(member.user).get(url("bid", member, bid.pk)).status_code == 404


def test_another_members_bid_cannot_be_opened(as_user, round_, member, bid, officer_user):
    ready_to_read(member, bid, officer_user)
    other = Member.objects.get(user__email="professional@example.org")
    client = as_user(other.user)
    assert client.get(url("bid", other, bid.pk)).status_code == 404
    assert client.get(url("bid", member, bid.pk)).status_code == 404


def test_blind_round_hides_the_organisation(as_user, round_, member, bid, officer_user):
    record_clarification_answer(bid.clarifications.get(), by=officer_user, answer="Three a week.")
    add_reading_help(bid, by=officer_user, kind="summary", text="They run a youth club.")
    ready_to_read(member, bid, officer_user)
    client = as_user(member.user)
    mine = client.get(url("my_bids", member)).content.decode()
    assert bid.alias in mine and bid.title in mine and bid.organisation not in mine
    page = client.get(url("bid", member, bid.pk)).content.decode()
    assert bid.alias in page and bid.organisation not in page
    assert bid.reference not in page and "plan.pdf" not in page
    assert "Help to read this bid — not part of the bid" in page
    assert "They run a youth club." in page
    assert "How many sessions a week?" in page and "Three a week." in page
    document = bid.documents.get()
    response = client.get(url("bid_document", member, bid.pk, document.pk))
    assert response.status_code == 200
    assert "plan.pdf" not in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_open_round_shows_the_organisation(as_user, round_, member, bid, officer_user):
    Round.objects.filter(pk=round_.pk).update(blind_review=False)
    ready_to_read(member, bid, officer_user)
    client = as_user(member.user)
    assert bid.organisation in client.get(url("my_bids", member)).content.decode()
    assert bid.organisation in client.get(url("bid", member, bid.pk)).content.decode()
    document = bid.documents.get()
    response = client.get(url("bid_document", member, bid.pk, document.pk))
    assert "plan.pdf" in response["Content-Disposition"]


def test_bid_page_shows_each_plain_question(as_user, round_, member, bid, officer_user):
    from bids.services import answerable_criteria

    ready_to_read(member, bid, officer_user)
    page = as_user(member.user).get(url("bid", member, bid.pk)).content.decode()
    for criterion in answerable_criteria(bid.lot):
        assert escape(criterion.question_plain) in page
        assert escape(criterion.question_formal) not in page


# Recognition --------------------------------------------------------------------------------------


def test_recognition_shows_hours_and_the_benefits_notice(as_user, round_, member, officer_user):
    services.record_time(member, by=officer_user, kind="training", hours=Decimal("1.5"))
    services.record_time(member, by=officer_user, kind="training", hours=Decimal("1"))
    services.record_time(member, by=officer_user, kind="meeting", hours=Decimal("2"))
    services.add_expense(member, by=officer_user, description="Bus fare", amount="4.20")
    client = as_user(member.user)
    page = client.get(url("recognition", member)).content.decode()
    assert (
        "2 hours 30 minutes" in page
        and "4 hours 30 minutes" in page
        and "Bus fare" in page
        and "£4.20" in page
    )
    assert "Citizens Advice or your benefits adviser" in page
    assert "You can choose something else, or nothing." in page

    response = client.post(url("recognition", member), {"recognition": "payment"}, follow=True)
    member.refresh_from_db()
    assert member.recognition == "payment"
    assert "You chose payment." in response.content.decode()
    assert actions(round_, "recognition.chosen").get().after == {"recognition": "payment"}
    client.post(url("recognition", member), {"recognition": "none"})
    member.refresh_from_db()
    assert member.recognition == "none"


def test_recognition_needs_a_choice(as_user, member):
    response = as_user(member.user).post(url("recognition", member), {"recognition": "gold"})
    assert "recognition" in response.context["form"].errors


def test_certificate_names_the_person_round_role_and_hours(as_user, round_, member, officer_user):
    services.record_time(member, by=officer_user, kind="scoring", hours=Decimal("3"))
    services.record_time(member, by=officer_user, kind="meeting", hours=Decimal("2.25"))
    page = as_user(member.user).get(url("certificate", member)).content.decode()
    assert "Certificate of contribution" in page
    assert member.user.display_name in page and round_.name in page
    assert "young panellist" in page
    assert "Reading and scoring bids" in page and "5 hours 15 minutes" in page
    # Time given on one day: "on 1 December 2026", not "from 1 December 2026 to 1 December 2026".
    today = date_format(timezone.localdate(), "j F Y")
    assert f", on {today}." in page and f"from {today} to" not in page
    assert "Olive Officer, procurement officer" in page
