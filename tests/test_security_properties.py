"""Property-based tests for the outside input the security layer parses (issue 16): the proxy
header, the declared body length and the keep-typing token. Any value gives an answer, never an
error (profiles in tests/conftest.py: few examples in CI, many nightly)."""

import ipaddress

from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from config import limits
from config.client_ip import client_ip

REMOTE = "192.0.2.1"
header_text = st.text(alphabet=st.characters(codec="latin-1"), max_size=200)
addresses = st.one_of(st.ip_addresses().map(str), header_text)


@given(
    forwarded=st.one_of(header_text, st.lists(addresses, max_size=5).map(", ".join)),
    count=st.integers(min_value=0, max_value=4),
)
def test_any_forwarded_header_gives_the_remote_address_or_a_real_one(forwarded, count):
    request = RequestFactory().get("/", REMOTE_ADDR=REMOTE, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        found = client_ip(request)
    if count == 0:
        assert found == REMOTE
    else:
        ipaddress.ip_address(found)  # always an address, whatever the header held


@given(length=st.one_of(header_text, st.integers(min_value=-(10**12), max_value=10**12).map(str)))
def test_any_declared_length_is_passed_on_or_refused_never_an_error(length):
    middleware = limits.RequestBodyLimit(lambda request: HttpResponse("passed"))
    request = RequestFactory().post("/accounts/login/", data=b"", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = length
    response = middleware(request)
    try:
        too_big = int(length) > limits.DEFAULT_LIMIT
    except ValueError:
        too_big = False
    assert response.status_code == (413 if too_big else 200)


@given(token=header_text)
def test_any_keep_typing_token_is_refused_or_read_never_an_error(token):
    from django.contrib.sessions.backends.cache import SessionStore

    from accounts import kept

    request = RequestFactory().post("/my/1/scoring/1/", {kept.FIELD: token, "version": "1"})
    request.session = SessionStore()
    assert kept.keep(request, {"version": "1"}) is False
    assert kept.KEY not in request.session
