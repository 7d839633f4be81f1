"""Neural scaling laws of language models (Hoffmann et al. 2022; Besiroglu et al. 2024).

``fit_neural`` fits L(N, D) (Chinchilla Approach 3) with the papers' objective and
global search; ``isoflop`` is Approach 2 and ``envelope`` Approach 1;
``fit_learning_curve`` is a loss against one resource of one model;
``fit_neural_joint`` fits several groups (model families) with shared exponents.
Formulas: :mod:`scalinglaws.formulas.neural`.
"""

from scalinglaws.neural.backtest import Backtest
from scalinglaws.neural.curves import fit_learning_curve
from scalinglaws.neural.envelope import EnvelopeFit, envelope
from scalinglaws.neural.fit import fit_neural
from scalinglaws.neural.isoflop import IsoflopFit, isoflop
from scalinglaws.neural.joint_fit import JointNeuralFit, fit_neural_joint
from scalinglaws.neural.result import NeuralFit

__all__ = [
    "Backtest",
    "EnvelopeFit",
    "IsoflopFit",
    "JointNeuralFit",
    "NeuralFit",
    "envelope",
    "fit_learning_curve",
    "fit_neural",
    "fit_neural_joint",
    "isoflop",
]
