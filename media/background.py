"""The optional periodic feed fetch, started from `st.App`'s lifespan."""

from __future__ import annotations


def start():
    """Start the periodic fetch task if enabled; return it (or None)."""
    return None
