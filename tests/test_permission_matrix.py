"""Every URL x every role -> expected status. A new URL must join MATRIX or test_every_url_is_covered fails.

Roles: anonymous, the round's officer, an officer of another round, the round's auditor, a moderator,
a young panellist, a professional panellist and an outsider. The moderator chairs the round's panel
and both panellists sit on it (tests/conftest.py: round_), but none of them may open an officer's
page; a panel member's own pages (/my/<member>/...) answer only that member.
"""

from importlib import import_module

import pytest
from django.db import transaction
from django.urls import get_resolver, resolve, reverse

from audit.models import AuditEvent
from commissioning.models import Criterion

LOGIN = 302  # anonymous users are sent to the login page
ROLES = [
    "anonymous",
    "officer",
    "other_officer",
    "auditor",
    "moderator",
    "young_panellist",
    "professional",
    "outsider",
]


def expect(anonymous=LOGIN, officer=200, other_officer=404, auditor=200, others=404):
    """Expected status by role; `others` covers moderator, panellists and outsider."""
    return {
        "anonymous": anonymous,
        "officer": officer,
        "other_officer": other_officer,
        "auditor": auditor,
        "moderator": others,
        "young_panellist": others,
        "professional": others,
        "outsider": others,
    }


READ = expect()  # officer and auditor can read; nobody else learns the round exists
WRITE = expect(auditor=403)  # officer only; the auditor may know the round, so 403
CREATE = expect(other_officer=200, auditor=403, others=403)
ANYONE_LOGGED_IN = expect(other_officer=200, others=200)
PUBLIC = dict.fromkeys(ROLES, 200)
GET_ONLY = expect(officer=405, other_officer=405, auditor=405, others=405)  # same for every id
POST_ONLY = GET_ONLY  # a POST-only URL answers GET with 405 to everyone logged in


def _ids(r):
    lot = r.lots.first()
    rubric = r.rubrics.first()
    criterion = Criterion.objects.filter(rubric=rubric).first()
    bid = lot.bids.first()
    return {
        "pk": r.pk,
        "lot_pk": lot.pk,
        "rubric_pk": rubric.pk,
        "criterion_pk": criterion.pk,
        "bid_pk": bid.pk,
        "document_pk": bid.documents.values_list("pk", flat=True).first() or 0,
        "clarification_pk": bid.clarifications.values_list("pk", flat=True).first() or 0,
    }


# name -> (kwarg names, query string, {method: expected by role})
MATRIX = {
    "home": ((), "", {"get": expect(officer=302, other_officer=302, auditor=302, others=200)}),
    "login": ((), "", {"get": {**dict.fromkeys(ROLES, 302), "anonymous": 200}}),
    "logout": ((), "", {"get": dict.fromkeys(ROLES, 405)}),
    "password_reset": ((), "", {"get": PUBLIC}),
    "password_reset_done": ((), "", {"get": PUBLIC}),
    "password_reset_confirm": (("uidb64", "token"), "", {"get": PUBLIC}),
    "password_reset_complete": ((), "", {"get": PUBLIC}),
    "commissioning:round_list": ((), "", {"get": ANYONE_LOGGED_IN}),
    "commissioning:round_create": ((), "", {"get": CREATE, "post": CREATE}),
    "commissioning:round": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "commissioning:round_edit": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "commissioning:stage_move": (("pk",), "?to=induction", {"get": WRITE, "post": WRITE}),
    "commissioning:round_access": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "commissioning:lot_create": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "commissioning:lot_edit": (("pk", "lot_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:lot_remove": (("pk", "lot_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:rubric_create": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "commissioning:rubric": (("pk", "rubric_pk"), "", {"get": READ, "post": GET_ONLY}),
    "commissioning:rubric_edit": (("pk", "rubric_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:weights": (("pk", "rubric_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:criterion_create": (("pk", "rubric_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:criterion_edit": (("pk", "criterion_pk"), "", {"get": WRITE, "post": WRITE}),
    "commissioning:criterion_remove": (("pk", "criterion_pk"), "", {"get": WRITE, "post": WRITE}),
    "audit:trail": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "audit:full_check": (
        ("pk",),
        "",
        {"get": POST_ONLY, "post": expect(officer=302, auditor=302)},
    ),
    "audit:export_xlsx": (("pk",), "", {"get": POST_ONLY, "post": READ}),
    "audit:export_jsonl": (("pk",), "", {"get": POST_ONLY, "post": READ}),
    "bids:register": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "bids:register_xlsx": (("pk",), "", {"get": READ, "post": GET_ONLY}),
    "bids:bid_create": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "bids:import": (("pk",), "", {"get": WRITE, "post": WRITE}),
    "bids:import_template": (("pk",), "", {"get": WRITE, "post": GET_ONLY}),
    "bids:import_confirm": (("pk",), "", {"get": POST_ONLY, "post": WRITE}),
    "bids:bid": (("pk", "bid_pk"), "", {"get": READ, "post": GET_ONLY}),
    "bids:bid_edit": (("pk", "bid_pk"), "", {"get": WRITE, "post": WRITE}),
    "bids:bid_status": (("pk", "bid_pk"), "", {"get": WRITE, "post": WRITE}),
    "bids:document_upload": (("pk", "bid_pk"), "", {"get": WRITE, "post": WRITE}),
    "bids:document": (("pk", "bid_pk", "document_pk"), "", {"get": READ, "post": GET_ONLY}),
    "bids:help": (("pk", "bid_pk"), "", {"get": WRITE, "post": WRITE}),
    "bids:clarification": (("pk", "bid_pk"), "", {"get": WRITE, "post": WRITE}),
    "bids:clarification_answer": (
        ("pk", "bid_pk", "clarification_pk"),
        "",
        {"get": WRITE, "post": WRITE},
    ),
}

# Each app's newer URLs live beside this file, one module per area (tests/matrix/), each with its
# own MATRIX entries and an ids(round_) giving the objects its URLs name.
AREAS = [
    import_module(f"tests.matrix.{name}")
    for name in (
        "panels",
        "members",
        "training",
        "scoring",
        "consensus_officer",
        "consensus_chair",
        "consensus_members",
        "decisions",
        "decisions_signoff",
        "decisions_feedback",
        "decisions_pack",
        "decisions_summaries",
        "decisions_public",
        "decisions_coproduction",
    )
]
for _area in AREAS:
    MATRIX.update(_area.MATRIX)

CASES = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, (_, _, methods) in MATRIX.items()
    for method in methods
]


def _url(name, round_):
    kwarg_names, query, _ = MATRIX[name]
    ids = {**_ids(round_), "uidb64": "MQ", "token": "bad-token"}
    for area in AREAS:
        ids.update(area.ids(round_))
    # An area whose own URLs need the round further on (scoring's need it in scoring) moves it
    # there in prepare(round_), called only for those URLs, so every other URL meets the round as
    # the fixture made it. prepare may return ids of what it made.
    for area in AREAS:
        if name in area.MATRIX and hasattr(area, "prepare"):
            ids.update(area.prepare(round_) or {})
    # A kwarg written "member_pk=chair_pk" fills the URL's member_pk from the ids key chair_pk, for
    # URLs whose kwarg names someone other than the default member (the chair's pages).
    pairs = [k.partition("=") for k in kwarg_names]
    return reverse(name, kwargs={k: ids[key or k] for k, _, key in pairs}) + query


@pytest.mark.parametrize("name,method", CASES)
def test_matrix(name, method, round_, other_round, cast, as_user):
    """Every role in turn asks for the URL of the same round. Each request runs in a transaction
    rolled back afterwards, so no role meets what another's request changed, and the round is
    built once per URL rather than once per role."""
    url = _url(name, round_)
    wrong = []
    for role in ROLES:
        client = as_user(cast[role])
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        expected = MATRIX[name][2][method][role]
        if response.status_code != expected:
            wrong.append(
                f"{role} {method.upper()} {name}: got {response.status_code}, expected {expected}"
            )
        elif (
            role == "anonymous"
            and expected == LOGIN
            and not response["Location"].startswith(reverse("login"))
        ):
            wrong.append(f"anonymous {method.upper()} {name}: not sent to the login page")
        if role == "auditor" and method == "post":
            wrong.extend(_auditor_changes_nothing(client, url, name))
    assert not wrong, "\n".join(wrong)


CHECKS_ONLY = {"audit:full_check"}


def _auditor_changes_nothing(client, url, name) -> list[str]:
    """An auditor can change nothing anywhere, even with a filled-in form, and a refused write
    leaves no trace in the trail. An export (recorded_download) hands the record over and says so
    in the trail with the auditor's name; it changes nothing else."""
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.post(url, {"reason": "x", "name": "x"})
        added = list(AuditEvent.objects.filter(pk__gt=last).values_list("action", "actor"))
        transaction.set_rollback(True)
    actor = client.session.get("_auth_user_id")
    if getattr(resolve(url.split("?")[0]).func, "recorded_download", False):
        kinds = [action.rsplit(".", 1)[-1] for action, _ in added]
        if response.status_code != 200 or kinds not in (["exported"], ["downloaded"]):
            return [f"auditor export {name}: {response.status_code}, events {added}"]
        return []
    problems = []
    # Checking the trail again is an auditor's job: it writes nothing, not even to the trail.
    allowed = (403, 404, 405, 302) if name in CHECKS_ONLY else (403, 404, 405)
    if response.status_code not in allowed:
        problems.append(f"auditor POST {name} with a filled form: got {response.status_code}")
    if added:
        problems.append(f"auditor POST {name} wrote to the trail: {added} (user {actor})")
    return problems


def _named_urls(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _named_urls(pattern, prefix + ns)
        elif pattern.name:
            yield prefix + pattern.name


def test_every_url_is_covered():
    missing = set(_named_urls(get_resolver())) - set(MATRIX)
    assert not missing, f"Add these URLs to the permission matrix: {sorted(missing)}"
