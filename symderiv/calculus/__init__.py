"""Calculus beyond one derivative: implicit differentiation to any order, parametric
curves, Jacobians, Hessians, directional derivatives and Taylor polynomials, each result
verified and drawn by every renderer (see :mod:`symderiv.render.course`)."""
