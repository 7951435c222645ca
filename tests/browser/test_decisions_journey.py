"""Issue 13, "Done when": the officer decides the demo round's awards with the keyboard alone, every
page through check_page (axe-core with the WCAG 2.2 rules, one <main>, one <h1>, the skip link
first, no sideways scrolling at 320 px).

Set-up (services): the demo at consensus, every lot's record agreed and confirmed
(tests.factories.agree_everything), and every bid's checks answered "pass" except YS27-L1-002's.
In the browser the officer opens the results, answers YS27-L1-002's checks at 320 px (safeguarding
fails, with a reason) and sees its price worked out, records awards within each lot's budget
(lot 2's award passes over the higher-ranked bid, with a reason), records the rest as not funded,
and moves the round to decided on the round page. Addresses are opened directly only where the
officer would follow a link from the results page.
"""

import pytest
from django.urls import reverse

from audit.replay import replay
from commissioning.demo import DEMO_PASSWORD
from commissioning.models import Round, Stage
from decisions import checks
from decisions.models import Award, Decision, OfficerCheck
from demo import scenario
from tests.browser.conftest import check_page, visit
from tests.browser.test_young_panellist_journey import pick_radio, tab_to, type_into
from tests.factories import agree_everything

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 720}
IN_BROWSER = "YS27-L1-002"  # its checks are answered in the browser
SAFEGUARDING_FAILS = "The policy is dated 2019 and names no safeguarding lead."
PASS_OVER = (
    "YS27-L2-001's building lease ends in 2028; YS27-L2-003's centre is secured for ten years."
)

# (reference, decision, amount typed, reason): lot budgets £450,000, £650,000 and £300,000.
DECISIONS = [
    ("YS27-L1-001", Decision.AWARDED, "£438,600", ""),
    ("YS27-L1-003", Decision.NOT_FUNDED, "", ""),
    ("YS27-L1-004", Decision.NOT_FUNDED, "", ""),
    ("YS27-L2-003", Decision.AWARDED, "560000", PASS_OVER),  # passes over YS27-L2-001
    ("YS27-L2-001", Decision.NOT_FUNDED, "", ""),
    ("YS27-L2-002", Decision.NOT_FUNDED, "", ""),
    ("YS27-L3-001", Decision.AWARDED, "300,000.00", ""),  # asked £312,400: part funded
    ("YS27-L3-002", Decision.NOT_FUNDED, "", ""),
]


@pytest.fixture
def demo_agreed(transactional_db):
    round_, users = scenario.seed(until=Stage.CONSENSUS)
    agree_everything(round_)
    officer = users["officer"]
    for lot in round_.lots.all():
        rubric_checks = list(lot.rubric.criteria.filter(kind="pass_fail"))
        for bid in lot.bids.filter(status="received").exclude(reference=IN_BROWSER):
            for criterion in rubric_checks:
                checks.answer_check(
                    bid, criterion, by=officer, passed=True, reason="Documents seen and in date."
                )
    return round_, officer


def _enter(page, locator):
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)


def _log_in(page, email):
    page.goto("/accounts/login/")
    check_page(page)
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url, page.url


def _decide(page, round_, reference, decision, amount, reason):
    bid = round_.lots.get(bids__reference=reference).bids.get(reference=reference)
    visit(page, reverse("decisions:award", args=[round_.pk, bid.pk]))
    pick_radio(page, page.locator(f'input[name="decision"][value="{decision}"]'))
    if amount:
        type_into(page, page.get_by_label("Amount awarded (£)"), amount)
    if reason:
        type_into(page, page.locator("#id_reason"), reason)
    _enter(page, page.get_by_role("button", name="Record the decision"))
    assert page.url.endswith(f"/results/#lot-{bid.lot.number}"), page.url


def test_the_officer_decides_the_awards_by_keyboard(new_context, demo_agreed):
    round_, officer = demo_agreed
    page = new_context(viewport=DESKTOP).new_page()
    _log_in(page, officer.email)

    # 1. From the round page to the results, by keyboard.
    visit(page, round_.get_absolute_url())
    _enter(page, page.get_by_role("link", name="Results and awards"))
    results_path = reverse("decisions:results", args=[round_.pk])
    assert page.url.endswith(results_path), page.url
    main = page.locator("main").inner_text()
    assert "The “Safeguarding policy and police checks in place” check" in main

    # 2. YS27-L1-002's checks on a phone: safeguarding fails with a reason; price is worked out.
    page.set_viewport_size(PHONE)
    _enter(page, page.get_by_role("link", name=f"Check and score {IN_BROWSER}"))
    assert "This bid's price" in page.locator("main").inner_text()
    assert "£291,850.00" in page.locator("main").inner_text()
    safeguarding, insurance = page.locator("fieldset").all()[:2]
    pick_radio(page, safeguarding.locator('input[value="fail"]'))
    # The insurance check is answered without its reason first: refused beside it, nothing lost.
    pick_radio(page, insurance.locator('input[value="pass"]'))
    type_into(page, page.locator("textarea").first, SAFEGUARDING_FAILS)
    _enter(page, page.get_by_role("button", name="Save the checks and scores"))
    assert page.title().startswith("Error: "), page.title()
    assert page.locator("textarea").first.input_value() == SAFEGUARDING_FAILS
    type_into(page, page.locator("textarea").nth(1), "Certificate seen, valid to 2028.")
    _enter(page, page.get_by_role("button", name="Save the checks and scores"))
    assert page.url.endswith(f"{results_path}#lot-1"), page.url
    page.set_viewport_size(DESKTOP)
    assert "No police checks" not in page.locator("main").inner_text()
    assert SAFEGUARDING_FAILS in page.locator("main").inner_text()
    assert OfficerCheck.objects.filter(bid__reference=IN_BROWSER, passed=False).count() == 1

    # 3. The awards, each from its "Decide" link's address.
    for reference, decision, amount, reason in DECISIONS:
        _decide(page, round_, reference, decision, amount, reason)
    main = page.locator("main").inner_text()
    assert "Passes over YS27-L2-001" in main and PASS_OVER in main

    # 4. The round page: the guard is satisfied, so the officer moves the round to decided.
    visit(page, round_.get_absolute_url())
    _enter(page, page.get_by_role("link", name="Move to decided"))
    _enter(page, page.get_by_role("button", name="Move to decided"))

    round_ = Round.objects.get(pk=round_.pk)
    assert round_.stage == Stage.DECIDED
    assert Award.objects.filter(decision=Decision.AWARDED).count() == 3
    assert replay([round_.pk]) == []
