"""core.paging: the one owner of "how many pages, which page" for every paged screen."""

import pytest

from core import paging


@pytest.mark.parametrize(
    ("total", "size", "pages"),
    [(0, 10, 1), (1, 10, 1), (9, 10, 1), (10, 10, 1), (11, 10, 2), (20, 10, 2), (21, 10, 3), (6000, 50, 120)],
)
def test_page_count(total, size, pages):
    assert paging.page_count(total, size) == pages


@pytest.mark.parametrize(
    ("page", "total", "expected"),
    [(1, 25, 1), (3, 25, 3), (4, 25, 3), (99, 25, 3), (0, 25, 1), (-5, 25, 1), (2, 0, 1), ("2", 25, 2)],
)
def test_clamp_keeps_the_page_within_the_pages(page, total, expected):
    assert paging.clamp(page, total, 10) == expected


def test_offset_counts_the_rows_before_the_page():
    assert [paging.offset(p, 20) for p in (1, 2, 3)] == [0, 20, 40]
    assert paging.offset(0, 20) == 0


@pytest.mark.parametrize("total", [0, 1, 9, 10, 11, 25, 100])
@pytest.mark.parametrize("size", [1, 3, 10])
def test_the_pages_cover_every_row_exactly_once(total, size):
    rows = list(range(total))
    pages = paging.page_count(total, size)
    seen = [row for page in range(1, pages + 1) for row in paging.page_of(rows, page, size)]
    assert seen == rows
    assert all(len(paging.page_of(rows, page, size)) == size for page in range(1, pages))  # full but the last
    assert paging.page_of(rows, pages + 3, size) == paging.page_of(rows, pages, size)  # past the end: the last
    assert paging.page_of(rows, 0, size) == paging.page_of(rows, 1, size)
