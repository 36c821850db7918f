// Loads plotly.js once per tab, then redraws each new figure with Plotly.react
// in the same node: a constant layout.uirevision keeps the user's zoom.
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

// Plotly.react replots from scratch (dropping the zoom) when the config object
// changes, so each node keeps one config until the Python side sends another.
function configFor(node, Plotly, pyConfig) {
  const signature = JSON.stringify(pyConfig || {});
  if (node.__configSignature !== signature) {
    const config = { responsive: true, displaylogo: false, showTips: false, ...(pyConfig || {}) };
    const filename = (config.toImageButtonOptions || {}).filename || "figure";
    // Plotly's camera button saves PNG; this one saves the same view as SVG. Plotly translates
    // only its own buttons, so this title is looked up in the chart's locale here.
    const words = ((config.locales || {})[config.locale] || {}).dictionary || {};
    config.modeBarButtonsToAdd = [{
      name: words["Download plot as SVG"] || "Download plot as SVG", icon: Plotly.Icons.disk,
      click: (gd) => Plotly.downloadImage(gd, { format: "svg", filename }),
    }];
    node.__config = config;
    node.__configSignature = signature;
  }
  return node.__config;
}

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

function resolveArrays(fig) {
  // Python sends each distinct array once; traces refer to it as {ref: i}.
  const arrays = fig.arrays || [];
  for (const trace of fig.data || []) {
    for (const key of ["x", "y", "customdata"]) {
      const v = trace[key];
      if (v && typeof v === "object" && "ref" in v) trace[key] = { ...arrays[v.ref] };
    }
  }
  delete fig.arrays;
  return fig;
}

export default function (component) {
  const { data, parentElement } = component;
  const node = parentElement.querySelector(".live-plot");
  if (!node || !data) return;
  const fig = resolveArrays(JSON.parse(data.figure));
  node.style.height = `${data.height}px`;
  const seq = (node.__seq = (node.__seq || 0) + 1);
  loadPlotly(data.plotly_url).then((Plotly) => {
    if (seq !== node.__seq) return; // a newer figure arrived while plotly.js loaded
    const look = theme(parentElement.host || node);
    const layout = themed(fig.layout || {}, look);
    const traces = fig.data || [];  // figures.style picks colours that read on both themes
    const config = configFor(node, Plotly, data.config);
    return Plotly.react(node, traces, layout, config).then(() => {
      node.dataset.revision = String(seq);
    });
  }).catch((err) => { node.textContent = String(err); });
}
