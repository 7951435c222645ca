"""Awards, passing over, the guard to leave consensus, moderation impact and the budget race."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditEvent
from audit.replay import replay
from commissioning import services as round_services
from commissioning import stages
from commissioning.models import Stage
from decisions import awards, impact, results
from decisions.demo import decide_everything
from decisions.guards import lot_problems
from decisions.models import Award
from scoring import consensus
from scoring import consensus_policy as policy
from tests.test_decisions import HAND_PRICES, HAND_SCORES, build, lot_of, pass_all

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def hand(officer_user, moderator):
    """A (75.00, asks £40,000) ranked above B (71.78, asks £45,000); lot budget £100,000."""
    round_, bids = build(officer_user, moderator, prices=HAND_PRICES, scores=HAND_SCORES)
    pass_all(round_, officer_user, bids)
    return round_, bids


def _errors(call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_awards_within_the_budget_are_recorded(hand, officer_user):
    round_, (a, b) = hand
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("40000.00"))
    awards.record_decision(b, by=officer_user, decision="awarded", amount=D("45000"))
    lot = lot_of(round_)
    assert (lot.awarded_total, lot.remaining, lot.over_budget) == (D(85000), D(15000), False)
    assert lot.for_bid(b.pk).award.amount == D("45000.00")
    assert lot_problems(lot) == []


def test_an_award_over_the_lots_budget_is_refused(officer_user, moderator):
    round_, (a, b) = build(
        officer_user, moderator, prices=["60000", "50000"], scores=[[4] * 5, [3] * 5]
    )
    pass_all(round_, officer_user, [a, b])
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("60000"))
    errors = _errors(
        awards.record_decision, bid=b, by=officer_user, decision="awarded", amount=D("50000")
    )
    assert "over its budget of £100,000.00. £40,000.00 is left." in errors["amount"][0]
    assert not Award.objects.filter(bid=b).exists()
    awards.record_decision(b, by=officer_user, decision="awarded", amount=D("40000.00"))
    assert lot_of(round_).awarded_total == D(100000)


def test_an_ineligible_bid_cannot_be_awarded_or_kept_in_reserve(officer_user, moderator):
    round_, (a, b) = build(
        officer_user, moderator, prices=["40000", "45000"], scores=[[4] * 5, [3] * 5]
    )
    pass_all(round_, officer_user, [a, b], failing=[b])
    for decision, amount in [("awarded", D("45000")), ("reserve", None)]:
        errors = _errors(
            awards.record_decision, bid=b, by=officer_user, decision=decision, amount=amount
        )
        assert "is not eligible" in errors["decision"][0]
        assert "Failed the" in errors["decision"][0]
    awards.record_decision(b, by=officer_user, decision="not_funded")


def test_a_bid_waiting_for_a_check_cannot_be_decided(officer_user, moderator):
    round_, (a,) = build(officer_user, moderator, prices=["40000"], scores=[[4] * 5])
    errors = _errors(awards.record_decision, bid=a, by=officer_user, decision="not_funded")
    assert "cannot be decided yet" in errors["decision"][0]
    assert "check is not answered yet" in errors["decision"][0]


@pytest.mark.parametrize(
    "amount,message",
    [
        (D("-5.00"), "more than £0"),
        (D("0"), "more than £0"),
        (5000.0, "pounds and pence"),
        ("5000", "pounds and pence"),
        (None, "pounds and pence"),
        (D("NaN"), "pounds and pence"),
        (D("100.005"), "2 decimal places"),
        (D("40000.01"), "cannot be more than"),
    ],
)
def test_bad_amounts_are_refused_next_to_the_amount(hand, officer_user, amount, message):
    _, (a, _) = hand
    errors = _errors(
        awards.record_decision, bid=a, by=officer_user, decision="awarded", amount=amount
    )
    assert message in errors["amount"][0]
    assert not Award.objects.exists()


def test_other_bad_decisions(hand, officer_user, moderator):
    _, (a, _) = hand
    errors = _errors(awards.record_decision, bid=a, by=officer_user, decision="maybe")
    assert "Choose awarded" in errors["decision"][0]
    errors = _errors(
        awards.record_decision, bid=a, by=officer_user, decision="reserve", amount=D("10")
    )
    assert "Only an award has an amount" in errors["amount"][0]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        awards.record_decision(a, by=moderator, decision="not_funded")


def test_passing_over_a_higher_ranked_bid_needs_a_reason_shown_with_the_award(hand, officer_user):
    round_, (a, b) = hand
    errors = _errors(
        awards.record_decision, bid=b, by=officer_user, decision="awarded", amount=D("45000")
    )
    assert f"ahead of {a.reference}, ranked higher" in errors["reason"][0]
    awards.record_decision(a, by=officer_user, decision="not_funded")
    reason = "A's delivery partner has since closed, confirmed by the council's grants team."
    awards.record_decision(b, by=officer_user, decision="awarded", amount=D("45000"), reason=reason)
    lot = lot_of(round_)
    funded = lot.for_bid(b.pk)
    assert funded.passes_over == [a.reference] and funded.award.reason == reason
    assert funded.award.passes_over == [a.reference]
    event = AuditEvent.objects.get(
        action="decisions.award_recorded", object_id=str(funded.award.pk)
    )
    assert event.reason == reason and event.after["passes_over"] == [a.reference]
    from tests.test_decisions import _json

    assert f'"award_reason": "{reason}"' in _json(round_)
    assert not replay([round_.pk])


def test_a_higher_bid_cannot_be_dropped_behind_an_award_that_gives_no_reason(hand, officer_user):
    _, (a, b) = hand
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("40000"))
    awards.record_decision(b, by=officer_user, decision="awarded", amount=D("45000"))
    errors = _errors(awards.record_decision, bid=a, by=officer_user, decision="not_funded")
    assert f"{b.reference}, ranked below" in errors["decision"][0]


# The guard -------------------------------------------------------------------------------------


def test_leaving_consensus_needs_a_decision_for_every_eligible_bid_and_no_reason_passes_it(
    hand, officer_user
):
    round_, (a, b) = hand
    problems = stages.problems_leaving(round_)
    messages = [p.message for p in problems]
    assert any(f"{a.reference} (ranked 1) needs a decision" in m for m in messages)
    assert not stages.can_override(problems)
    with pytest.raises(ValidationError):
        round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user, reason="Hurry.")
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("40000"))
    awards.record_decision(b, by=officer_user, decision="reserve")
    assert stages.problems_leaving(round_) == []
    round_ = round_services.move_stage(round_, to=Stage.DECIDED, by=officer_user)
    a.refresh_from_db()
    errors = _errors(awards.record_decision, bid=a, by=officer_user, decision="not_funded")
    assert "read-only" in " ".join(errors["__all__"])
    assert not replay([round_.pk])


def test_the_guard_names_a_check_not_answered_and_a_lot_over_budget(officer_user, moderator):
    round_, (a, b) = build(
        officer_user, moderator, prices=["60000", "50000"], scores=[[4] * 5, [3] * 5]
    )
    pass_all(round_, officer_user, [a])
    messages = [p.message for p in stages.problems_leaving(round_)]
    assert any(
        f"{b.reference} cannot be decided yet" in m and "not answered" in m for m in messages
    )
    # Straight into the table (as a change behind the app's back would): the guard still refuses.
    Award.objects.create(bid=a, decision="awarded", amount=D("60000"), decided_by=officer_user)
    Award.objects.create(bid=b, decision="awarded", amount=D("50000"), decided_by=officer_user)
    messages = [p.message for p in stages.problems_leaving(round_)]
    assert any("over its budget of £100,000.00" in m for m in messages)
    assert any(f"{b.reference} is recorded as awarded but is not eligible" in m for m in messages)


def test_deciding_everything_through_the_services_passes_the_guard(officer_user, moderator):
    round_, bids = build(
        officer_user,
        moderator,
        prices=["60000", "50000", "30000"],
        scores=[[5] * 5, [4] * 5, [3] * 5],
    )
    decide_everything(round_, officer_user)
    lot = lot_of(round_)
    assert [r.award.decision for r in lot.bids] == ["awarded", "not_funded", "awarded"]
    assert lot.for_bid(bids[2].pk).award.reason  # passes over the second: says why
    assert stages.problems_leaving(round_) == []
    assert not replay([round_.pk])


# Moderation impact -----------------------------------------------------------------------------
# Three panellists. Bid A scores 1, 4, 4 on the 20-weight question (median 4, mean 3) and 3 on the
# rest; the chair records 2 as agreed (moved 2 below the median). Bid B scores 3 everywhere but 2
# on the second question. Both ask £60,000 (price 20 each); the lot's £100,000 funds one.
#   mean:   A = 3/5x20 + 36 + 20 = 68          B = 12 + 6 + 27 + 20 = 65   -> A first, funded
#   agreed: A = 2/5x20 + 36 + 20 = 64          B = 65                      -> B first, funded


def test_moderation_impact_shows_what_the_meeting_changed(officer_user, moderator):
    round_, (a, b) = build(
        officer_user,
        moderator,
        prices=["60000", "60000"],
        scores=[
            [[1, 3, 3, 3, 3], [4, 3, 3, 3, 3], [4, 3, 3, 3, 3]],
            [3, 2, 3, 3, 3],
        ],
        panellists=3,
    )
    pass_all(round_, officer_user, [a, b])
    item = policy.items(a.lot)[0]
    assert item.bid.pk == a.pk
    consensus.save_record(
        a,
        item.criterion,
        by=moderator,
        version=1,
        entry=consensus.Entry(
            score=2,
            rationale="The needs analysis quotes national figures only, nothing local.",
            reached="majority",
            present=[m.pk for m in policy.lot_members(a.lot)],
        ),
    )
    (lot,) = impact.moderation_impact(round_)
    rows = {row.bid.pk: row for row in lot.bids}
    assert (rows[a.pk].consensus.total, rows[a.pk].mean.total) == (D(64), D(68))
    assert rows[a.pk].difference == D(-4)
    assert (rows[a.pk].consensus.rank, rows[a.pk].mean.rank) == (2, 1)
    assert (rows[a.pk].funded_consensus, rows[a.pk].funded_mean) == (False, True)
    assert rows[a.pk].changes == [
        "rank 1 with mean scores, 2 with agreed scores",
        "funded only with mean scores",
    ]
    assert {r.bid.pk for r in lot.changed} == {a.pk, b.pk}
    (moved,) = lot.moved_items
    assert (moved.bid.pk, moved.scores, moved.median, moved.agreed, moved.moved) == (
        a.pk,
        (1, 4, 4),
        D(4),
        2,
        D(-2),
    )


# The budget race -------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_two_officers_awarding_at_once_never_exceed_the_budget(officer_user, moderator):
    round_, (a, b) = build(
        officer_user, moderator, prices=["60000", "60000"], scores=[[4] * 5, [3] * 5]
    )
    pass_all(round_, officer_user, [a, b])
    second = results.lot_results(a.lot)  # warm: both eligible
    assert all(r.eligible for r in second.bids)
    barrier = threading.Barrier(2)
    outcomes = {}

    def award(bid):
        try:
            barrier.wait()
            awards.record_decision(
                bid,
                by=officer_user,
                decision="awarded",
                amount=D("60000"),
                reason="Both officers decided at once in this test.",
            )
            outcomes[bid.pk] = "ok"
        except ValidationError as error:
            outcomes[bid.pk] = error.message_dict
        finally:
            connection.close()

    threads = [threading.Thread(target=award, args=(bid,)) for bid in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(str(o)[:2] for o in outcomes.values()) == ["ok", "{'"]
    refused = next(o for o in outcomes.values() if o != "ok")
    assert "over its budget" in refused["amount"][0]
    assert lot_of(round_).awarded_total == D(60000)
    assert Award.objects.count() == 1


# Any amount a caller passes yields a clear message or a success, never another exception. -----


@given(
    st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.integers(),
        st.text(max_size=20),
        st.none(),
        st.booleans(),
    )
)
def test_any_amount_is_a_clear_message_or_pounds_and_pence(amount):
    from types import SimpleNamespace

    bid = SimpleNamespace(reference="YS27-L1-001", amount_requested=D("50000.00"))
    try:
        money = awards._money(amount, bid)
    except ValidationError as error:
        assert error.message_dict["amount"][0]
    else:
        assert isinstance(money, Decimal) and D("0") < money <= D("50000.00")
        assert money.as_tuple().exponent == -2
