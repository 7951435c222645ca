"""The short survey after "You said, we did", and its anonymous results.

Who may answer: an active young or professional member of one of the round's panels, once the
round is published, once. Every question is optional but at least one must be answered.

Anonymity: the answers (SurveyResponse) hold no link to the person, only their group (young or
professional) for the influence report. That the member has answered is kept apart
(SurveyReceipt), so nobody answers twice. The trail records that an answer came in with the actor
"anonymous" and the round as its object: no member, no answer and no response id, since the order
of events would otherwise pair each answer with the order of the receipts. For the replay it
records how many answers the round now has and a digest of all of them and of who answered,
salted with a fresh salt each time (SurveySeal): only the latest digest can be checked, so the
trail never shows which answer came in when.

Results are counts per answer and the comments. They are split by group only when each group has
at least SMALL_GROUP answers; otherwise everything is shown together and comments carry no group.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

import audit
from audit.canonical import encode
from commissioning.models import Round, Stage
from decisions.models import Agreement, SurveyReceipt, SurveyResponse, SurveySeal
from panels.models import Member, MemberStatus, Role

CHANGE_MAX = 2000
SMALL_GROUP = 3
ANONYMOUS = "anonymous"
ALREADY = (
    "You have already answered this survey. Thank you: each person can answer once, and your "
    "answers cannot be changed because nobody knows which ones are yours."
)
EMPTY = "Answer at least one question, or leave this page if you would rather not."
NOT_YET = "The survey opens once the round's decisions are published."
QUESTIONS = (
    ("worth_time", "Was taking part worth your time?"),
    ("listened_to", "Did you feel listened to?"),
)


def eligible(member: Member) -> bool:
    """An active young or professional member (who the survey is for)."""
    return member.status == MemberStatus.ACTIVE and member.role in (Role.YOUNG, Role.PROFESSIONAL)


def is_open(member: Member) -> bool:
    return member.panel.round.stage == Stage.PUBLISHED


def has_answered(member: Member) -> bool:
    return SurveyReceipt.objects.filter(member=member).exists()


def _choice(value, field: str) -> str:
    value = value or ""
    if value not in ("", *Agreement.values):
        raise ValidationError({field: "Choose one of the answers."})
    return value


@transaction.atomic
def answer(member: Member, *, by, worth_time="", listened_to="", change="") -> SurveyResponse:
    """Records one member's answers anonymously, once. Refuses a second answer, however close
    together the two arrive (the receipt is one-to-one with the member)."""
    if member.user_id != getattr(by, "pk", None) or not eligible(member):
        raise PermissionDenied("Only the panellist themself can answer their survey.")
    round_ = member.panel.round
    if round_.stage != Stage.PUBLISHED:
        raise ValidationError(NOT_YET)
    worth_time = _choice(worth_time, "worth_time")
    listened_to = _choice(listened_to, "listened_to")
    if change is not None and not isinstance(change, str):
        raise ValidationError({"change": "Write your answer as text."})
    change = (change or "").replace("\r\n", "\n").strip()
    if len(change) > CHANGE_MAX:
        raise ValidationError({"change": f"Keep it under {CHANGE_MAX:,} characters."})
    if not (worth_time or listened_to or change):
        raise ValidationError(EMPTY)
    if has_answered(member):
        raise ValidationError(ALREADY, code="already")
    # The round first (the house lock order), so answers to one round are sealed one at a time.
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    try:
        with transaction.atomic():
            SurveyReceipt.objects.create(member=member)
    except IntegrityError as clash:  # the same member answering twice at once
        raise ValidationError(ALREADY, code="already") from clash
    response = SurveyResponse.objects.create(
        round=round_,
        young=member.role == Role.YOUNG,
        worth_time=worth_time,
        listened_to=listened_to,
        change=change,
    )
    audit.record(
        "survey.answered",
        round=round_,
        actor=ANONYMOUS,
        object_type="decisions.survey",
        object_id=str(round_.pk),
        after={"answered": True, **_seal(round_.pk)},
    )
    return response


def digest(round_id, salt: str) -> str:
    """Over every answer of the round and every member who answered, in no order of arrival."""
    answers = sorted(
        [str(r[0]), r[1], r[2], r[3], r[4], r[5].isoformat()]
        for r in SurveyResponse.objects.filter(round_id=round_id).values_list(
            "id", "young", "worth_time", "listened_to", "change", "received_on"
        )
    )
    members = sorted(
        SurveyReceipt.objects.filter(member__panel__round_id=round_id).values_list(
            "member_id", flat=True
        )
    )
    return hashlib.sha256(encode([salt, answers, members])).hexdigest()


def _seal(round_id) -> dict:
    """A fresh salt replaces the last one, and what the answer's event records with it."""
    salt = secrets.token_hex(32)
    SurveySeal.objects.update_or_create(round_id=round_id, defaults={"salt": salt})
    answers = SurveyResponse.objects.filter(round_id=round_id).count()
    return {"answers": answers, "digest": digest(round_id, salt)}


# Results ------------------------------------------------------------------------------------------


class SurveySummary:
    """Counts per answer to each question, and the comments, for one round. `by_group` says
    whether the young panellists' and professionals' answers are shown apart (each group has at
    least SMALL_GROUP answers); otherwise every figure and comment is for everyone together."""

    def __init__(self, responses):
        responses = list(responses)
        self.total = len(responses)
        self.young = sum(r.young for r in responses)
        self.professional = self.total - self.young
        self.by_group = self.young >= SMALL_GROUP and self.professional >= SMALL_GROUP
        labels = dict(Agreement.choices)
        self.questions = []
        for field, question in QUESTIONS:
            rows = []
            for value in [*Agreement.values, ""]:
                chosen = [r for r in responses if getattr(r, field) == value]
                rows.append(
                    {
                        "label": labels.get(value, "Not answered"),
                        "total": len(chosen),
                        "young": sum(r.young for r in chosen),
                        "professional": sum(not r.young for r in chosen),
                    }
                )
            self.questions.append({"field": field, "question": question, "rows": rows})
        comments = [
            {"text": r.change, "group": ("Young panellist" if r.young else "Professional")}
            for r in responses
            if r.change
        ]
        # In the order of their words, so the order says nothing about who wrote which or when.
        comments.sort(key=lambda c: c["text"].casefold())
        if not self.by_group:
            comments = [{"text": c["text"], "group": ""} for c in comments]
        self.comments = comments


def summary(round_) -> SurveySummary:
    """One query."""
    return SurveySummary(SurveyResponse.objects.filter(round=round_).order_by("id"))
