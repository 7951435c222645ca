"""The demo's dates, worked out from the day it is run, so the story reads right at every stage.

Everything is placed relative to the scoring deadline: the round opens six weeks before it, the
three meetings follow it, and the round ends five weeks after it. `for_stage` puts "today" where
the chosen stage belongs in that story (in scoring, the deadline is ten days away; at the
meetings, lot 1 met two days ago, lot 2 meets today and lot 3 next week; once published, the
round ends today, after the contract's standstill, decisions/demo_publication.py).

The trail's own times are the moment of seeding (audit.record stamps each event with now), as are
times the services stamp (a sheet's submission, a signature): only the dates the story chooses
are placed here.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from commissioning.models import Stage

# Where "today" falls for each stage, in days after the scoring deadline.
TODAY_AFTER_DEADLINE = {
    Stage.DRAFT: -35,
    Stage.INDUCTION: -21,
    Stage.SCORING: -10,
    Stage.CONSENSUS: 5,
    Stage.DECIDED: 14,
    Stage.PUBLISHED: 35,
}
OPENS_BEFORE_DEADLINE = 42
ENDS_AFTER_DEADLINE = 35
# (days after the deadline, hour, place) for each lot's meeting.
MEETINGS = [
    (3, 17, "The Youth Hub, 4 High Street, room 2"),
    (5, 16, "The Youth Hub, 4 High Street, room 2"),
    (12, 10, "Central Library, meeting room 1 (step-free)"),
]


@dataclass(frozen=True)
class Timeline:
    today: date
    deadline_on: date

    @property
    def starts_on(self) -> date:
        return self.deadline_on - timedelta(days=OPENS_BEFORE_DEADLINE)

    @property
    def ends_on(self) -> date:
        return self.deadline_on + timedelta(days=ENDS_AFTER_DEADLINE)

    @property
    def scoring_due_at(self) -> datetime:
        return _at(self.deadline_on, 17)

    def meetings(self) -> list[tuple[datetime, str]]:
        """(starts at, place) for lots 1, 2 and 3."""
        return [
            (_at(self.deadline_on + timedelta(days=days), hour), place)
            for days, hour, place in MEETINGS
        ]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def for_stage(stage: str, today: date | None = None) -> Timeline:
    today = today or timezone.localdate()
    return Timeline(today=today, deadline_on=today - timedelta(days=TODAY_AFTER_DEADLINE[stage]))
