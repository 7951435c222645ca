"""A member's pages for the panel's meeting, through HTTP: when and where, saying they cannot come,
the panel's scores without names, confirming the record, and the presentation view that follows
the chair."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bids.models import Bid
from commissioning.models import Stage
from panels import services as panel_services
from panels.models import (
    CONFLICT_QUESTIONS,
    Assignment,
    ConflictDeclaration,
    Member,
    Outcome,
    Role,
)
from scoring import consensus, meeting
from scoring import consensus_policy as policy
from scoring.consensus_member_access import Seeing
from scoring.models import (
    Attendance,
    Confirmation,
    ConsensusRecord,
    CriterionScore,
    ScoreSheet,
    SheetStatus,
)
from tests.factories import (
    UserFactory,
    advance,
    make_bid,
    submit_sheet,
    to_consensus,
    to_scoring,
)
from tests.helpers import assert_queries_do_not_grow, without_layout

pytestmark = pytest.mark.django_db

RATIONALE = "The bid sets out three youth-led sessions a week with a named lead."


def _scores(member, bid):
    return 2 if member.role == Role.YOUNG else 4


@pytest.fixture
def lot(round_):
    return round_.lots.order_by("number").first()


@pytest.fixture
def second_bid(round_, lot, officer_user):
    """A second bid in the first lot, from another organisation."""
    return make_bid(lot, officer_user, organisation="Hidden Harbour CIC", title="Holiday club")


@pytest.fixture
def in_consensus(round_, officer_user, second_bid):
    return to_consensus(round_, officer_user, score_for=_scores)


def _member(round_, user) -> Member:
    return Member.objects.select_related("user", "panel__round").get(panel__round=round_, user=user)


def _first_item(lot):
    return policy.items(lot)[0]


def _record(item, chair, *, present, dissent=None):
    """The chair records an agreed score of 3; of `present`, those kept away from the bid are not
    recorded as there."""
    clear = policy.clear_pairs(item.bid.lot)
    present = [m.pk for m in present if (m.pk, item.bid.pk) in clear]
    entry = consensus.Entry(score=3, rationale=RATIONALE, reached="majority", present=present)
    if dissent:
        entry.dissent_member, entry.dissent_text = dissent
    current = ConsensusRecord.objects.filter(bid=item.bid, criterion=item.criterion).first()
    return consensus.save_record(
        item.bid, item.criterion, by=chair, entry=entry, version=current.version if current else 0
    )


def _record_everything(lot, chair, present):
    for item in policy.items(lot):
        _record(item, chair, present=present)


def _url(name, member, *args):
    return reverse(f"scoring:{name}", args=[member.pk, *args])


def _keep_away(member, bid):
    """The member tells us, during the meeting, that they know the bid's organisation."""
    answers = dict.fromkeys(CONFLICT_QUESTIONS, "no") | {"know_someone": "yes"}
    panel_services.declare(member, bid, by=member.user, answers=answers)


# The meeting page ---------------------------------------------------------------------------------


def test_before_the_meeting_the_page_says_when_it_opens(round_, young_panellist, as_user):
    member = _member(round_, young_panellist)
    page = as_user(young_panellist).get(_url("meeting", member)).content.decode()
    assert "opens properly when scoring has finished" in page
    assert "The officer will tell you when and where." in page
    assert "The bids to talk about" not in page
    assert "Follow the meeting on your screen" not in page


def test_the_meeting_page_says_when_and_where_and_lists_the_bids(
    in_consensus, lot, officer_user, young_panellist, as_user
):
    member = _member(in_consensus, young_panellist)
    meeting.set_meeting(
        lot,
        by=officer_user,
        starts_at=timezone.now() + timedelta(days=3),
        place="Town hall, room 2",
        video_link="https://video.example.org/panel",
        bring="Your notes on each bid",
        support_arranged="A quiet room for breaks",
    )
    response = as_user(young_panellist).get(_url("meeting", member))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Town hall, room 2",
        "https://video.example.org/panel",
        "Your notes on each bid",
        "A quiet room for breaks",
        "The officer will tell you when and where.",  # the second lot has no meeting yet
        "Follow the meeting on your screen",
        "I cannot come",
    ):
        assert text in page, text
    for bid in Bid.objects.filter(lot__round=in_consensus):
        assert _url("consensus_view", member, bid.pk) in page
    assert "consensus" not in page.split("<h1>")[1].split("</h1>")[0].lower()


def test_the_dashboard_points_to_the_meeting_once_it_is_on(
    in_consensus, lot, officer_user, young_panellist, as_user
):
    member = _member(in_consensus, young_panellist)
    meeting.set_meeting(
        lot, by=officer_user, starts_at=timezone.now() + timedelta(days=3), place="Town hall"
    )
    page = as_user(young_panellist).get(reverse("panels:dashboard", args=[member.pk]))
    page = page.content.decode()
    assert "Your panel's meeting" in page
    assert "at Town hall" in page
    assert _url("meeting", member) in page


def test_saying_you_cannot_come_and_then_that_you_can(in_consensus, lot, young_panellist, as_user):
    member = _member(in_consensus, young_panellist)
    client = as_user(young_panellist)
    url = _url("attendance", member, lot.pk)
    assert client.get(url).status_code == 405

    response = client.post(url, {f"lot{lot.pk}-can_attend": "no", f"lot{lot.pk}-note": "Exams"})
    assert response.status_code == 302
    attendance = Attendance.objects.get(member=member, lot=lot)
    assert (attendance.can_attend, attendance.note) == (False, "Exams")
    page = client.get(response["Location"]).content.decode()
    assert "You told us you cannot come." in page
    assert "I can come after all" in page

    client.post(url, {f"lot{lot.pk}-can_attend": "yes"})
    assert Attendance.objects.get(member=member, lot=lot).can_attend is True


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, "I cannot come"),
        ({"can_attend": "no", "note": "x" * 301}, "Keep the note under 300 characters."),
    ],
)
def test_a_bad_attendance_answer_is_shown_on_the_meeting_page(
    in_consensus, lot, young_panellist, as_user, data, message
):
    member = _member(in_consensus, young_panellist)
    response = as_user(young_panellist).post(
        _url("attendance", member, lot.pk), {f"lot{lot.pk}-{k}": v for k, v in data.items()}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Attendance.objects.filter(member=member).exists()


def test_only_the_member_reaches_their_meeting_pages(
    in_consensus, lot, young_panellist, professional, outsider, as_user
):
    member = _member(in_consensus, young_panellist)
    bid = lot.bids.first()
    for user in (professional, outsider):
        client = as_user(user)
        for url in (
            _url("meeting", member),
            _url("consensus_view", member, bid.pk),
            _url("confirm", member, lot.pk),
            _url("present", member, lot.pk),
            _url("present_now", member, lot.pk),
        ):
            assert client.get(url).status_code == 404, (user, url)


# The panel's scores for a bid, without names ------------------------------------------------------


def test_a_bid_shows_everyones_scores_and_reasons_without_names(
    in_consensus, lot, young_panellist, professional, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    bid = lot.bids.order_by("number").first()
    response = as_user(young_panellist).get(_url("consensus_view", member, bid.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert professional.display_name not in page
    assert moderator.display_name not in page
    assert "(you)" in page
    assert "Panellist 1" in page and "Panellist 2" in page
    scale = policy.panel_criteria(lot)[0].scale_max
    assert f"2 out of {scale}" in page and f"4 out of {scale}" in page
    assert "They run three sessions a week led by young people." in page  # the reasons
    assert "The middle score (the median) is 3." in page
    assert "The scores go from 2 to 4, a spread (range) of 2 points." in page
    assert "<svg" in page
    assert "lenien" not in page.lower()
    assert "The panel's agreed score" not in page


def test_the_agreed_score_appears_once_recorded(
    in_consensus, lot, young_panellist, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    item = _first_item(lot)
    members = list(policy.lot_members(lot))
    _record(item, moderator, present=members, dissent=(member.pk, "It deserved a 2."))
    page = as_user(young_panellist).get(_url("consensus_view", member, item.bid.pk))
    page = page.content.decode()
    scale = item.criterion.scale_max
    assert f"The panel's agreed score: 3 out of {scale}" in page
    assert RATIONALE in page
    assert "You disagreed: It deserved a 2." in page


def test_someone_else_sees_a_dissent_without_a_name(
    in_consensus, lot, young_panellist, professional, moderator, as_user
):
    young = _member(in_consensus, young_panellist)
    pro = _member(in_consensus, professional)
    item = _first_item(lot)
    _record(item, moderator, present=policy.lot_members(lot), dissent=(young.pk, "Too high."))
    page = as_user(professional).get(_url("consensus_view", pro, item.bid.pk)).content.decode()
    assert "A panellist disagreed: Too high." in page
    assert young_panellist.display_name not in page


def test_a_bid_kept_away_is_never_named(
    in_consensus, lot, second_bid, young_panellist, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    _keep_away(member, second_bid)
    client = as_user(young_panellist)

    assert client.get(_url("consensus_view", member, second_bid.pk)).status_code == 404
    home = client.get(_url("meeting", member)).content.decode()
    assert "There is one bid you are kept away from" in home
    assert "Holiday club" not in home and "Hidden Harbour" not in home

    criterion = policy.panel_criteria(lot)[0]
    meeting.show_item(second_bid, criterion, by=moderator)
    screen = client.get(_url("present", member, lot.pk)).content.decode()
    assert "The panel is discussing a bid you are kept away from" in screen
    assert "Holiday club" not in screen and "Panellist" not in screen

    _record_everything(lot, moderator, list(policy.lot_members(lot)))
    record = client.get(_url("confirm", member, lot.pk)).content.decode()
    assert "One bid you are kept away from is not shown here." in record
    assert "Holiday club" not in record


@pytest.fixture
def young_did_not_submit(round_, officer_user, professional):
    """The professional submitted every sheet; the young panellist none; the round moved on."""
    round_ = to_scoring(round_, officer_user)
    pro = _member(round_, professional)
    for assignment in Assignment.objects.filter(member=pro).select_related("bid"):
        submit_sheet(pro, assignment.bid, 4)
    return advance(round_, Stage.CONSENSUS, officer_user)


def test_a_panellist_whose_sheet_is_not_in_sees_no_scores(
    young_did_not_submit, lot, young_panellist, moderator, as_user
):
    assert young_did_not_submit.stage == Stage.CONSENSUS
    member = _member(young_did_not_submit, young_panellist)
    bid = Bid.objects.filter(lot=lot).first()
    client = as_user(young_panellist)
    response = client.get(_url("consensus_view", member, bid.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "You did not submit a score sheet for this bid" in page
    assert "Panellist" not in page and "out of" not in page and "<svg" not in page

    meeting.show_item(bid, policy.panel_criteria(lot)[0], by=moderator)
    screen = client.get(_url("present", member, lot.pk)).content.decode()
    assert "You will see the scores once your own sheet is in." in screen
    assert "Panellist" not in screen and "<svg" not in screen


def test_a_bid_of_another_round_or_lot_is_a_404(
    in_consensus, other_round, young_panellist, as_user
):
    member = _member(in_consensus, young_panellist)
    other = other_round.lots.first().bids.first()
    assert as_user(young_panellist).get(_url("consensus_view", member, other.pk)).status_code == 404


def test_the_quick_check_agrees_with_the_policy(
    young_did_not_submit, lot, officer_user, young_panellist, professional, moderator
):
    """Seeing answers for many bids at once what why_panellist_cannot_see answers for one."""
    bids = list(Bid.objects.filter(lot__round=young_did_not_submit))
    young, pro = _member(lot.round, young_panellist), _member(lot.round, professional)
    _keep_away(pro, bids[0])
    for user in (young_panellist, professional, moderator):
        member = _member(lot.round, user)
        seeing = Seeing.of(member, list(young_did_not_submit.lots.all()))
        for bid in bids:
            assert seeing.why_not(bid.pk) == policy.why_panellist_cannot_see(member, bid)
    panel_services.set_member_status(young, by=officer_user, status="left", reason="Moved away")
    young = _member(lot.round, young_panellist)
    seeing = Seeing.of(young, [lot])
    assert seeing.why_not(bids[0].pk) == policy.why_panellist_cannot_see(young, bids[0])


# Checking and confirming the record ---------------------------------------------------------------


def test_the_record_cannot_be_confirmed_before_it_is_finished(
    in_consensus, lot, young_panellist, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    _record(_first_item(lot), moderator, present=policy.lot_members(lot))
    client = as_user(young_panellist)
    page = client.get(_url("confirm", member, lot.pk)).content.decode()
    assert "The record is not finished yet" in page
    assert "Send my answer" not in page
    response = client.post(_url("confirm", member, lot.pk), {"agrees": "yes"})
    assert response.status_code == 409
    assert not Confirmation.objects.exists()


def test_only_members_who_were_there_confirm(
    in_consensus, lot, young_panellist, professional, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    _record_everything(lot, moderator, [_member(in_consensus, professional)])
    page = as_user(young_panellist).get(_url("confirm", member, lot.pk)).content.decode()
    assert "Only members the chair recorded as being at the discussion" in page
    home = as_user(young_panellist).get(_url("meeting", member)).content.decode()
    assert "Check and confirm the record" not in home


def test_confirming_the_record_or_disagreeing_with_it(
    in_consensus, lot, young_panellist, professional, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    _record_everything(lot, moderator, list(policy.lot_members(lot)))
    client = as_user(young_panellist)
    home = client.get(_url("meeting", member)).content.decode()
    assert "Check and confirm the record" in home
    url = _url("confirm", member, lot.pk)
    page = client.get(url).content.decode()
    assert "Does this record reflect the panel&#x27;s discussion?" in page
    assert RATIONALE in page
    assert professional.display_name not in page

    response = client.post(url, {"agrees": "no", "dissent": "  "})
    assert response.status_code == 400
    assert "Say what you disagree with in the record." in response.content.decode()
    response = client.post(url, {})
    assert "Say whether the record reflects the panel" in response.content.decode()
    assert not Confirmation.objects.exists()

    response = client.post(url, {"agrees": "no", "dissent": "Bid A deserved more on question 2."})
    assert response.status_code == 302
    live = Confirmation.objects.get(member=member, reset_at=None)
    assert (live.agrees, live.dissent) == (False, "Bid A deserved more on question 2.")

    for _ in range(2):  # a double click changes nothing the second time
        assert client.post(url, {"agrees": "yes"}).status_code == 302
    assert Confirmation.objects.filter(member=member, reset_at=None, agrees=True).count() == 1
    assert Confirmation.objects.filter(member=member).count() == 2
    assert "You confirmed the record." in client.get(_url("meeting", member)).content.decode()


# The record's questions as the template wrote them before scoring/templatetags/record_rows.py did.
TEMPLATE_QUESTIONS = """{% for number, criterion, record, dissents in entry.rows %}
<h3>Question {{ number }}: {{ criterion.title }}</h3>
{% if record %}
<dl class="summary-list">
  <div><dt>The panel's agreed score</dt><dd>{{ record.score }} out of {{ criterion.scale_max }}</dd></div>
  <div><dt>Why</dt><dd>{{ record.rationale|linebreaksbr }}</dd></div>
  {% if record.key_points %}<div><dt>The points that decided it</dt><dd>{{ record.key_points|linebreaksbr }}</dd></div>{% endif %}
  <div><dt>How it was agreed</dt><dd>{{ record.get_reached_display }}</dd></div>
  {% if dissents %}<div><dt>Disagreement</dt><dd>{% for line in dissents %}<p class="reason">{{ line }}</p>{% endfor %}</dd></div>{% endif %}
</dl>
{% else %}
<p>Not agreed yet.</p>
{% endif %}
{% endfor %}"""


def test_the_record_to_confirm_escapes_what_people_wrote_as_the_template_did(
    in_consensus, lot, young_panellist, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    hostile = '<img src=x onerror="alert(1)">'
    items = policy.items(lot)
    for item in items[:-1]:  # the last is left unagreed
        _record(item, moderator, present=list(policy.lot_members(lot)))
    first = ConsensusRecord.objects.get(bid=items[0].bid, criterion=items[0].criterion)
    ConsensusRecord.objects.filter(pk=first.pk).update(
        rationale=f"Line one {hostile}\r\nLine \"two\" & 'three'",
        key_points=f"Point {hostile}\nSecond point",
        dissents=[{"member": member.pk, "text": hostile}, {"member": 0, "text": "Too <b>high</b>"}],
    )
    response = as_user(young_panellist).get(_url("confirm", member, lot.pk))
    page = response.content.decode()
    assert hostile not in page and "<b>high</b>" not in page
    assert "Line one &lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>Line &quot;two&quot;" in page
    assert "You disagreed: &lt;img" in page and "A panellist disagreed: Too &lt;b&gt;" in page
    assert "<p>Not agreed yet.</p>" in page
    bids = response.context["bids"]
    assert len(bids) == 2
    for entry in bids:
        before = Template(TEMPLATE_QUESTIONS).render(Context({"entry": entry}))
        assert f"{escape(entry.name)}</h2>{without_layout(before)}</section>" in without_layout(
            page
        )


# The presentation view ----------------------------------------------------------------------------


def test_present_now_follows_what_the_chair_shows(
    in_consensus, lot, young_panellist, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    client = as_user(young_panellist)
    url = _url("present_now", member, lot.pk)
    assert client.get(url).json() == {"bid": None, "criterion": None}
    items = policy.items(lot)
    for item in (items[0], items[-1]):
        meeting.show_item(item.bid, item.criterion, by=moderator)
        assert client.get(url).json() == {"bid": item.bid.pk, "criterion": item.criterion.pk}


def test_present_now_is_cheap(
    in_consensus, lot, young_panellist, as_user, django_assert_num_queries
):
    member = _member(in_consensus, young_panellist)
    client = as_user(young_panellist)
    url = _url("present_now", member, lot.pk)
    client.get(url)
    with django_assert_num_queries(4):  # the session, the user, the membership, the screen
        client.get(url)


def test_the_screen_shows_the_item_without_names(
    in_consensus, lot, young_panellist, professional, moderator, as_user
):
    member = _member(in_consensus, young_panellist)
    client = as_user(young_panellist)
    url = _url("present", member, lot.pk)
    page = client.get(url).content.decode()
    assert "Nothing on the screen yet" in page
    assert 'src="/static/js/present.js"' in page and "defer" in page
    assert "Refresh" in page

    item = _first_item(lot)
    meeting.show_item(item.bid, item.criterion, by=moderator)
    page = client.get(url).content.decode()
    assert item.bid.title in page
    assert item.criterion.question_plain in page
    assert "(you)" in page and "Panellist" in page
    assert professional.display_name not in page and moderator.display_name not in page
    assert "The middle score (the median) is 3." in page
    assert "Move the screen on" not in page  # only the chair moves it

    _record(item, moderator, present=policy.lot_members(lot))
    page = client.get(url).content.decode()
    assert "The panel's agreed score: 3" in page


def test_the_chair_moves_the_screen_on_in_agenda_order(in_consensus, lot, moderator, as_user):
    chair = _member(in_consensus, moderator)
    client = as_user(moderator)
    url = _url("present", chair, lot.pk)
    items = policy.items(lot)
    assert len(items) > 2

    def show_url(item):
        return reverse("scoring:consensus_show", args=[chair.pk, item.bid.pk, item.criterion.pk])

    page = client.get(url).content.decode()
    assert show_url(items[0]) in page and 'data-present="next"' in page
    assert 'data-present="previous"' not in page

    meeting.show_item(items[1].bid, items[1].criterion, by=moderator)
    page = client.get(url).content.decode()
    assert show_url(items[0]) in page and show_url(items[2]) in page
    assert f'name="next" value="{url}"' in page
    assert "Panellist" in page  # the chair sees the scores they chair, without names

    meeting.show_item(items[-1].bid, items[-1].criterion, by=moderator)
    page = client.get(url).content.decode()
    assert 'data-present="next"' not in page and show_url(items[-2]) in page


def test_the_screen_outside_the_meeting(round_, lot, young_panellist, as_user):
    member = _member(round_, young_panellist)
    page = as_user(young_panellist).get(_url("present", member, lot.pk)).content.decode()
    assert "The panel's meeting is not running" in page
    assert "present.js" not in page


# Query counts -------------------------------------------------------------------------------------


@pytest.fixture
def no_cache(settings):
    """Count the statistics' queries as on a cold cache, every time."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _more(round_, lot, officer_user, chair):
    """Adds a panellist (clear, with a submitted sheet for every bid) and a bid (everyone clear of
    it and scoring it), with agreed scores for the new bid, straight into the tables."""
    counter = Bid.objects.count() + Member.objects.count() + 1
    bid = Bid.objects.create(
        lot=lot,
        number=lot.bids.count() + 1,
        reference=f"EXTRA-{counter}",
        alias=f"Bid X{counter}",
        organisation=f"Extra organisation {counter}",
        title=f"Extra project {counter}",
        summary="More.",
        amount_requested=Decimal("1000.00"),
    )
    user = UserFactory(email=f"extra{counter}@example.org")
    panel = chair.panel
    Member.objects.create(panel=panel, user=user, role=Role.YOUNG)
    criteria = policy.panel_criteria(lot)
    members = list(policy.lot_members(lot))
    bids = list(policy.compliant_bids(lot))
    clear = policy.clear_pairs(lot)
    for member in members:
        for each in bids:
            if (member.pk, each.pk) not in clear:
                ConflictDeclaration.objects.filter(member=member, bid=each).update(current=False)
                ConflictDeclaration.objects.create(
                    member=member,
                    bid=each,
                    outcome=Outcome.CLEAR,
                    **dict.fromkeys(CONFLICT_QUESTIONS, "no"),
                )
            if member.role == Role.MODERATOR:
                continue
            assignment, _ = Assignment.objects.get_or_create(
                member=member, bid=each, defaults={"assigned_by": officer_user}
            )
            sheet, made = ScoreSheet.objects.get_or_create(
                assignment=assignment,
                defaults={"status": SheetStatus.SUBMITTED, "submitted_at": timezone.now()},
            )
            if made:
                CriterionScore.objects.bulk_create(
                    CriterionScore(sheet=sheet, criterion=c, score=1, reason="Fine.")
                    for c in criteria
                )
    for criterion in criteria:
        record = ConsensusRecord.objects.create(
            bid=bid,
            criterion=criterion,
            score=2,
            rationale=RATIONALE,
            reached="majority",
            chaired_by=chair,
            recorded_by=chair.user,
            dissents=[{"member": members[-1].pk, "text": "No."}],
        )
        record.present.set(members)


@pytest.mark.parametrize("page", ["meeting", "consensus_view", "confirm", "present"])
def test_pages_do_not_grow_in_queries(
    in_consensus, lot, officer_user, young_panellist, moderator, as_user, no_cache, page
):
    member = _member(in_consensus, young_panellist)
    chair = _member(in_consensus, moderator)
    _record_everything(lot, moderator, list(policy.lot_members(lot)))
    item = _first_item(lot)
    meeting.show_item(item.bid, item.criterion, by=moderator)
    args = {
        "meeting": (),
        "consensus_view": (item.bid.pk,),
        "confirm": (lot.pk,),
        "present": (lot.pk,),
    }[page]
    client = as_user(young_panellist)
    assert_queries_do_not_grow(
        client, _url(page, member, *args), lambda: _more(in_consensus, lot, officer_user, chair)
    )


def test_the_chairs_screen_does_not_grow_in_queries(
    in_consensus, lot, officer_user, moderator, as_user, no_cache
):
    chair = _member(in_consensus, moderator)
    item = _first_item(lot)
    meeting.show_item(item.bid, item.criterion, by=moderator)
    assert_queries_do_not_grow(
        as_user(moderator),
        _url("present", chair, lot.pk),
        lambda: _more(in_consensus, lot, officer_user, chair),
    )


def test_before_the_meeting_there_is_no_record_to_confirm(round_, lot, young_panellist, as_user):
    member = _member(round_, young_panellist)
    response = as_user(young_panellist).get(_url("confirm", member, lot.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "only while the panel&#x27;s meeting is open" in page
    assert "Question 1" not in page


def test_the_chair_is_pointed_to_their_own_pages(in_consensus, moderator, as_user):
    chair = _member(in_consensus, moderator)
    page = as_user(moderator).get(_url("meeting", chair)).content.decode()
    assert reverse("scoring:consensus_lots", args=[chair.pk]) in page
    assert "You did not score this bid, so its scores are not shown here." in page
    assert _url("consensus_view", chair, Bid.objects.first().pk) not in page


def test_another_rounds_lot_is_a_404(in_consensus, other_round, young_panellist, as_user):
    member = _member(in_consensus, young_panellist)
    other = other_round.lots.first()
    client = as_user(young_panellist)
    for name in ("present", "present_now", "confirm"):
        assert client.get(_url(name, member, other.pk)).status_code == 404, name
    assert client.post(_url("attendance", member, other.pk)).status_code == 404
