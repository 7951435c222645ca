"""Bounded cost for every request (issue 16): a body over its URL's limit is refused from its
declared length before a byte of it is read, and a streamed (chunked) one is cut off at the limit.

The refusal is config/limits.py's middleware, first in settings.MIDDLEWARE; the last test drives it
through gunicorn, the README's server, over a real socket.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from bids.import_file import MAX_UPLOAD_BYTES
from config import limits
from scoring.models import REASON_MAX

MB = 1024 * 1024
BOUNDARY = "limit-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class Endless:
    """A request body of `size` bytes made up as it is read, counting what the app reads."""

    def __init__(self, size):
        self.left = size
        self.read_bytes = 0

    def read(self, size=-1):
        size = self.left if size is None or size < 0 else min(size, self.left)
        size = min(size, 1024 * 1024)
        self.left -= size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size if size and size > 0 else 65536)


def declared(client, url, size, content_type=MULTIPART):
    """POSTs a body that declares `size` bytes; returns (response, bytes the app read)."""
    body = Endless(size)
    response = client.generic(
        "POST",
        url,
        content_type=content_type,
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body.read_bytes


def chunked(client, url, size, content_type=MULTIPART, data=None):
    """POSTs a streamed body (no declared length), as gunicorn hands one to the app."""
    body = Endless(size) if data is None else _Bytes(data)
    extra = {"wsgi.input": body, "wsgi.input_terminated": True, "CONTENT_TYPE": content_type}
    response = client.generic(
        "POST", url, content_type=content_type, HTTP_TRANSFER_ENCODING="chunked", **extra
    )
    return response, body.read_bytes


class _Bytes:
    def __init__(self, data):
        self.data = data
        self.read_bytes = 0

    def read(self, size=-1):
        size = len(self.data) if size is None or size < 0 else size
        part, self.data = self.data[:size], self.data[size:]
        self.read_bytes += len(part)
        return part

    def readline(self, size=-1):
        return self.read(size)


def _document_url(round_):
    bid = round_.lots.first().bids.first()
    return f"/rounds/{round_.pk}/bids/{bid.pk}/documents/new/"


# Declared lengths -----------------------------------------------------------------------------------


def test_an_anonymous_huge_post_to_the_login_page_is_refused_unread(client, db):
    response, read = declared(client, "/accounts/login/", 500 * MB)
    assert response.status_code == 413
    assert read == 0
    html = response.content.decode()
    assert "<h1>" in html and "too large" in html


def test_a_huge_document_upload_is_refused_before_it_reaches_temporary_storage(
    round_, officer_user, as_user, tmp_path, settings
):
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    response, read = declared(as_user(officer_user), _document_url(round_), 500 * MB)
    assert response.status_code == 413
    assert read == 0
    assert list(temporary.iterdir()) == []
    assert "20 MB" in response.content.decode()


def test_each_url_has_its_own_limit(round_, officer_user, as_user):
    """A document a little over 20 MB still reaches the form, which says so beside the field;
    the same body anywhere else is refused; the import has its own limit from bids."""
    assert limits.DOCUMENT_LIMIT == settings.BID_DOCUMENT_MAX_BYTES + limits.FORM_ALLOWANCE
    assert limits.IMPORT_LIMIT == MAX_UPLOAD_BYTES + limits.FORM_ALLOWANCE
    assert limits.DEFAULT_LIMIT == MB
    client = as_user(officer_user)
    bid = round_.lots.first().bids.first()
    assert limits.limit_for(_document_url(round_)) == limits.DOCUMENT_LIMIT
    assert limits.limit_for(f"/rounds/{round_.pk}/bids/import/") == limits.IMPORT_LIMIT
    assert limits.limit_for(f"/rounds/{round_.pk}/bids/{bid.pk}/edit/") == limits.BID_FORM_LIMIT
    assert limits.limit_for("/accounts/login/") == limits.DEFAULT_LIMIT
    assert limits.limit_for("/no/such/page/") == limits.DEFAULT_LIMIT

    two_mb = 2 * MB
    assert declared(client, f"/rounds/{round_.pk}/bids/", two_mb)[0].status_code == 413
    assert (
        declared(client, f"/rounds/{round_.pk}/bids/import/", MAX_UPLOAD_BYTES + 2 * MB)[
            0
        ].status_code
        == 413
    )


def test_a_document_just_over_the_limit_gets_the_forms_own_message(round_, officer_user, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * settings.BID_DOCUMENT_MAX_BYTES)
    response = as_user(officer_user).post(_document_url(round_), {"file": big})
    assert response.status_code == 200
    assert "The file is larger than 20 MB." in response.content.decode()


def test_the_largest_legitimate_score_sheet_fits_the_default_limit(db):
    """13 reasons of 4,000 characters, each a 4-byte character (percent-encoded: 12 bytes)."""
    fields = {f"reason_{n}": "😀" * REASON_MAX for n in range(13)}
    fields.update({f"score_{n}": "5" for n in range(13)})
    fields.update({"csrfmiddlewaretoken": "x" * 64, "version": "12", "action": "check"})
    size = len(urlencode(fields).encode())
    assert size < limits.DEFAULT_LIMIT, size


def test_the_largest_bid_form_fits_its_limit(db):
    """A bid's form: 13 answers of 20,000 characters, in Welsh (ŵ and ŷ are two bytes each)."""
    fields = {f"answer_{n}": "ŵŷ" * 10_000 for n in range(13)}
    size = len(urlencode(fields).encode())
    assert size < limits.BID_FORM_LIMIT <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE, size


# Streamed (chunked) bodies --------------------------------------------------------------------------


def test_a_streamed_body_is_cut_off_at_the_limit(client, db):
    response, read = chunked(client, "/accounts/login/", 500 * MB)
    assert response.status_code == 413
    assert read <= limits.DEFAULT_LIMIT + limits.CHUNK


def test_a_small_streamed_body_is_read_as_usual(client, django_user_model, db):
    from tests.factories import UserFactory

    user = UserFactory(email="streamed@example.org")
    body = urlencode({"username": user.email, "password": "test-password"}).encode()
    response, read = chunked(
        client, "/accounts/login/", 0, "application/x-www-form-urlencoded", data=body
    )
    assert read == len(body)
    assert response.status_code == 302, response.content[:300]


# Through the README's server ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    env.pop("SECRET_KEY", None)
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _status(sock) -> bytes:
    sock.settimeout(60)  # the first request waits for gunicorn's worker to import Django
    return sock.recv(4096).split(b"\r\n", 1)[0]


def test_gunicorn_refuses_a_declared_huge_body_without_waiting_for_it(gunicorn):
    with socket.create_connection(("127.0.0.1", gunicorn), timeout=10) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: " + MULTIPART.encode() + b"\r\n"
            b"Content-Length: 524288000\r\n\r\n"
        )
        assert _status(sock) == b"HTTP/1.1 413 Request Entity Too Large"


def test_gunicorn_cuts_a_streamed_body_off_at_the_limit(gunicorn):
    chunk = b"x" * 65536
    sent = 0
    with socket.create_connection(("127.0.0.1", gunicorn), timeout=10) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: " + MULTIPART.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 500 * MB:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass  # the server answered and closed the connection
        status = _status(sock)
    assert status == b"HTTP/1.1 413 Request Entity Too Large"
    assert sent < 50 * MB, sent
