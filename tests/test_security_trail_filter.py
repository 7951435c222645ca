"""The trail's "Who" filter: each person once, in a fixed order, at a fixed cost (issue 16)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from commissioning import access, services
from tests.factories import UserFactory, officer

# The trail page's queries, pinned (the same on SQLite and PostgreSQL): they must not grow with the
# number of events or of people, and a change to them should be a deliberate one.
# With new events since the last view (so the replay runs): 38 before the replay covered panels,
# training, grants and groups, 61 before it covered documents, clarifications, reading help and
# reminders. A view with nothing new reuses the remembered check and makes far fewer.
# 69 since the filter's options (and the page's count) come from one GROUP BY remembered per trail
# head, instead of a DISTINCT per filter, another for the names and a COUNT, each over every event.
TRAIL_QUERIES = 69


def _rename(round_, by, times):
    for n in range(times):
        services.update_lot(round_.lots.first(), by=by, name=f"Lot {n}", reason="Renamed.")


def _who_choices(response):
    return [
        (ref, name) for ref, name in response.context["filter"].filters["actor"].extra["choices"]
    ]


def test_each_person_is_listed_once(round_, auditor, officer_user, as_user):
    _rename(round_, officer_user, 6)
    response = as_user(auditor).get(f"/rounds/{round_.pk}/trail/")
    refs = [ref for ref, _ in _who_choices(response)]
    assert len(refs) == len(set(refs)), refs
    assert set(refs) == set(
        AuditEvent.objects.for_round(round_).values_list("actor", flat=True).distinct().order_by()
    )
    html = response.content.decode()
    assert html.count(f'<option value="user:{officer_user.pseudonym}"') == 1


def test_people_come_in_a_fixed_order_by_name_then_reference(
    round_, auditor, officer_user, as_user
):
    # Two different people with the same name stay two options, always in the same order.
    twins = [officer(display_name="Sam Same"), officer(display_name="Sam Same")]
    for twin in twins:
        services.grant_access(round_, twin, access.MANAGE, by=officer_user)
        services.update_lot(round_.lots.first(), by=twin, name=f"By {twin.pk}", reason="Renamed.")
    client = as_user(auditor)
    first = _who_choices(client.get(f"/rounds/{round_.pk}/trail/"))
    again = _who_choices(client.get(f"/rounds/{round_.pk}/trail/?action=lot.updated"))
    assert first == again
    assert first == sorted(first, key=lambda c: (c[1].casefold(), c[0]))
    same = [ref for ref, name in first if name == "Sam Same"]
    assert same == sorted(f"user:{t.pseudonym}" for t in twins)


def test_trail_page_query_count_is_pinned(round_, auditor, officer_user, as_user):
    client = as_user(auditor)
    url = f"/rounds/{round_.pk}/trail/"
    client.get(url)  # warm caches (content types, permissions)
    counts = []
    for _ in range(2):
        _rename(round_, officer_user, 5)
        UserFactory()  # people outside the round change nothing
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts == [TRAIL_QUERIES, TRAIL_QUERIES], counts
