"""What the pages show about an activation, computed from its definition: the one sampler
(`sample`: x, f, f', f'' with kinks cut and one-sided values) and the one analysis (`analyse`:
range, monotonicity, smoothness, saturation, slopes). NumPy and SciPy; no Streamlit or Plotly.
"""
from .properties import Bound, Properties, Range, analyse, fmt
from .sampling import DEFAULT_POINTS, PANELS, Curve, Marker, sample, sample_grid

__all__ = [
    "DEFAULT_POINTS", "PANELS", "Bound", "Curve", "Marker", "Properties", "Range", "analyse", "fmt", "sample",
    "sample_grid",
]
