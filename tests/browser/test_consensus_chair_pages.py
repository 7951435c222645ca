"""The chair's consensus pages in Chromium, through check_page (axe-core, one h1, the skip link,
no sideways scrolling at 320 px): the lots, a lot's agenda with scores far apart, a bid with all
its questions and with one, the record form with its errors and then saved, and the meeting form."""

from panels.models import Member, Role
from scoring import consensus_chair_views
from scoring import consensus_policy as policy
from tests.browser.conftest import log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import make_bid, to_consensus

WIDE = {"width": 1280, "height": 800}


def test_chair_runs_the_meeting(
    page, round_, officer_user, moderator, young_panellist, monkeypatch
):
    lot = round_.lots.order_by("number").first()
    second = make_bid(lot, officer_user, organisation="Second Org", title="Sports nights")

    def score_for(member, bid):
        if bid.pk == second.pk:
            return 1 if member.user_id == young_panellist.pk else 5
        return 3

    round_ = to_consensus(round_, officer_user, score_for=score_for)
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    criterion = policy.panel_criteria(lot)[0]
    base = f"/my/{chair.pk}/chair/consensus"
    page.set_viewport_size(WIDE)
    log_in(page, moderator)

    visit(page, f"/my/{chair.pk}/chair/")
    page.get_by_role("link", name="Run the consensus meetings").click()
    page.wait_for_url(f"**{base}/")
    visit(page, f"{base}/")
    visit(page, f"{base}/{lot.pk}/")
    assert page.get_by_text("Scores far apart").first.is_visible()
    # A long agenda comes a page at a time: both pages, with the links between them, checked.
    monkeypatch.setattr(consensus_chair_views, "AGENDA_PAGE", 2)
    visit(page, f"{base}/{lot.pk}/")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(f"**{base}/{lot.pk}/?page=2")
    visit(page, f"{base}/{lot.pk}/?page=2")
    assert page.get_by_role("link", name="Previous page").is_visible()
    monkeypatch.undo()
    visit(page, f"{base}/bid/{second.pk}/")
    visit(page, f"{base}/bid/{second.pk}/?criterion={criterion.pk}")

    visit(page, f"{base}/bid/{second.pk}/{criterion.pk}/record/")
    button = f"Save the agreed score for {criterion.title}"
    submit(page, button)
    assert_error_summary(page, f"c{criterion.pk}-score_0", f"c{criterion.pk}-rationale")
    page.get_by_label("3 –").check()
    page.get_by_label("Why the panel agreed this score").fill(
        "The bid names a youth worker for every evening and shows last year's attendance."
    )
    page.get_by_label("Everyone agreed").check()
    submit(page, button)
    assert page.get_by_text("is saved: 3").is_visible()

    visit(page, f"{base}/{lot.pk}/meeting/")
    submit(page, "Save the meeting")
    assert_error_summary(page, "on")
