"""Training lab, honest comparisons: seeds, ties, the baseline test, metrics and the run history (AppTest)."""
from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from activations import Activation
from tests.app.helpers import assert_no_exception, new_app, run_app, training_charts
from tests.app.test_training_pages import STATE, TRAINING, in_chinese, quick, table, trained, values
from ui.i18n import catalogue
from ui.registry import CUSTOM_KEY

ZH = catalogue("zh")
TIED = ("relu", "leaky_relu", "elu")  # on XOR (300 points) after 100 epochs: 0.989 on each of seeds 0 to 2


def settings(at, acts=TIED, epochs=100, seeds=3, dataset="xor"):
    at.selectbox(key="tl_dataset").set_value(dataset)
    at.multiselect(key="tl_acts").set_value(list(acts))
    at.slider(key="tl_seeds").set_value(seeds)
    return quick(at, epochs)


@pytest.fixture
def media(monkeypatch):
    """Read a download button's file: AppTest's in-memory media store is recorded as it is made."""
    stores = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    return lambda button: stores[-1].get_file(button.proto.url.rsplit("/", 1)[1]).content.decode()


def test_tied_networks_share_rank_one_and_the_page_says_no_measurable_difference():
    at = trained(settings(run_app(page=TRAINING)))
    comp = at.session_state[STATE]["comparison"]
    assert comp.seeds == [0, 1, 2]
    scores = {c.key: comp.scores(c).tolist() for c in comp.candidates}
    assert len({tuple(s) for s in scores.values()}) == 1  # the tie is real: the same scores, seed by seed
    rows = table(at)
    assert [r["rank"] for r in rows] == ["1="] * 3
    assert [md.value for md in at.markdown if "measurable" in md.value] == [
        "No measurable difference between ReLU, Leaky ReLU and ELU: they share rank 1."]
    assert all(r["test accuracy"] == "0.989 ± 0.000" for r in rows)
    titles = [spec["layout"]["title"]["text"] for spec in training_charts(at)[1:4]]
    assert len(titles) == 3 and all("#" not in title and "tied at rank 1" in title for title in titles)
    assert any("paired t-test" in c.value and "95 % confidence interval" in c.value for c in at.caption)


def test_the_tie_in_chinese():
    at = in_chinese(settings(in_chinese(run_app({"lang": "zh"}, page=TRAINING))))
    at = trained(at)
    assert_no_exception(at)
    verdicts = [md.value for md in at.markdown if ZH["training.no_difference_runs"] in md.value]
    assert len(verdicts) == 1 and verdicts[0].endswith("之间无可测量的差异：它们并列第 1。")
    assert [r[ZH["training.col_rank"]] for r in table(at)] == ["1="] * 3
    titles = [spec["layout"]["title"]["text"] for spec in training_charts(at)[1:4]]
    assert len(titles) == 3 and all("并列第 1" in title and "#" not in title for title in titles)
    assert any(ZH["training.test_name"] in c.value for c in at.caption)


def test_a_measurable_difference_is_ranked_and_tested_against_the_chosen_baseline():
    at = settings(run_app(page=TRAINING), acts=("tanh", "relu", "sigmoid"), epochs=50, seeds=3)
    at.slider(key="tl_points").set_value(100).run()
    at = trained(at)
    by_name = {r["network"]: r for r in table(at)}
    assert by_name["Sigmoid"]["rank"] == "3" and by_name["ReLU"]["rank"] == "1="
    assert by_name["Tanh"]["vs Tanh"] == "baseline"
    at.selectbox(key="tl_baseline").set_value("sigmoid").run()
    comp = at.session_state[STATE]["comparison"]
    relu = {r["key"]: r for r in comp.summary("sigmoid")}["relu"]
    by_name = {r["network"]: r for r in table(at)}
    assert by_name["Sigmoid"]["vs Sigmoid"] == "baseline"
    assert by_name["ReLU"]["vs Sigmoid"] == f"{relu['vs_baseline']:+.3f} (p = {relu['p_baseline']:.2g})"
    assert relu["vs_baseline"] > 0.3 and relu["p_baseline"] < 0.05


def test_a_custom_name_is_shown_as_typed_not_as_markdown():
    at = new_app(60)
    odd = Activation(key="odd", label="x*sign(x)*_2_ $k$", family="Custom", fn=lambda x: x * np.sign(x) * 2,
                     dfn=lambda x: 2 * np.sign(x), latex="2|x|", dlatex="2 sgn x")
    at.session_state[CUSTOM_KEY] = {"odd": odd}
    at.run()
    at.switch_page(TRAINING).run()
    at = trained(settings(at, acts=("odd", "tanh"), epochs=50, seeds=2))
    [verdict] = [md.value for md in at.markdown if "rank" in md.value]
    assert r"x\*sign\(x\)\*\_2\_ \$k\$" in verdict


def test_one_seed_says_no_test_is_possible():
    at = trained(settings(run_app(page=TRAINING), acts=("tanh", "relu"), epochs=50, seeds=1))
    assert [i.value for i in at.info if "One seed" in i.value] == [
        "One seed: no test is possible, so no network is ranked above another. Repeat over 2 or more seeds to "
        "tell a real difference from noise."]
    assert {r["vs Tanh"] for r in table(at)} == {"baseline", "—"}
    assert "One seed: no interval and no test are possible (the paired t-test needs at least two seeds)." in [
        c.value for c in at.caption]
    rows = table(at)
    assert rows and all("±" not in r["test accuracy"] for r in rows)


def test_twenty_seeds_at_most():
    at = run_app(page=TRAINING)
    slider = at.slider(key="tl_seeds")
    assert (slider.min, slider.max, slider.value) == (1, 20, 1)


def test_classification_shows_a_confusion_matrix_per_network():
    at = trained(settings(run_app(page=TRAINING), acts=("tanh", "relu"), epochs=50, seeds=2, dataset="blobs"))
    comp = at.session_state[STATE]["comparison"]
    matrices = [s for s in training_charts(at) if s["layout"]["xaxis"]["title"]["text"] == "predicted class"]
    assert [m["layout"]["title"]["text"] for m in matrices] == ["Tanh", "ReLU"]
    for spec, cand in zip(matrices, comp.candidates):
        z = spec["data"][0]["z"]  # a typed array: Plotly sends NumPy data as base64
        counts = values(spec["data"][0], "z").reshape([int(n) for n in str(z["shape"]).split(",")])
        assert counts.shape == (3, 3) and counts.sum() == len(comp.data.y_test)
        assert np.trace(counts) / counts.sum() == pytest.approx(comp.shown(cand).history.test_score[-1])
        assert spec["layout"]["yaxis"]["title"]["text"] == "true class"


def test_confusion_matrices_in_chinese():
    at = trained(in_chinese(settings(in_chinese(run_app({"lang": "zh"}, page=TRAINING)), epochs=50, seeds=1)))
    axes = [(s["layout"]["xaxis"]["title"]["text"], s["layout"]["yaxis"]["title"]["text"]) for s in training_charts(at)]
    assert axes.count(("预测类别", "真实类别")) == 3


def test_regression_reports_r2_and_rmse_and_no_confusion_matrix():
    at = trained(settings(run_app(page=TRAINING), acts=("tanh", "relu"), epochs=50, seeds=2, dataset="sin"))
    comp = at.session_state[STATE]["comparison"]
    rows = {r["network"]: r for r in table(at)}
    for cand in comp.candidates:
        rmse = np.mean([np.sqrt(np.mean((comp.runs[cand.key, s].model.predict(comp.data.X_test)[:, 0]
                                         - comp.data.y_test) ** 2)) for s in comp.seeds])
        assert rows[cand.name]["test RMSE"] == f"{rmse:.4f}"
        assert "test R²" in rows[cand.name]
    assert all(s["layout"]["xaxis"]["title"]["text"] != "predicted class" for s in training_charts(at))


def test_runs_are_kept_compared_side_by_side_and_downloaded_as_csv(media):
    at = trained(settings(run_app(page=TRAINING), acts=("tanh", "relu"), epochs=50, seeds=2))
    assert [r["run"] for r in at.dataframe[1].value.to_dict("records")] == [1]
    at = trained(quick(at, 100))
    history = at.dataframe[1].value.to_dict("records")
    assert [r["run"] for r in history] == [2, 1]  # newest first
    assert "100 epochs" in history[0]["settings"] and "50 epochs" in history[1]["settings"]
    log = at.session_state["training_runs"]
    compared = at.dataframe[2].value.to_dict("records")
    assert [r["network"] for r in compared] == [row["name"] for row in log[0]["rows"]]  # run 1's order
    assert set(compared[0]) == {"network", "run 1", "run 2", "change", "verdict"}
    for line in compared:
        a, b = (next(r for r in run["rows"] if r["name"] == line["network"]) for run in log)
        assert line["change"] == f"{b['test_score'] - a['test_score']:+.3f}"
    [button] = [b for b in at.get("download_button") if b.proto.id.endswith("tl_history_csv")]
    lines = list(csv.DictReader(io.StringIO(media(button))))
    assert [(int(r["run"]), r["key"]) for r in lines] == [(run["run"], row["key"]) for run in log for row in run["rows"]]
    for line, row in zip(lines, (row for run in log for row in run["rows"])):
        assert [float(x) for x in line["seed_scores"].split()] == row["seed_scores"]  # repr: read back exactly
        assert float(line["test_score"]) == row["test_score"]
        assert (float(line["ci_low"]), float(line["ci_high"])) == row["test_score_ci"]
        assert line["epochs"] in ("50", "100") and line["dataset"] == "xor" and line["seeds"] == "0 1"

