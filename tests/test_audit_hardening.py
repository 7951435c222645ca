"""Issue 15: the verifier trusts only the events, names every problem, and replays every decision."""

from decimal import Decimal

import pytest
from django.db import connection

from audit.models import AuditEvent, Chain
from tests.test_audit_trail import raw, verify


def chain_of(round_):
    return Chain.objects.get(key=f"round:{round_.pk}")


# The chain row is not trusted ------------------------------------------------------------------


def test_a_chain_row_whose_round_was_cleared_fails_everywhere(round_, auditor, as_user):
    events = AuditEvent.objects.filter(chain__key=f"round:{round_.pk}").count()
    raw("UPDATE audit_chain SET round_id = NULL WHERE key = %s", [f"round:{round_.pk}"])

    ok, output = verify()
    assert not ok
    assert f"round:{round_.pk}: the chain row says it belongs to round None" in output

    ok, output = verify("--round", str(round_.pk))
    assert not ok
    assert f"{events} events in 1 chains" in output

    html = as_user(auditor).get(f"/rounds/{round_.pk}/trail/").content.decode()
    assert "Verified." not in html
    assert "Verification failed." in html and "the chain row was changed" in html
    # The trail list and its export still show every event: they go by the chain's key.
    export = as_user(auditor).post(f"/rounds/{round_.pk}/trail/export.jsonl")
    lines = b"".join(export.streaming_content).splitlines()
    assert len(lines) == events + 2  # + the export's own event + the signed head


def test_a_round_whose_chain_was_removed_fails(round_, auditor, as_user):
    chain = chain_of(round_)
    raw("DELETE FROM audit_auditevent WHERE chain_id = %s", [chain.pk])
    raw("DELETE FROM audit_chain WHERE id = %s", [chain.pk])

    for args in ((), ("--round", str(round_.pk)), ("--no-replay",)):
        ok, output = verify(*args)
        assert not ok, args
        assert f"round {round_.pk} has no chain" in output

    html = as_user(auditor).get(f"/rounds/{round_.pk}/trail/").content.decode()
    assert "Verified." not in html and f"round {round_.pk} has no chain" in html


def test_a_round_with_decisions_but_no_events_fails(round_):
    chain = chain_of(round_)
    raw("DELETE FROM audit_auditevent WHERE chain_id = %s", [chain.pk])
    raw("UPDATE audit_chain SET head_seq = 0 WHERE id = %s", [chain.pk])

    ok, output = verify("--round", str(round_.pk), "--no-replay")
    assert not ok
    assert f"round {round_.pk}'s chain has no events" in output


def test_an_event_moved_to_another_rounds_chain_is_named(round_, other_round):
    """The chain row pointed at another round: the key and the events still say whose it is."""
    chain = chain_of(round_)
    raw("UPDATE audit_chain SET round_id = NULL WHERE id = %s", [chain_of(other_round).pk])
    raw("UPDATE audit_chain SET round_id = %s WHERE id = %s", [other_round.pk, chain.pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert f"belongs to round {other_round.pk} but its key and events say round {round_.pk}" in (
        output
    )


# Every problem, not the first ------------------------------------------------------------------


def test_several_problems_in_one_chain_are_all_named(round_, auditor, as_user):
    chain = chain_of(round_)
    changed = [e.pk for e in AuditEvent.objects.filter(chain=chain, seq__in=[2, 5])]
    raw("UPDATE audit_auditevent SET reason = 'edited' WHERE id IN (%s, %s)", changed)
    raw("DELETE FROM audit_auditevent WHERE chain_id = %s AND seq = 7", [chain.pk])

    ok, output = verify("--no-replay")
    assert not ok
    key = f"round:{round_.pk}"
    assert f"{key}, event #2 (id {changed[0]}): its contents do not match" in output
    assert f"{key}, event #5 (id {changed[1]}): its contents do not match" in output
    assert f"{key}, event #8" in output and "expected event #7 but found #8" in output
    assert "3 problems" in output

    html = as_user(auditor).get(f"/rounds/{round_.pk}/trail/").content.decode()
    # The page also replays: the removed event #7 was the only record of a criterion.
    assert "4 problems</strong>" in html and "exists but the trail never recorded it" in html


def test_problems_past_the_limit_are_counted_not_listed(round_):
    from audit.verify import verify_chains

    chain = chain_of(round_)
    raw("UPDATE audit_auditevent SET reason = 'edited' WHERE chain_id = %s", [chain.pk])
    result = verify_chains([chain], limit=3)
    assert len(result.findings) == 4
    assert result.findings[-1].problem == f"and {chain.head_seq - 3} more problems in this chain"
    assert result.problems == chain.head_seq


def test_a_clean_round_still_verifies(round_):
    ok, output = verify("--round", str(round_.pk))
    assert ok, output


# Replay covers every decision -------------------------------------------------------------------


@pytest.fixture
def decided_panel(round_, officer_user, young_panellist):
    """A member with an assignment, a decided conflict, a withdrawn consent, time and expenses."""
    from panels import services as panels
    from panels.models import CONFLICT_QUESTIONS, Member, Outcome

    member = Member.objects.get(panel__round=round_, user=young_panellist)
    from bids.models import Bid

    first, second = Bid.objects.filter(lot__round=round_).order_by("pk")[:2]
    panels.assign(member, first, by=officer_user)
    answers = {**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "know_someone": "yes"}
    (declaration,) = panels.declare(member, second, by=young_panellist, answers=answers)
    panels.decide_conflict(
        declaration, by=officer_user, outcome=Outcome.ALLOWED, reason="Met once.", mitigation="2nd"
    )
    consent = panels.give_consent(member, by=officer_user, kind="photos")
    panels.withdraw_consent(consent, by=young_panellist)
    panels.choose_recognition(member, by=young_panellist, choice="payment")
    panels.add_time(member, by=officer_user, kind="scoring", hours=Decimal("2.5"))
    panels.add_expense(member, by=officer_user, description="Bus", amount=Decimal("3.40"))
    ok, output = verify()
    assert ok, output
    return member, second


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("UPDATE panels_member SET role = 'chair' WHERE id = {member}", "Member {member} "),
        ("UPDATE panels_member SET status = 'left' WHERE id = {member}", "Member {member} "),
        ("UPDATE panels_member SET recognition = '' WHERE id = {member}", "Member {member} "),
        (
            "UPDATE panels_conflictdeclaration SET outcome = 'excluded' WHERE member_id = {member}",
            "Conflict declaration",
        ),
        (
            "UPDATE panels_conflictdeclaration SET mitigation = '' WHERE member_id = {member}",
            "Conflict declaration",
        ),
        (
            "UPDATE panels_assignment SET bid_id = {other} WHERE member_id = {member}",
            "Assignment",
        ),
        ("DELETE FROM panels_assignment WHERE member_id = {member}", "missing from the database"),
        ("UPDATE panels_consent SET withdrawn_at = NULL WHERE member_id = {member}", "Consent"),
        ("UPDATE panels_timeentry SET hours = 25 WHERE member_id = {member}", "Time entry"),
        ("UPDATE panels_expense SET amount = 340 WHERE member_id = {member}", "Expense"),
    ],
)
def test_a_change_behind_the_apps_back_is_replayed(decided_panel, sql, named):
    member, other = decided_panel[0].pk, decided_panel[1].pk
    with connection.cursor() as cursor:
        cursor.execute(sql.format(member=member, other=other))
    ok, output = verify()
    assert not ok
    assert named.format(member=member) in output
    assert "changed outside the app" in output or "missing from the database" in output


@pytest.fixture
def trained(round_, officer_user, young_panellist):
    """A member who failed one module, passed another and did the practice bid."""
    from panels.models import Member
    from tests.test_training import _done_practice, _module, _practice, _right, _wrong
    from training import services as training

    member = Member.objects.get(panel__round=round_, user=young_panellist)
    passed, failed = _module(round_, officer_user), _module(round_, officer_user, title="Two")
    training.answer_module(member, failed, _wrong(failed), by=young_panellist)
    training.answer_module(member, passed, _right(passed), by=young_panellist)
    _practice(round_, officer_user)
    _done_practice(member, round_)
    ok, output = verify()
    assert ok, output
    return member, passed, failed


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        (
            "UPDATE training_moduleresult SET passed_at = NULL WHERE module_id = {passed}",
            "is in the trail but missing from the database",
        ),
        (
            "UPDATE training_moduleresult SET passed_at = '2026-01-01' WHERE module_id = {failed}",
            "exists but the trail never recorded it",
        ),
        ("UPDATE training_module SET required = NOT required WHERE id = {passed}", "required is"),
        ("UPDATE training_practicescore SET score = 0", "scores is"),
        ("UPDATE training_practiceitem SET reference_score = 0", "items is"),
    ],
)
def test_a_training_result_changed_behind_the_apps_back_is_replayed(trained, sql, named):
    member, passed, failed = trained
    with connection.cursor() as cursor:
        cursor.execute(sql.format(member=member.pk, passed=passed.pk, failed=failed.pk))
    ok, output = verify("--round", str(member.panel.round_id))
    assert not ok
    assert named in output


def _grant_behind_the_back(user, codename, obj):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    content_type = ContentType.objects.get_for_model(obj)
    UserObjectPermission.objects.create(
        user=user,
        permission=Permission.objects.get(content_type=content_type, codename=codename),
        content_type=content_type,
        object_pk=str(obj.pk),
    )


def test_a_round_permission_granted_behind_the_apps_back_is_named(round_, outsider):
    _grant_behind_the_back(outsider, "audit_round", round_)
    ok, output = verify("--round", str(round_.pk))
    assert not ok
    assert (
        f"The audit_round permission of user:{outsider.pseudonym} on round {round_.pk} is in the "
        "database but the trail never granted it" in output
    )


def test_a_round_permission_removed_behind_the_apps_back_is_named(round_, auditor):
    from guardian.models import UserObjectPermission

    UserObjectPermission.objects.filter(user=auditor).delete()
    ok, output = verify()
    assert not ok
    assert f"user:{auditor.pseudonym} on round {round_.pk} was granted in the trail" in output


def test_a_bid_permission_granted_behind_the_apps_back_is_named(round_, professional):
    bid = round_.lots.first().bids.first()
    _grant_behind_the_back(professional, "view_bid", bid)
    ok, output = verify("--round", str(round_.pk))
    assert not ok
    assert f"Permission for {professional.actor_ref} to open bid {bid.pk} is in the database" in (
        output
    )


def test_a_bid_permission_removed_behind_the_apps_back_is_named(decided_panel):
    from guardian.models import UserObjectPermission

    from tests.factories import declare_clear

    member, _ = decided_panel
    declare_clear(member)  # now they may open the bid they score
    assert UserObjectPermission.objects.filter(user=member.user).exists() and verify()[0]
    UserObjectPermission.objects.filter(user=member.user).delete()
    ok, output = verify()
    assert not ok and "to open bid" in output and "was granted in the trail" in output


def test_officers_are_made_on_the_record(db, outsider):
    from commissioning import services as commissioning

    commissioning.make_officer(outsider, by="system", reason="New starter.")
    event = AuditEvent.objects.get(action="officer.granted", object_id=str(outsider.pseudonym))
    assert event.chain.key == "global" and event.after == {"group": "Procurement officers"}
    assert verify()[0]


def test_a_group_membership_added_behind_the_apps_back_is_named(db, outsider):
    from django.contrib.auth.models import Group

    from commissioning.access import OFFICERS_GROUP

    outsider.groups.add(Group.objects.get_or_create(name=OFFICERS_GROUP)[0])
    ok, output = verify()
    assert not ok
    assert (
        f"Membership of user:{outsider.pseudonym} in the group 'Procurement officers' is in the "
        "database but the trail never granted it" in output
    )


# Every model that records a decision is replayed -------------------------------------------------

PROJECT_APPS = {
    "accounts",
    "audit",
    "commissioning",
    "bids",
    "panels",
    "training",
    "scoring",
    "decisions",
    "demo",
    "guardian",
}

# Replayed by a check (audit.snapshots.register_check) rather than one snapshot a row.
CHECKED = {
    "guardian.userobjectpermission": "commissioning.snapshots.round_grants, panels bid_grants",
    "guardian.groupobjectpermission": "commissioning.snapshots.round_grants: must be empty",
    "accounts.user_groups": "commissioning.snapshots.group_memberships",
    "scoring.reminder": "scoring.snapshots.reminders_sent: the sheets each reminder event names",
    # Anonymous: counts, and the last answer's digest under a salt replaced at every answer, so
    # the trail never pairs an answer with a person (decisions/survey.py).
    "decisions.surveyresponse": "decisions.snapshots.survey_answers",
    "decisions.surveyreceipt": "decisions.snapshots.survey_answers",
    "decisions.surveyseal": "decisions.snapshots.survey_answers: the digest's salt",
}

EXEMPT = {
    "audit.chain": "the trail itself, checked by audit.verify",
    "audit.auditevent": "the trail itself, checked by audit.verify",
    "accounts.user": "people, not decisions; the trail names them by pseudonym",
    "accounts.user_user_permissions": "the app grants no model permissions to people",
    "commissioning.descriptor": "part of its criterion's snapshot",
    "bids.bidanswer": "part of its bid's snapshot",
    "training.practiceitem": "part of its practice bid's snapshot",
    "training.practicescore": "part of its practice attempt's snapshot",
    "training.choice": "part of its check question's snapshot (which answer is right)",
    "scoring.criterionscore": "part of its score sheet's snapshot",
    "scoring.consensusrecord_present": "part of its agreed score's snapshot",
    "scoring.consensusrecord_recused": "part of its agreed score's snapshot",
}

# Known gaps: rows that record something but are not replayed yet (none now). A model listed here
# is a gap to close with a registration or a check, never a place to park a new model.
NOT_YET_REPLAYED: dict[str, str] = {}


def test_every_model_is_replayed_or_exempt_with_a_reason():
    from django.apps import apps

    from audit.snapshots import registrations

    covered = set(registrations()) | set(CHECKED) | set(EXEMPT) | set(NOT_YET_REPLAYED)
    models = {
        m._meta.label_lower
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in PROJECT_APPS
    }
    assert "accounts.user_groups" in models  # group membership is enumerated too
    assert sorted(models - covered) == []
    assert sorted((set(EXEMPT) | set(NOT_YET_REPLAYED) | set(CHECKED)) - models) == []
    assert not set(registrations()) & (set(EXEMPT) | set(NOT_YET_REPLAYED))


def test_a_scoring_deadline_moved_behind_the_apps_back_is_named(round_, officer_user):
    from datetime import timedelta

    from django.utils import timezone

    from scoring import services as scoring

    scoring.set_deadline(round_, by=officer_user, due_at=timezone.now() + timedelta(days=9))
    assert verify()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE scoring_deadline SET reminder_hours = %s WHERE round_id = %s",
            ["[1]", round_.pk],
        )
    ok, output = verify()
    assert not ok and f"Scoring deadline of round {round_.pk} was changed" in output
