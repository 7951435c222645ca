"""Issue 17: a panellist's home and panel page say what to do now, and only what is true at the
round's stage. For each stage, the pages are read and checked for what they must say and for the
sentences that would be false then (e.g. "when the round reaches scoring" while scoring is open).
"""

import pytest
from django.urls import reverse

from commissioning.models import Stage
from panels.models import Member
from tests.factories import advance, assign_everyone, declare_clear
from training.starter_modules import STARTER_MODULES

# stage -> (said on the panel page, never said on the home or panel page at that stage)
EXPECTED = {
    Stage.DRAFT: ("Scoring has not started yet", ["Score your next bid", "Scoring has closed"]),
    Stage.INDUCTION: (
        "When the round reaches scoring",
        ["Score your next bid", "Scoring is open", "Scoring has closed"],
    ),
    Stage.SCORING: (
        "Score your next bid",
        ["When the round reaches scoring", "Scoring has not started", "Scoring has closed"],
    ),
    Stage.CONSENSUS: (
        "Scoring has closed",
        ["Score your next bid", "Scoring is open", "Scoring has not started", "signing off"],
    ),
    Stage.DECIDED: (
        "signing off",
        ["Score your next bid", "Scoring is open", "Scoring has not started", "panel meets"],
    ),
    Stage.PUBLISHED: (
        "You said, we did",
        ["Score your next bid", "Scoring is open", "signing off", "panel meets"],
    ),
}
ALWAYS_FALSE = ["that is now"]
LATER = ["When the round reaches scoring", "Scoring has not started"]  # false once it has


def _words(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("stage", list(EXPECTED))
def test_panellist_pages_say_only_what_is_true_at_the_stage(
    stage, round_, officer_user, young_panellist, as_user
):
    if stage != Stage.DRAFT:
        advance(round_, Stage.INDUCTION, officer_user)
        member = Member.objects.get(panel__round=round_, user=young_panellist)
        declare_clear(member)
        assign_everyone(round_, officer_user)
        advance(round_, stage, officer_user)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    client = as_user(young_panellist)
    must_say, never = EXPECTED[stage]
    panel = _words(client.get(reverse("panels:dashboard", args=[member.pk])))
    home = _words(client.get(reverse("home")))
    assert must_say in panel
    for page, text in (("panel page", panel), ("home", home)):
        later = LATER if stage not in (Stage.DRAFT, Stage.INDUCTION) else []
        for sentence in [*never, *ALWAYS_FALSE, *later]:
            assert sentence not in text, f"{page} at {stage} says {sentence!r}"
    if stage != Stage.DRAFT:
        training = _words(client.get(reverse("training:task_list", args=[member.pk])))
        for sentence in [*ALWAYS_FALSE, *later]:
            assert sentence not in training, f"training at {stage} says {sentence!r}"
        if stage not in (Stage.INDUCTION, Stage.SCORING):
            assert "Before you score real bids" not in training
            assert "ready to score" not in training
    # What to do now comes before the checklist of getting ready.
    assert panel.index('id="now"') < panel.index("Getting ready")


def test_scoring_puts_the_next_sheet_first_on_home_and_panel_page(
    round_, officer_user, young_panellist, as_user
):
    round_ = advance(round_, Stage.INDUCTION, officer_user)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    declare_clear(member)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    client = as_user(young_panellist)
    first = member.assignments.order_by("bid__lot__number", "bid__number").first().bid
    sheet = reverse("scoring:sheet", args=[member.pk, first.pk])
    for url in (reverse("home"), reverse("panels:dashboard", args=[member.pk])):
        page = _words(client.get(url))
        main = page[page.index("<main") :]
        first_link = main[main.index("<a ") :]
        assert first_link.startswith(f'<a href="{sheet}"'), (url, first_link[:200])
        assert "0 of 2 bids scored." in main


def test_training_never_says_a_stage_is_now():
    """Module text is fixed when the officer adds it, so it must not name the current stage."""
    for module in STARTER_MODULES:
        assert "that is now" not in module["body"], module["key"]


def test_checklist_says_done_once(round_, young_panellist, as_user):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    declare_clear(member)
    page = _words(as_user(young_panellist).get(reverse("panels:dashboard", args=[member.pk])))
    assert "Done. " not in page


def _scoring_member(officer, bids):
    """A young panellist in scoring with `bids` bids in each of two lots, one sheet started."""
    from panels.models import Role
    from scoring import services as scoring_services
    from tests.factories import UserFactory, join, make_round

    round_ = make_round(officer, bids=bids, name=f"Round with {bids} bids a lot")
    user = UserFactory(email=f"young{bids}@example.org")
    member = join(round_.panels.get(), user, Role.YOUNG, officer)
    round_ = advance(round_, Stage.INDUCTION, officer)
    declare_clear(member)
    assign_everyone(round_, officer)
    advance(round_, Stage.SCORING, officer)
    member = Member.objects.select_related("panel__round").get(pk=member.pk)
    bid = member.assignments.order_by("bid__lot__number", "bid__number").first().bid
    scoring_services.open_sheet(member, bid, by=user)
    return member


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # once first: caches filled on a first request are not the page's cost
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_and_panel_page_run_as_many_queries_for_many_bids_as_for_few(officer_user, as_user):
    counts = []
    for bids in (1, 5):
        member = _scoring_member(officer_user, bids)
        client = as_user(member.user)
        counts.append(
            (
                _queries(client, reverse("home")),
                _queries(client, reverse("panels:dashboard", args=[member.pk])),
            )
        )
    assert counts[0] == counts[1], counts
