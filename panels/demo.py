"""The demo's panel: a chair, four young panellists (one under 16, with a parent's consent) and two
professionals, at different points of their induction. Seeded through the services, so the
decision trail is real; running it again adds nothing."""

from django.contrib.auth import get_user_model

from commissioning.demo_content import DEMO_SCOPE
from panels import services
from panels.models import CONFLICT_QUESTIONS, AgeBand, Member, Role, SupportNeed

# (role key in DEMO_USERS or None for a demo-only person, email, name, role, age band, support)
DEMO_MEMBERS = [
    ("moderator", "moderator@example.org", "Marcus Adeyemi", Role.MODERATOR, AgeBand.OVER_25, []),
    ("young_panellist", "young@example.org", "Jess Rowan", Role.YOUNG, AgeBand.AGE_16_17, []),
    (
        None,
        "kai@example.org",
        "Kai Brennan",
        Role.YOUNG,
        AgeBand.UNDER_16,
        [SupportNeed.READ_ALOUD],
    ),
    (None, "amara@example.org", "Amara Osei", Role.YOUNG, AgeBand.AGE_18_25, [SupportNeed.TRAVEL]),
    (None, "leo@example.org", "Leo Finch", Role.YOUNG, AgeBand.AGE_18_25, [SupportNeed.LARGE_TEXT]),
    (
        "professional_panellist",
        "professional@example.org",
        "Helen Marsh",
        Role.PROFESSIONAL,
        AgeBand.OVER_25,
        [],
    ),
    (None, "raj@example.org", "Raj Patel", Role.PROFESSIONAL, AgeBand.OVER_25, []),
]

# Who has declared their interests so far (the chair, who reads every sheet, among them); Amara
# knows someone at one organisation.
DECLARED = {
    "moderator@example.org",
    "young@example.org",
    "kai@example.org",
    "amara@example.org",
    "professional@example.org",
}
DECLARES_AN_INTEREST = ("amara@example.org", "Skyline Sports and Social CIC")
PANEL_NAME = "Young people's commissioning panel"


def seed(round_, officer, password: str) -> list[Member]:
    panel = round_.panels.first()
    if panel is not None:
        return list(panel.members.all())
    panel = services.create_panel(
        round_,
        by=officer,
        name=PANEL_NAME,
        decides=" ".join(DEMO_SCOPE[:2]),
        does_not_decide=" ".join(DEMO_SCOPE[2:4]),
    )
    User = get_user_model()
    members = []
    for _, email, name, role, age_band, support in DEMO_MEMBERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, password, display_name=name
        )
        member = services.add_member(panel, user, by=officer, role=role)
        member = services.update_profile(
            member, by=officer, age_band=age_band, support_needs=support
        )
        members.append(member)
    kai = next(m for m in members if m.user.email == "kai@example.org")
    services.give_consent(
        kai, by=officer, kind="parent", given_by_name="Sarah Brennan", relationship="Mum"
    )
    services.give_consent(kai, by=kai.user, kind="quotes")
    _declare(members)
    for lot in round_.lots.all():
        plan, _ = services.propose_assignments(lot)
        services.apply_assignments(
            lot, by=officer, scorers_per_bid=None, fingerprint=services.plan_fingerprint(plan)
        )
    services.save_assessment(
        round_,
        by=officer,
        text="Every panel member declares their interests in each bidding organisation before "
        "they can read its bid. Officers decide on every Yes or Not sure before scoring starts, "
        "and record the reason. No officer running this round has an interest in any bidder.",
    )
    return members


def _declare(members):
    email, organisation = DECLARES_AN_INTEREST
    for member in members:
        if member.user.email not in DECLARED:
            continue
        for lot in member.panel.lots():
            for name, bids in services.organisations(lot).items():
                answers = dict.fromkeys(CONFLICT_QUESTIONS, "no")
                if member.user.email == email and name == organisation:
                    answers["know_someone"] = "yes"
                services.declare(
                    member,
                    bids[0],
                    by=member.user,
                    answers=answers,
                    details="My cousin volunteers there on Saturdays."
                    if answers["know_someone"] == "yes"
                    else "",
                )
