"""Hostile files, built small and on the fly, for tests/test_hostile_input.py and the benchmark
tests/perf/bench_hostile_uploads.py. Nothing here is checked in as a binary."""

import io
import struct
import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


ODT = _zip({"mimetype": ODT_MIMETYPE, "content.xml": b"<x/>"})


def _patch(data: bytes, member: str, *, flags: int = 0, method: int | None = None) -> bytes:
    """Sets general-purpose flag bits, or the compression method, of one member in both its local
    header and its central directory entry; the packed bytes themselves are left as they are."""
    out = bytearray(data)
    package = zipfile.ZipFile(io.BytesIO(data))
    info = package.getinfo(member)
    local = info.header_offset
    assert out[local : local + 4] == b"PK\x03\x04"
    offset = package.start_dir
    while out[offset : offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, offset + 28)
        name = bytes(out[offset + 46 : offset + 46 + name_len]).decode()
        if name == member:
            for at in (local + 6, offset + 8):  # flag bits
                struct.pack_into("<H", out, at, struct.unpack_from("<H", out, at)[0] | flags)
            if method is not None:
                struct.pack_into("<H", out, local + 8, method)
                struct.pack_into("<H", out, offset + 10, method)
            return bytes(out)
        offset += 46 + name_len + extra_len + comment_len
    raise KeyError(member)


def encrypted(data: bytes, member: str) -> bytes:
    """The member is flagged as encrypted (bit 0); zipfile asks for a password (RuntimeError)."""
    return _patch(data, member, flags=0x1)


def unsupported_compression(data: bytes, member: str) -> bytes:
    """The member claims Deflate64 (method 9), which zipfile cannot unpack (NotImplementedError)."""
    return _patch(data, member, method=9)


def _rewritten(data: bytes, member: str, write, changes=None) -> bytes:
    """A copy of the zip in which `write(handle, original)` writes `member` in chunks (added when
    missing) and `changes[name](content)` rewrites small parts."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    changes = changes or {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != member:
                target.writestr(info.filename, changes.get(info.filename, bytes)(content))
        original = source.read(member) if member in source.namelist() else b""
        with target.open(member, "w", force_zip64=True) as handle:
            write(handle, original)
    return out.getvalue()


SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings_bomb(xlsx: bytes, count: int) -> bytes:
    """A real .xlsx whose shared-strings table holds `count` short, different strings that no cell
    uses: 1.6 million of them pack into about 4 MB. openpyxl loads them all when it opens the file.
    """

    def write(handle, original):
        handle.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        batch = 10_000
        for start in range(0, count, batch):
            handle.write(
                b"".join(b"<si><t>%d</t></si>" % n for n in range(start, min(count, start + batch)))
            )
        handle.write(b"</sst>")

    def declare(types):
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST}"/>'
        return (
            types
            if SST.encode() in types
            else types.replace(b"</Types>", override.encode() + b"</Types>")
        )

    def relate(rels):
        rel = f'<Relationship Type="{SST_REL}" Target="sharedStrings.xml" Id="rIdBomb"/>'
        return (
            rels
            if SST_REL.encode() in rels
            else rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        )

    changes = {"[Content_Types].xml": declare, "xl/_rels/workbook.xml.rels": relate}
    return _rewritten(xlsx, "xl/sharedStrings.xml", write, changes)


def cells_bomb(xlsx: bytes, count: int) -> bytes:
    """A real .xlsx with `count` empty cells in rows of 15,000 below the bids, each with its own
    reference so the part does not compress like a zip bomb."""
    from openpyxl.utils import get_column_letter

    width = 15_000
    letters = [get_column_letter(n).encode() for n in range(1, width + 1)]

    def write(handle, content):
        head, tail = content.split(b"</sheetData>", 1)
        handle.write(head)
        row = 900
        for start in range(0, count, width):
            cells = min(width, count - start)
            handle.write(b'<row r="%d">' % row)
            handle.write(b"".join(b'<c r="%s%d"/>' % (letters[n], row) for n in range(cells)))
            handle.write(b"</row>")
            row += 1
        handle.write(b"</sheetData>" + tail)

    return _rewritten(xlsx, "xl/worksheets/sheet1.xml", write)


def huge_exponent_cell() -> str:
    return "1e400000000"


def document_bomb(member: str, megabytes: int) -> bytes:
    """A .docx-looking zip whose `member` unpacks to `megabytes` MB of spaces (about 190 KB for
    190 MB), written in chunks so building it stays light."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        if member != "word/document.xml":
            package.writestr("word/document.xml", b"<w:document/>")
        with package.open(member, "w", force_zip64=True) as handle:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                handle.write(chunk)
    return out.getvalue()


def padded_sheet(xlsx: bytes, megabytes: int) -> bytes:
    """A real .xlsx whose sheet is padded with `megabytes` MB of spaces: a zip bomb of ~300 KB."""

    def write(handle, content):
        head, tail = content.split(b"</sheetData>", 1)
        handle.write(head)
        chunk = b" " * (1024 * 1024)
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(b"</sheetData>" + tail)

    return _rewritten(xlsx, "xl/worksheets/sheet1.xml", write)
