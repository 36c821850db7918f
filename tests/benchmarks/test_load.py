"""A small form of the capacity benchmark: sessions at the protocol against one local server.

No timing assertions (the machine is shared): no errors, no answer that is not the core's for
the value sent, nothing lost, and every session moved and was answered. The figures are printed.
"""
from __future__ import annotations

import asyncio

import pytest

from benchmarks import load_driver as ld
from benchmarks.st_protocol import Session, widget_key
from components.live_control import figure_payload
from figures import explorer as fx


@pytest.fixture(scope="module")
def server():
    with ld.Server() as s:
        yield s


def assert_clean(step: ld.Step) -> None:
    print("\n" + step.describe(f"{step.sessions} sessions"))
    assert step.problems("errors") == []
    assert step.problems("wrong") == []
    assert step.problems("lost") == []
    assert all(t.moves >= 3 and t.answers >= 2 for t in step.tallies), \
        [(t.moves, t.answers) for t in step.tallies]
    assert step.cpu_s > 0 and step.rss_peak > 0


def test_eight_sessions_for_ten_seconds_get_the_cores_answer_to_every_move(server):
    step = asyncio.run(ld.run_step(server, 8, 10.0))
    assert_clean(step)
    assert len(step.latencies) >= sum(t.moves for t in step.tallies) // 2   # most moves answered, not only the last


def test_live_control_sessions_get_frames_that_are_the_cores(server):
    step = asyncio.run(ld.run_step(server, 2, 8.0, live=True))
    assert_clean(step)
    assert sum(len(t.frame_latencies) for t in step.tallies) >= 2


async def until(done, what: str, timeout: float = ld.ANSWER_TIMEOUT_S) -> None:
    """Wait for a state of the session (polled), with a deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not done():
        assert asyncio.get_running_loop().time() < deadline, f"no {what} within {timeout} s"
        await asyncio.sleep(0.002)


def test_frames_asked_for_on_hover_arrive_even_when_the_release_commits_at_once(server):
    """Each session hovers (asks for frames) and releases (commits) while the frames are computed.
    On a busy server the commit's run can start before the frames run's messages left, and
    Streamlit then discards them; the page says which request it dealt with, and a session whose
    frames never came asks again, as the browser does. No request may go unanswered."""
    async def hover_then_release(index: int, sessions: int, times: int) -> ld.Tally:
        user = ld.ExplorerUser(server.url, index=index, of=sessions, seed=5 + index, live=True)
        await user.open()
        listener = asyncio.create_task(user.listen())
        try:
            for i in range(times):
                user.px = ld.PX + 2 * i   # frames at another width: computed afresh, not from the cache
                await user.ask_frames()
                # the frames run has drawn its first element: it is past the request, computing the frames
                await until(lambda: user.session.receiving is not None and user.session.receiving.deltas, "frames run")
                await user.move()
                await until(user._done, "answer to the commit and the frames")
        finally:
            listener.cancel()
            await user.session.close()
        return user.tally

    async def all_of(sessions: int, times: int) -> list[ld.Tally]:
        return await asyncio.gather(*(hover_then_release(i, sessions, times) for i in range(sessions)))

    sessions, times = 4, 6
    tallies = asyncio.run(all_of(sessions, times))
    print(f"\nframes asked again {sum(t.asked_again for t in tallies)} times of {sessions * times}")
    for tally in tallies:
        assert (tally.errors, tally.wrong, tally.lost) == ([], [], [])
        assert len(tally.frame_latencies) == times and tally.answers >= times + 1


def chart_data(k: float, seen: int) -> dict:
    """What the Explorer's chart sends for Leaky ReLU at slope k (one function, the default range)."""
    curve = fx.compute_curve(ld.ACT, {ld.KNOB: k}, -5.0, 5.0, ld.POINTS)
    return {"seen": seen, "frames": None,
            "knobs": [{"key": "x", "value": [-5.0, 5.0], "sig": "x"}, {"key": ld.KNOB, "value": k, "sig": "k"}],
            "cells": [{"figure": figure_payload(fx.overlay_spec([curve], -5.0, 5.0))}]}


def test_the_check_catches_an_answer_for_another_sessions_value():
    user = ld.ExplorerUser("http://127.0.0.1:1", index=0, of=2, seed=0)
    user.sent[1] = (0.0, 0.5)
    user._check_chart(chart_data(0.5, seen=1), at=0.1)
    assert user.tally.wrong == [] and user.tally.latencies == [0.1] and user.answered == 1
    user.sent[2] = (0.2, 0.502)
    user._check_chart(chart_data(0.501, seen=2), at=0.3)   # the curve of a value session 1 sends
    assert len(user.tally.wrong) == 2, user.tally.wrong   # the slider's value and the curve both disagree


def test_the_client_talks_to_loopback_servers_only_and_reads_widget_keys():
    with pytest.raises(ValueError, match="loopback"):
        Session("http://example.com:8501")
    assert widget_key("$$ID-29f773ec83fd54ec1784b7d8cae2fcca-explorer_chart") == "explorer_chart"
    assert widget_key("$$ID-29f773ec83fd54ec1784b7d8cae2fcca-a-b") == "a-b"
    assert widget_key("plain") == ""
