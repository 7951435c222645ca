"""Recomputes the hash chains, checks them against signed checkpoints and replays them against
the live tables. Streams the events table, so memory stays flat however long the trail grows."""

from dataclasses import dataclass, field

from audit.canonical import GENESIS_HASH, event_hash, event_payload, timestamp
from audit.checkpoints import Checkpoint, signature_ok
from audit.models import AuditEvent, Chain

STREAM_FIELDS = (
    "id",
    "chain_id",
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


@dataclass
class Finding:
    chain: str
    problem: str
    seq: int | None = None
    event_id: int | None = None

    def __str__(self):
        where = f"{self.chain}, event #{self.seq}" if self.seq is not None else self.chain
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where}: {self.problem}"


@dataclass
class Result:
    chains: int = 0
    events: int = 0
    findings: list[Finding] = field(default_factory=list)
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


def verify_chains(chains=None, chunk_size: int = 5000) -> Result:
    """Checks every event of the given chains (all if None) in sequence order.

    For each chain it names the first event that does not match: a changed field (hash differs), a
    deleted or inserted event (a gap or a broken link), two events swapped (broken link), or a tail
    removed (the chain's recorded head is past the last event).
    """
    chain_rows = {c.pk: c for c in (chains if chains is not None else Chain.objects.all())}
    result = Result(chains=len(chain_rows))
    events = AuditEvent.objects.filter(chain_id__in=list(chain_rows)).order_by("chain_id", "seq")
    current = None
    expected_seq, prev_hash, broken = 1, GENESIS_HASH, False

    def close(chain_id, last_seq):
        chain = chain_rows[chain_id]
        if not broken and chain.head_seq != last_seq:
            result.findings.append(
                Finding(
                    chain.key,
                    f"the chain's head says it has {chain.head_seq} events but only "
                    f"{last_seq} were found: events were removed from its end",
                    seq=last_seq + 1,
                )
            )

    seen = set()
    for row in events.values_list(*STREAM_FIELDS).iterator(chunk_size=chunk_size):
        (
            event_id,
            chain_id,
            seq,
            at,
            actor,
            action,
            object_type,
            object_id,
            round_id,
            before,
            after,
            reason,
            stored_prev,
            stored_hash,
        ) = row
        if chain_id != current:
            if current is not None:
                close(current, expected_seq - 1)
            current, expected_seq, prev_hash, broken = chain_id, 1, GENESIS_HASH, False
            seen.add(chain_id)
        result.events += 1
        if broken:
            continue
        key = chain_rows[chain_id].key
        problem = None
        if seq != expected_seq:
            problem = (
                f"expected event #{expected_seq} but found #{seq}: an event is missing here"
                if seq > expected_seq
                else f"event #{seq} appears out of order"
            )
        elif stored_prev != prev_hash:
            problem = (
                "it does not link to the event before it: an event was inserted, removed or moved"
            )
        else:
            payload = event_payload(
                chain=key,
                seq=seq,
                at=timestamp(at),  # stored JSON is already canonical; only this needs formatting
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                round_id=round_id,
                before=before,
                after=after,
                reason=reason,
                prev_hash=stored_prev,
            )
            if event_hash(payload, normalised=True) != stored_hash:
                problem = "its contents do not match its hash: the event was changed"
        if problem:
            result.findings.append(Finding(key, problem, seq=seq, event_id=event_id))
            broken = True
            continue
        prev_hash = stored_hash
        expected_seq += 1
    if current is not None:
        close(current, expected_seq - 1)
    for chain_id, chain in chain_rows.items():
        if chain_id not in seen and chain.head_seq:
            close(chain_id, 0)
    return result


def verify_checkpoints(checkpoints: list[Checkpoint], key: str, result: Result) -> None:
    """Proves the trail still contains each checkpointed head, so a consistent rewrite is caught."""
    for checkpoint in checkpoints:
        result.checkpoints += 1
        if not signature_ok(checkpoint, key):
            result.findings.append(
                Finding(
                    checkpoint.chain,
                    f"the checkpoint of {checkpoint.at} has a bad signature: the file was altered "
                    "or signed with another key",
                    seq=checkpoint.seq,
                )
            )
            continue
        if checkpoint.seq == 0:
            continue
        stored = (
            AuditEvent.objects.filter(chain__key=checkpoint.chain, seq=checkpoint.seq)
            .values_list("id", "hash")
            .first()
        )
        if stored is None:
            result.findings.append(
                Finding(
                    checkpoint.chain,
                    f"this event, recorded in the checkpoint of {checkpoint.at}, is missing",
                    seq=checkpoint.seq,
                )
            )
        elif stored[1] != checkpoint.hash:
            result.findings.append(
                Finding(
                    checkpoint.chain,
                    f"this event no longer matches the checkpoint of {checkpoint.at}: the trail "
                    "was rewritten at or before it",
                    seq=checkpoint.seq,
                    event_id=stored[0],
                )
            )
