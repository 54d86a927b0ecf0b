"""The periodic fetch: only when enabled, and a failing round never stops it."""

from __future__ import annotations

import asyncio

import pytest

from media import background


@pytest.mark.parametrize("enabled, interval", [("0", "5"), ("1", "0"), ("0", "0")])
def test_not_started_unless_enabled_with_an_interval(monkeypatch, enabled, interval):
    monkeypatch.setenv("CCHC_FETCH_ENABLED", enabled)
    monkeypatch.setenv("CCHC_FETCH_INTERVAL_MIN", interval)

    async def go():
        return background.start()

    assert asyncio.run(go()) is None


def test_started_when_enabled_and_cancellable(monkeypatch):
    monkeypatch.setenv("CCHC_FETCH_ENABLED", "1")
    monkeypatch.setenv("CCHC_FETCH_INTERVAL_MIN", "60")
    monkeypatch.setattr(background, "fetch_round", lambda: {"sources": 0, "new": 0})

    async def go():
        task = background.start()
        assert isinstance(task, asyncio.Task)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())


def test_a_failing_round_does_not_end_the_loop():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("network down")
        return {"sources": 1, "new": 0}

    async def go():
        task = asyncio.create_task(background.run_periodically(0.01, flaky))
        while len(calls) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    assert len(calls) >= 3
