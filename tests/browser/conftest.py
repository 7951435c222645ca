"""Browser tests: real Chromium (Debian's, never a downloaded one) driven by Playwright, with axe-core.

Every page a test visits goes through `check_page`, which holds each page to DESIGN.md section 9:
no axe-core violations (all default rules plus the WCAG 2.2 ones axe leaves off by default), one
<main>, one <h1>, a skip link that is the first thing Tab reaches and points at something real, and
no sideways scrolling on a 320 px wide phone.
"""

import os

# Playwright's sync API keeps an asyncio event loop running in this thread, which makes Django
# refuse ORM calls from test code. The tests are not async; say so before Django is imported.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import weakref  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1024, "height": 768}
PHONE_WIDTH = 320
PASSWORD = "test-password"  # tests/factories.py gives every factory user this password
TIMEOUT_MS = 10_000

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test (`-m "not browser"` skips them all)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# Browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    if not Path(CHROMIUM).exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests."
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def _checker_context(browser):
    """A JavaScript-enabled context that check_page uses to examine pages from no-JS contexts."""
    context = _prepare(browser.new_context(**_context_options()))
    yield context
    context.close()


# Each no-JS context -> the JavaScript-enabled page check_page examines its pages in.
_NO_JS_CONTEXTS = weakref.WeakKeyDictionary()


@pytest.fixture(scope="session")
def server(django_db_setup, live_server):
    """The live server, started only once the test database exists.

    pytest sets up session fixtures before function ones, so without this the live server would
    start before the test database is created, miss that it is in-memory SQLite, and not share the
    test thread's connection with its request threads.
    """
    return live_server


def _context_options(**kwargs):
    kwargs.setdefault("viewport", DESKTOP)
    kwargs.setdefault("accept_downloads", True)
    kwargs.setdefault("locale", "en-GB")
    kwargs.setdefault("timezone_id", "Europe/London")
    return kwargs


# Content-Security-Policy: every violation a page causes is recorded on it, and check_page fails on
# any (contexts made by `new_context` and the shared one; a no-JS context runs no init script).
_CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' refused ' + (e.blockedURI || 'inline code')
    + (e.sourceFile ? ' (' + e.sourceFile + ':' + e.lineNumber + ')' : ''));
});
"""


def _record_csp_violations(context):
    context.add_init_script(_CSP_RECORDER)
    return context


def _prepare(context):
    context.set_default_timeout(TIMEOUT_MS)
    # The app has no favicon. Chromium asks for one after each page loads, at a moment the test does
    # not control; answering here keeps those stray requests off the live server, whose in-memory
    # SQLite connection is shared with the test thread.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


@pytest.fixture
def new_context(browser, server, _checker_context):
    """Makes browser contexts pointed at the live server; all are closed after the test."""
    made = []

    def make(**kwargs):
        context = _prepare(browser.new_context(**_context_options(base_url=server.url, **kwargs)))
        _record_csp_violations(context)
        made.append(context)
        if kwargs.get("java_script_enabled") is False:
            checker = _checker_context.new_page()
            made.append(checker)
            _NO_JS_CONTEXTS[context] = checker
        return context

    yield make
    for context in reversed(made):
        context.close()


@pytest.fixture(scope="session")
def _shared_context(browser, server):
    context = _record_csp_violations(
        _prepare(browser.new_context(**_context_options(base_url=server.url)))
    )
    yield context
    context.close()


@pytest.fixture
def page(_shared_context, server):
    """A logged-out page on the live server. Opening a page costs Chromium a new renderer, so one
    page is reused from test to test, with its cookies cleared and its viewport reset between them."""
    pages = [p for p in _shared_context.pages if not p.is_closed()]
    page = pages[0] if pages else _shared_context.new_page()
    yield page
    _shared_context.clear_cookies()
    if page.is_closed():
        return
    page.set_viewport_size(DESKTOP)
    page.goto("about:blank")


# Logging in ---------------------------------------------------------------------------------------


def log_in(page, user, password=PASSWORD, *, expect_path=None):
    """Logs in through the real login form, checking the login page and the page it lands on."""
    page.goto("/accounts/login/")
    check_page(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert "/accounts/login/" not in page.url, f"login as {user.email} failed: {page.url}"
    if expect_path is not None:
        assert page.url.endswith(expect_path), page.url
    check_page(page)
    return page


def visit(page, path, status=200):
    """Opens `path`, asserts the HTTP status of the final response, and checks the page."""
    response = page.goto(path)
    assert response is not None, path
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    check_page(page)
    return response


# The page check -----------------------------------------------------------------------------------

_WCAG22_RULES: list[str] = []
_CHECKED: set[str] = set()

_STRUCTURE_JS = """
() => {
  const focusable = 'a[href], area[href], button, input, select, textarea, iframe, summary, '
    + '[tabindex], [contenteditable=""], [contenteditable=true]';
  const reachable = [...document.querySelectorAll(focusable)].filter((el) =>
    el.tabIndex >= 0 && !el.disabled && !(el.type === 'hidden') && !el.closest('[inert]')
    && getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length > 0);
  const positive = reachable.filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 120));
  const first = reachable[0];
  const href = first && first.getAttribute('href');
  const target = href && href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
  return {
    mains: document.querySelectorAll('main').length,
    h1s: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    first: first ? first.outerHTML.slice(0, 160) : null,
    firstIsSkipLink: !!first && first.matches('a.skip-link') && /skip to main content/i.test(first.textContent),
    targetExists: !!target,
    targetInMainOrMain: !!target && (target.matches('main') || !!target.closest('main')),
    positiveTabindex: positive,
    autofocus: [...document.querySelectorAll('[autofocus]:not(.error-summary)')].map((el) => el.outerHTML.slice(0, 120)),
  };
}
"""

_OVERFLOW_JS = """
(limit) => {
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    // Inside a .table-wrap only what escapes the wrap's clipping (absolute or fixed boxes) counts.
    const inWrap = el.closest('.table-wrap') && !el.matches('.table-wrap');
    if (inWrap && !['absolute', 'fixed'].includes(getComputedStyle(el).position)) continue;
    const box = el.getBoundingClientRect();
    if (box.right > limit + 0.5 && box.width > 0) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      wide.push(name + ' (right edge ' + Math.round(box.right) + 'px)');
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}
"""


def _wcag22_rules(page) -> list[str]:
    """axe-core ships its WCAG 2.2 rules (target-size) switched off; switch them on."""
    if not _WCAG22_RULES:
        from axe_playwright_python.sync_playwright import Axe

        page.evaluate(Axe().axe_script)
        _WCAG22_RULES.extend(
            page.evaluate("axe.getRules(['wcag22a', 'wcag22aa']).map(r => r.ruleId)")
        )
        assert _WCAG22_RULES, "axe-core has no WCAG 2.2 rules?"
    return _WCAG22_RULES


_FINGERPRINT_JS = """
() => {
  // The page's markup without its per-request CSRF tokens, hashed (cyrb53) where it lies.
  const html = document.documentElement.outerHTML
    .replace(/(name="csrfmiddlewaretoken" value=")[^"]*/g, '$1');
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < html.length; i++) {
    const ch = html.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return {key: [location.href, innerWidth, html.length, h1 >>> 0, h2 >>> 0].join(' '),
          title: document.title};
}
"""


def _fingerprint(page) -> dict:
    """Identical markup at the same address and width gives identical results: check it once."""
    return page.evaluate(_FINGERPRINT_JS)


def check_page(page):
    """Fails unless the page meets the accessibility and layout bars of DESIGN.md section 9."""
    if page.context in _NO_JS_CONTEXTS:
        _check_without_js(page)
        return
    _check_csp(page)
    found = _fingerprint(page)
    key = found["key"]
    if key in _CHECKED:
        return  # this exact page has passed already in this run
    where = f"{page.url} ({found['title']!r})"
    _check_axe(page, where)
    _check_structure(page, where)
    _check_reflow(page, where)
    _CHECKED.add(key)


def _check_csp(page):
    violations = page.evaluate("window.__cspViolations || []")
    if violations:
        pytest.fail(
            f"Content-Security-Policy violations on {page.url}:\n- " + "\n- ".join(violations),
            pytrace=False,
        )


def _check_axe(page, where):
    from axe_playwright_python.sync_playwright import Axe

    rules = {rule: {"enabled": True} for rule in _wcag22_rules(page)}
    # The "no-passes" reporter builds the same violations without listing every rule that passed.
    options = {"resultTypes": ["violations"], "reporter": "no-passes", "rules": rules}
    results = Axe().run(page, options=options)
    violations = results.response["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} violation(s) on {where}:"]
        for violation in violations:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            more = len(violation["nodes"]) - len(targets)
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                f"-> {targets}{f' and {more} more' if more > 0 else ''}"
            )
        pytest.fail("\n".join(lines), pytrace=False)


def _check_structure(page, where):
    found = page.evaluate(_STRUCTURE_JS)
    problems = []
    if found["mains"] != 1:
        problems.append(f"{found['mains']} <main> elements, expected exactly one")
    if len(found["h1s"]) != 1:
        problems.append(f"{len(found['h1s'])} <h1> elements {found['h1s']}, expected exactly one")
    if not found["firstIsSkipLink"]:
        problems.append(f"the first focusable element is not the skip link but {found['first']}")
    elif not found["targetExists"]:
        problems.append("the skip link's target does not exist")
    elif not found["targetInMainOrMain"]:
        problems.append("the skip link does not lead to the main content")
    # The one exception is the error summary: GOV.UK moves focus to it on load, so the problem is
    # heard first; `autofocus` does that without JavaScript.
    if found["autofocus"]:
        problems.append(f"autofocus moves focus past the skip link: {found['autofocus']}")
    if found["positiveTabindex"]:
        problems.append(f"positive tabindex breaks the tab order: {found['positiveTabindex']}")
    if problems:
        pytest.fail(f"Page structure on {where}:\n- " + "\n- ".join(problems), pytrace=False)


def _check_reflow(page, where):
    size = page.viewport_size or DESKTOP
    page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
    try:
        found = page.evaluate(_OVERFLOW_JS, PHONE_WIDTH)
    finally:
        page.set_viewport_size(size)
    if found["scrollWidth"] > PHONE_WIDTH:
        pytest.fail(
            f"At {PHONE_WIDTH} px wide {where} scrolls sideways: the page is "
            f"{found['scrollWidth']} px wide. Too wide: {found['wide']}",
            pytrace=False,
        )


def _check_without_js(page):
    """axe-core needs scripts to run, so a page from a no-JS context is examined as served: its
    markup is replayed at the same address in a page where only axe-core may run (the page's own
    scripts stay blocked, so what is checked is what a visitor without JavaScript gets; styles
    still load from the live server)."""
    html, url = page.content(), page.url
    checker = _NO_JS_CONTEXTS[page.context]
    no_page_scripts = {"Content-Security-Policy": "script-src 'none'"}
    checker.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="text/html", headers=no_page_scripts, body=html
        ),
    )
    try:
        checker.set_viewport_size(page.viewport_size or DESKTOP)
        checker.goto(url)
        check_page(checker)
    finally:
        checker.unroute(url)
