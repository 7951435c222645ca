"""Sessions hold only what they must (issue 16): typing kept through a log-in is only for a
signed-in person whose session ran out, capped in size, and gone after the log-in it was for.

Anonymous visitors could once store any POST to a sheet's address in their session: 40 POSTs put
8 MB in one session row.
"""

import re
import secrets

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts import kept
from commissioning.models import Stage
from panels.models import Member
from scoring import services
from tests.factories import advance, assign_everyone, declare_clear

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring_round(round_, officer_user):
    """round_, every panellist declared clear and assigned every bid, in scoring."""
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


@pytest.fixture
def member(scoring_round, young_panellist):
    return Member.objects.get(panel__round=scoring_round, user=young_panellist)


@pytest.fixture
def bid(scoring_round):
    return scoring_round.lots.first().bids.first()


def sheet_url(member, bid):
    return reverse("scoring:sheet", args=[member.pk, bid.pk])


def typed(bid, token, reason="Typed before the session ran out."):
    data = {"version": "1", kept.FIELD: token}
    for c in services.criteria_for(bid):
        data[f"c{c.pk}_score"] = "3"
        data[f"c{c.pk}_reason"] = reason
    return data


def token_on_page(client, member, bid) -> str:
    page = client.get(sheet_url(member, bid)).content.decode()
    found = re.search(rf'name="{kept.FIELD}" value="([^"]+)"', page)
    assert found, "the sheet carries no keep-typing token"
    return found.group(1)


def session_bytes(client) -> int:
    key = client.cookies["sessionid"].value
    return len(Session.objects.get(session_key=key).session_data)


def log_in(client, user, next_url):
    return client.post(
        f"{reverse('login')}?next={next_url}",
        {"username": user.email, "password": "test-password"},
    )


def test_an_anonymous_visitor_stores_nothing(client, member, bid):
    """No token (never signed in): nothing is kept, however often and wherever it is sent."""
    for n in range(40):
        url = reverse("scoring:sheet", args=[member.pk, bid.pk + n])
        response = client.post(url, typed(bid, "", secrets.token_hex(2000)))
        assert response.status_code == 302
    assert not [key for key in client.session.keys() if "kept" in key]  # noqa: SIM118
    assert "sessionid" not in client.cookies or session_bytes(client) < 500


def test_a_forged_token_stores_nothing(client, member, bid):
    client.post(sheet_url(member, bid), typed(bid, "1:forged:token"))
    assert kept.KEY not in client.session


def test_a_token_for_another_sheet_stores_nothing(client, member, bid, young_panellist):
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()
    other = reverse("scoring:sheet", args=[member.pk, bid.pk + 1000])
    client.post(other, typed(bid, token))
    assert kept.KEY not in client.session


def test_one_entry_per_session_however_many_posts(client, member, bid, young_panellist):
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()
    for _ in range(40):
        client.post(sheet_url(member, bid), typed(bid, token, secrets.token_hex(2000)))
    assert session_bytes(client) < 2 * kept.MAX_BYTES
    assert client.session[kept.KEY]["fields"]  # the last one is kept


def test_typing_over_the_cap_is_not_kept(client, member, bid, young_panellist):
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()
    data = typed(bid, token)
    for n in range(100):
        data[f"c{n + 10_000}_reason"] = "y" * 4000  # fields the sheet never had
    client.post(sheet_url(member, bid), data)
    assert kept.KEY not in client.session


def test_kept_typing_comes_back_once_after_the_log_in_then_is_gone(
    client, member, bid, young_panellist
):
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()  # the session ran out
    response = client.post(sheet_url(member, bid), typed(bid, token))
    assert response.status_code == 302
    assert log_in(client, young_panellist, sheet_url(member, bid)).status_code == 302
    page = client.get(sheet_url(member, bid)).content.decode()
    assert "We kept what you typed" in page
    assert "Typed before the session ran out." in page
    assert kept.KEY not in client.session


def test_kept_typing_is_dropped_when_someone_else_logs_in(
    client, member, bid, young_panellist, professional
):
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()
    client.post(sheet_url(member, bid), typed(bid, token))
    assert kept.KEY in client.session
    assert log_in(client, professional, "/").status_code == 302
    assert kept.KEY not in client.session


def test_kept_typing_is_dropped_after_the_log_in_it_was_for(client, member, bid, young_panellist):
    """Logged in but went elsewhere: the next page that is not the sheet drops it."""
    client.force_login(young_panellist)
    token = token_on_page(client, member, bid)
    client.logout()
    client.post(sheet_url(member, bid), typed(bid, token))
    log_in(client, young_panellist, "/")
    client.get("/")
    assert kept.KEY not in client.session
    page = client.get(sheet_url(member, bid)).content.decode()
    assert "We kept what you typed" not in page
