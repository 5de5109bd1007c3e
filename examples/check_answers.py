"""Checking a learner's answers: equivalent forms are accepted, wrong ones get a point."""

from symderiv import check_answer

for function, answer in [
    ("tan x", "sec(x)^2"),
    ("tan x", "1/cos(x)^2"),
    ("sin(x)^2", "sin(2x)"),
    ("x^2 e^x", "2x e^x"),
    ("ln(x^2)", "2/x"),
]:
    print(f"d/dx {function} = {answer}?  {check_answer(function, answer).summary()}")
