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
