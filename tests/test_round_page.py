"""The officer's round page (issue 17): its pages linked at the top, what blocks the next stage
grouped by member with each bid named by reference and title, and the way to pass a guard over with
a reason shown where the guard is."""

import re

from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Round, Stage
from commissioning.stages import Problem, grouped
from tests import test_permission_matrix  # noqa: F401 - loads the matrix areas in order
from tests.factories import make_round
from tests.matrix import scoring as scoring_matrix


def _page(client, round_):
    response = client.get(round_.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_round_pages_are_linked_before_the_stage(as_user, round_, officer_user):
    html = _page(as_user(officer_user), round_)
    nav = html.index('aria-labelledby="sections-title"')
    assert nav < html.index('id="stage"')
    for name in ("bids:register", "panels:panels", "scoring:progress", "audit:trail"):
        assert html.index(reverse(name, args=[round_.pk])) > nav
        assert html.index(reverse(name, args=[round_.pk])) < html.index('id="stage"')


def test_missing_sheets_are_grouped_by_member_and_name_each_bid(
    as_user, round_, officer_user, young_panellist, professional
):
    scoring_matrix.prepare(round_)
    html = _page(as_user(officer_user), round_)
    box = html[html.index("Before the round can move to") : html.index('id="details"')]
    # One line and one link per member, not one per missing sheet.
    assert box.count(">See who has submitted<") == 2
    for person in (young_panellist, professional):
        assert box.count(f"{person.display_name} has not submitted a score sheet for:") == 1
    for bid in (lot.bids.first() for lot in round_.lots.all()):
        assert f"{bid.reference}: {bid.title}" in box


def test_a_guard_that_may_be_passed_over_shows_its_form_on_the_round_page(
    as_user, round_, officer_user
):
    scoring_matrix.prepare(round_)
    client = as_user(officer_user)
    html = _page(client, round_)
    move = reverse("commissioning:stage_move", args=[round_.pk])
    form = re.search(rf'<form method="post" action="{move}".*?</form>', html, re.S).group(0)
    assert 'name="to" value="consensus"' in form and 'name="expected_from" value="scoring"' in form
    assert "Why must the round move on anyway?" in form and "(optional)" not in form
    assert "Move to consensus anyway" in form

    # Sent without a reason: the stage page says why, and nothing moves.
    response = client.post(move, {"to": "consensus", "expected_from": "scoring", "reason": ""})
    assert "Say why the round must move on anyway." in response.content.decode()
    assert Round.objects.get(pk=round_.pk).stage == Stage.SCORING

    response = client.post(
        move, {"to": "consensus", "expected_from": "scoring", "reason": "The deadline passed."}
    )
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).stage == Stage.CONSENSUS
    passed = AuditEvent.objects.for_round(round_).filter(action="round.guard_passed_over")
    assert passed.get().reason == "The deadline passed."


def test_a_guard_that_may_not_be_passed_over_has_no_form(as_user, officer_user):
    round_ = make_round(officer_user, rubric=False)  # a draft round without its method
    html = _page(as_user(officer_user), round_)
    assert "Before the round can move to" in html
    assert "anyway" not in html


def test_grouping_keeps_order_and_lone_problems():
    problems = [
        Problem("Lot 1 has no rubric.", "/a", "Fix this"),
        Problem("x", "/p", "See", overridable=True, group="Ann has not", item="B1"),
        Problem("y", "/p", "See", overridable=True, group="Bo has not", item="B1"),
        Problem("z", "/p", "See", overridable=True, group="Ann has not", item="B2"),
    ]
    blockers = grouped(problems)
    assert [(b.message, b.items) for b in blockers] == [
        ("Lot 1 has no rubric.", []),
        ("Ann has not", ["B1", "B2"]),
        ("Bo has not", ["B1"]),
    ]
    assert [b.overridable for b in blockers] == [False, True, True]
