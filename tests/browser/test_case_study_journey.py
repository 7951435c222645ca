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

import re

import pytest
from django.core import mail
from django.urls import reverse

from bids.models import Bid
from commissioning.models import Round, Stage
from panels.models import Member
from scoring import services
from scoring.member_display import bid_name
from tests.browser.conftest import visit
from tests.browser.journey_steps import button, go, link, log_in_as, said
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


def _field(page, label):
    """The field labelled `label` (the label's first words, if it goes on)."""
    main = page.locator("main")
    exact = main.get_by_label(label, exact=True)
    if exact.count() == 1:
        return exact
    starts = main.get_by_label(re.compile("^" + re.escape(label)))
    labels = main.locator("label").all_inner_texts()
    assert starts.count() == 1, (
        f"{starts.count()} fields labelled {label!r} on {page.url}: {labels}"
    )
    return starts


def _fill(page, label, value):
    _field(page, label).fill(value)


def _check(page, label):
    _field(page, label).check()


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
    _fill(page, "Name", ROUND)
    _fill(page, "Purpose in plain words", "Money for clubs after school that young people choose.")
    _fill(page, "Total budget (£)", "100000")
    _fill(page, "Start date", "2027-01-04")
    _fill(page, "End date", "2027-12-17")
    _check(page, "Grant")
    _check(page, "Moderated consensus: the panel agrees one score per criterion")
    _check(page, "The panel decides and records why")
    _fill(page, "Reference prefix", "YF27")
    go(page, button(page, "Create the round"))
    round_ = Round.objects.get(name=ROUND)

    go(page, link(page, "Add a lot"))
    _fill(page, "Name", LOT)
    _fill(page, "Budget (£)", "60000")
    go(page, button(page, "Save"))

    go(page, link(page, "Add a rubric"))
    _fill(page, "Name of the rubric", "Clubs rubric")
    _check(page, "A blank rubric")
    _check(page, f"Lot 1: {LOT}")
    go(page, button(page, "Save"))
    for kind, title, weight, scale in CRITERIA:
        go(page, link(page, "Add a criterion"))
        _check(page, kind)
        _fill(page, "Title", title)
        _fill(page, "Question as published to bidders", f"Tell us: {title.lower()}.")
        _fill(page, "Question in plain English for panellists", f"Does the bid show {title}?")
        if weight:
            _fill(page, "Weight", weight)
        if kind == "Scored by the panel":
            _fill(page, "Highest score", str(scale))
            for level in range(scale + 1):
                _fill(page, f"What a {level} means (published to bidders)", f"Level {level}.")
                _fill(
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
        _fill(page, "Organisation", organisation)
        _fill(page, "Title", title)
        _fill(page, "Summary", f"{title}, three evenings a week.")
        _fill(page, "Amount requested (£)", amount)
        go(page, button(page, "Save the bid"))
        go(page, page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Bids"))
    assert Bid.objects.filter(lot__round=round_, status="received").count() == len(BIDS)

    _round_page(page, round_)
    go(page, link(page, "Panel"))
    go(page, link(page, "Set up the panel"))
    _fill(page, "Name of the panel", "Clubs panel")
    go(page, button(page, "Set up the panel"))
    for user, role in (
        (moderator, "Chair (moderator): runs the consensus meeting; a panel has one chair"),
        (professional, "Professional panellist: scores bids after finishing induction"),
    ):
        go(page, link(page, "Add someone who has an account", exact=False))
        _fill(page, "Their email address", user.email)
        _check(page, role)
        go(page, button(page, "Add them to the panel"))
    go(page, link(page, "Invite someone", exact=False))
    _fill(page, "Their email address", YOUNG_EMAIL)
    _fill(page, "Their name", "Jess")
    _check(page, "Young panellist: scores bids after finishing induction")
    go(page, button(page, "Send the invitation"))

    _round_page(page, round_)
    go(page, link(page, "Who can see this round"))
    _fill(page, "Their email address", auditor.email)
    _check(page, "Auditor: read everything and the decision trail, change nothing")
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
    _fill(page, "Choose a password", NEW_PASSWORD)
    _fill(page, "Type the password again", NEW_PASSWORD)
    go(page, button(page, "Join the panel"))
    said(page, "Welcome to the Clubs panel")
    return page


def _get_ready(page, member, age_band, *, train=True):
    """From the member's panel page: their age group, a declaration with no conflicts for the
    lot, and every training module passed (the chair, who scores nothing, only declares)."""
    dashboard = reverse("panels:dashboard", args=[member.pk])
    visit(page, dashboard)
    go(page, link(page, "Tell us about you"))
    _check(page, age_band)
    go(page, button(page, "Save your details"))

    lot = member.panel.round.lots.get()
    go(page, link(page, f"Say if you know any organisation bidding in {lot}"))
    for no in page.locator('main input[type="radio"][value="no"]').all():
        no.check()
    go(page, button(page, "Save your answers"))
    said(page, "Your answers are saved.")

    if not train:
        return
    for module in Module.objects.filter(round=member.panel.round, required=True):
        visit(page, dashboard)
        go(page, link(page, module.title))
        for choice in Choice.objects.filter(question__module=module, correct=True):
            page.locator(
                f'input[name="question_{choice.question_id}"][value="{choice.pk}"]'
            ).check()
        go(page, button(page, "Check my answers"))
        said(page, "Well done: you passed this module.")
    visit(page, dashboard)
    said(page, "You are ready to score.")


def _assign_and_score(officer, round_):
    """The officer gives every bid to everyone who scores and opens scoring."""
    visit(officer, reverse("panels:panels", args=[round_.pk]))
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
        for criterion, (score, rationale) in zip(
            services.criteria_for(bid), agreed[bid.title], strict=True
        ):
            path = reverse("scoring:consensus_bid", args=[chair.pk, bid.pk])
            go(page, page.locator(f'main a[href="{path}?criterion={criterion.pk}"]'))
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
    _fill(page, "Amount awarded (£)", "42000")
    go(page, button(page, "Record the decision"))
    go(page, link(page, f"Decide on {loser.reference}"))
    page.locator('input[name="decision"][value="not_funded"]').check()
    go(page, button(page, "Record the decision"))
    _move(page, round_, "decided")


# 6. Sign-off and publication ------------------------------------------------------------------


def _sign_and_publish(officer, chair_page, chair, round_):
    visit(chair_page, reverse("decisions:chair_signoff", args=[chair.pk]))
    _check(chair_page, "I confirm the statement above")
    go(chair_page, button(chair_page, "Sign off the results"))
    said(chair_page, "You have signed off the results for the Clubs panel.")

    visit(officer, reverse("decisions:signoff", args=[round_.pk]))
    _check(officer, "I confirm the statement above")
    go(officer, button(officer, "Sign off the results"))
    said(officer, "You have signed off the results as officer.")
    _check(officer, "I understand that once published, nothing in this round can change")
    go(officer, button(officer, "Publish the round"))
    said(officer, "The round is published. Its record is now final.")


# The journey ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_case_study_from_set_up_to_publication(
    new_context, officer_user, moderator, professional, auditor
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
    _sign_and_publish(officer, chair_page, chair, round_)
    round_.refresh_from_db()
    assert round_.stage == Stage.PUBLISHED
