"""Issue 17: the app's own words on every page a panellist sees read at Flesch-Kincaid grade 8 or
below (textstat, which counts syllables with pyphen's bundled dictionaries, so no network).

The pages are found as a panellist finds them: from the home page, every link to their own pages
(/my/<member>/...) and the glossary is followed, at each stage that changes what they see. Only
<main> is read. Quoted text that the app did not write (a bid's summary and answers, the officer's
reading help, questions to the bidder) is marked data-quoted, or is a blockquote.quote, and is
left out. Each block (paragraph, list item, heading, label...) counts as a
sentence of its own, as a reader takes it.
"""

import re
from urllib.parse import urlsplit

import pytest
import textstat
from django.urls import reverse
from lxml import html

from commissioning.models import CriterionKind, Stage
from panels.models import Member
from scoring import services as scoring_services
from tests.factories import advance, to_consensus, to_scoring
from training import services as training_services
from training.demo import FALLBACK_ITEM, PRACTICE, PRACTICE_ITEMS

MAX_GRADE = 8
MAX_PARAGRAPH_GRADE = 10
# Words the app did not write: marked data-quoted, and the bid's answers in blockquote.quote.
QUOTED = ".//*[@data-quoted] | .//blockquote[contains(@class, 'quote')]"
BLOCKS = (
    "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "label", "legend", "summary", "th", "td",
    "button", "caption", "div", "section",
)  # fmt: skip
SKIP = re.compile(r"/documents/\d+/|/certificate/download")


def own_words(content: bytes) -> str:
    """The text of <main> the app wrote: quoted regions dropped, each block ending a sentence."""
    tree = html.fromstring(content)
    main = tree.find(".//main")
    for el in main.xpath(f"{QUOTED} | .//script | .//style | .//svg"):
        el.drop_tree()
    for el in main.iter(*BLOCKS):
        el.tail = ". " + (el.tail or "")
    text = main.text_content()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"([.:?!])(\s*\.)+", r"\1", text)  # a block that already ended its sentence
    return re.sub(r"^[\s.]+|(\.\s*){2,}", lambda m: ". " if m.group(0).strip() else "", text)


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def _links(content: bytes, member_pk: int) -> set[str]:
    tree = html.fromstring(content)
    found = set()
    for href in tree.xpath("//main//a/@href | //header//a/@href"):
        path = urlsplit(href).path
        if (path.startswith(f"/my/{member_pk}/") or path == reverse("panels:glossary")) and not (
            SKIP.search(path)
        ):
            found.add(path)
    return found


def crawl(client, member_pk: int, limit: int = 80) -> dict[str, bytes]:
    """Every HTML page reachable from home through the member's own links (GET only)."""
    seen: dict[str, bytes] = {}
    queue = [reverse("home"), reverse("panels:dashboard", args=[member_pk])]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            seen[path] = b""
            continue
        seen[path] = response.content
        queue.extend(sorted(_links(response.content, member_pk) - set(seen)))
    return {path: body for path, body in seen.items() if body}


def _blocks(body: bytes):
    """Each innermost paragraph-like block of the app's own words, as one string."""
    main = html.fromstring(body).find(".//main")
    for el in main.iter("p", "li", "dd", "div", "legend", "label"):
        if el.xpath(QUOTED.replace(".//", "ancestor-or-self::")) or el.xpath(".//p|.//li|.//div"):
            continue
        yield " ".join(el.text_content().split())


def too_hard(pages: dict[str, bytes]) -> list[str]:
    """Pages whose own words read above grade 8, and any long paragraph above grade 10 (a page's
    grade is an average, which one hard paragraph among many short lines would hide)."""
    problems = []
    for path, body in pages.items():
        text = own_words(body)
        if len(text.split()) >= 20 and grade(text) > MAX_GRADE:
            problems.append(f"{path}: grade {grade(text):.1f}")
        for block in _blocks(body):
            if len(block.split()) >= 12 and grade(block) > MAX_PARAGRAPH_GRADE:
                problems.append(f"{path}: grade {grade(block):.1f} for {block[:120]!r}")
    return problems


def test_own_words_only_quoted_regions_are_dropped():
    page = (
        b"<html><body><main><h1>Score it</h1><p>Read the bid.</p>"
        b"<blockquote data-quoted>Notwithstanding the aforementioned considerations.</blockquote>"
        b"<ul><li>One</li><li>Two</li></ul></main></body></html>"
    )
    text = own_words(page)
    assert "Notwithstanding" not in text
    assert text.count(".") >= 4, text  # each block is a sentence


def test_the_grade_can_fail():
    hard = (
        "Notwithstanding the aforementioned contractual indemnification obligations, the "
        "organisation's accreditation documentation demonstrates considerable institutional "
        "responsibility regarding safeguarding administration and organisational governance."
    )
    assert grade(hard) > MAX_GRADE
    assert grade("You read the bids. Then you score them. It is fine to ask for help.") <= 8


def _set_up_induction(round_, officer):
    training_services.add_starter_modules(round_, by=officer)
    rubric = round_.rubrics.first()
    items = {}
    for criterion in rubric.criteria.filter(kind=CriterionKind.SCORED):
        answer, score, reason = PRACTICE_ITEMS.get(criterion.title, FALLBACK_ITEM)
        items[criterion] = (answer, min(score, criterion.scale_max), reason)
    training_services.set_practice(round_, by=officer, rubric=rubric, items=items, **PRACTICE)
    return advance(round_, Stage.INDUCTION, officer)


@pytest.mark.django_db
def test_every_panellist_page_reads_at_grade_8_or_below(
    round_, officer_user, young_panellist, as_user
):
    member = Member.objects.get(panel__round=round_, user=young_panellist)
    client = as_user(young_panellist)
    problems = []

    _set_up_induction(round_, officer_user)
    problems += [f"induction {p}" for p in too_hard(crawl(client, member.pk))]

    to_scoring(round_, officer_user)
    bid = member.assignments.order_by("bid__lot__number", "bid__number").first().bid
    scoring_services.open_sheet(member, bid, by=young_panellist)  # a sheet in progress
    pages = crawl(client, member.pk)
    assert reverse("scoring:sheet", args=[member.pk, bid.pk]) in pages
    problems += [f"scoring {p}" for p in too_hard(pages)]

    to_consensus(round_, officer_user)
    problems += [f"consensus {p}" for p in too_hard(crawl(client, member.pk))]

    advance(round_, Stage.PUBLISHED, officer_user)
    problems += [f"published {p}" for p in too_hard(crawl(client, member.pk))]

    assert not problems, "Pages above grade 8:\n" + "\n".join(problems)
