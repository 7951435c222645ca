"""The officer's consensus pages: the overview, arranging a meeting, and naming a deputy chair."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member, Role
from scoring import consensus_policy as policy
from scoring import meeting
from scoring.models import Deputy, Meeting
from tests.factories import UserFactory, join, to_consensus
from tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

MEETING = {
    "on": (date.today() + timedelta(days=30)).isoformat(),
    "at": "16:30",
    "place": "Room 2, the Youth Hub, 4 High Street",
    "video_link": "https://meet.example.org/panel",
    "bring": "Your notes",
    "support_arranged": "Taxis home after 6pm",
}


@pytest.fixture
def in_consensus(round_, officer_user):
    return to_consensus(round_, officer_user)


def test_the_overview_shows_progress_agreement_and_leniency_to_the_officer_only(
    in_consensus, officer_user, auditor, as_user
):
    url = reverse("scoring:consensus_overview", args=[in_consensus.pk])
    page = as_user(officer_user).get(url).content.decode()
    lot = in_consensus.lots.first()
    items = len(policy.items(lot))  # one bid x the panel-scored questions
    assert items == 5 and page.count(f"0 of {items} questions on bids") == 2
    assert "Krippendorff's alpha (interval)" in page
    assert "a diagnostic" in page
    page = as_user(auditor).get(url).content.decode()
    assert "Krippendorff's alpha (interval)" in page
    assert "a diagnostic" not in page
    assert "Arrange the meeting" not in page


def test_the_officer_arranges_a_meeting_and_members_are_told(
    in_consensus, officer_user, as_user, django_capture_on_commit_callbacks
):
    lot = in_consensus.lots.first()
    url = reverse("scoring:meeting_plan", args=[in_consensus.pk, lot.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(officer_user).post(url, MEETING)
    assert response.status_code == 302
    saved = Meeting.objects.get(lot=lot)
    assert saved.place.startswith("Room 2") and saved.video_link.endswith("/panel")
    assert AuditEvent.objects.filter(action="meeting.set").count() == 1
    members = Member.objects.for_round(in_consensus).active().count()
    assert len(mail.outbox) == members
    assert "Taxis home after 6pm" in mail.outbox[0].body


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("on", "", "Enter the date of the meeting"),
        ("at", "half four", "Enter a time like"),
        ("video_link", "http://meet.example.org/x", "https://"),
        ("on", (date.today() - timedelta(days=1)).isoformat(), "have passed"),
    ],
)
def test_bad_meeting_input_is_shown_next_to_the_field_and_keeps_what_was_typed(
    in_consensus, officer_user, as_user, field, value, message
):
    lot = in_consensus.lots.first()
    url = reverse("scoring:meeting_plan", args=[in_consensus.pk, lot.pk])
    response = as_user(officer_user).post(url, {**MEETING, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Room 2, the Youth Hub" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_place_or_a_link_is_needed(in_consensus, officer_user, as_user):
    lot = in_consensus.lots.first()
    url = reverse("scoring:meeting_plan", args=[in_consensus.pk, lot.pk])
    response = as_user(officer_user).post(url, {**MEETING, "place": "", "video_link": ""})
    assert response.status_code == 400
    assert "Give a place, a video link, or both" in response.content.decode()


def test_the_planning_page_shows_support_needs_and_apologies(
    in_consensus, officer_user, young_panellist, as_user
):
    young = Member.objects.get(user=young_panellist)
    panel_services.update_profile(
        young, by=young_panellist, support_needs=["travel"], support_other="A quiet room"
    )
    lot = in_consensus.lots.first()
    meeting.set_attendance(young, lot, by=young_panellist, can_attend=False, note="Exam week")
    page = as_user(officer_user).get(
        reverse("scoring:meeting_plan", args=[in_consensus.pk, lot.pk])
    )
    text = page.content.decode()
    assert "Help with travel" in text and "A quiet room" in text and "Exam week" in text


def test_a_conflicted_chair_needs_a_deputy_named_with_a_reason(
    in_consensus, officer_user, moderator, professional, as_user
):
    chair = Member.objects.get(user=moderator)
    bid = in_consensus.lots.first().bids.first()
    panel_services.declare(
        chair,
        bid,
        by=moderator,
        answers={**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"},
    )
    overview = as_user(officer_user).get(
        reverse("scoring:consensus_overview", args=[in_consensus.pk])
    )
    assert "no deputy yet" in overview.content.decode()
    url = reverse("scoring:deputy", args=[in_consensus.pk, bid.pk])
    pro = Member.objects.get(user=professional)
    response = as_user(officer_user).post(url, {"member": pro.pk, "reason": ""})
    assert response.status_code == 400
    assert "Say why this member chairs the bid" in response.content.decode()
    response = as_user(officer_user).post(url, {"member": chair.pk, "reason": "x"})
    assert response.status_code == 400  # the conflicted chair is not a choice
    response = as_user(officer_user).post(
        url, {"member": pro.pk, "reason": "The chair's sister works there."}
    )
    assert response.status_code == 302
    assert Deputy.objects.get(bid=bid).member == pro


def test_the_overview_runs_a_fixed_number_of_queries(in_consensus, officer_user, client):
    url = reverse("scoring:consensus_overview", args=[in_consensus.pk])
    client.force_login(officer_user)
    panel = in_consensus.panels.get()
    made = []

    def add_member():
        user = UserFactory()
        member = join(panel, user, Role.PROFESSIONAL, officer_user)
        made.append(member)

    assert_queries_do_not_grow(client, url, add_member)


def test_a_deputy_finds_the_bid_they_chair_on_their_meeting_page(
    in_consensus, officer_user, moderator, professional, as_user
):
    chair = Member.objects.get(user=moderator)
    bid = in_consensus.lots.first().bids.first()
    panel_services.declare(
        chair,
        bid,
        by=moderator,
        answers={**dict.fromkeys(CONFLICT_QUESTIONS, "no"), "family_works": "yes"},
    )
    pro = Member.objects.get(user=professional)
    meeting.name_deputy(bid, pro, by=officer_user, reason="The chair's sister works there.")
    page = as_user(professional).get(reverse("scoring:meeting", args=[pro.pk])).content.decode()
    link = reverse("scoring:consensus_bid", args=[pro.pk, bid.pk])
    assert "You chair part of the meeting" in page and link in page
    assert as_user(professional).get(link).status_code == 200
