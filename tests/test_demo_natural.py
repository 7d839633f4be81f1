"""The demo's scaling-relation and growth anchors land on their published values."""

from __future__ import annotations

import pytest

from scalinglaws.cli._natural import natural_rows


def test_natural_anchors() -> None:
    rows = {(row.analysis, row.quantity): row for row in natural_rows()}
    # Leitão et al. 2016, R. Soc. Open Sci. 3:150649: US GDP beta = 1.113.
    assert rows[("urban scaling", "exponent b")].estimate == pytest.approx(1.113, abs=5e-4)
    # MASS::mammals textbook fit ln(brain) = 2.135 + 0.752 ln(body).
    assert rows[("allometry", "exponent b")].estimate == pytest.approx(0.752, abs=5e-4)
    # smatr's leaflife example (Warton et al. 2006): SMA slope 1.315031 [1.096261, 1.577457].
    sma = rows[("allometry (SMA)", "exponent b")]
    assert (sma.estimate, sma.lower, sma.upper) == pytest.approx(
        (1.315031, 1.096261, 1.577457), abs=1e-5
    )
    # Pearl & Reed 1920, PNAS 6:275: K about 197-199 million, r = 0.0313, inflection ~1914.
    assert 197 <= rows[("logistic growth", "K (million)")].estimate <= 199.5
    assert rows[("logistic growth", "r (per year)")].estimate == pytest.approx(0.0313, abs=2e-4)
    assert 1913.5 <= rows[("logistic growth", "inflection (year)")].estimate <= 1915.5
    # GGM on China's cases, 2020-01-20..02-05 (natural README [check]: p = 0.765 +- 0.015).
    ggm = rows[("epidemic growth (GGM)", "deceleration p")]
    assert ggm.estimate == pytest.approx(0.765, abs=0.01)
    assert ggm.upper < 1
    # Besiroglu et al. 2024 (Epoch), Huber on 4,500 starts: E 1.8172, alpha 0.34731, beta 0.36718.
    assert rows[("neural scaling (Chinchilla)", "E")].estimate == pytest.approx(1.8172, abs=5e-4)
    assert rows[("neural scaling (Chinchilla)", "alpha")].estimate == pytest.approx(
        0.3473, abs=5e-4
    )
    assert rows[("neural scaling (Chinchilla)", "beta")].estimate == pytest.approx(0.3672, abs=5e-4)
