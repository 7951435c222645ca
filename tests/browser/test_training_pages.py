"""Every training page in Chromium, through check_page (axe-core, one h1, the skip link, 320 px):
the officer's module list, forms (with their errors), practice bid and progress table, and a young
panellist's task list, a module answered wrong then right, and the practice bid with its result."""

from commissioning.models import CriterionKind, Stage
from panels.models import Role
from tests.browser.conftest import check_page, log_in, visit
from tests.browser.test_pages import assert_error_summary, submit
from training import services
from training.models import Module


def _practice(round_, officer):
    rubric = round_.rubrics.first()
    criteria = rubric.criteria.filter(kind=CriterionKind.SCORED)
    items = {c: (f"Our answer about {c.title}.", 3, "A sound answer.") for c in criteria}
    return services.set_practice(
        round_,
        by=officer,
        rubric=rubric,
        title="Practice: Harbour Youth Club",
        summary="A made-up bid.",
        items=items,
    )


def test_officer_training_pages(page, officer_user, round_):
    base = f"/rounds/{round_.pk}/training"
    log_in(page, officer_user)

    visit(page, f"{base}/")
    submit(page, "Add the starter set")
    assert page.get_by_role("link", name="How to read a bid").is_visible()
    module = round_.modules.get(title="How to read a bid")
    question = module.questions.first()

    visit(page, f"{base}/new/")
    page.get_by_label("Title").fill("")
    submit(page, "Add")
    assert_error_summary(page, "title", "body")

    visit(page, f"{base}/{module.pk}/edit/")
    visit(page, f"{base}/{module.pk}/questions/new/")
    page.get_by_label("Question", exact=True).fill("What is a lot?")
    page.get_by_label("Explanation").fill("A part of the round with its own budget.")
    page.get_by_label("Answer 1", exact=True).fill("A part of the round")
    submit(page, "Save")
    assert_error_summary(page, "choice_2", "correct_0")
    visit(page, f"{base}/questions/{question.pk}/edit/")

    visit(page, f"{base}/practice/")
    page.get_by_label("Title").fill("Practice: Harbour Youth Club")
    submit(page, "Save the practice bid")
    assert_error_summary(page, "summary")

    visit(page, f"{base}/progress/")


def test_closed_training_page(page, officer_user, round_):
    module = services.create_module(round_, by=officer_user, title="T", body="B", minutes=5)
    round_.stage = Stage.SCORING
    round_.save()
    log_in(page, officer_user)
    visit(page, f"/rounds/{round_.pk}/training/{module.pk}/edit/", status=409)


def test_auditor_reads_training(page, auditor, officer_user, round_):
    services.add_starter_modules(round_, by=officer_user)
    _practice(round_, officer_user)
    member = round_.panels.get().members.get(role=Role.YOUNG)
    _answer_all(member, round_.modules.first(), right=True)
    log_in(page, auditor)
    visit(page, f"/rounds/{round_.pk}/training/")
    visit(page, f"/rounds/{round_.pk}/training/progress/")


def _answer_all(member, module, *, right):
    answers = {q.pk: q.choices.filter(correct=right).first().pk for q in module.questions.all()}
    services.answer_module(member, module, answers, by=member.user)


def test_panellist_training_pages(page, officer_user, young_panellist, round_):
    services.add_starter_modules(round_, by=officer_user)
    _practice(round_, officer_user)
    member = round_.panels.get().members.get(user=young_panellist)
    first, second = list(Module.objects.filter(round=round_))[:2]
    mine = f"/my/{member.pk}/training"
    log_in(page, young_panellist)

    visit(page, f"{mine}/")
    page.get_by_role("link", name=first.title).click()
    page.wait_for_url(f"**{mine}/{first.pk}/")
    check_page(page)

    # Nothing chosen: the error summary.
    submit(page, "Check my answers")
    assert page.locator(".error-summary").is_visible()

    # Every answer wrong: feedback beside each question, then a retake.
    for question in first.questions.all():
        wrong = question.choices.filter(correct=False).first()
        page.get_by_label(wrong.text, exact=True).check()
    submit(page, "Check my answers")
    assert page.get_by_text("You got 0 of").is_visible()
    assert page.get_by_text(first.questions.first().explanation).is_visible()
    for question in first.questions.all():
        right = question.choices.get(correct=True)
        page.get_by_label(right.text, exact=True).check()
    submit(page, "Check my answers again")
    assert page.get_by_text("Well done: you passed this module.").is_visible()
    page.get_by_role("link", name=second.title).click()
    page.wait_for_url(f"**{mine}/{second.pk}/")
    check_page(page)

    visit(page, f"{mine}/{first.pk}/?again=1")
    visit(page, f"{mine}/")

    # The practice bid: a missing score first, then the comparison.
    visit(page, f"{mine}/practice/result/")
    visit(page, f"{mine}/practice/")
    submit(page, "See how my scores compare")
    assert page.locator(".error-summary").is_visible()
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_role("radio").nth(2).check()
    for box in page.get_by_label("Why did you give this score?").all():
        box.fill("It answers the question, with some gaps.")
    submit(page, "See how my scores compare")
    assert page.get_by_role("heading", level=1).inner_text() == "Your practice scores"
    visit(page, f"{mine}/")
