#!/usr/bin/env python3
"""Checks an exported decision trail on any machine, with Python's standard library and nothing else.

    python3 reverify_jsonl.py TRAIL.jsonl --public-key HEX [--checkpoint FILE ...]

TRAIL.jsonl is a round's "JSON lines" export. Every line but the last is one event: its fields and
its "hash", the SHA-256 of the line without "hash", encoded as JSON with sorted keys, separators
(",", ":") and UTF-8. Each event's "prev_hash" is the hash of the event before it (64 zeros for the
first), and "seq" counts up from 1 without gaps. The last line is {"checkpoint": {...}}: the head
of the chain, signed by the council's app with Ed25519 when the file was made. --public-key is the
key the council publishes (on each published round's page, or `manage.py audit_keys`). Each
--checkpoint FILE (a line from a round's public page, say) must match the event it names.

It is strict: it says VERIFIED and exits 0 only when every event is checked and a signature by
that key covers the last one. Anything it cannot fully check (unknown fields, a float, a repeated
key, no checkpoint, events past the checkpoint, no public key) is refused, never passed over. Each
event's own HMAC signature needs the council's secret key: the app checks those, not this script.
"""

import hashlib
import json
import sys

EVENT_FIELDS = {
    "chain": str,
    "seq": int,
    "at": str,
    "actor": str,
    "action": str,
    "object_type": str,
    "object_id": str,
    "round": (int, type(None)),
    "before": object,
    "after": object,
    "reason": str,
    "prev_hash": str,
    "hash": str,
}
CHECKPOINT_TYPE = "co-commissioning audit checkpoint v1"
CHECKPOINT_FIELDS = {"type", "chain", "seq", "hash", "at", "key", "signature"}
CHECKPOINT_OPTIONAL = {"from_seq", "hashes"}
GENESIS = "0" * 64
HEX = set("0123456789abcdef")


class Refused(ValueError):
    """The input cannot be fully checked, or does not check out."""


# Ed25519 verification (RFC 8032, section 5.1.7), in plain integers. Slow, and only used on a few
# signatures a file; public data only, so timing does not matter.

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e0 = (y1 - x1) * (y2 - x2) % P
    b0 = (y1 + x1) * (y2 + x2) % P
    c0 = t1 * 2 * D * t2 % P
    d0 = z1 * 2 * z2 % P
    e, f, g, h = b0 - e0, d0 - c0, d0 + c0, b0 + e0
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(scalar, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _decode_point(data: bytes):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


BASE = _decode_point((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decode_point(public), _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _same(_multiply(s, BASE), _add(r, _multiply(h, a)))


# Strict JSON ------------------------------------------------------------------------------------


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Refused("a key appears twice in one object")
    return dict(pairs)


def _no_float(text):
    raise Refused(f"the number {text} is not whole: the trail holds no fractions")


def _no_constant(text):
    raise Refused(f"{text} is not allowed")


def strict_json(line: str):
    return json.loads(
        line,
        object_pairs_hook=_no_duplicates,
        parse_float=_no_float,
        parse_constant=_no_constant,
    )


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _is_hash(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= HEX


def _typed(value, kind) -> bool:
    if kind is object:
        return True
    if isinstance(value, bool):
        return False  # JSON true is not a number
    return isinstance(value, kind)


# The checks -------------------------------------------------------------------------------------


def check_checkpoint(data, public: bytes) -> dict:
    if not isinstance(data, dict):
        raise Refused("the checkpoint is not an object")
    fields = set(data)
    if not fields >= CHECKPOINT_FIELDS or fields - CHECKPOINT_FIELDS - CHECKPOINT_OPTIONAL:
        raise Refused("the checkpoint's fields are not the expected ones")
    if data["type"] != CHECKPOINT_TYPE:
        raise Refused("the checkpoint is of an unknown type")
    if not _typed(data["seq"], int) or data["seq"] < 1 or not _is_hash(data["hash"]):
        raise Refused("the checkpoint's seq or hash is malformed")
    if data["key"] != hashlib.sha256(public).hexdigest()[:16]:
        raise Refused(
            f"the checkpoint is signed with key {data['key']!r}, not with the public key given"
        )
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        signature = bytes.fromhex(data["signature"])
    except (TypeError, ValueError):
        raise Refused("the checkpoint's signature is not hexadecimal") from None
    if not ed25519_verify(public, canonical(body), signature):
        raise Refused("the checkpoint's signature does not match: it was altered or forged")
    return data


def verify(lines, public_key_hex: str, extra_checkpoints=()) -> str:
    """Returns what was verified; raises Refused naming the first thing that fails."""
    try:
        public = bytes.fromhex(public_key_hex)
    except (TypeError, ValueError):
        raise Refused("the public key must be 64 hexadecimal digits") from None
    if len(public) != 32:
        raise Refused("the public key must be 64 hexadecimal digits")
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise Refused("the file holds no events")
    *event_lines, last = lines
    try:
        closing = strict_json(last)
    except ValueError as exc:
        raise Refused(f"the last line is not valid JSON: {exc}") from None
    if not isinstance(closing, dict) or set(closing) != {"checkpoint"}:
        raise Refused("the last line is not a signed checkpoint: nothing proves who wrote this")
    checkpoint = check_checkpoint(closing["checkpoint"], public)
    if not event_lines:
        raise Refused("the file holds no events")

    prev, hashes, chain = GENESIS, {}, None
    for number, line in enumerate(event_lines, start=1):
        try:
            event = strict_json(line)
        except ValueError as exc:
            raise Refused(f"line {number} is not valid JSON: {exc}") from None
        if not isinstance(event, dict) or set(event) != set(EVENT_FIELDS):
            raise Refused(f"line {number}: its fields are not exactly an event's")
        for name, kind in EVENT_FIELDS.items():
            if not _typed(event[name], kind):
                raise Refused(f"line {number}: {name} has the wrong type")
        chain = chain if chain is not None else event["chain"]
        if event["chain"] != chain:
            raise Refused(f"line {number}: belongs to chain {event['chain']!r}, not {chain!r}")
        stated = event.pop("hash")
        if event["seq"] != number:
            raise Refused(f"line {number}: expected event #{number}, found #{event['seq']}")
        if event["prev_hash"] != prev:
            raise Refused(f"line {number} (event #{number}): does not link to the event before it")
        if hashlib.sha256(canonical(event)).hexdigest() != stated:
            raise Refused(f"line {number} (event #{number}): contents do not match its hash")
        hashes[number] = prev = stated

    last_seq = len(event_lines)
    for item in (checkpoint, *extra_checkpoints):
        if item is not checkpoint:
            check_checkpoint(item, public)
        if item["chain"] != chain:
            raise Refused(f"a checkpoint is for chain {item['chain']!r}, not {chain!r}")
        if hashes.get(item["seq"]) != item["hash"]:
            raise Refused(
                f"the checkpoint of {item['at']} names event #{item['seq']} with another hash: "
                "the trail was changed after it was signed"
            )
    if checkpoint["seq"] != last_seq:
        raise Refused(
            f"the signed checkpoint covers events up to #{checkpoint['seq']} but the file has "
            f"{last_seq}: the rest are not signed"
        )
    return (
        f"VERIFIED: {last_seq} events of {chain}, every one matching its hash and linked to the "
        f"one before, the last signed by key {checkpoint['key']} at {checkpoint['at']}"
        + (f", and {len(extra_checkpoints)} more checkpoints match" if extra_checkpoints else "")
        + "."
    )


def main(argv) -> int:
    args = list(argv)
    if not args or args[0].startswith("-"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path, rest = args[0], args[1:]
    public, extra_paths = None, []
    while rest:
        flag = rest.pop(0)
        if flag not in {"--public-key", "--checkpoint"} or not rest:
            print(f"REFUSED: unexpected argument {flag!r}", file=sys.stderr)
            return 2
        value = rest.pop(0)
        if flag == "--public-key":
            public = value
        else:
            extra_paths.append(value)
    if public is None:
        print("REFUSED: give --public-key: without it nothing proves who wrote the file.")
        return 2
    try:
        extra = []
        for extra_path in extra_paths:
            with open(extra_path, encoding="utf-8") as handle:
                extra.extend(strict_json(line) for line in handle if line.strip())
        with open(path, encoding="utf-8") as handle:
            print(verify(handle.read().split("\n"), public, extra))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"REFUSED: cannot read the file: {exc}")
        return 2
    except (Refused, ValueError, RecursionError) as exc:
        print(f"REFUSED: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
