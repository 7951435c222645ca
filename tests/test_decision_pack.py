"""The decision pack: what the file holds, who may download it, names only with consent, the trail
event for every export, the same cells from the same data, and a query count that does not grow."""

import io
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from audit.replay import verify_round
from commissioning.models import Stage
from decisions import pack
from decisions.models import Publication
from decisions.results import round_results
from decisions.totals import plain
from panels import services as panel_services
from panels.models import ConsentKind, Member, Role
from scoring.models import CriterionScore
from tests.factories import UserFactory, advance, join, make_panel, make_round, to_consensus

pytestmark = pytest.mark.django_db

HEADER_ROW = 2  # row 1 says what the sheet is; row 2 is the header


@pytest.fixture
def decided(round_, officer_user):
    """The conftest round with every sheet submitted, every item agreed, every bid decided."""
    return advance(to_consensus(round_, officer_user), Stage.DECIDED, officer_user)


def _url(round_):
    return reverse("decisions:pack", args=[round_.pk])


def _download(client, round_, **data):
    response = client.post(_url(round_), data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].endswith(f'filename="decision-pack-{round_.pk}.xlsx"')
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _table(book, title):
    """The sheet's rows as dicts keyed by header."""
    rows = list(book[title].iter_rows(values_only=True))
    header = rows[HEADER_ROW - 1]
    return [dict(zip(header, row, strict=False)) for row in rows[HEADER_ROW:]]


def _cover(book):
    return {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row and row[0]}


def _all_text(book) -> str:
    return "\n".join(
        str(value)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def _values(book):
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _events(round_):
    return AuditEvent.objects.for_round(round_).filter(action=pack.ACTION).order_by("seq")


def test_the_totals_in_the_pack_are_round_results_totals(decided, officer_user, as_user):
    book = _download(as_user(officer_user), decided)
    rows = _table(book, "Totals and awards")
    expected = [(lr.lot.number, r) for lr in round_results(decided) for r in lr.bids]
    assert len(rows) == len(expected) > 0
    for row, (lot, r) in zip(rows, expected, strict=True):
        assert (row["Lot"], row["Bid"], row["Rank"]) == (lot, r.bid.reference, r.rank)
        assert row["Total"] == pytest.approx(float(r.total_shown))
        assert row["Total (exact)"] == plain(r.total)
        assert row["Decision"] == r.award.get_decision_display()
    sheet = book["Totals and awards"]
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.b  # the header stays in view
    assert sheet["H3"].number_format == "0.00"
    lots = _table(book, "Lots")
    assert [row["Awarded"] for row in lots] == [
        pytest.approx(float(lr.awarded_total)) for lr in round_results(decided)
    ]
    assert {ws.title for ws in book.worksheets} >= {
        "Cover",
        "Panel",
        "Bids",
        "Individual scores",
        "Consensus records",
        "Scores moved at the meeting",
        "Moderation impact",
        "Officer checks",
        "Totals and awards",
        "Conflicts and decisions",
        "Training",
        "Sign-off",
        "Stage history",
    }


def test_every_sheet_and_score_is_in_the_pack_without_names(decided, officer_user, as_user):
    book = _download(as_user(officer_user), decided)
    scores = _table(book, "Individual scores")
    assert (
        len(scores)
        == CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided).count()
        > 0
    )
    assert {row["Panellist"] for row in scores} <= {f"Panellist {n}" for n in range(1, 10)}
    assert all(row["Reason"] for row in scores if row["Score"] is not None)
    assert _table(book, "Consensus records")[0]["Why"]
    stages = [(row["From"], row["To"]) for row in _table(book, "Stage history")]
    assert stages[-1] == ("Consensus", "Decided")
    text = _all_text(book)
    for member in Member.objects.filter(panel__round=decided).select_related("user"):
        assert member.user.display_name not in text


def test_the_cover_says_not_yet_published_with_the_trail_head(decided, officer_user, as_user):
    head = AuditEvent.objects.for_round(decided).order_by("-seq").first()
    cover = _cover(_download(as_user(officer_user), decided))
    assert cover["Round"] == decided.name
    assert cover["Stage"] == "Decided"
    assert "Not yet published" in cover["Generated from"]
    assert (cover["Trail entry (sequence)"], cover["Trail head hash"]) == (head.seq, head.hash)
    [event] = _events(decided)
    assert event.actor == officer_user.actor_ref
    assert event.after == {"names_included": False, "members_named": 0}
    assert verify_round(decided).ok  # the export's event keeps the trail whole


def test_a_published_pack_is_signed_and_the_same_every_time(decided, officer_user, as_user):
    published = advance(decided, Stage.PUBLISHED, officer_user)
    client = as_user(officer_user)
    first, second = _download(client, published), _download(client, published)
    assert _values(first) == _values(second)
    publication = Publication.objects.get(round=published)
    cover = _cover(first)
    assert cover["Trail head hash"] == publication.trail_hash
    assert cover["Signature"] == publication.signature
    assert cover["Trail entry (sequence)"] == publication.trail_seq
    assert _events(published).count() == 2


def _named_consent(member, by):
    return panel_services.give_consent(member, by=by, kind=ConsentKind.NAMED)


def test_names_only_when_an_officer_asks_and_the_member_agreed(
    decided, officer_user, auditor, young_panellist, professional, as_user
):
    young = Member.objects.get(panel__round=decided, user=young_panellist)
    _named_consent(young, young_panellist)
    client = as_user(officer_user)
    assert young_panellist.display_name not in _all_text(_download(client, decided))
    book = _download(client, decided, include_names="on")
    text = _all_text(book)
    assert young_panellist.display_name in text
    assert professional.display_name not in text  # never agreed
    assert _events(decided).last().after == {"names_included": True, "members_named": 1}
    # An auditor cannot ask for names, even by sending the box.
    text = _all_text(_download(as_user(auditor), decided, include_names="on"))
    assert young_panellist.display_name not in text
    assert _events(decided).last().after["names_included"] is False
    # A withdrawn consent is no consent.
    panel_services.withdraw_consent(young.consents.get(), by=young_panellist)
    text = _all_text(_download(as_user(officer_user), decided, include_names="on"))
    assert young_panellist.display_name not in text


def test_only_officers_see_the_names_box(decided, officer_user, auditor, as_user):
    officer_page = as_user(officer_user).get(_url(decided)).content.decode()
    assert "Include the names of panel members who agreed" in officer_page
    auditor_page = as_user(auditor).get(_url(decided)).content.decode()
    assert "Include the names" not in auditor_page
    assert "Download the decision pack" in auditor_page


def test_formula_like_text_is_stored_as_text(decided, officer_user, as_user):
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided)
    first = scores.order_by("pk").first()
    scores.update(reason='=HYPERLINK("http://example.org","x")')
    scores.filter(pk=first.pk).update(reason="  @SUM(A1)\x0b & <b>")
    book = _download(as_user(officer_user), decided)
    cells = [row[7] for row in book["Individual scores"].iter_rows(min_row=HEADER_ROW + 1)]
    assert cells and all(c.data_type == "s" for c in cells)
    formulas = [c for c in cells if c.value.startswith("=")]
    assert len(formulas) == len(cells) - 1 and all(c.quotePrefix for c in formulas)
    assert {c.value for c in formulas} == {'=HYPERLINK("http://example.org","x")'}
    # Leading spaces kept, a character a worksheet cannot hold dropped, markup kept as text.
    assert "  @SUM(A1) & <b>" in {c.value for c in cells}
    moved = [row[1] for row in book["Stage history"].iter_rows(min_row=HEADER_ROW + 1)]
    assert all(isinstance(c.value, datetime) for c in moved)


def test_error_codes_and_control_characters_stay_plain_text(decided, officer_user, as_user):
    """Text such as #N/A would otherwise be stored as a spreadsheet error, and a control character
    would make openpyxl refuse the whole file (a 500): both stay text, the character dropped."""
    decided.__class__.objects.filter(pk=decided.pk).update(name="Youth\x1f fund #N/A")
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided)
    scores.update(reason="#N/A")
    book = _download(as_user(officer_user), decided)
    cells = [row[7] for row in book["Individual scores"].iter_rows(min_row=HEADER_ROW + 1)]
    assert cells and all((c.data_type, c.value) == ("s", "#N/A") for c in cells)
    assert _cover(book)["Round"] == "Youth fund #N/A"
    money = [row[6] for row in book["Bids"].iter_rows(min_row=HEADER_ROW + 1)]
    assert money and all(c.number_format == "£#,##0.00" for c in money if c.value is not None)


def test_before_the_decision_the_page_says_when(round_, officer_user, as_user):
    client = as_user(officer_user)
    response = client.get(_url(round_))
    assert response.status_code == 200
    assert "not ready yet" in response.content.decode()
    assert client.post(_url(round_)).status_code == 400
    assert not _events(round_).exists()


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("officer", 200),
        ("other_officer", 404),
        ("auditor", 200),
        ("moderator", 404),
        ("young_panellist", 404),
        ("professional", 404),
        ("outsider", 404),
    ],
)
def test_who_may_download(role, status, decided, cast, as_user):
    response = as_user(cast[role]).post(_url(decided))
    assert response.status_code == status
    assert _events(decided).count() == (1 if status == 200 else 0)


def test_the_command_writes_the_same_pack_and_records_it(decided, officer_user, auditor, tmp_path):
    out = tmp_path / "pack.xlsx"
    call_command("decision_pack", decided.pk, output=str(out), stdout=io.StringIO())
    book = load_workbook(out)
    assert [r["Bid"] for r in _table(book, "Totals and awards")] == [
        r.bid.reference for lr in round_results(decided) for r in lr.bids
    ]
    assert _events(decided).last().actor == "system"
    call_command(
        "decision_pack",
        decided.pk,
        output=str(out),
        by=officer_user.email,
        include_names=True,
        stdout=io.StringIO(),
    )
    event = _events(decided).last()
    assert event.actor == officer_user.actor_ref and event.after["names_included"] is True
    with pytest.raises(CommandError, match="Only an officer"):
        call_command("decision_pack", decided.pk, output=str(out), include_names=True)
    with pytest.raises(CommandError, match="Only an officer"):
        call_command(
            "decision_pack", decided.pk, output=str(out), by=auditor.email, include_names=True
        )
    assert _events(decided).count() == 2


def test_the_command_refuses_a_round_not_yet_decided(round_, tmp_path):
    with pytest.raises(CommandError, match="ready once the round is decided"):
        call_command("decision_pack", round_.pk, output=str(tmp_path / "x.xlsx"))


def _queries(round_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        book, _ = pack.workbook(round_, include_names=True)
        book.save(io.BytesIO())
    return len(ctx.captured_queries)


def test_building_the_pack_does_not_query_per_row(decided, officer_user):
    small = _queries(decided)
    bigger = make_round(officer_user, bids=3, panel=False, name="A bigger round")
    panel = make_panel(bigger, officer_user)
    for n in range(3):
        join(panel, UserFactory(email=f"p{n}@example.org"), Role.PROFESSIONAL, officer_user)
    to_consensus(bigger, officer_user)
    bigger = advance(bigger, Stage.DECIDED, officer_user)
    assert CriterionScore.objects.filter(sheet__assignment__bid__lot__round=bigger).count() > (
        2 * CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided).count()
    )
    assert _queries(bigger) == small
