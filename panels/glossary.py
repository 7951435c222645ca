"""The words panellists meet, in plain English, for the glossary page (/glossary/).

Each entry is (key, word, what it means). The key is the entry's anchor (/glossary/#lot); a
panellist page links a word's first use to it with {% term "lot" "lots" %} (templatetags/glossary.py).
Written for a 14-year-old: short sentences, everyday words (tests/test_panellist_words.py checks
the reading level).
"""

TERMS = [
    (
        "accredited",
        "Accredited",
        "Checked and approved by a body that sets standards. "
        "An accredited course or group has shown it meets those standards.",
    ),
    (
        "bid",
        "Bid",
        "An organisation's plan for how it would spend some of the money, "
        "and how much it asks for. You read bids and score them.",
    ),
    (
        "cic",
        "CIC",
        "Short for community interest company. It is a business set up to help "
        "the community, not to make its owners rich.",
    ),
    (
        "conflict-of-interest",
        "Conflict of interest",
        "When you know an organisation that "
        "has bid, or could gain if it wins, so you might not be fair. Tell us, and we decide "
        "if you should score that bid. Saying so is never a problem.",
    ),
    (
        "consensus",
        "Consensus",
        "When the panel talks and agrees one score together. "
        "The consensus meeting is where this happens, after everyone has scored on their own.",
    ),
    (
        "consents",
        "Consents",
        "Things you say yes to, like having your photo taken. "
        "You can change your mind and take a consent back at any time.",
    ),
    (
        "consortium",
        "Consortium",
        "A group of organisations that bid together as a team. "
        "One of them leads, and they share the work.",
    ),
    (
        "dbs-check",
        "DBS check",
        "A check that a person is safe to work with young people. "
        "DBS stands for Disclosure and Barring Service. It looks at police records.",
    ),
    (
        "indemnity",
        "Indemnity",
        "A promise to pay if something goes wrong and someone "
        "has to be paid back. Insurance often covers it.",
    ),
    (
        "liability",
        "Liability",
        "Being the one who must pay or put it right if something "
        "goes wrong. Liability insurance pays for this.",
    ),
    (
        "lot",
        "Lot",
        "One part of the round with its own money and its own bids, like "
        '"a place for young people to go". Each bid is for one lot.',
    ),
    (
        "moderator",
        "Moderator",
        "The chair of the panel. They run the meeting, help the panel "
        "agree, and make sure everyone is heard. They do not score.",
    ),
    (
        "provider",
        "Provider",
        "The organisation that would run the project if its bid wins. "
        "It might be a charity, a club or a company.",
    ),
    ("round", "Round", "One go at deciding: one pot of money, one set of bids and one panel."),
    (
        "rubric",
        "Rubric",
        "The list of questions every bid is scored on. Every organisation "
        "sees the same questions before it writes its bid.",
    ),
    (
        "safeguarding",
        "Safeguarding",
        "Keeping children and young people safe from harm. "
        "A good bid says who keeps young people safe and how.",
    ),
]

KEYS = {key for key, _, _ in TERMS}
