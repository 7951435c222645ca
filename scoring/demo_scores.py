"""The demo's individual scores (scoring/demo.py), written for the demo bids in bids/demo_bids.py.

For each bid and scored criterion: the score a careful reader would give, what in the bid earns it
and what holds it back. Each panellist's reason is built from these in their own way, and a few
panellists disagree on purpose (DISAGREE), so consensus has something to talk about.
"""

U = "Understanding young people's needs and the difference made"
Y = "How young people shape and lead the service"
R = "Reaching young people who are often left out"
S = "Keeping young people safe and welcome"
D = "Delivery plan, staffing and partnerships"

# bid title -> {criterion title: (score, what earns it, what holds it back)}
SCORES = {
    "Talking Teens at Home": {
        U: (
            5,
            "they asked 126 young people and 88 parents and set a target of 240 families",
            "the 71% fewer rows figure comes from their own pilot",
        ),
        Y: (
            5,
            "eight paid Young Family Advisers have equal votes and interview all new staff",
            "it does not say how the advisers are chosen",
        ),
        R: (
            4,
            "free childcare, bus fares and interpreters in Polish, Urdu and Bengali remove "
            "real barriers",
            "it is not clear how they will reach young carers",
        ),
        S: (
            4,
            "there is a named lead, monthly supervision and two facilitators in online groups",
            "there is no way for a young person to complain",
        ),
        D: (
            4,
            "five schools have signed referral agreements and courses open in month 4",
            "three partners will take a lot of coordinating",
        ),
    },
    "Parents in the Loop": {
        U: (
            3,
            "they link the course to waits of over a year for mental health services",
            "they only measure parents' confidence, not how young people feel",
        ),
        Y: (
            2,
            "young people at Millbrook High review the course materials before it starts",
            "a focus group once a year and a voucher is not a real say",
        ),
        R: (
            3,
            "online sessions and interpreters help parents who cannot get to Millbrook",
            "they rely on schools to pass their details on",
        ),
        S: (
            4,
            "registered counsellors with clinical supervision and same-day referrals",
            "nothing says how a young person could raise a worry themselves",
        ),
        D: (
            3,
            "they can start in two months and already work with a school and two GP surgeries",
            "the only plan if few parents come is more advertising",
        ),
    },
    "Family Link Workers": {
        U: (
            4,
            "62 young people came to their drop-in with nowhere to stay, and they will track "
            "school attendance and living at home",
            "the outcomes are more about the family than what young people want",
        ),
        Y: (
            2,
            "each young person sets their own goals in the family plan",
            "the youth forum is only asked for its views",
        ),
        R: (
            4,
            "link workers meet families at home, at school or in a café, with bus fares and a "
            "hardship fund",
            "it does not say how they find families nobody refers",
        ),
        S: (
            4,
            "Level 3 training, fortnightly supervision and a leaflet on how to complain",
            "the Chief Executive as safeguarding lead may be stretched",
        ),
        D: (
            3,
            "the first three months and the referral routes are clear",
            "a waiting list is their only answer to too many referrals",
        ),
    },
    "Parenting Teens Programme": {
        U: (
            1,
            "they mention social media and exam pressure",
            "nothing is about Brightwater, and “transform family life” cannot be checked",
        ),
        Y: (
            1,
            "there is one survey of young people at the start",
            "young people do not plan or run anything",
        ),
        R: (1, "it is free to every parent", "saying everyone is welcome is not a plan"),
        S: (
            2,
            "they have a policy and pass concerns on",
            "there is no named lead and no training described",
        ),
        D: (
            2,
            "they promise 40 courses over three years",
            "a national team with no local partners named",
        ),
    },
    "The Station: a youth space run with young people": {
        U: (
            5,
            "their survey of 412 young people found 58% had nowhere to go, and young people "
            "chose the measures",
            "900 young people in three years is ambitious",
        ),
        Y: (
            5,
            "an elected youth board controls a £30,000 budget and sits on every interview panel",
            "it does not say what happens if the board and staff disagree",
        ),
        R: (
            5,
            "a step-free building, a learning disability session and a care leavers' tea",
            "it lists five languages but not which ones",
        ),
        S: (
            4,
            "two trained adults are always on site and the youth board chose a trusted adult "
            "system",
            "moderating group chats needs clearer rules",
        ),
        D: (
            4,
            "they open in month 5 with a full team and £40,000 a year from the café",
            "building works could easily run late",
        ),
    },
    "Three Doors: youth nights in three neighbourhoods": {
        U: (
            3,
            "there has been no youth club in the three areas since 2019, and they will count "
            "who comes",
            "the police reports are adults' worries, not young people's needs",
        ),
        Y: (
            3,
            "each venue has a young people's committee that plans the activities",
            "only one young person goes to board meetings, as a guest",
        ),
        R: (
            3,
            "three venues close to home mean less travel",
            "only Eastfield is said to be wheelchair accessible",
        ),
        S: (
            2,
            "each venue has its own safeguarding lead",
            "there is no shared policy until month 1",
        ),
        D: (
            3,
            "two sessions a week in each venue from month 3, with a coordinator",
            "three partners who work differently is a real risk",
        ),
    },
    "Skyline Youth Hub": {
        U: (
            3,
            "they already see 250 young people a week and will survey wellbeing",
            "it is mostly about sport, not young people who do not play",
        ),
        Y: (
            3,
            "20 young sports leaders a year help run the sessions",
            "a suggestion box and a termly vote is mostly being asked",
        ),
        R: (
            3,
            "girls-only sessions, wheelchair basketball and a games room for people not into sport",
            "nothing about the cost of getting to Northgate",
        ),
        S: (
            3,
            "a youth worker and a coach are always on duty",
            "online safety is not in their policy yet",
        ),
        D: (
            4,
            "they run the building already and can open in one month",
            "paying for it from gym income afterwards is a hope, not a plan",
        ),
    },
    "The Chill Space": {
        U: (
            1,
            "they say young people need somewhere to go",
            "“off the streets” with no local facts and no way to measure anything",
        ),
        Y: (1, "there will be a suggestions board", "young people have no part in running it"),
        R: (1, "it is open to all", "there is no plan for anyone who finds it hard to come"),
        S: (1, "the space will be supervised", "no named lead and no checks are described"),
        D: (1, "they hope to open within six months", "there is no venue and no staff yet"),
    },
    "Brightwater Newshounds": {
        U: (
            5,
            "74% of the 230 young people they asked said the news never talks about people "
            "like them",
            "20 young people moving into media work is a big promise",
        ),
        Y: (
            5,
            "young people are the editorial board and two paid young editors are on the staff",
            "staff can still step in on stories",
        ),
        R: (
            5,
            "tasters with the Virtual School, supported learning and a Somali youth group, "
            "with laptops and cameras lent",
            "they could say more about young people outside Kingsmoor and Harbourside",
        ),
        S: (
            4,
            "online safety training, moderated comments and newsroom rules the members wrote",
            "filming in public brings risks they only partly cover",
        ),
        D: (
            4,
            "a clear team, and partners including the library and the Brightwater Echo",
            "it is £12,400 over the budget",
        ),
    },
    "Youth Voice on Air": {
        U: (
            3,
            "young people told them they want to talk about housing, jobs and mental health",
            "they count shows and listeners, not what changes for young people",
        ),
        Y: (
            3,
            "young people choose the topics and present, with a young producer from year 2",
            "one review a year is not much of a say",
        ),
        R: (
            2,
            "radio suits young people who do not want to be on camera",
            "a ramp and posters in schools is the whole plan",
        ),
        S: (
            3,
            "staff supervise live shows and run the social media",
            "training for volunteers is only promised",
        ),
        D: (
            3,
            "Saturday and weekday sessions start in month 2",
            "one part-time producer leans heavily on volunteers",
        ),
    },
    "Youth Content Creators": {
        U: (
            1,
            "they say young people want digital careers",
            "counting followers and views does not show young people are better off",
        ),
        Y: (2, "young people choose what content to make", "feedback is only asked at the end"),
        R: (
            1,
            "it is open to everyone aged 14 to 25",
            "they only advertise on TikTok and Instagram",
        ),
        S: (
            1,
            "the trainers are DBS checked",
            "“reminded to stay safe online” is not enough for a course about posting online",
        ),
        D: (2, "three 12-week courses a year", "no local partners, only brands"),
    },
}

# (email, bid title, criterion) -> (score, reason): panellists who see it differently on purpose,
# and two reasons the gentle checks flag (one repeats what the score means, one compares bids).
DISAGREE = {
    ("kai@example.org", "Skyline Youth Hub", Y): (
        5,
        "Young leaders run the sessions and get free gym membership, so young people "
        "actually run it.",
    ),
    ("raj@example.org", "Skyline Youth Hub", Y): (
        2,
        "Young leaders help coaches with sport, but young people decide nothing about the hub "
        "itself.",
    ),
    ("amara@example.org", "Parents in the Loop", U): (
        1,
        "They talk about parents coping but never asked young people what they need.",
    ),
    ("professional@example.org", "Parents in the Loop", U): (
        4,
        "Mental health waits of over a year are a real local need, and measuring parents' "
        "confidence before and after is sound.",
    ),
    ("young@example.org", "Youth Content Creators", Y): (
        4,
        "Making your own videos on topics you choose is what young people here said they want.",
    ),
    ("professional@example.org", "Youth Content Creators", Y): (
        1,
        "Choosing a video topic is not shaping the service: no part in planning or running it.",
    ),
    ("kai@example.org", "Three Doors: youth nights in three neighbourhoods", S): (
        4,
        "Every venue has its own safeguarding lead and young people can talk to any staff.",
    ),
    ("raj@example.org", "Three Doors: youth nights in three neighbourhoods", S): (
        1,
        "Three organisations with no shared safeguarding policy until month 1 is a serious gap.",
    ),
    # Flagged: mostly repeats what a 4 means.
    ("kai@example.org", "The Station: a youth space run with young people", U): (
        4,
        "They really understand young people here and they asked young people.",
    ),
    # Flagged: compares this bid with the others.
    ("amara@example.org", "Parenting Teens Programme", R): (
        1,
        "Much weaker than the other bids for parents, with no plan to reach anyone.",
    ),
}

# Sheets left unfinished: email -> {bid title: criteria answered so far (None: not started)}.
UNFINISHED = {
    "kai@example.org": {
        "Brightwater Newshounds": None,
        "Youth Voice on Air": None,
        "Youth Content Creators": None,
        "The Chill Space": 2,
    },
    "raj@example.org": {"Youth Content Creators": None, "Youth Voice on Air": 5},
    "young@example.org": {"Brightwater Newshounds": 5},  # all answered, not yet submitted
}

# How each panellist tends to score, by criterion position: 0 or +1 on the careful score.
LEAN = {
    "young@example.org": (0, 1, 0, 0, 0),
    "kai@example.org": (1, 1, 0, 0, 1),
    "amara@example.org": (0, 0, 1, 0, 0),
    "professional@example.org": (0, 0, 0, 0, 0),
    "raj@example.org": (0, 0, 0, 1, 0),
}
