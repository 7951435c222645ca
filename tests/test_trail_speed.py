"""The trail page at a cost that does not grow with the round (issue 18): its filter's options and
its count come from one query remembered per trail head, and a new event makes them count again.
The JSON lines export writes each line once, in large chunks, byte for byte as it always has."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import checkpoints, exports
from audit.actions import describe
from audit.canonical import encode
from audit.exports import payload_of
from audit.models import AuditEvent
from commissioning import access, services
from tests.factories import officer


def _page(client, round_, query=""):
    response = client.get(reverse("audit:trail", args=[round_.pk]) + query)
    assert response.status_code == 200
    return response


def _choices(response, name):
    return list(response.context["filter"].filters[name].extra["choices"])


def _options_queries(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "GROUP BY" in q["sql"] and '"audit_auditevent"."object_type"' in q["sql"]
    ]


def test_the_options_are_each_distinct_value_in_the_order_the_filter_always_gave(
    round_, auditor, officer_user, as_user
):
    services.update_lot(round_.lots.first(), by=officer_user, name="Renamed", reason="Clearer.")
    response = _page(as_user(auditor), round_)
    events = AuditEvent.objects.for_round(round_).order_by()
    actions = events.order_by("action").values_list("action", flat=True).distinct()
    assert _choices(response, "action") == sorted(
        ((a, describe(a)) for a in actions), key=lambda c: (c[1].casefold(), c[0])
    )
    types = events.order_by("object_type").values_list("object_type", flat=True).distinct()
    assert _choices(response, "object_type") == [(t, t.split(".")[-1]) for t in types]
    who = [ref for ref, _name in _choices(response, "actor")]
    assert sorted(who) == sorted(set(events.values_list("actor", flat=True)))
    assert (f"user:{officer_user.pseudonym}", officer_user.display_name) in _choices(
        response, "actor"
    )


def test_a_new_event_by_a_new_person_shows_in_the_options_at_once(
    round_, auditor, officer_user, as_user
):
    client = as_user(auditor)
    _page(client, round_)
    with CaptureQueriesContext(connection) as ctx:
        before = _page(client, round_)
    assert _options_queries(ctx) == []  # nothing new: the remembered options
    newcomer = officer(display_name="Nadia Newcomer")
    services.grant_access(round_, newcomer, access.MANAGE, by=officer_user)
    services.update_lot(round_.lots.first(), by=newcomer, name="Her name", reason="Hers.")
    ref = f"user:{newcomer.pseudonym}"
    assert ref not in dict(_choices(before, "actor"))
    with CaptureQueriesContext(connection) as ctx:
        after = _page(client, round_)
    assert len(_options_queries(ctx)) == 1
    assert dict(_choices(after, "actor"))[ref] == "Nadia Newcomer"
    assert "lot.updated" in dict(_choices(after, "action"))
    assert f'<option value="{ref}"' in after.content.decode()


def test_the_page_count_is_the_trail_or_the_filtered_rows(round_, auditor, officer_user, as_user):
    client = as_user(auditor)
    for n in range(30):
        services.update_lot(round_.lots.first(), by=officer_user, name=f"Lot {n}", reason="R.")
    events = AuditEvent.objects.for_round(round_)
    whole = _page(client, round_).context["table"].paginator
    assert whole.count == events.count() > 50 and whole.num_pages == -(-events.count() // 50)
    services.update_lot(round_.lots.first(), by=officer_user, name="One more", reason="R.")
    assert _page(client, round_, "?page=2").context["table"].paginator.count == events.count()
    filtered = _page(client, round_, "?action=lot.updated").context["table"].paginator
    assert filtered.count == events.filter(action="lot.updated").count() < events.count()


def _old_line(event):
    """The export's line as it was first written: encode, read back, add the hash, dump again."""
    line = json.loads(encode(payload_of(event)))
    line["hash"] = event.hash
    return json.dumps(line, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_the_export_is_byte_for_byte_the_old_formula_with_non_ascii_text(
    round_, auditor, officer_user, as_user
):
    lot = round_.lots.first()
    services.update_lot(lot, by=officer_user, name="Café Zoë — 日本語 ✓", reason="Naïve “quotes”.")
    services.update_lot(lot, by=officer_user, name='Tab\tand "quote" \\ 😀', reason="Ünïcödé\n2")
    response = as_user(auditor).post(reverse("audit:export_jsonl", args=[round_.pk]))
    assert response.status_code == 200
    chunks = list(response.streaming_content)
    body = b"".join(chunks)
    events = list(AuditEvent.objects.for_round(round_).select_related("chain").order_by("seq"))
    expected = "".join(_old_line(e) for e in events).encode("utf-8")
    assert body[: len(expected)] == expected
    assert "Café Zoë — 日本語 ✓".encode() in body and "😀".encode() in body
    rest = body[len(expected) :].decode().splitlines()
    assert all(json.loads(line).keys() == {"checkpoint"} for line in rest) and len(rest) <= 1
    assert len(chunks) < len(events)  # not one write per event


def test_chunks_hold_whole_lines_and_join_to_the_lines(round_, officer_user, monkeypatch):
    # The closing signed head carries the time it was signed; pin it so both exports match even
    # when the clock ticks over a second between them (it did, once, in CI).
    monkeypatch.setattr(checkpoints, "_now", lambda: "2026-12-02T04:02:15+00:00")
    for n in range(5):
        services.update_lot(round_.lots.first(), by=officer_user, name=f"Lot {n}", reason="R.")
    lines = list(exports.jsonl_lines(round_))
    chunks = list(exports.jsonl_chunks(round_, size=2000))
    assert "".join(chunks) == "".join(lines)
    assert 1 < len(chunks) < len(lines) and all(c.endswith("\n") for c in chunks)
