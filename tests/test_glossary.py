"""Issue 17: the glossary of words panellists meet, and the links to it from a word's first use."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from panels.glossary import TERMS
from panels.models import Member

NEEDED = [
    "lot", "safeguarding", "DBS check", "liability", "indemnity", "consortium", "CIC",
    "accredited", "consensus", "consents", "rubric", "moderator", "conflict of interest", "bid",
    "provider",
]  # fmt: skip


def test_the_glossary_explains_every_word_the_issue_names(client):
    response = client.get(reverse("panels:glossary"))  # open to anyone, logged in or not
    assert response.status_code == 200
    words = {word.lower() for _, word, _ in TERMS}
    assert {w.lower() for w in NEEDED} <= words
    page = response.content.decode()
    for key, word, _ in TERMS:
        assert f'id="{key}"' in page
        assert f"<dfn>{word}</dfn>" in page


def test_a_term_links_to_its_entry_and_a_typo_fails_loudly():
    html = Template('{% load glossary %}{% term "lot" "lots" %}').render(Context())
    assert html == '<a href="/glossary/#lot" class="term">lots</a>'
    with pytest.raises(TemplateSyntaxError):
        Template('{% load glossary %}{% term "lots" %}').render(Context())


def test_panellist_pages_link_their_words_to_the_glossary(round_, young_panellist, as_user):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    client = as_user(young_panellist)
    page = client.get(reverse("panels:dashboard", args=[member.pk])).content.decode()
    for key in ("bid", "lot"):
        assert f'href="/glossary/#{key}"' in page
    header = page[: page.index("<main")]
    assert 'href="/glossary/"' in header  # in the navigation on every page
