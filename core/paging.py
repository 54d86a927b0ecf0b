"""Paging a long list: how many pages hold it and which page is shown. The one owner of
that arithmetic for every paged screen (plans' grid, media's search and review,
inspections' list); the pages choose the page size, stores fetch one page with
LIMIT/OFFSET."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def page_count(total: int, size: int) -> int:
    """How many pages of `size` rows hold `total` rows (one page when there are none)."""
    return max(1, -(-int(total) // int(size)))


def clamp(page: int, total: int, size: int) -> int:
    """Page `page` (from 1) kept within the pages of `total` rows: below 1 is the first,
    past the end is the last."""
    return max(1, min(int(page), page_count(total, size)))


def offset(page: int, size: int) -> int:
    """How many rows come before page `page` (from 1) of `size` rows."""
    return (max(1, int(page)) - 1) * int(size)


def page_of(rows: list[T], page: int, size: int) -> list[T]:
    """Page `page` (from 1) of `rows`, `size` rows a page; a page past the end is the last one."""
    start = offset(clamp(page, len(rows), size), size)
    return rows[start : start + size]
