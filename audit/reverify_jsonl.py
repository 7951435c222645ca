#!/usr/bin/env python3
"""Re-verifies an exported decision trail (JSON lines) with nothing but Python's standard library.

    python3 reverify_jsonl.py decision-trail-round-1.jsonl [--head HASH]

Each line holds an event's fields and its "hash". The hash is SHA-256 over the line without "hash",
encoded as JSON with sorted keys, separators (",", ":") and UTF-8 (not ASCII-escaped). Each event's
"prev_hash" must equal the hash of the line before it (64 zeros for the first), and "seq" must
count up from 1 without gaps. --head checks the last hash against a published or checkpointed one.
"""

import hashlib
import json
import sys


def verify(lines, head=None):
    prev, expected_seq = "0" * 64, 1
    for number, line in enumerate(lines, start=1):
        event = json.loads(line)
        stated = event.pop("hash")
        body = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if event["seq"] != expected_seq:
            return f"line {number}: expected event #{expected_seq}, found #{event['seq']}"
        if event["prev_hash"] != prev:
            return f"line {number} (event #{event['seq']}): does not link to the event before it"
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != stated:
            return f"line {number} (event #{event['seq']}): contents do not match its hash"
        prev, expected_seq = stated, expected_seq + 1
    if head and head != prev:
        return f"the last hash {prev} is not the expected head {head}"
    return None


if __name__ == "__main__":
    path = sys.argv[1]
    head = sys.argv[sys.argv.index("--head") + 1] if "--head" in sys.argv else None
    with open(path, encoding="utf-8") as handle:
        problem = verify(handle, head)
    print(problem or "OK: every event matches its hash and links to the one before.")
    sys.exit(1 if problem else 0)
