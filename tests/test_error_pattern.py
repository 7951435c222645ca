"""GOV.UK's error pattern on every form (config/forms.py, templates/base.html): "Error:" in the
title, a summary above the heading that gets focus on load, each link to an id on the page, and
the field marked invalid with its message beside it. The log-in page, a text and a radio form of
an officer's, and the scoring sheet after "check your answers"."""

import lxml.html
import pytest
from django.urls import reverse

from commissioning.models import Stage
from panels.models import Member
from scoring import services
from scoring.models import ScoreSheet
from tests.factories import advance, assign_everyone, declare_clear


def version_on(client, url) -> str:
    return page(client.get(url)).xpath('//input[@name="version"]')[0].get("value")


def page(response):
    return lxml.html.fromstring(response.content.decode())


def assert_error_pattern(response) -> dict:
    """Checks the pattern; returns {link target id: link text}."""
    doc = page(response)
    assert doc.findtext(".//title").startswith("Error: ")
    summary = doc.xpath('//div[contains(@class, "error-summary")]')
    assert len(summary) == 1
    summary = summary[0]
    assert summary.get("tabindex") == "-1" and summary.get("autofocus") is not None
    assert summary.get("role") == "alert"
    # Above the heading: the summary comes first in the document.
    h1 = doc.xpath("//h1")[0]
    everything = list(doc.iter())
    assert everything.index(summary) < everything.index(h1)
    targets = {}
    for link in summary.xpath(".//a"):
        target = link.get("href")
        assert target.startswith("#"), target
        field = doc.get_element_by_id(target[1:], None)
        assert field is not None, f"{target} is not on the page"
        assert field.tag in ("input", "textarea", "select"), target
        assert field.get("aria-invalid") == "true", target
        # The field's message sits beside it, and the field is described by it.
        described = (field.get("aria-describedby") or "").split()
        if not described:  # a radio: its fieldset is described
            fieldset = field.xpath("ancestor::fieldset[1]")[0]
            described = fieldset.get("aria-describedby").split()
        messages = [doc.get_element_by_id(i, None) for i in described]
        shown = " ".join(m.text_content() for m in messages if m is not None)
        assert link.text_content().strip() in shown, (target, shown)
        targets[target[1:]] = link.text_content().strip()
    return targets


def test_a_wrong_password_follows_the_pattern(officer_user, client):
    response = client.post(reverse("login"), {"username": officer_user.email, "password": "nope"})
    targets = assert_error_pattern(response)
    assert targets == {
        "id_username": "The email address or password is not right. Check them and try again."
    }
    password = page(response).get_element_by_id("id_password")
    assert password.get("aria-invalid") == "true"
    assert password.get("aria-describedby") == "id_username_error"


def test_the_log_in_page_without_errors_has_no_summary(client):
    response = client.get(reverse("login"))
    doc = page(response)
    assert not doc.findtext(".//title").startswith("Error")
    assert not doc.xpath('//div[contains(@class, "error-summary")]')
    assert not doc.xpath("//*[@aria-invalid]")


def test_an_officers_form_follows_the_pattern(round_, officer_user, client):
    client.force_login(officer_user)
    url = reverse("scoring:deadline", args=[round_.pk])
    targets = assert_error_pattern(client.post(url, {"due_date": "", "due_time": "25:99"}))
    assert set(targets) == {"id_due_date", "id_due_time"}


def test_a_radio_group_links_to_its_first_radio(round_, officer_user, client):
    client.force_login(officer_user)
    bid = round_.lots.first().bids.first()
    url = reverse("bids:bid_status", args=[round_.pk, bid.pk])
    targets = assert_error_pattern(client.post(url, {"status": "", "reason": ""}))
    assert set(targets) == {"id_status_0"}


def test_a_form_error_not_about_a_field_is_listed_without_a_link(round_, officer_user, client):
    """A refusal by the service (here: a reason is needed) names no field of its own."""
    client.force_login(officer_user)
    bid = round_.lots.first().bids.first()
    url = reverse("bids:bid_status", args=[round_.pk, bid.pk])
    response = client.post(url, {"status": "non_compliant", "reason": ""})
    doc = page(response)
    assert doc.findtext(".//title").startswith("Error: ")
    items = doc.xpath('//div[contains(@class, "error-summary")]//li')
    assert items
    for item in items:  # each either links to a field on the page or is plain text
        for link in item.xpath(".//a"):
            assert doc.get_element_by_id(link.get("href")[1:], None) is not None


# The scoring sheet -------------------------------------------------------------------------------


@pytest.fixture
def sheet_setup(round_, officer_user, young_panellist, client):
    for member in Member.objects.for_round(round_).scoring():
        declare_clear(member)
    assign_everyone(round_, officer_user)
    advance(round_, Stage.SCORING, officer_user)
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    bid = round_.lots.first().bids.first()
    client.force_login(young_panellist)
    return member, bid


def test_checking_a_half_done_sheet_shows_each_problem_beside_its_question(sheet_setup, client):
    member, bid = sheet_setup
    criteria = list(services.criteria_for(bid))
    first = criteria[0]
    url = reverse("scoring:sheet", args=[member.pk, bid.pk])
    response = client.post(
        url,
        {
            "version": version_on(client, url),
            f"c{first.pk}_score": "3",
            f"c{first.pk}_reason": "They run sessions led by young people.",
            "action": "check",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?check=1"
    response = client.get(response["Location"])
    targets = assert_error_pattern(response)
    expected = set()
    for criterion in criteria[1:]:
        expected |= {f"id_c{criterion.pk}_score_0", f"id_c{criterion.pk}_reason"}
    assert set(targets) == expected
    doc = page(response)
    # What is saved is still in the form, and the first question is not marked.
    assert doc.get_element_by_id(f"id_c{first.pk}_score_3").get("checked") is not None
    assert doc.get_element_by_id(f"id_c{first.pk}_reason").get("aria-invalid") is None
    # The index counts what is saved.
    index = doc.get_element_by_id("questions").text_content()
    assert f"1 of {len(criteria)} done" in index


def test_the_check_page_sends_a_half_done_sheet_back_to_the_sheet(sheet_setup, client):
    member, bid = sheet_setup
    url = reverse("scoring:sheet", args=[member.pk, bid.pk])
    client.post(url, {"version": version_on(client, url), "action": "save"})
    check = reverse("scoring:check", args=[member.pk, bid.pk])
    assert client.get(check)["Location"] == f"{url}?check=1"
    sheet = ScoreSheet.objects.get(assignment__member=member, assignment__bid=bid)
    response = client.post(check, {"version": str(sheet.version)})
    assert response["Location"] == f"{url}?check=1"
    sheet.refresh_from_db()
    assert sheet.status == "draft"


def test_the_sheet_without_check_shows_no_errors(sheet_setup, client):
    member, bid = sheet_setup
    response = client.get(reverse("scoring:sheet", args=[member.pk, bid.pk]))
    doc = page(response)
    assert not doc.findtext(".//title").startswith("Error")
    assert not doc.xpath('//div[contains(@class, "error-summary")]')
    total = len(list(services.criteria_for(bid)))
    assert f"0 of {total} done" in doc.get_element_by_id("questions").text_content()
    # Each question is one jump away from the index.
    links = [a.get("href") for a in doc.get_element_by_id("questions").xpath(".//a")]
    assert len(links) == total
    for href in links:
        assert doc.get_element_by_id(href[1:], None) is not None
