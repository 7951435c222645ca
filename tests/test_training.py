"""Induction: modules and check questions, the practice bid and its calibration, gating, the
induction stage guard, and the pages of officers and members."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from commissioning import services as round_services
from commissioning import stages
from commissioning.models import CriterionKind, Stage
from panels import services as panel_services
from panels.models import MemberStatus, Role, TimeEntry
from tests.factories import UserFactory, declare_clear, join
from tests.helpers import assert_queries_do_not_grow
from training import gating, services
from training.markup import render_body
from training.models import (
    CheckQuestion,
    Module,
    ModuleResult,
    PracticeAttempt,
    PracticeBid,
    PracticeScore,
)
from training.starter_modules import STARTER_MODULES


@pytest.fixture
def young(round_, young_panellist):
    return round_.panels.get().members.get(user=young_panellist)


@pytest.fixture
def pro(round_, professional):
    return round_.panels.get().members.get(user=professional)


def _scored(round_):
    return list(round_.rubrics.first().criteria.filter(kind=CriterionKind.SCORED).order_by("order"))


def _module(round_, officer, title="How to read a bid", questions=1, **fields):
    module = services.create_module(
        round_, by=officer, title=title, body="Read slowly.", minutes=15, **fields
    )
    for n in range(questions):
        services.create_question(
            module,
            by=officer,
            text=f"Question {n + 1}?",
            explanation=f"Because of reason {n + 1}.",
            choices=[("Right", True), ("Wrong", False)],
        )
    return module


def _right(module):
    return {q.pk: q.choices.get(correct=True).pk for q in module.questions.all()}


def _wrong(module):
    return {q.pk: q.choices.filter(correct=False).first().pk for q in module.questions.all()}


REFERENCE = [3, 2, 4, 1, 5]


def _practice(round_, officer, reference=REFERENCE):
    criteria = _scored(round_)
    items = {
        c: (f"Made-up answer {n}", reference[n], f"Reference reason {n}")
        for n, c in enumerate(criteria)
    }
    return services.set_practice(
        round_,
        by=officer,
        rubric=round_.rubrics.first(),
        title="Practice: Harbour Youth Club",
        summary="A made-up bid.",
        items=items,
    )


def _done_practice(member, round_, scores=(3, 3, 3, 3, 3)):
    criteria = _scored(round_)
    return services.submit_practice(
        member,
        by=member.user,
        scores={c.pk: (scores[n], "Because.") for n, c in enumerate(criteria)},
    )


# The starter set ----------------------------------------------------------------------------------


def test_starter_set_is_well_formed():
    assert len(STARTER_MODULES) == 6
    for spec in STARTER_MODULES:
        assert 2 <= len(spec["questions"]) <= 3, spec["title"]
        for question in spec["questions"]:
            assert question["explanation"]
            assert sum(1 for _, correct in question["choices"] if correct) == 1
            assert len(question["choices"]) >= 2


def test_officer_adds_the_starter_set_once(round_, officer_user, as_user):
    client = as_user(officer_user)
    url = reverse("training:modules", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Add the starter set" in page
    response = client.post(url, follow=True)
    titles = list(round_.modules.values_list("title", flat=True))
    assert titles == [spec["title"] for spec in STARTER_MODULES]
    assert "6 starter modules added" in response.content.decode()
    assert "Add the starter set" not in response.content.decode()
    assert CheckQuestion.objects.filter(module__round=round_).count() == sum(
        len(s["questions"]) for s in STARTER_MODULES
    )
    assert AuditEvent.objects.filter(round=round_, action="training.module_created").count() == 6
    # Again: nothing is duplicated.
    client.post(url)
    assert round_.modules.count() == 6


def test_round_page_links_to_induction(round_, officer_user, as_user):
    page = as_user(officer_user).get(round_.get_absolute_url()).content.decode()
    assert reverse("training:modules", args=[round_.pk]) in page


# Officers editing, with bad input -----------------------------------------------------------------


def test_officer_creates_and_edits_a_module(round_, officer_user, as_user):
    client = as_user(officer_user)
    url = reverse("training:module_create", args=[round_.pk])
    response = client.post(url, {"title": "", "body": "", "minutes": "0"})
    page = response.content.decode()
    assert "Enter a title." in page and "Write what the module says." in page
    assert not round_.modules.exists()
    response = client.post(
        url, {"title": "Our youth offer", "body": "## Hello\nText", "minutes": 5}
    )
    module = round_.modules.get()
    assert response["Location"] == reverse("training:module_edit", args=[round_.pk, module.pk])
    assert module.order == 1 and module.required is False  # an unticked box is not required
    edit = reverse("training:module_edit", args=[round_.pk, module.pk])
    client.post(edit, {"title": "Our offer", "body": "Text", "minutes": 7, "required": "on"})
    module.refresh_from_db()
    assert (module.title, module.minutes, module.required) == ("Our offer", 7, True)
    event = AuditEvent.objects.filter(action="training.module_saved").get()
    assert event.before["title"] == "Our youth offer" and event.after["title"] == "Our offer"


def _question_data(**overrides):
    data = {
        "text": "What is a lot?",
        "explanation": "A part of the round with its own budget.",
        "choice_1": "A part of the round",
        "choice_2": "A lot of money",
        "choice_3": "",
        "choice_4": "",
        "choice_5": "",
        "correct": "1",
    }
    return {**data, **overrides}


def test_question_needs_a_right_answer_and_two_choices(round_, officer_user, as_user):
    module = _module(round_, officer_user, questions=0)
    client = as_user(officer_user)
    url = reverse("training:question_create", args=[round_.pk, module.pk])

    response = client.post(url, _question_data(correct=""))
    assert "Choose which answer is right." in response.content.decode()
    response = client.post(url, _question_data(choice_2="", correct="1"))
    page = response.content.decode()
    assert "Write answer 2. Give at least two answers to choose from." in page
    assert 'href="#id_choice_2"' in page  # the error summary links to the empty answer box
    assert 'value="A part of the round"' in page  # nothing typed is lost
    response = client.post(url, _question_data(correct="3"))
    assert "The answer marked as right is empty" in response.content.decode()
    assert not CheckQuestion.objects.filter(module=module).exists()

    response = client.post(url, _question_data(choice_3="A kind of bid"))
    assert response.status_code == 302
    question = module.questions.get()
    assert [(c.text, c.correct) for c in question.choices.all()] == [
        ("A part of the round", True),
        ("A lot of money", False),
        ("A kind of bid", False),
    ]
    assert AuditEvent.objects.filter(action="training.question_created").count() == 1

    edit = reverse("training:question_edit", args=[round_.pk, question.pk])
    assert 'value="A kind of bid"' in client.get(edit).content.decode()
    client.post(edit, _question_data(choice_2="A big pile", correct="2"))
    assert [(c.text, c.correct) for c in question.choices.all()] == [
        ("A part of the round", False),
        ("A big pile", True),
    ]
    assert AuditEvent.objects.filter(action="training.question_saved").count() == 1


def test_service_refuses_two_right_answers_and_too_many(round_, officer_user):
    module = _module(round_, officer_user, questions=0)
    with pytest.raises(ValidationError) as error:
        services.create_question(
            module, by=officer_user, text="Q", explanation="E", choices=[("a", True), ("b", True)]
        )
    assert error.value.message_dict["correct"] == ["Choose only one right answer."]
    with pytest.raises(ValidationError) as error:
        services.create_question(
            module,
            by=officer_user,
            text="Q",
            explanation="E",
            choices=[(str(n), n == 0) for n in range(6)],
        )
    assert "no more than 5" in error.value.message_dict["choices"][0]
    with pytest.raises(ValidationError) as error:
        services.create_question(
            module, by=officer_user, text="Q", explanation="E", choices=[("a", True), (" ", False)]
        )
    assert error.value.message_dict["choices"] == ["Give at least two answers to choose from."]


def test_modules_change_only_in_draft_and_induction(round_, officer_user, as_user):
    module = _module(round_, officer_user)
    round_.stage = Stage.SCORING  # straight to the table: the guards are tested below
    round_.save()
    with pytest.raises(ValidationError, match="can no longer change"):
        services.update_module(module, by=officer_user, title="New")
    response = as_user(officer_user).get(
        reverse("training:module_edit", args=[round_.pk, module.pk])
    )
    assert response.status_code == 409
    assert "Induction can no longer change" in response.content.decode()


def test_auditor_reads_but_cannot_change(round_, officer_user, auditor, as_user):
    _module(round_, officer_user)
    client = as_user(auditor)
    assert client.get(reverse("training:modules", args=[round_.pk])).status_code == 200
    assert client.post(reverse("training:modules", args=[round_.pk])).status_code == 403
    with pytest.raises(Exception, match="officers"):
        services.add_starter_modules(round_, by=auditor)
    assert round_.modules.count() == 1


# Markup -------------------------------------------------------------------------------------------


def test_markup_renders_headings_lists_and_paragraphs():
    html = render_body("Intro line\nsame paragraph\n\n## A heading\n- one\n- two\nAfter")
    assert html == (
        "<p>Intro line same paragraph</p>\n<h2>A heading</h2>\n"
        "<ul><li>one</li><li>two</li></ul>\n<p>After</p>"
    )


def test_markup_escapes_everything():
    html = render_body(
        '<script>alert("x")</script>\n\n## <img src=x onerror=alert(1)>\n- <b>bold</b> & co'
    )
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<h2>&lt;img src=x onerror=alert(1)&gt;</h2>" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt; &amp; co</li>" in html


def test_module_page_shows_the_body_escaped(round_, officer_user, young, as_user):
    module = services.create_module(
        round_, by=officer_user, title="T", body="## Hi\n<script>alert(1)</script>", minutes=5
    )
    url = reverse("training:module", args=[young.pk, module.pk])
    page = as_user(young.user).get(url).content.decode()
    assert "<h2>Hi</h2>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Answering ----------------------------------------------------------------------------------------


def test_wrong_then_right_counts_attempts_and_shows_explanations(
    round_, officer_user, young, as_user
):
    module = _module(round_, officer_user, questions=2)
    q1, q2 = module.questions.all()
    client = as_user(young.user)
    url = reverse("training:module", args=[young.pk, module.pk])

    # Nothing chosen: an error next to each question, nothing counted.
    response = client.post(url, {})
    assert "Choose an answer." in response.content.decode()
    assert not ModuleResult.objects.exists()

    # One right, one wrong: not passed; the page says which and explains.
    wrong = {
        f"question_{q1.pk}": q1.choices.get(correct=True).pk,
        f"question_{q2.pk}": q2.choices.get(correct=False).pk,
    }
    response = client.post(url, wrong)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "You got 1 of 2 right." in page
    assert "You got this right." in page and "Because of reason 1." in page
    assert "Not quite: you chose “Wrong”." in page and "Because of reason 2." in page
    result = ModuleResult.objects.get(member=young, module=module)
    assert (result.attempts, result.passed_at) == (1, None)
    assert not AuditEvent.objects.filter(action="training.passed").exists()
    assert not TimeEntry.objects.filter(member=young).exists()

    # Both right: passed, with a success banner and the way on.
    client.post(url, {f"question_{pk}": choice for pk, choice in _right(module).items()})
    result.refresh_from_db()
    assert result.attempts == 2 and result.passed_at is not None
    page = client.get(url).content.decode()
    assert "Well done: you passed this module." in page
    assert "Back to your training" in page
    event = AuditEvent.objects.get(action="training.passed")
    assert event.after["module"] == module.pk and event.actor == young.user.actor_ref
    entry = TimeEntry.objects.get(member=young)
    assert (entry.kind, entry.hours, entry.note) == ("training", Decimal("0.25"), module.title)

    # Taking it again after passing counts, and never passes twice.
    services.answer_module(young, module, _wrong(module), by=young.user)
    result.refresh_from_db()
    assert result.attempts == 3 and result.passed_at is not None
    assert AuditEvent.objects.filter(action="training.passed").count() == 1
    assert TimeEntry.objects.filter(member=young).count() == 1


@pytest.mark.parametrize(
    "minutes,hours", [(1, "0.25"), (10, "0.25"), (15, "0.25"), (16, "0.5"), (45, "0.75")]
)
def test_a_pass_adds_its_minutes_in_quarter_hours(round_, officer_user, young, minutes, hours):
    module = _module(round_, officer_user)
    services.update_module(module, by=officer_user, minutes=minutes)
    services.answer_module(young, module, _right(module), by=young.user)
    assert TimeEntry.objects.get(member=young).hours == Decimal(hours)


def test_only_the_member_answers_for_themselves(round_, officer_user, young, pro):
    module = _module(round_, officer_user)
    with pytest.raises(Exception, match="Only the member"):
        services.answer_module(young, module, _right(module), by=pro.user)


def test_answers_must_be_the_questions_own(round_, officer_user, young):
    module = _module(round_, officer_user)
    other = _module(round_, officer_user, title="Other")
    question = module.questions.get()
    stray = other.questions.get().choices.first().pk
    with pytest.raises(ValidationError) as error:
        services.answer_module(young, module, {question.pk: stray}, by=young.user)
    assert error.value.message_dict[f"question_{question.pk}"] == [
        "Choose one of the answers given."
    ]


def test_passing_leads_on_to_the_next_module_then_the_practice(
    round_, officer_user, young, as_user
):
    first = _module(round_, officer_user, title="First")
    second = _module(round_, officer_user, title="Second")
    _practice(round_, officer_user)
    client = as_user(young.user)
    services.answer_module(young, first, _right(first), by=young.user)
    page = client.get(reverse("training:module", args=[young.pk, first.pk])).content.decode()
    assert reverse("training:module", args=[young.pk, second.pk]) in page
    services.answer_module(young, second, _right(second), by=young.user)
    page = client.get(reverse("training:module", args=[young.pk, second.pk])).content.decode()
    assert "score the practice bid" in page


# The practice bid ---------------------------------------------------------------------------------


def test_officer_sets_the_practice_bid_with_errors_first(round_, officer_user, as_user):
    client = as_user(officer_user)
    url = reverse("training:practice_edit", args=[round_.pk])
    criteria = _scored(round_)
    page = client.get(url).content.decode()
    assert criteria[0].question_plain in page
    data = {"rubric": round_.rubrics.first().pk, "title": "Practice", "summary": "Made up."}
    for c in criteria:
        data[f"answer_{c.pk}"] = "An answer"
        data[f"score_{c.pk}"] = "3"
        data[f"reason_{c.pk}"] = "Sound."
    bad = {**data, f"score_{criteria[0].pk}": "", f"reason_{criteria[1].pk}": ""}
    page = client.post(url, bad).content.decode()
    assert escape(f"Choose the reference score for “{criteria[0]}”.") in page
    assert escape(f"Say why the practice bid gets that score for “{criteria[1]}”.") in page
    assert not PracticeBid.objects.exists()
    assert client.post(url, data).status_code == 302
    practice = PracticeBid.objects.get(round=round_)
    assert practice.items.count() == len(criteria)
    assert AuditEvent.objects.filter(action="training.practice_saved").count() == 1


def test_practice_reference_score_must_fit_the_scale(round_, officer_user):
    criteria = _scored(round_)
    items = dict.fromkeys(criteria, ("Answer", 3, "Why"))
    items[criteria[0]] = ("Answer", 9, "Why")
    with pytest.raises(ValidationError) as error:
        services.set_practice(
            round_,
            by=officer_user,
            rubric=round_.rubrics.first(),
            title="P",
            summary="S",
            items=items,
        )
    assert "from 0 to 5" in error.value.message_dict[f"score_{criteria[0].pk}"][0]


def test_practice_scores_are_validated_and_nothing_is_saved(
    round_, other_round, officer_user, young
):
    _practice(round_, officer_user)
    criteria = _scored(round_)
    good = {c.pk: (3, "Because.") for c in criteria}

    def refused(scores, key, message):
        with pytest.raises(ValidationError) as error:
            services.submit_practice(young, by=young.user, scores=scores)
        assert message in " ".join(error.value.message_dict[key])
        assert not PracticeAttempt.objects.exists() and not PracticeScore.objects.exists()

    refused({**good, criteria[0].pk: (6, "Too high")}, f"score_{criteria[0].pk}", "from 0 to 5")
    refused({**good, criteria[1].pk: (-1, "Too low")}, f"score_{criteria[1].pk}", "from 0 to 5")
    missing = {k: v for k, v in good.items() if k != criteria[2].pk}
    refused(missing, f"score_{criteria[2].pk}", f"Choose a score for “{criteria[2]}”.")
    stranger = other_round.rubrics.first().criteria.filter(kind=CriterionKind.SCORED).first()
    refused({**good, stranger.pk: (3, "x")}, "__all__", "not on this practice bid")
    refused({**good, criteria[3].pk: (3, " ")}, f"reason_{criteria[3].pk}", "why you chose")

    services.submit_practice(young, by=young.user, scores=good)
    assert PracticeScore.objects.count() == len(criteria)
    event = AuditEvent.objects.get(action="training.practice_done")
    assert event.after["scores"] == {str(c.pk): 3 for c in criteria}


def test_calibration_distance_is_the_mean_absolute_difference(round_, officer_user, young):
    _practice(round_, officer_user, reference=[3, 2, 4, 1, 5])
    attempt = _done_practice(young, round_, scores=(3, 4, 1, 1, 4))
    # |3-3| + |4-2| + |1-4| + |1-1| + |4-5| = 0 + 2 + 3 + 0 + 1 = 6, over 5 criteria = 1.2
    assert services.distance(attempt) == Decimal("1.2")
    rows = services.comparison(attempt)
    assert [(r["score"], r["reference"], r["difference"]) for r in rows] == [
        (3, 3, 0),
        (4, 2, 2),
        (1, 4, 3),
        (1, 1, 0),
        (4, 5, 1),
    ]
    assert services.distance(None) is None


def test_progress_shows_distance_of_the_latest_attempt(
    round_, officer_user, young, pro, auditor, as_user
):
    _practice(round_, officer_user, reference=[3, 2, 4, 1, 5])
    _done_practice(young, round_, scores=(0, 0, 0, 0, 0))  # distance 3.0, then replaced
    _done_practice(young, round_, scores=(3, 2, 4, 1, 3))  # distance 0.4
    _done_practice(pro, round_, scores=(5, 5, 5, 5, 5))  # 2+3+1+4+0 = 10 / 5 = 2.0
    page = as_user(auditor).get(reverse("training:progress", args=[round_.pk])).content.decode()
    assert "0.4" in page and "2.0" in page and "3.0" not in page
    assert "offer a chat, not a test" in page
    assert "Done (2 times)" in page


def test_member_scores_the_practice_and_sees_the_reference(round_, officer_user, young, as_user):
    _practice(round_, officer_user)
    criteria = _scored(round_)
    client = as_user(young.user)
    url = reverse("training:practice", args=[young.pk])
    page = client.get(url).content.decode()
    assert "Practice: this never counts" in page
    assert "Made-up answer 0" in page and criteria[0].question_plain in page
    descriptor = criteria[0].descriptors.get(score=3).text_plain
    assert descriptor in page
    assert "Why did you give this score?" in page

    # A missing score: the error next to it, what was typed kept.
    data = {}
    for c in criteria:
        data[f"score_{c.pk}"] = "3"
        data[f"reason_{c.pk}"] = f"My reason for {c.pk}"
    data.pop(f"score_{criteria[1].pk}")
    page = client.post(url, data).content.decode()
    assert escape(f"Choose a score for “{criteria[1].title}”.") in page
    assert f"My reason for {criteria[1].pk}" in page
    assert not PracticeAttempt.objects.exists()

    data[f"score_{criteria[1].pk}"] = "0"
    response = client.post(url, data)
    assert response["Location"] == reverse("training:practice_result", args=[young.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Reference reason 1" in page and "Your score was 2 points lower." in page
    assert "Practice: this never counts" in page


def test_practice_is_optional_for_members_who_do_not_score(
    round_, officer_user, moderator, as_user
):
    _practice(round_, officer_user)
    chair = round_.panels.get().members.get(user=moderator)
    assert chair.role == Role.MODERATOR
    page = as_user(moderator).get(reverse("training:practice", args=[chair.pk])).content.decode()
    assert "optional for you" in page
    assert not any(i.label == "The practice bid" for i in gating.readiness(chair))


# Gating and the induction guard -------------------------------------------------------------------


def test_readiness_lists_required_modules_practice_and_panel_items(round_, officer_user, young):
    module = _module(round_, officer_user, title="How to read a bid")
    _module(round_, officer_user, title="Extra", required=False)
    _practice(round_, officer_user)
    labels = [i.label for i in gating.unfinished(young)]
    assert labels[:2] == ["How to read a bid", "The practice bid"]
    assert any("Lot 1" in label for label in labels)  # conflicts, from panels/readiness.py
    assert "Extra" not in labels
    assert not gating.is_ready(young)
    services.answer_module(young, module, _right(module), by=young.user)
    _done_practice(young, round_)
    declare_clear(young)
    assert gating.unfinished(young) == []
    assert gating.is_ready(young)


def _training_problems(round_):
    return [p for p in stages.problems_leaving(round_) if "has not finished" in p.message]


def test_induction_guard_lists_members_who_are_not_ready(round_, officer_user, young, pro):
    module = _module(round_, officer_user, title="How to read a bid")
    _practice(round_, officer_user)
    round_services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    round_.refresh_from_db()

    problems = _training_problems(round_)
    assert [p.message for p in problems] == [
        "Pat Professional has not finished: How to read a bid; The practice bid; "
        "Say if you know any organisation bidding in Lot 1: Lot 1; "
        "Say if you know any organisation bidding in Lot 2: Lot 2.",
        "Yusuf Young has not finished: How to read a bid; The practice bid; "
        "Say if you know any organisation bidding in Lot 1: Lot 1; "
        "Say if you know any organisation bidding in Lot 2: Lot 2.",
    ]
    assert problems[1].url == reverse("panels:member_status", args=[round_.pk, young.pk])
    with pytest.raises(ValidationError, match="Yusuf Young has not finished"):
        round_services.move_stage(round_, to=Stage.SCORING, by=officer_user)

    # The professional finishes; the young panellist is excluded with a reason.
    services.answer_module(pro, module, _right(module), by=pro.user)
    _done_practice(pro, round_)
    declare_clear(pro)
    panel_services.set_member_status(
        young, by=officer_user, status=MemberStatus.EXCLUDED, reason="Moved away."
    )
    assert _training_problems(round_) == []


def test_guard_ignores_observers_and_counts_new_scorers(round_, officer_user):
    _module(round_, officer_user)
    round_services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    round_.refresh_from_db()
    panel = round_.panels.get()
    join(panel, UserFactory(display_name="Olu Observer"), Role.OBSERVER, officer_user)
    join(panel, UserFactory(display_name="Ned New"), Role.YOUNG, officer_user)
    names = [p.message.split(" has")[0] for p in _training_problems(round_)]
    assert "Ned New" in names and "Olu Observer" not in names


def test_guard_query_count_does_not_grow_with_members(round_, officer_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.guards import every_scoring_member_is_ready

    _module(round_, officer_user)
    _practice(round_, officer_user)
    panel = round_.panels.get()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            every_scoring_member_is_ready(round_)
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        join(panel, UserFactory(), Role.PROFESSIONAL, officer_user)
    after = count()
    # Only panels/readiness.py's own per-member look-ups (lots, bids, declarations) may grow.
    per_member = (after - before) / 3
    assert per_member <= 3, (before, after)


# The member's task list and query counts ----------------------------------------------------------


def test_task_list_shows_each_status(round_, officer_user, young, as_user):
    done = _module(round_, officer_user, title="Done one")
    again = _module(round_, officer_user, title="Tried one")
    _module(round_, officer_user, title="Untouched one")
    _practice(round_, officer_user)
    services.answer_module(young, done, _right(done), by=young.user)
    services.answer_module(young, again, _wrong(again), by=young.user)
    page = as_user(young.user).get(reverse("training:task_list", args=[young.pk])).content.decode()
    assert page.count('class="tag tag--done">Done') == 1
    assert page.count("Try again") == 1
    assert page.count("Not started") == 2  # one module and the practice bid
    assert reverse("training:practice", args=[young.pk]) in page
    assert "You have done 1 of 3 modules you need." in page


def test_task_list_queries_do_not_grow(round_, officer_user, young, as_user):
    _practice(round_, officer_user)
    counter = iter(range(100))

    def add_rows():
        module = _module(round_, officer_user, title=f"Module {next(counter)}")
        services.answer_module(young, module, _right(module), by=young.user)

    assert_queries_do_not_grow(
        as_user(young.user), reverse("training:task_list", args=[young.pk]), add_rows
    )


def test_progress_queries_do_not_grow(round_, officer_user, young, as_user):
    _practice(round_, officer_user)
    panel = round_.panels.get()
    counter = iter(range(100))
    first = _module(round_, officer_user, title="First")
    services.answer_module(young, first, _right(first), by=young.user)
    _done_practice(young, round_)  # so every prefetch has rows from the start

    def add_rows():
        module = _module(round_, officer_user, title=f"Module {next(counter)}")
        member = join(panel, UserFactory(), Role.YOUNG, officer_user)
        services.answer_module(member, module, _right(module), by=member.user)
        _done_practice(member, round_)

    assert_queries_do_not_grow(
        as_user(officer_user), reverse("training:progress", args=[round_.pk]), add_rows
    )


def test_modules_page_queries_do_not_grow(round_, officer_user, as_user):
    counter = iter(range(100))
    assert_queries_do_not_grow(
        as_user(officer_user),
        reverse("training:modules", args=[round_.pk]),
        lambda: _module(round_, officer_user, title=f"Module {next(counter)}"),
    )


def test_other_members_and_rounds_get_404(round_, other_round, officer_user, young, pro, as_user):
    module = _module(round_, officer_user)
    assert as_user(pro.user).get(reverse("training:task_list", args=[young.pk])).status_code == 404
    url = reverse("training:module", args=[pro.pk, module.pk])
    assert as_user(young.user).get(url).status_code == 404
    other_module = Module.objects.create(round=other_round, title="Elsewhere", body="x")
    url = reverse("training:module", args=[young.pk, other_module.pk])
    assert as_user(young.user).get(url).status_code == 404
    url = reverse("training:module_edit", args=[other_round.pk, module.pk])
    assert as_user(officer_user).get(url).status_code == 404


# The demo -----------------------------------------------------------------------------------------


def test_demo_seed_adds_modules_practice_and_is_repeatable(round_, officer_user):
    from training import demo

    demo.seed(round_, officer_user)
    assert round_.modules.count() == 6
    practice = PracticeBid.objects.get(round=round_)
    assert practice.items.count() == len(_scored(round_))
    assert all(i.reference_score is not None and i.reference_reason for i in practice.items.all())
    events = AuditEvent.objects.count()
    demo.seed(round_, officer_user)
    assert round_.modules.count() == 6 and AuditEvent.objects.count() == events


def test_the_induction_guard_asks_the_same_number_of_queries_for_any_panel_size(
    round_, officer_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning import stages
    from commissioning.models import Stage
    from panels.models import Role
    from tests.factories import UserFactory, advance, join

    round_ = advance(round_, Stage.INDUCTION, officer_user)
    panel = round_.panels.get()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            problems = stages.problems_leaving(round_)
        return len(ctx.captured_queries), len(problems)

    before, problems_before = count()
    for _ in range(3):
        join(panel, UserFactory(), Role.YOUNG, officer_user)
    after, problems_after = count()
    assert problems_after == problems_before + 3
    assert after == before, f"{before} queries with few members, {after} with more"
