"""Smooth rectifiers and self-gated activations: GELU, SiLU, Mish, softplus, ..."""
