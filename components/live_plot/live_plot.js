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
    const config = { responsive: true, displaylogo: false, ...(pyConfig || {}) };
    const filename = (config.toImageButtonOptions || {}).filename || "figure";
    // Plotly's camera button saves PNG; this one saves the same view as SVG.
    config.modeBarButtonsToAdd = [{
      name: "Download plot as SVG", icon: Plotly.Icons.disk,
      click: (gd) => Plotly.downloadImage(gd, { format: "svg", filename }),
    }];
    node.__config = config;
    node.__configSignature = signature;
  }
  return node.__config;
}

function themed(layout, styleSource) {
  // Streamlit's theme decides the text colour; backgrounds stay transparent.
  const css = getComputedStyle(styleSource);
  const text = css.getPropertyValue("--st-text-color").trim() || css.color;
  const out = { ...layout, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)" };
  if (text) out.font = { ...(layout.font || {}), color: text };
  return out;
}

export default function (component) {
  const { data, parentElement } = component;
  const node = parentElement.querySelector(".live-plot");
  if (!node || !data) return;
  const fig = JSON.parse(data.figure);
  node.style.height = `${data.height}px`;
  const seq = (node.__seq = (node.__seq || 0) + 1);
  loadPlotly(data.plotly_url).then((Plotly) => {
    if (seq !== node.__seq) return; // a newer figure arrived while plotly.js loaded
    const layout = themed(fig.layout || {}, parentElement.host || node);
    const config = configFor(node, Plotly, data.config);
    return Plotly.react(node, fig.data || [], layout, config).then(() => {
      node.dataset.revision = String(seq);
    });
  }).catch((err) => { node.textContent = String(err); });
}
