"""Linear, step and shrinkage functions, and the piecewise hard approximations."""
