"""Issue 17, "Done when": no page of the officer, the chair or the auditor scrolls sideways at 1280 px,
and every table that must scroll at 320 px sits in a focusable region that says so.

The demo round at consensus (eleven bids in three lots, seven on the panel) is walked the way its
people would: the officer and the auditor from the round page, the chair from their panel page,
following every link within their part of the site (a GET never writes). One page per URL name is
opened in Chromium with JavaScript off, so the "Scroll sideways" cue is shown by CSS alone.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from commissioning.demo import DEMO_PASSWORD
from commissioning.models import Stage
from demo import scenario
from panels.models import Member, Role
from tests.browser.conftest import PHONE_WIDTH, check_page, log_in

WIDE = {"width": 1280, "height": 800}
SKIP = re.compile(r"/(logout|export|download)|\.(xlsx|csv|jsonl|json|pdf)$")
HREF = re.compile(r'href="(/[^"#]*)')
CUE = "Scroll sideways to see all columns"

_MEASURE = """
() => {
  const de = document.documentElement;
  const tables = [...document.querySelectorAll('main table')].map((table) => {
    const wrap = table.closest('.table-wrap');
    const box = wrap || table.parentElement;
    const cue = wrap ? getComputedStyle(wrap, '::before') : null;
    return {
      name: (table.querySelector('caption') || {}).textContent || table.outerHTML.slice(0, 80),
      scrolls: box.scrollWidth > box.clientWidth + 1,
      region: !!wrap && wrap.getAttribute('role') === 'region' && wrap.tabIndex === 0
        && !!(wrap.getAttribute('aria-labelledby') || wrap.getAttribute('aria-label')),
      cueShown: !!cue && cue.visibility === 'visible' && parseFloat(cue.height) > 0
        && cue.content.includes(__CUE__),
    };
  });
  return {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, tables};
}
""".replace("__CUE__", repr(CUE))


def _walk(client, starts, within, seen_names) -> list[str]:
    """Every HTML page reachable from `starts` under the `within` prefixes, one per URL name (and
    query-free where a page has one), in the order found. A URL name in `seen_names` is walked
    through but not returned, so a page the officer and the auditor both see is opened once."""
    queue, walked, pages = list(starts), set(), []
    while queue:
        path = queue.pop(0)
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        if match.view_name in walked:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        walked.add(match.view_name)
        if match.view_name not in seen_names:
            pages.append(path)
        for href in HREF.findall(response.content.decode()):
            target = urljoin(path, href.replace("&amp;", "&"))
            if target.startswith(within) and not SKIP.search(urlsplit(target).path):
                queue.append(target)
    seen_names |= walked
    return pages


@pytest.fixture
def demo_at_consensus(transactional_db):
    round_, users = scenario.seed(until=Stage.CONSENSUS)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    return round_, users, chair


def _check(page, path, problems):
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    check_page(page)  # axe and structure at 1280, and no sideways scrolling at 320
    # Tables folded away in <details> count too: open them all.
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    wide = page.evaluate(_MEASURE)
    if wide["scrollWidth"] > wide["clientWidth"]:
        problems.append(f"{path} scrolls sideways at 1280 px ({wide['scrollWidth']} px)")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": WIDE["height"]})
    try:
        page.wait_for_timeout(100)  # the cue's scroll timeline updates on the next frame
        phone = page.evaluate(_MEASURE)
    finally:
        page.set_viewport_size(WIDE)
    for table in phone["tables"]:
        if table["scrolls"] and not (table["region"] and table["cueShown"]):
            problems.append(
                f"{path} at {PHONE_WIDTH} px: table {table['name'][:60]!r} scrolls "
                f"{'without the cue' if table['region'] else 'outside a focusable region'}"
            )
    return phone


def test_officer_chair_and_auditor_pages_fit_and_say_when_a_table_scrolls(
    new_context, demo_at_consensus
):
    round_, users, chair = demo_at_consensus
    rounds = f"/rounds/{round_.pk}/"
    people = [
        (users["officer"], [rounds], (rounds,)),
        (chair.user, [f"/my/{chair.pk}/"], (f"/my/{chair.pk}/",)),
        (users["auditor"], [rounds], (rounds,)),
    ]
    problems, visited, scrolling, seen_names = [], 0, 0, set()
    for user, starts, within in people:
        client = Client()
        client.force_login(user)
        paths = _walk(client, starts, within, seen_names)
        page = new_context(viewport=WIDE, java_script_enabled=False).new_page()
        log_in(page, user, DEMO_PASSWORD)
        for path in paths:
            phone = _check(page, path, problems)
            scrolling += sum(t["scrolls"] for t in phone["tables"])
            visited += 1
    assert not problems, "\n".join(problems)
    # The walk really covered the round, and some tables really had to scroll on a phone.
    assert visited > 50 and scrolling > 5, (visited, scrolling)
