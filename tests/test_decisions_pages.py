"""The results pages through HTTP: the ranking with every reason, the officer's checks and scores,
awards (budget, eligibility, passing over, bad amounts), the panel's tie order, the auditor's and
the chair's read-only views, the chair's advice, panellists kept out, and query counts."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from bids.models import Bid
from commissioning.models import Round
from decisions import awards
from decisions.models import Award, LotAdvice, OfficerCheck, TieDecision
from panels.models import Member, Role
from tests.factories import agree_everything, make_bid, to_consensus
from tests.helpers import assert_queries_do_not_grow
from tests.test_decisions import HAND_PRICES, HAND_SCORES, build, checks_of, pass_all

pytestmark = pytest.mark.django_db

D = Decimal


def _url(name, *args):
    return reverse(f"decisions:{name}", args=args)


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def hand(officer_user, moderator):
    """A (75.00, asks £40,000) above B (71.78, asks £45,000); C fails safeguarding; budget £100k."""
    round_, bids = build(
        officer_user,
        moderator,
        prices=[*HAND_PRICES, "30000.00"],
        scores=[*HAND_SCORES, [5, 5, 5, 5, 5]],
    )
    pass_all(round_, officer_user, bids, failing=[bids[2]])
    return round_, bids


@pytest.fixture
def officer(client, officer_user):
    client.force_login(officer_user)
    return client


# The results page ----------------------------------------------------------------------------------


def test_results_rank_the_bids_and_give_every_reason_a_bid_is_not_eligible(hand, officer):
    round_, (a, b, c) = hand
    response = officer.get(_url("results", round_.pk))
    assert response.status_code == 200
    text = _text(response)
    assert text.index(a.reference) < text.index(b.reference) < text.index(c.reference)
    assert "75.00" in text and "71.78" in text
    assert "Failed the “Safeguarding policy and police checks in place” check" in text
    assert "Failed the “Insurance” check" in text
    assert "Budget</dt><dd>£100,000.00" in text
    assert _url("checks", round_.pk, a.pk) in text and _url("award", round_.pk, a.pk) in text
    assert "Lowest eligible price" not in text  # the working is on the bid page
    bid_page = _text(officer.get(_url("bid", round_.pk, b.pk)))
    assert "£40,000.00 ÷ £45,000.00 × 20" in bid_page and "17.7778" in bid_page
    assert "71.78" in bid_page


def test_pending_items_link_to_the_checks_page(officer_user, moderator, client):
    round_, (a,) = build(officer_user, moderator, prices=["40000"], scores=[[3] * 5])
    client.force_login(officer_user)
    text = _text(client.get(_url("results", round_.pk)))
    assert "Not yet" in text
    assert "The “Insurance” check" in text and _url("checks", round_.pk, a.pk) in text


# Checks and scores ---------------------------------------------------------------------------------


def test_checks_are_saved_and_a_missing_reason_is_shown_beside_its_field(
    officer_user, moderator, client
):
    round_, (a,) = build(officer_user, moderator, prices=["40000"], scores=[[3] * 5])
    safeguarding, insurance = sorted(checks_of(round_), key=lambda c: c.order)
    client.force_login(officer_user)
    url = _url("checks", round_.pk, a.pk)
    page = _text(client.get(url))
    assert "This bid's price</dt><dd>£40,000.00" in page
    bad = client.post(
        url,
        {
            f"passed_{safeguarding.pk}": "fail",
            f"reason_{safeguarding.pk}": "No police checks listed for the volunteers.",
            f"passed_{insurance.pk}": "pass",
        },
    )
    assert bad.status_code == 400
    text = _text(bad)
    assert text.startswith("<!DOCTYPE html>") and "<title>Error: Checks and scores" in text
    assert f'id="id_reason_{insurance.pk}_error"' in text
    assert f'href="#id_reason_{insurance.pk}"' in text
    assert "No police checks listed for the volunteers." in text  # nothing typed is lost
    assert not OfficerCheck.objects.exists()  # all or nothing
    good = client.post(
        url,
        {
            f"passed_{safeguarding.pk}": "fail",
            f"reason_{safeguarding.pk}": "No police checks listed for the volunteers.",
            f"passed_{insurance.pk}": "pass",
            f"reason_{insurance.pk}": "Certificate seen, valid to 2028.",
        },
    )
    assert good.status_code == 302
    assert dict(OfficerCheck.objects.values_list("criterion_id", "passed")) == {
        safeguarding.pk: False,
        insurance.pk: True,
    }
    results = _text(client.get(_url("results", round_.pk)))
    assert "No police checks listed for the volunteers." in results
    assert client.post(url, {}).status_code == 400  # nothing answered


# Awards ----------------------------------------------------------------------------------------------


def test_an_award_within_the_budget_is_recorded(hand, officer):
    round_, (a, _b, _c) = hand
    response = officer.post(
        _url("award", round_.pk, a.pk), {"decision": "awarded", "amount": "£40,000"}
    )
    assert response.status_code == 302
    assert Award.objects.get(bid=a).amount == D("40000.00")
    text = _text(officer.get(_url("results", round_.pk)))
    assert "Awarded: £40,000.00" in text and "Left</dt><dd>£60,000.00" in text


def test_an_award_over_the_budget_is_refused_with_the_services_message(hand, officer, officer_user):
    round_, (a, b, _c) = hand
    awards.record_decision(a, by=officer_user, decision="awarded", amount=D("40000"))
    page = _text(officer.get(_url("award", round_.pk, b.pk)))
    assert "£60,000.00 of £100,000.00" in page
    b.amount_requested = D("70000")  # (asks more than is left: refused on the budget)
    b.save(update_fields=["amount_requested"])
    response = officer.post(
        _url("award", round_.pk, b.pk), {"decision": "awarded", "amount": "65000"}
    )
    assert response.status_code == 400
    text = _text(response)
    assert "over its budget of £100,000.00. £60,000.00 is left." in text
    assert 'id="id_amount_error"' in text and 'value="65000"' in text
    assert not Award.objects.filter(bid=b).exists()


def test_an_ineligible_bid_cannot_be_awarded(hand, officer):
    round_, (_a, _b, c) = hand
    response = officer.post(
        _url("award", round_.pk, c.pk), {"decision": "awarded", "amount": "100"}
    )
    assert response.status_code == 400
    assert "is not eligible, so it cannot be awarded" in _text(response)
    assert (
        officer.post(_url("award", round_.pk, c.pk), {"decision": "not_funded"}).status_code == 302
    )


def test_passing_over_a_higher_ranked_bid_needs_a_reason(hand, officer):
    round_, (a, b, _c) = hand
    url = _url("award", round_.pk, b.pk)
    page = _text(officer.get(url))
    assert "passes over 1 bid ranked higher" in page and a.reference in page
    assert "Reason (needed to award this bid)" in page
    response = officer.post(url, {"decision": "awarded", "amount": "45000"})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in _text(response)
    reason = "A's plan duplicates a service already funded in the same wards."
    assert (
        officer.post(url, {"decision": "awarded", "amount": "45000", "reason": reason}).status_code
        == 302
    )
    text = _text(officer.get(_url("results", round_.pk)))
    assert f"Passes over {a.reference}" in text and reason in text


@pytest.mark.parametrize(
    "amount,message",
    [
        ("lots", "Enter an amount in pounds"),
        ("-5", "Enter an amount of £0 or more."),
        ("10.001", "no more than 2 decimal places"),
        ("", "Give the amount awarded in pounds and pence."),
        ("0", "An award must be more than £0."),
    ],
)
def test_a_bad_amount_is_shown_next_to_the_field(hand, officer, amount, message):
    round_, (a, _b, _c) = hand
    response = officer.post(
        _url("award", round_.pk, a.pk), {"decision": "awarded", "amount": amount}
    )
    assert response.status_code == 400
    text = _text(response)
    assert message in text and 'id="id_amount_error"' in text
    assert not Award.objects.exists()


# Ties ------------------------------------------------------------------------------------------------


def test_the_panels_order_for_a_tie_needs_a_reason(officer_user, moderator, client):
    round_, (a, b) = build(
        officer_user,
        moderator,
        prices=["40000", "38000"],
        scores=[[5, 3, 3, 3, 3], [4, 4, 3, 3, 3]],
    )
    pass_all(round_, officer_user, [a, b])
    lot = round_.lots.get()
    client.force_login(officer_user)
    results = _text(client.get(_url("results", round_.pk)))
    assert "=1" in results and "still open" in results
    url = _url("tie", round_.pk, lot.pk)
    assert url in results
    bad = client.post(url, {"place_1": str(b.pk), "place_2": str(b.pk)})
    assert bad.status_code == 400
    text = _text(bad)
    assert "Say why the panel put the bids in this order." in text
    assert "already ranked 1" in text
    reason = "B's young people's board already runs its sessions."
    good = client.post(url, {"place_1": str(b.pk), "place_2": str(a.pk), "reason": reason})
    assert good.status_code == 302
    assert TieDecision.objects.get().order == [b.pk, a.pk]
    assert "panel's recorded decision: B's young people's board" in _text(
        client.get(_url("results", round_.pk))
    )


# Who sees what -------------------------------------------------------------------------------------


@pytest.fixture
def agreed(round_, officer_user):
    to_consensus(round_, officer_user)
    agree_everything(round_)
    return round_


def test_the_auditor_reads_without_write_links_and_cannot_write(agreed, auditor, as_user):
    round_ = agreed
    bid = round_.lots.order_by("number").first().bids.get()
    client = as_user(auditor)
    text = _text(client.get(_url("results", round_.pk)))
    assert "You can read these results but not change them." in text
    assert (
        _url("checks", round_.pk, bid.pk) not in text
        and _url("award", round_.pk, bid.pk) not in text
    )
    assert client.get(_url("bid", round_.pk, bid.pk)).status_code == 200
    assert client.get(_url("impact", round_.pk)).status_code == 200
    before = AuditEvent.objects.count()
    for url in (_url("checks", round_.pk, bid.pk), _url("award", round_.pk, bid.pk)):
        assert client.get(url).status_code == 403
        assert client.post(url, {"decision": "not_funded", "reason": "x"}).status_code == 403
    assert client.post(_url("tie", round_.pk, bid.lot_id), {"reason": "x"}).status_code == 403
    assert AuditEvent.objects.count() == before


def test_the_chair_reads_the_results_and_writes_the_panels_advice(agreed, moderator, as_user):
    round_ = agreed
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    lot = round_.lots.order_by("number").first()
    client = as_user(moderator)
    text = _text(client.get(_url("chair_results", chair.pk)))
    assert lot.bids.get().reference in text
    assert "/checks/" not in text and "/award/" not in text
    assert _url("advice", chair.pk, lot.pk) in text
    assert client.get(_url("chair_impact", chair.pk)).status_code == 200
    url = _url("advice", chair.pk, lot.pk)
    assert client.post(url, {"text": "  "}).status_code == 400
    advice = "Fund the evening sessions first: the panel heard most about them."
    assert client.post(url, {"text": advice}).status_code == 302
    assert LotAdvice.objects.get(lot=lot).text == advice
    assert advice in _text(client.get(_url("chair_results", chair.pk)))
    assert client.get(_url("results", round_.pk)).status_code == 404


def test_the_chair_reads_how_each_total_is_worked_out_for_their_lots_only(
    agreed, other_round, moderator, as_user
):
    chair = Member.objects.get(panel__round=agreed, role=Role.MODERATOR)
    bid = agreed.lots.order_by("number").first().bids.get()
    client = as_user(moderator)
    response = client.get(_url("chair_bid", chair.pk, bid.pk))
    assert response.status_code == 200
    text = _text(response)
    assert f"How {bid.reference}'s total is worked out" in text
    assert "Question by question" in text and "/checks/" not in text
    assert _url("chair_results", chair.pk) in text
    elsewhere = make_bid(other_round.lots.order_by("number").first(), other_round.created_by)
    assert client.get(_url("chair_bid", chair.pk, elsewhere.pk)).status_code == 404


def test_panellists_see_no_results(agreed, young_panellist, professional, as_user):
    round_ = agreed
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    for user in (young_panellist, professional):
        client = as_user(user)
        mine = Member.objects.get(panel__round=round_, user=user)
        assert client.get(_url("results", round_.pk)).status_code == 404
        assert client.get(_url("chair_results", mine.pk)).status_code == 404
        assert client.get(_url("chair_results", chair.pk)).status_code == 404
        assert client.get(_url("impact", round_.pk)).status_code == 404


def test_before_consensus_there_are_no_results(round_, officer_user, moderator, as_user):
    assert "No results yet" in _text(as_user(officer_user).get(_url("results", round_.pk)))
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    assert as_user(moderator).get(_url("chair_results", chair.pk)).status_code == 404


# Query counts --------------------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_the_bids(agreed, officer_user, moderator, as_user):
    round_ = agreed
    lot = round_.lots.order_by("number").first()
    bid = lot.bids.get()
    counter = iter(range(10, 100))

    def more():
        """A bid (straight into the table: bids are frozen once scoring starts) with an award."""
        n = next(counter)
        extra = Bid.objects.create(
            lot=lot,
            number=n,
            reference=f"X-{n}",
            alias=f"Bid X{n}",
            organisation=f"More {n}",
            title="More",
            summary="More.",
            amount_requested=D("1000"),
        )
        Award.objects.create(bid=extra, decision="not_funded", decided_by=officer_user)

    client = as_user(officer_user)
    for url in (
        _url("results", round_.pk),
        _url("bid", round_.pk, bid.pk),
        _url("impact", round_.pk),
    ):
        assert_queries_do_not_grow(client, url, more)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    assert_queries_do_not_grow(as_user(moderator), _url("chair_results", chair.pk), more)


def test_the_method_and_its_change_after_bids_are_shown(hand, officer):
    round_, _bids = hand
    Round.objects.filter(pk=round_.pk).update(method_changed_after_bids=True)
    text = _text(officer.get(_url("results", round_.pk)))
    assert "Method changed after bids were received." in text
    assert "?action=round.method_overridden" in text
    assert "The panel decides and records why" in text  # the tie-break rule
    assert "Price: lowest eligible price ÷ this bid's price × weight" in text


def test_the_chair_never_sees_prices_in_a_procurement_round_that_scores_price(
    agreed, officer_user, moderator, as_user
):
    """The chair is on the panel: the officers' price working stays with the officers."""
    round_ = agreed
    assert round_.mode == "procurement"
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    price = "£50,000.00"  # what tests.factories.make_bid asks for
    bid = round_.lots.order_by("number").first().bids.get()
    assert price in _text(as_user(officer_user).get(_url("bid", round_.pk, bid.pk)))
    text = _text(as_user(moderator).get(_url("chair_results", chair.pk)))
    assert price not in text
    # The working is on its own page, linked from the results, and keeps the price out too.
    assert _url("chair_bid", chair.pk, bid.pk) in text
    text = _text(as_user(moderator).get(_url("chair_bid", chair.pk, bid.pk)))
    assert price not in text
    assert "which the panel does not see in a procurement round" in text
