"""After a load run: is every score the load generator sent saved, and saved right?

For each sheet the last save the server acknowledged must be what the database holds, criterion by
criterion (score and reason), at that version; a sheet the generator saw submitted must be
submitted. A save sent but never acknowledged (an error or a timeout) may or may not have landed:
the database may then hold it instead, and the count of those is printed. Prints a JSON summary;
exits 1 on any sheet that holds neither.

    DJANGO_SETTINGS_MODULE=tests.perf.load.settings python tests/perf/load/check.py record.jsonl
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.load.settings")

import django  # noqa: E402

django.setup()

from scoring.models import CriterionScore, ScoreSheet, SheetStatus  # noqa: E402


def _state(typed: dict) -> dict:
    return {int(pk): (score, reason) for pk, (score, reason) in typed.items()}


def check(record: Path) -> dict:
    acked, pending, submitted = {}, {}, set()
    sent = acks = 0
    for raw in record.read_text().splitlines():
        line = json.loads(raw)
        key = (line["member"], line["bid"])
        if line["kind"] == "sent":
            sent += 1
            pending.setdefault(key, []).append(_state(line["typed"]))
        elif line["kind"] == "ack":
            acks += 1
            acked[key] = (line["version"], _state(line["typed"]))
            pending[key] = [s for s in pending.get(key, []) if s != acked[key][1]]
        elif line["kind"] == "submitted":
            submitted.add(key)

    sheets = {
        (s.assignment.member_id, s.assignment.bid_id): s
        for s in ScoreSheet.objects.select_related("assignment").filter(
            assignment__member_id__in={k[0] for k in acked}
        )
    }
    saved = {}
    for row in CriterionScore.objects.filter(sheet__in=[s.pk for s in sheets.values()]).values(
        "sheet_id", "criterion_id", "score", "reason"
    ):
        saved.setdefault(row["sheet_id"], {})[row["criterion_id"]] = (row["score"], row["reason"])

    wrong, unacked_landed = [], 0
    for key, (version, state) in acked.items():
        sheet = sheets.get(key)
        if sheet is None:
            wrong.append({"sheet": key, "problem": "no sheet in the database"})
            continue
        held = {pk: v for pk, v in saved.get(sheet.pk, {}).items() if v != (None, "")}
        if held == state and sheet.version >= version:
            pass
        elif any(held == later for later in pending.get(key, [])):
            unacked_landed += 1
        else:
            missing = [pk for pk in state if pk not in held]
            differ = [pk for pk in state if pk in held and held[pk] != state[pk]]
            wrong.append({"sheet": key, "missing": missing, "different": differ})
        if key in submitted and sheet.status != SheetStatus.SUBMITTED:
            wrong.append({"sheet": key, "problem": f"acknowledged as submitted, is {sheet.status}"})
    scores = sum(len(state) for _, state in acked.values())
    return {
        "saves_sent": sent,
        "saves_acknowledged": acks,
        "sheets": len(acked),
        "scores_checked": scores,
        "sheets_submitted": len(submitted),
        "unacknowledged_save_landed": unacked_landed,
        "wrong": wrong[:20],
        "wrong_count": len(wrong),
    }


if __name__ == "__main__":
    result = check(Path(sys.argv[1]))
    print(json.dumps(result, indent=1))
    sys.exit(1 if result["wrong_count"] or not result["sheets"] else 0)
