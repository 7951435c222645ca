"""Bids: entry by form, the register, statuses with reasons, the freeze and the draft guard."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from bids import services
from bids.models import Bid, BidStatus
from commissioning import services as round_services
from commissioning import stages
from commissioning.models import Stage
from tests.factories import advance, make_bid


def _form(lot, **overrides):
    data = {
        "organisation": "Northfield Parents Network",
        "title": "Parents together",
        "summary": "Weekly groups for parents.",
        "amount_requested": "£120,000",
        "contact_name": "Ann Lee",
        "contact_email": "ann@example.org",
    }
    for criterion in services.answerable_criteria(lot):
        data[f"answer_{criterion.pk}"] = f"Our answer about {criterion.title}"
    return {**data, **overrides}


def test_officer_enters_a_bid_with_the_lots_questions(round_, officer_user, as_user):
    lot = round_.lots.first()
    url = reverse("bids:bid_create", args=[round_.pk]) + f"?lot={lot.pk}"
    page = as_user(officer_user).get(url).content.decode()
    price = "Submit a fixed total price"
    assert "Keeping young people safe and welcome" in page and price not in page
    response = as_user(officer_user).post(url, _form(lot))
    bid = Bid.objects.get(title="Parents together")
    assert response.status_code == 302 and response["Location"] == bid.get_absolute_url()
    assert bid.amount_requested == Decimal("120000.00")
    assert bid.reference == f"R{round_.pk}-L1-002" and bid.alias == "Bid C"
    assert bid.answers.count() == 7
    event = AuditEvent.objects.for_round(round_).get(action="bid.received", object_id=str(bid.pk))
    assert event.after["organisation"] == "Northfield Parents Network"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("amount_requested", "lots", "Enter an amount in pounds"),
        ("amount_requested", "-100", "Enter an amount of £0 or more"),
        ("organisation", "", "This field is required"),
        ("contact_email", "not-an-email", "Enter a valid email address"),
    ],
)
def test_bad_bid_input_keeps_everything_typed(round_, officer_user, as_user, field, value, message):
    lot = round_.lots.first()
    url = reverse("bids:bid_create", args=[round_.pk]) + f"?lot={lot.pk}"
    response = as_user(officer_user).post(url, _form(lot, **{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Our answer about Keeping young people safe and welcome" in response.content.decode()
    assert not Bid.objects.filter(title="Parents together").exists()


def test_over_budget_is_allowed_but_flagged(round_, officer_user, as_user):
    lot = round_.lots.first()
    bid = make_bid(lot, officer_user, amount_requested=lot.budget + 1)
    html = as_user(officer_user).get(bid.get_absolute_url()).content.decode()
    assert "Over the lot&#x27;s budget" in html or "Over the lot's budget" in html
    register = (
        as_user(officer_user).get(reverse("bids:register", args=[round_.pk])).content.decode()
    )
    assert "Over the lot" in register


def test_non_compliant_needs_a_reason_and_is_recorded(round_, officer_user, as_user):
    bid = round_.lots.first().bids.first()
    url = reverse("bids:bid_status", args=[round_.pk, bid.pk])
    response = as_user(officer_user).post(url, {"status": "non_compliant", "reason": ""})
    assert "Say why" in " ".join(response.context["form"].errors["reason"])
    bid.refresh_from_db()
    assert bid.status == BidStatus.RECEIVED
    as_user(officer_user).post(url, {"status": "non_compliant", "reason": "No insurance"})
    bid.refresh_from_db()
    assert (bid.status, bid.status_reason) == (BidStatus.NON_COMPLIANT, "No insurance")
    event = AuditEvent.objects.for_round(round_).get(action="bid.non_compliant")
    assert event.reason == "No insurance" and event.before["status"] == "received"


def test_a_lot_without_compliant_bids_blocks_leaving_draft(round_, officer_user):
    lot = round_.lots.first()
    services.set_status(lot.bids.first(), by=officer_user, status="withdrawn", reason="Pulled out")
    problems = [p.message for p in stages.problems_leaving(round_)]
    assert problems == [f"{lot} has no compliant bids."]
    with pytest.raises(ValidationError):
        round_services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)


def test_bids_freeze_when_scoring_starts_but_can_still_be_withdrawn(round_, officer_user, as_user):
    advance(round_, Stage.SCORING, officer_user)
    bid = round_.lots.first().bids.first()
    client = as_user(officer_user)
    lot = bid.lot
    for url in [
        reverse("bids:bid_edit", args=[round_.pk, bid.pk]),
        reverse("bids:bid_create", args=[round_.pk]) + f"?lot={lot.pk}",
    ]:
        response = client.post(url, _form(lot))
        assert response.status_code == 409 and "Bids are frozen" in response.content.decode()
    response = client.post(
        reverse("bids:bid_status", args=[round_.pk, bid.pk]),
        {"status": "non_compliant", "reason": "Late"},
    )
    assert "Bids are frozen" in response.content.decode()
    client.post(
        reverse("bids:bid_status", args=[round_.pk, bid.pk]),
        {"status": "withdrawn", "reason": "The charity closed"},
    )
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN


def test_register_filters_and_exports(round_, officer_user, auditor, as_user):
    lot = round_.lots.first()
    make_bid(
        lot,
        officer_user,
        organisation="=cmd|' /C calc'!A0",
        title="Sneaky",
        amount_requested=Decimal("7000"),
    )
    url = reverse("bids:register", args=[round_.pk])
    client = as_user(auditor)
    assert [b.title for b in client.get(url + "?q=sneak").context["table"].data] == ["Sneaky"]
    cheap = client.get(url + "?max_amount=10000").context["table"].data
    assert [b.title for b in cheap] == ["Sneaky"]
    by_lot = client.get(url + f"?lot={lot.pk}").context["table"].data
    assert {b.lot_id for b in by_lot} == {lot.pk} and len(by_lot) == 2
    response = client.get(reverse("bids:register_xlsx", args=[round_.pk]) + "?q=sneak")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == "=cmd|' /C calc'!A0"
    assert [c for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []


def test_register_queries_do_not_grow_with_bids(round_, officer_user, as_user):
    from tests.helpers import assert_queries_do_not_grow

    lot = round_.lots.first()
    assert_queries_do_not_grow(
        as_user(officer_user),
        reverse("bids:register", args=[round_.pk]),
        lambda: make_bid(lot, officer_user),
    )


def test_bid_changes_are_replayed_against_the_trail(round_, officer_user):
    from django.core.management import call_command
    from django.db import connection

    bid = round_.lots.first().bids.first()
    services.update_bid(bid, by=officer_user, amount_requested=Decimal("1"), answers={})
    call_command("verify_audit", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE bids_bid SET amount_requested = 999 WHERE id = %s", [bid.pk])
    with pytest.raises(Exception, match="does NOT verify"):
        call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
