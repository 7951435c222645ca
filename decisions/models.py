"""What officers and the panel decide after the consensus record: officer checks and scores,
awards, tie decisions and the panel's advice per lot.

Totals, ranks and eligibility are never stored: they are computed from these rows and the
consensus record every time (decisions/results.py), so nobody can type a total in.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from commissioning.models import MONEY, Criterion

REASON_MAX = 4000


class OfficerCheck(models.Model):
    """An officer's answer to a pass/fail criterion for one bid, with the reason."""

    bid = models.ForeignKey("bids.Bid", on_delete=models.PROTECT, related_name="officer_checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField()
    reason = models.TextField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    class Meta:
        ordering = ["bid_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_check_per_bid")
        ]

    def __str__(self):
        return f"{self.criterion} for {self.bid_id}: {'pass' if self.passed else 'fail'}"


class OfficerScore(models.Model):
    """An officer's score on an officer-scored (manual) criterion for one bid, with the reason."""

    bid = models.ForeignKey("bids.Bid", on_delete=models.PROTECT, related_name="officer_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    class Meta:
        ordering = ["bid_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_officer_score_per_bid")
        ]

    def __str__(self):
        return f"{self.criterion} for {self.bid_id}: {self.score}"


class Decision(models.TextChoices):
    AWARDED = "awarded", "Awarded"
    RESERVE = "reserve", "Reserve"
    NOT_FUNDED = "not_funded", "Not funded"


class Award(models.Model):
    """The officer's decision on one bid. `reason` is required when an award passes over a
    higher-ranked eligible bid, and is shown wherever the award is."""

    bid = models.OneToOneField("bids.Bid", on_delete=models.PROTECT, related_name="award")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    amount = models.DecimalField("amount awarded (£)", null=True, blank=True, **MONEY)
    reason = models.TextField(blank=True)
    # References of the higher-ranked eligible bids this award passed over when it was recorded.
    passes_over = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    class Meta:
        ordering = ["bid_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="awarded", amount__gt=0)
                | (~models.Q(decision="awarded") & models.Q(amount=None)),
                name="award_amount_only_when_awarded",
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} for {self.bid_id}"


class TieDecision(models.Model):
    """The order the panel chose for bids tied on their total, with its reason. `group` names the
    tied bids (their pks, sorted, comma-separated): when the tie changes, the decision no longer
    applies and the tie shows as undecided again."""

    lot = models.ForeignKey("commissioning.Lot", on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=400)
    order = models.JSONField(help_text="Bid pks, first ranked first.")
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "lot__round_id__in"

    class Meta:
        ordering = ["lot_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "group"], name="one_tie_decision_per_group")
        ]

    def __str__(self):
        return f"Tie decision for bids {self.group} in lot {self.lot_id}"


class LotAdvice(models.Model):
    """The panel's advice on a lot's results, written by the chair for the officers."""

    lot = models.OneToOneField(
        "commissioning.Lot", on_delete=models.PROTECT, related_name="panel_advice"
    )
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "lot__round_id__in"

    def __str__(self):
        return f"Panel advice on lot {self.lot_id}"
