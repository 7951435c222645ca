import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_queries_do_not_grow(client, url, add_rows, times: int = 2):
    """The page's query count with few rows equals its count after add_rows() adds more."""
    client.get(url)  # warm caches (content types, permissions)
    before = count_queries(client, url)
    for _ in range(times):
        add_rows()
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries before, {after} after adding rows"
    return before


def without_layout(html) -> str:
    """Markup with the line breaks and indentation between tags taken out, so a template and the
    Python that replaced it can be compared. Whitespace on one line (a space between two inline
    elements, which a reader hears or sees) is kept and must match."""
    return re.sub(r">[ \t]*\n\s*<", "><", str(html)).strip()
