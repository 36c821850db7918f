"""The Training lab's "watch it learn" parts: the data and the network before training, the learning
drawn while it runs, and an epoch slider that replays it afterwards (live while dragged).

The core never waits: a run too quick to follow is paced here, by the page, so that it
stays on screen for WATCH_SECONDS and is drawn a few times a second.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import streamlit as st

from components.live_control import Knob, live_control, value_of
from figures import preview as fp
from figures import replay as fr
from figures import training as ft
from figures.preview import data_preview, network_diagram
from figures.replay import Replay, ReplayRun
from figures.style import colours_for
from nets import Candidate, Comparison, HiddenActivation
from nets.snapshots import Snapshots, spacing, watch, watched
from ui import charts, i18n
from ui.i18n import figure_words, plotly_config, t

REPLAY_KNOB = "tl_replay"     # the epoch slider's session key
UNITS_OF = "tl_units_of"
FRAME_SECONDS = 0.5           # between redraws while training: each new figure remounts its chart (a flash)
WATCH_SECONDS = 2.5           # the shortest a run is shown learning: five frames or more


def words(builders) -> dict[str, str]:
    """The words of a module that draws the Training lab's charts with figures.training's, in this language."""
    return {**figure_words(ft), **figure_words(builders)}


def replay_runs(comp: Comparison, snaps: dict[str, Snapshots]) -> list[ReplayRun]:
    colours = colours_for([c.key for c in comp.candidates])
    return [ReplayRun(c.name, colours[c.key], snaps[c.key], comp.shown(c).history)
            for c in comp.candidates if c.key in snaps]


def preview(data, name: str, candidates: Sequence[Candidate], widths: Sequence[int],
            hidden_name: Callable[[HiddenActivation], str]) -> None:
    """The data (`name` is its display name) beside a diagram of the network, before any training."""
    st.subheader(t("training.watch.preview_header"), divider="gray")
    data_col, net_col = st.columns(2)
    charts.plotly_chart(data_preview(data, words(fp), name), where=data_col,
                        width="stretch", key="tl_preview_data", config=plotly_config())
    names = [list(dict.fromkeys(hidden_name(c.hidden[i]) for c in candidates)) for i in range(len(widths))]
    sizes = [data.X_train.shape[1], *widths, data.n_outputs]
    charts.plotly_chart(network_diagram(sizes, names, t(f"training.watch.output_{data.output}"), words(fp)),
                        where=net_col, width="stretch", key="tl_preview_network", config=plotly_config())


class LiveView:
    """Draws a comparison while it trains: the loss and each network's boundary or fit, as learned so far.

    Make it before the first step: it installs the snapshot recorders (nets.snapshots.watch).
    `still` (the browser asks for reduced motion) draws no frames and does not slow the run to
    show them: the replay below the results still steps through every snapshot.
    """

    def __init__(self, comp: Comparison, still: bool = False):
        st.session_state.pop(REPLAY_KNOB, None)   # a new run replays from its own last epoch
        self.comp, self.snaps = comp, watch(comp)
        self.chunk = spacing(comp.config.epochs)   # the recorders' spacing: every step ends on a snapshot
        self.box = st.empty()
        self.start = time.monotonic()
        self.drawn, self.frames = -math.inf, 0
        self.still = still

    def after_step(self) -> None:
        """Wait if the run is ahead of WATCH_SECONDS' pace; redraw if a frame is due or the run is over."""
        if self.still:
            return
        ahead = WATCH_SECONDS * self.comp.progress - (time.monotonic() - self.start)
        if ahead > 0 and not self.comp.finished:
            time.sleep(ahead)
        if self.comp.finished or time.monotonic() - self.drawn >= FRAME_SECONDS:
            self.draw()

    def draw(self) -> None:
        self.frames += 1
        replay = Replay(replay_runs(self.comp, self.snaps), self.comp.data, words=words(fr))
        with self.box.container():
            for i, spec in enumerate(replay.figures(replay.epochs[-1])):
                charts.plotly_chart(go.Figure(spec), width="stretch", key=f"tl_live_{self.frames}_{i}",
                                    config=plotly_config())
        self.drawn = time.monotonic()

    def close(self) -> None:
        self.box.empty()


def replay(comp: Comparison, hidden_name: Callable[[HiddenActivation], str]) -> None:
    """The epoch slider over the recorded snapshots, with the charts it redraws while dragged."""
    snaps = watched(comp)
    if not snaps:
        return
    st.subheader(t("training.watch.replay_header"), divider="gray")
    cands = {c.key: c for c in comp.candidates if c.key in snaps}
    names = {key: c.name for key, c in cands.items()}
    chosen = st.selectbox(t("training.watch.units_of"), list(cands), format_func=names.get, key=UNITS_OF)
    cand, rec = cands[chosen], snaps[chosen]
    view = Replay(replay_runs(comp, snaps), comp.data, list(cands).index(chosen),
                  [hidden_name(h) for h in cand.hidden], words(fr))
    high = rec.every * math.ceil(view.epochs[-1] / rec.every)   # past the last snapshot: the last is shown
    knob = Knob(REPLAY_KNOB, t("training.watch.epoch"), 0, high, rec.every, high,
                help=t("training.watch.epoch_help"))
    epoch = value_of(knob)
    panels = "a11y_fits" if comp.data.task == "regression" else "a11y_boundaries"
    live_control("tl_replay_live", knobs=[knob], figures=view.figures(epoch),
                 sweep=lambda _knob, value, _px: view.frame(value),
                 context=(id(comp), comp.done_epochs, chosen, i18n.current()), config=plotly_config(),
                 titles=[t("training.watch.a11y_loss", epoch=f"{epoch:g}"),
                         t(f"training.watch.{panels}", epoch=f"{epoch:g}"),
                         t("training.watch.a11y_units", name=cand.name, epoch=f"{epoch:g}")])
    st.caption(t("training.watch.replay_caption", every=rec.every, count=len(view.epochs)))
    if rec.unit_layers < len(cand.hidden):
        st.caption(t("training.watch.units_partial", shown=rec.unit_layers, total=len(cand.hidden)))
