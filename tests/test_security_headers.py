"""Headers (issue 16): a strict Content-Security-Policy, a Permissions-Policy and a
Referrer-Policy on every page, and no inline script or style for the policy to refuse.

The browser suite holds the pages to the policy too: check_page fails on any
securitypolicyviolation event (tests/browser/conftest.py, tests/browser/test_security_csp.py).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]

# A self-contained document the officer downloads (Content-Disposition: attachment) and sends to
# bidders: it is saved, never shown by the site, so it carries its own styles to print offline
# (tests/test_assessment_summaries.py checks it is sent as an attachment).
DOWNLOADED_DOCUMENTS = {"decisions/summaries_download.html", "decisions/summaries_style.html"}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def _assert_headers(response):
    policy = _policy(response)
    for directive, value in POLICY_DIRECTIVES.items():
        assert policy.get(directive) == value, (directive, policy)
    for value in policy.values():
        assert "unsafe-inline" not in value and "unsafe-eval" not in value, policy
    features = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in features, features
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_anonymous_page_carries_every_header(client):
    _assert_headers(client.get("/accounts/login/"))


@pytest.mark.django_db
def test_a_404_and_a_refused_body_carry_them_too(client):
    _assert_headers(client.get("/no/such/page/"))
    too_big = client.generic(
        "POST", "/accounts/login/", b"", content_type="text/plain", CONTENT_LENGTH=str(10**9)
    )
    assert too_big.status_code == 413
    _assert_headers(too_big)


def test_a_signed_in_page_carries_every_header(round_, officer_user, as_user):
    response = as_user(officer_user).get(f"/rounds/{round_.pk}/")
    assert response.status_code == 200
    _assert_headers(response)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I), "a javascript: link"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in DOWNLOADED_DOCUMENTS:
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert not found, "\n".join(found)


def test_no_script_sets_inline_styles():
    setters = re.compile(r"\.style\b|setAttribute\(\s*[\"']style|cssText|insertRule|innerHTML")
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted((ROOT / "static").rglob("*.js"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if setters.search(line)
    ]
    assert not found, "\n".join(found)
