"""Any input to the consensus forms (the chair's record, the meeting, a member's confirmation)
gives a clear message or a success, never a server error: property-based, through HTTP."""

import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panels.models import Member, Role
from scoring import consensus_policy as policy
from tests.factories import to_consensus

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Text as an attacker types it: huge numbers, control characters, very long strings.
NASTY = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["1e400000000", "-1", "99999999999999999999", "0x10", "NaN", "", " "]),
    st.just("é" * 6000),  # longer than any field allows
).map(lambda s: s.replace("\x00", ""))


@pytest.fixture
def meeting_round(round_, officer_user):
    return to_consensus(round_, officer_user)


@PROPERTY
@given(
    score=NASTY,
    rationale=NASTY,
    reached=NASTY,
    present=st.lists(NASTY, max_size=3),
    version=NASTY,
)
def test_the_record_form_never_errs(
    meeting_round, moderator, client, score, rationale, reached, present, version
):
    chair = Member.objects.get(panel__round=meeting_round, role=Role.MODERATOR)
    item = policy.items(meeting_round.lots.first())[0]
    prefix = f"c{item.criterion.pk}-"
    client.force_login(moderator)
    url = reverse("scoring:consensus_record", args=[chair.pk, item.bid.pk, item.criterion.pk])
    response = client.post(
        url,
        {
            f"{prefix}score": score,
            f"{prefix}rationale": rationale,
            f"{prefix}reached": reached,
            f"{prefix}present": present,
            f"{prefix}version": version,
        },
    )
    assert response.status_code in (302, 400, 409)


@PROPERTY
@given(on=NASTY, at=NASTY, place=NASTY, video_link=NASTY)
def test_the_meeting_form_never_errs(
    meeting_round, officer_user, client, on, at, place, video_link
):
    lot = meeting_round.lots.first()
    client.force_login(officer_user)
    url = reverse("scoring:meeting_plan", args=[meeting_round.pk, lot.pk])
    response = client.post(url, {"on": on, "at": at, "place": place, "video_link": video_link})
    assert response.status_code in (200, 302, 400)


@PROPERTY
@given(agrees=NASTY, dissent=NASTY)
def test_the_confirm_form_never_errs(meeting_round, young_panellist, client, agrees, dissent):
    member = Member.objects.get(user=young_panellist)
    lot = meeting_round.lots.first()
    client.force_login(young_panellist)
    url = reverse("scoring:confirm", args=[member.pk, lot.pk])
    response = client.post(url, {"agrees": agrees, "dissent": dissent})
    assert response.status_code in (200, 302, 400, 409)
