"""Consensus statistics: worked examples from the literature, agreement with independent
implementations (`krippendorff`, `pingouin`) on random matrices, the spread of one item, and the
Django layer (what counts, a fixed number of queries, the cache) and its JSON command and charts.
"""

import io
import json
import os
from decimal import Decimal

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bids.models import Bid, BidStatus
from commissioning.models import CriterionKind, Stage
from panels.models import Member, Role
from scoring import agreement, charts, services
from scoring.agreement import Estimate, band, item_stats, krippendorff_alpha
from scoring.statistics import lot_statistics, round_statistics
from tests.factories import (
    UserFactory,
    advance,
    assign_everyone,
    declare_clear,
    join,
    make_panel,
    make_round,
)

pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.dropna:Warning")

nan = np.nan
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "25"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12
# units, values 1..5, with missing data. Published: interval 0.849, ordinal 0.815, nominal 0.743.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
)

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges. Published ICC(2,1) = 0.29.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)


def pingouin_icc2(items_by_raters) -> float:
    """ICC(2,1) from pingouin: absolute agreement, single rater (named ICC2 or ICC(A,1))."""
    data = np.asarray(items_by_raters, dtype=float)
    long = pd.DataFrame(
        [(i, j, data[i, j]) for i in range(data.shape[0]) for j in range(data.shape[1])],
        columns=["target", "rater", "score"],
    )
    table = pingouin.intraclass_corr(long, "target", "rater", "score", nan_policy="omit")
    row = table[table["Type"].isin(["ICC2", "ICC(A,1)"])]
    return float(row["ICC"].iloc[0])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rolled-back tests can reuse primary keys: no figure may leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


# -- worked examples --------------------------------------------------------------------------


def test_krippendorffs_own_example_interval_and_ordinal():
    interval = krippendorff_alpha(KRIPPENDORFF_2011, "interval")
    ordinal = krippendorff_alpha(KRIPPENDORFF_2011, "ordinal")
    assert round(interval, 3) == 0.849 and round(ordinal, 3) == 0.815
    assert interval == pytest.approx(
        krippendorff.alpha(KRIPPENDORFF_2011, level_of_measurement="interval"), abs=1e-12
    )
    assert ordinal == pytest.approx(
        krippendorff.alpha(KRIPPENDORFF_2011, level_of_measurement="ordinal"), abs=1e-12
    )
    # The nominal figure the paper gives, from the independent package: the data are the paper's.
    assert round(krippendorff.alpha(KRIPPENDORFF_2011, level_of_measurement="nominal"), 3) == 0.743


@pytest.mark.parametrize("level", ["interval", "ordinal"])
def test_levels_nobody_used_change_nothing_as_in_the_package(level):
    """0 and 6..10 are possible but unused: the package's value_domain and ours agree."""
    ours = krippendorff_alpha(KRIPPENDORFF_2011, level, values=range(0, 11))
    theirs = krippendorff.alpha(
        KRIPPENDORFF_2011, value_domain=list(range(0, 11)), level_of_measurement=level
    )
    assert ours == pytest.approx(theirs, abs=1e-12)
    assert ours == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, level), abs=1e-12)
    with pytest.raises(ValueError, match="outside the possible values"):
        krippendorff_alpha(KRIPPENDORFF_2011, level, values=range(0, 4))


def test_shrout_and_fleiss_icc_2_1():
    value = agreement.icc_2_1(SHROUT_FLEISS)
    assert round(value, 2) == 0.29
    assert value == pytest.approx(pingouin_icc2(SHROUT_FLEISS), abs=1e-9)


def test_icc_needs_a_complete_matrix_and_enough_of_it():
    with pytest.raises(ValueError, match="every rater for every item"):
        agreement.icc_2_1([[1, nan], [2, 3]])
    assert agreement.icc_2_1(SHROUT_FLEISS[:4]) is None  # below the floor of 5 items
    assert agreement.icc_2_1(SHROUT_FLEISS[:4], min_items=2) is not None
    assert agreement.icc_2_1(SHROUT_FLEISS[:, :1]) is None  # one rater
    assert agreement.icc_2_1(np.full((6, 3), 4)) is None  # every score the same


def test_alpha_floor_and_no_expected_disagreement():
    four_pairable = KRIPPENDORFF_2011[:, :4]
    assert krippendorff_alpha(four_pairable, "interval") is None
    assert krippendorff_alpha(four_pairable, "interval", min_items=1) is not None
    assert krippendorff_alpha(np.full((3, 8), 2.0), "interval") is None
    lone = np.array([[1, 2, 3, 4, 5, 1], [nan] * 6])  # one rater: nothing is pairable
    assert krippendorff_alpha(lone, "ordinal", min_items=1) is None
    assert agreement.alpha_estimates(lone)["interval"] == Estimate(None)


# -- the same answers as the independent implementations --------------------------------------

cell = st.one_of(st.none(), st.integers(0, 5))


@st.composite
def reliability_matrices(draw, min_raters=2, max_raters=6, max_items=14):
    raters = draw(st.integers(min_raters, max_raters))
    items = draw(st.integers(1, max_items))
    rows = draw(
        st.lists(st.lists(cell, min_size=items, max_size=items), min_size=raters, max_size=raters)
    )
    return np.array([[nan if v is None else v for v in row] for row in rows], dtype=float)


def _pairable(matrix) -> int:
    return int(((~np.isnan(matrix)).sum(axis=0) >= 2).sum())


@PROPERTY
@given(reliability_matrices(), st.sampled_from(["interval", "ordinal"]))
def test_alpha_matches_the_krippendorff_package(matrix, level):
    ours = krippendorff_alpha(matrix, level, values=range(0, 6), min_items=1)
    if _pairable(matrix) == 0:
        assert ours is None
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        theirs = krippendorff.alpha(matrix, value_domain=list(range(6)), level_of_measurement=level)
    if ours is None:  # no expected disagreement: the package divides 0 by 0
        assert not np.isfinite(theirs) or np.isnan(theirs)
    else:
        assert ours == pytest.approx(float(theirs), abs=1e-9)


@PROPERTY
@given(
    st.integers(5, 12).flatmap(
        lambda n: st.integers(2, 5).flatmap(
            lambda k: st.lists(
                st.lists(st.integers(0, 5), min_size=k, max_size=k), min_size=n, max_size=n
            )
        )
    )
)
def test_icc_matches_pingouin(rows):
    data = np.array(rows, dtype=float)
    assume(np.ptp(data) > 0 and np.ptp(data.mean(axis=1)) > 0)
    ours = agreement.icc_2_1(data)
    assume(ours is not None)
    assert ours == pytest.approx(pingouin_icc2(data), abs=1e-9)


@st.composite
def matrices_with_a_few_gaps(draw):
    """Complete items x raters scores, then a few scores taken out (whole items drop out)."""
    items, raters = draw(st.integers(6, 20)), draw(st.integers(3, 5))
    cells = st.lists(st.integers(0, 5), min_size=raters, max_size=raters)
    data = np.array(draw(st.lists(cells, min_size=items, max_size=items)), dtype=float)
    gaps = draw(st.lists(st.tuples(st.integers(0, items - 1), st.integers(0, raters - 1))))
    for item, rater in gaps[: items // 3]:
        data[item, rater] = nan
    return data.T  # raters x items


@PROPERTY
@given(matrices_with_a_few_gaps())
def test_icc_over_the_complete_items_matches_pingouin_dropping_missing(matrix):
    complete = agreement.complete_items(matrix)
    assume(np.ptp(complete) > 0 and np.ptp(complete.mean(axis=1)) > 0)
    ours = agreement.icc_2_1(complete)
    assume(ours is not None)
    assert ours == pytest.approx(pingouin_icc2(matrix.T), abs=1e-9)


def test_bootstrap_intervals_are_deterministic_and_hold_the_estimate():
    first = agreement.alpha_estimates(KRIPPENDORFF_2011, range(0, 6))
    again = agreement.alpha_estimates(KRIPPENDORFF_2011, range(0, 6))
    assert first == again
    for estimate in first.values():
        low, high = estimate.ci95
        assert low <= estimate.value <= high <= 1
    icc = agreement.icc_estimate(SHROUT_FLEISS)
    assert icc == agreement.icc_estimate(SHROUT_FLEISS)
    assert icc.ci95[0] <= icc.value <= icc.ci95[1]
    assert agreement.icc_estimate(SHROUT_FLEISS, seed=1) != icc


def test_a_whole_lot_computes_well_under_a_second():
    """100 bids x 10 questions x 15 panellists: both alphas, ICC, intervals and leniency."""
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 6, size=1000)
    matrix = np.clip(truth + rng.integers(-1, 2, size=(15, 1000)), 0, 5).astype(float)
    matrix[rng.random(matrix.shape) < 0.03] = nan
    alphas = agreement.alpha_estimates(matrix, range(0, 6))  # its time: tests/perf/bench_stats.py
    icc = agreement.icc_estimate(agreement.complete_items(matrix))
    leniency = agreement.leniency(matrix)
    assert alphas["interval"].ci95 and icc.ci95
    assert len(leniency) == 15


# -- one item ---------------------------------------------------------------------------------


def test_no_scores_one_score_two_scores():
    empty = item_stats([], divergence_points=Decimal(2))
    assert (empty.n, empty.mean, empty.median, empty.sd, empty.range) == (0, None, None, None, None)
    assert not empty.divergent and empty.outliers == ()
    one = item_stats([4], divergence_points=Decimal(2))
    assert (one.n, one.mean, one.median, one.min, one.max, one.range, one.sd) == (
        1,
        4.0,
        4.0,
        4,
        4,
        0,
        None,
    )
    two = item_stats([1, 5], divergence_points=Decimal(2))
    assert two.median == 3.0 and two.sd == pytest.approx(np.std([1, 5], ddof=1))
    assert two.divergent and two.outliers == ()  # outliers need two others to compare with


def test_the_spread_of_a_typical_item():
    stats = item_stats([2, 3, 3, 5], divergence_points=Decimal(2))
    assert (stats.n, stats.mean, stats.median, stats.min, stats.max, stats.range) == (
        4,
        3.25,
        3.0,
        2,
        5,
        3,
    )
    assert stats.sd == pytest.approx(np.std([2, 3, 3, 5], ddof=1))
    assert stats.outliers == (3,)  # 5 is 2 from the others' median 3; 2 is only 1 away
    assert stats.flagged


def test_divergence_starts_exactly_at_the_threshold():
    assert item_stats([2, 4, 3], divergence_points=Decimal("2.0")).divergent
    assert not item_stats([2, 3, 3], divergence_points=Decimal("2.0")).divergent
    assert not item_stats([1, 3], divergence_points=Decimal("2.4")).divergent  # 40% of 0..6


def test_outliers_are_flagged_against_the_median_of_the_others():
    assert item_stats([3, 3, 3, 3, 1], divergence_points=9).outliers == (4,)
    assert item_stats([3, 3, 3, 3, 2], divergence_points=9).outliers == ()
    # Three scores: each is compared with the middle of the other two.
    assert item_stats([0, 4, 5], divergence_points=9).outliers == (0, 2)
    assert item_stats([2, 3, 3, 4], divergence_points=9).outliers == ()
    assert item_stats([2, 3, 4, 4], divergence_points=9).outliers == (0,)  # others' median 4


def test_bands_in_plain_words():
    assert band(None) == "Not enough scores yet to say how far the panel agreed"
    assert band(0.8) == "The panel agreed strongly"
    assert band(0.7) == "The panel mostly agreed"
    assert band(0.4) == "The panel partly agreed"
    assert band(0.39) == band(-0.2) == "The panel often disagreed"
    assert Estimate(0.9).band == "The panel agreed strongly"


def test_leniency_against_the_others_median():
    matrix = np.array(
        [
            [4, 5, 4, nan],
            [2, 3, 2, 3],
            [2, 3, 3, 3],
            [3, 3, 2, nan],
        ]
    )
    lenient, *_rest, last = agreement.leniency(matrix)
    assert lenient == pytest.approx(((4 - 2) + (5 - 3) + (4 - 2)) / 3)
    assert last == pytest.approx(((3 - 2) + (3 - 3) + (2 - 3)) / 3)
    assert agreement.leniency(np.array([[1, 2], [nan, nan], [3, nan]])) == [None, None, None]


# -- the Django layer -------------------------------------------------------------------------

# Scores for each panellist (in joining order) x bid x scored criterion of the starter rubric.
PANEL_SCORES = [
    [[3, 4, 2, 3, 4], [1, 2, 1, 2, 2], [5, 4, 4, 5, 3]],
    [[3, 3, 2, 4, 4], [2, 2, 1, 1, 2], [4, 4, 5, 5, 4]],
    [[4, 4, 3, 3, 5], [1, 1, 2, 2, 1], [4, 5, 4, 4, 4]],
    [[2, 4, 2, 3, 0], [2, 3, 1, 2, 2], [5, 5, 4, 1, 3]],
]


def sheet_entries(sheet, scores):
    scored = iter(scores)
    return {
        c.pk: services.Entry(score=next(scored), reason="Because of what the bid says.")
        for c in services.criteria_for(sheet.assignment.bid)
    }


def score(member, bid, scores, *, submit=True):
    sheet = services.open_sheet(member, bid, by=member.user)
    sheet = services.save_draft(
        sheet, by=member.user, entries=sheet_entries(sheet, scores), version=sheet.version
    )
    if submit:
        sheet = services.submit(sheet, by=member.user, version=sheet.version)
    return sheet


def build_round(officer_user, moderator, *, panellists=4, bids=3, scores=PANEL_SCORES):
    """One lot, `bids` bids, `panellists` panellists each scoring each bid from `scores`."""
    round_ = make_round(officer_user, lots=1, bids=bids, panel=False)
    panel = make_panel(round_, officer_user, chair=moderator)
    members = []
    for n in range(panellists):
        user = UserFactory(email=f"panellist{round_.pk}-{n}@example.org")
        role = Role.YOUNG if n % 2 == 0 else Role.PROFESSIONAL
        members.append(join(panel, user, role, officer_user))
    for member in members:
        declare_clear(member)
    assign_everyone(round_, officer_user)
    round_ = advance(round_, Stage.SCORING, officer_user)
    members = [Member.objects.get(pk=m.pk) for m in members]  # not the draft round cached on them
    lot = round_.lots.get()
    lot_bids = list(lot.bids.order_by("number"))
    for m, member in enumerate(members):
        for b, bid in enumerate(lot_bids):
            score(member, bid, scores[m % len(scores)][b % len(scores[0])])
    return round_, lot, members, lot_bids


@pytest.fixture
def scored(officer_user, moderator):
    return build_round(officer_user, moderator)


def reliability(scores) -> np.ndarray:
    """Panellists x items (bid by bid, criterion by criterion), straight from the table."""
    return np.array([[s for bid in member for s in bid] for member in scores], dtype=float)


def run_round_stats(round_) -> dict:
    out = io.StringIO()
    call_command("round_stats", str(round_.pk), stdout=out)
    return json.loads(out.getvalue())


def test_round_stats_json_agrees_with_the_independent_packages(scored):
    round_, lot, members, bids = scored
    data = run_round_stats(round_)
    matrix = reliability(PANEL_SCORES)
    assert data["round"] == round_.pk and [entry["lot"] for entry in data["lots"]] == [1]
    entry = data["lots"][0]
    for level in ("interval", "ordinal"):
        expected = krippendorff.alpha(
            matrix, value_domain=list(range(6)), level_of_measurement=level
        )
        assert entry[f"alpha_{level}"] == pytest.approx(expected, abs=1e-6)
    assert entry["icc_2_1"] == pytest.approx(pingouin_icc2(matrix.T), abs=1e-6)
    assert entry["icc_items"] == 15
    low, high = entry["alpha_ci95"]
    assert low <= entry["alpha_interval"] <= high

    criteria = list(lot.rubric.criteria.filter(kind=CriterionKind.SCORED).order_by("order", "pk"))
    assert [(i["bid"], i["criterion"]) for i in entry["items"]] == [
        (b.reference, c.pk) for b in bids for c in criteria
    ]
    refs = [m.user.actor_ref for m in members]
    for column, item in enumerate(entry["items"]):
        scores = matrix[:, column]
        assert item["n"] == 4
        assert item["mean"] == pytest.approx(scores.mean(), abs=1e-6)
        assert item["median"] == pytest.approx(np.median(scores))
        assert (item["min"], item["max"], item["range"]) == (
            scores.min(),
            scores.max(),
            np.ptp(scores),
        )
        assert item["sd"] == pytest.approx(np.std(scores, ddof=1), abs=1e-6)
        assert item["divergent"] == (np.ptp(scores) >= 2)
        expected_outliers = [
            refs[r] for r in range(4) if abs(scores[r] - np.median(np.delete(scores, r))) >= 2
        ]
        assert item["outliers"] == expected_outliers
    # The fourth panellist's 0 on bid 1, question 5 stands out, and is named only by pseudonym.
    assert entry["items"][4]["outliers"] == [refs[3]]
    assert members[3].user.display_name not in json.dumps(data)


def test_only_submitted_sheets_on_compliant_bids_count(officer_user, moderator):
    round_, lot, members, bids = build_round(
        officer_user, moderator, panellists=3, bids=3, scores=PANEL_SCORES
    )
    # The first panellist's sheet for bid 1 is reopened (a draft again); the second's for bid 2
    # is withdrawn for a conflict; bid 3 is ruled non-compliant.
    sheet = bids[0].assignments.get(member=members[0]).sheet
    services.reopen(sheet, by=moderator, reason="They asked to look again.")
    services.withdraw_for_conflict(sender=None, member=members[1], bid=bids[1])
    Bid.objects.filter(pk=bids[2].pk).update(status=BidStatus.NON_COMPLIANT)

    stats = lot_statistics(lot)
    assert {key[0] for key in stats.items} == {bids[0].pk, bids[1].pk}
    first = [stats.items[key] for key in stats.items if key[0] == bids[0].pk]
    second = [stats.items[key] for key in stats.items if key[0] == bids[1].pk]
    assert all(
        i.stats.n == 2 and members[0].pk not in [s.member.pk for s in i.scores] for i in first
    )
    assert all(
        i.stats.n == 2 and members[1].pk not in [s.member.pk for s in i.scores] for i in second
    )

    matrix = reliability(PANEL_SCORES[:3])[:, :10]
    matrix[0, :5] = nan
    matrix[1, 5:10] = nan
    expected = krippendorff.alpha(
        matrix, value_domain=list(range(6)), level_of_measurement="interval"
    )
    assert stats.alpha_interval.value == pytest.approx(expected, abs=1e-9)
    assert stats.icc_items == 0 and stats.icc_2_1.value is None  # no item has all three
    assert stats.icc_2_1.band == "Not enough scores yet to say how far the panel agreed"


def test_panellists_are_numbered_by_joining_order_with_names_for_the_chair(scored):
    round_, lot, members, bids = scored
    stats = lot_statistics(lot)
    assert [(p.pk, p.number, p.name, p.actor_ref) for p in stats.panellists] == [
        (m.pk, n, m.user.display_name, m.user.actor_ref) for n, m in enumerate(members, 1)
    ]
    item = next(iter(stats.items.values()))
    assert [s.member.label for s in item.scores] == [f"Panellist {n}" for n in range(1, 5)]
    assert stats.item(item.bid_pk, item.criterion_pk) is item
    assert set(stats.leniency) == {m.pk for m in members}
    expected = agreement.leniency(reliability(PANEL_SCORES))
    assert [stats.leniency[m.pk] for m in members] == pytest.approx(expected)
    agenda = stats.agenda()
    flagged = [i for i in agenda if i.flagged]
    assert flagged and agenda[: len(flagged)] == flagged
    assert [len(r) for r in round_statistics(round_)[0].items] == [2] * len(stats.items)


def _queries(lot) -> int:
    with CaptureQueriesContext(connection) as ctx:
        lot_statistics(lot)
    return len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_members_or_bids(officer_user, moderator):
    small = build_round(officer_user, moderator, panellists=2, bids=1)[1]
    large = build_round(officer_user, UserFactory(), panellists=5, bids=4)[1]
    cold = _queries(small)
    assert cold == _queries(large) == 5
    assert _queries(small) == _queries(large) == 2  # cached


def test_a_reopen_or_a_new_submission_is_seen_at_once(scored):
    round_, lot, members, bids = scored
    before = lot_statistics(lot)
    assert _queries(lot) == 2  # cached
    sheet = bids[0].assignments.get(member=members[3]).sheet
    chair = Member.objects.get(panel__round=round_, role=Role.MODERATOR).user
    sheet = services.reopen(sheet, by=chair, reason="Look again.")
    after = lot_statistics(lot)
    item = after.items[(bids[0].pk, before.agenda()[0].criterion_pk)]
    assert item.stats.n == 3 and after.icc_items == 10
    assert after.alpha_interval != before.alpha_interval

    sheet = services.save_draft(
        sheet,
        by=members[3].user,
        entries=sheet_entries(sheet, [3, 4, 2, 3, 4]),
        version=sheet.version,
    )
    services.submit(sheet, by=members[3].user, version=sheet.version)
    again = lot_statistics(lot)
    assert again.icc_items == 15 and not again.items[(bids[0].pk, item.criterion_pk)].stats.outliers


def test_a_renamed_member_is_not_shown_under_an_old_name(scored):
    round_, lot, members, bids = scored
    lot_statistics(lot)
    user = members[0].user
    user.display_name = "Renamed Person"
    user.save()
    assert lot_statistics(lot).panellists[0].name == "Renamed Person"


def test_round_stats_refuses_an_unknown_round(db):
    with pytest.raises(CommandError, match="no round with id 999999"):
        call_command("round_stats", "999999", stdout=io.StringIO())


def test_a_round_with_nothing_scored_yet_gives_nulls(round_):
    data = run_round_stats(round_)
    lot = data["lots"][0]
    assert lot["alpha_interval"] is None and lot["alpha_ci95"] is None and lot["icc_2_1"] is None
    assert [i["n"] for i in lot["items"]] == [0] * 5 and lot["items"][0]["mean"] is None


# -- charts -----------------------------------------------------------------------------------


def test_dot_plot_describes_itself_and_escapes_labels(scored):
    round_, lot, members, bids = scored
    stats = lot_statistics(lot)
    item = stats.items[(bids[0].pk, list(stats.items)[4][1])]  # 4, 4, 5, 0: one outlier
    labels = ["Ann", "Bo", "<script>x</script>", "Panellist 4"]
    svg = str(charts.dot_plot(item, 5, labels=labels))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'viewBox="0 0 320 ' in svg
    assert "<desc" in svg and "Scores 0, 4, 4, 5; median 4." in svg
    assert "0 (Panellist 4) is far from the others." in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 3 and svg.count('class="dot outlier"') == 1
    assert svg.count('class="median"') == 1
    with pytest.raises(ValueError):
        charts.dot_plot(item, 5, labels=["one"])


def test_lot_overview_has_a_row_per_item_and_marks_the_flagged(scored):
    round_, lot, members, bids = scored
    stats = lot_statistics(lot)
    svg = str(charts.lot_overview(stats))
    assert svg.count('<g class="row">') == len(stats.items) == 15
    flagged = sum(item.flagged for item in stats.items.values())
    assert svg.count('class="flag"') == flagged
    assert f"{flagged} flagged to discuss first" in svg
    assert 'aria-labelledby="overview-' in svg
