"""The trail page's "Change and reason" cell: what changed and why, escaped, long values cut for
the page (the exports carry them whole), and the markup audit/_changes.html used to write before
audit.tables built it in Python."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from audit.models import AuditEvent
from audit.tables import changes_html
from commissioning import services
from tests.helpers import without_layout

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)">'

# The cell's template as it was, to hold the Python beside it.
TEMPLATE = """{% if record.reason %}<p class="reason"><strong>Reason:</strong> {{ record.reason }}</p>{% endif %}
{% with rows=record.changed_fields %}{% if rows %}
<details>
  <summary>{{ rows|length }} field{{ rows|length|pluralize }} changed</summary>
  <dl class="diff">
    {% for key, old, new in rows %}
    <div><dt>{{ key }}</dt><dd><span class="visually-hidden">was </span><del>{{ old|default_if_none:"—"|truncatechars:200 }}</del> <span class="visually-hidden">now </span><ins>{{ new|default_if_none:"—"|truncatechars:200 }}</ins></dd></div>
    {% endfor %}
  </dl>
</details>
{% endif %}{% endwith %}"""


@pytest.mark.parametrize(
    ("reason", "before", "after"),
    [
        ("", None, None),
        (f"Why {HOSTILE} & 'so'", None, None),
        ("", {"name": "Old"}, {"name": "New"}),
        ("Fixed", {"name": "Same", "score": 3}, {"name": "Same", "score": 4}),
        (
            "Long values are cut",
            {"text": "a" * 200, "other": "é" * 201, "gone": HOSTILE, "list": [1, "<b>"]},
            {"text": "b" * 250, "other": "e\u0301" * 201, "new": False, "list": None},
        ),
        ("Not a mapping", ["x"], "y"),
        ("Combining accents are composed", {"name": "e\u0301" * 50}, {"name": "Zoe\u0308"}),
        ("Exactly 200 and 201 characters", {"v": "x" * 199 + "…"}, {"v": "y" * 201}),
    ],
)
def test_the_cell_is_what_the_template_wrote(reason, before, after):
    event = AuditEvent(reason=reason, before=before, after=after)
    old = Template(TEMPLATE).render(Context({"record": event}))
    assert without_layout(changes_html(event)) == without_layout(old)


def test_the_trail_page_shows_changes_and_reasons_escaped(round_, auditor, officer_user, as_user):
    lot = round_.lots.first()
    was = lot.name
    services.update_lot(lot, by=officer_user, name=f"Youth {HOSTILE}", reason=f"Because {HOSTILE}")
    page = as_user(auditor).get(reverse("audit:trail", args=[round_.pk])).content.decode()
    assert HOSTILE not in page
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert f'<p class="reason"><strong>Reason:</strong> Because {escaped}</p>' in page
    assert f"<del>{was}</del>" in page and f"<ins>Youth {escaped}</ins>" in page
    assert re.search(r"<summary>\d+ fields? changed</summary>", page)
