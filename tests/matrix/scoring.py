"""Permission matrix entries for the scoring URLs (merged into tests/test_permission_matrix.py).

The scoring URLs need the round in scoring, which freezes most officer pages, so the round is
moved there in prepare(), called only when one of these URLs is built.

A panellist's own scoring pages (/my/<member>/scoring/...) answer only that member: `member_pk` is
the young panellist's membership (declared clear, trained, assigned every bid, their sheet for
`bid_pk` opened). An empty POST to the sheet carries no version, so it is treated as out of date
(409: both versions shown, nothing saved); an empty POST to the check page has no version to
submit, so it goes back to the sheet (302), and so does a GET, as the opened sheet has nothing
answered yet (the sheet shows each missing answer beside its question). Anonymous POSTs to the
sheet keep the typing in the session and go to log in.
"""

from tests.test_permission_matrix import LOGIN, READ, ROLES, WRITE, expect  # noqa: F401

MINE = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "young_panellist": 200}
MINE_GET_ONLY = {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}

MATRIX = {
    "scoring:dashboard": (("member_pk",), "", {"get": MINE, "post": MINE_GET_ONLY}),
    "scoring:sheet": (
        ("member_pk", "bid_pk"),
        "",
        {"get": MINE, "post": {**MINE, "young_panellist": 409}},
    ),
    "scoring:check": (
        ("member_pk", "bid_pk"),
        "",
        {"get": {**MINE, "young_panellist": 302}, "post": {**MINE, "young_panellist": 302}},
    ),
}

# The chair's pages (/my/<member_pk>/chair/...) answer only the moderator, through their own
# membership: "member_pk=chair_pk" fills the URL's member_pk with the moderator's membership (see
# _url in tests/test_permission_matrix.py). sheet_pk is the professional's submitted sheet for the
# first bid. An empty POST to reopen re-shows the form with "Say why the sheet is being reopened."
CHAIR = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "moderator": 200}
CHAIR_SHEET = ("member_pk=chair_pk", "sheet_pk")
GET_ONLY = expect(officer=405, other_officer=405, auditor=405, others=405)
MATRIX.update(
    {
        "scoring:chair_progress": (
            ("member_pk=chair_pk",),
            "",
            {"get": CHAIR, "post": MINE_GET_ONLY},
        ),
        "scoring:chair_sheet": (CHAIR_SHEET, "", {"get": CHAIR, "post": MINE_GET_ONLY}),
        "scoring:reopen": (CHAIR_SHEET, "", {"get": CHAIR, "post": CHAIR}),
        # The officer's pages: progress is read-only; an empty POST to the deadline re-shows it.
        "scoring:progress": (("pk",), "", {"get": READ, "post": GET_ONLY}),
        "scoring:deadline": (("pk",), "", {"get": WRITE, "post": WRITE}),
    }
)


def ids(round_):
    """The young panellist's membership and the round's first bid (the same as members.py's)."""
    from panels.models import Member, Role

    member = Member.objects.get(panel__round=round_, role=Role.YOUNG)
    return {"member_pk": member.pk, "bid_pk": round_.lots.first().bids.first().pk}


def prepare(round_):
    """Everyone scoring is declared clear, trained and assigned every bid; the round is in
    scoring; the young panellist has opened their sheet for the first bid. Idempotent."""
    from commissioning.models import Round, Stage
    from panels.models import Member, Role
    from scoring import services
    from tests.factories import advance, assign_everyone, declare_clear, finish_training

    if Round.objects.get(pk=round_.pk).stage in (Stage.DRAFT, Stage.INDUCTION):
        for member in Member.objects.for_round(round_).scoring():
            declare_clear(member)
            finish_training(member)
        assign_everyone(round_, round_.created_by)
        advance(round_, Stage.SCORING, round_.created_by)
    young = Member.objects.get(panel__round=round_, role=Role.YOUNG)
    bid = round_.lots.first().bids.first()
    services.open_sheet(young, bid, by=young.user)
    return {"member_pk": young.pk, "bid_pk": bid.pk, **_chair_ids(round_, bid)}


def _chair_ids(round_, bid):
    """The moderator's membership, and the professional's sheet for `bid`, submitted."""
    from panels.models import Member, Role
    from scoring import services
    from tests.factories import entries_for

    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR)
    pro = Member.objects.select_related("user").get(panel__round=round_, role=Role.PROFESSIONAL)
    sheet = services.open_sheet(pro, bid, by=pro.user)
    if sheet.editable:
        sheet = services.save_draft(
            sheet, by=pro.user, entries=entries_for(sheet), version=sheet.version
        )
        sheet = services.submit(sheet, by=pro.user, version=sheet.version)
    return {"chair_pk": chair.pk, "sheet_pk": sheet.pk}
