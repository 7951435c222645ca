"""The panel rules, through panels.services: invitations, consent, conflicts, access and assignments."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from commissioning import stages
from panels import access, services
from panels.models import CONFLICT_QUESTIONS, AgeBand, Invitation, Member, Outcome, Role
from tests.factories import UserFactory, declare_clear, join, make_bid, make_round

NO = dict.fromkeys(CONFLICT_QUESTIONS, "no")


def _panel(round_):
    return round_.panels.get()


def _member(round_, user):
    return Member.objects.get(panel__round=round_, user=user)


def _invite(panel, officer, email="new@example.org", role=Role.YOUNG):
    links = []
    invitation = services.invite(
        panel,
        by=officer,
        email=email,
        display_name="Nia New",
        role=role,
        accept_url=lambda token: links.append(token) or f"https://x/invitations/{token}/",
    )
    return invitation, links[0]


def test_an_invitation_is_emailed_and_joins_once(
    round_, officer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(_panel(round_), officer_user)
    assert mail.outbox[0].to == ["new@example.org"]
    assert f"/invitations/{token}/" in mail.outbox[0].body
    assert token not in invitation.token_hash  # only a hash is kept

    member = services.accept_invitation(token, display_name="Nia", password="a-long-password-1")
    assert member.role == Role.YOUNG and member.user.email == "new@example.org"
    assert member.user.check_password("a-long-password-1")
    joined = AuditEvent.objects.filter(action="panel.member_joined").get()
    assert "new@example.org" not in str(joined.after)  # the trail names people by pseudonym

    with pytest.raises(ValidationError, match="used already"):
        services.accept_invitation(token, display_name="Nia", password="a-long-password-1")
    assert Member.objects.filter(user__email="new@example.org").count() == 1


def test_an_expired_or_cancelled_invitation_cannot_be_used(round_, officer_user):
    invitation, token = _invite(_panel(round_), officer_user)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(ValidationError, match="run out of time"):
        services.accept_invitation(token, display_name="Nia", password="a-long-password-1")
    other, other_token = _invite(_panel(round_), officer_user, email="two@example.org")
    services.cancel_invitation(other, by=officer_user)
    with pytest.raises(ValidationError, match="cancelled"):
        services.accept_invitation(other_token, display_name="T", password="a-long-password-1")
    with pytest.raises(ValidationError, match="not right"):
        services.accept_invitation("made-up", display_name="T", password="a-long-password-1")
    assert not Member.objects.filter(user__email__in=["new@example.org", "two@example.org"])


def test_inviting_someone_already_on_the_panel_is_refused(round_, officer_user, young_panellist):
    with pytest.raises(ValidationError) as error:
        _invite(_panel(round_), officer_user, email=young_panellist.email.upper())
    assert "already on this panel" in str(error.value.message_dict["email"])
    _invite(_panel(round_), officer_user)
    with pytest.raises(ValidationError, match="already has an invitation waiting"):
        _invite(_panel(round_), officer_user)


def test_a_second_chair_is_refused(round_, officer_user):
    with pytest.raises(ValidationError, match="already has a chair"):
        _invite(_panel(round_), officer_user, role=Role.MODERATOR)


def test_under_16s_need_a_named_parent_for_consent(round_, officer_user):
    child = join(_panel(round_), UserFactory(), Role.YOUNG, officer_user, age_band=AgeBand.UNDER_16)
    assert services.needs_parent_consent(child)
    with pytest.raises(ValidationError) as error:
        services.give_consent(child, by=officer_user, kind="parent", relationship="Mum")
    assert "given_by_name" in error.value.message_dict
    assert not child.consents.exists()

    consent = services.give_consent(
        child, by=officer_user, kind="parent", given_by_name="Ann Parent", relationship="Mum"
    )
    child = Member.objects.get(pk=child.pk)
    assert not services.needs_parent_consent(child)
    event = AuditEvent.objects.filter(action="consent.given").get()
    assert "Ann Parent" not in str(event.after)
    services.withdraw_consent(consent, by=child.user)
    assert services.needs_parent_consent(Member.objects.get(pk=child.pk))
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_access_to_a_bid_needs_an_assignment_and_a_clear_declaration(
    round_, officer_user, young_panellist
):
    member = _member(round_, young_panellist)
    bid = round_.lots.first().bids.first()
    services.assign(member, bid, by=officer_user)
    assert not young_panellist.has_perm(access.VIEW_BID, bid)  # nothing declared yet
    assert not access.bids_for(member).exists()

    declare_clear(member)
    assert young_panellist.has_perm(access.VIEW_BID, bid)
    assert list(access.bids_for(member)) == [bid]
    assert AuditEvent.objects.filter(action="access.bid_granted").count() == 1

    # A conflict declared later removes access at once, until an officer decides.
    services.declare(member, bid, by=young_panellist, answers={**NO, "know_someone": "not_sure"})
    assert not young_panellist.has_perm(access.VIEW_BID, bid)
    assert AuditEvent.objects.filter(action="access.bid_revoked").count() == 1
    declaration = member.declarations.get(bid=bid, current=True)
    assert declaration.outcome == Outcome.WAITING

    with pytest.raises(ValidationError) as error:
        services.decide_conflict(declaration, by=officer_user, outcome=Outcome.ALLOWED, reason="x")
    assert "mitigation" in error.value.message_dict
    services.decide_conflict(
        declaration,
        by=officer_user,
        outcome=Outcome.ALLOWED,
        reason="Knows a volunteer there slightly.",
        mitigation="A second professional also scores this bid.",
    )
    assert young_panellist.has_perm(access.VIEW_BID, bid)


def test_an_excluded_member_loses_access(round_, officer_user, young_panellist):
    member = _member(round_, young_panellist)
    bid = round_.lots.first().bids.first()
    declare_clear(member)
    services.assign(member, bid, by=officer_user)
    with pytest.raises(ValidationError) as error:
        services.set_member_status(member, by=officer_user, status="excluded")
    assert "reason" in error.value.message_dict
    services.set_member_status(member, by=officer_user, status="excluded", reason="Left school")
    assert not young_panellist.has_perm(access.VIEW_BID, bid)


def test_a_declaration_on_a_lot_the_member_is_not_on_is_refused(
    officer_user, young_panellist, round_
):
    other = make_round(officer_user, name="Other round")
    foreign_bid = other.lots.first().bids.first()
    with pytest.raises(ValidationError, match="not on the panel for this lot"):
        services.declare(
            _member(round_, young_panellist), foreign_bid, by=young_panellist, answers=NO
        )


def test_a_declaration_covers_every_bid_of_the_organisation(round_, officer_user, young_panellist):
    lot = round_.lots.first()
    first = lot.bids.first()
    second = make_bid(lot, officer_user, organisation=f"  {first.organisation.upper()} ", title="B")
    member = _member(round_, young_panellist)
    made = services.declare(member, first, by=young_panellist, answers={**NO, "supports_me": "yes"})
    assert {d.bid for d in made} == {first, second}


def test_a_conflicted_pair_is_never_proposed_nor_assigned(round_, officer_user, young_panellist):
    lot = round_.lots.first()
    bid = lot.bids.first()
    member = _member(round_, young_panellist)
    services.declare(member, bid, by=young_panellist, answers={**NO, "family_works": "yes"})
    with pytest.raises(ValidationError, match="declared an interest"):
        services.assign(member, bid, by=officer_user)
    plan, _ = services.propose_assignments(lot)
    assert member not in plan[bid]


def test_k_scorers_per_bid_are_balanced(officer_user):
    round_ = make_round(officer_user, lots=1, bids=7)
    panel = round_.panels.get()
    members = [join(panel, UserFactory(), Role.YOUNG, officer_user) for _ in range(4)]
    lot = round_.lots.get()
    plan, problems = services.propose_assignments(lot, scorers_per_bid=2)
    assert not problems
    assert all(len(chosen) == 2 for chosen in plan.values())
    loads = [sum(m in chosen for chosen in plan.values()) for m in members]
    assert sum(loads) == 14 and max(loads) - min(loads) <= 1, loads

    fingerprint = services.plan_fingerprint(plan)
    added, removed = services.apply_assignments(
        lot, by=officer_user, scorers_per_bid=2, fingerprint=fingerprint
    )
    assert (added, removed) == (14, 0)
    assert AuditEvent.objects.filter(action="assignment.added").count() == 14
    # A new member changes the plan, so the checked fingerprint no longer applies.
    join(panel, UserFactory(), Role.PROFESSIONAL, officer_user)
    with pytest.raises(ValidationError, match="Something changed"):
        services.apply_assignments(lot, by=officer_user, scorers_per_bid=2, fingerprint=fingerprint)


def test_too_few_scorers_is_reported(officer_user):
    round_ = make_round(officer_user, lots=1, bids=1)
    lot = round_.lots.get()
    _, problems = services.propose_assignments(lot, scorers_per_bid=3)
    assert problems == [
        f"{lot.bids.get().reference} has 0 possible scorers, fewer than the 3 asked for."
    ]


def test_a_round_needs_a_chaired_panel_to_leave_draft(officer_user):
    round_ = make_round(officer_user, panel=False)
    messages = [p.message for p in stages.problems_leaving(round_)]
    assert "Set up the panel that will score the bids." in messages
    round_ = make_round(officer_user, name="With panel")
    assert not stages.problems_leaving(round_)


def test_assessment_keeps_its_history(round_, officer_user):
    services.save_assessment(round_, by=officer_user, text="No conflicts known.")
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.save_assessment(round_, by=officer_user, text="No conflicts known.")
    services.save_assessment(round_, by=officer_user, text="One panellist knows a bidder.")
    texts = list(round_.conflict_assessments.values_list("text", flat=True))
    assert texts == ["One panellist knows a bidder.", "No conflicts known."]
    assert AuditEvent.objects.filter(action="conflict.assessment").count() == 2


def test_the_trail_verifies_after_panel_work(round_, officer_user, young_panellist):
    from django.core.management import call_command

    member = _member(round_, young_panellist)
    declare_clear(member)
    services.assign(member, round_.lots.first().bids.first(), by=officer_user)
    call_command("verify_audit")


def test_a_mail_server_failure_does_not_lose_the_invitation(
    round_, officer_user, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("config.mail.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = _invite(_panel(round_), officer_user)
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert "Could not send the email" in caplog.text
