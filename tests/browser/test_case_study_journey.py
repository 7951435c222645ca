"""Issue 14, "Done when": the whole case study through the user interface, in Chromium, every page
through check_page (axe-core with the WCAG 2.2 rules, one <main>, one <h1>, the skip link first,
no sideways scrolling at 320 px).

The officer sets up a round (one lot, a rubric with two scored questions and one pass/fail check,
two bids), a panel with a chair, a professional and a young panellist (invited by email), and an
auditor. The panellists complete their training, declare no conflicts and score both bids. The
chair runs the consensus meeting and the panel confirms its record; the officer answers the
checks, awards within the budget and moves the round to decided. The officer and the chair sign
off, and the officer publishes. The young panellist reads "You said, we did" on a 320 px phone and
answers the survey; an anonymous visitor opens the public page; the auditor verifies and exports
the trail; the decision pack's totals match the results page.

Each step is done through the pages, clicking and typing; error paths and the keyboard are
tested in depth by the other journeys, so they are not repeated here.
"""

import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from audit import reverify_jsonl
from audit.keys import checkpoint_key
from bids.models import Bid
from commissioning.models import Round, Stage
from decisions.models import Publication, SurveyResponse
from decisions.public import checkpoint
from panels.models import Member
from scoring import services
from scoring.member_display import bid_name
from tests.browser.conftest import check_page, visit
from tests.browser.journey_steps import (
    button,
    fill,
    go,
    link,
    log_in_as,
    main_words,
    said,
    tick,
)
from training.models import Choice, Module

ROUND = "Youth Futures: clubs after school"
LOT = "After-school clubs"
BIDS = [
    ("Riverside Youth Trust", "Evening clubs by the river", "42000"),
    ("Northside Arts", "Arts nights for young people", "38000"),
]
# (kind label, title, weight, scale): two questions the panel scores, one check for officers.
CRITERIA = [
    ("Scored by the panel", "What young people need", "60", 2),
    ("Scored by the panel", "Young people lead it", "40", 2),
    ("Pass or fail", "Safeguarding in place", "", 1),
]
YOUNG_EMAIL = "jess@example.org"
NEW_PASSWORD = "a-long-fresh-pass"
MESSAGE = "Thank you all: the river clubs are funded, as your scores said."
SURVEY_CHANGE = "More time to read the bids."
PHONE = {"width": 320, "height": 740}
# What each panellist scores: per bid, (score, reason) for each of the two questions.
JESS_SCORES = {
    "Evening clubs by the river": [
        ("2", "Young people told them what they need."),
        ("1", "Staff decide."),
    ],
    "Arts nights for young people": [
        ("1", "Not much about need."),
        ("2", "A youth committee runs it."),
    ],
}
AGREED = {
    "Evening clubs by the river": [
        ("2", "Young people were asked, and a local survey backs it."),
        ("2", "Young leaders are trained and run the sessions."),
    ],
    "Arts nights for young people": [
        ("1", "General facts, little about young people here."),
        ("1", "The committee exists but staff make the decisions."),
    ],
}
PRO_SCORES = {
    "Evening clubs by the river": [
        ("2", "Evidence from a local survey."),
        ("2", "Young leaders trained."),
    ],
    "Arts nights for young people": [
        ("1", "General facts only."),
        ("1", "Little say for young people."),
    ],
}


def _round_page(page, round_):
    visit(page, round_.get_absolute_url())


def _move(page, round_, to):
    _round_page(page, round_)
    problems = page.locator(".task-box")
    assert problems.count() == 0, problems.all_inner_texts()
    go(page, link(page, f"Move to {to}"))
    go(page, button(page, f"Move to {to}"))
    said(page, f"Stage: {to.capitalize()}")


# 1. The officer sets the round up -------------------------------------------------------------


def _set_up(page, officer_user, moderator, professional, auditor):
    visit(page, reverse("commissioning:round_list"))
    go(page, link(page, "Create a round"))
    fill(page, "Name", ROUND)
    fill(page, "Purpose in plain words", "Money for clubs after school that young people choose.")
    fill(page, "Total budget (£)", "100000")
    fill(page, "Start date", "2027-01-04")
    fill(page, "End date", "2027-12-17")
    tick(page, "Grant")
    tick(page, "Moderated consensus: the panel agrees one score per criterion")
    tick(page, "The panel decides and records why")
    fill(page, "Reference prefix", "YF27")
    go(page, button(page, "Create the round"))
    round_ = Round.objects.get(name=ROUND)

    go(page, link(page, "Add a lot"))
    fill(page, "Name", LOT)
    fill(page, "Budget (£)", "60000")
    go(page, button(page, "Save"))

    go(page, link(page, "Add a rubric"))
    fill(page, "Name of the rubric", "Clubs rubric")
    tick(page, "A blank rubric")
    tick(page, f"Lot 1: {LOT}")
    go(page, button(page, "Save"))
    for kind, title, weight, scale in CRITERIA:
        go(page, link(page, "Add a criterion"))
        tick(page, kind)
        fill(page, "Title", title)
        fill(page, "Question as published to bidders", f"Tell us: {title.lower()}.")
        fill(page, "Question in plain English for panellists", f"Does the bid show {title}?")
        if weight:
            fill(page, "Weight", weight)
        if kind == "Scored by the panel":
            fill(page, "Highest score", str(scale))
            for level in range(scale + 1):
                fill(page, f"What a {level} means (published to bidders)", f"Level {level}.")
                fill(
                    page,
                    f"What a {level} means (plain English for panellists)",
                    f"A {level}: {['not at all', 'partly', 'fully'][level]}.",
                )
        go(page, button(page, "Save"))
    said(page, "Weights add up to 100 out of 100.")

    _round_page(page, round_)
    go(page, link(page, "Bids"))
    for organisation, title, amount in BIDS:
        go(page, link(page, "Add a bid"))
        go(page, link(page, f"Lot 1: {LOT}"))
        fill(page, "Organisation", organisation)
        fill(page, "Title", title)
        fill(page, "Summary", f"{title}, three evenings a week.")
        fill(page, "Amount requested (£)", amount)
        go(page, button(page, "Save the bid"))
        go(page, page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Bids"))
    assert Bid.objects.filter(lot__round=round_, status="received").count() == len(BIDS)

    _round_page(page, round_)
    go(page, link(page, "Panel"))
    go(page, link(page, "Set up the panel"))
    fill(page, "Name of the panel", "Clubs panel")
    go(page, button(page, "Set up the panel"))
    for user, role in (
        (moderator, "Chair (moderator): runs the consensus meeting; a panel has one chair"),
        (professional, "Professional panellist: scores bids after finishing induction"),
    ):
        go(page, link(page, "Add someone who has an account", exact=False))
        fill(page, "Their email address", user.email)
        tick(page, role)
        go(page, button(page, "Add them to the panel"))
    go(page, link(page, "Invite someone", exact=False))
    fill(page, "Their email address", YOUNG_EMAIL)
    fill(page, "Their name", "Jess")
    tick(page, "Young panellist: scores bids after finishing induction")
    go(page, button(page, "Send the invitation"))

    _round_page(page, round_)
    go(page, link(page, "Who can see this round"))
    fill(page, "Their email address", auditor.email)
    tick(page, "Auditor: read everything and the decision trail, change nothing")
    go(page, button(page, "Give access"))

    _round_page(page, round_)
    go(page, link(page, "Induction training"))
    go(page, button(page, "Add the starter set"))
    _move(page, round_, "induction")
    return Round.objects.get(pk=round_.pk)


def _invitation_link() -> str:
    [message] = [m for m in mail.outbox if YOUNG_EMAIL in m.to]
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


# 2. Induction: the young panellist joins, everyone gets ready --------------------------------


def _accept_invitation(context):
    page = context.new_page()
    visit(page, _invitation_link())
    fill(page, "Choose a password", NEW_PASSWORD)
    fill(page, "Type the password again", NEW_PASSWORD)
    go(page, button(page, "Join the panel"))
    said(page, "Welcome to the Clubs panel")
    return page


def _get_ready(page, member, age_band, *, train=True):
    """From the member's panel page: their age group, a declaration with no conflicts for the
    lot, and every training module passed (the chair, who scores nothing, only declares)."""
    dashboard = reverse("panels:dashboard", args=[member.pk])
    visit(page, dashboard)
    go(page, link(page, "Tell us about you"))
    tick(page, age_band)
    go(page, button(page, "Save your details"))

    lot = member.panel.round.lots.get()
    go(page, link(page, f"Say if you know any organisation bidding in {lot}"))
    for no in page.locator('main input[type="radio"][value="no"]').all():
        no.check()
    go(page, button(page, "Save your answers"))
    said(page, "Your answers are saved.")

    if not train:
        return
    modules = list(
        Module.objects.filter(round=member.panel.round, required=True).order_by("order", "pk")
    )
    visit(page, dashboard)
    go(page, link(page, modules[0].title))
    for index, module in enumerate(modules):
        for choice in Choice.objects.filter(question__module=module, correct=True):
            page.locator(
                f'input[name="question_{choice.question_id}"][value="{choice.pk}"]'
            ).check()
        go(page, button(page, "Check my answers"))
        said(page, "Well done: you passed this module.")
        if index + 1 < len(modules):
            next_module = modules[index + 1].title
            go(page, page.locator("#results").get_by_role("link", name=next_module))
    visit(page, dashboard)
    said(page, "You are ready to score.")


def _assign_and_score(officer, round_):
    """The officer gives every bid to everyone who scores and opens scoring."""
    lot = round_.lots.get()
    visit(officer, reverse("panels:assignments", args=[round_.pk, lot.pk]))
    go(officer, button(officer, "Apply this plan"))
    _move(officer, round_, "scoring")


# 3. Scoring ----------------------------------------------------------------------------------


def _score(page, member, plan):
    """Scores every bid on the member's sheet: {bid title: [(score, reason) per question]}."""
    visit(page, reverse("scoring:dashboard", args=[member.pk]))
    for bid in Bid.objects.filter(lot__round=member.panel.round).order_by("number"):
        go(page, link(page, bid_name(bid, member.panel.round)))
        criteria = list(services.criteria_for(bid))
        for criterion, (score, reason) in zip(criteria, plan[bid.title], strict=True):
            page.locator(f'input[name="c{criterion.pk}_score"][value="{score}"]').check()
            page.locator(f"#id_c{criterion.pk}_reason").fill(reason)
        go(page, button(page, "Save and check your answers"))
        go(page, button(page, "Submit your scores"))
        said(page, "are submitted")


# 4. Consensus --------------------------------------------------------------------------------


def _run_the_meeting(page, chair, agreed):
    """The chair records the panel's agreed score for every question on the agenda."""
    round_ = chair.panel.round
    lot = round_.lots.get()
    visit(page, reverse("scoring:consensus_lots", args=[chair.pk]))
    go(page, link(page, f"Open the agenda for {lot}"))
    agenda = page.url
    for bid in Bid.objects.filter(lot=lot).order_by("number"):
        criteria = list(services.criteria_for(bid))
        path = reverse("scoring:consensus_bid", args=[chair.pk, bid.pk])
        go(page, page.locator(f'main a[href="{path}?criterion={criteria[0].pk}"]'))
        for n, (criterion, (score, rationale)) in enumerate(
            zip(criteria, agreed[bid.title], strict=True)
        ):
            if n:  # the next question, from the bid page's list of them
                questions = page.get_by_role("navigation", name="Questions for this bid")
                go(page, questions.get_by_role("link", name=criterion.title, exact=True))
            prefix = f"c{criterion.pk}"
            page.locator(f'input[name="{prefix}-score"][value="{score}"]').check()
            page.locator(f"#id_{prefix}-rationale").fill(rationale)
            page.locator(f'input[name="{prefix}-reached"][value="unanimous"]').check()
            go(page, button(page, f"Save the agreed score for {criterion.title}"))
            said(page, f"“{criterion.title}” is saved: {score}.")
        go(page, link(page, f"Back to the agenda for {lot}"))
    assert page.url == agenda


def _confirm(page, member):
    lot = member.panel.round.lots.get()
    visit(page, reverse("scoring:meeting", args=[member.pk]))
    go(page, link(page, f"Check and confirm the record for {lot}"))
    page.locator('input[name="agrees"][value="yes"]').check()
    go(page, button(page, "Send my answer"))
    said(page, f"Thank you. You confirmed the record for {lot}.")


# 5. The officer checks and awards -------------------------------------------------------------


def _decide(page, round_):
    visit(page, round_.get_absolute_url())
    go(page, link(page, "Results and awards"))
    results = page.url
    winner, loser = Bid.objects.filter(lot__round=round_).order_by("number")
    for bid in (winner, loser):
        go(page, link(page, f"Check and score {bid.reference}"))
        page.locator('main fieldset input[value="pass"]').check()
        page.locator("main textarea").first.fill("Policy dated this year, lead named.")
        go(page, button(page, "Save the checks and scores"))
        assert page.url.startswith(results), page.url
    go(page, link(page, f"Decide on {winner.reference}"))
    page.locator('input[name="decision"][value="awarded"]').check()
    fill(page, "Amount awarded (£)", "42000")
    go(page, button(page, "Record the decision"))
    go(page, link(page, f"Decide on {loser.reference}"))
    page.locator('input[name="decision"][value="not_funded"]').check()
    go(page, button(page, "Record the decision"))
    _move(page, round_, "decided")


# 6. Sign-off and publication ------------------------------------------------------------------


def _sign_and_publish(officer, chair_page, chair, round_):
    visit(chair_page, reverse("decisions:chair_signoff", args=[chair.pk]))
    tick(chair_page, "I confirm the statement above")
    go(chair_page, button(chair_page, "Sign off the results"))
    said(chair_page, "You have signed off the results for the Clubs panel.")

    visit(officer, reverse("decisions:signoff", args=[round_.pk]))
    tick(officer, "I confirm the statement above")
    go(officer, button(officer, "Sign off the results"))
    said(officer, "You have signed off the results as officer.")
    tick(officer, "I understand that once published, nothing in this round can change")
    go(officer, button(officer, "Publish the round"))
    said(officer, "The round is published. Its record is now final.")


def _write_to_the_panel(officer, round_):
    """While the round is decided: the officer's message for "You said, we did"."""
    visit(officer, reverse("decisions:signoff", args=[round_.pk]))
    go(officer, link(officer, '"You said, we did": your message to the panel'))
    fill(officer, "Your message to the panel", MESSAGE)
    go(officer, button(officer, "Save the message"))
    said(officer, "Your message to the panel is saved.")


# 7. After publication -------------------------------------------------------------------------


def _you_said_and_survey(page, member):
    """The young panellist, on a 320 px phone: what was decided and how their scores compared,
    then the anonymous survey."""
    assert page.viewport_size["width"] == PHONE["width"]
    visit(page, reverse("panels:dashboard", args=[member.pk]))
    go(page, link(page, "You said, we did: what was decided and how your scores compared"))
    said(page, MESSAGE)
    said(page, "Evening clubs by the river: Funded")
    said(page, "The panel agreed the score you gave.")
    go(page, link(page, "Answer the survey"))
    page.locator('input[name="worth_time"][value="yes"]').check()
    page.locator('input[name="listened_to"][value="mostly"]').check()
    fill(page, "What should change next time?", SURVEY_CHANGE)
    go(page, button(page, "Send your answers"))
    said(page, "Thank you. Your answers are saved, without your name.")
    answer = SurveyResponse.objects.get(round=member.panel.round)
    assert (answer.young, answer.worth_time, answer.change) == (True, "yes", SURVEY_CHANGE)


def _public_page(page, round_) -> str:
    """Anyone, logged out, from the footer's "Published rounds" to the round's public page;
    returns the trail's fingerprint it shows."""
    visit(page, "/")
    go(page, page.get_by_role("contentinfo").get_by_role("link", name="Published rounds"))
    go(page, link(page, ROUND))
    assert page.url.endswith(reverse("decisions:public", args=[round_.pk])), page.url
    said(page, "Riverside Youth Trust")
    assert "Northside Arts" not in main_words(page)  # unsuccessful bids are only counted
    return page.locator("main dt:text-is('Fingerprint (hash)') + dd").inner_text().strip()


def _audit(page, round_, published_hash, tmp_path):
    """The auditor: the trail verifies, and its export checks out line by line and ends at the
    fingerprint the public page shows."""
    visit(page, round_.get_absolute_url())
    go(page, link(page, "Decision trail"))
    assert page.get_by_role("status").filter(has_text="Verified.").is_visible()
    with page.expect_download() as info:
        button(page, "Download for re-verification (JSON lines)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # With only the published public key, the copy checks out, and so does the published head.
    publication = Publication.objects.get(round=round_)
    assert publication.trail_hash == published_hash
    published = json.loads(checkpoint(publication).to_json())
    public = checkpoint_key().public_hex
    assert reverify_jsonl.verify(lines, public, [published]).startswith("VERIFIED")
    assert len(lines) > publication.trail_seq + 1
    with page.expect_download() as info:
        button(page, "Download as a spreadsheet (.xlsx)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert openpyxl.load_workbook(path).worksheets[0].max_row > len(lines) // 2
    check_page(page)


def _results_totals(page, round_) -> dict:
    """{bid reference: (total, decision)} as the officer's results page shows them."""
    visit(page, reverse("decisions:results", args=[round_.pk]))
    totals = {}
    ranking = page.get_by_role("region", name=f"Ranking in Lot 1: {LOT}")
    for row in ranking.locator("tbody tr").all():
        reference = row.locator("th[scope=row] .nowrap").inner_text().strip()
        cells = row.locator("td")
        totals[reference] = (cells.nth(1).inner_text().strip(), cells.nth(4).inner_text())
    return totals


def _pack_totals(page, round_, tmp_path) -> dict:
    """Downloads the decision pack from its page (a POST form) and reads its totals sheet."""
    visit(page, reverse("decisions:signoff", args=[round_.pk]))
    go(page, link(page, "The decision pack (spreadsheet)"))
    with page.expect_download() as info:
        button(page, "Download the decision pack (.xlsx)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path)["Totals and awards"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and "Bid" in row)
    header = rows[header_at]
    bid, total, amount = (header.index(name) for name in ("Bid", "Total", "Amount awarded"))
    return {row[bid]: (row[total], row[amount]) for row in rows[header_at + 1 :] if row[bid]}


# The journey ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_case_study_from_set_up_to_publication(
    new_context, officer_user, moderator, professional, auditor, tmp_path
):
    officer = log_in_as(new_context(), officer_user)
    round_ = _set_up(officer, officer_user, moderator, professional, auditor)
    assert round_.stage == Stage.INDUCTION
    assert Member.objects.filter(panel__round=round_).count() == 2

    jess_context = new_context(viewport=PHONE)
    jess_page = _accept_invitation(jess_context)
    jess = Member.objects.get(panel__round=round_, user__email=YOUNG_EMAIL)
    pro = Member.objects.get(panel__round=round_, user=professional)
    _get_ready(jess_page, jess, "16 or 17")
    pro_page = log_in_as(new_context(), professional)
    _get_ready(pro_page, pro, "Over 25")
    chair = Member.objects.get(panel__round=round_, user=moderator)
    chair_page = log_in_as(new_context(), moderator)
    _get_ready(chair_page, chair, "Over 25", train=False)
    _assign_and_score(officer, round_)
    round_.refresh_from_db()
    assert round_.stage == Stage.SCORING

    _score(jess_page, jess, JESS_SCORES)
    _score(pro_page, pro, PRO_SCORES)
    _move(officer, round_, "consensus")

    _run_the_meeting(chair_page, chair, AGREED)
    for page, member in ((jess_page, jess), (pro_page, pro), (chair_page, chair)):
        _confirm(page, member)
    _decide(officer, round_)
    _write_to_the_panel(officer, round_)
    _sign_and_publish(officer, chair_page, chair, round_)
    round_.refresh_from_db()
    assert round_.stage == Stage.PUBLISHED

    _you_said_and_survey(jess_page, jess)
    published_hash = _public_page(new_context().new_page(), round_)
    assert published_hash == Publication.objects.get(round=round_).trail_hash
    _audit(log_in_as(new_context(), auditor), round_, published_hash, tmp_path)

    shown = _results_totals(officer, round_)
    in_pack = _pack_totals(officer, round_, tmp_path)
    assert (
        set(in_pack) == set(shown) == {b.reference for b in Bid.objects.filter(lot__round=round_)}
    )
    for reference, (total, decision) in shown.items():
        pack_total, amount = in_pack[reference]
        assert f"{Decimal(str(pack_total)):.2f}" == total, (reference, pack_total, total)
        if amount is not None:
            assert f"£{Decimal(str(amount)):,.2f}" in decision, (reference, amount, decision)
    awarded = [a for _, a in in_pack.values() if a is not None]
    assert awarded == [Decimal("42000")] or awarded == [42000], awarded
