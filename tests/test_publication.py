"""Sign-off and publication: who signs, publishing needs every signature, and a published round
refuses every change (its services and its pages)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from audit.replay import verify_round
from commissioning import services as round_services
from commissioning.models import Stage
from decisions import signoff
from decisions.models import Publication, SignOff
from panels.models import Member, Role
from tests.factories import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(round_, officer_user):
    """The conftest round, decided, nobody signed yet."""
    round_ = advance(round_, Stage.CONSENSUS, officer_user)
    from decisions.demo import decide_everything
    from tests.factories import agree_everything

    agree_everything(round_)
    decide_everything(round_, officer_user)
    return round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user)


def _panel(round_):
    return Member.objects.get(panel__round=round_, role=Role.MODERATOR).panel


def test_publishing_needs_the_officer_and_every_chair(decided, officer_user, moderator):
    with pytest.raises(ValidationError, match="has not signed off"):
        round_services.move_stage(decided, to=Stage.PUBLISHED, by=officer_user)
    signoff.sign(decided, by=officer_user, role="officer", agree=True)
    with pytest.raises(ValidationError, match="chair of the Youth panel has not signed off"):
        round_services.move_stage(decided, to=Stage.PUBLISHED, by=officer_user)
    signoff.sign(decided, by=moderator, role="chair", panel=_panel(decided), agree=True)
    round_ = round_services.move_stage(decided, to=Stage.PUBLISHED, by=officer_user)
    publication = Publication.objects.get(round=round_)
    events = AuditEvent.objects.for_round(round_)
    head = events.get(seq=publication.trail_seq)
    assert head.hash == publication.trail_hash and head.action == "round.stage_moved"
    assert set(events.values_list("action", flat=True)) >= {
        "round.signed_off",
        "round.published",
        "feedback.released",
    }
    assert verify_round(round_).ok


def test_a_sign_off_by_the_wrong_role_or_twice_is_refused(
    decided, officer_user, moderator, young_panellist, auditor
):
    panel = _panel(decided)
    with pytest.raises(PermissionDenied):
        signoff.sign(decided, by=moderator, role="officer", agree=True)
    with pytest.raises(PermissionDenied):
        signoff.sign(decided, by=young_panellist, role="chair", panel=panel, agree=True)
    with pytest.raises(PermissionDenied):
        signoff.sign(decided, by=auditor, role="officer", agree=True)
    with pytest.raises(ValidationError, match="Tick the box"):
        signoff.sign(decided, by=officer_user, role="officer", agree=False)
    signoff.sign(decided, by=officer_user, role="officer", agree=True)
    with pytest.raises(ValidationError, match="already been signed off"):
        signoff.sign(decided, by=officer_user, role="officer", agree=True)
    assert SignOff.objects.filter(round=decided).count() == 1


def test_stepping_back_to_consensus_voids_the_signatures(decided, officer_user, moderator):
    signoff.sign(decided, by=officer_user, role="officer", agree=True)
    round_ = round_services.move_stage(
        decided, to=Stage.CONSENSUS, by=officer_user, reason="An award was wrong."
    )
    assert SignOff.objects.get(round=round_).voided_at is not None
    round_ = round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user)
    assert [n.given for n in signoff.needed(round_)] == [None, None]


def test_a_published_round_refuses_changes_in_services_and_pages(round_, officer_user, client):
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    with pytest.raises(ValidationError, match="published"):
        round_services.update_round(round_, by=officer_user, name="Renamed")
    with pytest.raises(ValidationError):
        round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user, reason="Undo")
    client.force_login(officer_user)
    before = AuditEvent.objects.count()
    response = client.post(reverse("commissioning:round_edit", args=[round_.pk]), {"name": "x"})
    assert response.status_code == 403
    assert "has been published" in response.content.decode()
    assert AuditEvent.objects.count() == before


def _published(round_, officer_user):
    from tests.factories import to_consensus

    to_consensus(round_, officer_user)
    return advance(round_, Stage.PUBLISHED, officer_user)


def test_consent_can_still_be_withdrawn_after_publication(round_, officer_user, young_panellist):
    from panels import services as panel_services
    from panels.models import ConsentKind

    member = Member.objects.get(panel__round=round_, user=young_panellist)
    consent = panel_services.give_consent(member, by=young_panellist, kind=ConsentKind.PHOTOS)
    round_ = _published(round_, officer_user)
    from django.test import Client

    client = Client()
    client.force_login(young_panellist)
    url = reverse("panels:consent_withdraw", args=[member.pk, consent.pk])
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_an_invitation_to_a_published_round_cannot_be_accepted(round_, officer_user, client):
    from panels import services as panel_services

    panel = Member.objects.get(panel__round=round_, role=Role.MODERATOR).panel
    tokens = []
    panel_services.invite(
        panel,
        by=officer_user,
        email="late@example.org",
        display_name="Late Lee",
        role=Role.YOUNG,
        accept_url=lambda token: tokens.append(token) or f"/invitations/{token}/",
    )
    _published(round_, officer_user)
    response = client.post(
        reverse("panels:accept", args=[tokens[0]]),
        {"display_name": "Late Lee", "password1": "a-long-pass-phrase", "agree": "on"},
    )
    assert response.status_code == 403
    assert "has been published" in response.content.decode()
    assert not Member.objects.filter(user__email="late@example.org").exists()


def test_outsiders_posting_to_a_published_round_learn_nothing_new(
    round_, officer_user, outsider, client
):
    _published(round_, officer_user)
    client.force_login(outsider)
    response = client.post(reverse("commissioning:round_edit", args=[round_.pk]), {"name": "x"})
    assert response.status_code == 404


def _race(*calls):
    """Runs the calls at once, each in its own thread and connection; what each did or said."""
    import threading

    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except (ValidationError, PermissionDenied) as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_two_officers_signing_and_publishing_at_once_give_one_of_each(
    round_, officer_user, moderator
):
    from datetime import date

    from commissioning.access import MANAGE
    from decisions import procurement
    from tests.factories import officer, to_consensus

    second = officer(email="second.officer@example.org")
    round_services.grant_access(round_, second, MANAGE, by=officer_user)
    to_consensus(round_, officer_user)
    round_ = advance(round_, Stage.DECIDED, officer_user)

    outcomes = _race(
        lambda: signoff.sign(round_, by=officer_user, role="officer", agree=True),
        lambda: signoff.sign(round_, by=second, role="officer", agree=True),
    )
    assert outcomes[1] == "ok" and "already been signed off" in outcomes[0]
    assert SignOff.objects.filter(round=round_, role="officer").count() == 1

    outcomes = _race(
        lambda: procurement.record_dates(
            round_, by=officer_user, summaries_sent_on=date(2026, 3, 2)
        ),
        lambda: procurement.record_dates(round_, by=second, award_notice_on=None),
    )
    assert outcomes == ["ok", "ok"]
    assert procurement.timeline(round_).record.summaries_sent_on == date(2026, 3, 2)

    signoff.sign(round_, by=moderator, role="chair", panel=_panel(round_), agree=True)
    outcomes = _race(
        *[
            lambda by=by: round_services.move_stage(
                round_, to=Stage.PUBLISHED, by=by, expected_from=Stage.DECIDED
            )
            for by in (officer_user, second)
        ]
    )
    assert outcomes[1] == "ok" and "has been published" in outcomes[0]
    assert Publication.objects.filter(round=round_).count() == 1
    events = AuditEvent.objects.for_round(round_)
    assert events.filter(action="round.published").count() == 1
    assert verify_round(round_).ok
