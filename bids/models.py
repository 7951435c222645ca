from django.db import models
from django.urls import reverse

from audit.personal import new_salt
from commissioning.models import MONEY, Criterion, Lot


class BidStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    NON_COMPLIANT = "non_compliant", "Non-compliant"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BidQuerySet(models.QuerySet):
    def for_round(self, round_):
        return self.filter(lot__round=round_)

    def compliant(self):
        return self.filter(status=BidStatus.RECEIVED)


class Bid(models.Model):
    """A provider's bid for one lot. Bidders do not log in: officers enter or import bids."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bids")
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=40, unique=True)
    alias = models.CharField(
        max_length=20, help_text="What panellists call the bid when the round is blind, e.g. Bid C."
    )
    organisation = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    amount_requested = models.DecimalField("amount requested (£)", **MONEY)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    # The contact's details reach the trail only as digests salted with this (audit/personal.py);
    # erasing the contact blanks it with them.
    contact_salt = models.CharField(max_length=64, blank=True, default=new_salt, editable=False)
    status = models.CharField(max_length=20, choices=BidStatus.choices, default=BidStatus.RECEIVED)
    status_reason = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = BidQuerySet.as_manager()
    audit_round_lookup = "lot__round_id__in"

    class Meta:
        ordering = ["lot__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "number"], name="bid_number_unique_in_lot"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("bids:bid", args=[self.lot.round_id, self.pk])

    @property
    def over_budget(self) -> bool:
        return self.amount_requested > self.lot.budget


class BidAnswer(models.Model):
    """The bidder's answer to one criterion's question."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="answer_unique_per_criterion")
        ]

    def __str__(self):
        return f"{self.bid.reference}: answer to {self.criterion_id}"


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    ODT = "odt", "OpenDocument text"
    XLSX = "xlsx", "Excel spreadsheet"


class Document(models.Model):
    """A file a bidder sent with their bid. Stored outside the web root under a random name; the
    name the user gave is kept only for display and downloads."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    original_name = models.CharField(max_length=150)
    stored_name = models.UUIDField(unique=True, editable=False)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bid_id", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class HelpKind(models.TextChoices):
    SUMMARY = "summary", "Plain-English summary"
    EASY_READ = "easy_read", "Easy-read version"
    VIDEO = "video", "Short video"


class ReadingHelp(models.Model):
    """An impartial aid to reading a bid, written by an officer. Panellists see it labelled as
    help to read the bid, never as the bid itself."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="reading_help")
    kind = models.CharField(max_length=20, choices=HelpKind.choices)
    text = models.TextField(blank=True)
    video_url = models.URLField("video link", blank=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bid_id", "added_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.bid_id}"


class Clarification(models.Model):
    """A question put to the bidder and their answer, shown to everyone scoring the lot."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="clarifications")
    question = models.TextField()
    answer = models.TextField(blank=True)
    asked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bid_id", "asked_at", "pk"]

    def __str__(self):
        return f"Clarification {self.pk} on {self.bid_id}"
