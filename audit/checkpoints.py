"""Signed checkpoints: a chain's head written down outside the database, signed so anyone can check.

Whoever holds the event key could recompute a whole chain, and whoever can write the database could
cut its newest events off. So at every stage move, at every publication and from cron, the app
signs each chain's head with its Ed25519 key (audit/keys.py) and writes it to AUDIT_CHECKPOINT_DIR,
a directory it only ever adds files to. Anyone with the published public key can check a
checkpoint; `verify_audit` reads them all and names what no longer matches.

A checkpoint written to the directory also lists the hashes of the events since the chain's
previous checkpoint, so a consistent rewrite is named at its first changed event, not just at the
head. The list is covered by the signature.
"""

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audit.canonical import GENESIS_HASH, encode
from audit.keys import checkpoint_key, public_keys, signature_valid
from audit.models import AuditEvent, Chain

TYPE = "co-commissioning audit checkpoint v1"
FIELDS = {"type", "chain", "seq", "hash", "at", "key", "signature", "from_seq", "hashes"}
HASH = re.compile(r"^[0-9a-f]{64}$")


class CheckpointError(ValueError):
    pass


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    seq: int
    hash: str
    at: str
    key: str = ""
    signature: str = ""
    # Hashes of events from_seq..seq, when the checkpoint lists them (directory checkpoints do).
    from_seq: int | None = None
    hashes: tuple[str, ...] = field(default_factory=tuple)

    def body(self) -> dict:
        body = {
            "type": TYPE,
            "chain": self.chain,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "key": self.key,
        }
        if self.from_seq is not None:
            body["from_seq"] = self.from_seq
            body["hashes"] = list(self.hashes)
        return body

    def message(self) -> bytes:
        """The bytes signed: the canonical encoding of everything but the signature."""
        return encode(self.body(), normalised=True)

    def to_json(self) -> str:
        return json.dumps(
            {**self.body(), "signature": self.signature},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    def signature_ok(self, keys: dict[str, bytes] | None = None) -> bool:
        keys = public_keys() if keys is None else keys
        public = keys.get(self.key)
        return public is not None and signature_valid(public, self.message(), self.signature)

    def expected_hashes(self) -> dict[int, str]:
        """seq -> hash for every event this checkpoint vouches for."""
        known = {self.seq: self.hash} if self.seq else {}
        if self.from_seq is not None:
            known.update(zip(range(self.from_seq, self.seq + 1), self.hashes, strict=False))
        return known


def _require_key():
    key = checkpoint_key()
    if key is None:
        raise CheckpointError(
            "AUDIT_SIGNING_KEY is not set: checkpoints cannot be signed. See the README, 'Keys'."
        )
    return key


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def sign(chain: str, seq: int, head: str, *, from_seq=None, hashes=()) -> Checkpoint:
    key = _require_key()
    unsigned = Checkpoint(
        chain=chain,
        seq=seq,
        hash=head,
        at=_now(),
        key=key.id,
        from_seq=from_seq,
        hashes=tuple(hashes),
    )
    return Checkpoint(**{**unsigned.__dict__, "signature": key.sign(unsigned.message())})


def _head(chain: Chain) -> tuple[int, str]:
    """The chain's last event as stored (never the chain row's head, which is only a cache)."""
    last = (
        AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", "hash").first()
    )
    return last if last else (0, GENESIS_HASH)


def take(chains=None) -> list[Checkpoint]:
    """One signed checkpoint per chain, at its last recorded event (no event list)."""
    _require_key()
    return [
        sign(chain.key, *_head(chain))
        for chain in (chains if chains is not None else Chain.objects.order_by("key"))
    ]


# The directory ---------------------------------------------------------------------------------


def directory() -> Path | None:
    raw = settings.AUDIT_CHECKPOINT_DIR
    return Path(raw) if raw else None


def _folder(chain_key: str) -> str:
    return chain_key.replace(":", "-")


def write(chains=None) -> list[Path]:
    """Signs and writes a checkpoint for each chain whose head moved since its last one there.

    Each file is created exclusively and never rewritten. Returns the files written."""
    root = directory()
    if root is None:
        raise CheckpointError("AUDIT_CHECKPOINT_DIR is not set: there is nowhere to write to.")
    _require_key()
    written = []
    for chain in chains if chains is not None else Chain.objects.order_by("key"):
        latest = latest_in_directory(chain.key)
        since = latest.seq if latest else 0
        rows = list(
            AuditEvent.objects.filter(chain=chain, seq__gt=since)
            .order_by("seq")
            .values_list("seq", "hash")
        )
        if not rows:
            continue
        seq, head = rows[-1]
        checkpoint = sign(chain.key, seq, head, from_seq=since + 1, hashes=[h for _, h in rows])
        folder = root / _folder(chain.key)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = checkpoint.at.replace(":", "").replace("-", "")[:15]
        path = folder / f"{seq:012d}-{stamp}-{checkpoint.signature[:8]}.json"
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(checkpoint.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        written.append(path)
    return written


def latest_in_directory(chain_key: str) -> Checkpoint | None:
    found = load_directory([chain_key])
    return max(found, key=lambda c: c.seq) if found else None


def load_directory(chain_keys=None, min_seq: int = 0) -> list["Checkpoint | CheckpointError"]:
    """Every checkpoint in the directory (for the given chains, past `min_seq`), or the error
    reading each bad file, so a damaged file is reported rather than skipped. A file's name starts
    with its checkpoint's sequence number, so files at or below `min_seq` are not even read."""
    root = directory()
    if root is None or not root.is_dir():
        return []
    folders = (
        [root / _folder(k) for k in chain_keys]
        if chain_keys is not None
        else [p for p in root.iterdir() if p.is_dir()]
    )
    found = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            named_seq = path.name.split("-", 1)[0]
            if min_seq and named_seq.isdigit() and int(named_seq) <= min_seq:
                continue
            try:
                found.extend(parse(path.read_text(encoding="utf-8").splitlines()))
            except (OSError, UnicodeDecodeError, CheckpointError) as exc:
                found.append(CheckpointError(f"{path.name}: {exc}"))
    return found


def parse(lines) -> list[Checkpoint]:
    """Strict: every field typed and known, or CheckpointError naming the line."""
    checkpoints = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append(from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(f"line {number} is not a checkpoint: {exc}") from exc
    return checkpoints


def from_dict(data) -> Checkpoint:
    if not isinstance(data, dict) or set(data) - FIELDS or data.get("type") != TYPE:
        raise ValueError("unknown format")
    seq, head, signature = data["seq"], data["hash"], data["signature"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValueError("seq must be a whole number")
    if not isinstance(head, str) or not HASH.match(head):
        raise ValueError("hash must be 64 hexadecimal digits")
    if not all(isinstance(data[k], str) for k in ("chain", "at", "key", "signature")):
        raise ValueError("chain, at, key and signature must be text")
    from_seq, hashes = data.get("from_seq"), data.get("hashes")
    if (from_seq is None) != (hashes is None):
        raise ValueError("from_seq and hashes come together")
    if from_seq is not None and (
        not isinstance(from_seq, int)
        or isinstance(from_seq, bool)
        or not isinstance(hashes, list)
        or from_seq < 1
        or len(hashes) != seq - from_seq + 1
        or not all(isinstance(h, str) and HASH.match(h) for h in hashes)
        or hashes[-1] != head
    ):
        raise ValueError("its list of event hashes does not fit its sequence numbers")
    return Checkpoint(
        chain=data["chain"],
        seq=seq,
        hash=head,
        at=data["at"],
        key=data["key"],
        signature=signature,
        from_seq=from_seq,
        hashes=tuple(hashes or ()),
    )
