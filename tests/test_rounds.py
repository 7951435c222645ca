"""Rounds and lots through the officer pages: creation, bad input, budgets, the method freeze."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from commissioning import services
from commissioning.models import Lot, Round, Stage
from tests.factories import advance, make_round

GOOD_ROUND = {
    "name": "Youth services 2028",
    "purpose": "Money for things young people want.",
    "total_budget": "£1,400,000",
    "starts_on": "2028-01-10",
    "ends_on": "2028-03-31",
    "mode": "procurement",
    "aggregation": "consensus",
    "tie_break": "panel",
    "reference_prefix": "YS28",
}


def test_officer_creates_a_round_and_becomes_its_officer(officer_user, as_user):
    response = as_user(officer_user).post(reverse("commissioning:round_create"), GOOD_ROUND)
    round_ = Round.objects.get(name="Youth services 2028")
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.total_budget == Decimal("1400000.00")
    assert round_.stage == Stage.DRAFT
    assert as_user(officer_user).get(round_.get_absolute_url()).status_code == 200
    assert list(AuditEvent.objects.for_round(round_).values_list("action", flat=True)) == [
        "round.created",
        "access.granted",
    ]


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("total_budget", "lots", "Enter an amount in pounds"),
        ("total_budget", "-5", "Enter an amount of £0 or more"),
        ("total_budget", "10.001", "nearest penny"),
        ("ends_on", "2027-12-31", "The end date must be the same as or after the start date"),
        ("name", "", "This field is required"),
    ],
)
def test_bad_round_input_is_shown_next_to_the_field_and_keeps_what_was_typed(
    officer_user, as_user, field, value, message
):
    response = as_user(officer_user).post(
        reverse("commissioning:round_create"), {**GOOD_ROUND, field: value}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    assert f'id="id_{field}_error"' in html
    assert "Youth services 2028" in html or field == "name"  # nothing typed is lost
    assert not Round.objects.exists()


def test_lot_budgets_may_not_exceed_the_round_budget(round_, officer_user, as_user):
    url = reverse("commissioning:lot_create", args=[round_.pk])
    late = "Agreed after the bids arrived."  # the round has bids, so the method needs a reason
    response = as_user(officer_user).post(
        url, {"name": "Big lot", "budget": "900000.01", "reason": late}
    )
    assert response.status_code == 200
    assert "this lot can have at most £800,000.00" in " ".join(
        response.context["form"].errors["budget"]
    )
    assert not Lot.objects.filter(name="Big lot").exists()
    response = as_user(officer_user).post(
        url, {"name": "Big lot", "budget": "800000", "reason": late}
    )
    assert response.status_code == 302
    assert Lot.objects.get(name="Big lot").number == 3


def test_round_budget_cannot_drop_below_its_lots(round_, officer_user, as_user):
    url = reverse("commissioning:round_edit", args=[round_.pk])
    data = {**GOOD_ROUND, "total_budget": "150000", "reason": "Budget cut."}
    response = as_user(officer_user).post(url, data)
    assert "The lots already add up to £200,000.00" in " ".join(
        response.context["form"].errors["total_budget"]
    )
    round_.refresh_from_db()
    assert round_.total_budget == Decimal("1000000.00")


def test_edits_record_before_and_after(round_, officer_user, as_user):
    url = reverse("commissioning:round_edit", args=[round_.pk])
    as_user(officer_user).post(url, {**GOOD_ROUND, "name": "Renamed", "reason": "A clearer name."})
    event = AuditEvent.objects.for_round(round_).get(action="round.updated")
    assert event.before["name"] == "Youth services 2027" and event.after["name"] == "Renamed"
    assert ("name", "Youth services 2027", "Renamed") in event.changed_fields


def test_after_draft_a_method_change_needs_a_reason_and_flags_the_round(
    round_, officer_user, as_user
):
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    lot = round_.lots.first()
    url = reverse("commissioning:lot_edit", args=[round_.pk, lot.pk])
    client = as_user(officer_user)
    response = client.post(url, {"name": lot.name, "budget": "50000"})
    assert "This field is required" in " ".join(response.context["form"].errors["reason"])
    lot.refresh_from_db()
    assert lot.budget == Decimal("100000.00")
    response = client.post(url, {"name": lot.name, "budget": "50000", "reason": "Budget cut"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.method_changed_after_bids
    override = AuditEvent.objects.for_round(round_).get(action="round.method_overridden")
    assert override.reason == "Budget cut"
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Method changed after bids were received" in page


def test_in_draft_a_weight_change_needs_a_reason_once_a_bid_has_arrived(officer_user, as_user):
    """Bidders answered the method as published: once the first bid is in, a change needs a
    reason and flags the round, even before it leaves draft. Before any bid it needs none."""
    from commissioning.models import CriterionKind, SetupState
    from tests.factories import make_bid

    round_ = make_round(officer_user, bids=0)
    rubric = round_.rubrics.get()
    weighted = list(rubric.criteria.exclude(kind=CriterionKind.PASS_FAIL))
    url = reverse("commissioning:weights", args=[round_.pk, rubric.pk])
    client = as_user(officer_user)

    def shifted(by):
        data = {f"weight_{c.pk}": str(c.weight) for c in weighted}
        data[f"weight_{weighted[0].pk}"] = str(weighted[0].weight - by)
        data[f"weight_{weighted[1].pk}"] = str(weighted[1].weight + by)
        return data

    assert round_.setup_state == SetupState.OPEN
    assert 'name="reason"' not in client.get(url).content.decode()
    assert client.post(url, shifted(5)).status_code == 302
    round_.refresh_from_db()
    assert not round_.method_changed_after_bids
    assert not AuditEvent.objects.for_round(round_).filter(action="round.method_overridden")

    make_bid(round_.lots.first(), officer_user)
    round_.refresh_from_db()
    assert (round_.stage, round_.setup_state) == (Stage.DRAFT, SetupState.OVERRIDE)
    for c in weighted:
        c.refresh_from_db()
    page = client.get(url).content.decode()
    assert 'name="reason"' in page and "fixed when the first bid arrived" in page
    response = client.post(url, shifted(5))
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    with pytest.raises(ValidationError, match="now that bids have been received"):
        services.set_weights(
            rubric, by=officer_user, weights={c.pk: c.weight for c in weighted[::-1]}
        )
    round_.refresh_from_db()
    assert not round_.method_changed_after_bids

    why = "The panel asked for reach to count for more."
    assert client.post(url, {**shifted(5), "reason": why}).status_code == 302
    round_.refresh_from_db()
    assert round_.method_changed_after_bids
    events = AuditEvent.objects.for_round(round_)
    assert events.get(action="round.method_overridden").reason == why
    changed = events.filter(action="criterion.updated", object_id=str(weighted[0].pk)).last()
    assert changed.reason == why
    assert (
        "Method changed after bids were received"
        in client.get(round_.get_absolute_url()).content.decode()
    )


def test_setup_state_asks_the_database_once_per_round(round_, django_assert_num_queries):
    fresh = Round.objects.get(pk=round_.pk)
    with django_assert_num_queries(1):
        assert [fresh.setup_state for _ in range(3)] == ["override"] * 3


def test_method_is_frozen_once_scoring_starts_even_after_stepping_back(
    round_, officer_user, as_user
):
    advance(round_, Stage.SCORING, officer_user)
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user, reason="Redo training")
    client = as_user(officer_user)
    lot = round_.lots.first()
    for url in [
        reverse("commissioning:lot_edit", args=[round_.pk, lot.pk]),
        reverse("commissioning:lot_create", args=[round_.pk]),
        reverse("commissioning:round_edit", args=[round_.pk]),
        reverse("commissioning:weights", args=[round_.pk, round_.rubrics.first().pk]),
    ]:
        response = client.post(url, {"name": "x", "budget": "1", "reason": "try"})
        assert response.status_code == 409
        assert "The method is frozen" in response.content.decode()
    with pytest.raises(Exception, match="frozen"):
        services.update_lot(lot, by=officer_user, reason="try", budget=Decimal("1"))
    lot.refresh_from_db()
    assert lot.budget == Decimal("100000.00")


def test_round_list_shows_only_rounds_the_user_may_see(round_, other_round, officer_user, as_user):
    response = as_user(officer_user).get(reverse("commissioning:round_list"))
    names = [r.name for r in response.context["table"].data]
    assert names == [round_.name]
    filtered = as_user(officer_user).get(reverse("commissioning:round_list") + "?stage=scoring")
    assert list(filtered.context["table"].data) == []


def test_round_list_queries_do_not_grow_with_rounds(officer_user, as_user):
    from tests.factories import make_round
    from tests.helpers import assert_queries_do_not_grow

    make_round(officer_user, rubric=False)
    assert_queries_do_not_grow(
        as_user(officer_user),
        reverse("commissioning:round_list"),
        lambda: make_round(officer_user, rubric=False),
    )


def test_round_page_queries_do_not_grow_with_lots(round_, officer_user, as_user):
    from tests.helpers import assert_queries_do_not_grow

    def add_lot():
        services.add_lot(
            round_, by=officer_user, name="Another", budget=Decimal("1"), reason="More work."
        )

    assert_queries_do_not_grow(as_user(officer_user), round_.get_absolute_url(), add_lot)


def test_access_page_grants_and_revokes_an_auditor(round_, officer_user, outsider, as_user):
    client = as_user(officer_user)
    url = reverse("commissioning:round_access", args=[round_.pk])
    response = client.post(
        url, {"action": "grant", "email": "nobody@example.org", "role": "audit_round"}
    )
    assert "Nobody with that email address" in " ".join(response.context["form"].errors["email"])
    client.post(url, {"action": "grant", "email": outsider.email, "role": "audit_round"})
    assert as_user(outsider).get(round_.get_absolute_url()).status_code == 200
    as_user(officer_user).post(
        url, {"action": "revoke", "user": str(outsider.pseudonym), "role": "audit_round"}
    )
    assert as_user(outsider).get(round_.get_absolute_url()).status_code == 404
    actions = list(AuditEvent.objects.for_round(round_).values_list("action", flat=True))
    assert actions[-2:] == ["access.granted", "access.revoked"]
