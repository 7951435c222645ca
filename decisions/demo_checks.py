"""The officers' answers to the demo round's pass/fail checks (decisions/demo.py), per demo bid
(bids/demo_bids.py). Officers answer these once per bid, never the panel on its sheets. One bid
fails: The Chill Space has no current safeguarding policy and no police checks, and no insurance.
"""

POLICY = "Safeguarding policy and police checks in place"
INSURANCE = "Insurance"

# bid title -> (policy and checks: passed, why), (insurance: passed, why)
PASS_FAIL = {
    "Talking Teens at Home": (
        (True, "Policy reviewed January 2026; enhanced DBS for everyone."),
        (True, "£10 million public liability, certificates attached."),
    ),
    "Parents in the Loop": (
        (True, "Policy reviewed September 2025; enhanced DBS for everyone."),
        (True, "£5 million liability and £1 million indemnity."),
    ),
    "Family Link Workers": (
        (True, "Policy reviewed November 2025; enhanced DBS for everyone."),
        (True, "£5 million liability and £1 million indemnity."),
    ),
    "Parenting Teens Programme": (
        (True, "They have a policy and check facilitators first."),
        (True, "They say they hold it, though give no amounts."),
    ),
    "The Station: a youth space run with young people": (
        (True, "Policy reviewed February 2026; enhanced DBS for everyone."),
        (True, "£10 million liability and £1 million indemnity."),
    ),
    "Three Doors: youth nights in three neighbourhoods": (
        (True, "Each partner's policy reviewed in 2025; enhanced DBS for everyone."),
        (True, "Each partner is covered; Saltings Arts adds indemnity before the start."),
    ),
    "Skyline Youth Hub": (
        (True, "Policy reviewed June 2025; enhanced DBS for everyone."),
        (True, "£10 million liability and £1 million indemnity."),
    ),
    "The Chill Space": (
        (
            False,
            "Missing: a current safeguarding policy (the one supplied dates from 2023 and has "
            "not been reviewed) and police (DBS) checks, which staff would get only once "
            "recruited.",
        ),
        (False, "They will only get insurance after the contract is awarded."),
    ),
    "Brightwater Newshounds": (
        (True, "Policy reviewed March 2026; enhanced DBS for everyone."),
        (True, "Cover includes media liability of £2 million."),
    ),
    "Youth Voice on Air": (
        (True, "Policy reviewed October 2025; enhanced DBS for everyone."),
        (True, "£5 million liability and £1 million indemnity."),
    ),
    "Youth Content Creators": (
        (True, "A 2024 policy, and trainers are DBS checked."),
        (True, "Employer's and public liability are in place."),
    ),
}
