"""Concurrent writes to one panellist on PostgreSQL: no deadlock, no lost write.

Every service locks the round's row first (commissioning.final.lock_for_change), then only the
object it changes (select_for_update(of=("self",))), never a joined row: see "How an event gets
into the trail" in docs/architecture.md. Before that, save_draft's select_for_update() with
select_related locked the joined member and round rows as well, and an officer recording time
for the same panellist (round locked, then a foreign-key check on the member row) deadlocked
with it: 249 "deadlock detected" errors in 111 s under load.

Threads each have their own connection (Django's connections are per thread). SQLite serialises
every writer, so these tests run on PostgreSQL only (CI runs them there).
"""

import contextlib
import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from commissioning.models import Stage
from panels import services as panel_services
from panels.models import Expense, Member, TimeEntry
from scoring import services
from scoring.models import ScoreSheet, SheetStatus
from tests.factories import advance, assign_everyone, declare_clear, entries_for

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises all writers"
)
ROOT = Path(__file__).resolve().parent.parent
# Locks that name no rows, and why that is safe: the chain row is locked alone, by its key.
UNNAMED_LOCKS = {"audit/recorder.py"}

ROUNDS = 12  # each thread's iterations: enough to interleave, few enough for CI


@pytest.fixture
def scoring_round(round_, officer_user):
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    return advance(round_, Stage.SCORING, officer_user)


def _run_together(*calls):
    """Runs each call in its own thread and connection, all started at once; returns every
    unexpected exception (a deadlock would be one)."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_every_lock_names_the_rows_it_locks():
    """select_for_update() with a join (select_related, or a filter across a relation) locks the
    joined rows too; of=("self",) locks only the object's row, so the house lock order holds."""
    unnamed = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.split("/")[0] in {".venv", "tests"} or relative in UNNAMED_LOCKS:
            continue
        for call in re.findall(r"select_for_update\((.{0,40})", path.read_text()):
            if 'of=("self",)' not in call:
                unnamed.append(f"{relative}: select_for_update({call}")
    assert unnamed == []


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_saves_submits_reopens_and_officer_writes_on_one_panellist_never_deadlock(
    scoring_round, officer_user, moderator, young_panellist
):
    member = Member.objects.get(panel__round=scoring_round, user=young_panellist)
    bids = [a.bid for a in member.assignments.select_related("bid__lot").order_by("bid_id")]
    assert len(bids) >= 2, "the panellist needs two bids"
    drafted = services.open_sheet(member, bids[0], by=young_panellist)
    cycled = services.open_sheet(member, bids[1], by=young_panellist)
    saves, submits, reopens = [], [], []

    def save_drafts():
        for n in range(ROUNDS):
            sheet = ScoreSheet.objects.get(pk=drafted.pk)
            entries = entries_for(sheet, score=n % 4, reason=f"Draft {n}")
            saves.append(
                services.save_draft(
                    sheet, by=young_panellist, entries=entries, version=sheet.version
                )
            )

    def save_and_submit():
        for n in range(ROUNDS):
            sheet = ScoreSheet.objects.get(pk=cycled.pk)
            if sheet.status != SheetStatus.DRAFT:
                continue  # waiting for the chair to reopen it
            try:
                sheet = services.save_draft(
                    sheet,
                    by=young_panellist,
                    entries=entries_for(sheet, reason=f"Cycle {n}"),
                    version=sheet.version,
                )
                submits.append(
                    services.submit(sheet, by=young_panellist, version=sheet.version).version
                )
            except (ValidationError, services.EditConflict):
                pass  # reopened or submitted between reading and writing: told, nothing lost

    def reopen():
        for n in range(ROUNDS):
            sheet = ScoreSheet.objects.get(pk=cycled.pk)
            with contextlib.suppress(ValidationError):  # not submitted at the moment
                reopens.append(services.reopen(sheet, by=moderator, reason=f"Look again ({n})"))

    def record_time():
        for _ in range(ROUNDS):
            panel_services.record_time(
                Member.objects.get(pk=member.pk), by=officer_user, kind="meeting", hours="1.5"
            )

    def add_expenses():
        for n in range(ROUNDS):
            panel_services.add_expense(
                Member.objects.get(pk=member.pk),
                by=officer_user,
                description=f"Bus fare {n}",
                amount="2.50",
            )

    errors = _run_together(save_drafts, save_and_submit, reopen, record_time, add_expenses)

    assert [repr(e) for e in errors] == []  # no deadlock, no other failure
    # Nothing lost: every write that said it succeeded is there, once, with its event.
    assert len(saves) == ROUNDS
    assert ScoreSheet.objects.get(pk=drafted.pk).version == drafted.version + ROUNDS
    assert {s.reason for s in ScoreSheet.objects.get(pk=drafted.pk).scores.all()} == {
        f"Draft {ROUNDS - 1}"
    }
    assert TimeEntry.objects.filter(member=member).count() == ROUNDS
    assert AuditEvent.objects.filter(action="recognition.time").count() == ROUNDS
    assert Expense.objects.filter(member=member).count() == ROUNDS
    assert sum(e.amount for e in Expense.objects.filter(member=member)) == Decimal("2.50") * ROUNDS
    assert AuditEvent.objects.filter(action="recognition.expense").count() == ROUNDS
    assert AuditEvent.objects.filter(action="sheet.submitted").count() == len(submits)
    assert AuditEvent.objects.filter(action="sheet.reopened").count() == len(reopens)
    assert len(submits) >= 1


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_accepting_and_cancelling_one_invitation_at_once_never_deadlock(round_, officer_user):
    """Accepting locked the invitation, then the round; cancelling locks the round, then the
    invitation. Both now take the round first: one wins, the other is told why."""
    panel = round_.panels.get()
    for n in range(ROUNDS):
        links = []
        invitation = panel_services.invite(
            panel,
            by=officer_user,
            email=f"race{n}@example.org",
            display_name="Nia New",
            role="young",
            accept_url=lambda token, links=links: links.append(token) or f"https://x/{token}/",
        )
        errors = _run_together(
            lambda token=links[0]: panel_services.accept_invitation(
                token, display_name="Nia", password="a-long-password-1"
            ),
            lambda invitation=invitation: panel_services.cancel_invitation(
                invitation, by=officer_user
            ),
        )
        assert len(errors) == 1, [repr(e) for e in errors]  # the loser, and only it
        assert isinstance(errors[0], ValidationError), repr(errors[0])
        invitation.refresh_from_db()
        joined = Member.objects.filter(panel=panel, user__email=f"race{n}@example.org").exists()
        assert (invitation.accepted_at is not None) == joined
        assert (invitation.cancelled_at is None) == joined


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_draft_saves_do_not_queue_behind_each_other_but_a_stage_move_waits_for_them(
    scoring_round, officer_user, young_panellist, professional
):
    """Deadline night: a save holds the round's row FOR SHARE, so another panellist's save goes
    ahead at once, while closing scoring (FOR UPDATE) waits until the save has committed."""
    from django.db import OperationalError, transaction

    from commissioning import services as round_services

    def first_sheet(user):
        member = Member.objects.get(panel__round=scoring_round, user=user)
        bid = member.assignments.select_related("bid__lot").order_by("bid_id").first().bid
        return services.open_sheet(member, bid, by=user)

    mine, theirs = first_sheet(young_panellist), first_sheet(professional)
    holding, release = threading.Event(), threading.Event()
    outcome = {}

    def hold_a_save_open():
        with transaction.atomic():
            sheet = ScoreSheet.objects.get(pk=mine.pk)
            services.save_draft(
                sheet, by=young_panellist, entries=entries_for(sheet), version=sheet.version
            )
            holding.set()
            release.wait(20)

    def save_meanwhile():
        holding.wait(20)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                sheet = ScoreSheet.objects.get(pk=theirs.pk)
                services.save_draft(
                    sheet, by=professional, entries=entries_for(sheet), version=sheet.version
                )
            outcome["save"] = "saved"
        except OperationalError:
            outcome["save"] = "waited"

    def move_meanwhile():
        holding.wait(20)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                round_services.move_stage(scoring_round, to=Stage.CONSENSUS, by=officer_user)
            outcome["move"] = "moved"
        except OperationalError:
            outcome["move"] = "waited"
        except ValidationError:
            outcome["move"] = "refused"  # a guard (sheets missing): it got the lock
        finally:
            release.set()

    errors = _run_together(hold_a_save_open, save_meanwhile, move_meanwhile)
    assert errors == []
    assert outcome == {"save": "saved", "move": "waited"}
