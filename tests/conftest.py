"""The fixed cast of test users and a ready round, shared by every test (DESIGN.md section 10)."""

import os

import pytest
from django.db import connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from audit import triggers
from commissioning import access, services
from panels.models import AgeBand, Role
from tests.factories import UserFactory, join, make_panel, make_round, officer

# Hypothesis profiles (README, "Hostile uploads"): few examples in CI, many at night. A test that
# sets its own max_examples keeps it. HYPOTHESIS_PROFILE chooses one by name.
_PROFILE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", max_examples=20, derandomize=True, **_PROFILE)
hypothesis_settings.register_profile("dev", max_examples=50, **_PROFILE)
hypothesis_settings.register_profile("nightly", max_examples=2000, **_PROFILE)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; tests make many users and test no hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _flushable_audit_table():
    """Transactional tests end with a flush of every table, which the append-only triggers rightly
    refuse. Drop them just before that flush; the post_migrate signal the flush sends puts them back.
    """
    from django.test import testcases

    original = testcases.TransactionTestCase._fixture_teardown

    def teardown(self):
        for alias in self._databases_names(include_mirrors=False):
            if triggers.table_exists(connections[alias]):
                triggers.drop(connections[alias])
        return original(self)

    testcases.TransactionTestCase._fixture_teardown = teardown
    yield
    testcases.TransactionTestCase._fixture_teardown = original


TEST_EVENT_KEYS = "test:test-event-key-0123456789abcdef0123456789"
TEST_SIGNING_KEY = "5f1d3b7a9c2e4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a"


@pytest.fixture(autouse=True)
def _audit_keys(settings, tmp_path):
    """Every test signs with known test keys and writes checkpoints to its own directory."""
    settings.AUDIT_EVENT_KEYS = TEST_EVENT_KEYS
    settings.AUDIT_SIGNING_KEY = TEST_SIGNING_KEY
    settings.AUDIT_PUBLIC_KEYS = []
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.AUDIT_FULL_CHECK_IN_BACKGROUND = False  # a thread would not see the test's data


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures (scoring/statistics.py) never leak between tests: a rolled-back database
    can reuse primary keys."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    """Each test stores uploaded documents in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def officer_user(db):
    return officer(email="officer@example.org", display_name="Olive Officer")


@pytest.fixture
def other_officer(db):
    """Runs a different round: must see nothing of `round_`."""
    return officer(email="other.officer@example.org", display_name="Otto Other")


@pytest.fixture
def auditor(db):
    return UserFactory(email="auditor@example.org", display_name="Audrey Auditor")


@pytest.fixture
def moderator(db):
    return UserFactory(email="moderator@example.org", display_name="Mo Moderator")


@pytest.fixture
def young_panellist(db):
    return UserFactory(email="young@example.org", display_name="Yusuf Young")


@pytest.fixture
def professional(db):
    return UserFactory(email="professional@example.org", display_name="Pat Professional")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org", display_name="Ola Outsider")


@pytest.fixture
def round_(officer_user, auditor, moderator, young_panellist, professional):
    """A complete draft round run by `officer_user`, readable by `auditor`; its first bid has a
    PDF document and an unanswered clarification question. Its one panel, for every lot, is
    chaired by `moderator`, with `young_panellist` (16 or 17) and `professional` as members, who
    have declared nothing and been assigned nothing yet."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bids.services import add_document, ask_clarification

    round_ = make_round(officer_user, panel=False)
    panel = make_panel(round_, officer_user, chair=moderator)
    join(panel, young_panellist, Role.YOUNG, officer_user, age_band=AgeBand.AGE_16_17)
    join(panel, professional, Role.PROFESSIONAL, officer_user, age_band=AgeBand.OVER_25)
    services.grant_access(round_, auditor, access.AUDIT, by=officer_user)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    first_bid = round_.lots.first().bids.first()
    add_document(first_bid, pdf, by=officer_user)
    ask_clarification(first_bid, by=officer_user, question="How many sessions a week?")
    return round_


@pytest.fixture
def other_round(other_officer):
    return make_round(other_officer, name="Another council's round")


@pytest.fixture
def cast(officer_user, other_officer, auditor, moderator, young_panellist, professional, outsider):
    return {
        "anonymous": None,
        "officer": officer_user,
        "other_officer": other_officer,
        "auditor": auditor,
        "moderator": moderator,
        "young_panellist": young_panellist,
        "professional": professional,
        "outsider": outsider,
    }


@pytest.fixture
def as_user(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
