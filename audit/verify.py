"""Recomputes the hash chains, checks them against signed checkpoints and replays them against
the live tables. Streams the events table, so memory stays flat however long the trail grows.

Nothing the chain row says is trusted: the round a chain belongs to is read from its key
("round:<pk>"), which every event's hash covers, and each event must name that round. Every round
must have its chain, with events in it. Every problem is named, up to PER_CHAIN_LIMIT a chain.
"""

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


PER_CHAIN_LIMIT = 100


@dataclass
class Finding:
    chain: str
    problem: str
    seq: int | None = None
    event_id: int | None = None
    count: int = 1  # a summary ("and 12 more problems") stands for several

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

    @property
    def problems(self) -> int:
        """How many problems were found, including those summarised past the per-chain limit."""
        return sum(f.count for f in self.findings)


def capped(findings: list[Finding], limit: int = PER_CHAIN_LIMIT) -> list[Finding]:
    """The first `limit` findings of each chain, then one "and N more" line for the rest."""
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    kept = []
    for finding in findings:
        if shown.get(finding.chain, 0) < limit:
            shown[finding.chain] = shown.get(finding.chain, 0) + 1
            kept.append(finding)
        else:
            hidden[finding.chain] = hidden.get(finding.chain, 0) + finding.count
    for chain, count in hidden.items():
        kept.append(Finding(chain, f"and {count} more problems", count=count))
    return kept


def round_of_key(key: str) -> int | None:
    """The round a chain key names: "round:12" is round 12, "global" none."""
    if key.startswith("round:") and key[6:].isdigit():
        return int(key[6:])
    return None


def verify_chains(chains=None, chunk_size: int = 5000, limit: int = PER_CHAIN_LIMIT) -> Result:
    """Checks every event of the given chains (all if None) in sequence order.

    Names every event that does not match, up to `limit` a chain: a changed field (hash differs),
    a deleted or inserted event (a gap or a broken link), two events swapped (broken link), an
    event naming another round than its chain's key, or a tail removed (the chain's recorded head
    is past the last event). After a problem it carries on from the event as stored, so one
    change is reported once and later, separate changes are still found. A chain row whose round
    disagrees with its key is named too.
    """
    chain_rows = {c.pk: c for c in (chains if chains is not None else Chain.objects.all())}
    result = Result(chains=len(chain_rows))
    counts: dict[str, int] = {}

    def found(finding: Finding):
        counts[finding.chain] = counts.get(finding.chain, 0) + 1
        if counts[finding.chain] <= limit:
            result.findings.append(finding)

    for chain in chain_rows.values():
        expected_round = round_of_key(chain.key)
        if chain.key != Chain.GLOBAL and expected_round is None:
            found(Finding(chain.key, "this chain's key names no round and is not the global one"))
        elif chain.round_id != expected_round:
            found(
                Finding(
                    chain.key,
                    f"the chain row says it belongs to round {chain.round_id} but its key and "
                    f"events say round {expected_round}: the chain row was changed",
                )
            )

    events = AuditEvent.objects.filter(chain_id__in=list(chain_rows)).order_by("chain_id", "seq")
    current = None
    expected_seq, prev_hash, last_seq = 1, GENESIS_HASH, 0

    def close(chain_id, last_seq):
        chain = chain_rows[chain_id]
        if chain.head_seq > last_seq:
            found(
                Finding(
                    chain.key,
                    f"the chain's head says it has {chain.head_seq} events but only "
                    f"{last_seq} were found: events were removed from its end",
                    seq=last_seq + 1,
                )
            )
        elif chain.head_seq < last_seq:
            found(
                Finding(
                    chain.key,
                    f"the chain's head says it has {chain.head_seq} events but {last_seq} "
                    "were found: events were added past its head, or the head was changed",
                    seq=last_seq,
                )
            )
        hidden = counts.get(chain.key, 0) - limit
        if hidden > 0:
            result.findings.append(
                Finding(chain.key, f"and {hidden} more problems in this chain", count=hidden)
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
                close(current, last_seq)
            current, expected_seq, prev_hash = chain_id, 1, GENESIS_HASH
            seen.add(chain_id)
        result.events += 1
        last_seq = seq
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
            elif round_id != round_of_key(key):
                problem = f"it names round {round_id} but belongs to the chain {key}"
        if problem:
            found(Finding(key, problem, seq=seq, event_id=event_id))
        # Carry on from the event as stored, so the next problem is found on its own.
        prev_hash = stored_hash
        expected_seq = seq + 1
    if current is not None:
        close(current, last_seq)
    for chain_id in chain_rows:
        if chain_id not in seen:
            close(chain_id, 0)
    return result


def verify_rounds(round_ids=None) -> list[Finding]:
    """Every round (or those given) has its chain, keyed "round:<pk>", with events in it."""
    round_model = Chain._meta.get_field("round").related_model  # audit sits below commissioning
    rounds = round_model._default_manager.order_by("pk")
    if round_ids is not None:
        rounds = rounds.filter(pk__in=round_ids)
    keys = {f"round:{pk}": pk for pk in rounds.values_list("pk", flat=True)}
    chains = dict(Chain.objects.filter(key__in=list(keys)).values_list("key", "head_seq"))
    with_events = set(
        AuditEvent.objects.filter(chain__key__in=list(keys))
        .values_list("chain__key", flat=True)
        .distinct()
    )
    findings = []
    for key, pk in keys.items():
        if key not in chains:
            findings.append(
                Finding(key, f"round {pk} has no chain: its trail was removed or never kept")
            )
        elif key not in with_events:
            findings.append(
                Finding(key, f"round {pk}'s chain has no events: its trail was removed")
            )
    return findings


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
