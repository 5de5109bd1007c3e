"""A teacher's session: what went wrong in an answer, a worked solution checked line by
line, and a small class graded, in English and in Japanese.

Run it from anywhere: ``python examples/teacher.py``.
"""

from symderiv import check_answer, check_work, grade_rows

# 1. One answer: the simplest point that shows it wrong, and the mistake that explains it.
for function, answer in [
    ("x^2 e^x", "2x e^x"),  # a product-rule term dropped
    ("cos(x^2)", "-sin(x^2)"),  # the inner derivative forgotten
    ("2^x", "x 2^(x-1)"),  # the power rule on an exponential
    ("log(x, 10)", "1/x"),  # ln 10 forgotten
    ("x^2", "5x + 1"),  # no typical mistake explains this one
]:
    verdict = check_answer(function, answer)
    print(f"d/dx {function} = {answer}?")
    print("  " + verdict.summary().replace("\n", "\n  "))
    print("  " + verdict.summary("ja").replace("\n", "\n  "))
    print()

# 2. A worked solution, line by line (derivative notation allowed in a line).
work = check_work(
    "x^3 cos x",
    [
        "(x^3)' cos x + x^3 (cos x)'",
        "3x^2 cos x + x^3 sin x",  # (cos x)′ taken as sin x
        "x^2 (3 cos x + x sin x)",
    ],
)
print(work.text())
print()
print(work.text("ja"))
print()

# 3. A class: every answer judged, and which mistakes the class makes most.
problems = {"p1": "sin(x^2)", "p2": "2^x", "p3": "x/(x+1)"}
answers = [
    ("ann", "p1", "cos(x^2)"),
    ("ann", "p2", "2^x ln 2"),
    ("ann", "p3", "((x+1) - x)/(x+1)"),
    ("bob", "p1", "2x cos(x^2)"),
    ("bob", "p2", "x 2^(x-1)"),
    ("bob", "p3", "1/(x+1)^2"),
    ("cy", "p1", "cos(2x)"),
    ("cy", "p2", "2^x"),
    ("cy", "p3", "(x - (x+1))/(x+1)^2"),
]
report = grade_rows(
    [{"student": s, "problem": p, "answer": a, "function": problems[p]} for s, p, a in answers],
    jobs=1,
)
print(report.to_markdown())
print()
print(report.to_markdown("ja"))
