"""Every test starts with the differentiator's and the simplifier's memory empty, so
that a test that patches a rule or a rewrite pass sees its patch, and no test depends
on what another one computed.  A rewrite that changes a value raises (see
:mod:`symderiv.guard`) instead of being dropped, so that its cause is found.

Under continuous integration (``CI`` set, as ``.ci/run`` sets it) the property tests
try the same examples on every run, so that what lands is what was tested; elsewhere
they draw new ones each run, and Hypothesis keeps what fails in ``.hypothesis/``.

A test marked ``pure_python`` patches a function that a module of the compiled build
(``SYMDERIV_COMPILE=1 pip install .``) calls directly; it is skipped on that build."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("SYMDERIV_STRICT", "1")

from symderiv.engine import clear_cache as forget_derivatives
from symderiv.native import compiled_modules
from symderiv.simplify import clear_cache as forget_simplifications

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "") not in ("", "0", "false"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    marked = [item for item in items if item.get_closest_marker("pure_python")]
    if marked and compiled_modules():
        skip = pytest.mark.skip(reason="patches a function the compiled build calls directly")
        for item in marked:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    forget_derivatives()
    forget_simplifications()
