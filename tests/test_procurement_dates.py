"""Procurement dates: working days, the standstill period, the contract details notice, and the
3 years a procurement round's records are kept."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from commissioning.models import Stage
from decisions import procurement
from decisions.working_days import (
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    TABLE_COVERS,
    OutsideTable,
    is_working_day,
    last_of_working_days,
)
from tests.factories import advance, to_consensus

pytestmark = pytest.mark.django_db


def test_the_standstill_counts_eight_working_days_from_the_notice_day():
    # Thursday 17 December 2026: Christmas Day, Monday 28 December (Boxing Day moved from the
    # Saturday) and the weekends do not count.
    assert last_of_working_days(date(2026, 12, 17), 8) == date(2026, 12, 30)
    # A notice on a Saturday: the period begins on it but counts from the Monday.
    assert last_of_working_days(date(2026, 3, 7), 8) == date(2026, 3, 18)
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March do not count.
    assert last_of_working_days(date(2027, 3, 22), 8) == date(2027, 4, 2)


def test_dates_past_the_bank_holiday_table_are_refused_not_guessed():
    with pytest.raises(OutsideTable, match="bank holiday table covers"):
        last_of_working_days(date(2027, 12, 24), 8)


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=TABLE_COVERS[0], max_value=TABLE_COVERS[1] - timedelta(days=30)))
def test_the_standstill_always_ends_on_a_working_day_after_eight_of_them(start):
    end = last_of_working_days(start, 8)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    assert is_working_day(end)
    assert sum(is_working_day(d) for d in days) == 8
    assert not any(d in BANK_HOLIDAYS_ENGLAND_AND_WALES and is_working_day(d) for d in days)


@pytest.fixture
def decided(round_, officer_user):
    to_consensus(round_, officer_user)
    round_ = advance(round_, Stage.DECIDED, officer_user)
    return round_


def _errors(**dates):
    try:
        procurement._validate(None, dates, date(2027, 6, 1))
    except ValidationError as error:
        return error.message_dict
    return {}


def test_the_dates_must_follow_the_act_order():
    full = {"summaries_sent_on": None, "award_notice_on": None, "contract_on": None}
    assert "summaries_sent_on" in _errors(**{**full, "award_notice_on": date(2027, 3, 1)})
    assert "award_notice_on" in _errors(
        **{**full, "summaries_sent_on": date(2027, 3, 2), "award_notice_on": date(2027, 3, 1)}
    )
    too_soon = _errors(
        summaries_sent_on=date(2027, 3, 1),
        award_notice_on=date(2027, 3, 1),
        contract_on=date(2027, 3, 10),
    )
    assert "the contract can only be entered into after" in too_soon["contract_on"][0]
    assert (
        "future"
        in _errors(**{**full, "summaries_sent_on": date(2027, 7, 1)})["summaries_sent_on"][0]
    )
    assert (
        _errors(
            summaries_sent_on=date(2027, 3, 1),
            award_notice_on=date(2027, 3, 1),
            contract_on=date(2027, 3, 11),
        )
        == {}
    )


def test_recorded_dates_show_standstill_notice_and_retention(decided, officer_user, client):
    procurement.record_dates(
        decided,
        by=officer_user,
        summaries_sent_on=date(2026, 3, 2),
        award_notice_on=date(2026, 3, 3),
        contract_on=date(2026, 3, 13),
    )
    timeline = procurement.timeline(decided)
    assert timeline.standstill_ends == date(2026, 3, 12)
    assert timeline.contract_notice_due == date(2026, 4, 11)
    assert timeline.retained_until == date(2029, 3, 13)
    assert AuditEvent.objects.filter(action="procurement.dates_recorded").count() == 1
    client.force_login(officer_user)
    page = client.get(reverse("decisions:procurement", args=[decided.pk])).content.decode()
    assert "Thursday 12 March 2026" in page and "11 April 2026" in page


def test_on_a_published_round_a_recorded_date_is_final_and_a_missing_one_can_be_added(
    decided, officer_user, client
):
    procurement.record_dates(
        decided, by=officer_user, summaries_sent_on=date(2026, 3, 2), award_notice_on=None
    )
    round_ = advance(decided, Stage.PUBLISHED, officer_user)
    client.force_login(officer_user)
    url = reverse("decisions:procurement", args=[round_.pk])
    response = client.post(url, {"summaries_sent_on": "2026-03-01", "award_notice_on": ""})
    assert response.status_code == 400
    assert "a date already recorded is final" in response.content.decode()
    response = client.post(
        url, {"summaries_sent_on": "2026-03-02", "award_notice_on": "2026-03-03"}
    )
    assert response.status_code == 302
    assert procurement.timeline(round_).record.award_notice_on == date(2026, 3, 3)


def test_bad_dates_get_a_message_beside_the_field(decided, officer_user, client):
    client.force_login(officer_user)
    url = reverse("decisions:procurement", args=[decided.pk])
    response = client.post(
        url, {"summaries_sent_on": "not a date", "award_notice_on": "2026-02-30"}
    )
    assert response.status_code == 400
    assert response.content.decode().count("Enter a real date") == 4  # summary and beside each


def test_a_procurement_round_cannot_be_deleted_inside_its_retention_period(decided, officer_user):
    with pytest.raises(CommandError, match="no contract date recorded"):
        call_command("delete_round", str(decided.pk))
    procurement.record_dates(
        decided,
        by=officer_user,
        summaries_sent_on=date(2026, 3, 2),
        award_notice_on=date(2026, 3, 3),
        contract_on=date(2026, 3, 13),
    )
    with pytest.raises(CommandError, match="must be kept until 13 March 2029"):
        call_command("delete_round", str(decided.pk))
    with pytest.raises(ValidationError):
        procurement.check_deletable(decided, today=date(2029, 3, 12))
    procurement.check_deletable(decided, today=date(2029, 3, 13))  # from then on, it may go
