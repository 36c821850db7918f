"""Non-monotonic and decreasing activations beyond sin: cos, sinc, Gaussian."""
