"""A small form of the load benchmark: 4 browser sessions move Explorer sliders for 10 s at once.

No timing assertions (the machine is shared); every session must move, see no error, and
end with a chart that matches its own final slider values. The figures are printed.
"""
from __future__ import annotations

from benchmarks.load_driver import describe, run_load


def test_four_sessions_at_once_lose_no_update_and_raise_no_error():
    [run], rss, _ = run_load([(4, 10.0)])
    print("\n" + describe(run, "4 sessions"), f"server RSS peak {max(r for _, r in rss.samples) / 2**20:.0f} MB")
    assert run.errors == []
    assert run.lost == []
    assert all(s.moves >= 1 for s in run.sessions), [s.moves for s in run.sessions]
    assert len(rss.samples) >= 5 and all(r > 0 for _, r in rss.samples)
