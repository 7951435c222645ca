"""The framework controls docs/security.md relies on, held by tests so that a settings change
cannot quietly undo them: CSRF, session cookies and fixation, password storage, and the
production settings passing `manage.py check --deploy`."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "commissioning.example.gov.uk",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "AUDIT_EVENT_KEYS": f"prod:{secrets.token_urlsafe(40)}",
    "AUDIT_SIGNING_KEY": secrets.token_hex(32),
    "AUDIT_CHECKPOINT_DIR": "/var/lib/commissioning/checkpoints",
}


def _production_env():
    # The browser suite sets DJANGO_ALLOW_ASYNC_UNSAFE in its worker; production never does.
    dropped = ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, **PRODUCTION}


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_refuses_a_server_without_the_trails_keys():
    env = _production_env()
    for name in ("AUDIT_EVENT_KEYS", "AUDIT_SIGNING_KEY", "AUDIT_CHECKPOINT_DIR"):
        env.pop(name)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for code in ("audit.E001", "audit.E002", "audit.W001"):
        assert code in result.stderr


def test_production_cookies_sessions_and_password_hashing():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
        "'SESSION_COOKIE_AGE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'TRUSTED_PROXY_COUNT')} | {'hasher': s.PASSWORD_HASHERS[0]}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["DEBUG"] is False
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert found["SESSION_COOKIE_HTTPONLY"] and found["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert found["SESSION_COOKIE_AGE"] <= 8 * 60 * 60
    assert found["SECURE_HSTS_SECONDS"] >= 31536000 and found["SECURE_SSL_REDIRECT"]
    assert found["TRUSTED_PROXY_COUNT"] == 0  # the header is ignored until the proxy is declared
    assert found["hasher"] in (
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    )


@pytest.mark.django_db
def test_a_post_without_its_csrf_token_is_refused(officer_user):
    client = Client(enforce_csrf_checks=True)
    login = {"username": officer_user.email, "password": "test-password"}
    assert client.post(reverse("login"), login).status_code == 403
    client.force_login(officer_user)
    assert client.post(reverse("logout")).status_code == 403


@pytest.mark.django_db
def test_logging_in_gives_a_new_session_key(client, officer_user):
    """Session fixation: a key known before the log-in is worthless after it."""
    client.get(reverse("login"))
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    response = client.post(
        reverse("login"), {"username": officer_user.email, "password": "test-password"}
    )
    assert response.status_code == 302
    assert client.session.session_key != before
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
