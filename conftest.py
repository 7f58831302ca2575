"""pytest set-up shared by the unit tests and the doctests in ``nblib/``."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def book_printing():
    """Print NumPy scalars as the book does (``0.5``, not ``np.float64(0.5)``; see nblib.style.use),
    whatever ran before, so doctests read the same alone or in the full suite."""
    np.set_printoptions(legacy="1.25")
    yield
    np.set_printoptions(legacy=False)
