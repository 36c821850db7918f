"""Small NumPy networks for the Training lab and Depth pages.

NumPy only (no Streamlit or Plotly). Hidden layers use the registry's
activations: the forward pass calls `act.f`, backpropagation calls `act.df`.
"""
from .compare import Candidate, Comparison
from .datasets import Dataset, DatasetError, make_dataset
from .mlp import MLP, Layer, NetError, TrainConfig, Trainer

__all__ = ["MLP", "Candidate", "Comparison", "Dataset", "DatasetError", "Layer", "NetError", "TrainConfig", "Trainer", "make_dataset"]
