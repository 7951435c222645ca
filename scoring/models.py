"""Individual scoring: one sheet per assignment, a score and a reason per criterion.

A sheet is a draft until submitted whole; after that only a recorded reopen by the chair changes it.
`version` rises with every save, so two tabs or devices cannot silently overwrite each other.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from commissioning.models import Criterion, Round
from panels.models import Assignment

REASON_MAX = 4000  # generous: a reason is a few sentences, never an essay


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn: conflict of interest"


class ScoreSheetQuerySet(models.QuerySet):
    def counted(self):
        """Sheets whose scores count: submitted, and not withdrawn for a conflict."""
        return self.filter(status=SheetStatus.SUBMITTED)

    def for_round(self, round_):
        return self.filter(assignment__bid__lot__round=round_)


class ScoreSheet(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="sheet")
    status = models.CharField(max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_reason = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)

    objects = ScoreSheetQuerySet.as_manager()
    audit_round_lookup = "assignment__bid__lot__round_id__in"

    class Meta:
        ordering = ["assignment__bid__lot__number", "assignment__bid__number"]

    def __str__(self):
        return f"Sheet for {self.assignment}"

    @property
    def member(self):
        return self.assignment.member

    @property
    def bid(self):
        return self.assignment.bid

    @property
    def editable(self) -> bool:
        return self.status == SheetStatus.DRAFT


class CriterionScore(models.Model):
    """A panellist's score (or pass/fail) for one criterion, with their reason."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["sheet", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score if self.passed is None else self.passed}"


class Deadline(models.Model):
    """When scoring closes for a round, and when reminders go to members with sheets to finish."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="scoring_deadline")
    due_at = models.DateTimeField("scoring deadline")
    reminder_hours = models.JSONField(
        default=list, help_text="Hours before the deadline to send reminders, e.g. [72, 24]."
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"Scoring for {self.round} closes {self.due_at:%d %b %Y %H:%M}"


class Reminder(models.Model):
    """A reminder email sent, so the cron job never sends the same one twice."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reminders")
    hours_before = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "hours_before", "due_at"], name="one_reminder_per_slot"
            )
        ]

    def __str__(self):
        return f"Reminder {self.hours_before} h before, to {self.assignment.member}"
