"""Human words for the trail's action codes ("round.created" -> "Round created").

The codes stay what the chain hashes and the exports carry; these words are only how the auditor's
pages say them. Audit owns the words so one list covers the whole trail; an app whose events are
not listed here may add its own with register() (from its AppConfig.ready). A test
(tests/test_audit_actions.py) finds every code the code base records and fails on one without words.
"""

_WORDS: dict[str, str] = {
    # Rounds, lots and the method
    "round.created": "Round created",
    "round.updated": "Round details changed",
    "round.stage_moved": "Round moved to a new stage",
    "round.guard_passed_over": "Stage check passed over, with a reason",
    "round.method_overridden": "Method changed after bids arrived (allowed, with a reason)",
    "round.signed_off": "Results signed off",
    "round.signoff_voided": "Sign-off withdrawn",
    "round.published": "Results published",
    "lot.added": "Lot added",
    "lot.updated": "Lot changed",
    "lot.removed": "Lot removed",
    "rubric.created": "Scoring method created",
    "rubric.updated": "Scoring method changed",
    "criterion.added": "Question added to the scoring method",
    "criterion.updated": "Question in the scoring method changed",
    "criterion.removed": "Question removed from the scoring method",
    "procurement.dates_recorded": "Procurement dates recorded",
    # Who may do what
    "officer.granted": "Made an officer",
    "access.granted": "Access to the round given",
    "access.revoked": "Access to the round taken away",
    "access.bid_granted": "Access to a bid given",
    "access.bid_revoked": "Access to a bid taken away",
    # Bids
    "bid.received": "Bid received",
    "bid.created": "Bid added",
    "bid.imported": "Bid imported from a spreadsheet",
    "bid.updated": "Bid details changed",
    "bid.non_compliant": "Bid marked non-compliant",
    "bid.withdrawn": "Bid withdrawn",
    "bid.document_added": "Document added to a bid",
    "bid.reading_help_added": "Reading help added to a bid",
    "bid.clarification_asked": "Clarification question asked of the bidder",
    "bid.clarification_answered": "Bidder's answer to a clarification recorded",
    # The panel
    "panel.created": "Panel created",
    "panel.updated": "Panel changed",
    "panel.invited": "Person invited to the panel",
    "panel.invitation_cancelled": "Invitation cancelled",
    "panel.member_added": "Member added to the panel",
    "panel.member_joined": "Member joined the panel",
    "panel.member_status": "Member's status on the panel changed",
    "consent.given": "Consent given",
    "consent.withdrawn": "Consent withdrawn",
    "conflict.declared": "Interests declared",
    "conflict.assessment": "Assessment of the panel's interests written",
    "conflict.decided": "Decision on a declared interest",
    "assignment.added": "Bid given to a member to score",
    "assignment.removed": "Bid taken off a member's list",
    "recognition.chosen": "Member chose how to be thanked",
    "recognition.time": "Member's time recorded",
    "recognition.expense": "Member's expense recorded",
    # Training
    "training.module_created": "Training module created",
    "training.module_saved": "Training module changed",
    "training.question_created": "Training question created",
    "training.question_saved": "Training question changed",
    "training.passed": "Training completed",
    "training.practice_saved": "Practice bid changed",
    "training.practice_done": "Practice bid scored",
    # Scoring
    "scoring.deadline_set": "Scoring deadline set",
    "scoring.reminders_sent": "Scoring reminders sent",
    "sheet.started": "Score sheet started",
    "sheet.submitted": "Score sheet submitted",
    "sheet.reopened": "Score sheet reopened",
    "sheet.withdrawn": "Score sheet withdrawn",
    # The consensus meeting
    "meeting.opened": "Consensus meeting opened",
    "meeting.set": "Meeting arrangements set",
    "meeting.changed": "Meeting arrangements changed",
    "meeting.attendance": "Attendance at the meeting recorded",
    "meeting.deputy_named": "Deputy chair named",
    "consensus.recorded": "Agreed score recorded",
    "consensus.changed": "Agreed score changed",
    "consensus.discussed": "Item ticked as discussed",
    "consensus.not_discussed": "Item unticked as discussed",
    "consensus.confirmed": "Member confirmed the agreed scores",
    "consensus.dissented": "Member disagreed with the agreed scores",
    "consensus.confirmation_reset": "Confirmations cleared after a change",
    # Decisions
    "decisions.check_answered": "Officer check answered",
    "decisions.check_changed": "Officer check changed",
    "decisions.officer_scored": "Officer score recorded",
    "decisions.officer_score_changed": "Officer score changed",
    "decisions.award_recorded": "Funding decision recorded",
    "decisions.award_changed": "Funding decision changed",
    "decisions.tie_decided": "Tie decided",
    "decisions.tie_changed": "Tie decision changed",
    "decisions.advice_written": "Advice to the decision maker written",
    "decisions.advice_changed": "Advice to the decision maker changed",
    "feedback.message_saved": "Message to the panel written",
    "feedback.message_changed": "Message to the panel changed",
    "feedback.released": "Feedback sent to the panel",
    "survey.answered": "Survey answered",
    # Downloads of the record
    "trail.exported": "Decision trail downloaded",
    "decision_pack.exported": "Decision pack downloaded",
    "coproduction_report.downloaded": "Co-production report downloaded",
    "assessment_summaries.downloaded": "Assessment summaries downloaded",
}


def register(words: dict[str, str]) -> None:
    """Adds an app's own words. A code keeps its first words: two apps cannot fight over one."""
    for code, text in words.items():
        _WORDS.setdefault(code, text)


def words_for(code: str) -> str | None:
    """The human words for `code`, or None when nobody has given it any."""
    return _WORDS.get(code)


def describe(code: str) -> str:
    """The words for `code`; an unknown code is spelt out ("x.thing_done" -> "X: thing done")
    rather than hidden, so a new event still reads and the test names it."""
    words = _WORDS.get(code)
    if words:
        return words
    kind, _, what = code.partition(".")
    return f"{kind.replace('_', ' ').capitalize()}: {what.replace('_', ' ')}" if what else code
