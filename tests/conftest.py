"""Every test starts with the simplifier's memory empty, so that a test that patches a
rewrite pass sees its patch, and no test depends on what another one computed."""

from __future__ import annotations

import pytest

from symderiv.simplify import clear_cache


@pytest.fixture(autouse=True)
def _fresh_simplifier() -> None:
    clear_cache()
