"""The demo scenario (the "Co-commissioning" case study), told stage by stage.

Each app seeds its own part (commissioning/demo.py, bids/demo.py, panels/demo.py, training/demo.py,
scoring/demo.py, scoring/demo_consensus.py, decisions/demo.py) through its services, so the demo's decision trail is as real as any other; this
module only says in what order. Safe to run again: nothing is duplicated.

STEPS is the story in order, each step named for the stage the round has reached when it is done.
`seed(until=...)` stops after the named step (consensus by default); a later stage is one more
step. A round already further on stays where it is: the demo never moves a round back.

Its dates (the round's, the scoring deadline, the meetings) come from demo/timeline.py, worked out
from the day it is run so that they fit the stage it stops at. tour.py says who each login is and
what to try.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from bids import demo as bids_demo
from commissioning import demo as commissioning_demo
from commissioning import services as round_services
from commissioning.demo import DEMO_PASSWORD
from commissioning.models import Round, Stage
from decisions import demo as decisions_demo
from decisions import demo_publication
from panels import demo as panels_demo
from scoring import demo as scoring_demo
from scoring import demo_consensus
from training import demo as training_demo

from . import timeline as timelines


@dataclass
class Story:
    round: Round
    users: dict
    timeline: timelines.Timeline

    @property
    def officer(self):
        return self.users["officer"]


def _set_up(story: Story):
    """Bids in every lot, and the panel invited, with its consents and declarations."""
    bids_demo.seed(story.round, story.officer)
    panels_demo.seed(story.round, story.officer, DEMO_PASSWORD)


def _induction(story: Story):
    """Set up is complete: the panel is in induction, some further on than others."""
    if story.round.stage == Stage.DRAFT:
        story.round = round_services.move_stage(story.round, to=Stage.INDUCTION, by=story.officer)
    training_demo.seed(story.round, story.officer)


def _scoring(story: Story):
    """Induction closes (one panellist excluded) and most sheets are scored."""
    scoring_demo.seed(story.round, story.officer, due_at=story.timeline.scoring_due_at)


def _consensus(story: Story):
    """Scoring closes; lot 1 agreed and confirmed, lot 2 half way through its meeting, lot 3 to
    come."""
    demo_consensus.seed(story.round, story.officer, meetings=story.timeline.meetings())


def _decided(story: Story):
    """Lots 2 and 3 finish their meetings; the officers answer every check (one bid fails
    safeguarding), the panel breaks a tie, the awards fit each lot's budget (one passes over a
    higher-ranked bid, with the reason) and the round is decided."""
    demo_consensus.finish(story.round, story.officer)
    decisions_demo.seed(story.round, story.officer)


def _published(story: Story):
    """The officer and both chairs sign off, the procurement dates after the awards are recorded
    (the contract after its standstill), the officer writes a message to the panel and publishes
    the round (its trail is signed, its public page opens and "You said, we did" is released),
    and a few panellists answer the anonymous survey."""
    demo_publication.seed(story.round, story.officer)


@dataclass(frozen=True)
class Step:
    stage: str  # the stage the round has reached when this step is done
    run: Callable[[Story], None]


STEPS = [
    Step(Stage.DRAFT, _set_up),
    Step(Stage.INDUCTION, _induction),
    Step(Stage.SCORING, _scoring),
    Step(Stage.CONSENSUS, _consensus),
    Step(Stage.DECIDED, _decided),
    Step(Stage.PUBLISHED, _published),
]
STAGES = [step.stage for step in STEPS]
DEFAULT_STAGE = Stage.CONSENSUS


@transaction.atomic
def seed(until: str = DEFAULT_STAGE) -> tuple[Round, dict]:
    """Seeds the story up to and including the step for `until`; returns (round, users by role)."""
    if until not in STAGES:
        raise ValueError(f"The demo tells these stages: {', '.join(STAGES)}.")
    dates = timelines.for_stage(until)
    round_, users = commissioning_demo.seed_round(starts_on=dates.starts_on, ends_on=dates.ends_on)
    story = Story(round=round_, users=users, timeline=dates)
    for step in STEPS:
        if step.stage == Stage.PUBLISHED and story.round.stage != Stage.PUBLISHED:
            # Nobody is given access to a published round: the auditor comes in before.
            commissioning_demo.grant_auditor(story.round, users)
        step.run(story)
        story.round = Round.objects.get(pk=story.round.pk)  # a step may have moved it on
        if step.stage == until:
            break
    if story.round.stage != Stage.PUBLISHED:
        commissioning_demo.grant_auditor(story.round, users)
    return story.round, users
