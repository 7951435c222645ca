"""Results: officer checks and scores, totals by hand, roll-up rules, eligibility, ties, the
round_results command, the trail and query counts. Awards and the guard: test_decisions_awards.py.
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.replay import replay
from bids import services as bid_services
from commissioning import services as round_services
from commissioning.models import Criterion, CriterionKind
from decisions import awards, checks, results
from decisions.models import OfficerCheck
from panels.models import AgeBand, Role
from scoring import consensus
from scoring import consensus_policy as policy
from tests.factories import (
    UserFactory,
    agree_everything,
    join,
    make_bid,
    make_panel,
    make_round,
    to_consensus,
)

pytestmark = pytest.mark.django_db

D = Decimal


def build(
    officer_user,
    moderator,
    *,
    prices,
    scores,
    panellists=1,
    agree=True,
    statuses=None,
    before_scoring=None,
    **round_fields,
):
    """A one-lot round in consensus, on the starter rubric (panel weights 20/15/15/15/15 out of 5,
    two pass/fail checks, price 20 by formula; "Keeping young people safe" has a minimum of 2).

    `prices[i]` is bid i's amount requested; `scores[i]` is bid i's five panel scores, or a list of
    them, one per panellist. With `agree`, the chair records the median (low) of each item's
    scores as the agreed score. `statuses` {i: "non_compliant"} is set before scoring starts.
    """
    round_ = make_round(officer_user, lots=1, bids=0, panel=False, **round_fields)
    lot = round_.lots.get()
    bids = [
        make_bid(lot, officer_user, organisation=f"Org {i}", amount_requested=D(price))
        for i, price in enumerate(prices)
    ]
    panel = make_panel(round_, officer_user, chair=moderator)
    members = []
    for n in range(panellists):
        user = UserFactory(email=f"panellist{n}@example.org")
        role = Role.YOUNG if n % 2 == 0 else Role.PROFESSIONAL
        members.append(join(panel, user, role, officer_user, age_band=AgeBand.OVER_25))
    for index, status in (statuses or {}).items():
        bid_services.set_status(bids[index], by=officer_user, status=status, reason="Late.")
    if before_scoring:
        before_scoring(round_)
    criteria = panel_criteria(round_)
    order = {m.pk: n for n, m in enumerate(members)}
    index = {b.pk: i for i, b in enumerate(bids)}

    def score_for(member, bid):
        given = scores[index[bid.pk]]
        row = given[order[member.pk]] if isinstance(given[0], list) else given
        return {c.pk: s for c, s in zip(criteria, row, strict=True)}

    round_ = to_consensus(round_, officer_user, score_for)
    if agree:
        agree_everything(round_)
    for bid in bids:
        bid.refresh_from_db()
    return round_, bids


def panel_criteria(round_):
    return list(
        Criterion.objects.filter(rubric__round=round_, kind=CriterionKind.SCORED).order_by("order")
    )


def checks_of(round_):
    return list(Criterion.objects.filter(rubric__round=round_, kind=CriterionKind.PASS_FAIL))


def pass_all(round_, officer_user, bids, failing=None):
    """Every check answered "pass" for each compliant bid (or "fail" for `failing` bids)."""
    for bid in bids:
        if bid.status != "received":
            continue
        for criterion in checks_of(round_):
            checks.answer_check(
                bid,
                criterion,
                by=officer_user,
                passed=bid not in (failing or []),
                reason="Policy seen and dated 2026; DBS checks listed for all staff.",
            )


def lot_of(round_):
    return results.lot_results(round_.lots.get())


# The hand-worked example -----------------------------------------------------------------------
#
# Panel weights 20, 15, 15, 15, 15 (scale 0-5) and price 20 (lowest eligible price / price x 20).
# Bid A: agreed 4, 3, 5, 2, 3; asks £40,000.   Bid B: agreed 3, 4, 4, 3, 3; asks £45,000.
#   A: 4/5x20 = 16, 3/5x15 = 9, 5/5x15 = 15, 2/5x15 = 6, 3/5x15 = 9  -> 55
#      price 40,000 / 40,000 x 20 = 20                                -> total 75.00
#   B: 3/5x20 = 12, 4/5x15 = 12, 4/5x15 = 12, 3/5x15 = 9, 3/5x15 = 9 -> 54
#      price 40,000 / 45,000 x 20 = 17.777...                         -> total 71.777... = 71.78
HAND_SCORES = [[4, 3, 5, 2, 3], [3, 4, 4, 3, 3]]
HAND_PRICES = ["40000.00", "45000.00"]


@pytest.fixture
def hand(officer_user, moderator):
    round_, bids = build(officer_user, moderator, prices=HAND_PRICES, scores=HAND_SCORES)
    pass_all(round_, officer_user, bids)
    return round_, bids


def test_totals_reproduce_the_hand_worked_example_to_the_penny(hand):
    round_, (a, b) = hand
    lot = lot_of(round_)
    first, second = lot.bids
    assert (first.bid.pk, second.bid.pk) == (a.pk, b.pk)
    assert first.total == D(75)
    assert first.total_shown == D("75.00")
    assert second.total == 54 + D(40000) * 20 / D(45000)
    assert str(second.total_shown) == "71.78"
    assert [line.points for line in second.lines if line.criterion.kind == "scored"] == [
        12,
        12,
        12,
        9,
        9,
    ]
    price = next(line for line in second.lines if line.criterion.is_price)
    assert (price.price, price.lowest_price) == (D("45000.00"), D("40000.00"))
    assert (first.rank, second.rank, first.eligible, second.eligible) == (1, 2, True, True)
    assert not first.tie and not second.tie


def test_round_results_json_lets_anyone_recompute_every_total(hand):
    round_, _ = hand
    out = io.StringIO()
    call_command("round_results", str(round_.pk), stdout=out)
    data = json.loads(out.getvalue())
    assert data["round"] == round_.pk and data["aggregation"] == "consensus"
    lot = data["lots"][0]
    assert (lot["lot"], lot["budget"]) == (1, "100000.00")
    for bid in lot["bids"]:
        total = D(0)
        for c in bid["criteria"]:
            weight = D(c["weight"])
            if c["kind"] == "pass_fail":
                expected = D(0)
                assert c["passed"] is True and c["check_reason"]
            elif c["price"] is not None:
                expected = D(c["lowest_price"]) * weight / D(c["price"])
            else:
                expected = D(c["score"]) * weight / c["scale_max"]
            assert D(c["points"]) == expected
            total += expected
        assert D(bid["total"]) == total
    assert [(b["bid"], b["total_display"], b["rank"]) for b in lot["bids"]] == [
        (lot["bids"][0]["bid"], "75.00", 1),
        (lot["bids"][1]["bid"], "71.78", 2),
    ]
    assert lot["bids"][0]["decision"] is None and lot["bids"][0]["why_not"] is None


def test_round_results_refuses_an_unknown_round(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No round"):
        call_command("round_results", "999999", stdout=io.StringIO())


# Roll-up rules ---------------------------------------------------------------------------------
# Three panellists. Bid A on the first question (weight 20): 1, 4, 4 -> mean 3, median 4; every
# other question 3, 3, 3. Bid B: 3 everywhere. Both ask £50,000 (price 20 each).
#   mean:   A = 3/5x20 + 4 x (3/5x15) + 20 = 12 + 36 + 20 = 68;   B = 68
#   median: A = 4/5x20 + 36 + 20 = 72;                            B = 68
ROLL_UP = [
    [[1, 3, 3, 3, 3], [4, 3, 3, 3, 3], [4, 3, 3, 3, 3]],
    [3, 3, 3, 3, 3],
]


@pytest.mark.parametrize("rule,expected", [("mean", "68"), ("median", "72")])
def test_mean_and_median_roll_up(officer_user, moderator, rule, expected):
    round_, (a, b) = build(
        officer_user,
        moderator,
        prices=["50000", "50000"],
        scores=ROLL_UP,
        panellists=3,
        agree=False,
        aggregation=rule,
        tie_break="price",
    )
    pass_all(round_, officer_user, [a, b])
    lot = lot_of(round_)
    assert lot.rule == rule
    result = lot.for_bid(a.pk)
    assert result.total == D(expected)
    assert result.lines[0].score == (D(3) if rule == "mean" else D(4))
    assert lot.for_bid(b.pk).total == D(68)
    data = json.loads(_json(round_))
    assert "decimal string" in data["score_is"]
    first_line = next(x for x in data["lots"][0]["bids"] if x["bid"] == a.reference)["criteria"][0]
    assert D(first_line["score"]) == result.lines[0].score


def _json(round_):
    out = io.StringIO()
    call_command("round_results", str(round_.pk), stdout=out)
    return out.getvalue()


# Eligibility -----------------------------------------------------------------------------------


def test_each_reason_a_bid_is_not_eligible_whatever_its_total(officer_user, moderator):
    round_, bids = build(
        officer_user,
        moderator,
        prices=["10000"] * 5,
        # bid 3 scores 1 on "Keeping young people safe" (minimum 2) but 5 elsewhere
        scores=[[5, 5, 5, 5, 5], [5, 5, 5, 5, 5], [4, 4, 4, 4, 4], [5, 5, 5, 1, 5], [3] * 5],
        statuses={0: "non_compliant"},
    )
    bid_services.set_status(bids[1], by=officer_user, status="withdrawn", reason="Pulled out.")
    bids[1].refresh_from_db()
    pass_all(round_, officer_user, bids[2:4], failing=[bids[2]])
    lot = lot_of(round_)
    why = {r.bid.pk: r.why_not for r in lot.bids}
    assert why[bids[0].pk] == "The bid is non-compliant"
    assert why[bids[1].pk] == "The bid is withdrawn"
    assert (
        "Failed the “Safeguarding policy and police checks in place” check: Policy seen"
        in (why[bids[2].pk])
    )
    assert why[bids[3].pk] == (
        "Scored 1 on “Keeping young people safe and welcome”, below its minimum of 2"
    )
    unanswered = lot.for_bid(bids[4].pk)
    assert "“Safeguarding policy and police checks in place” check is not answered yet" in (
        unanswered.why_not
    )
    assert unanswered.pending and not unanswered.eligible
    assert not any(lot.for_bid(b.pk).pending for b in bids[:4])
    assert all(r.rank is None for r in lot.bids)
    # No bid is eligible, so no lowest eligible price: price carries no points for anyone.
    assert lot.for_bid(bids[3].pk).total == D(20 + 15 + 15 + 3 + 15)


def test_a_price_of_zero_is_a_clear_problem_not_a_crash(officer_user, moderator):
    round_, (free, paid) = build(
        officer_user, moderator, prices=["0.00", "30000"], scores=[[3] * 5, [3] * 5]
    )
    pass_all(round_, officer_user, [free, paid])
    lot = lot_of(round_)
    zero = lot.for_bid(free.pk)
    assert not zero.eligible and "Asks for £0.00" in zero.why_not
    assert "needs a price above zero" in zero.why_not
    other = lot.for_bid(paid.pk)
    assert other.eligible and other.total == D(48) + D(20)
    assert json.loads(_json(round_))["lots"][0]["bids"][1]["criteria"][-1]["points"] == "0"


# Ties ------------------------------------------------------------------------------------------
# A: 5, 3, 3, 3, 3 -> 20 + 9 + 9 + 9 + 9 = 56, asks £40,000 -> price 38,000 / 40,000 x 20 = 19
# B: 4, 4, 3, 3, 3 -> 16 + 12 + 9 + 9 + 9 = 55, asks £38,000 -> price 20
# Both total 75.00: tied. Quality (the 20-weight question): A (5) before B (4). Price: B first.


def _tie_round(officer_user, moderator, tie_break, prices):
    round_, bids = build(
        officer_user,
        moderator,
        prices=prices,
        scores=[[5, 3, 3, 3, 3], [4, 4, 3, 3, 3]],
        tie_break=tie_break,
    )
    pass_all(round_, officer_user, bids)
    return round_, bids


def test_quality_rule_breaks_a_tie_by_the_highest_weighted_question(officer_user, moderator):
    round_, (a, b) = _tie_round(officer_user, moderator, "quality", ["40000", "38000"])
    lot = lot_of(round_)
    assert lot.for_bid(a.pk).total == lot.for_bid(b.pk).total == D(75)
    first, second = lot.bids
    assert (first.bid.pk, first.rank, second.rank) == (a.pk, 1, 2)
    assert first.tie and second.tie and not first.tie_open
    assert "higher score on “Understanding young people's needs" in first.tie_note
    assert json.loads(_json(round_))["lots"][0]["bids"][0]["tie"] is True


def test_price_rule_breaks_a_tie_by_the_lower_price(officer_user, moderator):
    round_, (a, b) = _tie_round(officer_user, moderator, "price", ["40000", "38000"])
    lot = lot_of(round_)
    assert [r.bid.pk for r in lot.bids] == [b.pk, a.pk]
    assert [r.rank for r in lot.bids] == [1, 2]
    assert "the lower price" in lot.bids[0].tie_note


def test_panel_rule_leaves_a_tie_open_until_recorded_with_a_reason(
    officer_user, moderator, young_panellist
):
    round_, (a, b) = _tie_round(officer_user, moderator, "panel", ["40000", "38000"])
    lot = lot_of(round_)
    assert [r.rank for r in lot.bids] == [1, 1]
    assert all(r.tie_open for r in lot.bids) and len(lot.open_ties) == 1
    with pytest.raises(ValidationError) as caught:
        awards.record_tie(round_.lots.get(), by=moderator, order=[b.pk, a.pk], reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        awards.record_tie(round_.lots.get(), by=moderator, order=[b.pk], reason="Because.")
    assert "order" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        awards.record_tie(
            round_.lots.get(), by=young_panellist, order=[b.pk, a.pk], reason="We liked B."
        )
    awards.record_tie(
        round_.lots.get(),
        by=moderator,
        order=[b.pk, a.pk],
        reason="B's young people's board already runs its sessions.",
    )
    lot = lot_of(round_)
    assert [(r.bid.pk, r.rank, r.tie_open) for r in lot.bids] == [
        (b.pk, 1, False),
        (a.pk, 2, False),
    ]
    assert "panel's recorded decision: B's young people's board" in lot.bids[0].tie_note
    event = AuditEvent.objects.get(action="decisions.tie_decided")
    assert event.after["order"] == [b.pk, a.pk] and event.reason.startswith("B's young")
    assert not replay([round_.pk])


def test_quality_rule_that_cannot_separate_falls_to_the_panel(officer_user, moderator):
    round_, bids = build(
        officer_user,
        moderator,
        prices=["40000", "40000"],
        scores=[[4, 3, 3, 3, 3], [4, 3, 3, 3, 3]],
        tie_break="quality",
    )
    pass_all(round_, officer_user, bids)
    lot = lot_of(round_)
    assert [r.rank for r in lot.bids] == [1, 1]
    assert all(r.tie_open for r in lot.bids)
    assert "does not separate them" in lot.bids[0].tie_note


# Officer checks and scores ---------------------------------------------------------------------


def test_a_check_needs_an_answer_and_a_reason_and_is_recorded(hand, officer_user, moderator):
    round_, (a, _) = hand
    criterion = checks_of(round_)[0]
    with pytest.raises(ValidationError) as caught:
        checks.answer_check(a, criterion, by=officer_user, passed=True, reason="")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        checks.answer_check(a, criterion, by=officer_user, passed="yes", reason="Seen it.")
    assert "passed" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        checks.answer_check(a, criterion, by=moderator, passed=True, reason="Seen it.")
    with pytest.raises(ValidationError) as caught:
        checks.answer_check(a, panel_criteria(round_)[0], by=officer_user, passed=True, reason="x")
    assert "criterion" in caught.value.message_dict
    checks.answer_check(a, criterion, by=officer_user, passed=False, reason="Policy out of date.")
    event = AuditEvent.objects.filter(action="decisions.check_changed").get()
    assert event.before["passed"] is True and event.after["passed"] is False
    assert event.after["reason"] == "Policy out of date." == event.reason
    assert not lot_of(round_).for_bid(a.pk).eligible
    assert not replay([round_.pk])


def test_officer_scored_criterion(officer_user, moderator):
    def price_by_hand(round_):
        price = Criterion.objects.get(rubric__round=round_, kind=CriterionKind.OFFICER)
        round_services.update_criterion(
            price,
            by=officer_user,
            officer_method="manual",
            title="Value for money",
            descriptors=[(s, f"Level {s}", f"Level {s}") for s in range(6)],
            reason="Value judged by hand, not by price alone.",  # the bids are in
        )

    round_, (a,) = build(
        officer_user, moderator, prices=["40000"], scores=[[3] * 5], before_scoring=price_by_hand
    )
    pass_all(round_, officer_user, [a])
    officer_criterion = Criterion.objects.get(rubric__round=round_, kind=CriterionKind.OFFICER)
    lot = lot_of(round_)
    assert lot.for_bid(a.pk).pending
    assert "“Value for money” is not scored by an officer yet" in lot.for_bid(a.pk).why_not
    for bad, field in [(6, "score"), ("4", "score"), (True, "score")]:
        with pytest.raises(ValidationError) as caught:
            checks.score_criterion(a, officer_criterion, by=officer_user, score=bad, reason="Ok.")
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        checks.score_criterion(a, officer_criterion, by=officer_user, score=4, reason="")
    assert "reason" in caught.value.message_dict
    checks.score_criterion(
        a, officer_criterion, by=officer_user, score=4, reason="Costs are itemised and fair."
    )
    result = lot_of(round_).for_bid(a.pk)
    assert result.eligible and result.total == D(48) + D(4) * 20 / 5
    assert AuditEvent.objects.get(action="decisions.officer_scored").after["score"] == 4
    assert not replay([round_.pk])


def test_price_criterion_is_never_scored_by_hand(hand, officer_user):
    round_, (a, _) = hand
    price = Criterion.objects.get(rubric__round=round_, kind=CriterionKind.OFFICER)
    with pytest.raises(ValidationError) as caught:
        checks.score_criterion(a, price, by=officer_user, score=3, reason="Fair.")
    assert "worked out from the bid's price" in caught.value.message_dict["criterion"][0]


def test_checks_are_written_only_in_consensus(round_, officer_user):
    bid = round_.lots.first().bids.first()
    criterion = checks_of(round_)[0]
    with pytest.raises(ValidationError, match="only change while the round is at the consensus"):
        checks.answer_check(bid, criterion, by=officer_user, passed=True, reason="Seen.")
    assert not OfficerCheck.objects.exists()


# Advice and the trail --------------------------------------------------------------------------


def test_only_the_chair_writes_the_panels_advice_and_it_is_recorded(hand, moderator, officer_user):
    round_, _ = hand
    lot = round_.lots.get()
    with pytest.raises(PermissionDenied):
        awards.save_advice(lot, by=officer_user, text="Fund both.")
    with pytest.raises(ValidationError) as caught:
        awards.save_advice(lot, by=moderator, text="")
    assert "text" in caught.value.message_dict
    awards.save_advice(lot, by=moderator, text="Fund A; B's outreach plan is thin.")
    assert lot_of(round_).advice.text.startswith("Fund A")
    assert (
        AuditEvent.objects.get(action="decisions.advice_written").after["text"].startswith("Fund")
    )
    assert json.loads(_json(round_))["lots"][0]["panel_advice"].startswith("Fund A")
    assert not replay([round_.pk])


def test_every_write_is_one_event_with_its_content(hand, officer_user):
    round_, (a, b) = hand
    before = AuditEvent.objects.count()
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("40000.00"))
    awards.record_decision(b, by=officer_user, decision="reserve")
    awards.record_decision(b, by=officer_user, decision="reserve")  # a double click: no event
    assert AuditEvent.objects.count() == before + 2
    event = AuditEvent.objects.get(action="decisions.award_recorded", object_id=str(a.award.pk))
    assert event.after == {
        "bid": a.pk,
        "decision": "awarded",
        "amount": "40000.00",
        "reason": "",
        "passes_over": [],
    }
    assert not replay([round_.pk])


# Query counts ----------------------------------------------------------------------------------


def test_lot_results_queries_do_not_grow_with_bids(officer_user):
    round_ = make_round(officer_user, lots=1, bids=2)
    lot = round_.lots.get()

    def count():
        fresh = round_.lots.select_related("round").get()
        with CaptureQueriesContext(connection) as ctx:
            result = results.lot_results(fresh)
        return len(ctx.captured_queries), len(result.bids)

    few = count()
    for n in range(6):
        make_bid(lot, officer_user, organisation=f"More {n}")
    many = count()
    assert few[0] == many[0] == 8
    assert (few[1], many[1]) == (2, 8)
    with CaptureQueriesContext(connection) as ctx:
        results.round_results(round_)
    assert len(ctx.captured_queries) == 9


def test_results_are_readable_by_officers_auditors_and_the_chair_only(hand, cast):
    round_, _ = hand
    from commissioning import access
    from decisions import policy as results_policy

    round_services.grant_access(round_, cast["auditor"], access.AUDIT, by=cast["officer"])
    lot = round_.lots.get()
    readers = {
        name
        for name, user in cast.items()
        if user is not None and results_policy.may_read(user, lot)
    }
    assert readers == {"officer", "auditor", "moderator"}


def test_agreed_scores_are_what_counts_under_consensus(hand, moderator):
    """Changing an agreed score changes the total: nothing is stored."""
    round_, (a, _) = hand
    item = next(i for i in policy.items(round_.lots.get()) if i.bid.pk == a.pk)
    members = [m.pk for m in policy.lot_members(a.lot)]
    consensus.save_record(
        a,
        item.criterion,
        by=moderator,
        version=1,
        entry=consensus.Entry(
            score=5,
            rationale="On reflection the bid's needs analysis is exceptional.",
            reached="majority",
            present=members,
        ),
    )
    assert lot_of(round_).for_bid(a.pk).total == D(75) + 4
