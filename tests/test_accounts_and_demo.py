"""Logging in by email, throttled failures, password reset, and the demo command."""

import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from commissioning.models import Lot, Round, Rubric, Stage
from panels.models import ConflictDeclaration
from tests.factories import advance


def test_log_in_by_email(officer_user, client):
    response = client.post(
        reverse("login"), {"username": "OFFICER@example.org", "password": "test-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("commissioning:round_list")).status_code == 200


def test_wrong_password_says_so_plainly(officer_user, client):
    response = client.post(reverse("login"), {"username": officer_user.email, "password": "nope"})
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()


def test_repeated_failures_are_throttled_even_with_the_right_password(
    officer_user, client, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        typed = officer_user.email.upper() if n % 2 else officer_user.email  # case is no way round
        client.post(reverse("login"), {"username": typed, "password": "nope"})
    response = client.post(
        reverse("login"), {"username": officer_user.email, "password": "test-password"}
    )
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert client.get(reverse("commissioning:round_list")).status_code == 302


def test_password_reset_sends_a_working_link(officer_user, client):
    client.post(reverse("password_reset"), {"email": officer_user.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-much-better-secret-77", "new_password2": "a-much-better-secret-77"},
    )
    assert response.status_code == 302
    officer_user.refresh_from_db()
    assert officer_user.check_password("a-much-better-secret-77")


def test_demo_seeds_the_case_study_once(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    call_command("demo", "--no-serve", stdout=io.StringIO())
    round_ = Round.objects.get()
    assert round_.total_budget == 1400000
    assert [lot.name for lot in Lot.objects.order_by("number")] == [
        "Working with parents",
        "A place for young people to go",
        "Newshounds: a young people's media group",
    ]
    assert Rubric.objects.count() == 1 and User.objects.count() == 9
    panel = round_.panels.get()
    roles = sorted(panel.members.values_list("role", flat=True))
    assert roles == ["moderator"] + ["professional"] * 2 + ["young"] * 4
    under_16 = panel.members.get(age_band="under_16")
    assert under_16.consents.filter(kind="parent", withdrawn_at=None).exists()
    # One panellist declared an interest; the officer kept her away from that bid.
    kept_away = ConflictDeclaration.objects.filter(current=True, outcome="excluded")
    assert kept_away.count() == 1
    assert not kept_away.get().member.user.has_perm("bids.view_bid", kept_away.get().bid)
    # The round is at its consensus meetings; one young panellist could not finish induction and
    # was excluded.
    assert round_.stage == "consensus"
    assert list(panel.members.filter(status="excluded").values_list("user__email", flat=True)) == [
        "leo@example.org"
    ]
    assert "demo-password" in out.getvalue()
    for user in User.objects.all():  # every login, with who they are and a step of the tour
        assert f"{user.display_name} ({user.email})" in out.getvalue()
        assert f"Log in as {user.display_name.split()[0]}, open " in out.getvalue()
    officer = User.objects.get(email="officer@example.org")
    assert officer.has_perm("commissioning.manage_round", round_)
    assert User.objects.get(email="auditor@example.org").has_perm(
        "commissioning.audit_round", round_
    )
    call_command("verify_audit", stdout=io.StringIO())  # raises if the demo's trail is not clean


def test_published_round_shows_its_trail_head(round_, officer_user, as_user):
    from decisions.models import Publication

    advance(round_, Stage.PUBLISHED, officer_user)
    published = Publication.objects.get(round=round_)
    head = AuditEvent.objects.for_round(round_).get(seq=published.trail_seq)
    assert head.hash == published.trail_hash and head.action == "round.stage_moved"
    html = as_user(officer_user).get(round_.get_absolute_url()).content.decode()
    assert head.hash in html and f"event #{head.seq}" in html


def test_the_demo_can_stop_at_any_stage_it_tells(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--stage", "scoring", stdout=out)
    assert Round.objects.get().stage == "scoring" and "(Scoring)" in out.getvalue()
    call_command("demo", "--no-serve", "--stage", "consensus", stdout=io.StringIO())
    assert Round.objects.get().stage == "consensus"
    out = io.StringIO()
    call_command("demo", "--no-serve", "--stage", "scoring", stdout=out)
    assert Round.objects.get().stage == "consensus" and "never moves a round back" in out.getvalue()
