"""What the demo's dates must say at each stage, relative to the day it is run (demo/timeline.py):
the round opened in the past; the scoring deadline is ahead while scoring is open and behind once
it has closed; the meetings follow the deadline in lot order; a published round's procurement
dates follow the meetings and the round ends no earlier than its contract."""

from django.utils import timezone

from commissioning.models import Stage
from decisions.models import ProcurementRecord
from scoring.models import Deadline, Meeting

LATER = [Stage.CONSENSUS, Stage.DECIDED, Stage.PUBLISHED]


def problems(round_) -> list[str]:
    now, today = timezone.now(), timezone.localdate()
    found = []

    def expect(ok, what):
        if not ok:
            found.append(what)

    expect(round_.starts_on < today, f"the round opens {round_.starts_on}, not in the past")
    expect(round_.starts_on < round_.ends_on, "the round ends before it opens")
    expect(round_.ends_on >= today, f"the round ended {round_.ends_on}, before today")
    deadline = Deadline.objects.filter(round=round_).first()
    if round_.stage == Stage.SCORING:
        expect(deadline is not None and deadline.due_at > now, "scoring is open past its deadline")
    if round_.stage in LATER:
        expect(deadline is not None and deadline.due_at < now, "scoring closed before its deadline")
    if deadline is not None:
        due_on = timezone.localdate(deadline.due_at)
        expect(round_.starts_on < due_on < round_.ends_on, "the deadline is outside the round")
    meetings = [
        m.starts_at for m in Meeting.objects.filter(lot__round=round_).order_by("lot__number")
    ]
    expect(meetings == sorted(meetings), "the lots meet out of order")
    if meetings and deadline is not None:
        expect(deadline.due_at < meetings[0], "a meeting comes before the scoring deadline")
    if round_.stage == Stage.CONSENSUS:
        expect(meetings and meetings[0] < now < meetings[-1], "the meetings are not under way")
    if round_.stage in (Stage.DECIDED, Stage.PUBLISHED):
        expect(all(m < now for m in meetings), "a meeting is still to come")
    record = ProcurementRecord.objects.filter(round=round_).first()
    if record is not None and record.contract_on is not None:
        last_meeting = timezone.localdate(meetings[-1])
        expect(last_meeting < record.summaries_sent_on, "summaries went out before a meeting")
        expect(record.contract_on < today, "the contract is not in the past")
        expect(record.contract_on <= round_.ends_on, "the round ends before its contract")
    return found
