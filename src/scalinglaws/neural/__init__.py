"""Neural scaling laws of language models (Hoffmann et al. 2022; Besiroglu et al. 2024).

``fit_neural`` fits L(N, D) (Chinchilla Approach 3) with the papers' objective and
global search; ``isoflop`` is Approach 2 and ``envelope`` Approach 1;
``fit_learning_curve`` is a loss against one resource of one model;
``fit_neural_joint`` fits several groups (model families) with shared exponents.
Formulas: :mod:`scalinglaws.formulas.neural`.
"""

from scalinglaws.neural.backtest import Backtest
from scalinglaws.neural.bootstrap import BootstrapStarts
from scalinglaws.neural.curves import fit_learning_curve
from scalinglaws.neural.envelope import EnvelopeFit, envelope
from scalinglaws.neural.fit import NeuralVariable, fit_neural
from scalinglaws.neural.forms import NeuralFormName
from scalinglaws.neural.frontier import FrontierTarget
from scalinglaws.neural.isoflop import IsoflopFit, IsoflopMethod, isoflop
from scalinglaws.neural.joint_fit import JointNeuralFit, fit_neural_joint
from scalinglaws.neural.result import NeuralFit
from scalinglaws.neural.solver import NeuralObjective

__all__ = [
    "Backtest",
    "BootstrapStarts",
    "EnvelopeFit",
    "FrontierTarget",
    "IsoflopFit",
    "IsoflopMethod",
    "JointNeuralFit",
    "NeuralFit",
    "NeuralFormName",
    "NeuralObjective",
    "NeuralVariable",
    "envelope",
    "fit_learning_curve",
    "fit_neural",
    "fit_neural_joint",
    "isoflop",
]
