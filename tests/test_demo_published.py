"""The demo published (`manage.py demo --stage published`): the officer and every chair signed
off, the procurement dates recorded in the past with the contract after its standstill, the
officer's message to the panel, the round published with its trail head signed, the trail
verifying clean, a few anonymous survey answers, the public page and "You said, we did" answering;
seeding again changes nothing.
A development server needs no AUDIT_SIGNING_KEY or AUDIT_EVENT_KEYS (DEBUG has development ones); production
has none, and the demo then says what to set instead of failing half way."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.checkpoints import Checkpoint
from audit.models import AuditEvent
from audit.replay import verify_round
from commissioning.models import Round, Stage
from decisions import procurement
from decisions.demo_publication import MESSAGE, SURVEY_ANSWERS, past_dates
from decisions.models import (
    FeedbackNote,
    ProcurementRecord,
    Publication,
    SignOff,
    SurveyReceipt,
    SurveyResponse,
)
from decisions.signoff import needed
from decisions.working_days import last_of_working_days
from panels.models import Member

ROOT = Path(__file__).resolve().parent.parent


KEY_SETTINGS = {"AUDIT_SIGNING_KEY", "AUDIT_EVENT_KEYS", "AUDIT_SIGNING_KEY_FILE"}


def _settings_key(name="AUDIT_SIGNING_KEY", **env) -> str:
    """A trail key setting as config/settings.py works it out from this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*KEY_SETTINGS, "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    code = f"import config.settings as s; print(s.{name})"
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_only_a_debug_server_has_development_trail_keys():
    from config import settings as config_settings

    assert _settings_key() == config_settings._DEV_SIGNING_KEY
    events = _settings_key("AUDIT_EVENT_KEYS")
    assert events.startswith("dev:") and "production" in events  # clearly named
    for name in ("AUDIT_SIGNING_KEY", "AUDIT_EVENT_KEYS"):
        assert _settings_key(name, SECRET_KEY="real-secret") == ""  # production: never assumed
        assert _settings_key(name, SECRET_KEY="real-secret", **{name: "set"}) == "set"
        assert _settings_key(name, **{name: "set"}) == "set"


def test_the_demo_tells_the_published_story(db, settings, client):
    from config import settings as config_settings

    # What a development server has with nothing in the environment.
    settings.AUDIT_SIGNING_KEY = config_settings._DEV_SIGNING_KEY
    settings.AUDIT_EVENT_KEYS = config_settings._DEV_EVENT_KEYS
    out = io.StringIO()
    call_command("demo", "--no-serve", "--stage", "published", stdout=out)
    assert "(Published)" in out.getvalue()

    round_ = Round.objects.get()
    assert round_.stage == Stage.PUBLISHED
    signatures = SignOff.objects.filter(round=round_, voided_at=None)
    assert signatures.count() == len(needed(round_)) >= 2  # the officer and each chair
    assert len({s.signed_by_id for s in signatures}) == signatures.count()

    record = ProcurementRecord.objects.get(round=round_)
    assert record.summaries_sent_on < record.award_notice_on < record.contract_on
    ends = last_of_working_days(record.award_notice_on, procurement.STANDSTILL_WORKING_DAYS)
    assert ends < record.contract_on < timezone.localdate()
    assert procurement.timeline(round_).problem == ""

    publication = Publication.objects.get(round=round_)
    checkpoint = Checkpoint(
        publication.chain,
        publication.trail_seq,
        publication.trail_hash,
        publication.signed_at,
        key=publication.signing_key,
        signature=publication.signature,
    )
    assert checkpoint.signature_ok()  # with the (development) public key
    assert not Checkpoint(**{**checkpoint.__dict__, "seq": checkpoint.seq - 1}).signature_ok()
    assert AuditEvent.objects.filter(action="round.published").count() == 1

    result = verify_round(round_)
    assert result.ok, result.findings

    # The officer's message, and four anonymous survey answers with one receipt each.
    assert FeedbackNote.objects.get(round=round_).message == MESSAGE
    assert SurveyResponse.objects.filter(round=round_).count() == len(SURVEY_ANSWERS)
    assert SurveyReceipt.objects.filter(member__panel__round=round_).count() == len(SURVEY_ANSWERS)

    # The public page answers anyone; "You said, we did" answers the young panellist.
    public = client.get(reverse("decisions:public", args=[round_.pk]))
    assert public.status_code == 200
    assert round_.name in public.content.decode()
    young = Member.objects.get(panel__round=round_, user__email="young@example.org")
    client.force_login(young.user)
    you_said = client.get(reverse("decisions:you_said", args=[young.pk]))
    assert you_said.status_code == 200
    assert "Three projects are funded" in you_said.content.decode()

    # Again: nothing is duplicated and the published round stays as it is.
    before = AuditEvent.objects.count()
    call_command("demo", "--no-serve", "--stage", "published", stdout=io.StringIO())
    assert AuditEvent.objects.count() == before


def test_past_dates_respect_the_standstill():
    from datetime import date

    for today in (date(2026, 12, 1), date(2026, 12, 29), date(2027, 1, 4), date(2026, 4, 7)):
        dates = past_dates(today)
        notice, contract = dates["award_notice_on"], dates["contract_on"]
        assert dates["summaries_sent_on"] < notice and contract < today
        assert last_of_working_days(notice, procurement.STANDSTILL_WORKING_DAYS) < contract
    assert past_dates(date(2031, 6, 1)) is None  # past the bank holiday table: no dates guessed


def test_without_a_key_the_demo_says_what_to_set(db, settings):
    settings.AUDIT_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="AUDIT_SIGNING_KEY"):
        call_command("demo", "--no-serve", "--stage", "published", stdout=io.StringIO())
    # Everything seeded in that run is rolled back: a retry with the key starts clean.
    assert not Round.objects.exists()
