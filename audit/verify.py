"""Recomputes the hash chains, checks them against signed checkpoints and replays them against
the live tables. Streams the events table, so memory stays flat however long the trail grows.

Nothing the chain row says is trusted: the round a chain belongs to is read from its key
("round:<pk>"), which every event's hash covers, and each event must name that round. Every round
must have its chain, with events in it. Every problem is named, up to PER_CHAIN_LIMIT a chain.
Every event must carry the app's signature (audit/keys.py), and every event a signed checkpoint
vouches for must still have the hash it had then.
"""

import hmac
from dataclasses import dataclass, field

from django.db.models import Q

from audit.canonical import GENESIS_HASH, event_hash, event_payload, timestamp
from audit.checkpoints import Checkpoint
from audit.keys import event_keys
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
    "key_id",
    "signature",
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
    checkpoint_dir: bool = False  # whether AUDIT_CHECKPOINT_DIR is configured

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


def verify_chains(
    chains=None,
    chunk_size: int = 5000,
    limit: int = PER_CHAIN_LIMIT,
    checkpoints: list[Checkpoint] = (),
    after: dict[int, tuple[int, str, str]] | None = None,
    progress=None,
) -> Result:
    """Checks every event of the given chains (all if None) in sequence order.

    `after` (chain id -> seq, hash, key id of an event already verified) checks only the events
    after it, linking the first of them to it: what the trail page does between full checks.
    `progress(events_checked)` is called every `chunk_size` events.

    Names every event that does not match, up to `limit` a chain: a changed field (hash differs),
    a deleted or inserted event (a gap or a broken link), two events swapped (broken link), an
    event naming another round than its chain's key, an event not signed with one of the app's
    event keys (forged, backdated or re-hashed by someone without the key), a change of key with
    no recorded rotation, or a tail removed (the chain's head row, or a checkpoint, is past the
    last event). Given signed `checkpoints` (already checked with check_checkpoints), every event
    they list must still have the hash they recorded: the first that does not is named. After a
    problem it carries on from the event as stored, so later, separate changes are still found.
    A chain row whose round disagrees with its key is named too.
    """
    chain_rows = {c.pk: c for c in (chains if chains is not None else Chain.objects.all())}
    result = Result(chains=len(chain_rows))
    counts: dict[str, int] = {}
    keys = event_keys()
    expected: dict[str, dict[int, tuple[str, str]]] = {}
    for checkpoint in checkpoints:
        vouched = expected.setdefault(checkpoint.chain, {})
        for seq, digest in checkpoint.expected_hashes().items():
            vouched.setdefault(seq, (digest, checkpoint.at))

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

    resume = after or {}  # (not `after`: each event's own `after` field is unpacked below)
    # A resumed chain is read from its verified point on: "seq > since" walks the (chain, seq)
    # index, where excluding "seq <= since" made PostgreSQL read the whole chain every view.
    wanted = Q(chain_id__in=[pk for pk in chain_rows if pk not in resume])
    for chain_id, (since, _hash, _key) in resume.items():
        if chain_id in chain_rows:
            wanted |= Q(chain_id=chain_id, seq__gt=since)
    events = AuditEvent.objects.filter(wanted)
    events = events.order_by("chain_id", "seq")
    state = {"current": None, "last_seq": 0, "first_rewritten": None, "rewritten": 0}

    def close(chain_id):
        chain = chain_rows[chain_id]
        last_seq = (
            state["last_seq"] if state["current"] == chain_id else resume.get(chain_id, [0])[0]
        )
        if state["first_rewritten"] is not None and state["current"] == chain_id:
            seq, event_id, at = state["first_rewritten"]
            more = state["rewritten"] - 1
            found(
                Finding(
                    chain.key,
                    f"this event no longer has the hash the checkpoint of {at} recorded: the "
                    "trail was rewritten from here"
                    + (
                        f" ({more} later checkpointed events were re-hashed to match)"
                        if more
                        else ""
                    ),
                    seq=seq,
                    event_id=event_id,
                )
            )
        vouched = expected.get(chain.key, {})
        beyond = [seq for seq in vouched if seq > last_seq]
        if beyond:
            at = vouched[max(beyond)][1]
            found(
                Finding(
                    chain.key,
                    f"the checkpoint of {at} recorded events up to #{max(beyond)} but the trail "
                    f"ends at #{last_seq}: events were removed from its end",
                    seq=last_seq + 1,
                )
            )
        if chain.head_seq > last_seq:
            found(
                Finding(
                    chain.key,
                    f"the chain's head says it has {chain.head_seq} events but only "
                    f"{last_seq} were found: events were removed from its end",
                    seq=last_seq + 1,
                )
            )
        elif chain.head_seq < last_seq and _head_seq_now(chain) < last_seq:
            # (Read again: an event committed while this check ran moves the head on too.)
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
    expected_seq, prev_hash, prev_key = 1, GENESIS_HASH, None
    vouched: dict[int, tuple[str, str]] = {}
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
            key_id,
            signature,
        ) = row
        if chain_id != state["current"]:
            if state["current"] is not None:
                close(state["current"])
            state.update(current=chain_id, last_seq=0, first_rewritten=None, rewritten=0)
            expected_seq, prev_hash, prev_key = 1, GENESIS_HASH, None
            if chain_id in resume:
                since, prev_hash, prev_key = resume[chain_id]
                expected_seq = since + 1
            vouched = expected.get(chain_rows[chain_id].key, {})
            seen.add(chain_id)
        result.events += 1
        if progress is not None and result.events % chunk_size == 0:
            progress(result.events)
        state["last_seq"] = seq
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
            else:
                problem = _signature_problem(keys, key_id, signature, stored_hash)
        rotated = action == "audit.key_rotated" and (before or {}).get("key") == prev_key
        if not problem and prev_key is not None and key_id != prev_key and not rotated:
            problem = (
                f"the signing key changes here from {prev_key} to {key_id} without a "
                "recorded rotation"
            )
        if problem:
            found(Finding(key, problem, seq=seq, event_id=event_id))
        if seq in vouched and vouched[seq][0] != stored_hash:
            if state["first_rewritten"] is None:
                state["first_rewritten"] = (seq, event_id, vouched[seq][1])
            state["rewritten"] += 1
        # Carry on from the event as stored, so the next problem is found on its own.
        prev_hash, prev_key = stored_hash, key_id
        expected_seq = seq + 1
    if state["current"] is not None:
        close(state["current"])
    for chain_id in chain_rows:
        if chain_id not in seen:
            state["current"] = None
            close(chain_id)
    return result


def _head_seq_now(chain: Chain) -> int:
    return Chain.objects.filter(pk=chain.pk).values_list("head_seq", flat=True).first() or 0


def _signature_problem(keys, key_id: str, signature: str, stored_hash: str) -> str | None:
    if not signature:
        return "it is not signed: it was not written by the app"
    key = keys.get(key_id)
    if key is None:
        return (
            f"it is signed with the key {key_id!r}, which this server does not hold: it was "
            "forged, or the key was removed from AUDIT_EVENT_KEYS"
        )
    if not hmac.compare_digest(key.sign(stored_hash), signature):
        return (
            "its signature does not match: it was forged, backdated or re-hashed by someone "
            "without the app's key"
        )
    return None


def verify_rounds(round_ids=None) -> list[Finding]:
    """Every round (or those given) has its chain, keyed "round:<pk>", with events in it."""
    round_model = Chain._meta.get_field("round").related_model  # audit sits below commissioning
    rounds = round_model._default_manager.order_by("pk")
    if round_ids is not None:
        rounds = rounds.filter(pk__in=round_ids)
    keys = {f"round:{pk}": pk for pk in rounds.values_list("pk", flat=True)}
    chains = dict(Chain.objects.filter(key__in=list(keys)).values_list("key", "head_seq"))
    with_events = {
        key
        for key in keys
        if AuditEvent.objects.filter(chain__key=key).exists()  # stops at the first event
    }
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
