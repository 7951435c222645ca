"""What officers and the panel decide after the consensus record: officer checks and scores,
awards, tie decisions and the panel's advice per lot.

Totals, ranks and eligibility are never stored: they are computed from these rows and the
consensus record every time (decisions/results.py), so nobody can type a total in.
"""

import uuid

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


# Sign-off, publication and what follows (decisions/signoff.py, publication.py, procurement.py,
# feedback.py, survey.py).


class SignOffRole(models.TextChoices):
    OFFICER = "officer", "Procurement officer"
    CHAIR = "chair", "Chair of the panel"


class SignOff(models.Model):
    """One person's signature on a decided round's results, with the statement they signed.

    The officer signs once for the round; each panel's chair signs for their panel. A sign-off is
    voided (never deleted) if the round steps back to consensus, where the results can change."""

    round = models.ForeignKey("commissioning.Round", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SignOffRole.choices)
    panel = models.ForeignKey(
        "panels.Panel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)

    audit_round_lookup = "round_id__in"

    class Meta:
        ordering = ["round_id", "role", "panel_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "role", "panel"],
                condition=models.Q(voided_at=None, panel__isnull=False),
                name="one_live_chair_signoff_per_panel",
            ),
            models.UniqueConstraint(
                fields=["round", "role"],
                condition=models.Q(voided_at=None, panel=None),
                name="one_live_officer_signoff",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} sign-off for round {self.round_id}"


class Publication(models.Model):
    """The moment a round was published: the trail's head at that moment and its signature."""

    round = models.OneToOneField(
        "commissioning.Round", on_delete=models.PROTECT, related_name="publication"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    # The checkpoint of the round's chain taken as it was published (audit/checkpoints.py).
    chain = models.CharField(max_length=64)
    trail_seq = models.PositiveBigIntegerField()
    trail_hash = models.CharField(max_length=64)
    signed_at = models.CharField(max_length=40)
    # Ed25519, by the public key with this id (audit/keys.py), so anyone can check it.
    signing_key = models.CharField(max_length=64, blank=True, default="")
    signature = models.CharField(max_length=128)

    audit_round_lookup = "round_id__in"

    def __str__(self):
        return f"Publication of round {self.round_id}"


class ProcurementRecord(models.Model):
    """The Procurement Act 2023 dates of a procurement round after its awards are decided."""

    round = models.OneToOneField(
        "commissioning.Round", on_delete=models.PROTECT, related_name="procurement_record"
    )
    summaries_sent_on = models.DateField("assessment summaries sent on", null=True, blank=True)
    award_notice_on = models.DateField("contract award notice published on", null=True, blank=True)
    contract_on = models.DateField("contract entered into on", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "round_id__in"

    def __str__(self):
        return f"Procurement dates of round {self.round_id}"


class FeedbackNote(models.Model):
    """The officer's own message to the panel, shown at the top of "You said, we did"."""

    round = models.OneToOneField(
        "commissioning.Round", on_delete=models.PROTECT, related_name="feedback_note"
    )
    message = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "round_id__in"

    def __str__(self):
        return f"Message to the panel of round {self.round_id}"


class Agreement(models.TextChoices):
    YES = "yes", "Yes"
    MOSTLY = "mostly", "Mostly"
    NOT_REALLY = "not_really", "Not really"
    NO = "no", "No"


class SurveyResponse(models.Model):
    """One panellist's answers to the survey after "You said, we did". Anonymous: it holds no link
    to the person, a random id (so the order of rows says nothing) and only the day it came in.
    Who has answered is kept apart, in SurveyReceipt, so nobody answers twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("commissioning.Round", on_delete=models.PROTECT, related_name="+")
    # Only the group, for the influence report; never the role's holder.
    young = models.BooleanField()
    worth_time = models.CharField(
        "was it worth your time?", max_length=20, choices=Agreement.choices, blank=True
    )
    listened_to = models.CharField(
        "did you feel listened to?", max_length=20, choices=Agreement.choices, blank=True
    )
    change = models.TextField("what should change next time?", blank=True)
    received_on = models.DateField(default=timezone.localdate)

    audit_round_lookup = "round_id__in"

    class Meta:
        ordering = ["round_id", "received_on", "id"]

    def __str__(self):
        return f"Survey answer for round {self.round_id}"


class SurveyReceipt(models.Model):
    """That a member has answered the survey (not what they answered)."""

    member = models.OneToOneField(
        "panels.Member", on_delete=models.PROTECT, related_name="survey_receipt"
    )

    def __str__(self):
        return f"Survey answered by member {self.member_id}"


class SurveySeal(models.Model):
    """The salt of the digest each survey answer's event records over the round's answers and who
    answered (decisions.survey). A new salt is drawn at every answer and the old one is gone, so an
    earlier event's digest can no longer be checked against a guess at the answers then: the
    trail's order cannot pair an answer with a person, yet the last digest still shows a change
    made to the answers or the receipts behind the app's back."""

    round = models.OneToOneField(
        "commissioning.Round", on_delete=models.PROTECT, related_name="+", primary_key=True
    )
    salt = models.CharField(max_length=64)

    def __str__(self):
        return f"Survey seal of round {self.round_id}"
