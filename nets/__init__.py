"""Small NumPy networks for the Training lab, Depth and Why nonlinearity pages.

NumPy only (no Streamlit or Plotly). A network is a list of dense `Layer`s
(weights (inputs, outputs), from the one initialiser `init_layers`); hidden
layers apply a registry activation: the forward pass calls `act.f`,
backpropagation calls `act.df` (and `act.dparam` for a learned parameter).
"""
from .compare import Candidate, Comparison
from .datasets import Dataset, DatasetError, make_dataset
from .layers import HiddenActivation, Layer, NetError, init_layers
from .mlp import MLP, TrainConfig, Trainer

__all__ = ["MLP", "Candidate", "Comparison", "Dataset", "DatasetError", "HiddenActivation", "Layer", "NetError",
           "TrainConfig", "Trainer", "init_layers", "make_dataset"]
