"""Every page's <title> says which page it is: crawled by following links, as each role would,
through one round in scoring (set up as the permission matrix's scoring area does, with a second
submitted sheet and a second clarification so pages of the same kind exist for two objects), no
two different pages a role sees share a title."""

from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest
from django.urls import reverse

from bids.models import Bid
from bids.services import ask_clarification
from panels.models import Member, Role
from tests.test_permission_matrix import AREAS

scoring_area = next(area for area in AREAS if area.__name__.endswith(".scoring"))

MAX_PAGES = 250  # per role: well above what one round shows, so a loop cannot run for ever
SKIP = ("/accounts/logout/",)


@pytest.fixture
def scoring_round(round_, officer_user):
    ids = scoring_area.prepare(round_)
    first = round_.lots.first().bids.first()
    second = Bid.objects.filter(lot__round=round_).exclude(pk=first.pk).order_by("pk").first()
    scoring_area._chair_ids(round_, second)  # the professional's second sheet, submitted
    ask_clarification(second, by=officer_user, question="Who leads the sessions?")
    return round_, ids


def crawl(client, start: str, within: tuple[str, ...]) -> dict[str, str]:
    """path -> title of every HTML page reachable from `start` whose path begins with one of
    `within` (query strings and fragments dropped: a filtered list is the same page)."""
    titles, queue = {}, [start]
    while queue and len(titles) < MAX_PAGES:
        path = queue.pop(0)
        if path in titles:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            titles[path] = None
            continue
        doc = lxml.html.fromstring(response.content.decode())
        titles[path] = " ".join(doc.findtext(".//title").split())
        for href in doc.xpath("//a/@href"):
            link = urlsplit(urldefrag(href)[0])
            if link.netloc or not link.path.startswith(within) or link.path in SKIP:
                continue
            if link.path not in titles:
                queue.append(link.path)
    return {path: title for path, title in titles.items() if title is not None}


def duplicates(titles: dict[str, str]) -> dict[str, list[str]]:
    by_title = defaultdict(list)
    for path, title in titles.items():
        by_title[title].append(path)
    return {title: paths for title, paths in by_title.items() if len(paths) > 1}


@pytest.mark.parametrize("role", ["officer", "auditor", "moderator", "young_panellist"])
def test_no_two_pages_share_a_title(role, scoring_round, cast, client):
    round_, _ = scoring_round
    user = cast[role]
    client.force_login(user)
    if role in ("officer", "auditor"):
        start = reverse("commissioning:round", args=[round_.pk])
        within = (f"/rounds/{round_.pk}/",)
    else:
        member = Member.objects.get(panel__round=round_, user=user)
        start = reverse("panels:dashboard", args=[member.pk])
        within = (f"/my/{member.pk}/",)
    titles = crawl(client, start, within)
    assert len(titles) > 10, titles  # the crawl found the round's pages
    shared = duplicates(titles)
    assert not shared, "\n".join(f"{t}: {', '.join(paths)}" for t, paths in shared.items())


def test_the_crawl_reaches_pages_of_one_kind_for_two_objects(scoring_round, cast, client):
    """The test above would pass vacuously if it never met two clarification or reopen pages."""
    round_, ids = scoring_round
    client.force_login(cast["officer"])
    titles = crawl(
        client,
        reverse("commissioning:round", args=[round_.pk]),
        (f"/rounds/{round_.pk}/",),
    )
    assert sum("/clarifications/" in path for path in titles) >= 2
    client.force_login(cast["moderator"])
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    titles = crawl(client, reverse("panels:dashboard", args=[chair.pk]), (f"/my/{chair.pk}/",))
    assert sum(path.endswith("/reopen/") for path in titles) >= 2
