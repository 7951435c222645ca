"""The demo round moves on to scoring: induction finished for those who will score, the waiting
conflict decided, one young panellist excluded with a reason, a deadline, and individual scores for
most sheets (some in progress, some not started) with deliberate disagreement. Seeded through the
services, so the decision trail is real; running it again changes nothing.

Call after training.demo.seed: `scoring.demo.seed(round_, officer)`.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from commissioning import services as round_services
from commissioning.models import Round, Stage
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, SCORING_ROLES, Member, MemberStatus, Outcome, Role
from scoring import services
from scoring.demo_scores import DISAGREE, LEAN, SCORES, UNFINISHED
from scoring.models import Deadline, ScoreSheet
from training import services as training_services
from training.models import PracticeBid

NOT_READY = (
    "leo@example.org",
    "Leo could not finish the induction training in time for scoring: exams took his evenings "
    "this month. He will not score or read the bids in this round, and he does not take part in "
    "the panel's meetings. He stays on the panel's list, and his details, consents and the hours "
    "he has given so far are kept.",
)
CONFLICT_REASON = (
    "Amara's cousin volunteers at Skyline every Saturday. That tie could look like bias to other "
    "bidders, and four other panellists score this bid, so she will not score it."
)


def seed(round_, officer, *, due_at=None):
    """`due_at` is the scoring deadline (ten days from today at 5pm unless given). A deadline
    already passed is set once the sheets are scored: nobody can submit after it."""
    round_ = Round.objects.get(pk=round_.pk)
    if round_.stage == Stage.INDUCTION:
        _finish_induction(round_, officer)
        round_ = round_services.move_stage(round_, to=Stage.SCORING, by=officer)
    if round_.stage != Stage.SCORING:
        return
    if due_at is None:
        day = timezone.localdate() + timedelta(days=10)
        due_at = timezone.make_aware(datetime.combine(day, time(17, 0)))
    has_deadline = Deadline.objects.filter(round=round_).exists()
    if not has_deadline and due_at > timezone.now():
        services.set_deadline(round_, by=officer, due_at=due_at, reminder_hours=[72, 24])
        has_deadline = True
    _score(round_)
    if not has_deadline:
        services.set_deadline(round_, by=officer, due_at=due_at, reminder_hours=[72, 24])


# Induction ----------------------------------------------------------------------------------------


def _members(round_):
    return Member.objects.for_round(round_).select_related("user", "panel__round")


def _finish_induction(round_, officer):
    email, reason = NOT_READY
    for member in _members(round_):
        if member.user.email == email and member.status == MemberStatus.ACTIVE:
            panel_services.set_member_status(
                member, by=officer, status=MemberStatus.EXCLUDED, reason=reason
            )
    for declaration in _waiting(round_):
        panel_services.decide_conflict(
            declaration, by=officer, outcome=Outcome.EXCLUDED, reason=CONFLICT_REASON
        )
    modules = list(round_.modules.filter(required=True).prefetch_related("questions__choices"))
    practice = PracticeBid.objects.filter(round=round_).first()
    # The chair reads every sheet, so they finish the training and declare like the panellists.
    for member in _members(round_).active().filter(role__in=(*SCORING_ROLES, Role.MODERATOR)):
        _declare(member)
        passed = set(
            member.module_results.exclude(passed_at=None).values_list("module_id", flat=True)
        )
        for module in modules:
            if module.pk not in passed:
                training_services.answer_module(
                    member, module, _right_answers(module), by=member.user
                )
        if (
            practice is not None
            and member.role in SCORING_ROLES
            and not member.practice_attempts.exists()
        ):
            training_services.submit_practice(
                member, by=member.user, scores=_practice_scores(practice)
            )


def _waiting(round_):
    from panels.models import ConflictDeclaration

    return ConflictDeclaration.objects.filter(
        member__panel__round=round_, current=True, outcome=Outcome.WAITING
    )


def _declare(member):
    for lot in member.panel.lots():
        for bids in panel_services.organisations(lot).values():
            if not member.declarations.filter(bid=bids[0], current=True).exists():
                panel_services.declare(
                    member, bids[0], by=member.user, answers=dict.fromkeys(CONFLICT_QUESTIONS, "no")
                )


def _right_answers(module) -> dict:
    return {q.pk: next(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()}


def _practice_scores(practice) -> dict:
    return {
        item.criterion_id: (
            item.reference_score,
            "I looked for what the bid says it will actually do and checked it against the "
            "meaning of each score.",
        )
        for item in practice.items.select_related("criterion")
    }


# Scores -------------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    """Capitalises the first letter, unless the text opens with a number ("74% of ...")."""
    if not text or not text[0].isalpha():
        return text
    return text[0].upper() + text[1:]


STYLES = {
    "young@example.org": "{Good}, but {gap}.",
    "kai@example.org": "{Good}.",
    "amara@example.org": "I liked that {good}. But {gap}.",
    "professional@example.org": "{Good}. However, {gap}.",
    "raj@example.org": "{Gap}, although {good}.",
}


def _reason(email, score, base, good, gap) -> str:
    style = "{Good}." if score > base else STYLES.get(email, "{Good}, but {gap}.")
    return style.format(Good=_cap(good), good=good, Gap=_cap(gap), gap=gap)


def entries(email, bid, criteria) -> dict:
    """What `email` writes on their sheet for `bid`, criterion by criterion, in rubric order (the
    criteria the panel scores: pass/fail checks are the officer's, decisions/demo_checks.py)."""
    marks = SCORES.get(bid.title, {})
    lean = LEAN.get(email, (0,) * 5)
    made = {}
    for position, criterion in enumerate(criteria):
        base, good, gap = marks.get(criterion.title, (3, "the answer is sound", "it is brief"))
        score = min(base + lean[position % len(lean)], criterion.scale_max)
        reason = _reason(email, score, base, good, gap)
        if (email, bid.title, criterion.title) in DISAGREE:
            score, reason = DISAGREE[(email, bid.title, criterion.title)]
        made[criterion.pk] = services.Entry(score=min(score, criterion.scale_max), reason=reason)
    return made


def _score(round_):
    started = set(
        ScoreSheet.objects.for_round(round_).values_list(
            "assignment__member_id", "assignment__bid_id"
        )
    )
    from panels import access

    for member in _members(round_).scoring().order_by("pk"):
        email = member.user.email
        left = UNFINISHED.get(email, {})
        for bid in access.bids_for(member).select_related("lot").order_by("lot__number", "number"):
            if (member.pk, bid.pk) in started:
                continue  # seeded before, or the panellist has started it themselves
            answered = left.get(bid.title, "all")
            if answered is None:
                continue  # not started
            sheet = services.open_sheet(member, bid, by=member.user)
            criteria = list(services.criteria_for(bid))
            made = entries(email, bid, criteria)
            if answered != "all":
                made = {pk: made[pk] for pk in list(made)[:answered]}
            sheet = services.save_draft(sheet, by=member.user, entries=made, version=sheet.version)
            if answered == "all":
                services.submit(sheet, by=member.user, version=sheet.version)
