"""Built-in starter rubric for youth-service bids.

Officers can copy this into a new round and edit it. Each criterion carries two
versions of its question: the formal one published to bidders, and a plain-English
one shown to panellists. Scored criteria have one descriptor per level (0 to 5),
each in formal and plain words.

Weights: the five scored criteria (80) plus the officer-scored price (20) make 100.
Pass/fail criteria carry no weight: a bid that fails one cannot be funded.
"""

from decimal import Decimal

STARTER_RUBRIC = {
    "name": "Starter rubric: youth services",
    "criteria": [
        # ------------------------------------------------------------------
        # Scored criteria (panel scores these)
        # ------------------------------------------------------------------
        {
            "kind": "scored",
            "title": "Understanding young people's needs and the difference made",
            "question_formal": (
                "Describe your understanding of the needs of young people aged 14 to 25 "
                "in the area covered by this Lot, and the outcomes your service will achieve "
                "for them. Set out the evidence that informs your approach, and explain how "
                "outcomes will be measured, reviewed and reported during the contract."
            ),
            "question_plain": (
                "Does the bid show they understand what young people here need? "
                "What will be better for young people because of this project? "
                "How will they check that it is working?"
            ),
            "guidance": (
                "Look for signs that they know young people in this area, not just general facts. "
                "A good bid says clearly what will change for young people, such as feeling more "
                "confident or less alone. It also says how they will check that change is happening. "
                "Be wary of big promises with nothing to back them up."
            ),
            "weight": Decimal("20"),
            "scale_max": 5,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [
                (
                    0,
                    "No response, or the response does not address the requirement.",
                    "They didn't answer this, or the answer is about something else.",
                ),
                (
                    1,
                    "Poor. Little understanding of young people's needs is shown. Outcomes are "
                    "missing or unclear, and there is no plan to measure them.",
                    "They say very little about what young people need. "
                    "It is not clear what would get better.",
                ),
                (
                    2,
                    "Limited. Some understanding of needs is shown, but it is generic and not "
                    "evidenced. Outcomes are vague and the plan to measure them is weak.",
                    "They say a bit about what young people need, but it could be anywhere. "
                    "What would get better is vague.",
                ),
                (
                    3,
                    "Acceptable. A sound understanding of local needs, supported by some evidence. "
                    "Outcomes are clear and there is a reasonable plan to measure them.",
                    "They understand what young people here need. "
                    "They say what will get better and how they will check.",
                ),
                (
                    4,
                    "Very good. A detailed, evidenced understanding of local needs that draws on "
                    "young people's own views. Outcomes are specific, realistic and measurable.",
                    "They really understand young people here, and they asked young people. "
                    "What will get better is clear and can be checked.",
                ),
                (
                    5,
                    "Excellent. A thorough understanding of needs built from local data and young "
                    "people's own views. Outcomes are specific, ambitious and realistic, with a "
                    "robust plan for measuring and reporting them and evidence of past results.",
                    "Brilliant. They know young people here well and can prove it. They are clear "
                    "about what will get better and how they will check. They have done it before.",
                ),
            ],
        },
        {
            "kind": "scored",
            "title": "How young people shape and lead the service",
            "question_formal": (
                "Describe how young people will be involved as equal partners in designing, "
                "delivering, reviewing and governing the service throughout the contract. "
                "Explain how you will train, support and recognise the young people involved, "
                "and how you will report back to them on how their views have influenced decisions."
            ),
            "question_plain": (
                "Does the bid show that young people will help plan and run the project, "
                "not just use it? Will those young people get training, thanks and "
                "feedback for their help?"
            ),
            "guidance": (
                "Look for young people having a real say, such as helping to choose staff or "
                "deciding what the project does. Asking young people for their views once is not "
                "enough. A good bid says how young people will be trained and thanked, and how they "
                'will be told what difference they made ("You said, we did").'
            ),
            "weight": Decimal("15"),
            "scale_max": 5,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [
                (
                    0,
                    "No response, or the response does not address the requirement.",
                    "They didn't answer this, or the answer is about something else.",
                ),
                (
                    1,
                    "Poor. Young people are treated only as service users. Involvement is absent "
                    "or token, for example a single survey.",
                    "Young people just use the project. They don't get a real say.",
                ),
                (
                    2,
                    "Limited. Young people are consulted from time to time, but they have no clear "
                    "influence on decisions. Support, recognition and feedback are not described.",
                    "Young people are asked what they think now and then. "
                    "It is not clear that anything changes because of it.",
                ),
                (
                    3,
                    "Acceptable. Young people are involved in planning and reviewing the service, "
                    "with some influence on decisions. Support, recognition and feedback are "
                    "described in outline.",
                    "Young people help plan and check the project and can change some things. "
                    "They get some support and hear back.",
                ),
                (
                    4,
                    "Very good. Young people share decisions across design, delivery and review, "
                    "with defined roles. Training, recognition and regular feedback are clearly "
                    "planned.",
                    "Young people make decisions with the staff at every step. They get training, "
                    "thanks and regular feedback.",
                ),
                (
                    5,
                    "Excellent. Young people are equal partners in governance and delivery, "
                    "including peer-led activity, with clear routes to progress. Training, "
                    "recognition and feedback are built in, and there is evidence that this "
                    "approach has worked before.",
                    "Brilliant. Young people help lead the project and can take on bigger roles "
                    "over time. Training, thanks and feedback are built in. They can show it has "
                    "worked before.",
                ),
            ],
        },
        {
            "kind": "scored",
            "title": "Reaching young people who are often left out",
            "question_formal": (
                "Explain how the service will reach, engage and include young people who face "
                "barriers to taking part, including care-experienced young people, young people "
                "with disabilities, learning difficulties or mental health needs, and young people "
                "from communities that are under-represented in services. Describe the reasonable "
                "adjustments and practical support you will provide, for example with travel, "
                "timing, venue and communication formats."
            ),
            "question_plain": (
                "Does the bid show how they will reach young people who often miss out? "
                "This could be young people who are or have been in care, disabled young people, "
                "or young people who find reading hard. How will they make it easy for everyone "
                "to join in?"
            ),
            "guidance": (
                "Look for a real plan to find and welcome young people who don't usually take part. "
                "Good bids mention practical help, like paying for travel, meeting at times that suit "
                "young people, or giving information in easy-read or other formats. Saying "
                '"everyone is welcome" is not enough on its own.'
            ),
            "weight": Decimal("15"),
            "scale_max": 5,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [
                (
                    0,
                    "No response, or the response does not address the requirement.",
                    "They didn't answer this, or the answer is about something else.",
                ),
                (
                    1,
                    "Poor. The response states the service is open to all but gives no plan to "
                    "reach or include young people who face barriers.",
                    "They say everyone is welcome, but they don't say how they will reach "
                    "young people who miss out.",
                ),
                (
                    2,
                    "Limited. Some groups facing barriers are named, but the approach is general "
                    "and practical support or adjustments are not described.",
                    "They name some young people who miss out, but there is no real plan "
                    "to help them join in.",
                ),
                (
                    3,
                    "Acceptable. A credible plan to reach specific groups, with practical support "
                    "and adjustments described.",
                    "They have a plan to reach young people who miss out, "
                    "and they say how they will help them join in.",
                ),
                (
                    4,
                    "Very good. A detailed plan to reach and include a range of groups, developed "
                    "with those groups or the people who support them, with practical support "
                    "costed and planned.",
                    "They have a good plan for lots of different young people. They worked it out "
                    "with those young people, and the help is paid for.",
                ),
                (
                    5,
                    "Excellent. A thorough, tailored approach across all groups facing barriers, "
                    "with established links to those communities, monitoring of who the service "
                    "reaches, and evidence of success in past work.",
                    "Brilliant. They already work with young people who miss out. They will check "
                    "who is taking part and can show it has worked before.",
                ),
            ],
        },
        {
            "kind": "scored",
            "title": "Keeping young people safe and welcome",
            "question_formal": (
                "Describe how you will keep young people safe in every setting, including online. "
                "Set out your safeguarding arrangements, including the designated safeguarding lead, "
                "training for staff and volunteers, and procedures for responding to concerns. "
                "Explain how you will create a welcoming, respectful environment in which young "
                "people feel able to raise a concern or complaint."
            ),
            "question_plain": (
                "Does the bid show how they will keep young people safe, in person and online? "
                "Will young people feel welcome and know who to talk to if something is wrong?"
            ),
            "guidance": (
                "Look for a named person in charge of keeping young people safe, and training for "
                "all staff and volunteers. A good bid says what staff will do if they are worried "
                "about a young person, and thinks about online safety too. A bid that scores 0 or 1 "
                "here cannot be funded, whatever its other scores."
            ),
            "weight": Decimal("15"),
            "scale_max": 5,
            "minimum_score": 2,
            "officer_method": "",
            "descriptors": [
                (
                    0,
                    "No response, or the response does not address the requirement.",
                    "They didn't answer this, or the answer is about something else.",
                ),
                (
                    1,
                    "Poor. Safeguarding arrangements are missing or seriously inadequate. There is "
                    "no named lead or no clear procedure for responding to concerns.",
                    "They don't explain how they will keep young people safe. "
                    "This is a serious worry.",
                ),
                (
                    2,
                    "Limited. Basic safeguarding arrangements are in place, but they are generic. "
                    "Online safety, staff training or how young people raise concerns are not "
                    "fully covered.",
                    "They have the basics for keeping young people safe, but it is thin. "
                    "Some important things are missing.",
                ),
                (
                    3,
                    "Acceptable. Sound safeguarding arrangements with a named lead, staff training "
                    "and a clear procedure for concerns. Online safety and a welcoming environment "
                    "are addressed.",
                    "They have a clear plan to keep young people safe, in person and online. "
                    "Young people will know who to talk to.",
                ),
                (
                    4,
                    "Very good. Robust, well-described arrangements tailored to this service, with "
                    "regular training and supervision, and clear, young-person-friendly ways to "
                    "raise concerns.",
                    "They have a strong plan made for this project. Staff get regular training. "
                    "Young people have easy ways to speak up.",
                ),
                (
                    5,
                    "Excellent. Comprehensive arrangements tailored to this service, reviewed with "
                    "young people, with a strong track record of safe practice and of learning "
                    "from concerns.",
                    "Brilliant. Their plan is excellent, and young people helped check it. "
                    "They can show they have kept young people safe before.",
                ),
            ],
        },
        {
            "kind": "scored",
            "title": "Delivery plan, staffing and partnerships",
            "question_formal": (
                "Provide a delivery plan for the contract period, with key milestones from "
                "mobilisation onwards. Describe your staffing structure, the relevant skills and "
                "experience of staff and volunteers, and your partnerships with local organisations. "
                "Identify the principal risks to delivery and how you will manage them, and explain "
                "how the benefits of the service will be sustained after the contract ends."
            ),
            "question_plain": (
                "Does the bid have a clear plan for what they will do and when? "
                "Do they have the right people, and will they work with other local groups? "
                "Will the good things last after the money ends?"
            ),
            "guidance": (
                "Look for a plan that says what will happen and when, so you can picture the project "
                "running. Check they have enough staff with the right skills, and that they work with "
                "other groups such as schools or youth clubs. Good bids also think about what could go "
                "wrong and what they will do about it."
            ),
            "weight": Decimal("15"),
            "scale_max": 5,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [
                (
                    0,
                    "No response, or the response does not address the requirement.",
                    "They didn't answer this, or the answer is about something else.",
                ),
                (
                    1,
                    "Poor. No meaningful delivery plan. Staffing and partnerships are not described, "
                    "and delivery is unlikely to be achieved.",
                    "There is no real plan. It is hard to see how the project would happen.",
                ),
                (
                    2,
                    "Limited. An outline plan with gaps. Staffing or partnerships are unclear, "
                    "and risks are not identified.",
                    "There is a plan, but important parts are missing. "
                    "It is unclear who will do the work.",
                ),
                (
                    3,
                    "Acceptable. A workable plan with milestones, suitable staffing and some "
                    "local partnerships. The main risks are identified.",
                    "The plan makes sense. They have the right people and some local partners. "
                    "They know what could go wrong.",
                ),
                (
                    4,
                    "Very good. A detailed, realistic plan with clear milestones, well-qualified "
                    "staff, established partnerships and sensible risk management.",
                    "The plan is detailed and realistic. The staff are skilled, they already work "
                    "with local groups, and they have backup plans.",
                ),
                (
                    5,
                    "Excellent. A detailed, realistic and fully resourced plan, with strong, "
                    "evidenced partnerships, thorough risk management and a clear approach to "
                    "sustaining benefits beyond the contract.",
                    "Brilliant. The plan is clear, realistic and fully thought through. They have "
                    "strong partners, and the good things will last after the money ends.",
                ),
            ],
        },
        # ------------------------------------------------------------------
        # Pass/fail criteria (checked by officers; no weight)
        # ------------------------------------------------------------------
        {
            "kind": "pass_fail",
            "title": "Safeguarding policy and police checks in place",
            "question_formal": (
                "Confirm that your organisation holds a written safeguarding policy covering "
                "children and adults at risk, reviewed within the last 12 months, and that every "
                "member of staff and every volunteer working with young people holds an enhanced "
                "Disclosure and Barring Service (DBS) check appropriate to their role. Provide a "
                "copy of the policy."
            ),
            "question_plain": (
                "Do they have written rules for keeping young people safe? Have all staff and "
                "volunteers who work with young people had police checks (DBS)?"
            ),
            "guidance": (
                "Council officers check this using the bidder's documents. You don't score it. "
                "A bid that fails this check cannot be funded."
            ),
            "weight": Decimal("0"),
            "scale_max": 1,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [],
        },
        {
            "kind": "pass_fail",
            "title": "Insurance",
            "question_formal": (
                "Confirm that your organisation holds, or will hold from the contract start date, "
                "employer's liability insurance of at least £5 million, public liability insurance "
                "of at least £5 million and professional indemnity insurance of at least £1 million, "
                "and provide evidence of cover."
            ),
            "question_plain": (
                "Do they have insurance, so people are protected if something goes wrong?"
            ),
            "guidance": (
                "Council officers check this using the bidder's documents. You don't score it. "
                "A bid that fails this check cannot be funded."
            ),
            "weight": Decimal("0"),
            "scale_max": 1,
            "minimum_score": None,
            "officer_method": "",
            "descriptors": [],
        },
        # ------------------------------------------------------------------
        # Officer-only criterion
        # ------------------------------------------------------------------
        {
            "kind": "officer",
            "title": "Price",
            "question_formal": (
                "Submit a fixed total price for delivering this Lot over the full contract period, "
                "using the pricing schedule provided, with a breakdown of staffing, delivery and "
                "overhead costs. Price is evaluated by the council's procurement officer: the lowest "
                "compliant price receives the full 20 marks, and every other bid receives "
                "(lowest price / bid price) x 20."
            ),
            "question_plain": (
                "How much money is the bid asking for? Council officers score this part with "
                "a set sum. You don't need to score it."
            ),
            "guidance": (
                "Council officers score price using a fixed sum: the cheapest bid gets the most "
                "points. You don't score it. You can still say in your notes if a plan looks too "
                "cheap to work well, or if the money seems to go on the wrong things."
            ),
            "weight": Decimal("20"),
            "scale_max": 5,
            "minimum_score": None,
            "officer_method": "price_formula",
            "descriptors": [],
        },
    ],
}
