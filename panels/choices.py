"""The words panels are described in: roles, age bands, statuses, consents, the conflict questions
and their answers. Plain data; panels/models.py uses them and re-exports them."""

from django.db import models


class Role(models.TextChoices):
    MODERATOR = "moderator", "Chair (moderator)"
    YOUNG = "young", "Young panellist"
    PROFESSIONAL = "professional", "Professional panellist"
    OBSERVER = "observer", "Observer"


SCORING_ROLES = (Role.YOUNG, Role.PROFESSIONAL)


def role_in_brackets(role) -> str:
    """A role short enough to follow a name in brackets: "Marcus Adeyemi (chair)", never the
    label's own brackets ("Marcus Adeyemi (chair (moderator))")."""
    return "chair" if role == Role.MODERATOR else Role(role).label.lower()


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", "Under 16"
    AGE_16_17 = "16_17", "16 or 17"
    AGE_18_25 = "18_25", "18 to 25"
    OVER_25 = "over_25", "Over 25"


class SupportNeed(models.TextChoices):
    LARGE_TEXT = "large_text", "Large text"
    READ_ALOUD = "read_aloud", "Having things read aloud"
    HELPER = "helper", "A helper with me"
    TRAVEL = "travel", "Help with travel"
    BREAKS = "breaks", "Extra breaks"


class RecognitionChoice(models.TextChoices):
    UNDECIDED = "", "Not chosen yet"
    PAYMENT = "payment", "Payment"
    VOUCHER = "voucher", "Shopping voucher"
    TIME_CREDITS = "time_credits", "Time credits"
    ACCREDITATION = "accreditation", "Evidence for an award or qualification"
    NONE = "none", "Nothing, thank you"


DEFAULT_DECIDES = (
    "The panel reads every bid in its lot, scores each one against the published questions, "
    "and agrees which bids should be funded within the lot's budget."
)


DEFAULT_DOES_NOT_DECIDE = (
    "The council checks the winning organisations and signs their contracts. The panel does not "
    "set the budget, change the questions after bids arrive, or decide anything about a bid it "
    "has a conflict with."
)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Taking part"
    EXCLUDED = "excluded", "Not scoring"
    LEFT = "left", "Left the panel"


class ConsentKind(models.TextChoices):
    PHOTOS = "photos", "Photos of me may be used"
    QUOTES = "quotes", "Things I say may be quoted (without my name)"
    PARENT = "parent", "A parent or carer agrees to me taking part"
    NAMED = "named", "My name may be shown in the round's records given to others"


class Answer(models.TextChoices):
    NO = "no", "No"
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"


# The declaration's questions, in plain English (Procurement Act 2023 s.81-83 applies to everyone
# who influences the decision, young panellists included).
CONFLICT_QUESTIONS = {
    "supports_me": "Does this organisation support you now, or has it in the last two years?",
    "family_works": "Do you or someone in your family work or volunteer there?",
    "know_someone": "Do you know anyone who works or volunteers there?",
    "anything_else": "Is there anything else that could make people think you are not fair "
    "about this organisation?",
}


class Outcome(models.TextChoices):
    CLEAR = "clear", "No conflict"
    WAITING = "waiting", "Waiting for an officer's decision"
    EXCLUDED = "excluded", "Kept away from this bid"
    ALLOWED = "allowed", "Allowed, with a safeguard"


class TimeKind(models.TextChoices):
    TRAINING = "training", "Training"
    SCORING = "scoring", "Reading and scoring bids"
    MEETING = "meeting", "Meetings"
    OTHER = "other", "Other"
