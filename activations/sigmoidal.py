"""Bounded S-shaped activations beyond the essay's: arctan, LeCun tanh, ISRU, SQNL, ..."""
