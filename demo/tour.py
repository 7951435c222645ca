"""Who each of the demo's logins is, and a five-minute tour: one step a person, in the words of
the stage the demo stopped at. `manage.py demo` prints it; the README shows the default stage's.

Each step reads "Log in as X, open Y, try Z". The people are the demo's (commissioning/
demo_content.py for the officer and the auditor, panels/demo.py for the panel); a step is chosen by
the stage, falling back to the latest earlier stage that has one.
"""

from dataclasses import dataclass

from commissioning.demo_content import DEMO_USERS
from commissioning.models import Stage
from panels.demo import DEMO_MEMBERS, PANEL_NAME
from panels.models import AgeBand, Role

ORDER = [
    Stage.DRAFT,
    Stage.INDUCTION,
    Stage.SCORING,
    Stage.CONSENSUS,
    Stage.DECIDED,
    Stage.PUBLISHED,
]

ROLE_WORDS = {
    Role.MODERATOR: "chair",
    Role.YOUNG: "young panellist",
    Role.PROFESSIONAL: "professional panellist",
}
AGE_WORDS = {
    AgeBand.UNDER_16: "aged under 16",
    AgeBand.AGE_16_17: "aged 16 or 17",
    AgeBand.AGE_18_25: "aged 18 to 25",
    AgeBand.OVER_25: "aged over 25",
}
# What each person adds to the story, beyond their role.
NOTES = {
    "kai@example.org": "His mum gave her consent; he has things read aloud to him.",
    "amara@example.org": "She knows someone at one of the organisations bidding.",
    "leo@example.org": "He has not done his training yet.",
    "raj@example.org": "He has not yet said whether he knows any of the organisations bidding.",
}
LATER_NOTES = {  # from scoring on
    "leo@example.org": "He could not finish the training in time, so he is not scoring.",
    "amara@example.org": "She is kept away from the one bid she has a link with.",
    "raj@example.org": "He has said he knows none of the organisations bidding.",
}

# email -> {stage: what to open and try}; a stage without its own step uses the latest before it.
STEPS = {
    "officer@example.org": {
        Stage.DRAFT: "open the round and then Bids: 11 bids in three lots, each with an easy-read "
        "summary. Try Panel to see who sits on the panel and what they have done so far.",
        Stage.INDUCTION: "open the round, then Panel and Conflicts of interest: Amara Osei's "
        "declared interest waits for your decision. Try Induction training to see who has "
        "finished.",
        Stage.SCORING: "open the round, then Scoring progress: see who has submitted, what is "
        "still a draft and the deadline. Try sending a clarification question on a bid.",
        Stage.CONSENSUS: "open the round: lot 1 is agreed, lot 2's meeting is under way. Try See "
        "the agenda for lot 2, then Results and awards.",
        Stage.DECIDED: "open the round, then Results and awards: each lot's ranking and awards, "
        "and in lot 3 the reason a higher-ranked bid was passed over. Try See the sign-off on the "
        "round page.",
        Stage.PUBLISHED: "open the round: it is published, and its trail is signed. Try Published "
        "rounds at the foot of the page to see what the public sees.",
    },
    "moderator@example.org": {
        Stage.DRAFT: "open your panel: you have already said you know none of the organisations "
        "bidding. Try reading what the panel decides and what it does not.",
        Stage.INDUCTION: "open your panel: your training is done and your interests declared. Try "
        "a training module and answer its questions.",
        Stage.SCORING: "open your panel, then Who has scored what. Try reading a submitted sheet.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting, then the "
        "chair's pages. Try recording the panel's score for the item on the screen in lot 2.",
        Stage.DECIDED: "open your panel, then Who has scored what, the meetings and See the results "
        "for your panel's lots: the tie in lot 1 you broke, with the panel's reason. Try How the "
        "panel's views counted.",
        Stage.PUBLISHED: "open your panel, then Who has scored what. Try What the panel agreed at "
        "its meetings.",
    },
    "young@example.org": {
        Stage.DRAFT: "open your panel: see the list of things to do before scoring. Try Tell us "
        "about you.",
        Stage.INDUCTION: "open your panel: four training modules are done. Try the next module, "
        "then the practice bid.",
        Stage.SCORING: "open your panel, then your bids: each has an easy-read summary. Try Bid I: "
        "the sheet is filled in, so check it and send it.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting. Try following "
        "lot 2's meeting on your screen.",
        Stage.DECIDED: "open your panel, then Time you have given. Try your certificate.",
        Stage.PUBLISHED: "open your panel, then You said, we did: the officer's message to the "
        "panel. Try comparing your own scores with the agreed ones.",
    },
    "kai@example.org": {
        Stage.DRAFT: "open your panel, then Your consents: your mum's consent is there. Try "
        "Your details and what would help you.",
        Stage.INDUCTION: "open your panel: two training modules are done. Try the third.",
        Stage.SCORING: "open your panel, then your bids: some are not started yet. Try scoring "
        "one of them.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting: you disagreed "
        "with one of lot 1's scores. Try reading what the panel agreed.",
        Stage.DECIDED: "open your panel, then Your consents. Try Time you have given.",
        Stage.PUBLISHED: "open your panel, then You said, we did. Try reading what happened to "
        "each bid and why.",
    },
    "amara@example.org": {
        Stage.DRAFT: "open your panel: you said your cousin volunteers at Skyline. Try reading "
        "what you declared.",
        Stage.INDUCTION: "open your panel: the officer has not decided on your interest yet. Try "
        "the first training module.",
        Stage.SCORING: "open your panel, then the bids you score: Skyline Youth Hub is not there. "
        "Try the lot 2 question on organisations you know: it says you are kept away from it.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting. Try saying "
        "whether you can come.",
        Stage.DECIDED: "open your panel, then Your consents. Try Time you have given.",
        Stage.PUBLISHED: "open your panel, then You said, we did. Try finding your own scores "
        "beside the agreed ones.",
    },
    "leo@example.org": {
        Stage.DRAFT: "open your panel: nothing is done yet. Try saying if you know any of the "
        "organisations bidding in lot 1.",
        Stage.INDUCTION: "open your panel: no training done yet. Try the first module.",
        Stage.SCORING: "open your panel: you are not scoring, and the officer's reason is there. "
        "Try Time you have given: your hours so far are kept.",
    },
    "professional@example.org": {
        Stage.DRAFT: "open your panel: see who else sits on it. Try Your details and what would "
        "help you.",
        Stage.INDUCTION: "open your panel: your training and the practice bid are done. Try the "
        "practice bid to see how your scores compare.",
        Stage.SCORING: "open your panel, then the bids you score: every sheet is sent. Try "
        "reading one of them back.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting: lot 1's "
        "scores are agreed and you have confirmed them. Try following lot 2's meeting on your "
        "screen.",
        Stage.DECIDED: "open your panel, then Read the scores you gave. Try your certificate.",
        Stage.PUBLISHED: "open your panel, then You said, we did: the officer's message. Try "
        "your own scores beside the agreed ones.",
    },
    "raj@example.org": {
        Stage.DRAFT: "open your panel. Try saying if you know any of the organisations bidding.",
        Stage.SCORING: "open your panel, then the bids you score: one sheet is not sent yet and "
        "one not started. Try finishing one.",
        Stage.CONSENSUS: "open your panel, then the page about the panel's meeting. Try following "
        "lot 2's meeting on your screen.",
        Stage.DECIDED: "open your panel, then Time you have given. Try your certificate.",
        Stage.PUBLISHED: "open your panel, then You said, we did. Try Answer the survey: nobody "
        "sees who wrote what.",
    },
    "auditor@example.org": {
        Stage.DRAFT: "open the round, then Decision trail: every step, who took it and why, and "
        "whether it is all intact. Try filtering it by who made each change.",
        Stage.PUBLISHED: "open the round: it shows the signed head of the trail. Try the "
        "Decision trail, then download it as a spreadsheet.",
    },
}


@dataclass(frozen=True)
class Login:
    name: str
    email: str
    who: str  # who the person is, in a sentence or two
    step: str  # "Log in as X, open Y, try Z."


def _member_who(role, age_band, email, stage) -> str:
    words = ROLE_WORDS[role]
    age = AGE_WORDS.get(age_band)
    who = f"{words.capitalize()} of the {PANEL_NAME}" + (f", {age}." if age else ".")
    later = ORDER.index(stage) >= ORDER.index(Stage.SCORING)
    note = (LATER_NOTES.get(email) if later else None) or NOTES.get(email)
    return f"{who} {note}" if note else who


def _step(email: str, stage: str) -> str:
    steps = STEPS[email]
    for earlier in reversed(ORDER[: ORDER.index(stage) + 1]):
        if earlier in steps:
            return steps[earlier]
    return ""


def logins(stage: str) -> list[Login]:
    """Every demo login, in the order of the tour."""
    people = {spec["email"]: spec["display_name"] for spec in DEMO_USERS}
    members = {email: (name, role, age) for _, email, name, role, age, _ in DEMO_MEMBERS}
    found = []
    for email in STEPS:
        if email == "officer@example.org":
            name, who = people[email], "The council officer who runs the round."
        elif email == "auditor@example.org":
            name = people[email]
            who = "An auditor: can read the round and its decision trail, and change nothing."
        else:
            name, role, age = members[email]
            who = _member_who(role, age, email, stage)
        first = name.split()[0]
        found.append(Login(name, email, who, f"Log in as {first}, {_step(email, stage)}"))
    return found


def lines(stage: str, password: str) -> list[str]:
    """The tour as printed, one line each."""
    out = [
        f"Log in with any of these (password: {password}). A five-minute tour, one step a person:",
        "",
    ]
    for number, login in enumerate(logins(stage), start=1):
        out += [f"{number}. {login.name} ({login.email})", f"   {login.who}", f"   {login.step}"]
    return out
