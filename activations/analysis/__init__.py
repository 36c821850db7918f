"""What the pages show about an activation, computed from its definition: the one sampler
(`sample`: x, f, f', f'' with kinks cut and one-sided values; `values_at`: f, f' at chosen x and kinks)
and the one analysis (`analyse`: range, monotonicity, smoothness, saturation, slopes). NumPy and
SciPy; no Streamlit or Plotly.
"""
from .properties import Bound, Properties, Range, analyse, fmt
from .sampling import DEFAULT_POINTS, PANELS, Curve, Marker, Point, sample, sample_grid, values_at

__all__ = [
    "DEFAULT_POINTS", "PANELS", "Bound", "Curve", "Marker", "Point", "Properties", "Range", "analyse", "fmt",
    "sample", "sample_grid", "values_at",
]
