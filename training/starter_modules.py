"""The built-in starter set of induction modules, written for panellists aged 14 and up.

An officer adds the set to a round (training.services.add_starter_modules) and can then change any
of it. Bodies use the module markup (training/markup.py): "## " starts a heading, "- " a list item,
and an empty line separates paragraphs. Each check question has exactly one right answer and an
explanation that teaches, whichever answer was chosen.
"""

STARTER_MODULES = [
    {
        "key": "what_commissioning_is",
        "title": "What commissioning is",
        "minutes": 10,
        "body": """\
Commissioning is how a council decides which projects to pay for. The council has an amount of money for young people's services. Organisations, like charities and youth clubs, write a bid saying what they would do with some of that money. A panel reads the bids and helps decide which ones get it.

You are on that panel. Your views count the same as everyone else's.

## Why young people are on the panel

Projects for young people work better when young people help choose them. You know things adults can miss: what would make you want to go, what feels safe, what feels like a waste of time.

## What the words mean

- A round is one go at deciding: one pot of money, one set of bids, one panel.
- A lot is one part of the round with its own budget, like "a place for young people to go".
- A bid is one organisation's plan for a lot, with how much money it asks for.
- A rubric is the list of questions every bid is scored on. The same questions are given to every organisation before they write their bid.
- A criterion is one of those questions.

## What makes it fair

Every bid is judged on the same published questions, by people who have said they have no conflict of interest. Every decision is written down, so anyone checking later can see who decided what, and why.""",
        "questions": [
            {
                "text": "What is commissioning?",
                "explanation": "Commissioning is choosing which projects get public money. "
                "Organisations bid for it, and the panel helps decide which bids are funded.",
                "choices": [
                    ("How a council decides which projects to pay for", True),
                    ("How a council collects money from people", False),
                    ("A competition to write the longest bid", False),
                ],
            },
            {
                "text": "Whose views count the most on the panel?",
                "explanation": "Nobody's. Young people and adults on the panel are equal. Every "
                "panel member's scores count the same.",
                "choices": [
                    ("The adults, because they have more experience", False),
                    ("Everyone's views count the same", True),
                    ("The organisations that wrote the bids", False),
                ],
            },
            {
                "text": "What is a rubric?",
                "explanation": "The rubric is the list of questions every bid is scored on. "
                "Organisations see the same questions before they write their bid, which is "
                "what makes the scoring fair.",
                "choices": [
                    ("A secret list of what the panel likes", False),
                    ("The list of questions every bid is scored on", True),
                    ("The amount of money in the round", False),
                ],
            },
        ],
    },
    {
        "key": "how_this_round_works",
        "title": "How this round works",
        "minutes": 10,
        "body": """\
A round goes through six stages, always in the same order. You will be told when each one starts.

## The stages

- Draft: council officers set up the round, its lots, the questions and the budget. Bids come in.
- Induction: you do this training and try a practice bid. You also say if you know any of the groups that have bid.
- Scoring: you read the bids you are given and score each one on your own. Nobody sees your scores until you send them.
- Consensus: the panel meets. Together you agree one score for each question on each bid.
- Decided: the council officer and the chair of the panel sign off which bids are funded.
- Published: you hear what was decided and what difference your views made. We call this "You said, we did".

## What the panel decides

The panel scores every bid in its lot against the published questions. It agrees which bids should be funded within each lot's budget.

## What the panel does not decide

- The panel does not set the budget or choose the lots. That was agreed before the bids came in.
- The panel does not change the questions once bids have arrived.
- Council officers check the paperwork and score the price.
- The council signs the contracts with the organisations chosen.

Your round's own page says exactly what your panel decides. If something is not clear, ask the officer or the chair. Asking is always fine.""",
        "questions": [
            {
                "text": "In which stage do you score bids on your own?",
                "explanation": "In the scoring stage everyone scores on their own, without seeing "
                "anyone else's scores. The panel agrees scores together later, at the consensus "
                "meeting.",
                "choices": [
                    ("Induction", False),
                    ("Scoring", True),
                    ("Consensus", False),
                ],
            },
            {
                "text": "Which of these does the panel decide?",
                "explanation": "The panel scores the bids and agrees which should be funded "
                "within each lot's budget. The budget was set before the bids came in, and the "
                "council signs the contracts.",
                "choices": [
                    ("How big the budget is", False),
                    ("Which bids should be funded within the budget", True),
                    ("What the contracts say", False),
                ],
            },
        ],
    },
    {
        "key": "reading_a_bid",
        "title": "How to read a bid",
        "minutes": 15,
        "body": """\
A bid is an organisation's answer to the round's questions. Each answer matches one question on the scoring sheet, so you can read one answer and score it before moving on.

## Before you start

- Read the lot's description, so you know what the money is for.
- Read the question the answer is for. The plain-English version is on your scoring sheet.
- Give yourself time. Take breaks. Nobody expects you to read everything in one go.

## While you read

- Look for facts and examples, not just nice words. "We will listen to young people" is a promise. "Young people chose our last two youth workers" is evidence.
- Ask yourself: what would actually change for a young person because of this project?
- Notice what is missing. A bid that does not answer part of the question cannot get full marks for it.
- Make notes as you go. They help you write the reason for your score.

## Things that can trick you

- A long answer is not always a good one. Score what it says, not how much it says.
- Lovely photos, big words or a famous name do not make a plan better.
- Judge the bid, not the writing. Some good organisations are not good at writing. Look for the idea and the evidence underneath.

## Help is there

Some bids come with help to read them, like a short summary or an easy-read version, written by council officers. This help is impartial: it describes the bid but does not judge it. If you use a read-aloud tool or have a helper, that is fine too.""",
        "questions": [
            {
                "text": "Which of these is evidence, not just a promise?",
                "explanation": "Evidence is something that has happened and can be checked, like "
                "young people choosing staff last year. A promise about the future is fine, but "
                "it is worth less than proof.",
                "choices": [
                    ("\u201cWe really care about young people.\u201d", False),
                    ("\u201cYoung people chose our last two youth workers.\u201d", True),
                    ("\u201cWe will be the best project in the area.\u201d", False),
                ],
            },
            {
                "text": "One bid's answer is three pages long and another's is half a page. "
                "What should you do?",
                "explanation": "Length is not quality. Score each answer on what it says about "
                "the question, however long or short it is.",
                "choices": [
                    ("Give the longer answer more points", False),
                    ("Score each answer on what it says, not on how long it is", True),
                    ("Give the shorter answer more points for being clear", False),
                ],
            },
            {
                "text": "An answer leaves out part of the question. What does that mean?",
                "explanation": "If part of the question is not answered, the bid cannot get full "
                "marks for it. Do not fill the gap with what you guess they meant.",
                "choices": [
                    ("You should guess what they meant and score that", False),
                    ("It cannot get full marks for that question", True),
                    ("It does not matter if the rest is good", False),
                ],
            },
        ],
    },
    {
        "key": "scoring_sheet",
        "title": "How to use the scoring sheet",
        "minutes": 15,
        "body": """\
You get one scoring sheet for each bid you are given. It has one question at a time, the bid's answer, and the scores you can choose from.

## What each score means

Most questions are scored from 0 to 5. Each score has a meaning written beside it on the sheet, for that question. In general:

- 0: they did not answer the question, or the answer is about something else.
- 1: poor. Very little of what was asked for.
- 2: limited. Some of it, but vague or with gaps.
- 3: acceptable. A sound answer that does what was asked.
- 4: very good. Clear, detailed and backed up with evidence.
- 5: excellent. Everything asked for, with strong evidence it will work.

3 is a good, solid answer. It is not a bad mark. Save 5 for answers that really stand out against the question.

## Score the bid against the question

Compare the answer with the meaning of each score, and pick the one that fits best. Do not compare bids with each other. If two bids both fully answer the question well, they can both get a 4. A bid does not get a lower score just because another bid was better.

## Write a reason for every score

Each score needs a short reason, in your own words. Say what in the answer made you choose that score, like "They asked young people what they wanted but do not say how they will keep asking". Your reasons help the panel at the consensus meeting, and they show later how the decision was made.

## Your scores are yours

Nobody sees your scores until you send your sheet. You can save and come back before you send it. Once it is sent, it can only be opened again by the chair, with a reason that is written down.""",
        "questions": [
            {
                "text": "What does a score of 3 mean?",
                "explanation": "3 means acceptable: a sound answer that does what the question "
                "asked. It is a good, solid score, not a bad one.",
                "choices": [
                    ("The answer is poor", False),
                    ("The answer is sound and does what was asked", True),
                    ("The answer is the best one you have read", False),
                ],
            },
            {
                "text": "Bid A's answer is excellent. Bid B's answer is very good too, but not "
                "quite as good. How should you score Bid B?",
                "explanation": "Score each bid against the question and the meaning of each "
                "score, never against other bids. If Bid B's answer fits \u201cvery good\u201d, it "
                "gets a 4, whatever Bid A got.",
                "choices": [
                    ("Lower, because Bid A was better", False),
                    ("By how well it answers the question, whatever Bid A got", True),
                    ("The same as Bid A, to be fair", False),
                ],
            },
            {
                "text": "Why does every score need a reason?",
                "explanation": "Your reason says what in the answer made you choose that score. "
                "It helps the panel talk about the bid at the consensus meeting, and it shows "
                "later how the decision was made.",
                "choices": [
                    (
                        "So the panel can understand your score and the decision can be checked",
                        True,
                    ),
                    ("So the organisation can argue with you", False),
                    ("It does not: a reason is optional", False),
                ],
            },
        ],
    },
    {
        "key": "conflicts_confidentiality",
        "title": "Conflicts of interest and keeping things private",
        "minutes": 10,
        "body": """\
A conflict of interest is anything that could make people think you are not fair about a bid. It does not mean you have done anything wrong. It only matters if you keep it to yourself.

## Examples

- The organisation supports you now, or has in the last two years.
- You, or someone in your family, work or volunteer there.
- You know someone who works or volunteers there.
- Anything else that could make people wonder, like a friend who would get a job if the bid wins.

## What to do

Before you can see the bids in a lot, you are asked about each organisation that has bid: Yes, No or Not sure. If you are not sure, say Not sure. An officer then decides with you what happens, for example that you do not score that one bid. If something changes later, tell us straight away, even in the middle of scoring.

Telling us protects you and protects the decision. The law on public money (the Procurement Act 2023) says everyone who helps make the decision must do this, young panellists included.

## Keeping things private

- Do not share the bids, your scores or what the panel said with anyone outside the panel. That includes friends, family and social media.
- Do not contact any organisation that has bid, and do not talk about the round with them. If they contact you, tell the officer.
- Do not take photos of bids or scores.
- Once the decision is published, you can talk about what it was like to be on the panel. Do not talk about the scores, or what other panel members said.

If you are ever unsure whether you can share something, do not share it, and ask the officer.""",
        "questions": [
            {
                "text": "Your aunt volunteers at an organisation that has bid. What should you do?",
                "explanation": "Someone in your family volunteering there is an interest you must "
                "declare. Answer Yes for that organisation. An officer then decides what happens, "
                "for example that you do not score that bid.",
                "choices": [
                    ("Nothing, because you do not work there yourself", False),
                    ("Say Yes when you are asked about that organisation", True),
                    ("Score the bid a bit lower to make up for it", False),
                ],
            },
            {
                "text": "A friend asks which bids you think will win. What do you say?",
                "explanation": "What the panel reads and thinks stays inside the panel until the "
                "decision is published. You can say you are on a panel, but not talk about the "
                "bids or scores.",
                "choices": [
                    ("Tell them, as long as they promise not to tell anyone", False),
                    ("Say you cannot talk about the bids", True),
                    ("Show them your scoring sheet", False),
                ],
            },
            {
                "text": "You are not sure whether knowing someone counts as a conflict. What "
                "should you do?",
                "explanation": "Say Not sure. It is always better to tell us: an officer looks at "
                "it with you and decides. Keeping quiet is the only wrong answer.",
                "choices": [
                    ("Say Not sure, and an officer will decide with you", True),
                    ("Say No, because it probably does not matter", False),
                    ("Leave the panel", False),
                ],
            },
        ],
    },
    {
        "key": "consensus_meeting",
        "title": "What happens at the consensus meeting",
        "minutes": 10,
        "body": """\
When everyone has sent their scores, the panel meets to agree one score for each question on each bid. This is the consensus meeting. The chair runs it.

## How it works

- The chair shows the scores everyone gave, for one question on one bid at a time.
- Questions where people's scores were far apart come first. That is where talking helps most.
- People explain their reasons. You might hear something you missed, or spot something others missed.
- The panel agrees a score, and the chair writes down the score and why.

## Your part

- Say what you think and why, using your notes and reasons. Your view counts as much as anyone's.
- Listen to others. It is fine to change your mind because of a good reason. It is also fine not to.
- Talk about the bid, not the people. Disagree with an idea, never with a person.
- If you do not understand something, ask. Someone else probably wants to know too.

## What happens next

The agreed scores give each bid a total. The panel recommends which bids to fund within each lot's budget. The council officer and the chair sign off the decision. When it is published, you get "You said, we did": where your scores and reasons stood, what was decided, and what difference your views made.""",
        "questions": [
            {
                "text": "What does the panel do at the consensus meeting?",
                "explanation": "The panel talks through the scores and agrees one score for each "
                "question on each bid. The chair writes down each score and the reason for it.",
                "choices": [
                    ("Agrees one score for each question on each bid", True),
                    ("Adds up everyone's scores without talking", False),
                    ("Meets the organisations that bid", False),
                ],
            },
            {
                "text": "Someone gives a good reason you had not thought of. What can you do?",
                "explanation": "Changing your mind because of a good reason is part of reaching "
                "agreement. You can also keep your view if you still think it is right. Either "
                "way, say why.",
                "choices": [
                    ("You must keep your first score", False),
                    ("You can change your mind, or keep your view, and say why", True),
                    ("You must agree with the adults", False),
                ],
            },
        ],
    },
]
