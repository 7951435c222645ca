"""Measuring an uploaded zip package (.xlsx, .docx, .odt) without unpacking it.

Two steps, each bounded. `directory_problem` reads only the central directory: how many parts,
their declared sizes and ratios, and the flags and compression methods zipfile cannot read (an
encrypted part raises RuntimeError, an unknown method NotImplementedError). `count_tags` then
streams one part through the decompressor in 1 MB chunks, counting elements and stopping the moment
a cap is passed, so nothing is ever inflated whole. zipfile never returns more bytes for a part than
the size its directory declares (it stops there and checks the CRC), so the directory's sizes bound
every read that follows.
"""

import re
import struct
import zipfile
import zlib

ENCRYPTED, METHOD, BOMB, DAMAGED = "encrypted", "method", "bomb", "damaged"
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Office and LibreOffice write
_ENCRYPTION_BITS = 0x1 | 0x40  # traditional and strong encryption
_PATCHED_BIT = 0x20
CHUNK = 1024 * 1024
OVERLAP = 256  # longest element start a pattern may need to see whole
# What zipfile raises on a damaged or hostile part (a negative seek is a ValueError).
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


class TooMany(Exception):
    """A part holds more of an element than its cap allows."""

    def __init__(self, tag: str, cap: int):
        super().__init__(f"more than {cap} <{tag}>")
        self.tag, self.cap = tag, cap


def directory_problem(
    parts, *, max_parts: int, max_unpacked: int, max_ratio: int, ratio_floor: int
) -> str | None:
    """ENCRYPTED, METHOD or BOMB when the directory alone shows the package cannot be read safely."""
    if len(parts) > max_parts:
        return BOMB
    total = 0
    for part in parts:
        if part.flag_bits & _ENCRYPTION_BITS:
            return ENCRYPTED
        if part.flag_bits & _PATCHED_BIT or part.compress_type not in READABLE_METHODS:
            return METHOD
        total += part.file_size
        if part.file_size > ratio_floor and part.file_size > max_ratio * max(part.compress_size, 1):
            return BOMB
    return BOMB if total > max_unpacked else None


def element_pattern(*tags: str) -> re.Pattern:
    """Start tags such as <c ...>, <c/>, <x:c> for the given local names."""
    names = "|".join(re.escape(t) for t in tags)
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(" + names.encode() + rb")(?=[\s/>])")


def scan(package: zipfile.ZipFile, name: str, pattern: re.Pattern, on_match=None) -> None:
    """Streams one part, calling on_match(match) for every match exactly once (a match cut in two
    by the chunking is seen whole in the next round). Raises what on_match raises, or zipfile's
    errors (see UNREADABLE) on a damaged part."""
    tail = b""
    with package.open(name) as source:
        while True:
            chunk = source.read(CHUNK)
            text = tail + chunk
            limit = len(text) if not chunk else max(len(text) - OVERLAP, 0)
            for match in pattern.finditer(text):
                if match.start() >= limit:
                    break
                on_match(match)
            if not chunk:
                return
            tail = text[limit:]


def count_tags(package: zipfile.ZipFile, name: str, caps: dict[str, int]) -> dict[str, int]:
    """How many of each element the part holds; raises TooMany as soon as one passes its cap."""
    counts = dict.fromkeys(caps, 0)

    def count(match):
        tag = match.group(1).decode()
        counts[tag] += 1
        if counts[tag] > caps[tag]:
            raise TooMany(tag, caps[tag])

    scan(package, name, element_pattern(*caps), count)
    return counts


def read_head(package: zipfile.ZipFile, name: str, size: int) -> bytes:
    """At most `size` bytes from the start of a part, however large it claims to be."""
    with package.open(name) as source:
        return source.read(size)
