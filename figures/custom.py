"""Pure figure builder of the "Your own activation" page: f beside f', the user's curve on top.

Points where a formula is undefined or overflows are left as gaps (NaN),
never drawn as a spike or a flat line; `gaps()` says whether there are any so
the page can tell the user.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from activations import Activation

POINTS = 801


@dataclass(frozen=True)
class Sampled:
    """One activation on a grid: f and f' with non-finite values replaced by NaN."""

    label: str
    colour: str
    x: np.ndarray
    f: np.ndarray
    df: np.ndarray
    mine: bool = False

    def gaps(self) -> bool:
        return bool(np.isnan(self.f).any() or np.isnan(self.df).any())


def grid(lo: float, hi: float, kinks=(), n: int = POINTS) -> np.ndarray:
    """Evenly spaced points on [lo, hi] plus the kinks inside it, so corners are drawn sharp."""
    inside = [k for k in kinks if lo < k < hi]
    return np.unique(np.concatenate([np.linspace(lo, hi, n), np.asarray(inside, dtype=np.float64)]))


def sample(act: Activation, params: dict, lo: float, hi: float, colour: str, mine: bool = False) -> Sampled:
    x = grid(lo, hi, act.kinks(**params))
    with np.errstate(all="ignore"):
        f, df = act.f(x, **params), act.df(x, **params)
    clean = lambda v: np.where(np.isfinite(v), v, np.nan)  # noqa: E731
    return Sampled(act.label, colour, x, clean(f), clean(df), mine)


def figure(curves: list[Sampled]) -> go.Figure:
    """Two panels, f(x) and f'(x); the user's own curve drawn thick and last (on top)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("f(x)", "f′(x)"), horizontal_spacing=0.08)
    for c in sorted(curves, key=lambda c: c.mine):
        style = dict(width=3.5 if c.mine else 1.8, color=c.colour)
        for col, y in ((1, c.f), (2, c.df)):
            fig.add_trace(go.Scatter(
                x=c.x, y=y, mode="lines", name=c.label, legendgroup=c.label, showlegend=col == 1,
                line=style, opacity=1.0 if c.mine else 0.75, connectgaps=False,
                hovertemplate=f"{'f' if col == 1 else 'f′'}(%{{x:.3g}}) = %{{y:.4g}}<extra>{c.label}</extra>",
            ), row=1, col=col)
    fig.update_xaxes(title_text="x", zeroline=True)
    fig.update_yaxes(zeroline=True)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=-0.35, x=0))
    return fig
