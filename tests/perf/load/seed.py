"""Seeds the load test's round: one lot, a few bids, 100 panellists trained, declared clear and
assigned every bid, the round in scoring. Built through the project's services (tests/factories.py),
so the trail is real and verify_audit checks it afterwards. Writes who is who to a JSON file the
locustfile reads (emails, the shared password, member and bid numbers, each bid's criteria).

    DJANGO_SETTINGS_MODULE=tests.perf.load.settings python tests/perf/load/seed.py cast.json
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.load.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bids.services import add_document  # noqa: E402
from panels import access as panel_access  # noqa: E402
from panels.models import AgeBand, Member, Role  # noqa: E402
from scoring.services import criteria_for  # noqa: E402
from tests.factories import UserFactory, join, make_panel, make_round, officer, to_scoring  # noqa: E402

PASSWORD = "load-test-password"  # noqa: S105 - a throwaway database
FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # while seeding only, see main()


def signed_in(user) -> str:
    """A session for `user`, as logging in earlier in the day would have left (the session
    engine of the settings: cached_db with REDIS_URL, so in PostgreSQL and Redis)."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def sign_everyone_in(cast: dict) -> None:
    """One real password hash for every load-test user, then a session each."""
    User.objects.filter(email__endswith="@load.example.org").update(
        password=make_password(PASSWORD)
    )
    users = {u.email: u for u in User.objects.filter(email__endswith="@load.example.org")}
    for person in [cast["officer"], cast["chair"], *cast["panellists"]]:
        person["session"] = signed_in(users[person["email"]])


def seed(panellists: int, bids: int, submitters: int) -> dict:
    boss = officer(email="officer@load.example.org", display_name="Olive Officer")
    boss.set_password(PASSWORD)
    boss.save()
    chair = UserFactory(email="chair@load.example.org", password=PASSWORD)
    round_ = make_round(boss, lots=1, bids=bids, panel=False, name="Load test round")
    panel = make_panel(round_, boss, chair=chair)
    for bid in round_.lots.get().bids.all():  # one document a bid, in the shared object store
        pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + b"%% plan\n" * 4000 + b"%%EOF\n"
        add_document(bid, SimpleUploadedFile(f"plan-{bid.pk}.pdf", pdf), by=boss)
    for n in range(panellists):
        user = UserFactory(email=f"panellist{n:03d}@load.example.org", password=PASSWORD)
        young = n % 2 == 0
        join(
            panel,
            user,
            Role.YOUNG if young else Role.PROFESSIONAL,
            boss,
            age_band=AgeBand.AGE_18_25 if young else AgeBand.OVER_25,
        )
    round_ = to_scoring(round_, boss)
    chair_member = Member.objects.get(panel=panel, user=chair)
    cast = {
        "round": round_.pk,
        "password": PASSWORD,
        "officer": {
            "email": boss.email,
            "pages": [
                reverse("scoring:progress", args=[round_.pk]),
                reverse("commissioning:round", args=[round_.pk]),
            ],
        },
        "chair": {
            "email": chair.email,
            "pages": [reverse("scoring:chair_progress", args=[chair_member.pk])],
        },
        "panellists": [],
    }
    members = Member.objects.for_round(round_).scoring().select_related("user").order_by("pk")
    for n, member in enumerate(members):
        sheets = []
        for bid in panel_access.bids_for(member):
            criteria = [{"pk": c.pk, "max": c.scale_max} for c in criteria_for(bid)]
            document = bid.documents.first()
            sheets.append(
                {
                    "bid": bid.pk,
                    "criteria": criteria,
                    "url": reverse("scoring:sheet", args=[member.pk, bid.pk]),
                    "check": reverse("scoring:check", args=[member.pk, bid.pk]),
                    "document": reverse(
                        "panels:bid_document", args=[member.pk, bid.pk, document.pk]
                    ),
                }
            )
        cast["panellists"].append(
            {
                "email": member.user.email,
                "member": member.pk,
                "dashboard": reverse("scoring:dashboard", args=[member.pk]),
                "submits": n < submitters,
                "sheets": sheets,
            }
        )
    return cast


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--panellists", type=int, default=100)
    parser.add_argument("--bids", type=int, default=4)
    parser.add_argument("--submitters", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    # A hundred real password hashes would cost minutes of CPU here: seed with a fast hasher,
    # then give everyone one real (PBKDF2) hash, so logging in during the test costs what it costs.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", PASSWORD_HASHERS=FAST
    ):
        cast = seed(args.panellists, args.bids, args.submitters)
    sign_everyone_in(cast)
    Path(args.out).write_text(json.dumps(cast, indent=1))
    print(
        f"Seeded round {cast['round']}: {len(cast['panellists'])} panellists, "
        f"{args.bids} bids, in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
