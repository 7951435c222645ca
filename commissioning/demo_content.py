"""Content for the demo scenario: a £1.4 million youth commissioning round in three lots.

Brightwater Council and everyone named here are fictional.
"""

from decimal import Decimal

DEMO_ROUND = {
    "name": "Brightwater Youth Futures 2027: three projects",
    "purpose": (
        "Brightwater Council has £1.4 million to pay for three new projects for young people "
        "aged 14 to 25. Young people and professionals sit on the panel together as equal partners. "
        "The panel reads the bids, scores them and agrees which ones should get the money in each project."
    ),
    "total_budget": Decimal("1400000.00"),
    "reference_prefix": "YS27",
}

DEMO_LOTS = [
    {
        "name": "Working with parents",
        "description": (
            "Help for parents and carers to understand and support their teenagers, "
            "so young people get more support at home."
        ),
        "budget": Decimal("450000.00"),
    },
    {
        "name": "A place for young people to go",
        "description": (
            "A safe, welcoming place where young people can meet friends, try new things "
            "and get help if they need it, planned and run with young people."
        ),
        "budget": Decimal("650000.00"),
    },
    {
        "name": "Newshounds: a young people's media group",
        "description": (
            "A group where young people make their own news, films, podcasts and posts "
            "about the things that matter to them, with training and support."
        ),
        "budget": Decimal("300000.00"),
    },
]

DEMO_USERS = [
    {"role": "officer", "email": "officer@example.org", "display_name": "Dana Whitfield"},
    {"role": "moderator", "email": "moderator@example.org", "display_name": "Marcus Adeyemi"},
    {"role": "young_panellist", "email": "young@example.org", "display_name": "Jess Rowan"},
    {
        "role": "professional_panellist",
        "email": "professional@example.org",
        "display_name": "Helen Marsh",
    },
    {"role": "auditor", "email": "auditor@example.org", "display_name": "Sam Pryce"},
]

DEMO_SCOPE = [
    "The panel decides which bids to recommend for funding in each project, within that project's budget.",
    "Every panel member's scores count the same, whether you are a young person or a professional.",
    "The panel does not set the budget or choose the three projects. These were agreed before the bids came in.",
    "Council officers check the paperwork and score the price. The council signs the contracts with the groups chosen.",
    'When it is all decided, you will hear what happened and what difference your views made ("You said, we did").',
]
