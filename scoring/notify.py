"""Emails about scoring, in plain words. Each is sent only once the change behind it is committed,
so a change rolled back never sends one."""

from config.clock import day_at
from config.mail import send_after_commit


def bid_name(bid, round_) -> str:
    """What the panel calls the bid: its panel name when the round is blind."""
    if round_.blind_review:
        return f"{bid.alias}: {bid.title}"
    return f"{bid.organisation}: {bid.title}"


def when(moment) -> str:
    return day_at(moment)


def sheet_reopened(sheet, *, reason: str, sheet_url: str):
    """Tells the panellist that the chair reopened their sheet for a bid, and why."""
    member = sheet.assignment.member
    bid = sheet.assignment.bid
    round_ = bid.lot.round
    name = bid_name(bid, round_)
    body = "\n".join(
        [
            f"Hello {member.user.display_name},",
            "",
            f"The chair of your panel has reopened your score sheet for {name}, so you can "
            "change it and submit it again.",
            "",
            "What the chair said:",
            reason,
            "",
            "Your scores and reasons are still there. Open the sheet here:",
            sheet_url,
            "",
            "If anything is unclear, ask the chair or the officer running the round.",
            "",
            round_.name,
        ]
    )
    subject = f"Your score sheet for {name} has been reopened"
    to = member.user.email
    send_after_commit(subject, body, to)


def scoring_reminder(member, bids, *, due_at, dashboard_url: str) -> tuple[str, str]:
    """The subject and body of a reminder listing the bids a member still has to finish."""
    round_ = member.panel.round
    count = len(bids)
    lines = [
        f"Hello {member.user.display_name},",
        "",
        f"Scoring for {round_.name} closes on {when(due_at)}.",
        "",
        f"You still have {count} bid{'s' if count != 1 else ''} to score and submit:",
        *[f"- {bid_name(bid, round_)}" for bid in bids],
        "",
        "Your work so far is saved. Carry on from your scoring page:",
        dashboard_url,
        "",
        "If you cannot finish in time, tell the chair or the officer running the round.",
    ]
    subject = f"Reminder: scoring closes {when(due_at)}"
    return subject, "\n".join(lines)


def _meeting_lines(lot, meeting) -> list[str]:
    if meeting is None or not meeting.arranged:
        return [f"{lot}: the officer will tell you when and where the meeting is."]
    lines = [f"{lot}: {when(meeting.starts_at)}"]
    if meeting.place:
        lines.append(f"  Where: {meeting.place}")
    if meeting.video_link:
        lines.append(f"  Or join online: {meeting.video_link}")
    if meeting.bring:
        lines.append(f"  Bring: {meeting.bring}")
    if meeting.support_arranged:
        lines.append(f"  Help we have arranged: {meeting.support_arranged}")
    return lines


def _meeting_page(member) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse("scoring:meeting", args=[member.pk])


def consensus_started(member, meetings):
    """Scoring is over: when and where the member's meeting is, and what happens there."""
    round_ = member.panel.round
    body = [
        f"Hello {member.user.display_name},",
        "",
        "Scoring has finished. Next, the panel meets to agree one score for each question on "
        "each bid. Everyone's view counts the same, and the chair makes sure each person is "
        "heard.",
        "",
    ]
    for lot, meeting in meetings:
        body.extend(_meeting_lines(lot, meeting))
    body += [
        "",
        "If you cannot come, or need anything to take part, say so here:",
        _meeting_page(member),
        "",
        round_.name,
    ]
    send_after_commit("Your panel's meeting", "\n".join(body), member.user.email)


def meeting_arranged(meeting, members):
    """The meeting's arrangements were set or changed."""
    for member in members:
        body = [
            f"Hello {member.user.display_name},",
            "",
            "Here are the details of your panel's meeting:",
            "",
            *_meeting_lines(meeting.lot, meeting),
            "",
            "If you cannot come, or need anything to take part, say so here:",
            _meeting_page(member),
            "",
            member.panel.round.name,
        ]
        send_after_commit("Your panel's meeting: the details", "\n".join(body), member.user.email)
