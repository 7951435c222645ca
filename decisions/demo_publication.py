"""Signing off and publishing a decided round through the services (so the trail is real):
`sign_everything` for tests that need a round past decided (tests/factories.py: advance), and
`seed`, the demo's last step (demo/scenario.py, `manage.py demo --stage published`)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from commissioning import services as round_services
from commissioning.models import Mode, Round, Stage
from decisions import feedback, procurement, signoff, survey
from decisions.models import Agreement, SignOffRole
from decisions.working_days import OutsideTable, last_of_working_days
from panels.models import Member, MemberStatus, Role


def sign_everything(round_, officer):
    """The officer's signature, then each panel chair's, for every one still missing."""
    for need in signoff.missing(round_):
        if need.role == SignOffRole.OFFICER:
            signoff.sign(round_, by=officer, role=need.role, agree=True)
        else:
            signoff.sign(round_, by=need.chair.user, role=need.role, panel=need.panel, agree=True)


# The demo's story (demo/scenario.py, --stage published) ---------------------------------------

MESSAGE = (
    "Thank you all. Three projects are funded, and your scores and reasons decided which: the "
    "panel's agreed scores are the ones in the results, and where we passed over a higher-ranked "
    "bid we wrote down why. Below you can see your own scores beside the agreed ones. Please tell "
    "us in the short survey what we should change next time."
)
# (worth your time, listened to, what should change): answered by the first panellists in turn.
SURVEY_ANSWERS = [
    (Agreement.YES, Agreement.YES, "Send the bids a week earlier so we can read them at home."),
    (Agreement.YES, Agreement.MOSTLY, ""),
    (Agreement.MOSTLY, Agreement.YES, "Shorter meetings, with a break in the middle."),
    (Agreement.YES, Agreement.YES, ""),
]


def past_dates(today: date) -> dict | None:
    """Summaries sent, then the contract award notice, then the contract the first day after its
    8-working-day standstill, the contract yesterday at the latest; None when the bank holiday
    table does not reach `today` (decisions/working_days.py)."""
    contract_on = today - timedelta(days=1)
    notice = contract_on - timedelta(days=1)
    try:
        while last_of_working_days(notice, procurement.STANDSTILL_WORKING_DAYS) >= contract_on:
            notice -= timedelta(days=1)
    except OutsideTable:
        return None
    return {
        "summaries_sent_on": notice - timedelta(days=2),
        "award_notice_on": notice,
        "contract_on": contract_on,
    }


def seed(round_: Round, officer) -> Round:
    """The officer and every chair sign off, a procurement round's dates after its awards are
    recorded, the officer writes to the panel and publishes, and a few panellists answer the
    survey. Needs AUDIT_SIGNING_KEY (a DEBUG server has a development one:
    config/settings.py)."""
    if round_.stage != Stage.DECIDED:
        return round_
    if not settings.AUDIT_SIGNING_KEY:
        raise ImproperlyConfigured(
            "Publishing signs the decision trail with AUDIT_SIGNING_KEY, which is not set. "
            "Set it in the environment (or run the demo with DEBUG on, which has a development "
            "key)."
        )
    sign_everything(round_, officer)
    if round_.mode == Mode.PROCUREMENT:
        dates = past_dates(timezone.localdate())
        if dates is not None:
            procurement.record_dates(round_, by=officer, **dates)
    feedback.save_message(round_, by=officer, message=MESSAGE)
    round_ = round_services.move_stage(round_, to=Stage.PUBLISHED, by=officer)
    members = Member.objects.filter(
        panel__round=round_,
        status=MemberStatus.ACTIVE,
        role__in=(Role.YOUNG, Role.PROFESSIONAL),
    ).select_related("user", "panel__round")
    chosen = members.order_by("pk")[: len(SURVEY_ANSWERS)]
    for member, (worth, listened, change) in zip(chosen, SURVEY_ANSWERS, strict=True):
        survey.answer(member, by=member.user, worth_time=worth, listened_to=listened, change=change)
    return round_
