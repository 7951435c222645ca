"""Times of day are written one way across the app, the GOV.UK way (issue 17: "5pm" on one page and
"17:00" on another)."""

import re
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from config.clock import clock, day_at, when


def test_times_of_day_read_the_gov_uk_way():
    assert clock(time(17, 0)) == "5pm"
    assert clock(time(9, 5)) == "9:05am"
    assert clock(time(12, 0)) == "midday"
    assert clock(time(0, 0)) == "midnight"
    assert clock(time(12, 30)) == "12:30pm"
    assert clock(time(0, 30)) == "12:30am"
    assert clock(None) == ""


def test_a_moment_is_shown_in_uk_time():
    winter = timezone.make_aware(datetime(2026, 12, 1, 17, 0), timezone.get_fixed_timezone(0))
    summer = datetime(2027, 7, 1, 16, 0, tzinfo=timezone.get_fixed_timezone(0))  # 5pm in London
    assert when(winter) == "1 December 2026, 5pm"
    assert day_at(winter) == "Tuesday 1 December 2026 at 5pm"
    assert day_at(summer) == "Thursday 1 July 2027 at 5pm"
    rendered = Template("{{ d|clock }} / {{ d|when }} / {{ d|day_at:'l j F' }}").render(
        Context({"d": winter})
    )
    assert rendered == "5pm / 1 December 2026, 5pm / Tuesday 1 December at 5pm"


def test_no_template_writes_a_24_hour_clock():
    """Pages use |clock, |when or |day_at; only the trail keeps its to-the-second log time."""
    pattern = re.compile(r"\|(date|time):\"[^\"]*[HGgh][^\"]*\"")
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for match in pattern.finditer(path.read_text())
    ]
    assert not found, found


def test_hours_read_as_people_say_them():
    from decimal import Decimal

    from config.clock import duration

    assert duration(Decimal("1.50")) == "1 hour 30 minutes"
    assert duration(2) == "2 hours"
    assert duration(Decimal("0.25")) == "15 minutes"
    assert duration(Decimal("1")) == "1 hour"
    assert duration(0) == "0 minutes"


def test_a_role_in_brackets_has_no_brackets_of_its_own():
    from panels.choices import Role, role_in_brackets

    assert role_in_brackets(Role.MODERATOR) == "chair"
    assert role_in_brackets(Role.YOUNG) == "young panellist"
    assert all("(" not in role_in_brackets(role) for role in Role.values)
