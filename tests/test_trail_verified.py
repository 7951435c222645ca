"""The trail page verifies only what changed since its last check (issue 18), and a full check runs
in the background from its button. What a between-checks view cannot see is pinned down too."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit import verified
from audit.models import AuditEvent, Chain
from commissioning import services
from tests.test_audit_trail import raw


def page(client, round_):
    response = client.get(reverse("audit:trail", args=[round_.pk]))
    assert response.status_code == 200
    return response


def chain_of(round_):
    return Chain.objects.get(key=f"round:{round_.pk}")


def test_each_view_checks_only_the_new_events(round_, auditor, officer_user, as_user):
    client = as_user(auditor)
    first = page(client, round_).context["verification"]
    total = AuditEvent.objects.for_round(round_).count()
    assert first.ok and first.new_events == total and first.events == total
    again = page(client, round_).context["verification"]
    assert again.ok and again.new_events == 0 and again.events == total
    services.update_lot(round_.lots.first(), by=officer_user, name="Renamed", reason="Clearer.")
    added = AuditEvent.objects.for_round(round_).count() - total
    later = page(client, round_).context["verification"]
    assert added and later.ok and later.new_events == added and later.events == total + added
    assert "Verified." in page(client, round_).content.decode()


def test_a_change_after_the_remembered_event_is_caught_at_once(
    round_, auditor, officer_user, as_user
):
    client = as_user(auditor)
    page(client, round_)
    services.update_lot(round_.lots.first(), by=officer_user, name="Renamed", reason="Clearer.")
    head = chain_of(round_).head_seq
    raw(
        "UPDATE audit_auditevent SET reason = 'edited' WHERE chain_id = %s AND seq = %s",
        [chain_of(round_).pk, head],
    )
    result = page(client, round_).context["verification"]
    assert not result.ok and any(f.seq == head for f in result.findings)


def test_a_changed_remembered_event_triggers_a_full_check(round_, auditor, as_user):
    client = as_user(auditor)
    page(client, round_)
    head = chain_of(round_).head_seq
    raw(
        "UPDATE audit_auditevent SET hash = %s WHERE chain_id = %s AND seq = %s",
        ["e" * 64, chain_of(round_).pk, head],
    )
    result = page(client, round_).context["verification"]
    assert not result.ok and result.new_events == head  # everything was checked again


def test_an_older_change_waits_for_the_full_check_which_finds_it(round_, auditor, as_user):
    """The limit of checking incrementally, and the button that closes it."""
    client = as_user(auditor)
    page(client, round_)
    raw(
        "UPDATE audit_auditevent SET reason = 'edited' WHERE chain_id = %s AND seq = 2",
        [chain_of(round_).pk],
    )
    between = page(client, round_).context["verification"]
    assert between.ok and between.full_at == ""
    response = client.post(reverse("audit:full_check", args=[round_.pk]))
    assert response.status_code == 302
    after = page(client, round_).context["verification"]
    assert not after.ok and after.full_at
    assert any(f.seq == 2 and "do not match its hash" in f.problem for f in after.findings)


def test_a_running_check_shows_its_progress_and_is_not_started_twice(round_, auditor, as_user):
    client = as_user(auditor)
    key = verified._full_key(f"round:{round_.pk}")
    cache.set(key, {"done": 5000, "total": 12000, "started": "now"}, 60)
    html = page(client, round_).content.decode()
    assert "5000 of 12000 events checked" in html
    assert "Check the whole trail again" not in html
    assert verified.start_full_check(round_) is False


@pytest.mark.django_db(transaction=True)
def test_the_full_check_runs_in_a_background_thread(settings, officer_user):
    from tests.factories import make_round

    settings.AUDIT_FULL_CHECK_IN_BACKGROUND = True
    round_ = make_round(officer_user, panel=False)
    assert verified.start_full_check(round_) is True
    key = verified._full_key(f"round:{round_.pk}")
    deadline = time.monotonic() + 30
    while cache.get(key) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.get(key) is None
    point = cache.get(verified._point_key(f"round:{round_.pk}"))
    assert point is not None and point.full_at and point.findings == []
