"""The Training lab's sweep section: activation × learning rate (× depth), a heat map of final test scores.

It reuses the page's data, width, initialisation and training settings; the sweep itself is
`nets.sweep`, the figure `figures.training.sweep_heatmap`. Any click while it runs (its Stop
button, or any other widget) reruns the page, which interrupts the loop below; leaving the
`Runner` kills its worker processes, and the cells finished so far stay on the heat map.
"""
from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from activations import Activation, ActivationError
from figures.training import sweep_heatmap
from nets import HiddenActivation, NetError, TrainConfig
from nets.sweep import Runner, Sweep
from ui import charts
from ui.i18n import act_label, explain, plotly_config, t

STATE = "training_sweep"  # session_state: the last sweep, its status, settings and names (not a widget key)
DEPTHS = (1, 2, 3, 4)
DEFAULT_LRS = (0.003, 0.01, 0.03, 0.1, 0.3)
MAX_SEEDS = 20
MAX_ACTIVATIONS = 8


def show(data, available: dict[str, Activation], chosen: Sequence[str], params: dict[str, dict], *,
         data_name: str, width: int, layers: int, init: str, config: TrainConfig, seed: int,
         learning_rates: Sequence[float], words: dict, still: bool = False) -> None:
    """The section: its own choices, a Run and a Stop button, then the heat map of the last sweep.

    `config` is the page's training (its learning rate is replaced cell by cell), `seed` the first seed;
    `words` the heat map's words in the page's language (`ui.i18n.figure_words`); `still` (reduced
    motion) leaves out the heat map's frames while the sweep runs.
    """
    st.subheader(t("training.sweep.header"), divider="gray")
    st.caption(t("training.sweep.caption"))
    names = {k: act_label(a) for k, a in available.items()}
    acts_col, lrs_col = st.columns([3, 2])
    keys = acts_col.multiselect(t("training.sweep.acts"), list(available), [k for k in chosen if k in available],
                                format_func=names.get, max_selections=MAX_ACTIVATIONS, key="tl_sweep_acts")
    lrs = lrs_col.multiselect(t("training.sweep.lrs"), list(learning_rates),
                              [lr for lr in DEFAULT_LRS if lr in learning_rates], format_func="{:g}".format,
                              key="tl_sweep_lrs")
    depth_col, seeds_col = st.columns([3, 2])
    depths = depth_col.multiselect(t("training.sweep.depths"), DEPTHS, [layers], key="tl_sweep_depths")
    n_seeds = int(seeds_col.number_input(t("training.sweep.seeds"), 1, MAX_SEEDS, 3, key="tl_sweep_seeds"))

    sweep, problem = None, None
    if data is not None and keys and lrs and depths:
        try:
            hidden = {k: HiddenActivation.of(available[k], **params.get(k, {})) for k in keys}
            sweep = Sweep(data, hidden, lrs, depths, width, init, config,
                          [seed + i for i in range(n_seeds)])
        except (NetError, ActivationError) as exc:
            problem = explain(exc)
            st.warning(t("training.setup_bad", problem=problem))
    if sweep is not None:
        st.caption(t("training.sweep.size", cells=len(sweep.cells), seeds=n_seeds, runs=len(sweep.jobs)))
    elif problem is None and data is not None:
        st.info(t("training.sweep.choose"))

    go_col, stop_col, _ = st.columns([1, 1, 4])
    start = go_col.button(t("training.sweep.run"), type="primary", disabled=sweep is None, key="tl_sweep_run")
    stop_col.button(t("training.sweep.stop"), key="tl_sweep_stop", help=t("training.sweep.stop_help"))

    state = st.session_state.get(STATE)
    if state and state["status"] == "running" and not start:
        state["status"] = "stopped"  # a click (Stop or any widget) interrupted the sweep
    if start and sweep is not None:
        shown = {k: names[k] for k in keys}
        state = {"sweep": sweep, "status": "running", "names": shown,
                 "settings": settings(data_name, width, init, config, n_seeds)}
        st.session_state[STATE] = state
        run(sweep, shown, words, still)
        state["status"] = "done"
    if state:
        results(state, words)


def settings(data_name: str, width: int, init: str, config: TrainConfig, n_seeds: int) -> str:
    return t("training.sweep.settings", data=data_name, width=width, init=t(f"training.inits.{init}"),
             optimizer=t(f"training.settings_{config.optimizer}"),
             batch=config.batch_size or t("training.batch_full"), l2=f"{config.l2:g}", epochs=config.epochs,
             seeds=n_seeds)


def run(sweep: Sweep, names: dict[str, str], words: dict, still: bool = False) -> None:
    bar, live = st.progress(0.0, text=t("training.sweep.progress_start")), st.empty()
    drawn, frame = time.monotonic(), 0
    with Runner(sweep) as runner:
        while not sweep.finished:
            runner.advance(0.25)
            bar.progress(sweep.progress, text=t("training.sweep.progress", done=len(sweep.outcomes),
                                                total=len(sweep.jobs)))
            if not still and time.monotonic() - drawn > 1.0:  # the heat map fills in once a second at most
                frame += 1
                charts.plotly_chart(sweep_heatmap(sweep, names, words), where=live, width="stretch",
                                    key=f"tl_sweep_live_{frame}", config=plotly_config())
                drawn = time.monotonic()
    bar.empty()
    live.empty()


def results(state: dict, words: dict) -> None:
    sweep: Sweep = state["sweep"]
    if state["status"] == "stopped":
        st.info(t("training.sweep.stopped", done=len(sweep.outcomes), total=len(sweep.jobs)))
    charts.plotly_chart(sweep_heatmap(sweep, state["names"], words), width="stretch", key="tl_sweep_map",
                        config=plotly_config())
    st.caption(state["settings"])
