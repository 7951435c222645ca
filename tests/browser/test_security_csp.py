"""The Content-Security-Policy in a real browser (issue 16).

check_page fails on any securitypolicyviolation a page causes, so every browser test holds its
pages to the policy; these tests show the check can fail, and walk pages of each kind (forms,
tables, uploads, the trail, the 413 and 404 pages) as the people who see them.
"""

import pytest

from tests.browser.conftest import check_page, log_in, visit

GOOD = """<!DOCTYPE html><html lang="en-GB"><head><title>Probe</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<a href="#main-content" class="skip-link">Skip to main content</a>
<main id="main-content" tabindex="-1"><h1>Probe</h1>{body}</main></body></html>"""


@pytest.fixture
def probe(page, server):
    """Serves a page at an address of the live server under the site's own policy."""
    from csp.utils import build_policy

    url = f"{server.url}/csp-probe/"
    headers = {"Content-Security-Policy": build_policy()}

    def serve(body):
        html = GOOD.format(body=body)
        page.route(
            url,
            lambda route: route.fulfill(
                status=200, content_type="text/html", headers=headers, body=html
            ),
        )
        page.goto(url)
        return page

    yield serve
    page.unroute(url)


def test_an_inline_style_attribute_fails_the_check(probe):
    page = probe('<p style="color: #0b0c0c">Styled inline.</p>')
    with pytest.raises(pytest.fail.Exception) as caught:
        check_page(page)
    assert "Content-Security-Policy" in str(caught.value)
    assert "style-src" in str(caught.value)


def test_an_inline_script_fails_the_check(probe):
    page = probe("<script>document.title = 'Changed';</script>")
    with pytest.raises(pytest.fail.Exception) as caught:
        check_page(page)
    assert "script-src" in str(caught.value)


def test_a_page_within_the_policy_passes(probe):
    check_page(probe("<p>Nothing inline.</p>"))


def test_officer_and_auditor_pages_keep_to_the_policy(page, officer_user, auditor, round_):
    log_in(page, officer_user)
    bid = round_.lots.first().bids.first()
    for path in (
        f"/rounds/{round_.pk}/",
        f"/rounds/{round_.pk}/bids/",
        f"/rounds/{round_.pk}/bids/{bid.pk}/",
        f"/rounds/{round_.pk}/bids/{bid.pk}/documents/new/",
        f"/rounds/{round_.pk}/bids/import/",
        f"/rounds/{round_.pk}/trail/",
    ):
        visit(page, path)
    visit(page, "/no/such/page/", status=404)
    page.context.clear_cookies()
    log_in(page, auditor)
    visit(page, f"/rounds/{round_.pk}/trail/?actor=system")
