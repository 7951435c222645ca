"""The consensus part of a generated round (demo/generate.py): the panel's agreed score for every
item and each member's confirmation, in bulk, with the events the services would record."""

from audit.snapshots import snapshot_of


class Agreeing:
    """Mixed into demo.generate's generator, which provides round, bids, criteria, sheets,
    chair, members, chair_user, append() and _scores_of()."""

    def agree(self):
        """The panel's agreed score for every item (the middle of the submitted ones), everyone
        present, then each member confirms through the service."""
        from statistics import median_low

        from scoring.models import Confirmation, ConsensusRecord

        given = {}
        for sheet, a in self.sheets:
            for criterion, value in zip(
                self.criteria[a.bid.lot_id], self._scores_of(sheet), strict=True
            ):
                given.setdefault((a.bid_id, criterion.pk), []).append(value)
        everyone = sorted(m.pk for m in [self.chair, *self.members])
        records = ConsensusRecord.objects.bulk_create(
            (
                ConsensusRecord(
                    bid=b,
                    criterion=c,
                    score=median_low(given.get((b.pk, c.pk), [3])),
                    rationale="The bid describes weekly sessions planned with young people.",
                    reached="unanimous",
                    chaired_by=self.chair,
                    recorded_by=self.chair_user,
                    version=1,
                )
                for b in self.bids
                for c in self.criteria[b.lot_id]
            ),
            batch_size=2000,
        )
        through = ConsensusRecord.present.through
        through.objects.bulk_create(
            (through(consensusrecord_id=r.pk, member_id=m) for r in records for m in everyone),
            batch_size=5000,
        )
        self.append(
            self.round,
            (
                {
                    "action": "consensus.recorded",
                    "object_type": "scoring.consensusrecord",
                    "object_id": str(r.pk),
                    "actor": self.chair_user,
                    "after": {
                        "bid": r.bid_id,
                        "criterion": r.criterion_id,
                        "score": r.score,
                        "rationale": r.rationale,
                        "key_points": r.key_points,
                        "reached": r.reached,
                        "present": everyone,
                        "recused": [],
                        "dissents": [],
                        "chaired_by": self.chair.pk,
                        "version": 1,
                    },
                }
                for r in records
            ),
        )
        # Everyone present confirms each lot's record (what consensus.confirm records).
        confirmations = Confirmation.objects.bulk_create(
            Confirmation(lot=lot, member=m, agrees=True)
            for lot in self.round.lots.order_by("number")
            for m in [self.chair, *self.members]
        )
        self.append(
            self.round,
            (
                {
                    "action": "consensus.confirmed",
                    "object_type": "scoring.confirmation",
                    "object_id": str(c.pk),
                    "actor": c.member.user,
                    "after": snapshot_of(c),
                }
                for c in confirmations
            ),
        )
