"""More than one app server (issue 18, item 5): documents on S3-compatible object storage (moto's
server on a free loopback port), the cache and sessions in Redis, all chosen by the environment."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from bids import documents
from config import scaleout
from panels import services as panel_services
from panels.models import Member
from tests.factories import declare_clear

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n" + os.urandom(64)
BUCKET = "bid-documents-test"
KEYS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 in server mode (a real HTTP endpoint, as a deployment's store would be)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings):
    """A fresh private bucket, made the default storage the way settings.py makes it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
    )
    name = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=name)
    for key, value in {**KEYS, "S3_BUCKET": name, "S3_ENDPOINT_URL": s3_endpoint}.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**django_settings.STORAGES, "default": scaleout.document_storage()}
    return client, name


def _keys(client, name):
    return [item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])]


def test_documents_go_to_the_bucket_and_come_back_only_through_the_permission_check(
    bucket, round_, officer_user, auditor, outsider, other_officer, as_user, settings
):
    client, name = bucket
    bid = round_.lots.first().bids.first()
    upload = reverse("bids:document_upload", args=[round_.pk, bid.pk])
    response = as_user(officer_user).post(upload, {"file": SimpleUploadedFile("budget.pdf", PDF)})
    assert response.status_code == 302
    document = bid.documents.get(original_name="budget.pdf")

    key = f"uploads/{documents.storage_name(document.stored_name)}"
    assert key in _keys(client, name)
    assert client.get_object(Bucket=name, Key=key)["Body"].read() == PDF
    assert not documents.path_for(document.stored_name).exists()  # nothing on this server's disk
    grants = client.get_object_acl(Bucket=name, Key=key)["Grants"]
    # No grant to a group (AllUsers, AuthenticatedUsers): only the owner's keys can read it.
    assert all("URI" not in grant["Grantee"] for grant in grants)

    url = reverse("bids:document", args=[round_.pk, bid.pk, document.pk])
    response = as_user(auditor).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    for person in (outsider, other_officer):
        assert as_user(person).get(url).status_code == 404
    assert as_user(None).get(url).status_code == 302

    # A panellist given the bid reads it through their own page; another panellist cannot.
    member = Member.objects.get(user__email="young@example.org")
    declare_clear(member)
    panel_services.assign(member, bid, by=officer_user)
    mine = reverse("panels:bid_document", args=[member.pk, bid.pk, document.pk])
    response = as_user(member.user).get(mine)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    other = Member.objects.get(user__email="professional@example.org")
    assert as_user(other.user).get(mine).status_code == 404
    theirs = reverse("panels:bid_document", args=[other.pk, bid.pk, document.pk])
    assert as_user(other.user).get(theirs).status_code == 404


def test_a_document_lost_from_the_bucket_is_a_404_not_a_500(
    bucket, round_, officer_user, auditor, as_user
):
    client, name = bucket
    bid = round_.lots.first().bids.first()
    upload = reverse("bids:document_upload", args=[round_.pk, bid.pk])
    as_user(officer_user).post(upload, {"file": SimpleUploadedFile("lost.pdf", PDF)})
    document = bid.documents.get(original_name="lost.pdf")
    client.delete_object(Bucket=name, Key=f"uploads/{documents.storage_name(document.stored_name)}")
    url = reverse("bids:document", args=[round_.pk, bid.pk, document.pk])
    assert as_user(auditor).get(url).status_code == 404


def _settings_with(**environ) -> dict:
    """config/settings.py as a fresh process reads it with `environ`."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "S3_BUCKET")}
    env.pop("S3_ENDPOINT_URL", None)
    env.update(environ, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default'], 'session': s.SESSION_ENGINE, "
        "'storage': s.STORAGES['default']}))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        return {"error": done.stderr}
    return json.loads(done.stdout)


def test_settings_choose_shared_state_from_the_environment():
    plain = _settings_with()
    assert plain["cache"]["BACKEND"].endswith("LocMemCache")
    assert plain["session"] == "django.contrib.sessions.backends.db"
    assert plain["storage"]["BACKEND"].endswith("FileSystemStorage")

    shared = _settings_with(
        REDIS_URL="redis://127.0.0.1:6379/3",
        S3_BUCKET="documents",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert shared["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["cache"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert shared["session"] == "django.contrib.sessions.backends.cached_db"
    assert shared["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = shared["storage"]["OPTIONS"]
    assert options["bucket_name"] == "documents" and options["default_acl"] is None
    assert options["querystring_auth"] is True

    assert "S3_BUCKET" in _settings_with(S3_ENDPOINT_URL="http://127.0.0.1:9000")["error"]
    assert "REDIS_URL must start" in _settings_with(REDIS_URL="127.0.0.1:6379")["error"]


def _redis_url() -> str:
    """The Redis the tests use (database 15 by default, never the site's). It runs here and in CI:
    when it does not answer, the test fails in CI or when REDIS_URL asks for it, and says so
    (a skip, by name) only on a developer's machine that has none."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis does not answer at {url}: {error}"
        if os.environ.get("REDIS_URL") or os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message + " (set REDIS_URL or CI=true to make this a failure)")
    return url


def test_cache_and_sessions_live_in_redis_and_the_database(
    settings, monkeypatch, client, officer_user
):
    url = _redis_url()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("CACHE_KEY_PREFIX", prefix)
    settings.CACHES = scaleout.caches(url)
    settings.SESSION_ENGINE = scaleout.session_engine(url)
    raw = redis.Redis.from_url(url)
    try:
        from django.core.cache import cache

        cache.set("figures", {"mean": 3.5}, 60)
        assert raw.exists(f"{prefix}:1:figures")

        client.force_login(officer_user)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert raw.exists(f"{prefix}:1:django.contrib.sessions.cached_db{key}")
        assert Session.objects.filter(session_key=key).exists()  # Redis may be flushed safely

        # Another app server has nothing of this one's memory: it finds the session in Redis,
        # and in the database once Redis has lost it.
        assert client.get(reverse("home")).wsgi_request.user.pk == officer_user.pk
        raw.delete(f"{prefix}:1:django.contrib.sessions.cached_db{key}")
        assert client.get(reverse("home")).wsgi_request.user.pk == officer_user.pk
        assert raw.exists(f"{prefix}:1:django.contrib.sessions.cached_db{key}")  # cached again
    finally:
        for stale in raw.scan_iter(f"{prefix}:*"):
            raw.delete(stale)
