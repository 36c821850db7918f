"""Training lab: the same network trained with several activations, side by side."""
from __future__ import annotations

import re
import time

import streamlit as st

from activations import ActivationError
from figures import style
from figures.training import decision_boundary, fitted_curve, loss_curves
from nets import Candidate, Comparison, Layer, NetError, TrainConfig, make_dataset
from nets.datasets import DATASETS, MAX_CSV_BYTES, MAX_CSV_ROWS, DatasetError, parse_csv
from nets.export import ExportError, to_json, to_pytorch
from nets.mlp import INITS
from ui import registry
from ui.i18n import act_label, act_param_help, act_param_label
from ui.shell import require_app

require_app()

STATE = "training_lab"  # session_state: the last comparison, its status and settings (not a widget key)
UPLOAD = "upload"
DEFAULT_KEYS = ("tanh", "relu", "sigmoid")
MAX_CANDIDATES = 6
SEEDS_WHEN_REPEATED = 5

st.title("Training lab")
st.caption("Which activation learns this task? Every candidate trains the same network from the same initial "
           "weights on the same data; only the activation differs.")

available = registry.available()

# -- settings ------------------------------------------------------------------------
# Settings live in the sidebar so the progress bar and results sit right under the Train button.
with st.sidebar:
    st.subheader("Data", divider="gray")
    dataset_key = st.selectbox("Dataset", [*DATASETS, UPLOAD], key="tl_dataset",
                               format_func=lambda k: "Upload a CSV…" if k == UPLOAD else DATASETS[k])
    upload = None
    if dataset_key == UPLOAD:
        upload = st.file_uploader(
            "CSV file: columns x1, x2, label", type=["csv"], key="tl_upload",
            help=f"Up to {MAX_CSV_ROWS:,} rows and {MAX_CSV_BYTES // 1000} kB; whole-number class labels. "
                 "The file stays in this session's memory and is never run or stored.")
    n_points = st.slider("Points", 50, 1000, 300, 50, key="tl_points", disabled=dataset_key == UPLOAD)
    noise = st.slider("Noise (standard deviation)", 0.0, 0.5, 0.1, 0.01, key="tl_noise",
                      disabled=dataset_key == UPLOAD)
    test_fraction = st.slider("Test fraction", 0.1, 0.5, 0.3, 0.05, key="tl_test")
    seed = int(st.number_input("Seed", 0, 10_000, 0, key="tl_seed"))
    data, problem = None, None
    try:
        if dataset_key != UPLOAD:
            data = make_dataset(dataset_key, n_points, noise, test_fraction, seed)
        elif upload is not None:
            # The file name is shown in Markdown captions: keep plain characters only.
            data = parse_csv(upload.getvalue(), test_fraction, seed, name=re.sub(r"[^\w.\- ]", "_", upload.name)[:60])
        else:
            st.info("Choose a CSV file: three columns x1, x2, label (a header row is optional).")
    except DatasetError as exc:  # shown next to the uploader, where the user is looking
        problem = str(exc)
        st.warning(f"This file cannot be used: {problem}" if dataset_key == UPLOAD else problem)
with st.sidebar:
    st.subheader("Network", divider="gray")
    n_layers = st.slider("Hidden layers", 1, 4, 2, key="tl_layers")
    width = st.slider("Units per hidden layer", 2, 64, 16, key="tl_width")
    init = st.selectbox("Initial weights", list(INITS), format_func=lambda k: INITS[k][0], key="tl_init")
with st.sidebar:
    st.subheader("Training", divider="gray")
    optimizer = st.radio("Optimizer", ["adam", "sgd"], horizontal=True, key="tl_opt",
                         format_func=lambda k: {"adam": "Adam", "sgd": "Gradient descent"}[k])
    lr = st.select_slider("Learning rate", [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], 0.03, key="tl_lr")
    batch = st.select_slider("Batch size", ["16", "32", "64", "128", "full"], "full", key="tl_batch")
    l2 = st.select_slider("L2 regularisation", [0.0, 1e-4, 1e-3, 1e-2, 1e-1], 0.0, key="tl_l2")
    epochs = st.select_slider("Epochs", [50, 100, 200, 300, 500, 1000, 2000], 300, key="tl_epochs")

st.subheader("Activations to compare", divider="gray")
keys = st.multiselect("Activations (2 to 6)", list(available), [k for k in DEFAULT_KEYS if k in available],
                      format_func=lambda k: act_label(available[k]), max_selections=MAX_CANDIDATES, key="tl_acts")
mix_on = st.toggle("Add a network with a different activation in each hidden layer", key="tl_mix")
mix_keys = []
if mix_on:
    for i, col in enumerate(st.columns(n_layers)):
        mix_keys.append(col.selectbox(f"Layer {i + 1}", list(available), index=i % len(available),
                                      format_func=lambda k: act_label(available[k]), key=f"tl_mix_{i}"))
repeat = st.checkbox(f"Repeat with {SEEDS_WHEN_REPEATED} seeds and report mean ± spread", key="tl_repeat")

with_params = [k for k in dict.fromkeys([*keys, *mix_keys]) if available[k].params]
params: dict[str, dict] = {}
if with_params:
    with st.expander("Activation parameters"):
        for k in with_params:
            act = available[k]
            params[k] = {p.name: st.slider(f"{act_label(act)}: {act_param_label(act, p)}", p.slider_low, p.slider_high,
                                           p.default, p.step, key=f"tl_param_{k}_{p.name}",
                                           help=act_param_help(act, p)) for p in act.params}


def layer_name(layer: Layer) -> str:
    """The activation's name in the current language, with any parameter moved off its default."""
    changed = ", ".join(f"{k}={v:g}" for k, v in layer.params.items() if v != layer.act.param(k).default)
    return f"{act_label(layer.act)} ({changed})" if changed else act_label(layer.act)


def build_candidates() -> list[Candidate]:
    layer = {k: Layer.of(available[k], **params.get(k, {})) for k in dict.fromkeys([*keys, *mix_keys])}
    cands = [Candidate(k, layer_name(layer[k]), (layer[k],) * n_layers) for k in keys]
    if mix_on:
        mixed = tuple(layer[k] for k in mix_keys)
        cands.append(Candidate("mix", "Mix: " + " → ".join(layer_name(lay) for lay in mixed), mixed))
    return cands


candidates = []
try:
    candidates = build_candidates()
except (NetError, ActivationError) as exc:
    problem = str(exc)
    st.warning(problem)
if problem is None and not 2 <= len(candidates) <= MAX_CANDIDATES:
    st.info(f"Pick between 2 and {MAX_CANDIDATES} networks to compare (you have {len(candidates)}).")
ready = problem is None and data is not None and 2 <= len(candidates) <= MAX_CANDIDATES

go_col, stop_col, _ = st.columns([1, 1, 6])
start = go_col.button("Train", type="primary", disabled=not ready, key="tl_train")
stop_col.button("Stop", key="tl_stop", help="Stops training; what has been learned so far is kept.")

state = st.session_state.get(STATE)
if state and state["status"] == "running" and not start:
    state["status"] = "stopped"  # a click (Stop or any widget) interrupted the training run


def curves(comp: Comparison, colours: dict):
    return loss_curves([(c.name, colours[c.key], comp.shown(c).history) for c in comp.candidates])


def train(comp: Comparison, settings: str) -> None:
    state = {"comparison": comp, "status": "running", "settings": settings}
    st.session_state[STATE] = state
    colours = style.colours_for([c.key for c in comp.candidates])
    bar, live = st.progress(0.0, text="Training…"), st.empty()
    chunk, drawn, frame = max(1, comp.config.epochs // 50), 0.0, 0
    while not comp.finished:
        comp.step(chunk)
        bar.progress(comp.progress, text=f"Training… {comp.done_epochs:,} of {comp.total_epochs:,} epochs")
        if time.monotonic() - drawn > 0.5:  # redraw a few times a second, not every chunk
            frame += 1
            live.plotly_chart(curves(comp, colours), width="stretch", key=f"tl_live_{frame}")
            drawn = time.monotonic()
    state["status"] = "done"
    bar.empty()
    live.empty()


if start and ready:
    seeds = [seed + i for i in range(SEEDS_WHEN_REPEATED if repeat else 1)]
    config = TrainConfig(epochs=epochs, lr=lr, optimizer=optimizer, l2=l2,
                         batch_size=None if batch == "full" else int(batch))
    settings = (f"{data.name}, {n_layers} × {width} units, {INITS[init][0]} init, "
                f"{'Adam' if optimizer == 'adam' else 'gradient descent'} at {lr:g}, batch {batch}, L2 {l2:g}, "
                f"{epochs} epochs, seed{'s' if len(seeds) > 1 else ''} {', '.join(map(str, seeds))}")
    train(Comparison(data, candidates, [width] * n_layers, init, config, seeds), settings)
    state = st.session_state[STATE]


# -- results ---------------------------------------------------------------------------
def fmt(mean: float, sd: float, several: bool, digits: int = 3) -> str:
    if mean != mean:  # NaN: diverged
        return "diverged"
    return f"{mean:.{digits}f} ± {sd:.{digits}f}" if several else f"{mean:.{digits}f}"


def show_results(state: dict) -> None:
    comp: Comparison = state["comparison"]
    colours = style.colours_for([c.key for c in comp.candidates])
    score_name = "R²" if comp.data.task == "regression" else "accuracy"
    several = len(comp.seeds) > 1
    st.subheader("Results", divider="gray")
    st.caption(state["settings"])
    if state["status"] == "stopped":
        st.info(f"Training was stopped after {comp.done_epochs:,} of {comp.total_epochs:,} epochs; "
                "these are the results so far.")
    rows = comp.summary()
    st.dataframe([{
        "rank": r["rank"], "network": r["name"],
        f"test {score_name}": fmt(r["test_score"], r["test_score_sd"], several),
        f"train {score_name}": fmt(r["train_score"], 0.0, False),
        "test loss": fmt(r["test_loss"], r["test_loss_sd"], several, 4),
        "ms / epoch": f"{r['ms_per_epoch']:.2f}", "epochs": r["epochs"],
    } for r in rows], hide_index=True, width="stretch", key="tl_table")
    shown = f" (seed {comp.seeds[0]} shown)" if several else ""
    st.plotly_chart(curves(comp, colours), width="stretch", key="tl_curves")
    by_key = {c.key: c for c in comp.candidates}
    for start_i in range(0, len(rows), 3):
        for col, row in zip(st.columns(3), rows[start_i:start_i + 3]):
            cand, trainer = by_key[row["key"]], comp.shown(by_key[row["key"]])
            with col:
                title = f"#{row['rank']} {cand.name}{shown}"
                if trainer.status == "diverged":
                    st.warning(f"{title}: training diverged at epoch {trainer.epoch}; "
                               "try a smaller learning rate.")
                    continue
                score = trainer.history.test_score[-1]
                if comp.data.task == "regression":
                    fig = fitted_curve(trainer.model, comp.data, colours[cand.key], title)
                else:
                    fig = decision_boundary(trainer.model, comp.data, title)
                st.plotly_chart(fig, width="stretch", key=f"tl_fig_{cand.key}")
                st.caption(f"test {score_name} {score:.3f} · "
                           f"{1000 * trainer.history.seconds_per_epoch:.2f} ms per epoch")
    export(comp)


def export(comp: Comparison) -> None:
    with st.expander("Export a trained network"):
        names = {c.key: c.name for c in comp.candidates}
        key = st.selectbox("Network", list(names), format_func=names.get, key="tl_export")
        model = comp.shown(next(c for c in comp.candidates if c.key == key)).model
        st.caption("JSON holds the layer sizes, activations with their parameters, and every weight. The PyTorch "
                   "file rebuilds the same network; `model(x)` gives the same predictions.")
        json_col, torch_col = st.columns(2)
        try:
            json_col.download_button("Weights as JSON", to_json(model), f"network-{key}.json",
                                     mime="application/json", key="tl_dl_json", on_click="ignore")
        except ExportError as exc:
            json_col.warning(str(exc))
        try:
            torch_col.download_button("PyTorch code", to_pytorch(model), f"network_{key}.py",
                                      mime="text/x-python", key="tl_dl_torch", on_click="ignore")
        except ExportError as exc:
            torch_col.warning(str(exc))


if state:
    show_results(state)
