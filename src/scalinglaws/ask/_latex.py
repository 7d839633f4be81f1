r"""Inline TeX in a question, written as plain text.

Researchers write what they ask in the notation of their papers: "Given $C = 10^{23}$
FLOPs, what is $D_{\mathrm{opt}}$?", "$\hat L(N = 10^9, D = 2\times 10^{10})$",
"$\alpha$ of the words". :func:`plain` removes the math delimiters and writes the
commands as the words and symbols a plain question uses (``D_opt``, ``10^23``,
``2 × 10^10``, ``alpha``), so that the rest of ask reads them as it reads any question.
Text without a dollar sign or a backslash command is returned unchanged.
"""

from __future__ import annotations

import re

__all__ = ["plain"]

#: Commands around a group whose content is kept as it is: \mathrm{opt} -> opt.
_WRAPPERS = re.compile(
    r"\\(?:mathrm|text|textrm|textit|mathit|mathbf|operatorname|boldsymbol|hat|widehat|"
    r"tilde|widetilde|bar|overline)\s*\{([^{}]*)\}"
)
#: Accents on a single letter without braces: \hat L -> L.
_ACCENT = re.compile(r"\\(?:hat|widehat|tilde|bar)(?:\s+|(?=\\))(?=[A-Za-z\\])")
#: Commands written as a symbol or a word.
_SYMBOLS = {
    "times": " × ",
    "cdot": " · ",
    "propto": " ∝ ",
    "approx": " ≈ ",
    "sim": " ~ ",
    "le": " ≤ ",
    "leq": " ≤ ",
    "ge": " ≥ ",
    "geq": " ≥ ",
    "pm": " ± ",
    "infty": "infinity",
}
_GREEK = frozenset(
    {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
     "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi",
     "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Psi", "Omega"}
)  # fmt: skip
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_SPACING = re.compile(r"\\[,;:! ]")
#: Math between dollar signs: TeX inside ($D_{opt}$, $C = 10^{23}$) or one symbol ($b$),
#: not amounts of money ("$5 to $10").
_MATH = re.compile(r"\$((?:[^$]*[\\_^={}][^$]*)|\s*[A-Za-z][A-Za-z0-9*']?\s*)\$")
#: A sub- or superscript group: _{opt} -> _opt, ^{23} -> ^23.
_SCRIPT_GROUP = re.compile(r"([_^])\{([^{}]*)\}")


def plain(text: str) -> str:
    """``text`` with its inline TeX written as plain text (see the module)."""
    if "$" not in text and not _COMMAND.search(text):
        return text
    text = _MATH.sub(r" \1 ", text)
    for _ in range(3):  # nested groups: \hat{D_{\mathrm{opt}}}
        text = _WRAPPERS.sub(r"\1", text)
        text = _SCRIPT_GROUP.sub(r"\1\2", text)
    text = _ACCENT.sub("", text)
    text = _SPACING.sub(" ", text)
    text = _COMMAND.sub(_command, text)
    text = text.replace("\\{", "").replace("\\}", "")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    if name in _GREEK:
        return name.removeprefix("var")
    return match.group(0)
