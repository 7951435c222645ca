"""The round's trail as .xlsx (for people) and JSON lines (for re-verification by a third party)."""

import json

from django.db import transaction
from openpyxl import Workbook

from audit import checkpoints
from audit.canonical import event_payload, timestamp
from audit.keys import checkpoint_key
from audit.models import AuditEvent
from audit.recorder import record
from config.spreadsheets import safe_cell, saved

COLUMNS = [
    "Sequence",
    "Time (UTC)",
    "Actor id",
    "Actor name",
    "Action",
    "Object type",
    "Object id",
    "Reason",
    "Before",
    "After",
    "Previous hash",
    "Hash",
]

JSONL_CHUNK = 64 * 1024  # characters per chunk of the streamed JSON lines export


@transaction.atomic
def record_export(round_, *, by, file_format: str):
    """Records that `by` took a copy of the round's trail. Recorded before the file is written, so
    the copy itself shows who took it and when."""
    record(
        "trail.exported",
        round=round_,
        actor=by,
        object_type="audit.export",
        object_id=str(round_.pk),
        after={"format": file_format},
    )


def _rows(round_, chunk_size=2000):
    return (
        AuditEvent.objects.for_round(round_)
        .select_related("chain")
        .order_by("seq")
        .iterator(chunk_size=chunk_size)
    )


def payload_of(event: AuditEvent) -> dict:
    return event_payload(
        chain=event.chain.key,
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        round_id=event.round_id,
        before=event.before,
        after=event.after,
        reason=event.reason,
        prev_hash=event.prev_hash,
    )


# The canonical encoding's settings (audit/canonical.py), one encoder for every line.
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode

_JSONL_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "round_id",
    "before",
    "after",
    "reason",
    "prev_hash",
    "hash",
)


def jsonl_lines(round_, chunk_size=2000):
    """One line per event: exactly the hashed payload, plus its hash. Then, as the last line, the
    head of what was sent signed with the app's Ed25519 key ({"checkpoint": ...}), so anyone with
    the published public key can check the whole file offline (audit/reverify_jsonl.py). Without
    a signing key there is no last line, and the offline check refuses the file.

    Each line is encoded once, from the stored columns as the verifier hashes them
    (audit/verify.py): stored JSON is already canonical, only the time needs formatting. The text
    is the same as encoding payload_of(event), reading it back and dumping it with the hash."""
    chain = f"round:{round_.pk}"  # the chain for_round reads
    rows = (
        AuditEvent.objects.for_round(round_)
        .order_by("seq")
        .values_list(*_JSONL_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    last = None
    for row in rows:
        seq, at, actor, action, object_type, object_id, round_id, before, after, reason = row[:10]
        line = event_payload(
            chain=chain,
            seq=seq,
            at=timestamp(at),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            round_id=round_id,
            before=before,
            after=after,
            reason=reason,
            prev_hash=row[10],
        )
        line["hash"] = row[11]
        last = (chain, seq, row[11])
        yield _canonical(line) + "\n"
    if last is not None and checkpoint_key() is not None:
        closing = json.loads(checkpoints.sign(*last).to_json())
        yield json.dumps({"checkpoint": closing}, sort_keys=True, separators=(",", ":")) + "\n"


def jsonl_chunks(round_, size: int = JSONL_CHUNK):
    """jsonl_lines joined into chunks of about `size` characters, whole lines each: one small
    write per event made the download crawl."""
    parts, length = [], 0
    for line in jsonl_lines(round_):
        parts.append(line)
        length += len(line)
        if length >= size:
            yield "".join(parts)
            parts, length = [], 0
    if parts:
        yield "".join(parts)


def xlsx_file(round_, actor_names: dict[str, str], method_changed: bool):
    """Writes the workbook row by row (write-only mode) to a temporary file and returns it."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Decision trail")
    if method_changed:
        sheet.append([safe_cell(sheet, "Method changed after bids were received")])
    sheet.append([safe_cell(sheet, c) for c in COLUMNS])
    for event in _rows(round_):
        sheet.append(
            [
                safe_cell(sheet, value)
                for value in (
                    event.seq,
                    event.at.replace(tzinfo=None),
                    event.actor,
                    actor_names.get(event.actor, event.actor),
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.reason,
                    json.dumps(event.before, sort_keys=True, ensure_ascii=False)
                    if event.before is not None
                    else "",
                    json.dumps(event.after, sort_keys=True, ensure_ascii=False)
                    if event.after is not None
                    else "",
                    event.prev_hash,
                    event.hash,
                )
            ]
        )
    return saved(book)
