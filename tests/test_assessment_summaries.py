"""Assessment summaries for bidders, through HTTP: what a summary says (criteria, weights, scores,
reasons, total, the winning bids and why a bid was not awarded), what it never says (panellists'
names, other bidders' names), the refusal while a reason is missing, the recorded download, who
may see them, and their query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from commissioning.models import Mode, Stage
from decisions.models import Award
from decisions.summaries import DOWNLOADED
from panels.models import ConsentKind, Member
from scoring.models import ConsensusRecord
from tests.factories import advance, make_bid, make_round

pytestmark = pytest.mark.django_db

RATIONALE = "The bid describes weekly sessions planned with young people."


@pytest.fixture
def decided(round_, officer_user):
    """Lot 1 has three bids asking £50,000 each from a £100,000 budget: all score the same, the
    panel's order is the order received, so the first two are awarded and the third is not."""
    lot = round_.lots.order_by("number").first()
    make_bid(lot, officer_user, organisation="Second Org", title="Sports nights")
    make_bid(lot, officer_user, organisation="Third Org", title="Music studio")
    return advance(round_, Stage.DECIDED, officer_user)


def _bid(round_, organisation):
    return round_.lots.order_by("number").first().bids.get(organisation=organisation)


def _url(name, round_, *args):
    return reverse(f"decisions:{name}", args=[round_.pk, *args])


def _events(round_):
    return AuditEvent.objects.for_round(round_).filter(action=DOWNLOADED)


def test_an_unsuccessful_bid_sees_its_scores_reasons_and_the_winners(
    decided, officer_user, as_user, young_panellist, moderator, professional
):
    third = _bid(decided, "Third Org")
    page = as_user(officer_user).get(_url("summary", decided, third.pk)).content.decode()
    assert "Assessment summary for Third Org" in page
    assert "Understanding young people&#x27;s needs" in page and ">20<" in page  # weight
    assert "3 out of 5" in page and RATIONALE in page
    assert "Documents seen and in date." in page  # the officer's check reason
    assert "The lowest eligible price (£50,000.00) divided by this bid&#x27;s price" in page
    assert "Ranked 3rd of 3 eligible bids; the lot&#x27;s budget of £100,000.00 was used" in page
    assert "ranked 3 by the panel&#x27;s recorded decision" in page  # the three tied
    # Both winners of the lot, named (an award is public), with their own scores and reasons.
    assert "The winning bids in Lot 1" in page
    assert "Organisation 1-1" in page and "Second Org" in page
    for person in (young_panellist, moderator, professional):
        assert person.display_name not in page
    assert 'href="/static/css/print.css" media="print"' in page


def test_a_winner_sees_no_other_bidder(decided, officer_user, as_user):
    first = _bid(decided, "Organisation 1-1")
    page = as_user(officer_user).get(_url("summary", decided, first.pk)).content.decode()
    assert "Assessment summary for Organisation 1-1" in page
    assert "Awarded: £50,000.00" in page
    assert "Why this bid was not awarded" not in page
    assert "Second Org" not in page and "Third Org" not in page


def test_names_in_reasons_are_hidden_unless_the_panellist_agreed(
    decided, officer_user, as_user, young_panellist
):
    third = _bid(decided, "Third Org")
    Award.objects.filter(bid=third).update(
        reason="Second Org and Organisation 2-1 came first; Third Org came after."
    )
    ConsensusRecord.objects.filter(bid=third).update(
        rationale=f"{young_panellist.display_name} liked the studio."
    )
    client = as_user(officer_user)
    page = client.get(_url("summary", decided, third.pk)).content.decode()
    assert "a panellist liked the studio." in page
    assert young_panellist.display_name not in page
    # Second Org won this lot (named); Organisation 2-1 bid in another lot (hidden).
    assert "Second Org and another bidder came first; Third Org came after." in page

    from panels import services as panel_services

    member = Member.objects.get(user=young_panellist, panel__round=decided)
    panel_services.give_consent(member, by=young_panellist, kind=ConsentKind.NAMED)
    page = client.get(_url("summary", decided, third.pk)).content.decode()
    assert f"{young_panellist.display_name} liked the studio." in page


def test_a_missing_reason_refuses_every_summary_and_says_where_to_give_it(
    decided, officer_user, as_user
):
    third = _bid(decided, "Third Org")
    record = ConsensusRecord.objects.filter(bid=third).order_by("criterion__order").first()
    ConsensusRecord.objects.filter(pk=record.pk).update(rationale="  ")
    client = as_user(officer_user)
    page = client.get(_url("summaries", decided)).content.decode()
    assert "Reasons still missing" in page
    assert f"{third.reference}</span>: “{escape(record.criterion.title)}” has no reason" in page
    lot = third.lot
    assert reverse("scoring:consensus_overview", args=[decided.pk]) + f"#lot-{lot.number}" in page
    assert "Download all summaries" not in page
    refused = client.get(_url("summary", decided, third.pk)).content.decode()
    assert "Assessment summary for" not in refused and "Reasons still missing" in refused
    response = client.post(_url("summaries_download", decided))
    assert response.status_code == 400
    assert "1 reason is missing" in response.content.decode()
    assert not _events(decided).exists()


def test_the_download_is_one_self_contained_file_and_is_recorded(decided, officer_user, as_user):
    client = as_user(officer_user)
    assert client.get(_url("summaries_download", decided)).status_code == 405
    response = client.post(_url("summaries_download", decided))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    html = response.content.decode()
    assert "<style>" in html and "<link" not in html and "page-break-before" in html
    assert html.count('<article class="summary-page">') == 4  # 3 bids in lot 1, 1 in lot 2
    for organisation in ("Organisation 1-1", "Second Org", "Third Org", "Organisation 2-1"):
        assert f"Assessment summary for {organisation}" in html
    event = _events(decided).get()
    assert event.actor and len(event.after["bids"]) == 4


def test_the_download_still_works_once_published(round_, officer_user, as_user):
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    response = as_user(officer_user).post(_url("summaries_download", round_))
    assert response.status_code == 200
    assert _events(round_).count() == 1


def test_the_auditor_reads_and_downloads_and_the_download_names_them(
    decided, auditor, outsider, as_user
):
    client = as_user(auditor)
    page = client.get(_url("summaries", decided)).content.decode()
    assert "Second Org" in page and "Download all summaries" in page
    third = _bid(decided, "Third Org")
    assert client.get(_url("summary", decided, third.pk)).status_code == 200
    assert client.post(_url("summaries_download", decided)).status_code == 200
    assert list(_events(decided).values_list("actor", flat=True)) == [auditor.actor_ref]
    assert as_user(outsider).post(_url("summaries_download", decided)).status_code == 404
    assert _events(decided).count() == 1


def test_before_the_decision_a_plain_not_yet(round_, officer_user, as_user):
    response = as_user(officer_user).get(_url("summaries", round_))
    assert response.status_code == 200
    assert "Assessment summaries: not yet" in response.content.decode()


def test_a_grant_round_has_no_summaries(officer_user, as_user):
    grant = make_round(officer_user, mode=Mode.GRANT)
    assert grant.mode == Mode.GRANT
    assert as_user(officer_user).get(_url("summaries", grant)).status_code == 404


def test_a_bid_of_another_round_is_not_found(decided, other_round, officer_user, as_user):
    other_bid = other_round.lots.first().bids.first()
    response = as_user(officer_user).get(_url("summary", decided, other_bid.pk))
    assert response.status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_bids(round_, officer_user, as_user):
    lot = round_.lots.order_by("number").first()
    for n in range(2):
        make_bid(lot, officer_user, organisation=f"Small {n}", amount_requested=Decimal("10000"))
    small = advance(round_, Stage.DECIDED, officer_user)
    big = make_round(officer_user, lots=3, bids=4, name="Bigger round")
    big = advance(big, Stage.DECIDED, officer_user)
    client = as_user(officer_user)
    first_small = lot.bids.order_by("number").first()
    first_big = big.lots.order_by("number").first().bids.order_by("number").first()
    assert _queries(client, _url("summaries", small)) == _queries(client, _url("summaries", big))
    assert _queries(client, _url("summary", small, first_small.pk)) == _queries(
        client, _url("summary", big, first_big.pk)
    )
