"""Publication: a decided, signed-off round becomes public, final and read-only for good.

The officer publishes by moving the round from decided to published (commissioning.stages), which
checks every signature is given (decisions/signoff.py) and the trail can be signed. As the stage
moves, in the same transaction, the round's trail head is taken and signed (audit/checkpoints.py)
and kept as the Publication, so anyone holding a copy of the trail can check it against the hash
on the public page with the app's public key; feedback to the panel is released. The same checkpoint
is written to AUDIT_CHECKPOINT_DIR, like every stage move's. Once committed, round_published is sent
(the "You said, we did" emails hang on it).
"""

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse

import audit
from audit import checkpoints
from audit.keys import checkpoint_key
from audit.models import Chain
from audit.recorder import chain_key
from commissioning.models import Round, Stage
from commissioning.signals import stage_moved
from commissioning.stages import Problem, guard
from decisions.models import Publication
from decisions.signals import round_published


def publication_snapshot(p: Publication) -> dict:
    return {
        "round": p.round_id,
        "published_at": p.published_at.isoformat(),
        "chain": p.chain,
        "trail_seq": p.trail_seq,
        "trail_hash": p.trail_hash,
        "signed_at": p.signed_at,
        "signing_key": p.signing_key,
        "signature": p.signature,
    }


def publication_of(round_: Round) -> Publication | None:
    return Publication.objects.filter(round=round_).first()


def feedback_released(round_: Round) -> bool:
    """Feedback to the panel and the public record open together, at publication."""
    return round_.stage == Stage.PUBLISHED


@guard(Stage.DECIDED)
def trail_can_be_signed(round_: Round) -> list[Problem]:
    if checkpoint_key() is not None:
        return []
    return [
        Problem(
            "The key that signs the decision trail (AUDIT_SIGNING_KEY) is not set on this "
            "server, so the published record could not be checked. Ask whoever runs the server "
            "to set it.",
            reverse("decisions:signoff", args=[round_.pk]),
            "See the sign-off",
        )
    ]


@receiver(stage_moved)
def publish(sender, round_, before, after, by, **kwargs):
    if after != Stage.PUBLISHED:
        return
    chain = Chain.objects.get(key=chain_key(round_))
    [checkpoint] = checkpoints.take([chain])
    publication = Publication.objects.create(
        round=round_,
        published_by=by,
        chain=checkpoint.chain,
        trail_seq=checkpoint.seq,
        trail_hash=checkpoint.hash,
        signed_at=checkpoint.at,
        signing_key=checkpoint.key,
        signature=checkpoint.signature,
    )
    audit.record("round.published", obj=publication, round=round_, actor=by)
    audit.record(
        "feedback.released",
        round=round_,
        actor=by,
        object_type="decisions.feedback",
        object_id=str(round_.pk),
        after={"released": True},
    )
    transaction.on_commit(lambda: round_published.send(sender=Round, round_=round_, by=by))
