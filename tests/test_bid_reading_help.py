"""Reading help and clarifications: officer-written aids and bidder answers, all in the trail."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from commissioning.models import Stage
from tests.factories import advance


@pytest.fixture
def bid(round_):
    return round_.lots.first().bids.first()


def test_officer_adds_an_easy_read_version_shown_as_help(
    round_, bid, officer_user, auditor, as_user
):
    url = reverse("bids:help", args=[round_.pk, bid.pk])
    response = as_user(officer_user).post(
        url, {"kind": "easy_read", "text": "They will run a club."}
    )
    assert response.status_code == 302
    page = as_user(auditor).get(bid.get_absolute_url()).content.decode()
    assert "Help to read this bid" in page and "It is not part of the bid." in page
    assert "They will run a club." in page
    event = AuditEvent.objects.for_round(round_).get(action="bid.reading_help_added")
    assert event.after["kind"] == "easy_read"


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"kind": "video", "video_url": ""}, "video_url", "Give the link to the video."),
        ({"kind": "video", "video_url": "http://insecure.example.org/v"}, "video_url", "https://"),
        ({"kind": "video", "video_url": "not a link"}, "video_url", "Enter a web address"),
        ({"kind": "summary", "text": "  "}, "text", "Write the summary"),
    ],
)
def test_bad_reading_help_is_explained(round_, bid, officer_user, as_user, data, field, message):
    response = as_user(officer_user).post(reverse("bids:help", args=[round_.pk, bid.pk]), data)
    assert message in " ".join(response.context["form"].errors[field])
    assert not bid.reading_help.exists()


def test_clarification_question_and_answer_are_recorded(
    round_, bid, officer_user, auditor, as_user
):
    clarification = bid.clarifications.get()
    url = reverse("bids:clarification_answer", args=[round_.pk, bid.pk, clarification.pk])
    response = as_user(officer_user).post(url, {"answer": ""})
    assert "This field is required" in " ".join(response.context["form"].errors["answer"])
    as_user(officer_user).post(url, {"answer": "Three sessions a week."})
    clarification.refresh_from_db()
    assert clarification.answer == "Three sessions a week." and clarification.answered_at
    page = as_user(auditor).get(bid.get_absolute_url()).content.decode()
    assert "How many sessions a week?" in page and "Three sessions a week." in page
    actions = list(
        AuditEvent.objects.for_round(round_)
        .filter(action__startswith="bid.clarification")
        .values_list("action", flat=True)
    )
    assert actions == ["bid.clarification_asked", "bid.clarification_answered"]


def test_clarifications_continue_during_scoring_but_close_once_decided(
    round_, bid, officer_user, as_user
):
    advance(round_, Stage.SCORING, officer_user)
    url = reverse("bids:clarification", args=[round_.pk, bid.pk])
    assert as_user(officer_user).post(url, {"question": "When do you open?"}).status_code == 302
    advance(round_, Stage.DECIDED, officer_user)  # the panel agrees, the officer decides
    response = as_user(officer_user).post(url, {"question": "Too late?"})
    assert "Clarifications are closed" in response.content.decode()
    assert not bid.clarifications.filter(question="Too late?").exists()


def test_help_written_into_a_bid_is_shown_as_text_not_html(
    round_, bid, officer_user, auditor, as_user
):
    as_user(officer_user).post(
        reverse("bids:help", args=[round_.pk, bid.pk]),
        {"kind": "summary", "text": "<script>alert(1)</script>"},
    )
    page = as_user(auditor).get(bid.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
