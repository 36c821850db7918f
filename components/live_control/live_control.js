// Live control: sliders and the Plotly charts they shape, in one component.
//
// While a thumb moves, the charts redraw here, at display rate, from frames Python
// computed with the NumPy core over the slider's value grid ("sweep": a whole trace
// per slider value) or over the widest input range ("window": dense traces sliced to
// the thumbs' range). Nothing is computed here but slicing and min/max: every number
// drawn is the core's. Frames are asked for once, when a pointer first comes near a
// slider or it gets keyboard focus. On release, and on each arrow key, the value is
// committed to Python like any widget value (URL, cards, export, other pages).
let plotlyReady = null;

function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyReady) {
    plotlyReady = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(url, document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { plotlyReady = null; reject(new Error("plotly.js failed to load")); };
      document.head.appendChild(script);
    });
  }
  return plotlyReady;
}

// ---- theme -----------------------------------------------------------------------------------
function rgbOf(colour) {
  const m = /^#([0-9a-f]{6})$/i.exec(colour || "");
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  const r = /rgba?\(([^)]+)\)/.exec(colour || "");
  return r ? r[1].split(",").slice(0, 3).map(Number) : null;
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function theme(styleSource) {
  // Streamlit's theme decides the text colour; a light text colour means a dark background.
  const css = getComputedStyle(styleSource);
  const text = css.getPropertyValue("--st-text-color").trim() || css.color;
  const rgb = rgbOf(text);
  return { text, dark: rgb ? luminance(rgb) > 0.5 : false };
}

function themed(layout, { text, dark }) {
  const out = { ...layout, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
  if (text) out.font = { ...(layout.font || {}), color: text };
  // The unified hover box takes the (transparent) paper colour otherwise: give it the theme's.
  out.hoverlabel = { ...(layout.hoverlabel || {}), bgcolor: dark ? "rgba(14,17,23,0.94)" : "rgba(255,255,255,0.94)",
                     bordercolor: "rgba(128,128,128,0.5)", font: { color: text } };
  return out;
}

// Plotly.react replots from scratch (dropping the zoom) when the config object changes,
// so each chart keeps one config until Python sends another.
function configFor(node, Plotly, pyConfig, reset) {
  const signature = JSON.stringify(pyConfig || {});
  if (node.__configSignature !== signature) {
    const config = { responsive: true, displaylogo: false, showTips: false, ...(pyConfig || {}) };
    const filename = (config.toImageButtonOptions || {}).filename || "figure";
    // Plotly's camera button saves PNG; this one saves the same view as SVG. Plotly translates
    // only its own buttons, so this title is looked up in the chart's locale here.
    const words = ((config.locales || {})[config.locale] || {}).dictionary || {};
    // Plotly's own reset returns to the ranges the chart was first drawn with, not the committed
    // ones (a moved input range): this one resets to what Python last sent.
    config.modeBarButtonsToRemove = [...(config.modeBarButtonsToRemove || []), "resetScale2d"];
    config.modeBarButtonsToAdd = [{
      name: words["Reset axes"] || "Reset axes", icon: Plotly.Icons.home, click: reset,
    }, {
      name: words["Download plot as SVG"] || "Download plot as SVG", icon: Plotly.Icons.disk,
      click: (gd) => Plotly.downloadImage(gd, { format: "svg", filename }),
    }];
    node.__config = config;
    node.__configSignature = signature;
  }
  return node.__config;
}

// ---- arrays ----------------------------------------------------------------------------------
const TYPED = { f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
                u2: Uint16Array, i4: Int32Array, u4: Uint32Array };

function decode(spec) {
  const bin = atob(spec.bdata);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TYPED[spec.dtype](bytes.buffer);
}

function shaped(spec) {
  // A 2-D array (a heat map's z) arrives flat with its shape: rows of views into one buffer.
  const flat = decode(spec);
  if (!spec.shape) return flat;
  const [rows, cols] = String(spec.shape).split(",").map(Number);
  return Array.from({ length: rows }, (_, r) => flat.subarray(r * cols, (r + 1) * cols));
}

function resolveArrays(fig) {
  // Python sends each distinct array once; traces refer to it as {ref: i}. Decoded here once, so
  // that a frame can later be swapped back for the committed arrays as they are.
  const arrays = (fig.arrays || []).map(shaped);
  for (const trace of fig.data || []) {
    for (const key of ["x", "y", "z", "customdata"]) {
      const v = trace[key];
      if (v && typeof v === "object" && "ref" in v) trace[key] = arrays[v.ref];
      else if (v && typeof v === "object" && "bdata" in v) trace[key] = shaped(v);
    }
  }
  (fig.data || []).forEach((trace, i) => { if (trace.uid === undefined) trace.uid = `lc${i}`; });
  delete fig.arrays;
  return fig;
}

function decodeFrames(frames) {
  const pool = frames.arrays.map(shaped);
  const arr = (v) => (v && typeof v === "object" && "ref" in v ? pool[v.ref] : v);
  if (frames.mode === "compose") {
    frames.tables = frames.tables.map((t) => ({ f: arr(t.f), df: arr(t.df) }));
    const lat = frames.lattice;
    if (lat.idx) {                       // a sparse table: the lattice points this view uses
      lat.idx = arr(lat.idx);
      lat.pos = new Map();
      lat.idx.forEach((i, n) => lat.pos.set(i, n));
    }
    return frames;
  }
  for (const patch of frames.patches) {
    patch.frames = patch.frames.map((f) => {
      const out = {};
      for (const [k, v] of Object.entries(f)) out[k] = arr(v);
      return out;
    });
  }
  return frames;
}

// ---- numbers on sliders --------------------------------------------------------------------
function fmt(value, decimals) { return Number(value).toFixed(decimals); }

function onGrid(knob, v) {
  // The slider value nearest v on knob's grid, as the decimal Python also computes.
  const i = Math.round((v - knob.low) / knob.step);
  return Number((knob.low + i * knob.step).toFixed(knob.decimals + 2));
}

// ---- the component ---------------------------------------------------------------------------
export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".live-control");
  if (!root || !data) return;
  const st = root.__state || (root.__state = {
    root, knobs: new Map(), frames: new Map(), asked: new Map(), cells: [], live: {}, busy: null,
    commits: 0, wants: 0, draws: 0, structure: "",
  });
  st.component = component;
  update(st, data);
}

function update(st, data) {
  if (st.data && Boolean(st.data.share_y) !== Boolean(data.share_y)) for (const c of st.cells) c.dirty = true;  // y ranges shared or own: fit again
  st.data = data;
  for (const knob of data.knobs) {          // frames stay valid while the knob's context is unchanged
    const have = st.frames.get(knob.key);
    if (have && have.sig !== knob.sig) st.frames.delete(knob.key);
  }
  if (data.frames) {
    const f = decodeFrames(data.frames);
    const have = st.frames.get(f.knob);
    // A window of fine frames around the value joins the coarse frames of the whole range.
    if (f.mode === "compose") for (const key of f.knobs) st.frames.set(key, f);
    else st.frames.set(f.knob, have && have.sig === f.sig ? merge(have, f) : f);
  }
  st.asked.clear();   // answered, or on its way: a knob asks again if it still needs to
  build(st);
  // A request Python has dealt with whose frames never came (its run's messages were discarded for a
  // newer run's, or the other sliders moved on): asked again at once while the slider is in use.
  for (const k of st.knobs.values()) {
    if (k.wantN && (data.wanted || 0) >= k.wantN && (k.near || k.focused || k.held) && !covered(st, k)) {
      setTimeout(() => ask(st, k), 0);   // after this render: a request from inside it would be part of it
    }
  }
  loadPlotly(data.plotly_url).then((Plotly) => {
    st.Plotly = Plotly;
    const look = theme(st.component.parentElement.host || st.root);
    if (JSON.stringify(look) !== JSON.stringify(st.look)) for (const cell of st.cells) cell.dirty = true;
    st.look = look;
    draw(st);
  }).catch((err) => { st.root.textContent = String(err); });
}

function merge(a, b) {
  // Frames of one knob from two answers (whole range, coarse; a window around the value, fine).
  const byValue = new Map();
  const add = (src) => src.values.forEach((v, i) => byValue.set(v, src.patches.map((p) => p.frames[i])));
  add(a); add(b);
  if (a.patches.length !== b.patches.length
      || a.patches.some((p, i) => p.cell !== b.patches[i].cell || p.trace !== b.patches[i].trace)) return b;
  const values = [...byValue.keys()].sort((x, y) => x - y);
  return { ...b, values, patches: b.patches.map((p, j) => ({ ...p, frames: values.map((v) => byValue.get(v)[j]) })) };
}

// ---- DOM ------------------------------------------------------------------------------------
let describedCount = 0;
const ZOOM_KEYS = { "+": "in", "=": "in", "-": "out", "−": "out", "0": "reset" };

function zoomKey(event, st, c) {
  // + and − on a focused chart press its toolbar's zoom in and out; 0 resets the zoom.
  const val = ZOOM_KEYS[event.key];
  if (!val || event.ctrlKey || event.metaKey || event.altKey || event.target !== c.chart) return;
  event.preventDefault();
  if (val === "reset") { resetZoom(st, c); return; }
  const button = c.chart.querySelector(`.modebar-btn[data-attr="zoom"][data-val="${val}"]`);
  if (button) button.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
}

function resetZoom(st, c) {
  // Back to the committed view: each axis's range as last drawn from Python (the figure's, or one
  // this control fitted), else autorange.
  if (!st.Plotly || !c.chart._fullLayout) return;
  const update = {};
  for (const name of axesOf(c.chart._fullLayout)) {
    const range = (c.ranges || {})[name] || (c.home || {})[name];
    if (range) { update[`${name}.range`] = range.slice(); update[`${name}.autorange`] = false; }
    else update[`${name}.autorange`] = true;
  }
  st.Plotly.relayout(c.chart, update);
}

function build(st) {
  const { data } = st;
  const structure = JSON.stringify([data.columns, data.cells.length, Boolean(data.readout),
                                     data.knobs.map((k) => [k.key, k.cell, k.range, k.label])]);
  if (structure !== st.structure) {
    st.structure = structure;
    st.root.replaceChildren();
    st.knobs.clear();
    st.cells = [];
    const top = el("div", "lc-knobs lc-top");
    st.root.appendChild(top);
    if (data.readout) st.root.appendChild(el("div", "lc-readout"));
    const grid = el("div", "lc-cells");
    grid.style.gridTemplateColumns = `repeat(${data.columns}, minmax(0, 1fr))`;
    st.root.appendChild(grid);
    data.cells.forEach((_, i) => {
      const box = el("div", "lc-cell");
      const knobs = el("div", "lc-knobs");
      const stage = el("div", "lc-stage");
      const chart = el("div", "lc-chart");
      const live = el("div", "lc-live");   // the moving traces while a thumb is held (see drawLive)
      live.setAttribute("aria-hidden", "true");
      const desc = el("span", "lc-desc");   // the chart's description, read through aria-describedby
      desc.id = `lc-desc-${++describedCount}`;
      chart.tabIndex = 0;                   // a focus stop: its zoom keys, and its name read aloud
      stage.append(chart, live, desc);
      box.append(stage, knobs);
      grid.appendChild(box);
      const cell = { box, knobs, chart, live, desc, dirty: true };
      chart.addEventListener("keydown", (e) => zoomKey(e, st, cell));
      st.cells.push(cell);
    });
    for (const knob of data.knobs) {
      const host = knob.cell === null || knob.cell === undefined ? top : st.cells[knob.cell].knobs;
      st.knobs.set(knob.key, makeKnob(st, knob, host));
    }
  }
  data.cells.forEach((cell, i) => {
    const c = st.cells[i];
    if (c.payload !== cell.figure) {
      c.payload = cell.figure;
      c.figure = resolveArrays(JSON.parse(cell.figure));
      // The committed axis ranges, kept apart: plotly.js writes a zoom into the layout it draws.
      c.home = Object.fromEntries(axesOf(c.figure.layout).filter((n) => (c.figure.layout[n] || {}).range)
        .map((n) => [n, c.figure.layout[n].range.slice()]));
      c.dirty = true;
    }
    c.chart.style.height = `${cell.height}px`;
    // a figure, not an img: an img's content is presentational, and the chart holds the toolbar's buttons
    c.chart.setAttribute("role", "figure");
    c.chart.setAttribute("aria-label", cell.title || "");
    c.desc.textContent = cell.description || "";
    if (cell.description) c.chart.setAttribute("aria-describedby", c.desc.id);
    else c.chart.removeAttribute("aria-describedby");
  });
  for (const knob of data.knobs) refreshKnob(st, st.knobs.get(knob.key), knob);
  const readout = st.root.querySelector(".lc-readout");
  if (readout && !Object.keys(st.live).length) readout.textContent = data.readout;
}

function el(tag, cls) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
}

function makeKnob(st, knob, host) {
  const wrap = el("div", "lc-knob");
  wrap.dataset.key = knob.key;
  const head = el("div", "lc-label");
  const label = el("span", "lc-label-text");
  label.textContent = knob.short || knob.label;
  head.appendChild(label);
  if (knob.help) head.title = knob.help;
  const value = el("span", "lc-value");
  head.appendChild(value);
  const track = el("div", "lc-track");
  const fill = el("div", "lc-fill");
  track.appendChild(fill);
  const inputs = (knob.range ? [0, 1] : [0]).map((i) => {
    const input = el("input", "lc-input");
    input.type = "range";
    input.setAttribute("aria-label", knob.range ? `${knob.label} (${knob.ends[i]})` : knob.label);
    input.dataset.key = knob.key;
    track.appendChild(input);
    return input;
  });
  const ends = el("div", "lc-ends");
  const lo = el("span"), hi = el("span");
  ends.append(lo, hi);
  wrap.append(head, track, ends);
  host.appendChild(wrap);
  const k = { wrap, value, fill, inputs, lo, hi, spec: knob, held: false };

  const want = () => ask(st, k);
  wrap.addEventListener("pointerenter", () => { k.near = true; want(); });
  wrap.addEventListener("pointerleave", () => { k.near = false; });
  inputs.forEach((input, i) => {
    input.addEventListener("focus", () => { k.focused = true; want(); });
    input.addEventListener("pointerdown", () => { k.held = true; want(); });
    input.addEventListener("keydown", want);
    input.addEventListener("input", () => {
      let v = Number(input.value);
      if (k.spec.range) {                       // thumbs do not cross
        const other = Number(inputs[1 - i].value);
        if (i === 0 && v > other) v = other;
        if (i === 1 && v < other) v = other;
      }
      v = snap(st, k, v);
      input.value = String(v);
      st.live[k.spec.key] = currentValue(k);
      paintKnob(k, currentValue(k));
      want();
      schedule(st);
    });
    input.addEventListener("change", () => { k.held = false; commit(st, k); });
    input.addEventListener("pointerup", () => { k.held = false; });
    input.addEventListener("blur", () => { k.held = false; k.focused = false; });
  });
  return k;
}

function currentValue(k) {
  const vals = k.inputs.map((i) => Number(i.value));
  return k.spec.range ? vals : vals[0];
}

function refreshKnob(st, k, knob) {
  k.spec = knob;
  for (const input of k.inputs) {
    input.min = String(knob.low);
    input.max = String(knob.high);
    input.step = String(knob.step);
  }
  // A held thumb stays where it is, and so does one whose committed value Python has not seen yet.
  const inFlight = k.sentN !== undefined && st.data.seen < k.sentN;
  if (k.held || (inFlight && st.live[knob.key] !== undefined)) {
    paintKnob(k, currentValue(k));
    return;
  }
  delete st.live[knob.key];
  const vals = knob.range ? knob.value : [knob.value];
  k.inputs.forEach((input, i) => { input.value = String(vals[i]); });
  k.lo.textContent = fmt(knob.low, knob.decimals);
  k.hi.textContent = fmt(knob.high, knob.decimals);
  paintKnob(k, knob.value);   // the committed value as it is, also where a link put it between positions
}

function paintKnob(k, value) {
  const { low, high, decimals } = k.spec;
  const vals = k.spec.range ? value : [value];
  k.value.textContent = vals.map((v) => fmt(v, decimals)).join(" – ");
  const pct = (v) => Math.min(100, Math.max(0, ((v - low) / (high - low)) * 100));
  const [a, b] = k.spec.range ? vals.map(pct) : [0, pct(vals[0])];
  k.fill.style.left = `${a}%`;
  k.fill.style.width = `${Math.max(0, b - a)}%`;
  k.inputs.forEach((input, i) => input.setAttribute("aria-valuetext", fmt(vals[i], decimals)));
  k.wrap.dataset.value = k.value.textContent;
}

// The value a moving thumb shows: a slider position, and one that has a frame when frames
// are coarser than the slider (a long grid); on release it is committed as shown.
function snap(st, k, v) {
  v = onGrid(k.spec, v);
  const frames = st.frames.get(k.spec.key);
  if (!frames || !(frames.values && frames.values.length) || !k.held || frames.sig !== k.spec.sig) return v;
  return nearest(frames.values, v);
}

function nearest(values, v) {
  let lo = 0, hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= v) lo = mid; else hi = mid;
  }
  return Math.abs(values[lo] - v) <= Math.abs(values[hi] - v) ? values[lo] : values[hi];
}

function frameIndex(frames, v) {
  const x = nearest(frames.values, v);
  return Math.abs(x - v) <= 1e-9 * Math.max(1, Math.abs(x)) ? frames.values.indexOf(x) : -1;
}

function covered(st, k) {
  // Frames for this knob's context, and (on a long grid) fine ones a few steps either side.
  const frames = st.frames.get(k.spec.key);
  if (!frames || frames.sig !== k.spec.sig) return false;
  if (frames.mode !== "sweep" || !k.spec.coarse || k.held) return true;   // a dragged thumb snaps to frames
  const v = currentValue(k), { step, low, high } = k.spec;
  return [-4, 4].every((j) => frameIndex(frames, onGrid(k.spec, Math.min(high, Math.max(low, v + j * step)))) >= 0);
}

function ask(st, k) {
  if (!k.spec.frames || covered(st, k)) return;
  const v = currentValue(k);
  const tag = `${k.spec.sig}|${k.spec.coarse ? v : ""}`;
  if (st.asked.get(k.spec.key) === tag) return;   // asked already; the answer is on its way
  st.asked.set(k.spec.key, tag);
  const width = Math.round(st.cells.length ? st.cells[0].chart.clientWidth : 800);
  st.wants += 1;
  k.wantN = st.wants;   // Python says which request it dealt with last (`wanted`)
  st.component.setTriggerValue("want", { knob: k.spec.key, sig: k.spec.sig, around: v, px: width, n: k.wantN });
}

function commit(st, k) {
  const v = currentValue(k);
  st.live[k.spec.key] = v;
  st.commits += 1;
  k.sentN = st.commits;
  st.root.dataset.commits = String(st.commits);
  st.component.setStateValue("commit", { key: k.spec.key, value: v, n: st.commits });
}

// ---- composition in the browser -------------------------------------------------------------------
// The neuron: z = w·x + b is arithmetic; f(z) and f'(z) come from tables the core computed on a
// lattice of z that holds every z the sliders can make (inputs and weights on a 0.05 grid, so
// every product is a multiple of 0.0025): looking z up there is exact, not an interpolation.
function shortNumber(v, digits) {
  return Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : "nan";
}

function composeNeuron(st, frames, table) {
  const r = frames.recipe, lat = frames.lattice;
  const val = (key) => (key in st.live ? st.live[key] : st.knobs.get(key).spec.value);
  const xs = r.x.map(val), ws = r.w.map(val), b = val(r.b);
  const at = (arr, z) => {
    const i = Math.round(z / lat.dz);
    const n = lat.pos ? lat.pos.get(i) : i - lat.i0;
    return n === undefined || n < 0 || n >= arr.length ? NaN : arr[n];
  };
  let rest = 0;
  for (let i = 2; i < ws.length; i++) rest += ws[i] * xs[i];
  const g = r.grid;
  const heat = g.map((g2) => Float32Array.from(g, (g1) => at(table.f, ws[0] * g1 + ws[1] * g2 + rest + b)));
  const [lo, hi] = [g[0], g[g.length - 1]];
  const c = rest + b;
  let line = { x: [], y: [] };
  if (Math.abs(ws[1]) > 1e-12) line = { x: [lo, hi], y: [lo, hi].map((x) => -(ws[0] * x + c) / ws[1]) };
  else if (Math.abs(ws[0]) > 1e-12) line = { x: [-c / ws[0], -c / ws[0]], y: [lo, hi] };
  let z = b;
  xs.forEach((x, i) => { z += ws[i] * x; });
  const y = at(table.f, z);
  const span = Math.max(r.curve.min_span, Math.abs(z) + 1);
  const half = Math.floor(span / lat.dz + 1e-9);
  const stride = Math.max(1, Math.ceil((2 * half) / r.curve.points));
  const cx = [], cy = [];
  for (let i = -half; i <= half; i += stride) { cx.push(i * lat.dz); cy.push(at(table.f, i * lat.dz)); }
  const out = [
    [r.heat.cell, r.heat.trace, { z: heat }],
    [r.heat.cell, r.heat.point, { x: [xs[0]], y: [xs[1]] }],
    [r.curve.cell, r.curve.line, { x: Float64Array.from(cx), y: Float64Array.from(cy) }],
  ];
  if (r.heat.line !== null) out.push([r.heat.cell, r.heat.line, line]);
  if (r.curve.guide !== null) {
    const ok = Number.isFinite(y);
    out.push([r.curve.cell, r.curve.guide, ok ? { x: [z, z, cx[0]], y: [0, y, y] } : { x: [], y: [] }]);
    out.push([r.curve.cell, r.curve.point, ok ? { x: [z], y: [y], text: [`f(${shortNumber(z, 3)}) = ${shortNumber(y, 4)}`] }
                                              : { x: [], y: [], text: [] }]);
  }
  const readout = st.root.querySelector(".lc-readout");
  if (readout) readout.textContent = r.readout.replace("{z}", shortNumber(z, 4)).replace("{y}", shortNumber(y, 4))
    .replace("{slope}", shortNumber(at(table.df, z), 4));
  return out;
}

// ---- drawing ------------------------------------------------------------------------------------
function schedule(st) {
  if (st.frameRequest) return;
  st.frameRequest = requestAnimationFrame(() => { st.frameRequest = null; draw(st); });
}

function framed(st) {
  // For each cell, what the thumbs away from their committed values ask for: trace patches
  // from Python's frames (sweep, compose), or dense traces shown between the thumbs (window).
  const out = st.cells.map(() => ({ patches: new Map(), ranges: {}, frame: "", window: null }));
  for (const [key, value] of Object.entries(st.live)) {
    const frames = st.frames.get(key);
    const k = st.knobs.get(key);
    if (!frames || !k || frames.sig !== k.spec.sig) continue;
    if (frames.mode === "sweep") {
      const i = frameIndex(frames, value);
      if (i < 0) continue;
      for (const p of frames.patches) {
        out[p.cell].patches.set(p.trace, p.frames[i]);
        out[p.cell].frame = `${key}=${frames.values[i]}`;
      }
      for (const w of frames.words || []) {   // titles that quote a value follow it too
        out[w.cell].words = w.frames[i];
        out[w.cell].react = true;
      }
    } else if (frames.mode === "compose") {
      if (out.composed) continue;          // one recomposition covers every knob of the recipe
      const t = frames.values.length ? frameIndex(frames, st.live[frames.sweeps] ?? k.spec.value) : 0;
      if (t < 0) continue;
      out.composed = true;
      for (const [cell, trace, props] of composeNeuron(st, frames, frames.tables[t])) {
        out[cell].patches.set(trace, props);
        out[cell].react = true;
        out[cell].frame = `compose=${t}`;
      }
    } else if (frames.mode === "window") {
      const [lo, hi] = value;
      for (const p of frames.patches) out[p.cell].patches.set(p.trace, p.frames[0]);
      st.cells.forEach((c, n) => {
        for (const name of axesOf(c.figure.layout)) if (name.startsWith("x")) out[n].ranges[name] = [lo, hi];
        out[n].window = frames;
        out[n].frame = `${key}=${lo},${hi}`;
      });
    }
  }
  return out;
}

function spans(st, out, cells) {
  // The y extent of what each cell shows (its patches or its own traces, within its x range),
  // per y axis, padded: over `cells` together (shared y) or one cell alone.
  const found = {};
  for (const n of cells) {
    const c = st.cells[n];
    const xr = out[n].ranges.xaxis || (c.figure.layout.xaxis || {}).range;
    c.figure.data.forEach((tr, i) => {
      if (tr.visible === false) return;
      const src = out[n].patches.get(i) || tr;
      const axis = `yaxis${(tr.yaxis || "y").slice(1)}`;
      const xs = src.x, ys = src.y;
      if (!ys || !ys.length) return;
      const s = found[axis] || (found[axis] = [Infinity, -Infinity]);
      for (let j = 0; j < ys.length; j++) {
        const y = ys[j];
        if (typeof y !== "number" || !Number.isFinite(y)) continue;
        if (xr && xs && !(xs[j] >= xr[0] && xs[j] <= xr[1])) continue;
        if (y < s[0]) s[0] = y;
        if (y > s[1]) s[1] = y;
      }
    });
  }
  for (const [axis, s] of Object.entries(found)) {
    if (!Number.isFinite(s[0])) { delete found[axis]; continue; }
    const pad = (s[1] - s[0]) * 0.06 || Math.max(1e-9, Math.abs(s[0]) * 0.06) || 1;
    s[0] -= pad; s[1] += pad;
  }
  return found;
}

function withRanges(layout, ranges) {
  const out = { ...layout };
  for (const [axis, range] of Object.entries(ranges)) out[axis] = { ...(out[axis] || {}), range, autorange: false };
  return out;
}

function axesOf(layout) {
  return Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k));
}

// While a thumb moves in a chart of many traces, the traces it changes are drawn on a live
// layer: a second Plotly chart on top with the base chart's axes, while the base chart only
// hides those traces' SVG groups (no plotly.js call: a redraw of the base costs time per
// trace). The axes hold still during the drag; the release's redraw fits them again.
function hideTraces(c, idx, hidden) {
  for (const j of idx) {
    const g = c.chart.querySelector(`g.trace${c.figure.data[j].uid}`);
    if (g) g.style.visibility = hidden ? "hidden" : "";
  }
}

function startLive(c, idx) {
  if (c.liveIdx) hideTraces(c, c.liveIdx, false);
  hideTraces(c, idx, true);
  c.liveIdx = idx;
  c.live.style.display = "block";
}

function drawLive(Plotly, c, idx, props, look) {
  const fl = c.chart._fullLayout;
  const size = fl._size;
  const layout = {
    width: fl.width, height: fl.height, showlegend: false, hovermode: false, dragmode: false,
    margin: { l: size.l, r: size.r, t: size.t, b: size.b, pad: 0, autoexpand: false },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color: look.text },
  };
  for (const name of axesOf(fl)) {
    const a = fl[name];
    layout[name] = { domain: a.domain.slice(), range: a.range.slice(), autorange: false, visible: false,
                     fixedrange: true, anchor: a.anchor, type: a.type };
  }
  const traces = idx.map((j, n) => {
    const base = c.figure.data[j];
    const { hovertemplate, customdata, legendgroup, ...style } = base;
    return { ...style, ...props[n], hoverinfo: "skip", showlegend: false };
  });
  Plotly.react(c.live, traces, layout, { staticPlot: true, responsive: false });
}

function stopLive(c) {
  if (c.liveIdx) hideTraces(c, c.liveIdx, false);
  c.live.style.display = "none";
  c.liveIdx = null;
}

function samePatches(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function react(Plotly, st, c, want) {
  // A full redraw of a cell: copies of the traces, since Plotly keeps the objects it is given.
  const data = c.figure.data.map((tr, j) => ({ ...tr, ...(want.patches.get(j) || {}) }));
  const layout = withRanges({ ...c.figure.layout, ...(want.words || {}) }, want.ranges);
  Plotly.react(c.chart, data, themed(layout, st.look), configFor(c.chart, Plotly, st.data.config, () => resetZoom(st, c)));
  c.ranges = want.ranges;
  if (!c.resets) {   // a double click resets as Plotly does, then to the committed ranges
    c.resets = true;
    c.chart.on("plotly_doubleclick", () => { resetZoom(st, c); });
  }
}

function draw(st) {
  const Plotly = st.Plotly;
  if (!Plotly || !st.data) return;
  const out = framed(st);
  const all = st.cells.map((_, n) => n);
  if (st.data.share_y && (out.some((w) => w.window || w.react || w.patches.size) || st.cells.some((c) => c.dirty))) {
    const shared = spans(st, out, all);
    for (const want of out) Object.assign(want.ranges, shared);
  } else {
    out.forEach((want, n) => { if (want.window) Object.assign(want.ranges, spans(st, out, [n])); });
  }
  out.forEach((want, i) => {
    const c = st.cells[i];
    const rangeSig = JSON.stringify(want.ranges);
    c.applied = c.applied || new Map();
    if (!c.dirty && rangeSig === c.rangeSig && want.words === c.words && samePatches(want.patches, c.applied)) return;
    const sweepOnly = !want.react && !want.window && !Object.keys(want.ranges).length && want.patches.size > 0;
    const manyTraces = c.figure.data.length > 2 * want.patches.size;
    if (sweepOnly && manyTraces && c.chart._fullLayout && !c.dirty) {
      const idx = [...want.patches.keys()].sort((a, b) => a - b);
      if (!c.liveIdx || c.liveIdx.join(",") !== idx.join(",")) startLive(c, idx);
      drawLive(Plotly, c, idx, idx.map((j) => want.patches.get(j)), st.look);
    } else if (want.window && c.window === want.window && !c.dirty && !c.liveIdx) {
      // The dense traces are drawn already: moving the range is plotly's fast path, as a zoom is.
      const update = {};
      for (const [axis, range] of Object.entries(want.ranges)) {
        update[`${axis}.range`] = range;
        update[`${axis}.autorange`] = false;
      }
      Plotly.relayout(c.chart, update);
    } else {
      if (c.liveIdx) stopLive(c);
      react(Plotly, st, c, want);
    }
    c.dirty = false;
    c.window = want.window;
    c.applied = want.patches;
    c.rangeSig = rangeSig;
    c.words = want.words;
    st.draws += 1;
    c.chart.dataset.draws = String(st.draws);
    c.chart.dataset.frame = want.frame;
  });
  st.root.dataset.draws = String(st.draws);
}
