"""Issue 12, "Done when": one lot's consensus meeting of the demo, run by the chair in Chromium with
the keyboard alone on a 320 px wide phone, every page through check_page (axe-core with the WCAG
2.2 rules, one <main>, one <h1>, the skip link first, no sideways scrolling at 320 px).

The demo is seeded at its consensus stage: lot 1 agreed and confirmed, lot 2 half way, lot 3 not
started. The chair runs lot 3. Two of its panellists told the chair they cannot come, and most of
the agenda is recorded in Python through scoring.consensus.save_record to keep the test short.
Everything else is done in the browser: the chair (Tab, Shift+Tab, Enter, Space, the arrow keys
and typing, nothing clicked or filled by script; an address is opened directly only where the
chair would follow a link or reload a page) opens the agenda, ticks an item as discussed,
shows it on everyone's screen and records the last three items, one of them after a two-device
conflict (a second page opened earlier saves over the first: both versions on a 409 page, then
saved again with nothing lost), and records one member's disagreement with the record on their
behalf. Two panellists confirm the record on their own devices; one of them has the presentation
view open on a 1280 x 720 screen, which follows the chair's "Show this on everyone's screen".
"""

import pytest
from django.urls import reverse

from audit.replay import replay
from commissioning.demo import DEMO_PASSWORD
from commissioning.models import Stage
from demo import scenario
from panels.models import Member
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from scoring.agenda import bid_label
from scoring.models import AgendaItem, Confirmation, ConsensusRecord, Meeting
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_young_panellist_journey import (
    MAX_TABS,
    follow,
    main_text,
    pick_radio,
    tab_to,
    type_into,
)

CHAIR_SCREEN = {"width": 320, "height": 720}
PROJECTOR = {"width": 1280, "height": 720}
FOLLOW_MS = 12_000  # the presentation view polls every 3 s; leave room for a slow machine

CHAIR = "moderator@example.org"
JESS = "young@example.org"  # confirms on her own device, with the presentation view open
HELEN = "professional@example.org"  # confirms on her own device
KAI = "kai@example.org"  # tells the chair he disagrees; the chair records it for him
AWAY = ("raj@example.org", "amara@example.org")  # said they cannot come to lot 3's meeting

SET_UP_RATIONALE = "The bid's plan names who runs each session and how young people join in."

# What the chair types for the three items recorded in the browser.
FIRST_RATIONALE = "The bid shows young editors choosing stories, with a named youth worker weekly."
LAPTOP_RATIONALE = "Page 6 sets out safeguarding training for every volunteer before they start."
LAPTOP_POINTS = "DBS checks for all adults."
PHONE_RATIONALE = "The safeguarding lead is named and young people helped write the online rules."
PHONE_POINTS = "A named safeguarding lead."
THIRD_RATIONALE = "The budget is costed line by line, with a partner newspaper giving print space."
RECORD_DISSENT = "The partner newspaper has not signed anything yet, so I would give it less."
KAI_DISSENT = "The record says young people lead, but the bid has staff deciding the stories."


def _words(text) -> str:
    return " ".join(text.split())


def _member(round_, email) -> Member:
    return Member.objects.select_related("user").get(panel__round=round_, user__email=email)


def _enter(page, locator, *, status=200):
    """Tabs to a link or button and presses Enter; checks the status and the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == status, f"{page.url}: HTTP {navigation.value.status}"
    check_page(page)


def _shift_tab_to(page, locator):
    """Presses Shift+Tab until `locator` has focus: back up the page."""
    locator.wait_for()
    for _ in range(MAX_TABS):
        if locator.evaluate("el => el === document.activeElement"):
            return locator
        page.keyboard.press("Shift+Tab")
    raise AssertionError(f"Shift+Tab never reached {locator} on {page.url}")


def _question_link(page, item):
    nav = page.get_by_role("navigation", name="Questions for this bid")
    return nav.get_by_role("link", name=item.criterion.title, exact=True)


def _log_in_by_keyboard(page, email):
    page.goto("/accounts/login/")
    check_page(page)
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form from the password field
    assert "/accounts/login/" not in page.url, page.url
    check_page(page)


def _in_form(page, action):
    """The submit button of the form posting to `action`."""
    return page.locator(f'form[action="{action}"] button[type=submit]')


def _record_by_keyboard(page, item, *, score, rationale, reached, points="", dissent=None):
    """Fills one item's record form (on the bid page or the record page) by keyboard."""
    prefix = f"c{item.criterion.pk}"
    pick_radio(page, page.locator(f'input[name="{prefix}-score"][value="{score}"]'))
    type_into(page, page.locator(f"#id_{prefix}-rationale"), rationale, replace=True)
    if points:
        type_into(page, page.locator(f"#id_{prefix}-key_points"), points, replace=True)
    pick_radio(page, page.locator(f'input[name="{prefix}-reached"][value="{reached}"]'))
    if dissent is not None:
        who, text = dissent
        select = page.locator(f"#id_{prefix}-dissent_member")
        tab_to(page, select)
        page.keyboard.type(who.user.display_name.split()[0])  # a closed select picks as you type
        assert select.input_value() == str(who.pk)
        type_into(page, page.locator(f"#id_{prefix}-dissent_text"), text)


def _save_button(page, item):
    return page.get_by_role(
        "button", name=f"Save the agreed score for {item.criterion.title}", exact=True
    )


@pytest.fixture
def demo_lot3(transactional_db):
    """The demo at consensus; lot 3's meeting with two members away and all but three items
    recorded (by the chair, through the service)."""
    round_, users = scenario.seed(until=Stage.CONSENSUS)
    lot = round_.lots.get(number=3)
    assert not consensus.lot_record(lot).records, "lot 3 should not be started in the demo"
    chair = users["moderator"]
    for email in AWAY:
        away = _member(round_, email)
        meeting.set_attendance(away, lot, by=away.user, can_attend=False, note="Exams that week.")
    present = [_member(round_, e).pk for e in (CHAIR, JESS, HELEN, KAI)]
    items = policy.items(lot)
    browser_items = items[-3:]  # the last bid's last three questions
    assert len({item.bid.pk for item in browser_items}) == 1
    for item in items[:-3]:
        consensus.save_record(
            item.bid,
            item.criterion,
            by=chair,
            version=0,
            entry=consensus.Entry(
                score=min(3, item.criterion.scale_max),
                rationale=SET_UP_RATIONALE,
                reached="unanimous",
                present=present,
            ),
        )
    return round_, lot, browser_items


def test_the_chair_runs_lot_3s_meeting_by_keyboard(new_context, demo_lot3):
    round_, lot, (first, second, third) = demo_lot3
    bid = first.bid
    chair = _member(round_, CHAIR)
    jess, helen, kai = (_member(round_, e) for e in (JESS, HELEN, KAI))
    name = bid_label(bid, round_)

    # The room's screen: Jess's laptop on the projector, following the meeting. Nothing is on it
    # yet: lot 3 has not started.
    room = new_context(viewport=PROJECTOR).new_page()
    log_in(room, jess.user, DEMO_PASSWORD)
    present_path = reverse("scoring:present", args=[jess.pk, lot.pk])
    visit(room, present_path)
    assert room.get_by_role("heading", level=1).inner_text() == "Nothing on the screen yet"

    # 1. The chair, on a phone, from their panel to lot 3's agenda.
    chair_context = new_context(viewport=CHAIR_SCREEN)
    page = chair_context.new_page()
    _log_in_by_keyboard(page, CHAIR)
    visit(page, reverse("scoring:chair_progress", args=[chair.pk]))
    _enter(page, page.get_by_role("link", name="Run the consensus meetings"))
    assert page.url.endswith(reverse("scoring:consensus_lots", args=[chair.pk])), page.url
    _enter(page, page.get_by_role("link", name=f"Open the agenda for {lot}"))
    agenda_path = reverse("scoring:consensus_agenda", args=[chair.pk, lot.pk])
    assert page.url.endswith(agenda_path), page.url
    lead = _words(page.locator(".lead").first.inner_text())
    assert lead == "12 of 15 items agreed, 0 ticked as discussed.", lead
    away_names = _words(page.locator("#attendance + ul").inner_text())
    assert all(_member(round_, e).user.display_name in away_names for e in AWAY)

    def bid_path(item):
        return reverse("scoring:consensus_bid", args=[chair.pk, item.bid.pk])

    def item_path(item):
        return f"{bid_path(item)}?criterion={item.criterion.pk}"

    # A second page, opened now on the second item (say, the chair's laptop left open on it).
    laptop = chair_context.new_page()
    visit(laptop, item_path(second))
    assert laptop.locator(f'input[name="c{second.criterion.pk}-version"]').input_value() == "0"

    # 2. The first item: ticked as discussed from the agenda, opened, shown on everyone's screen.
    page.bring_to_front()
    tick_path = reverse("scoring:consensus_tick", args=[chair.pk, bid.pk, first.criterion.pk])
    _enter(page, _in_form(page, tick_path))
    assert page.url.endswith(agenda_path), page.url
    assert f"“{first.criterion.title}”: marked as discussed." in _words(main_text(page))
    assert "1 ticked as discussed" in page.locator(".lead").first.inner_text()
    _enter(page, page.locator(f'main a[href="{item_path(first)}"]'))
    assert page.get_by_role("heading", level=1).inner_text() == name
    show_path = reverse("scoring:consensus_show", args=[chair.pk, bid.pk, first.criterion.pk])
    _enter(page, _in_form(page, show_path))
    assert page.url.endswith(item_path(first)), page.url
    assert f"Everyone's screen now shows “{first.criterion.title}”." in _words(main_text(page))

    # Recorded by keyboard on the same page.
    top = first.criterion.scale_max
    _record_by_keyboard(page, first, score=top, rationale=FIRST_RATIONALE, reached="unanimous")
    _enter(page, _save_button(page, first))
    assert page.url.endswith(f"{item_path(first)}#c{first.criterion.pk}"), page.url
    assert f"“{first.criterion.title}” is saved: {top}." in _words(main_text(page))

    # Meanwhile the room's screen has followed the chair onto the first item.
    room.wait_for_function(
        "(title) => { const h = document.querySelector('main h2');"
        " return !!h && h.textContent.includes(title); }",
        arg=first.criterion.title,
        timeout=FOLLOW_MS,
    )
    room.wait_for_load_state()
    check_page(room)
    assert name in room.get_by_role("heading", level=1).inner_text()

    # 3. The second item, here on the phone, then from the laptop page opened before: a conflict.
    # Saved, the page is back at the item; the other questions are up the page.
    _shift_tab_to(page, _question_link(page, second))
    _enter(page, _question_link(page, second))
    assert page.url.endswith(item_path(second)), page.url
    _record_by_keyboard(
        page, second, score=3, rationale=PHONE_RATIONALE, points=PHONE_POINTS, reached="majority"
    )
    _enter(page, _save_button(page, second))
    assert f"“{second.criterion.title}” is saved: 3." in _words(main_text(page))
    saved = ConsensusRecord.objects.get(bid=bid, criterion=second.criterion)
    assert (saved.version, saved.rationale) == (1, PHONE_RATIONALE)

    laptop.bring_to_front()
    _record_by_keyboard(
        laptop, second, score=2, rationale=LAPTOP_RATIONALE, points=LAPTOP_POINTS, reached="chair"
    )
    _enter(laptop, _save_button(laptop, second), status=409)
    record_path = reverse("scoring:consensus_record", args=[chair.pk, bid.pk, second.criterion.pk])
    assert laptop.url.endswith(record_path), laptop.url
    conflict = _words(laptop.locator("#conflict").inner_text())
    assert "This score was saved somewhere else since you opened this page" in conflict
    assert "Nothing is lost. What you typed is still in the form below." in conflict
    saved_now = _words(laptop.locator(".compare .summary-list").inner_text())
    assert PHONE_RATIONALE in saved_now and PHONE_POINTS in saved_now
    assert "Most of the panel agreed" in saved_now
    prefix = f"c{second.criterion.pk}"
    assert laptop.locator(f"#id_{prefix}-rationale").input_value() == LAPTOP_RATIONALE
    assert laptop.locator(f"#id_{prefix}-key_points").input_value() == LAPTOP_POINTS
    assert laptop.locator(f'input[name="{prefix}-score"][value="2"]').is_checked()
    assert laptop.locator(f'input[name="{prefix}-reached"][value="chair"]').is_checked()
    assert laptop.locator(f'input[name="{prefix}-version"]').input_value() == "1"
    saved.refresh_from_db()
    assert (saved.version, saved.rationale) == (1, PHONE_RATIONALE), "the 409 page saved"

    # The chair keeps the laptop's version and adds the phone's point to it, then saves again.
    points = laptop.locator(f"#id_{prefix}-key_points")
    tab_to(laptop, points)
    laptop.keyboard.press("ControlOrMeta+End")
    laptop.keyboard.press("Enter")
    laptop.keyboard.type(PHONE_POINTS)
    both_points = f"{LAPTOP_POINTS}\n{PHONE_POINTS}"
    assert points.input_value() == both_points
    _enter(laptop, _save_button(laptop, second))
    assert laptop.url.endswith(f"{item_path(second)}#c{second.criterion.pk}"), laptop.url
    assert f"“{second.criterion.title}” is saved: 2." in _words(main_text(laptop))
    saved.refresh_from_db()
    assert (saved.version, saved.score, saved.reached) == (2, 2, "chair")
    assert saved.rationale == LAPTOP_RATIONALE
    assert saved.key_points == both_points
    laptop.close()

    # 4. The third item, with a member's disagreement written into it.
    page.bring_to_front()
    _enter(page, _question_link(page, third))
    _record_by_keyboard(
        page,
        third,
        score=2,
        rationale=THIRD_RATIONALE,
        reached="majority",
        dissent=(kai, RECORD_DISSENT),
    )
    _enter(page, _save_button(page, third))
    assert f"“{third.criterion.title}” is saved: 2." in _words(main_text(page))
    assert RECORD_DISSENT in _words(main_text(page))

    _enter(page, page.get_by_role("link", name=f"Back to the agenda for {lot}"))
    assert page.url.endswith(agenda_path), page.url
    assert _words(page.locator(".lead").first.inner_text()).startswith("15 of 15 items agreed")
    waiting = _words(page.locator("#confirmations ~ ul").first.inner_text())
    for member in (chair, jess, helen, kai):
        assert member.user.display_name in waiting, waiting
    assert not consensus.lot_record(lot).confirmed

    # 5. Two panellists confirm the record on their own devices.
    for member, device in ((jess, room.context), (helen, None)):
        their = device.new_page() if device else new_context().new_page()
        if device is None:
            log_in(their, member.user, DEMO_PASSWORD)
        visit(their, reverse("scoring:meeting", args=[member.pk]))
        follow(their, their.get_by_role("link", name=f"Check and confirm the record for {lot}"))
        text = _words(main_text(their))
        assert LAPTOP_RATIONALE in text and THIRD_RATIONALE in text and RECORD_DISSENT in text
        pick_radio(their, their.locator('input[name="agrees"][value="yes"]'))
        follow(their, their.get_by_role("button", name="Send my answer"))
        assert f"Thank you. You confirmed the record for {lot}." in _words(main_text(their))
        their.close()

    # 6. Kai tells the chair he disagrees; the chair records it for him.
    page.goto(agenda_path)  # others answered meanwhile: the agenda, up to date
    check_page(page)
    waiting = _words(page.locator("#confirmations ~ ul").first.inner_text())
    assert jess.user.display_name not in waiting and helen.user.display_name not in waiting
    _enter(
        page,
        page.get_by_role("link", name=f"record their answer for them ({kai.user.display_name})"),
    )
    assert page.url.endswith(
        reverse("scoring:consensus_confirm_for", args=[chair.pk, lot.pk, kai.pk])
    ), page.url
    pick_radio(page, page.locator('input[name="agrees"][value="no"]'))
    type_into(page, page.get_by_label("What they disagree with (if they do)"), KAI_DISSENT)
    _enter(page, page.get_by_role("button", name="Record their answer"))
    assert page.url.endswith(agenda_path), page.url
    dissents = page.get_by_role("heading", name="Disagreements with the record").locator("+ ul")
    assert f"{kai.user.display_name}: {KAI_DISSENT} Recorded by the chair for them" in _words(
        dissents.inner_text()
    )

    # 7. The chair, who was there too, confirms on their own meeting page.
    visit(page, reverse("scoring:meeting", args=[chair.pk]))
    _enter(page, page.get_by_role("link", name=f"Check and confirm the record for {lot}"))
    pick_radio(page, page.locator('input[name="agrees"][value="yes"]'))
    _enter(page, page.get_by_role("button", name="Send my answer"))
    assert f"Thank you. You confirmed the record for {lot}." in _words(main_text(page))
    visit(page, agenda_path)
    assert "Everyone who was there has answered." in _words(main_text(page))

    # What is stored: the record complete and confirmed, the disagreements, the screen, a clean
    # trail.
    state = consensus.lot_record(lot)
    assert state.complete and state.confirmed
    assert {m.pk for m in state.present} == {chair.pk, jess.pk, helen.pk, kai.pk}
    (dissent,) = state.dissents
    assert (dissent.member_id, dissent.dissent) == (kai.pk, KAI_DISSENT)
    assert dissent.on_behalf_by.email == CHAIR
    assert Confirmation.objects.filter(lot=lot, reset_at=None, agrees=True).count() == 3
    record = ConsensusRecord.objects.get(bid=bid, criterion=third.criterion)
    assert record.dissents == [{"member": kai.pk, "text": RECORD_DISSENT}]
    assert AgendaItem.objects.get(bid=bid, criterion=first.criterion).discussed
    screen = Meeting.objects.get(lot=lot)
    assert (screen.current_bid_id, screen.current_criterion_id) == (bid.pk, first.criterion.pk)
    assert replay([round_.pk]) == []
