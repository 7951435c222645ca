"""The public page of a published round: anyone may read it without logging in; it names the funded
organisations and their amounts, counts (never names) the unsuccessful bids and the panel, shows the
method, and prints the trail's published head as a checkpoint line that verify_audit accepts.
Before publication every public URL answers 404, to everyone."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Stage
from decisions.models import Publication
from panels.models import Member, Role, TimeEntry, TimeKind
from panels.services import record_time
from tests.factories import (
    UserFactory,
    advance,
    join,
    make_bid,
    make_panel,
    make_round,
    to_consensus,
)
from tests.helpers import count_queries
from training.models import Module, ModuleResult
from training.services import add_starter_modules

pytestmark = pytest.mark.django_db

UNLUCKY = "Unlucky Bidders Ltd"
PUBLIC_NAMES = ("decisions:public", "decisions:public_ocds", "decisions:public_360giving")


def publish(round_, officer):
    round_ = to_consensus(round_, officer)
    return advance(round_, Stage.PUBLISHED, officer)


@pytest.fixture
def published(round_, officer_user):
    """The conftest round with a second bid in lot 1 that does not fit the budget once the first
    (tied, ordered by number) is funded, training time recorded for three people, published."""
    add_starter_modules(round_, by=officer_user)
    for role, hours in ((Role.YOUNG, "2.5"), (Role.PROFESSIONAL, "1.5"), (Role.MODERATOR, "1")):
        member = Member.objects.get(panel__round=round_, role=role)
        record_time(member, by=officer_user, kind=TimeKind.TRAINING, hours=hours)
    record_time(member, by=officer_user, kind=TimeKind.MEETING, hours="3")  # not training
    make_bid(
        round_.lots.get(number=1),
        officer_user,
        organisation=UNLUCKY,
        title="Unlucky project",
        amount_requested=Decimal("60000.00"),
    )
    return publish(round_, officer_user)


def _checkpoint_line(html: str) -> str:
    match = re.search(r'<code class="hash" aria-describedby="checkpoint-hint">(.*?)</code>', html)
    assert match, "no checkpoint line on the page"
    return unescape(match.group(1))


def test_before_publication_every_public_url_is_404_to_everyone(
    round_, officer_user, cast, as_user
):
    round_ = to_consensus(round_, officer_user)
    for role in ("anonymous", "officer", "auditor", "young_panellist"):
        client = as_user(cast[role])
        for name in PUBLIC_NAMES:
            assert client.get(reverse(name, args=[round_.pk])).status_code == 404, (role, name)
        assert round_.name not in client.get(reverse("decisions:public_index")).content.decode()
    assert as_user(None).get(reverse("decisions:public", args=[999999])).status_code == 404


def test_anyone_reads_what_was_decided_without_names_of_the_unsuccessful_or_the_panel(
    published, client, moderator, young_panellist, professional
):
    response = client.get(reverse("decisions:public", args=[published.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Youth services 2027</h1>" in html
    # Funded organisations and their amounts; the unsuccessful bid only as a count.
    assert "Organisation 1-1" in html and "Organisation 2-1" in html
    assert "£50,000.00" in html
    assert UNLUCKY not in html and "Unlucky project" not in html
    assert re.search(r"<dt>Bids received</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Not funded</dt><dd>1</dd>", html)
    # The panel: counts of those who scored, never a name.
    assert re.search(r"<dt>Young panellists who scored</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Professional panellists who scored</dt><dd>1</dd>", html)
    for person in (moderator, young_panellist, professional):
        assert person.display_name not in html
        assert person.email not in html
    # The method: each criterion with its weight.
    assert "How the totals are worked out" in html


def test_training_hours_and_modules_are_counted_per_group(published, client):
    modules = Module.objects.filter(round=published).count()
    completed = ModuleResult.objects.filter(
        member__panel__round=published, passed_at__isnull=False
    ).count()
    assert modules and completed  # to_consensus trained both panellists
    hours = {
        role: sum(
            TimeEntry.objects.filter(
                member__panel__round=published, member__role=role, kind=TimeKind.TRAINING
            ).values_list("hours", flat=True),
            Decimal("0"),
        )
        for role in Role.values
    }
    assert hours[Role.YOUNG] >= Decimal("2.5") and hours[Role.MODERATOR] == 1

    def text(value):
        return f"{value.normalize():f}"

    html = client.get(reverse("decisions:public", args=[published.pk])).content.decode()
    assert (
        f"{text(sum(hours.values()))} hours in all: young panellists {text(hours[Role.YOUNG])}, "
        f"professionals {text(hours[Role.PROFESSIONAL])}, chairs and observers 1" in html
    )
    assert f"{modules} module{'s' if modules > 1 else ''}, completed {completed} times" in html


def test_the_checkpoint_line_is_the_publication_and_verify_audit_accepts_it(
    published, client, tmp_path
):
    publication = Publication.objects.get(round=published)
    html = client.get(reverse("decisions:public", args=[published.pk])).content.decode()
    line = _checkpoint_line(html)
    assert publication.trail_hash in line and publication.signature in line
    assert json.loads(line)["seq"] == publication.trail_seq
    good = tmp_path / "published.jsonl"
    good.write_text(line + "\n")
    call_command("verify_audit", "--round", str(published.pk), "--checkpoint", str(good))
    # A copy that does not match (another head, same signature) is refused.
    bad = tmp_path / "altered.jsonl"
    bad.write_text(line.replace(publication.trail_hash, "0" * 64) + "\n")
    with pytest.raises(CommandError, match="does NOT verify"):
        call_command("verify_audit", "--round", str(published.pk), "--checkpoint", str(bad))


def test_the_index_lists_published_rounds_only(published, other_round, client):
    html = client.get(reverse("decisions:public_index")).content.decode()
    assert reverse("decisions:public", args=[published.pk]) in html
    assert other_round.name not in html


def test_reading_the_public_pages_writes_nothing_and_post_is_refused(published, client):
    before = AuditEvent.objects.count()
    urls = [reverse("decisions:public_index")] + [
        reverse(name, args=[published.pk]) for name in ("decisions:public", "decisions:public_ocds")
    ]
    for url in urls:
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 405
    assert AuditEvent.objects.count() == before


def test_a_procurement_round_has_ocds_and_no_360giving(published, client):
    html = client.get(reverse("decisions:public", args=[published.pk])).content.decode()
    assert reverse("decisions:public_ocds", args=[published.pk]) in html
    assert reverse("decisions:public_360giving", args=[published.pk]) not in html
    url = reverse("decisions:public_360giving", args=[published.pk])
    assert client.get(url).status_code == 404


def _big_round(officer):
    """Three lots of four bids, a chair, three young and two professional panellists."""
    round_ = make_round(officer, lots=3, bids=4, panel=False, name="A bigger round")
    panel = make_panel(round_, officer)
    for _ in range(3):
        join(panel, UserFactory(), Role.YOUNG, officer, age_band="18_25")
    for _ in range(2):
        join(panel, UserFactory(), Role.PROFESSIONAL, officer, age_band="over_25")
    return publish(round_, officer)


def test_the_page_runs_the_same_number_of_queries_whatever_the_round_size(
    published, officer_user, client
):
    big = _big_round(officer_user)
    client.get(reverse("decisions:public", args=[published.pk]))  # warm caches
    small_count = count_queries(client, reverse("decisions:public", args=[published.pk]))
    big_count = count_queries(client, reverse("decisions:public", args=[big.pk]))
    assert small_count == big_count, (small_count, big_count)
    assert small_count <= 16
    html = client.get(reverse("decisions:public", args=[big.pk])).content.decode()
    assert re.search(r"<dt>Young panellists who scored</dt><dd>3</dd>", html)
    assert re.search(r"<dt>Professional panellists who scored</dt><dd>2</dd>", html)
    for name in ("decisions:public_ocds", "decisions:public_index"):
        args = [] if name.endswith("index") else None
        url = reverse(name, args=args if args is not None else [published.pk])
        big_url = reverse(name, args=args if args is not None else [big.pk])
        assert count_queries(client, url) == count_queries(client, big_url), name


def test_a_copy_of_the_trail_checks_against_the_page_as_it_says(published, client):
    """The page's steps, followed with the trail export and the standalone script: the copy
    verifies, and its event number <seq> carries the published hash; an altered copy fails."""
    from audit.exports import jsonl_lines
    from audit.keys import checkpoint_key
    from audit.reverify_jsonl import Refused, verify

    html = client.get(reverse("decisions:public", args=[published.pk])).content.decode()
    checkpoint = json.loads(_checkpoint_line(html))
    lines = list(jsonl_lines(published))
    public = checkpoint_key().public_hex
    assert public in html  # the page publishes the key to check with
    assert verify(lines, public, [checkpoint]).startswith("VERIFIED")
    [at_seq] = [
        json.loads(line) for line in lines[:-1] if json.loads(line)["seq"] == checkpoint["seq"]
    ]
    assert at_seq["hash"] == checkpoint["hash"]
    event = json.loads(lines[0])
    event["reason"] = "Altered afterwards."
    altered = [json.dumps(event, sort_keys=True, separators=(",", ":"))] + lines[1:]
    with pytest.raises(Refused, match="contents do not match its hash"):
        verify(altered, public, [checkpoint])
