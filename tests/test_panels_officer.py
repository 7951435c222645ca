"""The officer's panel pages: the overview, members, invitations, consent, time and expenses,
conflicts of interest and the assignment plan, through the Django test client."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Stage
from panels import services
from panels.models import (
    CONFLICT_QUESTIONS,
    AgeBand,
    Assignment,
    ConflictDeclaration,
    ConflictsAssessment,
    Consent,
    ConsentKind,
    Expense,
    Invitation,
    Member,
    MemberStatus,
    Outcome,
    Panel,
    Role,
    TimeEntry,
)
from tests.factories import UserFactory, declare_clear, join, make_bid

NO = dict.fromkeys(CONFLICT_QUESTIONS, "no")
VIEW_BID = "bids.view_bid"


def _panel(round_):
    return round_.panels.get(lot=None)


def _member(round_, user):
    return Member.objects.get(panel__round=round_, user=user)


def _url(name, round_, *args):
    return reverse(f"panels:{name}", args=[round_.pk, *args])


def _events(round_, action):
    return AuditEvent.objects.for_round(round_).filter(action=action)


def _declare(member, bid, details="", **answers):
    return services.declare(member, bid, by=member.user, answers={**NO, **answers}, details=details)


def _fresh(user):
    """The user again, without guardian's cached permissions."""
    return type(user).objects.get(pk=user.pk)


# The overview -------------------------------------------------------------------------------------


def test_the_round_page_links_to_the_panel(round_, officer_user, as_user):
    html = as_user(officer_user).get(round_.get_absolute_url()).content.decode()
    assert _url("panels", round_) in html


def test_overview_shows_scope_members_consents_and_invitations(
    round_, officer_user, young_panellist, as_user
):
    member = _member(round_, young_panellist)
    services.update_profile(member, by=officer_user, age_band=AgeBand.UNDER_16)
    invitation = services.invite(
        _panel(round_),
        by=officer_user,
        email="nia@example.org",
        display_name="Nia New",
        role=Role.YOUNG,
        accept_url=lambda token: f"/invitations/{token}/",
    )
    response = as_user(officer_user).get(_url("panels", round_))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The panel reads every bid in its lot" in html
    assert "The council checks the winning organisations" in html
    for text in (
        "Mo Moderator",
        "Chair (moderator)",
        "Yusuf Young",
        "Under 16",
        "Pat Professional",
    ):
        assert text in html
    assert "Parent consent missing" in html
    assert "nia@example.org" in html
    assert _url("invitation_cancel", round_, invitation.pk) in html
    for name in ("invite", "member_add", "panel_edit"):
        assert _url(name, round_, _panel(round_).pk) in html
    assert _url("conflicts", round_) in html
    for lot in round_.lots.all():
        assert _url("assignments", round_, lot.pk) in html

    services.give_consent(
        member, by=officer_user, kind=ConsentKind.PARENT, given_by_name="Ann", relationship="mum"
    )
    html = as_user(officer_user).get(_url("panels", round_)).content.decode()
    assert "Parent consent missing" not in html and "Parent consent given" in html


def test_auditor_reads_the_overview_without_ways_to_change_it(round_, auditor, as_user):
    html = as_user(auditor).get(_url("panels", round_)).content.decode()
    assert "Yusuf Young" in html
    assert _url("invite", round_, _panel(round_).pk) not in html
    assert _url("panel_create", round_) not in html


def test_overview_queries_do_not_grow_with_members(round_, officer_user, as_user):
    from tests.helpers import assert_queries_do_not_grow

    panel = _panel(round_)

    def add_rows():
        user = UserFactory()
        member = join(panel, user, Role.YOUNG, officer_user, age_band=AgeBand.UNDER_16)
        services.give_consent(member, by=officer_user, kind=ConsentKind.PHOTOS)
        services.invite(
            panel,
            by=officer_user,
            email=f"invited-{user.pk}@example.org",
            display_name="Someone",
            role=Role.YOUNG,
            accept_url=lambda token: f"/invitations/{token}/",
        )

    assert_queries_do_not_grow(as_user(officer_user), _url("panels", round_), add_rows)


# Setting up panels --------------------------------------------------------------------------------


def _panel_form(**overrides):
    return {
        "name": "Lot 2 panel",
        "lot": "",
        "decides": "Which bids to recommend.",
        "does_not_decide": "The contracts.",
        "scorers_per_bid": "",
        **overrides,
    }


def test_officer_sets_up_a_panel_for_one_lot(round_, officer_user, as_user):
    lot = round_.lots.last()
    response = as_user(officer_user).post(
        _url("panel_create", round_), _panel_form(lot=lot.pk, scorers_per_bid="2")
    )
    assert response.status_code == 302 and response["Location"] == _url("panels", round_)
    panel = Panel.objects.get(lot=lot)
    assert panel.name == "Lot 2 panel" and panel.scorers_per_bid == 2
    event = _events(round_, "panel.created").get(object_id=str(panel.pk))
    assert event.after["lot"] == lot.pk


def test_create_panel_form_is_prefilled_with_plain_words(round_, officer_user, as_user):
    html = as_user(officer_user).get(_url("panel_create", round_)).content.decode()
    assert "The panel reads every bid in its lot" in html


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"name": ""}, "name", "This field is required"),
        ({}, "lot", "already has a panel for every lot"),
        ({"scorers_per_bid": "0"}, "scorers_per_bid", "Enter 1 or more"),
        ({"scorers_per_bid": "lots"}, "scorers_per_bid", "Enter a whole number"),
        ({"lot": "999999"}, "lot", "Select a valid choice"),
    ],
)
def test_bad_panel_input_is_refused_next_to_the_field(
    round_, officer_user, as_user, overrides, field, message
):
    before = Panel.objects.count()
    response = as_user(officer_user).post(_url("panel_create", round_), _panel_form(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert Panel.objects.count() == before


def test_a_lot_with_its_own_panel_cannot_have_a_second(round_, officer_user, as_user):
    lot = round_.lots.last()
    client = as_user(officer_user)
    client.post(_url("panel_create", round_), _panel_form(lot=lot.pk))
    response = client.post(_url("panel_create", round_), _panel_form(lot=lot.pk, name="Again"))
    assert "already has its own panel" in " ".join(response.context["form"].errors["lot"])
    assert Panel.objects.filter(lot=lot).count() == 1


def test_officer_changes_what_the_panel_decides(round_, officer_user, as_user):
    panel = _panel(round_)
    url = _url("panel_edit", round_, panel.pk)
    page = as_user(officer_user).get(url)
    assert "lot" not in page.context["form"].fields  # a panel's lot is fixed
    response = as_user(officer_user).post(
        url, _panel_form(name="Youth panel", decides="Who is funded, within budget.")
    )
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.decides == "Who is funded, within budget."
    event = _events(round_, "panel.updated").get()
    assert event.after["decides"] == "Who is funded, within budget."


def test_another_rounds_panel_is_not_found(round_, other_round, officer_user, as_user):
    other = other_round.panels.first()
    response = as_user(officer_user).get(_url("panel_edit", round_, other.pk))
    assert response.status_code == 404


# Inviting and adding members ----------------------------------------------------------------------


def test_officer_invites_someone_by_email(
    round_, officer_user, as_user, django_capture_on_commit_callbacks
):
    panel = _panel(round_)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(officer_user).post(
            _url("invite", round_, panel.pk),
            {"email": "Nia@Example.org", "display_name": "Nia New", "role": Role.YOUNG},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(panel=panel)
    assert invitation.email == "nia@example.org" and invitation.state == "waiting"
    assert mail.outbox[0].to == ["nia@example.org"]
    assert "http://testserver/invitations/" in mail.outbox[0].body
    event = _events(round_, "panel.invited").get()
    assert "nia@example.org" not in str(event.after)


@pytest.mark.parametrize(
    "email,field,message",
    [
        ("young@example.org", "email", "is already on this panel"),
        ("waiting@example.org", "email", "already has an invitation waiting"),
        ("not an email", "email", "Enter an email address"),
    ],
)
def test_bad_invitations_are_refused_next_to_the_field(
    round_, officer_user, as_user, email, field, message
):
    panel = _panel(round_)
    services.invite(
        panel,
        by=officer_user,
        email="waiting@example.org",
        display_name="Wai Ting",
        role=Role.YOUNG,
        accept_url=lambda token: token,
    )
    response = as_user(officer_user).post(
        _url("invite", round_, panel.pk),
        {"email": email, "display_name": "Someone", "role": Role.YOUNG},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'href="#id_{field}"' in html and 'value="Someone"' in html  # nothing typed is lost
    assert Invitation.objects.filter(panel=panel).count() == 1


def test_a_second_chair_is_refused(round_, officer_user, as_user):
    panel = _panel(round_)
    response = as_user(officer_user).post(
        _url("invite", round_, panel.pk),
        {"email": "chair2@example.org", "display_name": "Second", "role": Role.MODERATOR},
    )
    assert "already has a chair" in " ".join(response.context["form"].errors["role"])
    assert not Invitation.objects.exists()


def test_officer_adds_someone_with_an_account(round_, officer_user, outsider, as_user):
    panel = _panel(round_)
    response = as_user(officer_user).post(
        _url("member_add", round_, panel.pk), {"email": outsider.email, "role": Role.OBSERVER}
    )
    assert response.status_code == 302
    member = Member.objects.get(panel=panel, user=outsider)
    assert member.role == Role.OBSERVER
    assert _events(round_, "panel.member_added").filter(object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    "email,role,field,message",
    [
        ("nobody@example.org", Role.YOUNG, "email", "no account with this email"),
        ("young@example.org", Role.YOUNG, "email", "already on this panel"),
        ("outsider@example.org", Role.MODERATOR, "role", "already has a chair"),
        ("outsider@example.org", "", "role", "This field is required"),
    ],
)
def test_bad_additions_are_refused(
    round_, officer_user, outsider, as_user, email, role, field, message
):
    before = Member.objects.count()
    response = as_user(officer_user).post(
        _url("member_add", round_, _panel(round_).pk), {"email": email, "role": role}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Member.objects.count() == before


def test_officer_cancels_a_waiting_invitation(round_, officer_user, as_user):
    invitation = services.invite(
        _panel(round_),
        by=officer_user,
        email="nia@example.org",
        display_name="Nia",
        role=Role.YOUNG,
        accept_url=lambda token: token,
    )
    url = _url("invitation_cancel", round_, invitation.pk)
    client = as_user(officer_user)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    invitation.refresh_from_db()
    assert invitation.state == "cancelled"
    assert "is cancelled" in response.content.decode()
    assert _events(round_, "panel.invitation_cancelled").count() == 1
    # Cancelling again says why it cannot, and changes nothing.
    response = client.post(url, follow=True)
    assert "Only a waiting invitation can be cancelled." in response.content.decode()
    assert _events(round_, "panel.invitation_cancelled").count() == 1


# A member's page ----------------------------------------------------------------------------------


def test_member_page_shows_everything_about_their_part(
    round_, officer_user, young_panellist, as_user
):
    member = _member(round_, young_panellist)
    services.update_profile(
        member,
        by=officer_user,
        age_band=AgeBand.UNDER_16,
        support_needs=["large_text", "travel"],
        support_other="A quiet room",
    )
    services.give_consent(
        member,
        by=officer_user,
        kind=ConsentKind.PARENT,
        given_by_name="Ann Young",
        relationship="mum",
    )
    photos = services.give_consent(member, by=young_panellist, kind=ConsentKind.PHOTOS)
    services.withdraw_consent(photos, by=young_panellist)
    declare_clear(member)
    bid = round_.lots.first().bids.first()
    services.assign(member, bid, by=officer_user)
    services.record_time(member, by=officer_user, kind="meeting", hours="2.5")
    services.record_time(member, by=officer_user, kind="training", hours="1")
    services.add_expense(member, by=officer_user, description="Bus fare", amount="4.50")
    services.add_expense(member, by=officer_user, description="Train", amount="12")
    services.choose_recognition(member, by=young_panellist, choice="voucher")

    response = as_user(officer_user).get(_url("member", round_, member.pk))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Yusuf Young",
        "young@example.org",
        "Under 16",
        "Large text",
        "Help with travel",
        "A quiet room",
        "Ann Young (mum)",
        "Withdrawn",
        "No conflict",
        bid.reference,
        "2 hours 30 minutes",  # time as people say it, and its total
        "3 hours 30 minutes",
        "£16.50",
        "Bus fare",
        "Shopping voucher",
    ):
        assert text in html, text
    assert "Parent consent missing" not in html


def test_member_of_another_round_is_not_found(round_, other_round, officer_user, as_user):
    other = Member.objects.filter(panel__round=other_round).first()
    assert as_user(officer_user).get(_url("member", round_, other.pk)).status_code == 404


def test_excluding_a_member_needs_a_reason_and_revokes_access(
    round_, officer_user, young_panellist, as_user
):
    member = _member(round_, young_panellist)
    declare_clear(member)
    bid = round_.lots.first().bids.first()
    services.assign(member, bid, by=officer_user)
    assert _fresh(young_panellist).has_perm(VIEW_BID, bid)
    url = _url("member_status", round_, member.pk)
    client = as_user(officer_user)

    response = client.post(url, {"status": MemberStatus.EXCLUDED, "reason": ""})
    assert "Say why" in " ".join(response.context["form"].errors["reason"])
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE

    response = client.post(url, {"status": MemberStatus.EXCLUDED, "reason": "Did not finish"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.EXCLUDED and member.status_reason == "Did not finish"
    assert not _fresh(young_panellist).has_perm(VIEW_BID, bid)
    event = _events(round_, "panel.member_status").get()
    assert event.reason == "Did not finish"

    response = client.post(url, {"status": MemberStatus.EXCLUDED, "reason": "Again"})
    assert "already not scoring" in " ".join(response.context["form"].errors["status"])

    client.post(url, {"status": MemberStatus.ACTIVE, "reason": ""})
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert _fresh(young_panellist).has_perm(VIEW_BID, bid)


def test_officer_adds_time_and_expenses(round_, officer_user, young_panellist, as_user):
    member = _member(round_, young_panellist)
    client = as_user(officer_user)
    response = client.post(
        _url("time_add", round_, member.pk),
        {"kind": "meeting", "hours": "1.5", "on": "2027-02-01", "note": "Panel meeting"},
    )
    assert response.status_code == 302
    entry = TimeEntry.objects.get(member=member)
    assert entry.hours == Decimal("1.5") and str(entry.on) == "2027-02-01"
    assert _events(round_, "recognition.time").count() == 1

    response = client.post(
        _url("expense_add", round_, member.pk),
        {"description": "Bus fare", "amount": "£4.50", "on": "2027-02-01"},
    )
    assert response.status_code == 302
    assert Expense.objects.get(member=member).amount == Decimal("4.50")
    assert _events(round_, "recognition.expense").count() == 1


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"hours": "lots"}, "hours", "Enter a number of hours"),
        ({"hours": "0"}, "hours", "Enter between 0.25 and 24 hours"),
        ({"hours": "30"}, "hours", "Enter between 0.25 and 24 hours"),
        ({"hours": "1.125"}, "hours", "2 decimal places"),
        ({"kind": ""}, "kind", "This field is required"),
        ({"on": "not a date"}, "on", "Enter a real date"),
    ],
)
def test_bad_time_is_refused(round_, officer_user, young_panellist, as_user, data, field, message):
    member = _member(round_, young_panellist)
    response = as_user(officer_user).post(
        _url("time_add", round_, member.pk),
        {"kind": "meeting", "hours": "1", "on": "2027-02-01", **data},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"amount": "0"}, "amount", "more than £0"),
        ({"amount": "lots"}, "amount", "Enter an amount in pounds"),
        ({"amount": "-3"}, "amount", "£0 or more"),
        ({"description": ""}, "description", "This field is required"),
    ],
)
def test_bad_expenses_are_refused(
    round_, officer_user, young_panellist, as_user, data, field, message
):
    member = _member(round_, young_panellist)
    response = as_user(officer_user).post(
        _url("expense_add", round_, member.pk),
        {"description": "Bus", "amount": "4", "on": "2027-02-01", **data},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Expense.objects.exists()


def test_a_parents_consent_needs_their_name(round_, officer_user, young_panellist, as_user):
    member = _member(round_, young_panellist)
    services.update_profile(member, by=officer_user, age_band=AgeBand.UNDER_16)
    url = _url("consent_record", round_, member.pk)
    client = as_user(officer_user)

    response = client.post(
        url, {"kind": ConsentKind.PARENT, "given_by_name": "", "relationship": "mum"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Enter the name of the parent or carer" in " ".join(errors["given_by_name"])
    html = response.content.decode()
    assert 'href="#id_given_by_name"' in html and 'value="mum"' in html
    assert not Consent.objects.exists()
    assert not _events(round_, "consent.given").exists()

    response = client.post(
        url, {"kind": ConsentKind.PARENT, "given_by_name": "Ann Young", "relationship": "mum"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get(member=member)
    assert consent.given_by_name == "Ann Young" and consent.recorded_by == officer_user
    assert _events(round_, "consent.given").get().after["kind"] == ConsentKind.PARENT
    assert not services.needs_parent_consent(member)

    response = client.post(
        url, {"kind": ConsentKind.PARENT, "given_by_name": "Bob", "relationship": "dad"}
    )
    assert "given already" in " ".join(response.context["form"].errors["kind"])
    assert Consent.objects.count() == 1


# Conflicts of interest ----------------------------------------------------------------------------


def test_conflicts_page_lists_concerns_waiting_first_and_the_assessment_history(
    round_, officer_user, young_panellist, professional, as_user
):
    young, pro = _member(round_, young_panellist), _member(round_, professional)
    first, second = (lot.bids.first() for lot in round_.lots.all())
    decided = _declare(pro, first, know_someone="yes")[0]
    services.decide_conflict(decided, by=officer_user, outcome=Outcome.EXCLUDED, reason="Close")
    waiting = _declare(young, second, supports_me="not_sure")[0]
    _declare(young, first)  # a clear declaration is not listed
    services.save_assessment(round_, by=officer_user, text="First version of the assessment.")
    services.save_assessment(round_, by=officer_user, text="Second version of the assessment.")

    response = as_user(officer_user).get(_url("conflicts", round_))
    assert [d.pk for d in response.context["declarations"]] == [waiting.pk, decided.pk]
    html = response.content.decode()
    assert _url("conflict_decide", round_, waiting.pk) in html
    assert "1 waiting for a decision" in html
    assert html.index("Second version") < html.index("First version")  # the latest first
    assert "Earlier versions" in html and _url("assessment", round_) in html


def test_officer_decides_a_declared_interest(round_, officer_user, young_panellist, as_user):
    member = _member(round_, young_panellist)
    bid = round_.lots.first().bids.first()
    services.assign(member, bid, by=officer_user)
    declaration = _declare(member, bid, family_works="yes", details="My aunt works there.")[0]
    assert not _fresh(young_panellist).has_perm(VIEW_BID, bid)
    url = _url("conflict_decide", round_, declaration.pk)
    client = as_user(officer_user)

    html = client.get(url).content.decode()
    assert "Do you or someone in your family work or volunteer there?" in html
    assert "My aunt works there." in html

    response = client.post(url, {"outcome": Outcome.ALLOWED, "mitigation": "", "reason": ""})
    errors = response.context["form"].errors
    assert "Say why" in " ".join(errors["reason"])
    assert "safeguard" in " ".join(errors["mitigation"])
    declaration.refresh_from_db()
    assert declaration.outcome == Outcome.WAITING

    response = client.post(
        url,
        {
            "outcome": Outcome.ALLOWED,
            "mitigation": "A second scorer reads the bid too.",
            "reason": "She is a volunteer in another team.",
        },
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.outcome == Outcome.ALLOWED and declaration.decided_by == officer_user
    assert _fresh(young_panellist).has_perm(VIEW_BID, bid)
    event = _events(round_, "conflict.decided").get()
    assert event.reason == "She is a volunteer in another team."


def test_auditor_reads_a_declaration_but_cannot_decide(round_, auditor, young_panellist, as_user):
    member = _member(round_, young_panellist)
    declaration = _declare(member, round_.lots.first().bids.first(), supports_me="yes")[0]
    url = _url("conflict_decide", round_, declaration.pk)
    response = as_user(auditor).get(url)
    assert response.status_code == 200 and "Record the decision" not in response.content.decode()
    response = as_user(auditor).post(url, {"outcome": Outcome.EXCLUDED, "reason": "x"})
    assert response.status_code == 403
    assert ConflictDeclaration.objects.get(pk=declaration.pk).outcome == Outcome.WAITING


def test_officer_edits_the_conflicts_assessment_keeping_its_history(round_, officer_user, as_user):
    url = _url("assessment", round_)
    client = as_user(officer_user)
    response = client.post(url, {"text": ""})
    assert "This field is required" in " ".join(response.context["form"].errors["text"])
    assert client.post(url, {"text": "Version one."}).status_code == 302
    assert client.get(url).context["form"].initial["text"] == "Version one."
    response = client.post(url, {"text": "Version one."})
    assert "Nothing has changed" in " ".join(response.context["form"].errors["text"])
    client.post(url, {"text": "Version two."})
    assert ConflictsAssessment.objects.filter(round=round_).count() == 2
    assert _events(round_, "conflict.assessment").count() == 2
    html = client.get(_url("conflicts", round_)).content.decode()
    assert "Version two." in html and "Version one." in html


# Assignments --------------------------------------------------------------------------------------


def _lot_with_bids(round_, officer_user, n):
    lot = round_.lots.first()
    for i in range(n - lot.bids.count()):
        make_bid(lot, officer_user, organisation=f"Extra organisation {i}")
    return lot


def _scorers(round_, officer_user, n):
    panel = _panel(round_)
    members = list(Member.objects.filter(panel=panel).scoring())
    for _ in range(n - len(members)):
        members.append(join(panel, UserFactory(), Role.YOUNG, officer_user))
    return members


def test_assignments_page_shows_everyone_scoring_every_bid(
    round_, officer_user, young_panellist, professional, as_user
):
    lot = _lot_with_bids(round_, officer_user, 3)
    response = as_user(officer_user).get(_url("assignments", round_, lot.pk))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {r["member"].user for r in rows} == {young_panellist, professional}
    assert all(r["load"] == 3 for r in rows)
    html = response.content.decode()
    assert "<caption" in html and 'scope="row"' in html and 'class="table-wrap"' in html
    assert "Scores (new)" in html and "Apply this plan" in html


def test_k_scorers_per_bid_are_balanced_and_never_conflicted(
    round_, officer_user, young_panellist, as_user
):
    lot = _lot_with_bids(round_, officer_user, 5)
    members = _scorers(round_, officer_user, 4)
    young = _member(round_, young_panellist)
    conflicted = lot.bids.order_by("number")[1]
    _declare(young, conflicted, supports_me="yes")

    response = as_user(officer_user).get(
        _url("assignments", round_, lot.pk) + "?how=some&scorers=2"
    )
    rows = {r["member"].pk: r for r in response.context["rows"]}
    loads = [rows[m.pk]["load"] for m in members]
    assert sum(loads) == 10 and max(loads) - min(loads) <= 1
    young_cells = {c["bid"].pk: c["state"] for c in rows[young.pk]["cells"]}
    assert young_cells[conflicted.pk] == "conflict"
    assert "Conflict" in response.content.decode()

    plan, problems = services.propose_assignments(lot, 2)
    assert young not in plan[conflicted] and not problems
    with pytest.raises(ValidationError, match="declared an interest"):
        services.assign(young, conflicted, by=officer_user)
    assert not Assignment.objects.filter(member=young, bid=conflicted).exists()


def test_applying_the_plan_grants_and_revokes_access(
    round_, officer_user, young_panellist, professional, as_user
):
    lot = _lot_with_bids(round_, officer_user, 2)
    young, pro = _member(round_, young_panellist), _member(round_, professional)
    declare_clear(young)
    declare_clear(pro)
    bids = list(lot.bids.order_by("number"))
    url = _url("assignments", round_, lot.pk)
    client = as_user(officer_user)

    fingerprint = client.get(url + "?how=everyone").context["fingerprint"]
    response = client.post(url, {"fingerprint": fingerprint, "scorers": ""})
    assert response.status_code == 302
    assert Assignment.objects.filter(bid__lot=lot).count() == 4
    assert all(_fresh(young_panellist).has_perm(VIEW_BID, b) for b in bids)
    assert _events(round_, "assignment.added").count() == 4
    assert _events(round_, "access.bid_granted").count() == 4

    # One scorer a bid: each member keeps one bid and loses the other.
    fingerprint = client.get(url + "?how=some&scorers=1").context["fingerprint"]
    response = client.post(url, {"fingerprint": fingerprint, "scorers": "1"}, follow=True)
    assert "2 removed" in response.content.decode()
    assert Assignment.objects.filter(bid__lot=lot).count() == 2
    for user in (young_panellist, professional):
        assert sum(_fresh(user).has_perm(VIEW_BID, b) for b in bids) == 1
    assert _events(round_, "assignment.removed").count() == 2
    assert _events(round_, "access.bid_revoked").count() == 2


def test_a_plan_that_changed_since_it_was_checked_is_not_applied(
    round_, officer_user, young_panellist, as_user
):
    lot = round_.lots.first()
    url = _url("assignments", round_, lot.pk)
    client = as_user(officer_user)
    old = client.get(url).context["fingerprint"]
    _declare(_member(round_, young_panellist), lot.bids.first(), supports_me="yes")

    response = client.post(url, {"fingerprint": old, "scorers": ""})
    assert response.status_code == 200
    assert "Something changed since you checked the plan" in response.content.decode()
    assert response.context["fingerprint"] != old
    assert f'value="{response.context["fingerprint"]}"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_bad_number_of_scorers_is_explained(round_, officer_user, as_user):
    url = _url("assignments", round_, round_.lots.first().pk)
    for query, message in (
        ("?how=some&scorers=", "Enter how many people"),
        ("?how=some&scorers=0", "Enter 1 or more"),
        ("?how=some&scorers=two", "Enter a whole number"),
    ):
        response = as_user(officer_user).get(url + query)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["scorers"])
        assert 'href="#id_scorers"' in response.content.decode()


def test_assignments_cannot_change_once_scoring_starts(round_, officer_user, as_user):
    lot = round_.lots.first()
    url = _url("assignments", round_, lot.pk)
    fingerprint = as_user(officer_user).get(url).context["fingerprint"]
    round_.stage = Stage.SCORING  # straight to the stage: only the assignment rule is under test
    round_.save(update_fields=["stage"])
    response = as_user(officer_user).get(url)
    assert "Apply this plan" not in response.content.decode()
    response = as_user(officer_user).post(url, {"fingerprint": fingerprint, "scorers": ""})
    assert response.status_code == 200
    assert "Scoring has started" in response.content.decode()
    assert not Assignment.objects.exists()


def test_auditor_sees_the_plan_but_cannot_apply_it(round_, auditor, as_user):
    url = _url("assignments", round_, round_.lots.first().pk)
    response = as_user(auditor).get(url)
    assert response.status_code == 200 and "Apply this plan" not in response.content.decode()
    response = as_user(auditor).post(url, {"fingerprint": response.context["fingerprint"]})
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_assignments_queries_do_not_grow_with_members_and_bids(round_, officer_user, as_user):
    from tests.helpers import assert_queries_do_not_grow

    lot = round_.lots.first()
    panel = _panel(round_)
    counter = iter(range(100))

    def add_rows():
        n = next(counter)
        member = join(panel, UserFactory(), Role.PROFESSIONAL, officer_user)
        bid = make_bid(lot, officer_user, organisation=f"Grown organisation {n}")
        declare_clear(member)
        _declare(member, bid, supports_me="yes")
        services.assign(member, lot.bids.first(), by=officer_user)

    assert_queries_do_not_grow(
        as_user(officer_user), _url("assignments", round_, lot.pk) + "?how=some&scorers=1", add_rows
    )
