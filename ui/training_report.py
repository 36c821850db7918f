"""The Training lab's honest report: ranks with ties, intervals, a paired test, metrics, a run history.

Streamlit glue for views/training.py; the statistics are `nets.stats`, the log `nets.run_log`.
"""
from __future__ import annotations

import math

import streamlit as st

from figures import training as figs
from nets import Comparison, run_log
from nets.stats import ALPHA, LEVEL, measurably_better
from ui import charts
from ui.i18n import figure_words, names_list, plotly_config, t
from ui.pure.validate import as_markdown_text

RUNS = "training_runs"  # session_state: the log of finished runs (nets.run_log), not a widget key


def score_text(mean: float, ci: tuple[float, float], digits: int = 3) -> str:
    """Mean ± the interval's half-width (t-intervals are symmetric); the mean alone with one seed."""
    if math.isnan(mean):
        return t("training.diverged")
    if math.isnan(ci[0]):
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {(ci[1] - ci[0]) / 2:.{digits}f}"


def rank_text(row: dict, n_seeds: int) -> str:
    """"1=" for a shared rank; a dash with one seed, where nothing is ranked."""
    if n_seeds < 2:
        return "—"
    return f"{row['rank']}=" if row["tied"] else str(row["rank"])


def figure_title(row: dict, name: str, n_seeds: int) -> str:
    """A network's figure title: "#2 Tanh" for a rank of its own, no "#1" for a tie nor with one seed."""
    if n_seeds < 2:
        return name
    return t("training.title_tied" if row["tied"] else "training.title_ranked", rank=row["rank"], name=name)


def verdict(rows: list[dict], n_seeds: int, names: list[str]) -> str:
    """One sentence on the top of the ranking; tied networks named in `names`' order (the user's), not by score."""
    if n_seeds < 2:
        return t("training.verdict_one_seed")
    # names may be a user's (custom activations): shown as typed, never as markdown
    first = [as_markdown_text(name) for name in names if any(r["name"] == name and r["rank"] == 1 for r in rows)]
    if all(math.isnan(r["test_score"]) for r in rows):
        return t("training.verdict_all_diverged")
    if len(first) > 1:
        return t("training.verdict_tie", names=names_list(first))
    return t("training.verdict_best", name=first[0])


def baseline_text(row: dict, base: dict, n_seeds: int, base_scores: list[float]) -> str:
    if row["key"] == base["key"]:
        return t("training.baseline_self")
    if n_seeds < 2 or math.isnan(row["p_baseline"]):
        return "—"
    p = f"{row['p_baseline']:.2g}"
    if measurably_better(row["seed_scores"], base_scores) or measurably_better(base_scores, row["seed_scores"]):
        return t("training.baseline_differs", diff=f"{row['vs_baseline']:+.3f}", p=p)
    return t("training.no_difference", p=p)


def results_table(comp: Comparison, score_name: str) -> list[dict]:
    """Baseline choice, the verdict, the table and how to read it; returns the summary rows."""
    names = {c.key: c.name for c in comp.candidates}
    n = len(comp.seeds)
    baseline = st.selectbox(t("training.baseline"), list(names), format_func=names.get, key="tl_baseline",
                            help=t("training.baseline_help"))
    rows = comp.summary(baseline)
    base = next(r for r in rows if r["key"] == baseline)
    (st.info if n < 2 else st.markdown)(verdict(rows, n, list(names.values())))
    regression = comp.data.task == "regression"
    st.dataframe([{
        t("training.col_rank"): rank_text(r, n), t("training.col_network"): r["name"],
        t("training.col_test_score", score=score_name): score_text(r["test_score"], r["test_score_ci"]),
        t("training.col_vs_baseline", name=base["name"]): baseline_text(r, base, n, base["seed_scores"]),
        t("training.col_train_score", score=score_name): score_text(r["train_score"], (math.nan, math.nan)),
        t("training.col_test_loss"): score_text(r["test_loss"], (math.nan, math.nan), 4),
        **({t("training.col_rmse"): score_text(r["test_rmse"], (math.nan, math.nan), 4)} if regression else {}),
        t("training.col_ms"): f"{r['ms_per_epoch']:.2f}", t("training.col_epochs"): r["epochs"],
    } for r in rows], hide_index=True, width="stretch", key="tl_table")
    test = t("training.test_name")
    st.caption(t("training.table_caption", n=n, level=round(100 * LEVEL), alpha=ALPHA, test=test) if n > 1
               else t("training.table_caption_one", test=test))
    return rows


def confusion_matrices(comp: Comparison, colours: dict) -> None:
    """Classification: each shown network's confusion matrix on the test set, three to a row."""
    if comp.data.task == "regression":
        return
    with st.expander(t("training.confusion_expander")):
        st.caption(t("training.confusion_caption", seed=comp.seeds[0]))
        shown = [c for c in comp.candidates if comp.shown(c).status != "diverged"]
        for start in range(0, len(shown), 3):
            for col, cand in zip(st.columns(3), shown[start:start + 3]):
                fig = figs.confusion_heatmap(comp.confusion(cand), colours[cand.key], cand.name,
                                             words=figure_words(figs))
                charts.plotly_chart(fig, where=col, width="stretch", key=f"tl_confusion_{cand.key}",
                                    config=plotly_config())


def remember(comp: Comparison, settings: str, fields: dict) -> None:
    """Add a finished run to the session's log."""
    st.session_state[RUNS] = run_log.add(st.session_state.get(RUNS, []), settings, fields, comp.summary())


def history() -> None:
    """The session's past runs: a table, a CSV download, and two of them side by side."""
    log = st.session_state.get(RUNS, [])
    if not log:
        return
    st.subheader(t("training.history_header"), divider="gray")
    st.caption(t("training.history_caption", max=run_log.MAX_RUNS))
    st.dataframe([{
        t("training.col_run"): run["run"], t("training.col_settings"): run["settings"],
        t("training.col_first"): names_list([r["name"] for r in run["rows"] if r["rank"] == 1])
        if len(run["rows"][0]["seed_scores"]) > 1 else t("training.not_ranked"),
    } for run in reversed(log)], hide_index=True, width="stretch", key="tl_history")
    st.download_button(t("training.history_csv"), run_log.to_csv(log), "training-runs.csv", mime="text/csv",
                        key="tl_history_csv", on_click="ignore", icon=":material/download:")
    if len(log) < 2:
        return
    by_number = {run["run"]: run for run in log}
    numbers = list(reversed(by_number))
    label = lambda n: t("training.run_name", n=n)
    col_a, col_b = st.columns(2)
    a = by_number[col_a.selectbox(t("training.run_a"), numbers, index=1, format_func=label, key="tl_run_a")]
    b = by_number[col_b.selectbox(t("training.run_b"), numbers, index=0, format_func=label, key="tl_run_b")]
    st.dataframe([{
        t("training.col_network"): row["name"],
        label(a["run"]): score_text(row["a"]["test_score"], row["a"]["test_score_ci"]) if row["a"] else "—",
        label(b["run"]): score_text(row["b"]["test_score"], row["b"]["test_score_ci"]) if row["b"] else "—",
        t("training.col_change"): "—" if math.isnan(row["change"]) else f"{row['change']:+.3f}",
        t("training.col_verdict"): _run_verdict(row, a["run"], b["run"]),
    } for row in run_log.side_by_side(a, b)], hide_index=True, width="stretch", key="tl_runs_compared")
    st.caption(t("training.compare_caption"))


def _run_verdict(row: dict, a: int, b: int) -> str:
    if row["a"] is None or row["b"] is None:
        return t("training.only_in", n=a if row["b"] is None else b)
    if row["overlap"]:
        return t("training.no_difference_runs")
    return t("training.higher_in", n=b if row["change"] > 0 else a)
