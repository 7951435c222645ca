"""Erasure that keeps the proof (issue 15, item 8): a person's details are erased once the law lets
them go, and the decision trail still verifies, with nothing of them left in the database."""

from datetime import date

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from audit.personal import ERASED_ACTION, seal
from bids import services as bid_services
from bids.models import Bid
from commissioning import services as round_services
from commissioning.models import Stage
from decisions import erasure, procurement
from panels.models import ConsentKind, Member
from panels.services import give_consent
from tests.factories import UserFactory, advance, make_bid, to_consensus, to_scoring
from tests.test_audit_trail import raw, verify

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Bea Bidderworth", "contact_email": "bea.bidderworth@example.org"}
AFTER_RETENTION = date(2029, 3, 14)  # the contract below is dated 13 March 2026


def everything_in_the_database() -> str:
    """Every value of every column of every table, as text, to look for what must be gone."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def first_bid(round_):
    return Bid.objects.filter(lot__round=round_).order_by("pk").first()


@pytest.fixture
def published(round_, officer_user, young_panellist, client):
    """The conftest round with a bid contact, a parent's consent for the young panellist and a
    failed log-in by them, taken to publication with its contract dated 13 March 2026."""
    bid_services.update_bid(first_bid(round_), by=officer_user, **CONTACT)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    give_consent(
        member,
        by=officer_user,
        kind=ConsentKind.PARENT,
        given_by_name="Gwen Guardianson",
        relationship="Mother",
    )
    client.post(reverse("login"), {"username": young_panellist.email, "password": "wrong"})
    round_ = advance(to_consensus(round_, officer_user), Stage.DECIDED, officer_user)
    procurement.record_dates(
        round_,
        by=officer_user,
        summaries_sent_on=date(2026, 3, 2),
        award_notice_on=date(2026, 3, 3),
        contract_on=date(2026, 3, 13),
    )
    return advance(round_, Stage.PUBLISHED, officer_user)


def test_the_trail_holds_a_bid_contact_only_as_salted_digests(round_, officer_user):
    bid = make_bid(round_.lots.first(), officer_user, **CONTACT)
    recorded = AuditEvent.objects.get(object_type="bids.bid", object_id=str(bid.pk)).after
    assert recorded["contact_email"] == seal(
        bid.contact_salt, "contact_email", CONTACT["contact_email"]
    )
    assert recorded["contact_name"]["sealed"] != seal("00" * 32, "contact_name", "Bea Bidderworth")
    stored = "".join(str(v) for v in AuditEvent.objects.values_list("before", "after"))
    assert "Bea Bidderworth" not in stored and "bea.bidderworth" not in stored
    assert (
        bid.contact_salt
        and bid.contact_salt != make_bid(round_.lots.first(), officer_user).contact_salt
    )
    assert verify()[0]


def test_a_contact_changed_behind_the_apps_back_is_still_named(round_, officer_user):
    bid = make_bid(round_.lots.first(), officer_user, **CONTACT)
    raw("UPDATE bids_bid SET contact_email = 'someone.else@example.org' WHERE id = %s", [bid.pk])
    ok, output = verify()
    assert not ok and f"Bid {bid.pk}" in output and "contact_email" in output


def test_a_salt_removed_behind_the_apps_back_is_named_not_taken_for_an_erasure(
    round_, officer_user
):
    bid = make_bid(round_.lots.first(), officer_user, **CONTACT)
    raw(
        "UPDATE bids_bid SET contact_salt = '', contact_email = 'x@example.org' WHERE id = %s",
        [bid.pk],
    )
    ok, output = verify()
    assert not ok
    assert f"The contact of bid {bid.pk}" in output and "records no erasure" in output


def test_erasure_is_refused_while_the_round_keeps_its_records(
    published, young_panellist, officer_user
):
    with pytest.raises(CommandError, match="must be kept until 13 March 2029"):
        call_command("erase_person", "--user", young_panellist.email, "--reason", "Asked to be")
    bid = first_bid(published)
    with pytest.raises(CommandError, match="must be kept until 13 March 2029"):
        call_command("erase_person", "--bid-contact", str(bid.pk), "--reason", "Asked to be")
    assert User.objects.get(pk=young_panellist.pk).display_name == "Yusuf Young"
    assert Bid.objects.get(pk=bid.pk).contact_name == CONTACT["contact_name"]
    assert not AuditEvent.objects.filter(action=ERASED_ACTION).exists()


def test_erasure_is_refused_while_a_round_is_running(round_, young_panellist, officer_user):
    with pytest.raises(ValidationError, match="still running"):
        erasure.erase_user(young_panellist, by=officer_user, reason="Asked", today=AFTER_RETENTION)
    with pytest.raises(ValidationError, match="still running"):
        erasure.erase_bid_contact(
            first_bid(round_), by=officer_user, reason="Asked", today=AFTER_RETENTION
        )


def test_an_erasure_needs_a_reason(db):
    with pytest.raises(CommandError, match="Say why"):
        call_command("erase_person", "--user", str(UserFactory().pk), "--reason", " ")


def test_after_retention_nothing_of_the_person_is_left_and_the_trail_still_verifies(
    published, young_panellist, officer_user
):
    bid = first_bid(published)
    old_salt = bid.contact_salt
    received = AuditEvent.objects.get(action="bid.updated", object_id=str(bid.pk))
    assert received.after["contact_email"] == seal(
        old_salt, "contact_email", CONTACT["contact_email"]
    )
    gone = [
        "Yusuf Young",
        young_panellist.email,
        "Gwen Guardianson",
        CONTACT["contact_name"],
        CONTACT["contact_email"],
        old_salt,
    ]
    before = everything_in_the_database()
    assert all(value in before for value in gone)  # the scan can see them
    assert AccessAttempt.objects.filter(username=young_panellist.email).exists()

    erasure.erase_user(
        young_panellist, by=officer_user, reason="Asked to be forgotten", today=AFTER_RETENTION
    )
    erasure.erase_bid_contact(
        bid, by=officer_user, reason="The contact asked", today=AFTER_RETENTION
    )

    after = everything_in_the_database()
    assert [value for value in gone if value in after] == []
    ok, output = verify()
    assert ok, output
    person = User.objects.get(pk=young_panellist.pk)
    assert person.display_name == "Erased person" and not person.is_active
    assert not person.has_usable_password() and person.erased_at
    # The old digest is still in the trail, its chain intact, but nothing can reproduce it.
    received = AuditEvent.objects.get(pk=received.pk)
    assert received.after["contact_email"]["sealed"]
    assert Bid.objects.get(pk=bid.pk).contact_salt == ""
    # Recorded, with the reason, naming the person only by pseudonym.
    erased = AuditEvent.objects.filter(action=ERASED_ACTION).order_by("pk")
    assert {(e.chain.key, e.object_id) for e in erased} == {
        ("global", young_panellist.actor_ref),
        (f"round:{published.pk}", young_panellist.actor_ref),
        (f"round:{published.pk}", f"bidcontact:{bid.pk}"),
    }
    assert {e.reason for e in erased} == {"Asked to be forgotten", "The contact asked"}
    assert {e.actor for e in erased} == {officer_user.actor_ref}
    with pytest.raises(ValidationError, match="already been erased"):
        erasure.erase_user(person, by=officer_user, reason="Again", today=AFTER_RETENTION)


def test_someone_in_no_round_can_be_erased_at_once(round_, officer_user):
    nobody = UserFactory(email="nina.nobody@example.org", display_name="Nina Nobody")
    call_command("erase_person", "--user", str(nobody.pk), "--reason", "Left the council")
    assert "Nina Nobody" not in everything_in_the_database()
    assert "nina.nobody@example.org" not in everything_in_the_database()
    event = AuditEvent.objects.get(action=ERASED_ACTION)
    assert event.chain.key == "global" and event.actor == "system"
    assert verify()[0]


def test_problems_passed_over_name_people_by_pseudonym(round_, officer_user, young_panellist):
    round_ = to_scoring(round_, officer_user)
    round_services.move_stage(
        round_, to=Stage.CONSENSUS, by=officer_user, reason="Scoring closed at the deadline."
    )
    problems = AuditEvent.objects.get(action="round.guard_passed_over").after["problems"]
    assert any(p.startswith(young_panellist.actor_ref) for p in problems)
    assert not any("Yusuf Young" in p for p in problems)
