"""Lockouts that protect, not punish (issue 16).

django-axes counts failed log-ins per pair of account and client address. Behind the README's
proxy every request came from the proxy's own address, so five wrong passwords typed by anyone
locked the real person out too. The client address now comes from X-Forwarded-For, but only as
far as TRUSTED_PROXY_COUNT proxies vouch for it (config/client_ip.py); with none, the header is
ignored, so nobody can pick their own address by sending it.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from config.client_ip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"
PASSWORD = "test-password"


@pytest.fixture
def victim():
    return UserFactory(email="victim@example.org")


@pytest.fixture(autouse=True)
def _axes(settings):
    settings.AXES_FAILURE_LIMIT = 5
    yield
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def attempt(client, email, password, *, via_proxy_for=None, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if via_proxy_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = via_proxy_for
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **headers)


def test_behind_one_proxy_the_attacker_is_locked_out_and_the_person_is_not(
    client, victim, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        attempt(client, victim.email, "wrong", via_proxy_for=ATTACKER)
    locked = attempt(client, victim.email, PASSWORD, via_proxy_for=ATTACKER)
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()

    client.cookies.clear()
    mine = attempt(client, victim.email, PASSWORD, via_proxy_for=VICTIM)
    assert mine.status_code == 302, mine.content.decode()[:500]


def test_the_proxy_count_reads_the_address_the_trusted_proxy_saw(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client may send its own X-Forwarded-For; the proxy appends the address it saw.
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    assert client_ip(request) == ATTACKER
    settings.TRUSTED_PROXY_COUNT = 2  # e.g. a load balancer in front of nginx
    assert client_ip(request) == "10.9.9.9"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: the header is not to be trusted
    assert client_ip(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    for junk in ("", "not-an-address", " , ", "203.0.113.9, <script>"):
        assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=junk)) == PROXY
    ipv6 = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8::1")
    assert client_ip(ipv6) == "2001:db8::1"


def test_without_a_trusted_proxy_the_header_is_ignored(client, victim, settings, rf):
    """An attacker cannot dodge the lockout by sending a new X-Forwarded-For each time."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)) == ATTACKER
    for n in range(5):
        attempt(client, victim.email, "wrong", remote=ATTACKER, forwarded=f"192.0.2.{n}")
    locked = attempt(client, victim.email, PASSWORD, remote=ATTACKER, forwarded="192.0.2.77")
    assert locked.status_code == 429


def test_spoofed_entries_before_the_proxys_own_do_not_help(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        attempt(client, victim.email, "wrong", forwarded=f"192.0.2.{n}, {ATTACKER}")
    locked = attempt(client, victim.email, PASSWORD, forwarded=f"192.0.2.99, {ATTACKER}")
    assert locked.status_code == 429


def test_the_person_can_reset_their_password_while_under_attack(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        attempt(client, victim.email, "wrong", via_proxy_for=ATTACKER)
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": VICTIM}
    sent = client.post(reverse("password_reset"), {"email": victim.email}, **headers)
    assert sent.status_code == 302
    link = re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", mail.outbox[-1].body).group(0)
    form = client.get(link, **headers)  # redirects to the set-password form
    assert form.status_code == 302
    done = client.post(
        form["Location"],
        {"new_password1": "A new long passphrase 42", "new_password2": "A new long passphrase 42"},
        **headers,
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    client.cookies.clear()
    mine = attempt(client, victim.email, "A new long passphrase 42", via_proxy_for=VICTIM)
    assert mine.status_code == 302
    # The attacker's address stays locked out, even with the new password.
    client.cookies.clear()
    theirs = attempt(client, victim.email, "A new long passphrase 42", via_proxy_for=ATTACKER)
    assert theirs.status_code == 429
