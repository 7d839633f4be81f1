"""Type aliases shared across the package (one definition each)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["FloatArray"]

#: A float64 array: what every fit takes in after validation and hands back.
FloatArray = npt.NDArray[np.float64]
