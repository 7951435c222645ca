"""A parent's or carer's consent withdrawn mid-scoring: the panellist can no longer save or submit
a sheet they had already opened (through the pages and through the services), the page says why,
and the sheet is kept as it was until consent is given again. scoring.policy decides it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Stage
from panels import services as panel_services
from panels.models import AgeBand, Consent, Member
from scoring import policy, services
from scoring.models import ScoreSheet, SheetStatus
from tests.factories import advance, assign_everyone, declare_clear, entries_for

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
WITHDRAWN_WORDS = "consent has been withdrawn, so you cannot score for now"


@pytest.fixture
def member(round_, officer_user, young_panellist):
    """`young_panellist` as an under-16 whose dad consented, in a round now in scoring."""
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    panel_services.update_profile(member, by=officer_user, age_band=AgeBand.UNDER_16)
    panel_services.give_consent(
        member, by=officer_user, kind="parent", given_by_name="Sam Rowan", relationship="Dad"
    )
    for each in Member.objects.for_round(round_).scoring():
        declare_clear(each)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    return Member.objects.get(pk=member.pk)


@pytest.fixture
def bid(member):
    return member.panel.round.lots.first().bids.first()


@pytest.fixture
def me(client, young_panellist):
    client.force_login(young_panellist)
    return client


def _sheet_url(member, bid):
    return reverse("scoring:sheet", args=[member.pk, bid.pk])


def _opened(me, member, bid) -> ScoreSheet:
    """The panellist looks at the sheet (which writes nothing), then it is started, as their first
    save would start it."""
    assert me.get(_sheet_url(member, bid)).status_code == 200
    return services.open_sheet(member, bid, by=member.user)


def _form(sheet, score=3):
    data = {"version": str(sheet.version)}
    for c in services.criteria_for(sheet.bid):
        data[f"c{c.pk}_score"] = str(score)
        data[f"c{c.pk}_reason"] = "They run three sessions a week led by young people."
    return data


def _withdraw(member):
    consent = Consent.objects.get(member=member, kind="parent", withdrawn_at=None)
    panel_services.withdraw_consent(consent, by=member.user)


def test_a_sheet_saves_while_consent_stands(me, member, bid):
    sheet = _opened(me, member, bid)
    response = me.post(_sheet_url(member, bid), _form(sheet))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.version == 2 and sheet.scores.count() == len(services.criteria_for(bid))


def test_withdrawn_consent_stops_saving_an_open_sheet(me, member, bid):
    sheet = _opened(me, member, bid)
    _withdraw(member)
    response = me.post(_sheet_url(member, bid), _form(sheet))
    assert response.status_code == 400
    assert WITHDRAWN_WORDS in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.version == 1 and not sheet.scores.exists()


def test_withdrawn_consent_stops_autosave_with_the_reason(me, member, bid):
    sheet = _opened(me, member, bid)
    _withdraw(member)
    response = me.post(_sheet_url(member, bid), _form(sheet), **FETCH)
    assert response.status_code == 400
    assert WITHDRAWN_WORDS in response.json()["message"]
    assert not ScoreSheet.objects.get(pk=sheet.pk).scores.exists()


def test_withdrawn_consent_stops_submitting_and_says_why(me, member, bid):
    sheet = _opened(me, member, bid)
    services.save_draft(sheet, by=member.user, entries=entries_for(sheet), version=sheet.version)
    _withdraw(member)
    check = reverse("scoring:check", args=[member.pk, bid.pk])
    assert me.get(check).status_code == 302  # back to the sheet, which says why
    response = me.post(check, {"version": "2"})
    assert response.status_code == 409
    assert WITHDRAWN_WORDS in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert not AuditEvent.objects.filter(action="sheet.submitted").exists()


def test_the_sheet_page_says_why_it_cannot_be_changed(me, member, bid):
    _opened(me, member, bid)
    assert "data-autosave" in me.get(_sheet_url(member, bid)).content.decode()
    _withdraw(member)
    page = me.get(_sheet_url(member, bid)).content.decode()
    assert WITHDRAWN_WORDS in page
    assert "data-autosave" not in page  # no form to type into


def test_services_refuse_saving_and_submitting_without_consent(me, member, bid, officer_user):
    sheet = _opened(me, member, bid)
    services.save_draft(sheet, by=member.user, entries=entries_for(sheet), version=1)
    _withdraw(member)
    with pytest.raises(ValidationError) as refused:
        services.save_draft(sheet, by=member.user, entries=entries_for(sheet), version=2)
    assert WITHDRAWN_WORDS in refused.value.messages[0]
    with pytest.raises(ValidationError, match=WITHDRAWN_WORDS):
        services.submit(sheet, by=member.user, version=2)
    # Consent given again: the sheet, kept as it was, can be finished.
    panel_services.give_consent(
        member, by=officer_user, kind="parent", given_by_name="Sam Rowan", relationship="Dad"
    )
    sheet = services.submit(ScoreSheet.objects.get(pk=sheet.pk), by=member.user, version=2)
    assert sheet.status == SheetStatus.SUBMITTED


def test_a_verdict_handed_over_is_still_checked(me, member, bid):
    sheet = _opened(me, member, bid)
    before = policy.may_score(member, bid, policy.WRITE)
    assert before.allowed
    _withdraw(member)
    after = policy.may_score(Member.objects.get(pk=member.pk), bid, policy.WRITE)
    assert after.reason == policy.NO_CONSENT and not after.allowed
    # A verdict about another action is asked again, so the withdrawal counts.
    start = policy.may_score(member, bid, policy.START)
    with pytest.raises(ValidationError, match=WITHDRAWN_WORDS):
        services.save_draft(
            sheet,
            by=member.user,
            entries=entries_for(sheet),
            version=sheet.version,
            verdict=start,
        )


def test_starting_a_sheet_needs_the_consent_on_the_checklist(me, member, bid):
    _withdraw(member)
    verdict = policy.may_score(Member.objects.get(pk=member.pk), bid, policy.START)
    assert verdict.reason == policy.NOT_READY
    response = me.get(_sheet_url(member, bid))
    assert response.status_code == 403
    assert not ScoreSheet.objects.filter(assignment__member=member).exists()
