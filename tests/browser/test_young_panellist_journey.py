"""Issue 6, "Done when": a young panellist goes from their invitation link to "ready to score" on a
360 px wide phone, with the keyboard alone, and every page they see passes check_page (axe-core
with the WCAG 2.2 rules, one <main>, one <h1>, the skip link first, no sideways scrolling).

The officer's part (training, a practice bid, the invitation, assignments) is done in Python
through the services. Everything the young person does is done in Chromium by pressing keys: Tab
to move, Enter to follow a link or press a button, Space to choose, the arrow keys to move within a
group of radios, and typing. Nothing is clicked and no field is filled by script.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from commissioning import services as round_services
from commissioning.models import CriterionKind, Stage
from panels import services as panel_services
from panels.models import (
    CONFLICT_QUESTIONS,
    DEFAULT_DECIDES,
    DEFAULT_DOES_NOT_DECIDE,
    AgeBand,
    Invitation,
    Member,
    Role,
    SupportNeed,
)
from tests.browser.conftest import check_page, visit
from training import services as training_services
from training.demo import FALLBACK_ITEM, PRACTICE, PRACTICE_ITEMS
from training.gating import is_ready
from training.models import Choice, Module, ModuleResult

PHONE = {"width": 360, "height": 740}
NEW_PASSWORD = "a-long-fresh-pass"
MAX_TABS = 400


# Keyboard helpers ---------------------------------------------------------------------------------


def _is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator):
    """Presses Tab until `locator` has focus, as a keyboard user moves through the page. Fails if
    Tab never gets there (the element is not in the tab order)."""
    locator.wait_for()
    for _ in range(MAX_TABS):
        if _is_focused(locator):
            return locator
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator} on {page.url}")


def follow(page, locator):
    """Tabs to a link or button and presses Enter; checks the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)


def type_into(page, locator, text, *, replace=False):
    """Tabs to a text field and types into it (replacing what is there when asked)."""
    tab_to(page, locator)
    if replace:
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Delete")
    page.keyboard.type(text)
    value = locator.input_value()
    assert value == text if replace else value.endswith(text), value


def pick_radio(page, radio):
    """Chooses `radio` as a keyboard user does: Tab into its group (Tab stops once per group, on
    the checked radio or else the first), then Space if focus is on it, or the down arrow (which
    moves and selects) until it is the one chosen."""
    name = radio.get_attribute("name")
    group = page.locator(f'input[type="radio"][name="{name}"]')
    count = group.count()
    for _ in range(MAX_TABS):
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never reached the radios named {name} on {page.url}")
    if _is_focused(radio) and not radio.is_checked():
        page.keyboard.press("Space")
    for _ in range(count):
        if radio.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert radio.is_checked(), f"the arrow keys never chose {radio}"
    assert _is_focused(radio)


def tick(page, checkbox):
    """Tabs to a checkbox and ticks it with Space."""
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    assert checkbox.is_checked()


def main_text(page) -> str:
    return page.locator("main").inner_text()


# The officer's part, in Python ----------------------------------------------------------------------


def _set_up_induction(round_, officer):
    """The starter modules and the demo's practice bid in the round, and the round in induction."""
    training_services.add_starter_modules(round_, by=officer)
    rubric = round_.rubrics.first()
    items = {}
    for criterion in rubric.criteria.filter(kind=CriterionKind.SCORED):
        answer, score, reason = PRACTICE_ITEMS.get(criterion.title, FALLBACK_ITEM)
        items[criterion] = (answer, min(score, criterion.scale_max), reason)
    practice = training_services.set_practice(
        round_, by=officer, rubric=rubric, items=items, **PRACTICE
    )
    round_services.move_stage(round_, to=Stage.INDUCTION, by=officer)
    round_.refresh_from_db()
    assert round_.stage == Stage.INDUCTION
    return practice


def _invite(round_, officer, email="sam@example.org", display_name="Sam"):
    tokens = []
    invitation = panel_services.invite(
        round_.panels.get(),
        by=officer,
        email=email,
        display_name=display_name,
        role=Role.YOUNG,
        accept_url=lambda token: tokens.append(token) or f"/invitations/{token}/",
    )
    return invitation, reverse("panels:accept", args=[tokens[0]])


def _assign_every_bid(round_, officer):
    """The default plan (every member of the lot's panel scores every bid), checked and applied."""
    for lot in round_.lots.all():
        plan, problems = panel_services.propose_assignments(lot)
        assert not problems, problems
        panel_services.apply_assignments(
            lot,
            by=officer,
            scorers_per_bid=None,
            fingerprint=panel_services.plan_fingerprint(plan),
        )


# The journey --------------------------------------------------------------------------------------


def test_young_panellist_from_invitation_to_ready_to_score(new_context, officer_user, round_):
    practice = _set_up_induction(round_, officer_user)
    invitation, link = _invite(round_, officer_user)
    modules = list(Module.objects.filter(round=round_, required=True).order_by("order", "pk"))
    assert len(modules) == 6
    lots = list(round_.lots.order_by("number"))

    page = new_context(viewport=PHONE).new_page()

    # 1. The invitation: who is asking, and in plain words what the panel decides and what not.
    visit(page, link)
    assert page.get_by_role("heading", level=1).inner_text() == "Join the Youth panel"
    for heading, text in [
        ("What the panel decides", DEFAULT_DECIDES),
        ("What the panel does not decide", DEFAULT_DOES_NOT_DECIDE),
    ]:
        part = page.get_by_role("region", name=heading)
        assert part.get_by_role("heading", name=heading).is_visible()
        assert part.get_by_text(text).is_visible()
    assert page.get_by_text("You will log in with sam@example.org").is_visible()

    # The name they want to be called (replacing the one the officer typed), a password twice,
    # and Enter in the last field joins (implicit submission).
    name = page.get_by_label("What should we call you?")
    assert name.input_value() == "Sam"
    type_into(page, name, "Sami", replace=True)
    type_into(page, page.get_by_label("Choose a password"), NEW_PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), NEW_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)

    member = Member.objects.select_related("user").get(user__email="sam@example.org")
    user = member.user
    dashboard = reverse("panels:dashboard", args=[member.pk])
    assert page.url.endswith(dashboard), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Your panel"
    assert page.get_by_role("status").filter(has_text="Welcome to the Youth panel").is_visible()
    assert user.display_name == "Sami" and member.role == Role.YOUNG
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"

    # The checklist of what is left: the profile, six modules, the practice bid, one declaration
    # per lot; nothing done yet, so not ready.
    tasks = page.locator(".task-list__item")
    labels = [t.get_by_role("link").inner_text() for t in tasks.all()]
    assert labels == [
        "Tell us about you",
        *[m.title for m in modules],
        "The practice bid",
        *[f"Say if you know any organisation bidding in {lot}" for lot in lots],
    ]
    assert tasks.locator(".tag--done").count() == 0
    assert not page.get_by_text("You are ready to score.").count()
    assert not is_ready(member)

    # The officer gives the new member every bid (as the default plan does), before they declare.
    _assign_every_bid(round_, officer_user)
    assert member.assignments.count() == len(lots)

    # 2. Their profile (optional): 16 or 17, and help with travel.
    follow(page, page.get_by_role("link", name="Tell us about you"))
    assert page.get_by_role("heading", level=1).inner_text() == "About you"
    pick_radio(page, page.get_by_label(AgeBand.AGE_16_17.label, exact=True))
    tick(page, page.get_by_label(SupportNeed.TRAVEL.label, exact=True))
    follow(page, page.get_by_role("button", name="Save your details"))
    assert page.url.endswith(dashboard), page.url
    assert page.get_by_role("status").filter(has_text="Your details are saved.").is_visible()
    member.refresh_from_db()
    assert member.age_band == AgeBand.AGE_16_17
    assert member.support_needs == [SupportNeed.TRAVEL]
    assert _task(page, "Tell us about you").locator(".tag--done").is_visible()

    # 3. Conflicts of interest, lot by lot: No to every question about every organisation.
    for lot in lots:
        follow(
            page,
            page.get_by_role("link", name=f"Say if you know any organisation bidding in {lot}"),
        )
        assert page.url.endswith(reverse("panels:declare", args=[member.pk, lot.pk]))
        organisations = page.locator("fieldset.organisation")
        assert organisations.count() == len(panel_services.organisations(lot))
        for n in range(1, organisations.count() + 1):
            for key in CONFLICT_QUESTIONS:
                no = page.locator(f"#id_org{n}-{key}_0")
                assert no.get_attribute("value") == "no"
                if key == "know_someone":
                    # Change of mind within a group: the arrow keys move the choice to Not sure
                    # and back up to No, as they would for anyone unsure which to pick.
                    pick_radio(page, page.locator(f"#id_org{n}-{key}_2"))
                    page.keyboard.press("ArrowUp")
                    page.keyboard.press("ArrowUp")
                    assert no.is_checked() and _is_focused(no)
                else:
                    pick_radio(page, no)
        follow(page, page.get_by_role("button", name="Save your answers"))
        assert page.get_by_role("status").filter(has_text="Your answers are saved.").is_visible()
        assert not page.get_by_text("Waiting for an officer to check").count()
        follow(page, page.get_by_role("link", name="Back to your panel"))
        assert (
            _task(page, f"Say if you know any organisation bidding in {lot}")
            .locator(".tag--done")
            .is_visible()
        )
    # Declared and clear: the bids they were given can now be opened.
    bids_section = page.locator("main ul").filter(has=page.locator("a[href*='/bids/']")).first
    assert bids_section.get_by_role("link").count() == len(lots)

    # 4. Training: each required module in turn, following "Next" from one to the next.
    follow(page, page.get_by_role("link", name=modules[0].title))
    for index, module in enumerate(modules):
        assert page.url.split("#")[0].endswith(
            reverse("training:module", args=[member.pk, module.pk])
        ), page.url
        assert page.get_by_role("heading", level=1).inner_text() == module.title
        questions = list(module.questions.order_by("order", "pk"))
        assert questions, f"{module.title} has no check questions"
        right = {q.pk: Choice.objects.get(question=q, correct=True) for q in questions}

        if index == 0:
            # One answer wrong on purpose: the explanation shows beside it, the right answers stay
            # chosen, and a retake passes.
            missed = questions[0]
            wrong = Choice.objects.filter(question=missed, correct=False).first()
            _answer(page, {**right, missed.pk: wrong})
            follow(page, page.get_by_role("button", name="Check my answers"))
            results = page.locator("#results")
            assert (
                f"You got {len(questions) - 1} of {len(questions)} right." in results.inner_text()
            )
            feedback = page.locator(f"#feedback-{missed.pk}")
            assert feedback.is_visible()
            assert f"Not quite: you chose “{wrong.text}”." in feedback.inner_text()
            assert " ".join(missed.explanation.split())[:60] in " ".join(
                feedback.inner_text().split()
            )
            for q in questions[1:]:
                assert _radio(page, right[q.pk]).is_checked(), "a right answer was lost"
            assert not _radio(page, right[missed.pk]).is_checked()
            assert ModuleResult.objects.get(member=member, module=module).passed_at is None
            _answer(page, {missed.pk: right[missed.pk]})
            follow(page, page.get_by_role("button", name="Check my answers again"))
        else:
            _answer(page, right)
            follow(page, page.get_by_role("button", name="Check my answers"))

        assert page.get_by_text("Well done: you passed this module.").is_visible()
        if index + 1 < len(modules):
            follow(
                page, page.locator("#results").get_by_role("link", name=modules[index + 1].title)
            )
    assert ModuleResult.objects.get(member=member, module=modules[0]).attempts == 2

    # 5. The practice bid: a score for each question (with the arrow keys) and a reason.
    follow(page, page.locator("#results").get_by_role("link", name="score the practice bid"))
    assert page.url.endswith(reverse("training:practice", args=[member.pk])), page.url
    assert page.get_by_role("heading", level=1).inner_text() == f"Practice bid: {practice.title}"
    items = list(
        practice.items.filter(criterion__kind=CriterionKind.SCORED)
        .select_related("criterion")
        .order_by("criterion__order", "criterion_id")
    )
    assert items
    chosen = {}
    for n, item in enumerate(items):
        criterion = item.criterion
        # Some scores match the reference, some are one off, so the comparison has both.
        score = item.reference_score
        if n % 2 and score < criterion.scale_max:
            score += 1
        chosen[criterion.pk] = score
        pick_radio(page, page.locator(f'input[name="score_{criterion.pk}"][value="{score}"]'))
        type_into(
            page,
            page.locator(f"#id_reason_{criterion.pk}"),
            f"I compared their answer with what a {score} means.",
        )
    follow(page, page.get_by_role("button", name="See how my scores compare"))

    assert page.url.endswith(reverse("training:practice_result", args=[member.pk])), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Your practice scores"
    assert page.get_by_role("status").filter(has_text="your practice is done").is_visible()
    for item in items:
        criterion = item.criterion
        card = page.get_by_role("region", name=criterion.title)
        text = " ".join(card.inner_text().split())
        assert f"Your score {chosen[criterion.pk]} out of {criterion.scale_max}" in text, text
        assert f"Reference score {item.reference_score} out of {criterion.scale_max}" in text, text
        assert " ".join(item.reference_reason.split())[:60] in text
        if chosen[criterion.pk] == item.reference_score:
            assert "You gave the same score." in text
        else:
            assert "Your score was 1 point higher." in text

    # 6. Back on their panel page: everything done, and ready to score.
    follow(
        page,
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Your panel"),
    )
    assert page.url.endswith(dashboard), page.url
    tasks = page.locator(".task-list__item")
    assert tasks.count() == len(labels)
    assert tasks.locator(".tag--done").count() == len(labels), main_text(page)
    assert not tasks.get_by_text("To do").count()
    ready = page.get_by_role("status").filter(has_text="You are ready to score.")
    assert ready.is_visible()
    assert "When the round reaches scoring, your bids will be ready to read." in ready.inner_text()

    member.refresh_from_db()
    assert is_ready(member)

    # The decision trail has each step, under their pseudonym.
    mine = AuditEvent.objects.filter(actor=user.actor_ref)
    assert mine.filter(action="panel.member_joined").count() == 1
    assert mine.filter(action="conflict.declared").count() == round_.lots.count()
    assert all(e.after["outcome"] == "clear" for e in mine.filter(action="conflict.declared"))
    passed = mine.filter(action="training.passed")
    assert sorted(e.after["module"] for e in passed) == sorted(m.pk for m in modules)
    assert passed.get(after__module=modules[0].pk).after["attempts"] == 2
    assert mine.filter(action="training.practice_done").count() == 1
    assert user.email not in str(list(mine.values_list("after", flat=True)))


def _task(page, label):
    return page.locator(".task-list__item").filter(
        has=page.get_by_role("link", name=label, exact=True)
    )


def _radio(page, choice):
    return page.locator(f'input[name="question_{choice.question_id}"][value="{choice.pk}"]')


def _answer(page, answers):
    """Chooses each answer ({question pk: Choice}) with the keyboard, in page order."""
    for choice in sorted(answers.values(), key=lambda c: (c.question.order, c.question_id)):
        pick_radio(page, _radio(page, choice))


# Links that no longer work ------------------------------------------------------------------------


def test_expired_and_reused_invitation_links_on_a_phone(new_context, officer_user, round_):
    expired, expired_link = _invite(round_, officer_user, email="late@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    used, used_link = _invite(round_, officer_user, email="twice@example.org")
    panel_services.accept_invitation(
        used_link.rstrip("/").rsplit("/", 1)[-1], display_name="Twice", password=NEW_PASSWORD
    )

    page = new_context(viewport=PHONE).new_page()
    for link, message in [
        (expired_link, "This invitation has run out of time. Ask the officer for a new one."),
        (used_link, "This invitation has been used already."),
    ]:
        visit(page, link, status=410)
        assert (
            page.get_by_role("heading", level=1).inner_text()
            == "This invitation link does not work any more"
        )
        assert page.get_by_text(message).is_visible()
        assert not page.get_by_label("Choose a password").count()
        # The way on is reachable by keyboard: Tab to "Log in" and press Enter.
        follow(page, page.get_by_role("main").get_by_role("link", name="Log in"))
        assert "/accounts/login/" in page.url
    assert not Member.objects.filter(user__email="late@example.org").exists()
    assert Invitation.objects.get(pk=expired.pk).state == "expired"
