"""The chair's consensus pages through HTTP: the lots, the agenda (far-apart scores first, missing
sheets named), one bid with names beside scores, recording an agreed score (errors beside their
fields, two devices never losing anything), ticks, the shared screen, confirming for a member, and
the meeting's arrangements; who is refused, and query counts that do not grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from bids import services as bid_services
from commissioning.models import Criterion, CriterionKind, Stage
from panels import services as panel_services
from panels.models import CONFLICT_QUESTIONS, Member, Role
from scoring import agenda as agendas
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from scoring import services as scoring_services
from scoring.models import AgendaItem, Confirmation, ConsensusRecord, Meeting, ScoreSheet
from tests.factories import UserFactory, join, make_bid, make_panel, make_round, to_consensus
from tests.helpers import assert_queries_do_not_grow, count_queries

pytestmark = pytest.mark.django_db

RATIONALE = "The bid sets out three youth-led sessions a week with a named lead worker."


def _chair(round_):
    return Member.objects.get(panel__round=round_, role=Role.MODERATOR)


def _member(round_, user):
    return Member.objects.get(panel__round=round_, user=user)


def _lot(round_):
    return round_.lots.order_by("number").first()


def _criteria(lot):
    return policy.panel_criteria(lot)


def _url(name, *args):
    return reverse(f"scoring:{name}", args=args)


@pytest.fixture
def split(round_, officer_user, young_panellist):
    """Lot 1 has two bids. On the second, the young panellist gives 1 and the professional 5 on
    every question (far apart); elsewhere everyone gives 3."""
    lot = _lot(round_)
    second = make_bid(lot, officer_user, organisation="Second Org", title="Sports nights")

    def score_for(member, bid):
        if bid.pk == second.pk:
            return 1 if member.user_id == young_panellist.pk else 5
        return 3

    return to_consensus(round_, officer_user, score_for=score_for), second


@pytest.fixture
def meeting_open(round_, officer_user):
    return to_consensus(round_, officer_user)


def _post_record(client, chair, bid, criterion, **fields):
    prefix = f"c{criterion.pk}"
    data = {
        "score": "3",
        "rationale": RATIONALE,
        "key_points": "Named lead.\nWeekly sessions.",
        "reached": "unanimous",
        "present": [str(m.pk) for m in policy.lot_members(bid.lot)],
        "version": "0",
        **fields,
    }
    posted = {f"{prefix}-{k}": v for k, v in data.items() if v is not None}
    return client.post(_url("consensus_record", chair.pk, bid.pk, criterion.pk), posted)


# The lots and the agenda ---------------------------------------------------------------------------


def test_the_lots_page_shows_progress_and_the_meeting(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    meeting.set_meeting(
        lot,
        by=moderator,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Room 4, Town Hall",
    )
    response = as_user(moderator).get(_url("consensus_lots", chair.pk))
    assert response.status_code == 200
    text = response.content.decode()
    items = len(policy.items(lot))
    assert f"0 of {items} items" in text
    assert "Room 4, Town Hall" in text
    assert _url("consensus_agenda", chair.pk, lot.pk) in text


def test_the_agenda_puts_far_apart_scores_first_and_names_missing_sheets(
    split, moderator, professional, as_user
):
    round_, second = split
    lot = _lot(round_)
    first = lot.bids.order_by("number").first()
    criteria = _criteria(lot)
    chair = _chair(round_)
    # The chair reopens the professional's sheet for the first bid: it is missing, never zero.
    sheet = ScoreSheet.objects.get(assignment__bid=first, assignment__member__user=professional)
    scoring_services.reopen(sheet, by=moderator, reason="Please say more about the staffing.")

    agenda = agendas.lot_agenda(chair, lot)
    assert [(r.bid.pk, r.criterion.pk) for r in agenda.rows] == [
        (second.pk, c.pk) for c in criteria
    ] + [(first.pk, c.pk) for c in criteria]
    assert agenda.rows[0].flags == [agendas.FAR_APART]

    response = as_user(moderator).get(_url("consensus_agenda", chair.pk, lot.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Sports nights") < text.index(first.title)
    assert "Scores far apart" in text
    assert "never counted as zeros" in text
    assert f"{professional.display_name}: " in text
    assert text.count("Not agreed yet") == len(criteria) * 2


def test_a_long_agenda_comes_a_page_at_a_time_flagged_items_first(
    split, moderator, as_user, monkeypatch
):
    from scoring import consensus_chair_views

    round_, second = split
    lot = _lot(round_)
    first = lot.bids.order_by("number").first()
    criteria = _criteria(lot)
    chair = _chair(round_)
    per_page = len(criteria)  # the far-apart bid's items fill page 1 exactly
    monkeypatch.setattr(consensus_chair_views, "AGENDA_PAGE", per_page)
    url = _url("consensus_agenda", chair.pk, lot.pk)
    client = as_user(moderator)

    page_one = client.get(url).content.decode()
    table = page_one[page_one.index("<tbody>") : page_one.index("</tbody>")]
    assert table.count('<th scope="row">') == per_page
    assert "Sports nights" in table and first.title not in table
    assert f"Items 1 to {per_page} of {per_page * 2}" in page_one
    assert "?page=2" in page_one and 'rel="prev"' not in page_one

    page_two = client.get(url, {"page": "2"}).content.decode()
    table = page_two[page_two.index("<tbody>") : page_two.index("</tbody>")]
    assert table.count('<th scope="row">') == per_page
    assert first.title in table and "Sports nights" not in table
    assert "?page=1" in page_two and 'rel="next"' not in page_two
    # The counts above the table are the whole lot's, whatever the page.
    assert f"0 of {per_page * 2} items agreed" in page_two
    # A page past the end, or not a number, shows the nearest page rather than an error.
    assert client.get(url, {"page": "99"}).status_code == 200
    assert "Sports nights" in client.get(url, {"page": "x"}).content.decode()


def test_ordering_is_stable_by_bid_then_criterion_within_each_group():
    class C:
        def __init__(self, pk, order):
            self.pk, self.order = pk, order

    class B:
        def __init__(self, number):
            self.number = number

    class R:
        def __init__(self, bid, criterion, flagged):
            self.bid, self.criterion, self.flagged = bid, criterion, flagged

    b1, b2, b3 = B(1), B(2), B(3)
    c1, c2 = C(10, 1), C(5, 2)
    rows = [R(b3, c2, False), R(b2, c2, True), R(b1, c1, False), R(b3, c1, True), R(b2, c1, False)]
    got = [(r.bid.number, r.criterion.pk) for r in agendas.ordered(rows)]
    assert got == [(2, 5), (3, 10), (1, 10), (2, 10), (3, 5)]


def test_the_agenda_before_consensus_shows_nothing_of_the_scores(round_, moderator, as_user):
    chair = _chair(round_)
    response = as_user(moderator).get(_url("consensus_agenda", chair.pk, _lot(round_).pk))
    assert response.status_code == 200
    assert "The meeting is not open" in response.content.decode()


# One bid -------------------------------------------------------------------------------------------


def test_the_bid_page_shows_names_reasons_figures_and_the_form(
    split, moderator, young_panellist, professional, as_user
):
    round_, second = split
    chair = _chair(round_)
    client = as_user(moderator)
    response = client.get(_url("consensus_bid", chair.pk, second.pk))
    assert response.status_code == 200
    text = response.content.decode()
    criteria = _criteria(second.lot)
    assert young_panellist.display_name in text and professional.display_name in text
    assert "three sessions a week" in text  # their reasons
    assert text.count("<svg") == len(criteria)
    assert text.count('name="c') > 0
    assert text.count("Save the agreed score") == len(criteria)
    assert "Show this on everyone" in text

    one = criteria[1]
    response = client.get(_url("consensus_bid", chair.pk, second.pk) + f"?criterion={one.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("Save the agreed score") == 1
    assert f'name="c{one.pk}-score"' in text
    other = Criterion.objects.exclude(kind=CriterionKind.SCORED).first()
    if other is not None:
        response = client.get(_url("consensus_bid", chair.pk, second.pk) + f"?criterion={other.pk}")
        assert response.status_code == 404


def test_present_is_ticked_by_default_except_who_cannot_come(
    meeting_open, moderator, young_panellist, as_user
):
    lot = _lot(meeting_open)
    young = _member(meeting_open, young_panellist)
    meeting.set_attendance(young, lot, by=young_panellist, can_attend=False, note="Exams")
    chair = _chair(meeting_open)
    bid = lot.bids.first()
    criterion = _criteria(lot)[0]
    response = as_user(moderator).get(_url("consensus_record", chair.pk, bid.pk, criterion.pk))
    form = response.context["form"]
    assert str(young.pk) not in form.initial["present"]
    assert str(chair.pk) in form.initial["present"]


# Recording -----------------------------------------------------------------------------------------


def test_recording_an_agreed_score_through_the_form(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    client = as_user(moderator)
    response = _post_record(client, chair, bid, criterion, score="4")
    assert response.status_code == 302
    assert response["Location"].startswith(_url("consensus_bid", chair.pk, bid.pk))
    record = ConsensusRecord.objects.get(bid=bid, criterion=criterion)
    assert (record.score, record.version, record.rationale) == (4, 1, RATIONALE)
    assert record.present.count() == policy.lot_members(lot).count()
    page = client.get(response["Location"])
    assert "is saved: 4" in page.content.decode()


def test_errors_show_next_to_their_fields_and_keep_the_typing(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    response = _post_record(
        as_user(moderator),
        chair,
        bid,
        criterion,
        score=None,
        rationale="Too short",
        key_points="Kept points",
    )
    assert response.status_code == 400
    text = response.content.decode()
    prefix = f"id_c{criterion.pk}"
    assert f'id="{prefix}-score_error"' in text
    assert f'id="{prefix}-rationale_error"' in text
    assert "Choose the score the panel agreed." in text
    assert "Say a little more" in text
    assert f'href="#{prefix}-score_0"' in text  # the error summary links to the field
    assert "Too short</textarea>" in text and "Kept points</textarea>" in text
    assert not ConsensusRecord.objects.exists()


def test_a_dissent_needs_a_member_who_was_there(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    response = _post_record(as_user(moderator), chair, bid, criterion, dissent_text="Too high.")
    assert response.status_code == 400
    assert f'id="id_c{criterion.pk}-dissent_member_error"' in response.content.decode()


def test_two_devices_conflict_shows_both_and_loses_nothing(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    members = [m.pk for m in policy.lot_members(lot)]
    # The laptop opened the page at version 0; meanwhile the tablet saved a record.
    consensus.save_record(
        bid,
        criterion,
        by=moderator,
        version=0,
        entry=consensus.Entry(
            score=2,
            rationale="Saved on the tablet: the plan names no youth worker at all.",
            reached="majority",
            present=members,
        ),
    )
    typed = "Typed on the laptop: the bid names a lead worker for every session."
    client = as_user(moderator)
    response = _post_record(client, chair, bid, criterion, score="4", rationale=typed)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Saved on the tablet" in text and f"{typed}</textarea>" in text
    assert f'name="c{criterion.pk}-version" value="1"' in text
    record = ConsensusRecord.objects.get(bid=bid, criterion=criterion)
    assert (record.score, record.version) == (2, 1)
    # Saving again from that page keeps what was typed.
    response = _post_record(client, chair, bid, criterion, score="4", rationale=typed, version="1")
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.score, record.rationale, record.version) == (4, typed, 2)


def test_a_post_without_its_version_never_overwrites_a_saved_record(
    meeting_open, moderator, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    client = as_user(moderator)
    assert _post_record(client, chair, bid, criterion).status_code == 302
    response = _post_record(client, chair, bid, criterion, score="1", version=None)
    assert response.status_code == 409
    assert ConsensusRecord.objects.get(bid=bid, criterion=criterion).score == 3


def test_records_are_refused_for_a_withdrawn_bid_a_panellist_and_the_officer(
    meeting_open, moderator, young_panellist, officer_user, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    young = _member(meeting_open, young_panellist)
    before = AuditEvent.objects.count()
    # A panellist, through the chair's pages or their own membership; the officer.
    assert _post_record(as_user(young_panellist), chair, bid, criterion).status_code == 404
    assert _post_record(as_user(young_panellist), young, bid, criterion).status_code == 404
    assert _post_record(as_user(officer_user), chair, bid, criterion).status_code == 404
    assert AuditEvent.objects.count() == before
    bid_services.set_status(bid, by=officer_user, status="withdrawn", reason="They pulled out.")
    assert _post_record(as_user(moderator), chair, bid, criterion).status_code == 404
    assert as_user(moderator).get(_url("consensus_bid", chair.pk, bid.pk)).status_code == 404
    assert not ConsensusRecord.objects.exists()


def test_a_conflicted_chair_sees_nothing_of_the_bid(
    meeting_open, moderator, officer_user, professional, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    panel_services.declare(
        chair, bid, by=moderator, answers=dict.fromkeys(CONFLICT_QUESTIONS, "yes")
    )
    client = as_user(moderator)
    assert client.get(_url("consensus_bid", chair.pk, bid.pk)).status_code == 404
    assert _post_record(client, chair, bid, criterion).status_code == 404
    for name in ("consensus_tick", "consensus_show"):
        assert client.post(_url(name, chair.pk, bid.pk, criterion.pk)).status_code == 404
    text = client.get(_url("consensus_agenda", chair.pk, lot.pk)).content.decode()
    assert "needs a deputy: ask the officer" in text
    assert _url("consensus_bid", chair.pk, bid.pk) not in text

    pro = _member(meeting_open, professional)
    meeting.name_deputy(bid, pro, by=officer_user, reason="The chair's sister works there.")
    text = client.get(_url("consensus_agenda", chair.pk, lot.pk)).content.decode()
    assert f"chaired by {professional.display_name}" in text
    # The deputy chairs it through their own membership.
    deputy = as_user(professional)
    assert deputy.get(_url("consensus_bid", pro.pk, bid.pk)).status_code == 200
    there = [str(m.pk) for m in policy.lot_members(lot) if m.pk != chair.pk]
    assert _post_record(deputy, pro, bid, criterion, present=there).status_code == 302
    assert ConsensusRecord.objects.get(bid=bid, criterion=criterion).chaired_by == pro


def test_outside_consensus_the_bid_page_says_the_meeting_is_not_open(
    round_, moderator, officer_user, as_user
):
    from tests.factories import to_scoring

    round_ = to_scoring(round_, officer_user)
    chair = _chair(round_)
    lot = _lot(round_)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    client = as_user(moderator)
    response = client.get(_url("consensus_bid", chair.pk, bid.pk))
    assert response.status_code == 200
    assert "The meeting is not open" in response.content.decode()
    assert "Save the agreed score" not in response.content.decode()
    assert _post_record(client, chair, bid, criterion).status_code == 409


# Ticks and the shared screen -----------------------------------------------------------------------


def test_ticks_and_show_on_screen(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid, criterion = lot.bids.first(), _criteria(lot)[0]
    client = as_user(moderator)
    tick = _url("consensus_tick", chair.pk, bid.pk, criterion.pk)
    show = _url("consensus_show", chair.pk, bid.pk, criterion.pk)
    assert client.get(tick).status_code == 405
    assert client.get(show).status_code == 405
    back = _url("consensus_bid", chair.pk, bid.pk) + f"?criterion={criterion.pk}"
    response = client.post(tick, {"discussed": "yes", "next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    assert AgendaItem.objects.get(bid=bid, criterion=criterion).discussed
    response = client.post(tick, {"discussed": "no", "next": "https://evil.example/"})
    assert response["Location"] == _url("consensus_agenda", chair.pk, lot.pk)
    assert not AgendaItem.objects.get(bid=bid, criterion=criterion).discussed
    assert client.post(tick, {"discussed": "maybe"}).status_code == 400

    response = client.post(show, {"next": "//evil.example/"})
    assert response["Location"] == _url("consensus_agenda", chair.pk, lot.pk)
    on_screen = Meeting.objects.get(lot=lot)
    assert (on_screen.current_bid, on_screen.current_criterion) == (bid, criterion)


# Confirming for a member ---------------------------------------------------------------------------


def _record_everything(lot, chair_user):
    members = [m.pk for m in policy.lot_members(lot)]
    for item in policy.items(lot):
        consensus.save_record(
            item.bid,
            item.criterion,
            by=chair_user,
            version=0,
            entry=consensus.Entry(
                score=3, rationale=RATIONALE, reached="unanimous", present=members
            ),
        )


def test_the_chair_records_a_members_answer_for_them(
    meeting_open, moderator, young_panellist, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    young = _member(meeting_open, young_panellist)
    url = _url("consensus_confirm_for", chair.pk, lot.pk, young.pk)
    client = as_user(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "The record is not finished" in response.content.decode()
    assert client.post(url, {"agrees": "yes"}).status_code == 409

    _record_everything(lot, moderator)
    agenda = client.get(_url("consensus_agenda", chair.pk, lot.pk)).content.decode()
    assert url in agenda
    response = client.get(url)
    assert "recorded by you, the chair" in response.content.decode()
    response = client.post(url, {"agrees": "no", "dissent": ""})
    assert response.status_code == 400
    assert 'id="id_dissent_error"' in response.content.decode()
    response = client.post(url, {"agrees": "no", "dissent": "Bid A deserved a 4 on reach."})
    assert response.status_code == 302
    confirmation = Confirmation.objects.get(lot=lot, member=young, reset_at=None)
    assert (confirmation.agrees, confirmation.on_behalf_by) == (False, moderator)
    agenda = client.get(_url("consensus_agenda", chair.pk, lot.pk)).content.decode()
    assert "Bid A deserved a 4 on reach." in agenda
    assert "Recorded by the chair for them" in agenda


# The meeting ---------------------------------------------------------------------------------------


def test_the_chair_sets_the_meeting(meeting_open, moderator, as_user):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    url = _url("chair_meeting", chair.pk, lot.pk)
    client = as_user(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "After 4pm on school days" in response.content.decode()

    response = client.post(url, {"on": "", "at": "", "place": "Town Hall"})
    assert response.status_code == 400
    assert "Enter the date of the meeting." in response.content.decode()
    assert 'value="Town Hall"' in response.content.decode()

    past = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(url, {"on": past.isoformat(), "at": "16:30", "place": "Town Hall"})
    assert response.status_code == 400
    assert "That date and time have passed" in response.content.decode()

    soon = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        url, {"on": soon.isoformat(), "at": "16:30", "video_link": "http://meet.example/x"}
    )
    assert response.status_code == 400
    assert "https://" in response.content.decode()

    response = client.post(
        url, {"on": soon.isoformat(), "at": "16:30", "place": "Youth Centre, High Street"}
    )
    assert response.status_code == 302
    saved = Meeting.objects.get(lot=lot)
    assert saved.place == "Youth Centre, High Street"
    assert timezone.localtime(saved.starts_at).time() == datetime.time(16, 30)


def test_other_people_cannot_open_the_chairs_pages(
    meeting_open, young_panellist, officer_user, outsider, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    for user in (young_panellist, officer_user, outsider):
        client = as_user(user)
        for url in (
            _url("consensus_lots", chair.pk),
            _url("consensus_agenda", chair.pk, lot.pk),
            _url("chair_meeting", chair.pk, lot.pk),
        ):
            assert client.get(url).status_code == 404, (user, url)


# Query counts --------------------------------------------------------------------------------------


def test_agenda_and_bid_pages_queries_do_not_grow_with_members_and_records(
    meeting_open, moderator, officer_user, as_user
):
    chair = _chair(meeting_open)
    lot = _lot(meeting_open)
    bid = lot.bids.first()
    panel = chair.panel
    client = as_user(moderator)
    items = iter(policy.items(lot))
    made = iter(range(100))

    def add_rows():
        n = next(made)
        user = UserFactory(email=f"extra{n}@example.org")
        member = join(panel, user, Role.PROFESSIONAL, officer_user)
        for b in lot.bids.all():
            panel_services.declare(
                member, b, by=user, answers=dict.fromkeys(CONFLICT_QUESTIONS, "no")
            )
        meeting.set_attendance(member, lot, by=user, can_attend=False, note="Away")
        item = next(items, None)
        if item is not None:
            consensus.save_record(
                item.bid,
                item.criterion,
                by=moderator,
                version=0,
                entry=consensus.Entry(
                    score=3,
                    rationale=RATIONALE,
                    reached="unanimous",
                    present=[m.pk for m in policy.lot_members(lot)],
                    dissent_member=member.pk,
                    dissent_text="A little high.",
                ),
            )
        client.post(
            _url("consensus_tick", chair.pk, bid.pk, _criteria(lot)[0].pk), {"discussed": "yes"}
        )

    add_rows()  # a first record, tick and apology: each kind of row is on the page from here on
    assert_queries_do_not_grow(client, _url("consensus_agenda", chair.pk, lot.pk), add_rows)
    assert_queries_do_not_grow(client, _url("consensus_bid", chair.pk, bid.pk), add_rows)
    assert_queries_do_not_grow(client, _url("consensus_lots", chair.pk), add_rows)


def test_agenda_and_bid_pages_cost_the_same_for_more_bids_and_panellists(
    meeting_open, moderator, officer_user, as_user
):
    small_chair, small_lot = _chair(meeting_open), _lot(meeting_open)
    big_chair_user = UserFactory(email="big.chair@example.org")
    big = make_round(officer_user, bids=3, panel=False, name="A bigger round")
    panel = make_panel(big, officer_user, chair=big_chair_user)
    for n in range(4):
        role = Role.YOUNG if n % 2 else Role.PROFESSIONAL
        join(panel, UserFactory(email=f"big{n}@example.org"), role, officer_user)
    big = to_consensus(big, officer_user, score_for=lambda m, b: 1 + (m.pk + b.pk) % 5)
    assert big.stage == Stage.CONSENSUS
    big_chair, big_lot = _chair(big), _lot(big)
    small = as_user(moderator)
    pages = {
        "agenda": (
            _url("consensus_agenda", small_chair.pk, small_lot.pk),
            _url("consensus_agenda", big_chair.pk, big_lot.pk),
        ),
        "bid": (
            _url("consensus_bid", small_chair.pk, small_lot.bids.first().pk),
            _url("consensus_bid", big_chair.pk, big_lot.bids.first().pk),
        ),
    }
    for small_url, big_url in pages.values():
        small.get(small_url)
        few = count_queries(small, small_url)
        bigger = as_user(big_chair_user)
        bigger.get(big_url)
        assert count_queries(bigger, big_url) == few, big_url
        small = as_user(moderator)
