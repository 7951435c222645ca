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


# The consensus meeting -----------------------------------------------------------------------------
# After scoring, the panel meets per lot. The chair walks an agenda of every (bid, panel-scored
# criterion) item, records one agreed score with its rationale per item, and the members who were
# present confirm the lot's record (or record a dissent). See scoring/consensus.py for the rules.


class Reached(models.TextChoices):
    UNANIMOUS = "unanimous", "Everyone agreed"
    MAJORITY = "majority", "Most of the panel agreed"
    CHAIR = "chair", "The chair decided, as the panel could not agree"


class ConsensusRecord(models.Model):
    """The panel's agreed score for one bid on one criterion, and how it was reached."""

    bid = models.ForeignKey("bids.Bid", on_delete=models.PROTECT, related_name="consensus")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("agreed score")
    rationale = models.TextField("why, citing what the bid says")
    key_points = models.TextField("the points that decided it", blank=True)
    reached = models.CharField("how it was reached", max_length=20, choices=Reached.choices)
    present = models.ManyToManyField("panels.Member", related_name="+", blank=True)
    recused = models.ManyToManyField("panels.Member", related_name="+", blank=True)
    # [{"member": pk, "text": "..."}]: each dissent attributed to the member who asked for it.
    dissents = models.JSONField(default=list, blank=True)
    chaired_by = models.ForeignKey(
        "panels.Member", on_delete=models.PROTECT, related_name="+", help_text="Chair or deputy."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    class Meta:
        ordering = ["bid__lot__number", "bid__number", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_record_per_item")
        ]

    def __str__(self):
        return f"Agreed {self.score} for {self.bid.reference} on {self.criterion}"


class AgendaItem(models.Model):
    """The chair's tick: this (bid, criterion) has been discussed."""

    bid = models.ForeignKey("bids.Bid", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    discussed = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    class Meta:
        ordering = ["bid", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_agenda_tick_per_item")
        ]

    def __str__(self):
        return f"{self.bid.reference} / {self.criterion}: {'discussed' if self.discussed else '-'}"


class Confirmation(models.Model):
    """A present member's word on their lot's record: it reflects the discussion, or a dissent.
    Any change to the lot's record afterwards resets it (`reset_at`), and they confirm again."""

    lot = models.ForeignKey("commissioning.Lot", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("panels.Member", on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField()
    dissent = models.TextField(blank=True)
    # Set when the chair records it for a member who told them in the room.
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)

    audit_round_lookup = "lot__round_id__in"

    class Meta:
        ordering = ["lot", "member", "-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "member"],
                condition=models.Q(reset_at=None),
                name="one_live_confirmation",
            )
        ]

    def __str__(self):
        return f"{self.member} on {self.lot}: {'agrees' if self.agrees else 'dissents'}"


class Meeting(models.Model):
    """When and where a lot's consensus meeting is, and what it is discussing now (so the
    presentation view can follow the chair)."""

    lot = models.OneToOneField(
        "commissioning.Lot", on_delete=models.PROTECT, related_name="meeting"
    )
    starts_at = models.DateTimeField("date and time", null=True, blank=True)
    place = models.CharField("place", max_length=300, blank=True)
    video_link = models.URLField("video link", blank=True)
    bring = models.TextField("what to bring", blank=True)
    support_arranged = models.TextField("support arranged", blank=True)
    current_bid = models.ForeignKey(
        "bids.Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "lot__round_id__in"

    def __str__(self):
        return f"Consensus meeting for {self.lot}"

    @property
    def arranged(self) -> bool:
        return self.starts_at is not None and bool(self.place or self.video_link)


class Attendance(models.Model):
    """A member's word that they cannot come to a lot's meeting (and why, if they want to say)."""

    lot = models.ForeignKey("commissioning.Lot", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("panels.Member", on_delete=models.PROTECT, related_name="+")
    can_attend = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "lot__round_id__in"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "member"], name="one_attendance_per_lot")
        ]

    def __str__(self):
        return f"{self.member}: {'coming' if self.can_attend else 'cannot come'} ({self.lot})"


class Deputy(models.Model):
    """Who chairs a bid the panel's chair has a conflict with, named by an officer."""

    bid = models.OneToOneField("bids.Bid", on_delete=models.PROTECT, related_name="deputy")
    member = models.ForeignKey("panels.Member", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField(default=timezone.now)

    audit_round_lookup = "bid__lot__round_id__in"

    def __str__(self):
        return f"{self.member} chairs {self.bid.reference}"
