"""Issue 15: a decision trail that survives a hostile database administrator.

Each attack is made as someone with write access to the database but without the app's keys
would make it (plain SQL, triggers off), and `verify_audit` must name it. The suite runs on
SQLite and on PostgreSQL.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

import audit
from audit import checkpoints
from audit.bulk import append_events
from audit.canonical import event_hash
from audit.exports import payload_of
from audit.keys import parse_event_keys, signing_event_key
from audit.models import AuditEvent, Chain
from commissioning import services
from commissioning.models import Stage
from tests.conftest import TEST_EVENT_KEYS
from tests.test_audit_trail import raw, verify

FORGER_KEYS = "test:a-different-secret-the-attacker-guessed-0000"


def chain_of(round_) -> Chain:
    return Chain.objects.get(key=f"round:{round_.pk}")


def _forge_after_head(round_, *, at, key=None, actor="u-00000001"):
    """Appends an event with a correct hash and moves the head on, as the issue's attacker did.
    Signed with `key` if given (a guessed or stolen one), else with nothing."""
    chain = chain_of(round_)
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
    forged = AuditEvent(
        chain=chain,
        seq=last.seq + 1,
        at=at,
        actor=actor,
        action="conflict.decided",
        object_type="panels.conflict",
        object_id="1",
        round=round_,
        before=None,
        after={"decision": "no conflict"},
        reason="",
        prev_hash=last.hash,
    )
    digest = event_hash(payload_of(forged))
    signature = key.sign(digest) if key else ""
    key_id = key.id if key else ""
    raw(
        "INSERT INTO audit_auditevent (chain_id, seq, at, actor, action, object_type, object_id, "
        "round_id, before, after, reason, prev_hash, hash, key_id, signature) VALUES "
        "(%s, %s, %s, %s, %s, %s, %s, %s, NULL, %s, '', %s, %s, %s, %s)",
        [
            chain.pk,
            forged.seq,
            at,
            actor,
            forged.action,
            forged.object_type,
            forged.object_id,
            round_.pk,
            json.dumps(forged.after),
            forged.prev_hash,
            digest,
            key_id,
            signature,
        ],
    )
    raw(
        "UPDATE audit_chain SET head_seq = %s, head_hash = %s WHERE id = %s",
        [forged.seq, digest, chain.pk],
    )
    return forged.seq


def test_every_event_is_signed_with_the_current_key(round_):
    key = signing_event_key()
    events = AuditEvent.objects.filter(chain=chain_of(round_))
    assert events.exists()
    for event in events:
        assert event.key_id == key.id and event.signature == key.sign(event.hash)


def test_a_forged_event_appended_with_the_head_moved_is_named(round_):
    seq = _forge_after_head(round_, at=AuditEvent.objects.latest("at").at + timedelta(seconds=1))
    ok, output = verify("--no-replay")
    assert not ok
    assert f"round:{round_.pk}, event #{seq}" in output and "it is not signed" in output


def test_a_forgery_signed_with_a_guessed_key_is_named(round_):
    guessed = list(parse_event_keys(FORGER_KEYS).values())[0]
    seq = _forge_after_head(round_, at=AuditEvent.objects.latest("at").at, key=guessed)
    ok, output = verify("--no-replay")
    assert not ok
    assert f"event #{seq}" in output and "its signature does not match" in output


def test_a_backdated_forgery_is_named(round_):
    first = AuditEvent.objects.filter(chain=chain_of(round_)).order_by("seq").first()
    guessed = list(parse_event_keys(FORGER_KEYS).values())[0]
    seq = _forge_after_head(round_, at=first.at - timedelta(days=30), key=guessed)
    ok, output = verify("--no-replay")
    assert not ok and f"event #{seq}" in output and "signature does not match" in output


def test_rehashing_after_a_change_is_named_at_the_changed_event(round_):
    """Without the key, re-hashing the rest of the chain leaves every signature wrong."""
    chain = chain_of(round_)
    raw(
        "UPDATE audit_auditevent SET reason = 'quietly changed' WHERE chain_id = %s AND seq = 4",
        [chain.pk],
    )
    prev = AuditEvent.objects.get(chain=chain, seq=3).hash
    for event in AuditEvent.objects.filter(chain=chain, seq__gte=4).order_by("seq"):
        event.prev_hash = prev
        digest = event_hash(payload_of(event))
        raw(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, digest, event.pk],
        )
        prev = digest
    raw("UPDATE audit_chain SET head_hash = %s WHERE id = %s", [prev, chain.pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert f"round:{round_.pk}, event #4" in output and "signature does not match" in output


def test_truncation_below_a_checkpoint_is_named(round_):
    call_command("audit_checkpoint", stdout=io.StringIO())
    chain = chain_of(round_)
    last = chain.head_seq
    raw("DELETE FROM audit_auditevent WHERE chain_id = %s AND seq >= %s", [chain.pk, last - 1])
    kept = AuditEvent.objects.get(chain=chain, seq=last - 2)
    raw(
        "UPDATE audit_chain SET head_seq = %s, head_hash = %s WHERE id = %s",
        [kept.seq, kept.hash, chain.pk],
    )
    ok, output = verify("--no-replay")
    assert not ok
    assert f"recorded events up to #{last} but the trail ends at #{last - 2}" in output


def test_truncation_after_the_newest_checkpoint_is_the_limit_the_readme_states(round_, settings):
    """With no checkpoint covering them, the newest events can be cut off unnoticed: that is why
    cron writes checkpoints every few minutes. This test pins the limit down honestly."""
    settings.AUDIT_CHECKPOINT_DIR = ""
    chain = chain_of(round_)
    raw("DELETE FROM audit_auditevent WHERE chain_id = %s AND seq = %s", [chain.pk, chain.head_seq])
    kept = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
    raw(
        "UPDATE audit_chain SET head_seq = %s, head_hash = %s WHERE id = %s",
        [kept.seq, kept.hash, chain.pk],
    )
    ok, output = verify("--no-replay")
    assert ok and "No checkpoint directory is configured" in output


def test_a_moved_head_is_named(round_):
    chain = chain_of(round_)
    raw("UPDATE audit_chain SET head_seq = head_seq + 5 WHERE id = %s", [chain.pk])
    ok, output = verify("--no-replay")
    assert not ok and "events were removed from its end" in output


def test_every_stage_move_writes_a_signed_checkpoint(
    round_, officer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    latest = checkpoints.latest_in_directory(f"round:{round_.pk}")
    assert latest is not None and latest.signature_ok()
    assert latest.seq == chain_of(round_).head_seq
    assert latest.hashes == tuple(
        AuditEvent.objects.filter(chain=chain_of(round_))
        .order_by("seq")
        .values_list("hash", flat=True)
    )
    # Written once, never rewritten: the file is created exclusively.
    files = list((checkpoints.directory() / f"round-{round_.pk}").glob("*.json"))
    assert len(files) == 1


def test_a_tampered_checkpoint_file_is_named(round_):
    call_command("audit_checkpoint", stdout=io.StringIO())
    [path] = (checkpoints.directory() / f"round-{round_.pk}").glob("*.json")
    data = json.loads(path.read_text())
    data["hashes"][0] = "0" * 64
    path.write_text(json.dumps(data))
    ok, output = verify("--no-replay")
    assert not ok and "has a bad signature" in output
    path.write_text("not json")
    ok, output = verify("--no-replay")
    assert not ok and "a checkpoint file cannot be read" in output


def test_verify_says_when_no_checkpoint_directory_is_configured(round_, settings):
    settings.AUDIT_CHECKPOINT_DIR = ""
    ok, output = verify("--no-replay")
    assert ok and "No checkpoint directory is configured" in output
    settings.AUDIT_CHECKPOINT_DIR = "/nonexistent-but-configured"
    ok, output = verify("--no-replay")
    assert ok and "No checkpoint directory" not in output


def test_key_rotation_is_recorded_and_old_events_still_verify(round_, officer_user, settings):
    old = signing_event_key()
    settings.AUDIT_EVENT_KEYS = TEST_EVENT_KEYS + ",2027:a-brand-new-secret-for-twenty-twenty-seven"
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    moved, rotation = AuditEvent.objects.filter(chain=chain_of(round_)).order_by("-seq")[:2]
    assert rotation.action == "audit.key_rotated" and rotation.key_id == "2027"
    assert rotation.before == {"key": old.id}
    assert moved.action == "round.stage_moved" and moved.key_id == "2027"
    ok, output = verify()
    assert ok, output
    # Dropping the old key from the list leaves its events unverifiable, and says why.
    settings.AUDIT_EVENT_KEYS = "2027:a-brand-new-secret-for-twenty-twenty-seven"
    ok, output = verify("--no-replay")
    assert not ok and "which this server does not hold" in output


def test_a_key_change_without_a_recorded_rotation_is_named(round_, officer_user, settings):
    settings.AUDIT_EVENT_KEYS = TEST_EVENT_KEYS + ",2027:a-brand-new-secret-for-twenty-twenty-seven"
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    rotation = AuditEvent.objects.get(action="audit.key_rotated")
    # Hiding the rotation: relabel the event as something else and fix its hash with the key.
    chain = chain_of(round_)
    rotation.action = "lot.added"
    digest = event_hash(payload_of(rotation))
    key = signing_event_key()
    raw(
        "UPDATE audit_auditevent SET action = 'lot.added', hash = %s, signature = %s WHERE id = %s",
        [digest, key.sign(digest), rotation.pk],
    )
    ok, output = verify("--no-replay")
    assert not ok and "without a recorded rotation" in output
    assert chain.key in output


def test_nothing_is_recorded_without_an_event_key(round_, officer_user, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.AUDIT_EVENT_KEYS = ""
    before = AuditEvent.objects.count()
    with pytest.raises(ImproperlyConfigured, match="AUDIT_EVENT_KEYS is not set"):
        services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    assert AuditEvent.objects.count() == before
    round_.refresh_from_db()
    assert round_.stage == Stage.DRAFT  # the change rolled back with its missing event


def test_bulk_appends_write_what_record_would(round_, officer_user):
    with transaction.atomic():
        written = append_events(
            round_,
            (
                {
                    "action": "bench.note",
                    "object_type": "bench.note",
                    "object_id": n,
                    "actor": officer_user,
                    "after": {"n": n},
                }
                for n in range(4500)
            ),
            batch_size=1000,
        )
        audit.record(
            "bench.note", round=round_, object_type="bench.note", object_id="last", after={}
        )
    assert written == 4500
    chain = chain_of(round_)
    assert chain.head_seq == AuditEvent.objects.filter(chain=chain).count()
    ok, output = verify("--no-replay")
    assert ok, output
