"""check_page itself: a checker that passes everything would make every other browser test hollow."""

import pytest

from tests.browser.conftest import DESKTOP, check_page

GOOD = """<!DOCTYPE html><html lang="en-GB"><head><title>Fine</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<a href="#main-content" class="skip-link">Skip to main content</a>
<main id="main-content" tabindex="-1"><h1>Fine</h1>{body}</main></body></html>"""


@pytest.fixture(scope="module")
def _bare_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(_bare_page):
    """A page with no live server behind it: these tests need no database."""
    _bare_page.set_viewport_size(DESKTOP)
    return _bare_page


def failure(page, html) -> str:
    page.set_content(html)
    with pytest.raises(pytest.fail.Exception) as caught:
        check_page(page)
    return str(caught.value)


def test_a_good_page_passes(page):
    page.set_content(GOOD.format(body="<p>Nothing wrong here.</p>"))
    check_page(page)


def test_axe_violations_are_listed_with_their_targets(page):
    message = failure(page, GOOD.format(body='<input id="nameless" type="text">'))
    assert "label" in message
    assert "#nameless" in message


def test_wcag_22_target_size_is_checked(page):
    body = (
        '<p><button id="tiny1" style="all:unset;width:8px;height:8px;display:inline-block" '
        'aria-label="One"></button><button id="tiny2" style="all:unset;width:8px;height:8px;'
        'display:inline-block" aria-label="Two"></button></p>'
    )
    assert "target-size" in failure(page, GOOD.format(body=body))


def test_the_skip_link_must_come_first(page):
    html = GOOD.replace('<a href="#main-content" class="skip-link">Skip to main content</a>', "")
    html = html.replace("<main", '<nav aria-label="Menu"><a href="/">Home</a></nav><main')
    assert "not the skip link" in failure(page, html)


def test_autofocus_is_refused(page):
    body = '<label for="q">Search</label><input id="q" autofocus>'
    assert "autofocus" in failure(page, GOOD.format(body=body))


def test_autofocus_on_the_error_summary_is_the_one_exception(page):
    body = (
        '<div class="error-summary" role="alert" aria-labelledby="t" tabindex="-1" autofocus>'
        '<h2 id="t">There is a problem</h2></div>'
    )
    page.set_content(GOOD.format(body=body))
    check_page(page)


def test_one_main_and_one_h1(page):
    assert "<h1>" in failure(page, GOOD.format(body="<h1>Another</h1>"))


def test_sideways_scrolling_at_320_px_is_refused(page):
    message = failure(page, GOOD.format(body='<div id="wide" style="width:600px">Wide</div>'))
    assert "320 px" in message
    assert "div#wide" in message


def test_a_wide_table_may_scroll_inside_its_own_region(page):
    body = (
        '<div class="table-wrap" role="region" aria-label="Wide table" tabindex="0" '
        'style="overflow-x:auto"><table><tr><th scope="col" style="min-width:900px">Wide</th>'
        "</tr></table></div>"
    )
    page.set_content(GOOD.format(body=body))
    check_page(page)


def test_text_escaping_a_tables_scroll_box_is_caught(page):
    """Absolutely positioned text (visually hidden labels) escapes a scroll box that is not itself
    positioned, and then makes the whole page scroll sideways."""
    hidden = "position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)"
    body = (
        '<div class="table-wrap" role="region" aria-label="Wide table" tabindex="0" '
        'style="overflow-x:auto"><table><tr><th scope="col" style="min-width:900px">Wide'
        f'<span id="escaped" style="{hidden}"> (sort)</span></th></tr></table></div>'
    )
    message = failure(page, GOOD.format(body=body))
    assert "span#escaped" in message


def test_pages_without_javascript_are_checked_as_served(new_context):
    """axe-core cannot run where scripts are off; check_page replays such pages where it can."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/accounts/login/")
    check_page(page)
    page.set_content(GOOD.format(body='<input id="nameless" type="text">'))
    with pytest.raises(pytest.fail.Exception, match="#nameless"):
        check_page(page)
