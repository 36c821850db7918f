"""Keyboard only, screen readers and reduced motion, in Chromium: each page's journey is driven with
the keyboard alone (Tab to a control, then Enter, Space, arrows or typing; no mouse), and the checks
read what assistive technology reads (roles, accessible names, aria-valuetext). Every wait is for a state of
the page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, new_tab, rerun, wait_idle
from ui import i18n

FIGURE = ".live-control .lc-chart"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
LIVE_SEEN = """() => { window.__sawLive = false; new MutationObserver(() => {
  if (document.querySelector("[class*='st-key-tl_live_']")) window.__sawLive = true;
}).observe(document.body, {childList: true, subtree: true}); }"""


@pytest.fixture(scope="module")
def url(app_url):
    """The session's server: a server of its own cost this module a start and a warm-up."""
    return app_url


def open_slowly(page, address: str) -> None:
    """Open a page and wait for its first run, however long a loaded machine takes (a formula's
    derivative, a stack's statistics)."""
    page.goto(address)
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    wait_idle(page, timeout=120_000)


def tab_to(page, test: str, limit: int = 150, back: bool = False) -> None:
    """Press Tab (Shift+Tab with `back`) until the focused element passes `test`, a JS predicate of it."""
    for _ in range(limit):
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test})(e); }}"):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"no focusable element passes {test} within {limit} presses of Tab")


def labelled(name: str) -> str:
    return f"e => (e.getAttribute('aria-label') || '').startsWith({name!r})"


def text_is(text: str) -> str:
    return f"e => e.innerText.trim().endsWith({text!r})"


def figure_name(page) -> str:
    return page.locator(FIGURE).first.get_attribute("aria-label")


def highlighted(page, option: str) -> None:
    """Wait until typing has filtered the open list down to `option` first, the one Enter picks: an Enter
    pressed before the list has caught up with the keys picks nothing (a catalogue journey timed out so)."""
    expect(page.get_by_role("option").first).to_have_text(option)


def wait_name_change(page, before: str) -> str:
    page.wait_for_function("([sel, before]) => document.querySelector(sel)?.getAttribute('aria-label') !== before",
                           arg=[FIGURE, before])
    page.wait_for_selector(IDLE, state="attached")
    return figure_name(page)


def wait_drawn(page) -> None:
    page.wait_for_function("() => Number(document.querySelector('.live-control')?.dataset.draws || 0) > 0",
                           timeout=90_000)
    wait_idle(page, timeout=90_000)


X_RANGE = "(sel => document.querySelector(sel)._fullLayout.xaxis.range)"


def x_range(page) -> list[float]:
    return page.evaluate(f"(sel) => {X_RANGE}(sel).slice()", FIGURE)


def test_explorer_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/?fn=elu&fn=nonsense")
        wait_drawn(page)
        # a notice about the link: dismissed from the keyboard
        expect(page.locator("[data-testid='stAlert']")).to_have_count(1)
        tab_to(page, text_is("Dismiss"))
        page.keyboard.press("Enter")
        page.locator("[data-testid='stAlert']").wait_for(state="detached")
        wait_idle(page)
        # the chart names what it shows; its description says more
        chart = page.get_by_role("figure", name="ELU (α = 1): f and f′ on x ∈ [−5, 5]")
        expect(chart).to_have_count(1)
        described = chart.evaluate("n => document.getElementById(n.getAttribute('aria-describedby')).textContent")
        assert described.startswith("ELU (α = 1): f between −0.9933 and 5, f′ between 0.006738 and 1.")
        # choose a function: type its name in the combobox, Enter picks it
        tab_to(page, labelled("Functions to compare"))
        page.keyboard.type("Leaky")
        highlighted(page, "Leaky ReLU")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        name = wait_name_change(page, "ELU (α = 1): f and f′ on x ∈ [−5, 5]")
        assert name == "ELU (α = 1) and Leaky ReLU (k = 0.01): f and f′ on x ∈ [−5, 5]"
        # move a parameter: its thumb says the new value at once, the chart's name on commit
        tab_to(page, labelled("ELU alpha"))
        thumb = page.get_by_role("slider", name="ELU alpha")
        assert thumb.get_attribute("aria-valuetext") == "1.00"
        page.keyboard.press("ArrowRight")
        assert thumb.get_attribute("aria-valuetext") == "1.05"
        name = wait_name_change(page, name)
        assert name.startswith("ELU (α = 1.05) and Leaky ReLU")
        # the input range, thumb by thumb
        tab_to(page, labelled("Input range x (to)"), back=True)
        page.keyboard.press("ArrowLeft")
        name = wait_name_change(page, name)
        assert name.endswith("on x ∈ [−5, 4.9]")
        # zoom in and reset from the keyboard: the chart itself takes focus
        tab_to(page, "e => e.classList.contains('lc-chart')")
        assert x_range(page) == [-5, 4.9]
        for reset in ("key", "button"):   # back to the range the thumbs set, not the one first drawn
            page.keyboard.type("+")
            page.wait_for_function(f"(sel) => {X_RANGE}(sel)[1] < 4", arg=FIGURE)
            if reset == "key":
                page.keyboard.type("0")
            else:
                tab_to(page, labelled("Reset axes"))
                page.keyboard.press("Enter")
            page.wait_for_function(f"(sel) => {X_RANGE}(sel).join() === '-5,4.9'", arg=FIGURE)
            tab_to(page, "e => e.classList.contains('lc-chart')", back=True)
        # the values as a table
        tab_to(page, labelled("Show as table"))
        page.keyboard.press("Space")
        page.locator("[data-testid='stTable']").nth(1).wait_for()
        wait_idle(page)
        headers = page.locator("[data-testid='stTable']").first.locator("th").all_inner_texts()
        assert [h.strip() for h in headers if h.strip()][:4] == ["x", "f(x)", "f′(x)", "Note"]
        # export: the CSV download button
        tab_to(page, text_is("Download curves (CSV)"))
        with page.expect_download() as got:
            page.keyboard.press("Enter")
        text = open(got.value.path(), encoding="utf-8").read()
        assert text.startswith("x,") and "elu(alpha=1.05) f" in text.splitlines()[0]
        # the exported code: arrows move from the CSV tab to NumPy's, then PyTorch's, each showing its code
        tab_to(page, "e => e.getAttribute('role') === 'tab' && e.innerText.trim() === 'CSV'", back=True)
        for library, tab in (("numpy", "NumPy"), ("torch", "PyTorch")):
            with rerun(page):   # the tab asks for a run that builds its code
                page.keyboard.press("ArrowRight")
            expect(page.get_by_role("tab", name=tab, exact=True)).to_have_attribute("aria-selected", "true")
            page.locator("[data-testid='stCode']").filter(has_text="def elu(x, alpha=1.05):").filter(
                has_text=f"import {library}").wait_for()
            wait_idle(page)
            expect(page.locator("[data-testid='stCode']")).to_have_count(1)
        assert_no_exception(page)


def test_explorer_speaks_chinese(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/?fn=leaky_relu&lang=zh")
        wait_drawn(page)
        zh = i18n.catalogue("zh")
        name = f"{zh['activations.leaky_relu.label']} (k = 0.01)：x ∈ [−5, 5] 上的 f 与 f′"
        expect(page.get_by_role("figure", name=name, exact=True), figure_name(page)).to_have_count(1)
        label = f"{zh['activations.leaky_relu.label']} {zh['activations.leaky_relu.param_k_label']}"
        thumb = page.get_by_role("slider", name=label, exact=True)
        tab_to(page, labelled(label))
        before = thumb.get_attribute("aria-valuetext")
        page.keyboard.press("ArrowRight")
        assert float(thumb.get_attribute("aria-valuetext")) > float(before)


def test_training_lab_train_and_stop_by_keyboard(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/training")
        page.locator("h1", has_text="Training lab").wait_for(timeout=90_000)
        wait_idle(page, timeout=60_000)
        # a run long enough that Stop comes before its end: most points and units, set with End
        for label in ("Points", "Units per hidden layer", "Epochs"):
            tab_to(page, f"e => e.type === 'range' && (e.getAttribute('aria-label') || '').startsWith({label!r})")
            page.keyboard.press("End")
            wait_idle(page)
        tab_to(page, text_is("Train"))
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid='stProgress']", timeout=60_000)
        before = page.locator("[data-testid='stProgress']").inner_text()
        page.wait_for_function(
            "before => { const bar = document.querySelector(\"[data-testid='stProgress']\");"
            " return bar !== null && bar.innerText !== before; }", arg=before, timeout=60_000)
        tab_to(page, text_is("Stop"))
        page.keyboard.press("Enter")
        page.get_by_text("Training was stopped after").wait_for(timeout=60_000)
        wait_idle(page, timeout=60_000)
        assert page.locator("[data-testid='stProgress']").count() == 0
        assert_no_exception(page)


@pytest.mark.parametrize("reduce", [True, False])
def test_training_draws_no_frames_when_the_browser_asks_for_reduced_motion(browser, url, reduce):
    with new_tab(browser, reduced_motion="reduce" if reduce else "no-preference") as page:
        page.set_default_timeout(60_000)
        open_slowly(page, url + "/training")
        page.locator("h1", has_text="Training lab").wait_for(timeout=90_000)
        # the browser's preference reaches the script (a reduced-motion browser causes one rerun)
        page.wait_for_function("() => window.matchMedia('(prefers-reduced-motion: reduce)').matches === "
                               + ("true" if reduce else "false"))
        wait_idle(page, timeout=60_000)
        page.evaluate(LIVE_SEEN)
        tab_to(page, text_is("Train"))
        page.keyboard.press("Enter")
        page.get_by_text("Results", exact=True).wait_for(timeout=120_000)
        wait_idle(page, timeout=120_000)
        assert page.evaluate("() => window.__sawLive") is (not reduce)
        # the replay is there either way, and moves only when its thumb does
        page.get_by_role("slider", name="Epoch", exact=True).wait_for()
        assert_no_exception(page)


def named(label: str) -> str:
    return f"e => e.getAttribute('aria-label') === {label!r}"


def test_catalogue_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/catalogue")
        wait_drawn(page)
        gallery = page.get_by_role("figure", name="Small charts of f and f′ on x ∈ [−4, 4] at default parameters: ",
                                   exact=False)
        expect(gallery).to_have_count(1)
        before = figure_name(page)
        tab_to(page, named("Function"))
        page.keyboard.type("ELU")
        highlighted(page, "ELU")
        page.keyboard.press("Enter")
        name = wait_name_change(page, before)
        assert name == "ELU (α = 1): f and f′ on x ∈ [−5, 5]"
        tab_to(page, "e => e.classList.contains('lc-input')")
        page.keyboard.press("ArrowRight")
        assert wait_name_change(page, name) == "ELU (α = 1.05): f and f′ on x ∈ [−5, 5]"
        tab_to(page, labelled("Show as table"))
        page.keyboard.press("Space")
        table = page.locator("[data-testid='stTable']").first
        table.wait_for()
        expect(table.locator("th", has_text="f′(x)")).to_have_count(1)
        assert_no_exception(page)


def test_your_own_activation_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/your-own")
        wait_drawn(page)
        before = figure_name(page)
        tab_to(page, named("f(x) ="))
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("max(x, 0) + a*min(x, 0)")
        page.keyboard.press("Enter")
        name = wait_name_change(page, before)
        assert "(a = " in name and name.endswith("f and f′ on x ∈ [−6, 6]")
        tab_to(page, named("parameter a"))
        value = page.get_by_role("slider", name="parameter a").get_attribute("aria-valuetext")
        page.keyboard.press("ArrowRight")
        assert page.get_by_role("slider", name="parameter a").get_attribute("aria-valuetext") != value
        name = wait_name_change(page, name)
        tab_to(page, labelled("Show as table"))
        page.keyboard.press("Space")
        page.locator("[data-testid='stTable']").first.wait_for()
        tab_to(page, named("Name"))
        page.keyboard.type("kinked")
        page.keyboard.press("Enter")
        wait_idle(page)
        tab_to(page, text_is("Save to this session"))
        page.keyboard.press("Enter")
        page.get_by_text("Saved as “kinked”").wait_for()
        assert_no_exception(page)


def test_neuron_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/neuron")
        wait_drawn(page)
        readout = page.locator(".lc-readout").inner_text()
        tab_to(page, named("input x1"))
        thumb = page.get_by_role("slider", name="input x1")
        assert thumb.get_attribute("aria-valuetext") == "1.00"
        page.keyboard.press("ArrowRight")
        assert thumb.get_attribute("aria-valuetext") == "1.05"
        page.wait_for_function("(before) => document.querySelector('.lc-readout').innerText !== before", arg=readout)
        wait_idle(page)
        expect(page.get_by_role("figure").nth(2)).to_be_attached()   # the diagram, the heat map and the curve, each named
        assert all(page.get_by_role("figure").evaluate_all("ns => ns.map(n => !!n.getAttribute('aria-label'))"))
        assert_no_exception(page)


def test_why_nonlinearity_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/why_nonlinearity")
        wait_drawn(page)
        seed = page.get_by_text("Random seed ").inner_text()
        tab_to(page, text_is("New weights"))
        page.keyboard.press("Enter")
        page.wait_for_function("(before) => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
                               ".some(n => n.innerText.startsWith('Random seed ') && n.innerText !== before)", arg=seed)
        wait_idle(page)
        tab_to(page, "e => e.classList.contains('lc-input')")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        value = page.evaluate("() => document.activeElement.getAttribute('aria-valuetext')")
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-valuetext')") != value, label
        assert_no_exception(page)


def test_depth_by_keyboard_alone(browser, url):
    with new_tab(browser) as page:
        open_slowly(page, url + "/depth")
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=90_000)
        wait_idle(page, timeout=90_000)
        layers = "() => document.querySelector('.st-key-dp_norms .js-plotly-plot')._fullData[0].x.length"
        before = page.evaluate(layers)
        tab_to(page, named("Depth (layers)"))
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"(n) => ({layers})() === n - 1", arg=before, timeout=90_000)
        wait_idle(page, timeout=90_000)
        names = page.get_by_role("figure").evaluate_all("ns => ns.map(n => n.getAttribute('aria-label'))")
        assert names and all(names), names
        assert_no_exception(page)
