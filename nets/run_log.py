"""A session's log of finished Training-lab runs: one record per run, two runs side by side, CSV.

Pure Python: the page keeps the list in its session. A record holds the run's settings (the
sentence shown and the raw values) and, per candidate, the summary's scores over seeds, so two
runs can be compared and the file recomputed from its own per-seed scores.
"""
from __future__ import annotations

import csv
import io
import math

from .stats import intervals_overlap

MAX_RUNS = 20  # the oldest run goes first: a session's history, not an archive
KEPT = ("key", "name", "seed_scores", "test_score", "test_score_ci", "rank", "tied", "train_score",
        "test_loss", "test_rmse")


def add(log: list[dict], settings: str, fields: dict, rows: list[dict]) -> list[dict]:
    """The log with one more run (numbered after the last), at most MAX_RUNS long."""
    number = log[-1]["run"] + 1 if log else 1
    record = {"run": number, "settings": settings, "fields": dict(fields),
              "rows": [{k: row[k] for k in KEPT} for row in rows]}
    return [*log, record][-MAX_RUNS:]


def side_by_side(a: dict, b: dict) -> list[dict]:
    """One row per network in either run (matched by name, in a's order): both rows, B − A, and
    whether their intervals overlap (runs with other settings are not paired: intervals only)."""
    rows_a, rows_b = ({r["name"]: r for r in run["rows"]} for run in (a, b))
    out = []
    for name in dict.fromkeys([*rows_a, *rows_b]):
        ra, rb = rows_a.get(name), rows_b.get(name)
        both = ra is not None and rb is not None
        out.append({"name": name, "a": ra, "b": rb,
                    "change": rb["test_score"] - ra["test_score"] if both else math.nan,
                    "overlap": intervals_overlap(ra["seed_scores"], rb["seed_scores"]) if both else True})
    return out


def to_csv(log: list[dict]) -> str:
    """One line per run and network. Numbers as `repr`, the shortest text that reads back as the same
    float (NaN for a diverged run or a missing interval); per-seed scores space-separated."""
    settings = list(dict.fromkeys(k for run in log for k in run["fields"]))
    columns = ["run", "settings", *settings, "network", "key", "n_seeds", "test_score", "ci_low", "ci_high", "rank",
               "tied", "train_score", "test_loss", "test_rmse", "seed_scores"]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(columns)
    for run in log:
        for row in run["rows"]:
            out.writerow([run["run"], run["settings"], *(_cell(run["fields"].get(k, "")) for k in settings),
                          row["name"], row["key"], len(row["seed_scores"]), *map(_cell, (
                              row["test_score"], *row["test_score_ci"], row["rank"], row["tied"],
                              row["train_score"], row["test_loss"], row["test_rmse"])),
                          " ".join(map(_cell, row["seed_scores"]))])
    return buf.getvalue()


def _cell(value) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)
