"""What a panellist's scoring pages show: a bid's panel name, deadlines in plain words, and each
question of a sheet with the chosen answer in words and any gentle flags on its reason.

Only the member's own sheet goes in here: nothing of anyone else's scores (blind).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from config.clock import clock
from scoring import reasons
from scoring.member_forms import reason_field, score_field


def bid_name(bid, round_) -> str:
    """What the panel calls a bid: its panel name and title ("Bid C: Parents together") in a
    blind round, as the panel's own pages do (never the organisation), else its title."""
    if round_.blind_review and bid.alias:
        return f"{bid.alias}: {bid.title}"
    return bid.title


def when_text(moment) -> str:
    """Friday 5 March at 5pm (with the year only when it is not this year)."""
    local = timezone.localtime(moment)
    day = f"{local:%A} {local.day} {local:%B}"
    if local.year != timezone.localtime().year:
        day += f" {local.year}"
    return f"{day} at {clock(local)}"


def deadline_text(deadline) -> str:
    if deadline is None:
        return ""
    if timezone.now() > deadline.due_at:
        return f"Scoring closed on {when_text(deadline.due_at)}."
    return f"Scoring closes on {when_text(deadline.due_at)}."


@dataclass
class Question:
    """One criterion on the sheet, with its fields, the bid's answer and any gentle flags."""

    number: int
    criterion: object
    score: object  # BoundField
    reason: object  # BoundField
    answer: str
    flags: list = field(default_factory=list)
    chosen_label: str = ""
    reason_text: str = ""
    saved_label: str = ""  # after an edit conflict: what is saved now ...
    saved_reason: str = ""
    differs: bool = False  # ... and whether it differs from what was typed
    done: bool = False  # a score and a reason are saved (what the question index counts)


def label(criterion, value) -> str:
    """The chosen score in words: "3 – Good, with some gaps", or empty."""
    value = "" if value is None else str(value)
    plain = {str(d.score): d.text_plain for d in criterion.descriptors.all()}
    if value not in {str(level) for level in criterion.levels}:
        return ""
    return f"{value} – {plain[value]}" if plain.get(value) else value


def descriptor(criterion, value) -> str:
    return next((d.text_plain for d in criterion.descriptors.all() if str(d.score) == value), "")


def saved_value(row):
    if row is None:
        return ""
    return "" if row.score is None else str(row.score)


def questions(form, criteria, bid, answers, conflict_rows=None, missing=None) -> list[Question]:
    """Each question on the sheet; `missing` (services.missing_answers of the saved sheet) says
    which are not done yet."""
    questions = []
    for number, criterion in enumerate(criteria, 1):
        score, reason = form[score_field(criterion)], form[reason_field(criterion)]
        chosen = str(score.value() or "")
        typed = (reason.value() or "").replace("\r\n", "\n").strip()
        question = Question(
            number=number,
            criterion=criterion,
            score=score,
            reason=reason,
            answer=answers.get(criterion.pk, ""),
            flags=reasons.flags_for(typed, descriptor(criterion, chosen), own_alias=bid.alias),
            chosen_label=label(criterion, chosen),
            reason_text=typed,
            done=missing is not None and score.name not in missing and reason.name not in missing,
        )
        if conflict_rows is not None:
            row = conflict_rows.get(criterion.pk)
            saved = saved_value(row)
            question.saved_label = label(criterion, saved)
            question.saved_reason = row.reason if row is not None else ""
            question.differs = (saved, question.saved_reason) != (chosen, typed)
        questions.append(question)
    return questions
