"""The co-production monitoring report, through HTTP: its figures (people by role and age band,
training, hours, expenses, recognition, consents, survey answers), that it names nobody and hides
small counts of young people, the recorded spreadsheet download, who may see it, and its query
counts."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from commissioning.models import Stage
from decisions import coproduction
from decisions.models import SurveyResponse
from panels import services as panel_services
from panels.models import AgeBand, ConsentKind, Member, Role
from tests.factories import UserFactory, advance, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def inducted(round_, officer_user):
    return advance(round_, Stage.INDUCTION, officer_user)


def _url(round_):
    return reverse("decisions:coproduction", args=[round_.pk])


def _young(round_, officer_user, n, band):
    panel = Member.objects.filter(panel__round=round_).first().panel
    return [join(panel, UserFactory(), Role.YOUNG, officer_user, age_band=band) for _ in range(n)]


def _row(report, role):
    return next(r for r in report.people if r["role"] == dict(Role.choices)[role])


def test_the_page_names_nobody_and_hides_one_young_person(
    inducted, officer_user, as_user, young_panellist, professional, moderator
):
    page = as_user(officer_user).get(_url(inducted)).content.decode()
    assert "<h1>Co-production monitoring report</h1>" in page
    assert "fewer than 3" in page and "No names appear in this report" in page
    for person in (young_panellist, professional, moderator):
        assert person.display_name not in page
    report = coproduction.build(inducted)
    young = _row(report, Role.YOUNG)
    assert [str(c) for c in young["cells"]] == ["0", "fewer than 3", "0", "0", "0"]
    assert str(young["total"]) == "fewer than 3"
    professionals = _row(report, Role.PROFESSIONAL)
    assert [str(c) for c in professionals["cells"]] == ["0", "0", "0", "1", "0"]
    try:
        influence = reverse("decisions:influence", args=[inducted.pk])
    except NoReverseMatch:
        influence = None
    if influence:
        assert f'href="{influence}"' in page


def test_a_single_small_count_beside_a_total_hides_the_next_smallest_too(inducted, officer_user):
    _young(inducted, officer_user, 2, AgeBand.AGE_16_17)  # 3 aged 16 or 17 with Yusuf
    _young(inducted, officer_user, 1, AgeBand.UNDER_16)
    young = _row(coproduction.build(inducted), Role.YOUNG)
    assert [str(c) for c in young["cells"]] == ["fewer than 3", "fewer than 3", "0", "0", "0"]
    assert str(young["total"]) == "4"
    _young(inducted, officer_user, 2, AgeBand.UNDER_16)
    young = _row(coproduction.build(inducted), Role.YOUNG)
    assert [str(c) for c in young["cells"]] == ["3", "3", "0", "0", "0"]


def test_training_hours_expenses_recognition_and_consents(
    inducted, officer_user, young_panellist, professional
):
    members = _young(inducted, officer_user, 2, AgeBand.AGE_18_25)
    members.append(Member.objects.get(user=young_panellist, panel__round=inducted))
    pro = Member.objects.get(user=professional, panel__round=inducted)
    for member in members:
        panel_services.record_time(member, by=officer_user, kind="meeting", hours="2.5")
        panel_services.choose_recognition(member, by=officer_user, choice="voucher")
        panel_services.give_consent(member, by=officer_user, kind=ConsentKind.QUOTES)
    panel_services.record_time(pro, by=officer_user, kind="meeting", hours="1")
    panel_services.record_time(members[0], by=officer_user, kind="training", hours="1")
    panel_services.add_expense(members[0], by=officer_user, description="Bus", amount="4.50")
    panel_services.add_expense(pro, by=officer_user, description="Train", amount="12.00")
    report = coproduction.build(inducted)
    hours = {r["label"]: r for r in report.hours}
    assert str(hours["Meetings"]["young"]) == "7.50" and hours["Meetings"]["others"] == 1
    # One young person's training hours, and so the young total, are hidden.
    assert hours["Training"]["young"].hidden and hours["All hours"]["young"].hidden
    assert report.expenses["young"].hidden and report.expenses["others"] == Decimal("12.00")
    recognition = {r["label"]: r for r in report.recognition}
    assert str(recognition["Shopping voucher"]["young"]) == "3"
    consents = {r["label"]: r for r in report.consents}
    assert str(consents[dict(ConsentKind.choices)["quotes"]]["given"]) == "3"


def test_survey_counts_and_free_text_only_from_three_answers(inducted, officer_user, as_user):
    for n in range(2):
        SurveyResponse.objects.create(
            round=inducted, young=True, worth_time="yes", change=f"More snacks {n}"
        )
    client = as_user(officer_user)
    page = client.get(_url(inducted)).content.decode()
    assert "More snacks" not in page and "once at least 3 people have answered" in page
    SurveyResponse.objects.create(
        round=inducted, young=True, worth_time="yes", change="Mo Moderator was kind"
    )
    page = client.get(_url(inducted)).content.decode()
    assert "More snacks 0" in page and "More snacks 1" in page
    assert "[name removed] was kind" in page and "Mo Moderator" not in page
    worth = coproduction.build(inducted).survey[0]["rows"]
    assert str(worth[0]["young"]) == "3" and worth[0]["label"] == "Yes"


def test_the_spreadsheet_is_recorded_and_writes_text_as_text(
    inducted, officer_user, outsider, as_user
):
    for change in ('=HYPERLINK("http://x")', "Shorter meetings", "More breaks"):
        SurveyResponse.objects.create(round=inducted, young=False, change=change)
    events = AuditEvent.objects.for_round(inducted).filter(action=coproduction.DOWNLOADED)
    assert as_user(outsider).post(_url(inducted)).status_code == 404
    assert not events.exists()
    response = as_user(officer_user).post(_url(inducted))
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows() for c in row]
    values = [c.value for c in cells]
    assert "fewer than 3" in values and "Shorter meetings" in values
    assert not [c for c in cells if c.data_type == "f"]
    assert events.count() == 1


def test_the_download_still_works_once_published(round_, officer_user, as_user):
    round_ = advance(round_, Stage.PUBLISHED, officer_user)
    assert as_user(officer_user).post(_url(round_)).status_code == 200


def test_a_draft_round_has_no_report_yet(round_, officer_user, auditor, as_user):
    page = as_user(auditor).get(_url(round_)).content.decode()
    assert "Co-production report: not yet" in page
    assert as_user(officer_user).post(_url(round_)).status_code == 400


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_panel(inducted, officer_user, as_user):
    client = as_user(officer_user)
    before = _queries(client, _url(inducted))
    for member in _young(inducted, officer_user, 6, AgeBand.AGE_16_17):
        panel_services.record_time(member, by=officer_user, kind="meeting", hours="2")
        panel_services.add_expense(member, by=officer_user, description="Bus", amount="3")
        panel_services.give_consent(member, by=officer_user, kind=ConsentKind.PHOTOS)
    for n in range(5):
        SurveyResponse.objects.create(round=inducted, young=True, change=f"Idea {n}")
    assert _queries(client, _url(inducted)) == before
