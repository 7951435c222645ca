"""A panellist's scoring pages in Chromium, each through check_page (axe-core, one h1, the skip link,
no sideways scrolling at 320 px): the dashboard, the sheet with its errors, an edit conflict from
another tab, check your answers, the read-only submitted sheet, the pages that say why a sheet
cannot be opened; and, with JavaScript, autosave saying "Saved at ..." by itself."""

import re

import pytest
from django.urls import reverse

from commissioning.models import CriterionKind, Stage
from panels.models import CONFLICT_QUESTIONS, Member
from scoring import services
from scoring.models import REASON_MAX, ScoreSheet, SheetStatus
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from tests.factories import advance, assign_everyone, declare_clear, entries_for


@pytest.fixture
def scoring_round(round_, officer_user):
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


@pytest.fixture
def member(scoring_round, young_panellist):
    return Member.objects.get(panel__round=scoring_round, user=young_panellist)


@pytest.fixture
def bid(scoring_round):
    return scoring_round.lots.first().bids.first()


def _criteria(bid):
    return list(services.criteria_for(bid))


def _fill_sheet(page, bid, reason="They run three sessions a week, led by young people."):
    for criterion in _criteria(bid):
        if criterion.kind == CriterionKind.SCORED:
            page.locator(f"#id_c{criterion.pk}_score_3").check()
        else:
            page.locator(f"#id_c{criterion.pk}_score_0").check()  # Yes
        page.locator(f"#id_c{criterion.pk}_reason").fill(reason)


def _sheet(member, bid):
    return ScoreSheet.objects.get(assignment__member=member, assignment__bid=bid)


def test_scoring_pages_errors_and_submitting(new_context, member, bid, young_panellist):
    page = new_context(java_script_enabled=False).new_page()
    sheet_path = reverse("scoring:sheet", args=[member.pk, bid.pk])
    log_in(page, young_panellist)
    visit(page, reverse("panels:dashboard", args=[member.pk]))
    visit(page, reverse("scoring:dashboard", args=[member.pk]))
    visit(page, sheet_path)

    # An over-long reason: the error summary links to the field, and the typing stays.
    first = _criteria(bid)[0]
    long_reason = "This is far too long. " * (REASON_MAX // 20)
    page.locator(f"#id_c{first.pk}_reason").fill(long_reason)
    submit(page, "Save and come back later")
    assert_error_summary(page, f"c{first.pk}_reason")
    assert page.locator(f"#id_c{first.pk}_reason").input_value() == long_reason

    # Check your answers with questions missing: the sheet comes back with each problem beside
    # its question, linked from the error summary (tests/browser/test_error_links.py follows them).
    page.locator(f"#id_c{first.pk}_reason").fill("Short and clear.")
    submit(page, "Save and check your answers")
    assert page.url.endswith("?check=1")
    assert page.locator(".error-summary").is_visible()
    assert page.locator(f"#id_c{first.pk}_score_error").is_visible()
    assert page.locator(f"#id_c{first.pk}_reason_error").count() == 0
    page.locator(".error-summary a").first.click()
    page.wait_for_url(re.compile(r".*/scoring/\d+/\?check=1#id_c\d+_(score_0|reason)$"))
    check_page(page)

    # Everything answered: the summary, then submit.
    _fill_sheet(page, bid)
    submit(page, "Save and check your answers")
    assert page.locator(".error-summary").count() == 0
    submit(page, "Submit your scores")
    assert "Your scores for" in page.locator(".banner--success").inner_text()
    assert _sheet(member, bid).status == SheetStatus.SUBMITTED

    visit(page, sheet_path)  # read-only now
    assert "You submitted this on" in page.locator(".banner--success").inner_text()
    assert page.locator("textarea").count() == 0


def test_a_conflict_from_another_tab_shows_both(new_context, member, bid, young_panellist):
    page = new_context(java_script_enabled=False).new_page()
    sheet_path = reverse("scoring:sheet", args=[member.pk, bid.pk])
    services.open_sheet(member, bid, by=young_panellist)  # a GET no longer starts a sheet
    log_in(page, young_panellist)
    visit(page, sheet_path)
    _fill_sheet(page, bid, reason="Typed in this tab.")

    # Meanwhile, another tab saves the sheet.
    sheet = _sheet(member, bid)
    services.save_draft(
        sheet,
        by=young_panellist,
        entries=entries_for(sheet, score=1, reason="Saved from the other tab."),
        version=sheet.version,
    )
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save and come back later", exact=True).click()
    assert navigation.value.status == 409
    check_page(page)
    assert "changed in another tab" in page.locator("#conflict").inner_text()
    assert page.get_by_text("Saved from the other tab.").first.is_visible()
    first = _criteria(bid)[0]
    assert page.locator(f"#id_c{first.pk}_reason").input_value() == "Typed in this tab."

    submit(page, "Save and come back later")  # the second press keeps what was typed
    assert {s.reason for s in _sheet(member, bid).scores.all()} == {"Typed in this tab."}


def test_pages_that_say_why_a_sheet_cannot_be_opened(
    new_context, round_, officer_user, young_panellist
):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    declare_clear(member)
    assign_everyone(round_, officer_user)
    bid = round_.lots.first().bids.first()
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, young_panellist)
    visit(page, reverse("scoring:dashboard", args=[member.pk]))
    visit(page, reverse("scoring:sheet", args=[member.pk, bid.pk]), status=409)

    advance(round_, Stage.SCORING, officer_user)
    member = Member.objects.get(pk=member.pk)
    services.open_sheet(member, bid, by=young_panellist)
    from panels import services as panel_services

    answers = {**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"}
    panel_services.declare(member, bid, by=young_panellist, answers=answers)
    visit(page, reverse("scoring:sheet", args=[member.pk, bid.pk]))
    assert "does not count" in page.locator("main").inner_text()
    visit(page, reverse("scoring:dashboard", args=[member.pk]))


def test_autosave_says_saved_by_itself(page, member, bid, young_panellist):
    sheet_path = reverse("scoring:sheet", args=[member.pk, bid.pk])
    log_in(page, young_panellist)
    visit(page, sheet_path)
    first = _criteria(bid)[0]
    assert page.locator("#autosave-hint").is_visible()
    page.locator(f"#id_c{first.pk}_score_4").check()
    page.locator(f"#id_c{first.pk}_reason").fill("Saved without pressing anything.")
    assert "characters left" in page.locator(f"#id_c{first.pk}_reason_count").inner_text()
    status = page.locator("#autosave-status")
    status.filter(has_text=re.compile(r"Saved at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)")).wait_for(
        timeout=10_000
    )
    saved = _sheet(member, bid)
    assert saved.version == 2
    assert saved.scores.get(criterion=first).reason == "Saved without pressing anything."
    assert page.locator("input[name=version]").input_value() == "2"
    check_page(page)

    # Pressing Save afterwards uses the version autosave got: no conflict.
    submit(page, "Save and come back later")
    assert page.locator("#conflict").count() == 0
    assert _sheet(member, bid).version == 3
