"""A young panellist's pages for the panel's meeting in Chromium on a phone (360 px), each through
check_page (axe-core, one h1, the skip link, no sideways scrolling at 320 px): the meeting page,
a bid's scores without names, checking and confirming the record (with an error first) and the
presentation view; then the presentation view on a 1280 x 720 projector, following the chair as
they move it on with the arrow keys."""

import re

import pytest
from django.urls import reverse

from panels.models import Member
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_pages import submit
from tests.factories import to_consensus

PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture
def in_consensus(round_, officer_user):
    return to_consensus(
        round_, officer_user, score_for=lambda member, bid: 2 if member.role == "young" else 4
    )


@pytest.fixture
def lot(in_consensus):
    return in_consensus.lots.order_by("number").first()


def _member(round_, user):
    return Member.objects.get(panel__round=round_, user=user)


def _record_everything(lot, chair):
    members = [m.pk for m in policy.lot_members(lot)]
    for item in policy.items(lot):
        consensus.save_record(
            item.bid,
            item.criterion,
            by=chair,
            version=0,
            entry=consensus.Entry(
                score=3,
                rationale="The bid describes weekly sessions planned with young people.",
                reached="majority",
                present=members,
            ),
        )


def test_a_young_panellists_meeting_pages_on_a_phone(
    page, lot, young_panellist, professional, moderator
):
    member = _member(lot.round, young_panellist)
    item = policy.items(lot)[0]
    meeting.show_item(item.bid, item.criterion, by=moderator)
    page.set_viewport_size(PHONE)
    log_in(page, young_panellist)

    visit(page, reverse("scoring:meeting", args=[member.pk]))
    page.get_by_role("link", name=re.compile("See the panel's scores for")).first.click()
    page.wait_for_url(f"**{reverse('scoring:consensus_view', args=[member.pk, item.bid.pk])}")
    check_page(page)
    body = page.locator("main").inner_text()
    assert "(you)" in body and professional.display_name not in body

    visit(page, reverse("scoring:present", args=[member.pk, lot.pk]))
    assert page.get_by_role("heading", level=1).inner_text().endswith(item.bid.title)

    _record_everything(lot, moderator)
    visit(page, reverse("scoring:confirm", args=[member.pk, lot.pk]))
    page.get_by_label("No, I disagree").check()
    submit(page, "Send my answer")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name="Say what you disagree with in the record.").click()
    assert page.evaluate("document.activeElement.id") == "id_dissent"
    page.get_by_label("Yes", exact=True).check()
    submit(page, "Send my answer")
    assert page.url.endswith(f"{reverse('scoring:meeting', args=[member.pk])}#lot-{lot.pk}")
    assert "You confirmed the record." in page.locator("main").inner_text()


def test_the_screen_on_a_projector_follows_the_chairs_arrow_keys(
    new_context, lot, young_panellist, moderator
):
    member = _member(lot.round, young_panellist)
    chair = _member(lot.round, moderator)
    items = policy.items(lot)
    meeting.show_item(items[0].bid, items[0].criterion, by=moderator)

    room = new_context(viewport=PROJECTOR).new_page()
    log_in(room, young_panellist)
    visit(room, reverse("scoring:present", args=[member.pk, lot.pk]))
    assert room.get_by_role("heading", level=2).first.inner_text().startswith("Question 1")
    assert room.locator("[data-present]").count() == 0

    chair_screen = new_context(viewport=PROJECTOR).new_page()
    log_in(chair_screen, moderator)
    visit(chair_screen, reverse("scoring:present", args=[chair.pk, lot.pk]))
    assert chair_screen.locator("#present-keys").is_visible()
    with chair_screen.expect_navigation():
        chair_screen.keyboard.press("ArrowRight")
    check_page(chair_screen)
    assert chair_screen.get_by_role("heading", level=2).first.inner_text().startswith("Question 2")

    # The room's screen polls every 3 seconds and reloads itself onto the new question.
    room.wait_for_function(
        "() => document.querySelector('h2') && "
        "document.querySelector('h2').textContent.startsWith('Question 2')",
        timeout=10_000,
    )
    check_page(room)
