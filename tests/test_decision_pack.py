"""The decision pack: what the file holds, who may download it, names only with consent, the trail
event for every export, the same cells from the same data, and a query count that does not grow.
The download streams: the same parts and cells as openpyxl's own save, the first bytes before the
later sheets are computed, the event committed before them, and one consistent state read."""

import io
import threading
import zipfile
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db import connections as all_connections
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet import _writer as openpyxl_sheet_writer

from audit.models import AuditEvent
from audit.replay import verify_round
from commissioning.models import Stage
from decisions import pack
from decisions import pack_records as records
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
    before = AuditEvent.objects.for_round(decided).order_by("-seq").first()
    cover = _cover(_download(as_user(officer_user), decided))
    assert cover["Round"] == decided.name
    assert cover["Stage"] == "Decided"
    assert "Not yet published" in cover["Generated from"]
    # The export is recorded before the pack is read, so the head the cover stands on is the
    # export's own event (as the trail's JSON lines end with their own export).
    [event] = _events(decided)
    assert event.seq == before.seq + 1
    assert (cover["Trail entry (sequence)"], cover["Trail head hash"]) == (event.seq, event.hash)
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
    # The stream, written to the file: the same cells as the pack built in one go.
    assert all(i.flag_bits & 0x08 for i in zipfile.ZipFile(out).infolist())
    built, _ = pack.workbook(decided)
    saved = io.BytesIO()
    built.save(saved)
    assert _values(book) == _values(load_workbook(saved))
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


def _built(round_):
    book, _ = pack.workbook(round_, include_names=True)
    book.save(io.BytesIO())


def _streamed(round_):
    b"".join(pack.stream(round_.pk, include_names=True))


def _queries(round_, build) -> int:
    with CaptureQueriesContext(connection) as ctx:
        build(round_)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("build", [_built, _streamed], ids=["built", "streamed"])
def test_building_the_pack_does_not_query_per_row(decided, officer_user, build):
    small = _queries(decided, build)
    bigger = make_round(officer_user, bids=3, panel=False, name="A bigger round")
    panel = make_panel(bigger, officer_user)
    for n in range(3):
        join(panel, UserFactory(email=f"p{n}@example.org"), Role.PROFESSIONAL, officer_user)
    to_consensus(bigger, officer_user)
    bigger = advance(bigger, Stage.DECIDED, officer_user)
    assert CriterionScore.objects.filter(sheet__assignment__bid__lot__round=bigger).count() > (
        2 * CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided).count()
    )
    assert _queries(bigger, build) == small


# Streaming ----------------------------------------------------------------------------------------


def _cell_facts(cell):
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        cell.quotePrefix,
        cell.font.b,
        cell.font.i,
        cell.font.sz,
        cell.font.color.rgb if cell.font.color is not None else None,
        cell.fill.fgColor.rgb,
        cell.alignment.wrap_text,
    )


def _sheet_facts(ws):
    widths = {key: dim.width for key, dim in ws.column_dimensions.items() if dim.customWidth}
    cells = [[_cell_facts(cell) for cell in row] for row in ws.iter_rows()]
    return ws.title, ws.freeze_panes, widths, cells


@pytest.mark.parametrize("names", [False, True], ids=["without names", "with names"])
def test_the_streamed_pack_has_the_parts_and_cells_of_openpyxls_own_save(
    decided, officer_user, young_panellist, as_user, names
):
    """The stream drives openpyxl's writer steps itself (decisions/pack_stream.py relies on
    openpyxl internals): the same parts as openpyxl's save of the same workbook, and the same
    sheets, cells, styles, widths and frozen panes. An openpyxl upgrade that changes the parts a
    workbook needs, or the internals the stream uses, fails here."""
    _named_consent(Member.objects.get(panel__round=decided, user=young_panellist), young_panellist)
    response = as_user(officer_user).post(_url(decided), {"include_names": "on"} if names else {})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    streamed = b"".join(response.streaming_content)
    # Built in one go afterwards: the trail then holds the export's event, as the stream read it.
    book, _ = pack.workbook(decided, include_names=names)
    built = io.BytesIO()
    book.save(built)

    streamed_zip, built_zip = zipfile.ZipFile(io.BytesIO(streamed)), zipfile.ZipFile(built)
    assert streamed_zip.testzip() is None
    assert sorted(streamed_zip.namelist()) == sorted(built_zip.namelist())
    # Written to a sink that cannot seek: every part's sizes follow its data (data descriptors).
    assert all(info.flag_bits & 0x08 for info in streamed_zip.infolist())
    for part in ("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"):
        assert streamed_zip.read(part) == built_zip.read(part)

    streamed_book = load_workbook(io.BytesIO(streamed))
    built_book = load_workbook(built)
    assert streamed_book.sheetnames == built_book.sheetnames
    assert streamed_book.sheetnames[0] == "Cover" and len(streamed_book.sheetnames) == 15
    for mine, theirs in zip(streamed_book.worksheets, built_book.worksheets, strict=True):
        assert _sheet_facts(mine) == _sheet_facts(theirs)
    text = _all_text(streamed_book)
    assert (young_panellist.display_name in text) is names


def test_the_download_streams_and_is_recorded_once_before_the_first_byte(
    decided, officer_user, as_user
):
    response = as_user(officer_user).post(_url(decided))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert _events(decided).count() == 1  # recorded before a byte is read
    body = b"".join(response.streaming_content)
    assert _events(decided).count() == 1
    assert load_workbook(io.BytesIO(body))["Cover"]["A1"].value == "Decision pack"
    assert verify_round(decided).ok


def test_the_first_bytes_leave_before_the_later_sheets_are_computed(
    decided, officer_user, as_user, monkeypatch
):
    received: list[bytes] = []
    seen = {}

    def spy(name, builder):
        def wrapped(*args, **kwargs):
            seen[name] = b"".join(received)
            return builder(*args, **kwargs)

        monkeypatch.setattr(records, name, wrapped)

    spy("individual_sheet", records.individual_sheet)
    spy("stage_sheet", records.stage_sheet)  # the last sheet
    response = as_user(officer_user).post(_url(decided))
    assert not seen  # nothing computed yet: the view only recorded the export
    for chunk in response.streaming_content:
        received.append(chunk)
    # Before the individual scores were read, the document's first parts had left, and the
    # sheets before them (the panel and the bids), each as soon as it was written...
    first = seen["individual_sheet"]
    assert first.startswith(b"PK\x03\x04") and b"docProps/app.xml" in first
    assert b"xl/worksheets/sheet3.xml" in first and b"xl/worksheets/sheet4.xml" not in first
    # ...and before the last sheet was computed, the individual scores (sheet 4) had left, but
    # not the cover (the first tab, written last) nor the workbook's own parts.
    early = seen["stage_sheet"]
    assert b"xl/worksheets/sheet4.xml" in early
    assert b"xl/worksheets/sheet1.xml" not in early and b"xl/workbook.xml" not in early
    assert len(received) > 3
    assert load_workbook(io.BytesIO(b"".join(received)))["Stage history"]["A1"].value


@pytest.mark.django_db(transaction=True)  # closing the response may close the connection
def test_a_download_stopped_part_way_leaves_nothing_behind(decided, officer_user, as_user):
    before = list(openpyxl_sheet_writer.ALL_TEMP_FILES)
    depth = len(connection.atomic_blocks)
    response = as_user(officer_user).post(_url(decided))
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)  # the client goes away part-way through
    assert len(connection.atomic_blocks) == depth + 1  # the pack's snapshot is open
    response.close()  # what the server does when the client goes
    assert len(connection.atomic_blocks) == depth  # the snapshot rolled back
    assert before == openpyxl_sheet_writer.ALL_TEMP_FILES  # no sheet's temporary file left
    assert _events(decided).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_pack_reads_one_state_while_others_write(decided, officer_user, as_user):
    """The event is committed before the first byte (another connection sees it), and a score
    changed and committed while the pack streams is not in it: the pack reads one snapshot. On
    PostgreSQL the change lands at once (the pack's transaction is read-only and repeatable
    read); SQLite's writer waits for the pack."""
    scores = CriterionScore.objects.filter(sheet__assignment__bid__lot__round=decided)
    seen_elsewhere, changed = [], threading.Event()

    def elsewhere(work):
        try:
            work()
        finally:
            all_connections.close_all()

    response = as_user(officer_user).post(_url(decided))
    reader = threading.Thread(
        target=elsewhere, args=(lambda: seen_elsewhere.append(_events(decided).count()),)
    )
    reader.start()
    reader.join()
    assert seen_elsewhere == [1]  # committed before the first byte

    chunks = iter(response.streaming_content)
    received = [next(chunks)]

    def change():
        scores.update(reason="Changed while the pack was streaming")
        changed.set()

    writer = threading.Thread(target=elsewhere, args=(change,))
    writer.start()
    if connection.vendor == "postgresql":
        assert changed.wait(10)  # not held up by the pack
    else:
        assert not changed.wait(1)  # waits for the pack's transaction
    received.extend(chunks)
    writer.join()
    assert changed.is_set()
    reasons = {
        row[7]
        for row in load_workbook(io.BytesIO(b"".join(received)))["Individual scores"].iter_rows(
            min_row=HEADER_ROW + 1, values_only=True
        )
    }
    assert reasons and "Changed while the pack was streaming" not in reasons
    assert set(scores.values_list("reason", flat=True)) == {"Changed while the pack was streaming"}
