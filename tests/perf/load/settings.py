"""The production settings (DEBUG off) for the load test on loopback, which speaks plain HTTP: in a
deployment TLS ends at the proxy in front, here there is none, so cookies may not be marked
Secure-only (a client would never send them back) and nothing redirects to https."""

from config.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
