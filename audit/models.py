from django.db import models

from audit.canonical import GENESIS_HASH


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a recorded event."""


class Chain(models.Model):
    """One hash chain: one per round, plus "global" for events outside any round.

    Its row is locked while an event is appended, which serialises writers to one chain without
    making different rounds queue behind each other. The head is a convenience for appending; the
    verifier trusts only the events themselves (and signed checkpoints).
    """

    GLOBAL = "global"

    key = models.CharField(max_length=64, unique=True)
    round = models.OneToOneField(
        "commissioning.Round",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_chain",
    )
    head_seq = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # The event key the head was signed with: tells record() when to note a key rotation.
    head_key_id = models.CharField(max_length=64, blank=True, default="")

    def __str__(self):
        return self.key


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events cannot be updated.")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("Record events one at a time with audit.record().")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def for_round(self, round_):
        """By the chain's key, which the events' hashes cover, never by the chain row's round
        link, which anyone with write access could unset to hide a round's trail. A scalar
        subquery, not a join, so the database walks the (chain, seq) index in order instead of
        sorting a large round's events before sending the first."""
        chain = Chain.objects.filter(key=f"round:{round_.pk}").values("pk")[:1]
        return self.filter(chain_id=models.Subquery(chain))


class AuditEvent(models.Model):
    """One entry in the decision trail. Append-only: see AppendOnlyError and audit/triggers.py."""

    chain = models.ForeignKey(Chain, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.CharField(max_length=80)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    round = models.ForeignKey(
        "commissioning.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # HMAC of the hash with the app's event key (audit/keys.py), which the database never holds.
    key_id = models.CharField(max_length=64, blank=True, default="")
    signature = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")
        ]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["chain_id", "seq"]

    def __str__(self):
        return f"{self.chain_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed once recorded.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each top-level key whose value differs, for display."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        rows = []
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                rows.append((key, before.get(key), after.get(key)))
        return rows
