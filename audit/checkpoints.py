"""Signed checkpoints: a chain's head written down outside the database.

Whoever can write the database could recompute a whole chain, so the council keeps (or publishes)
checkpoints signed with a key the database never holds (AUDIT_CHECKPOINT_KEY). HMAC-SHA256 over the
canonical encoding of chain, sequence number, head hash and time.
"""

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass

from django.utils import timezone

from audit.canonical import GENESIS_HASH, encode
from audit.models import AuditEvent, Chain


class CheckpointError(ValueError):
    pass


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    seq: int
    hash: str
    at: str
    signature: str = ""

    def body(self) -> dict:
        return {"chain": self.chain, "seq": self.seq, "hash": self.hash, "at": self.at}

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def _sign(body: dict, key: str) -> str:
    if not key:
        raise CheckpointError("AUDIT_CHECKPOINT_KEY is not set: checkpoints cannot be signed.")
    return hmac.new(key.encode("utf-8"), encode(body), hashlib.sha256).hexdigest()


def signature_ok(checkpoint: Checkpoint, key: str) -> bool:
    return hmac.compare_digest(_sign(checkpoint.body(), key), checkpoint.signature)


def take(key: str, chains=None) -> list[Checkpoint]:
    """One signed checkpoint per chain, at its last recorded event."""
    if not key:
        raise CheckpointError("AUDIT_CHECKPOINT_KEY is not set: checkpoints cannot be signed.")
    now = timezone.now().isoformat(timespec="seconds")
    checkpoints = []
    for chain in chains if chains is not None else Chain.objects.order_by("key"):
        last = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, head = last if last else (0, GENESIS_HASH)
        body = {"chain": chain.key, "seq": seq, "hash": head, "at": now}
        checkpoints.append(Checkpoint(**body, signature=_sign(body, key)))
    return checkpoints


def parse(lines) -> list[Checkpoint]:
    checkpoints = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            checkpoints.append(
                Checkpoint(
                    chain=str(data["chain"]),
                    seq=int(data["seq"]),
                    hash=str(data["hash"]),
                    at=str(data["at"]),
                    signature=str(data["signature"]),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(f"Line {number} is not a checkpoint: {exc}") from exc
    return checkpoints
