"""The decision trail: append-only three times over, tamper-evident, anchored and replayed."""

import io
import json
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from openpyxl import load_workbook

import audit
from audit import triggers
from audit.keys import signing_event_key
from audit.models import AppendOnlyError, AuditEvent, Chain
from audit.reverify_jsonl import Refused
from audit.reverify_jsonl import verify as reverify
from commissioning import services
from commissioning.models import Criterion, Stage


def verify(*args):
    """Runs verify_audit; returns (ok, output)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        return True, out.getvalue() + err.getvalue()
    except CommandError as exc:
        return False, err.getvalue() + str(exc)


def raw(sql, params=()):
    """Tampering as someone with database access would: triggers off, plain SQL."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install(connection)


def event(round_, seq):
    return AuditEvent.objects.get(chain__round=round_, seq=seq)


def test_a_clean_trail_verifies(round_):
    ok, output = verify()
    assert ok, output
    assert "Decision trail verified" in output


def test_chain_is_gapless_and_linked(round_):
    events = list(AuditEvent.objects.for_round(round_).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.prev_hash == earlier.hash


# Append-only three times over ----------------------------------------------------------------------


def test_model_refuses_update_and_delete(round_):
    first = event(round_, 1)
    first.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        first.delete()


def test_queryset_refuses_update_delete_and_bulk_writes(round_):
    events = AuditEvent.objects.for_round(round_)
    with pytest.raises(AppendOnlyError):
        events.update(reason="x")
    with pytest.raises(AppendOnlyError):
        events.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(list(events), ["reason"])
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent()])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'rewritten'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_refuses_raw_update_and_delete(round_, sql):
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(sql)
    assert AuditEvent.objects.filter(reason="rewritten").count() == 0
    assert AuditEvent.objects.for_round(round_).count() > 0


def test_database_refuses_emptying_the_table(round_):
    """PostgreSQL's TRUNCATE; SQLite has none, and empties a table with an unqualified DELETE."""
    sql = (
        "TRUNCATE audit_auditevent CASCADE"
        if connection.vendor == "postgresql"
        else ("DELETE FROM audit_auditevent")
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.for_round(round_).exists()


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(round_, officer_user):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record("x", round=round_, actor=officer_user, object_type="t", object_id="1")


def test_record_refuses_floats(round_, officer_user):
    with pytest.raises(TypeError, match="Floats"), transaction.atomic():
        audit.record(
            "x",
            round=round_,
            actor=officer_user,
            object_type="t",
            object_id="1",
            after={"amount": 1.5},
        )


def test_a_failed_change_leaves_no_event(round_, officer_user):
    count = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back both
        services.add_lot(round_, by=officer_user, name="Too big", budget=Decimal("99999999"))
    assert AuditEvent.objects.count() == count


# Each kind of tampering is named ---------------------------------------------------------------------


def test_changed_field_is_named(round_):
    target = event(round_, 3)
    raw("UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [target.pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert (
        f"round:{round_.pk}, event #3 (id {target.pk}): its contents do not match its hash"
        in output
    )


def test_deleted_event_is_named(round_):
    raw("DELETE FROM audit_auditevent WHERE id = %s", [event(round_, 4).pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert "expected event #4 but found #5: an event is missing here" in output


def test_deleted_tail_is_named(round_):
    last = AuditEvent.objects.for_round(round_).order_by("-seq").first()
    raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert f"event #{last.seq}: the chain's head says it has {last.seq} events" in output


def test_inserted_event_is_named(round_):
    """An event slipped in between #2 and #3 (the later ones renumbered) breaks the link."""
    chain = Chain.objects.get(round=round_)
    raw("UPDATE audit_auditevent SET seq = seq + 1000 WHERE chain_id = %s AND seq >= 3", [chain.pk])
    raw(
        "UPDATE audit_auditevent SET seq = seq - 999 WHERE chain_id = %s AND seq >= 1003",
        [chain.pk],
    )
    second = event(round_, 2)
    raw(
        "INSERT INTO audit_auditevent (chain_id, seq, at, actor, action, object_type, object_id, "
        "round_id, before, after, reason, prev_hash, hash, key_id, signature) "
        "VALUES (%s, 3, %s, 'system', 'lot.added', 'commissioning.lot', '99', %s, NULL, NULL, '', "
        "%s, %s, '', '')",
        [chain.pk, second.at, round_.pk, second.hash, "f" * 64],
    )
    ok, output = verify("--no-replay")
    assert not ok
    assert "event #3" in output and "its contents do not match its hash" in output


def test_swapped_events_are_named(round_):
    chain = Chain.objects.get(round=round_)
    raw("UPDATE audit_auditevent SET seq = 999 WHERE chain_id = %s AND seq = 2", [chain.pk])
    raw("UPDATE audit_auditevent SET seq = 2 WHERE chain_id = %s AND seq = 3", [chain.pk])
    raw("UPDATE audit_auditevent SET seq = 3 WHERE chain_id = %s AND seq = 999", [chain.pk])
    ok, output = verify("--no-replay")
    assert not ok
    assert "event #2" in output and "does not link to the event before it" in output


def _rewrite_tail_consistently(round_):
    """Recomputes every hash from event #3 on after changing it: the chain itself looks intact."""
    from audit.canonical import event_hash
    from audit.exports import payload_of

    chain = Chain.objects.get(round=round_)
    raw(
        "UPDATE audit_auditevent SET reason = 'quietly changed' WHERE chain_id = %s AND seq = 3",
        [chain.pk],
    )
    prev = event(round_, 2).hash
    for ev in AuditEvent.objects.filter(chain=chain, seq__gte=3).order_by("seq"):
        ev.prev_hash = prev
        digest = event_hash(payload_of(ev))
        # Re-signed too: this attacker holds the app's event key, which only checkpoints catch.
        raw(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, signature = %s WHERE id = %s",
            [prev, digest, signing_event_key().sign(digest), ev.pk],
        )
        prev = digest
    raw("UPDATE audit_chain SET head_hash = %s WHERE id = %s", [prev, chain.pk])


def test_rewritten_tail_is_caught_by_a_checkpoint(round_, settings):
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert verify()[0]
    _rewrite_tail_consistently(round_)
    directory = settings.AUDIT_CHECKPOINT_DIR
    settings.AUDIT_CHECKPOINT_DIR = ""
    assert verify("--no-replay")[0], "a rewrite with the event key fools the chain check alone"
    settings.AUDIT_CHECKPOINT_DIR = directory
    ok, output = verify("--no-replay")
    assert not ok
    # Named at the first changed event, not at the head.
    assert f"round:{round_.pk}, event #3" in output
    assert "no longer has the hash the checkpoint" in output


def test_a_forged_checkpoint_is_refused(round_, tmp_path):
    out = io.StringIO()
    call_command("audit_checkpoint", "--print", stdout=out)
    line = json.loads(out.getvalue().splitlines()[0])
    line["seq"] += 1  # a changed head (the first line may be the global chain, at 1)
    forged = tmp_path / "forged.jsonl"
    forged.write_text(json.dumps(line) + "\n")
    ok, output = verify("--checkpoint", str(forged))
    assert not ok and "bad signature" in output


def test_checkpoint_needs_the_key(db, settings):
    settings.AUDIT_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="AUDIT_SIGNING_KEY is not set"):
        call_command("audit_checkpoint")


# Replay against the live tables -----------------------------------------------------------------


def test_stage_changed_in_the_database_is_caught(round_):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commissioning_round SET stage = 'decided' WHERE id = %s", [round_.pk]
        )
    ok, output = verify()
    assert not ok
    assert (
        f"Round {round_.pk} ({round_.name}) was changed outside the app: stage is 'decided' "
        "but the trail last recorded 'draft'" in output
    )


def test_weight_changed_in_the_database_is_caught(round_):
    criterion = Criterion.objects.filter(rubric__round=round_).first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commissioning_criterion SET weight = 99 WHERE id = %s", [criterion.pk]
        )
    ok, output = verify()
    assert not ok
    assert f"Criterion {criterion.pk}" in output and "weight is '99.00'" in output


def test_criterion_added_behind_the_apps_back_is_caught(round_):
    source = Criterion.objects.filter(rubric__round=round_).first()
    sneaky = Criterion.objects.create(
        rubric=source.rubric,
        title="Sneaky",
        question_formal="q",
        question_plain="q",
        weight=Decimal("1"),
    )
    ok, output = verify()
    assert (
        not ok
        and f"Criterion {sneaky.pk} (Sneaky) exists but the trail never recorded it" in output
    )


def test_services_keep_replay_clean_through_a_whole_setup(round_, officer_user):
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    lot = round_.lots.first()
    services.update_lot(lot, by=officer_user, reason="Budget cut", budget=Decimal("90000"))
    services.remove_criterion(
        Criterion.objects.filter(rubric__round=round_).last(), by=officer_user, reason="Not needed"
    )
    ok, output = verify()
    assert ok, output


# Concurrency -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_unbroken_chain(officer_user):
    from tests.factories import make_round

    round_ = make_round(officer_user, rubric=False, lots=0)
    errors = []

    def writer(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(
                        "test.concurrent",
                        round=round_,
                        actor=officer_user,
                        object_type="test",
                        object_id=f"{n}-{i}",
                    )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditEvent.objects.for_round(round_).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 40
    ok, output = verify("--no-replay")
    assert ok, output


# Auditor pages and exports -----------------------------------------------------------------------


def test_auditor_sees_verified_timeline_with_names_and_reasons(
    round_, auditor, officer_user, as_user
):
    services.move_stage(round_, to=Stage.INDUCTION, by=officer_user)
    services.move_stage(round_, to=Stage.DRAFT, by=officer_user, reason="Forgot a lot")
    response = as_user(auditor).get(f"/rounds/{round_.pk}/trail/")
    html = response.content.decode()
    assert "Verified." in html
    assert "Olive Officer" in html
    assert f">user:{officer_user.pseudonym}<" not in html  # shown by name, not pseudonym
    assert "Forgot a lot" in html
    filtered = as_user(auditor).get(f"/rounds/{round_.pk}/trail/?action=round.stage_moved")
    assert [e.action for e in filtered.context["table"].data] == ["round.stage_moved"] * 2


def test_trail_page_shows_a_failed_verification(round_, auditor, as_user):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commissioning_round SET stage = 'decided' WHERE id = %s", [round_.pk]
        )
    html = as_user(auditor).get(f"/rounds/{round_.pk}/trail/").content.decode()
    assert "Verification failed." in html and "stage is" in html


def test_trail_queries_do_not_grow_with_events(round_, auditor, officer_user, as_user):
    from tests.helpers import count_queries

    def add_events():
        for _ in range(5):
            services.update_lot(
                round_.lots.first(), by=officer_user, name=f"Lot {_}", reason="Renamed."
            )

    # Measured each time just after new events, as a view after any change is: the replay runs.
    client, url = as_user(auditor), f"/rounds/{round_.pk}/trail/"
    client.get(url)
    add_events()
    before = count_queries(client, url)
    add_events()
    add_events()
    assert count_queries(client, url) == before


def test_jsonl_export_reverifies_with_the_documented_procedure(round_, auditor, as_user):
    from audit.keys import checkpoint_key

    response = as_user(auditor).post(f"/rounds/{round_.pk}/trail/export.jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == AuditEvent.objects.for_round(round_).count() + 1  # + the signed head
    # The copy records itself: its last event says the auditor took it.
    last = json.loads(lines[-2])
    assert (last["action"], last["actor"]) == ("trail.exported", auditor.actor_ref)
    closing = json.loads(lines[-1])["checkpoint"]
    assert closing["hash"] == Chain.objects.get(key=f"round:{round_.pk}").head_hash
    public = checkpoint_key().public_hex
    assert reverify(lines, public).startswith(f"VERIFIED: {len(lines) - 1} events")
    tampered = json.loads(lines[1])
    tampered["reason"] = "edited"
    lines[1] = json.dumps(tampered)
    with pytest.raises(Refused, match="line 2 \\(event #2\\): contents do not match its hash"):
        reverify(lines, public)


def test_xlsx_export_writes_formula_like_text_as_text(round_, auditor, officer_user, as_user):
    from tests.factories import make_bid

    make_bid(round_.lots.first(), officer_user, title='=HYPERLINK("http://evil")')
    response = as_user(auditor).post(f"/rounds/{round_.pk}/trail/export.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sequence"
    assert len(rows) == AuditEvent.objects.for_round(round_).count() + 1
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert any("=HYPERLINK" in str(value) for row in rows for value in row)


def test_events_name_people_by_pseudonym_so_erasure_keeps_the_chain(round_, officer_user):
    first = event(round_, 1)
    assert first.actor == f"user:{officer_user.pseudonym}"
    officer_user.display_name = ""
    officer_user.email = f"erased-{officer_user.pk}@invalid"
    officer_user.save()
    assert verify()[0]
