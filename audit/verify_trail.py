"""The chains checked against the signed checkpoints in AUDIT_CHECKPOINT_DIR (audit/checkpoints.py):
each checkpoint's signature first, then the events it vouches for (audit/verify.py)."""

from audit import checkpoints as checkpoint_store
from audit.checkpoints import Checkpoint, CheckpointError
from audit.keys import public_keys
from audit.models import Chain
from audit.verify import Finding, Result, verify_chains


def check_checkpoints(items, result: Result) -> list[Checkpoint]:
    """The checkpoints whose signature checks out with a known public key; a finding for each
    that does not (or that could not be read). Pass the good ones to verify_chains."""
    keys = public_keys()
    good = []
    for item in items:
        if isinstance(item, CheckpointError):
            result.findings.append(
                Finding("checkpoints", f"a checkpoint file cannot be read: {item}")
            )
            continue
        result.checkpoints += 1
        if item.key not in keys:
            problem = (
                f"the checkpoint of {item.at} is signed with the key {item.key!r}, which is not "
                "one of the app's public keys (AUDIT_SIGNING_KEY, AUDIT_PUBLIC_KEYS)"
            )
        elif not item.signature_ok(keys):
            problem = (
                f"the checkpoint of {item.at} has a bad signature: it was altered or not signed "
                "by the app"
            )
        else:
            good.append(item)
            continue
        result.findings.append(Finding(item.chain, problem, seq=item.seq))
    return good


def verify_trail(chains=None, extra_checkpoints=(), after=None, progress=None) -> Result:
    """The chains checked against every checkpoint in AUDIT_CHECKPOINT_DIR (and any given). With
    `after` (see verify_chains), only events after it, and only checkpoints past it."""
    chains = list(chains) if chains is not None else list(Chain.objects.all())
    pre = Result()
    since = min((seq for seq, _h, _k in (after or {}).values()), default=0)
    items = checkpoint_store.load_directory([c.key for c in chains], min_seq=since)
    items += list(extra_checkpoints)
    wanted = {c.key for c in chains}
    items = [i for i in items if isinstance(i, CheckpointError) or i.chain in wanted]
    good = check_checkpoints(items, pre)
    result = verify_chains(chains, checkpoints=good, after=after, progress=progress)
    result.checkpoints = pre.checkpoints
    result.findings = pre.findings + result.findings
    result.checkpoint_dir = checkpoint_store.directory() is not None
    return result
