"""Rectifiers: the ReLU family and the exponential linear units."""
