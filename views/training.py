"""Training lab: the same network trained with several activations, side by side."""
from __future__ import annotations

import re

import streamlit as st

from activations import ActivationError
from figures import style
from figures import training as figs
from nets import Candidate, Comparison, HiddenActivation, NetError, TrainConfig, make_dataset
from nets.datasets import DATASETS, MAX_CSV_BYTES, MAX_CSV_ROWS, DatasetError, parse_csv
from nets.export import ExportError, to_json, to_pytorch
from nets.layers import INITS
from ui import live, registry, training_sweep, watch
from ui import training_learn as learn
from ui import training_report as report
from ui.i18n import act_label, explain, figure_words, plotly_config, t

STATE = "training_lab"  # session_state: the last comparison, its status and settings (not a widget key)
UPLOAD = "upload"
DEFAULT_KEYS = ("tanh", "relu", "sigmoid")
MAX_CANDIDATES = 6
MAX_SEEDS = 20
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
WORDS = figure_words(figs)

# Display names in this run's language; the widgets' format_func only looks them up.
DATASET_NAMES = {**{k: t(f"training.datasets.{k}") for k in DATASETS}, UPLOAD: t("training.upload_option")}
INIT_NAMES = {k: t(f"training.inits.{k}") for k in INITS}
OPTIMIZER_NAMES = {k: t(f"training.opt_{k}") for k in ("adam", "sgd")}
BATCH_NAMES = {**{b: b for b in ("16", "32", "64", "128")}, "full": t("training.batch_full")}


st.title(t("training.title"))
st.caption(t("training.caption"))

available = registry.available()
act_names = {k: act_label(a) for k, a in available.items()}

# -- settings ------------------------------------------------------------------------
# Settings live in the sidebar so the progress bar and results sit right under the Train button.
with st.sidebar:
    st.subheader(t("training.data_header"), divider="gray")
    dataset_key = st.selectbox(t("training.dataset"), [*DATASETS, UPLOAD], key="tl_dataset", format_func=DATASET_NAMES.get)
    upload = None
    if dataset_key == UPLOAD:
        upload = st.file_uploader(
            t("training.csv_label"), type=["csv"], key="tl_upload",
            help=t("training.csv_help", rows=f"{MAX_CSV_ROWS:,}", kb=MAX_CSV_BYTES // 1000))
    n_points = st.slider(t("training.points"), 50, 1000, 300, 50, key="tl_points", disabled=dataset_key == UPLOAD)
    noise = st.slider(t("training.noise"), 0.0, 0.5, 0.1, 0.01, key="tl_noise",
                      disabled=dataset_key == UPLOAD)
    test_fraction = st.slider(t("training.test_fraction"), 0.1, 0.5, 0.3, 0.05, key="tl_test")
    seed = int(st.number_input(t("training.seed"), 0, 10_000, 0, key="tl_seed"))
    data, problem = None, None
    try:
        if dataset_key != UPLOAD:
            data = make_dataset(dataset_key, n_points, noise, test_fraction, seed)
        elif upload is not None:
            # The file name is shown in Markdown captions: keep plain characters only.
            data = parse_csv(upload.getvalue(), test_fraction, seed, name=re.sub(r"[^\w.\- ]", "_", upload.name)[:60])
        else:
            st.info(t("training.csv_choose"))
    except DatasetError as exc:  # shown next to the uploader, where the user is looking
        problem = explain(exc)
        st.warning(t("training.csv_bad" if dataset_key == UPLOAD else "training.data_bad", problem=problem))
with st.sidebar:
    st.subheader(t("training.network_header"), divider="gray")
    n_layers = st.slider(t("training.hidden_layers"), 1, 4, 2, key="tl_layers")
    width = st.slider(t("training.units"), 2, 64, 16, key="tl_width")
    init = st.selectbox(t("training.init"), list(INITS), format_func=INIT_NAMES.get,
                        key="tl_init")
with st.sidebar:
    st.subheader(t("training.training_header"), divider="gray")
    optimizer = st.radio(t("training.optimizer"), ["adam", "sgd"], horizontal=True, key="tl_opt",
                         format_func=OPTIMIZER_NAMES.get)
    lr = st.select_slider(t("training.learning_rate"), LEARNING_RATES, 0.03, key="tl_lr")
    batch = st.select_slider(t("training.batch"), list(BATCH_NAMES), "full", key="tl_batch",
                             format_func=BATCH_NAMES.get)
    l2 = st.select_slider(t("training.l2"), [0.0, 1e-4, 1e-3, 1e-2, 1e-1], 0.0, key="tl_l2")
    epochs = st.select_slider(t("training.epochs"), [50, 100, 200, 300, 500, 1000, 2000], 300, key="tl_epochs")
config = TrainConfig(epochs=epochs, lr=lr, optimizer=optimizer, l2=l2, batch_size=None if batch == "full" else int(batch))

st.header(t("training.acts_header"), divider="gray")
keys = st.multiselect(t("training.acts"), list(available), [k for k in DEFAULT_KEYS if k in available],
                      format_func=act_names.get, max_selections=MAX_CANDIDATES, key="tl_acts")
mix_on = st.toggle(t("training.mix_toggle"), key="tl_mix")
mix_keys = []
if mix_on:
    for i, col in enumerate(st.columns(n_layers)):
        mix_keys.append(col.selectbox(t("training.mix_layer", n=i + 1), list(available), index=i % len(available),
                                      format_func=act_names.get, key=f"tl_mix_{i}"))
n_seeds = st.slider(t("training.n_seeds"), 1, MAX_SEEDS, 1, key="tl_seeds", help=t("training.n_seeds_help"))

with_params = [k for k in dict.fromkeys([*keys, *mix_keys]) if available[k].params]
params: dict[str, dict] = {}
if with_params:
    with st.expander(t("training.params_expander")):
        params = live.preview("tl_params_live", [available[k] for k in with_params],
                              lambda a, name: f"tl_param_{a.key}_{name}", height=240, columns=3)
# -- learned activation parameters (ui.training_learn) --
learned = learn.controls([available[k] for k in with_params])


def hidden_name(hidden: HiddenActivation) -> str:
    """The activation's name in the current language, with any parameter moved off its default or learned."""
    return learn.named(hidden, hidden.named(act_label(hidden.act)))


def build_candidates() -> list[Candidate]:
    hidden = {k: HiddenActivation.of(available[k], **params.get(k, {})).learning(learned.get(k, {}))
              for k in dict.fromkeys([*keys, *mix_keys])}
    cands = [Candidate(k, hidden_name(hidden[k]), (hidden[k],) * n_layers) for k in keys]
    if mix_on:
        mixed = tuple(hidden[k] for k in mix_keys)
        cands.append(Candidate("mix", t("training.mix_name", layers=" → ".join(map(hidden_name, mixed))), mixed))
    return cands


candidates = []
try:
    candidates = build_candidates()
except (NetError, ActivationError) as exc:
    problem = explain(exc)
    st.warning(t("training.setup_bad", problem=problem))
if problem is None and not 2 <= len(candidates) <= MAX_CANDIDATES:
    st.info(t("training.pick_count", max=MAX_CANDIDATES, n=len(candidates)))
ready = problem is None and data is not None and 2 <= len(candidates) <= MAX_CANDIDATES
if data is None:  # the reason sits in the sidebar, by the uploader; say where to look
    st.info(t("training.no_data"), icon=":material/arrow_back:")
else:  # before training: the data and the network
    watch.preview(data, data.name if dataset_key == UPLOAD else DATASET_NAMES[dataset_key], candidates,
                  [width] * n_layers, hidden_name)

go_col, stop_col, _ = st.columns([1, 1, 6])
start = go_col.button(t("training.train"), type="primary", disabled=not ready, key="tl_train")
stop_col.button(t("training.stop"), key="tl_stop", help=t("training.stop_help"))

state = st.session_state.get(STATE)
if state and state["status"] == "running" and not start:
    state["status"] = "stopped"  # a click (Stop or any widget) interrupted the training run


def curves(comp: Comparison, colours: dict):
    return figs.loss_curves([(c.name, colours[c.key], comp.shown(c).history) for c in comp.candidates], WORDS)


def train(comp: Comparison, settings: str) -> None:
    state = {"comparison": comp, "status": "running", "settings": settings}
    st.session_state[STATE] = state
    bar = st.progress(0.0, text=t("training.progress"))
    view = watch.LiveView(comp)  # the loss and every boundary, drawn as they are learned
    while not comp.finished:
        comp.step(view.chunk)
        bar.progress(comp.progress, text=t("training.progress_epochs", done=f"{comp.done_epochs:,}",
                                                       total=f"{comp.total_epochs:,}"))
        view.after_step()
    state["status"] = "done"
    bar.empty()
    view.close()


if start and ready:
    seeds = [seed + i for i in range(n_seeds)]
    settings = t("training.settings", data=data.name if dataset_key == UPLOAD else DATASET_NAMES[dataset_key],
                 layers=n_layers, width=width, init=INIT_NAMES[init],
                 optimizer=t(f"training.settings_{optimizer}"), lr=f"{lr:g}",
                 batch=BATCH_NAMES[batch], l2=f"{l2:g}", epochs=epochs,
                 seed_word=t("training.seed_many" if len(seeds) > 1 else "training.seed_one"),
                 seeds=f"{seeds[0]}–{seeds[-1]}" if len(seeds) > 2 else ", ".join(map(str, seeds)))
    train(Comparison(data, candidates, [width] * n_layers, init, config, seeds), settings)
    state = st.session_state[STATE]
    if state["status"] == "done":  # -- run history (ui.training_report) --
        report.remember(state["comparison"], settings, {
            "dataset": data.name if dataset_key == UPLOAD else dataset_key, "task": data.task,
            "train_points": len(data.X_train), "test_points": len(data.X_test),
            "noise": "" if dataset_key == UPLOAD else noise, "hidden_layers": n_layers, "units": width,
            "init": init, "optimizer": optimizer, "learning_rate": lr, "batch": batch, "l2": l2, "epochs": epochs,
            "seeds": " ".join(map(str, seeds))})


# -- results ---------------------------------------------------------------------------
def show_results(state: dict) -> None:
    comp: Comparison = state["comparison"]
    colours = style.colours_for([c.key for c in comp.candidates])
    score_name = t("training.score_r2" if comp.data.task == "regression" else "training.score_accuracy")
    several = len(comp.seeds) > 1
    st.header(t("training.results_header"), divider="gray")
    st.caption(state["settings"])
    if state["status"] == "stopped":
        st.info(t("training.stopped", done=f"{comp.done_epochs:,}", total=f"{comp.total_epochs:,}"))
    rows = report.results_table(comp, score_name)
    shown = t("training.seed_shown", seed=comp.seeds[0]) if several else ""
    st.plotly_chart(curves(comp, colours), width="stretch", key="tl_curves", config=plotly_config())
    by_key = {c.key: c for c in comp.candidates}
    for start_i in range(0, len(rows), 3):
        for col, row in zip(st.columns(3), rows[start_i:start_i + 3]):
            cand, trainer = by_key[row["key"]], comp.shown(by_key[row["key"]])
            with col:
                title = report.figure_title(row, cand.name, len(comp.seeds)) + shown
                if trainer.status == "diverged":
                    st.warning(t("training.diverged_warning", title=title, epoch=trainer.epoch))
                    continue
                score = trainer.history.test_score[-1]
                if comp.data.task == "regression":
                    fig = figs.fitted_curve(trainer.model, comp.data, colours[cand.key], title, words=WORDS)
                else:
                    fig = figs.decision_boundary(trainer.model, comp.data, title, words=WORDS)
                st.plotly_chart(fig, width="stretch", key=f"tl_fig_{cand.key}", config=plotly_config())
                st.caption(t("training.result_caption", score=score_name, value=f"{score:.3f}",
                             ms=f"{1000 * trainer.history.seconds_per_epoch:.2f}"))
    learn.results(comp, colours)
    report.confusion_matrices(comp, colours)
    watch.replay(comp, hidden_name)  # the epoch slider over the snapshots
    export(comp)


def export(comp: Comparison) -> None:
    with st.expander(t("training.export_expander")):
        names = {c.key: c.name for c in comp.candidates}
        key = st.selectbox(t("training.export_network"), list(names), format_func=names.get, key="tl_export")
        model = comp.shown(next(c for c in comp.candidates if c.key == key)).model
        st.caption(t("training.export_caption"))
        formats = (("json", to_json, f"network-{key}.json", "application/json"),
                   ("torch", to_pytorch, f"network_{key}.py", "text/x-python"))
        for col, (fmt, write, filename, mime) in zip(st.columns(2), formats):
            try:
                col.download_button(t(f"training.export_{fmt}"), write(model), filename, mime=mime,
                                    key=f"tl_dl_{fmt}", on_click="ignore")
            except ExportError as exc:
                col.warning(t("training.export_bad", problem=explain(exc)))


if state:
    show_results(state)
report.history()


# -- sweep: activation × learning rate (× depth), in its own module --------------------
training_sweep.show(data, available, keys, params,
                    data_name=data.name if dataset_key == UPLOAD and data else DATASET_NAMES[dataset_key],
                    width=width, layers=n_layers, init=init, config=config, seed=seed,
                    learning_rates=LEARNING_RATES, words=WORDS)
