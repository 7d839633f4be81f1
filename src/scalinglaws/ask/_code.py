"""Questions that quote code: attribute access and JSON fields read as the words they mean.

A programmer asks in the API's own terms: ``fit.stderr['a']``, ``ggm.conf_int().loc['p']``,
``epoch_fit.params['B']``, ``fit.frontier['b']``, or pastes a JSON fragment
(``{"field": "alpha_stderr"}``; "A_se" is the standard error of A), a query in SQL
("SELECT xmin FROM moby_dick_words") or a spreadsheet's formula ("=SE(census.K)"), a
log line of a
fitting function (``fit_neural: ...``) or a tail probability in notation (``P(X>=100)``,
``P(pop >= 200 thousand)``); Markdown's emphasis (``**95% interval**``, a word in
backticks) and web addresses are dropped.
:func:`read_code` rewrites each into words the
vocabulary knows ("standard error of a", "95% interval of p", "b"), keeping the
parameter's name as written (its case tells B from b) and the variable's name (which
may name the result: ``my_runs.frontier['a']``).
"""

from __future__ import annotations

import re

__all__ = ["read_code"]

#: What each public attribute of a result gives, in words; ``{0}`` is the parameter.
_ATTRIBUTES = {
    "params": " {0} ",
    "stderr": " standard error of {0} ",
    "std_errors()": " standard error of {0} ",
    "conf_int()": " 95% interval of {0} ",
    "conf_int().loc": " 95% interval of {0} ",
    "frontier": " frontier exponent {0} ",
}
#: ``name.attribute[...]['p']`` (also without the name, and with ``.loc``).
_ACCESS = re.compile(
    r"`?(?:([A-Za-z_]\w*)\.)?(params|stderr|std_errors\(\)|conf_int\(\)(?:\.loc)?|frontier)"
    r"\s*\[\s*['\"]([A-Za-z_]\w*)['\"]\s*\](?:\.\w+\(\))?`?"
)
#: A frontier's exponents by name (Hoffmann et al. 2022: N_opt ~ C^a, D_opt ~ C^b).
_FRONTIER = {"a": "exponent a of the compute-optimal model size",
             "b": "exponent b of the compute-optimal training tokens"}  # fmt: skip
#: A field name that joins a parameter and what is asked of it ("alpha_stderr", "b_ci",
#: "n_tail_sd"), also right before Chinese (白鲸记alpha_err是多少: no \b between "r" and 是).
_FIELD = re.compile(
    r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*?)_(stderr|se|std|sd|err|ci|ci95|interval)"
    r"(?![A-Za-z0-9_])"
)
_FIELD_WORDS = {"stderr": "standard error", "se": "standard error", "std": "standard error",
                "sd": "standard error", "err": "standard error", "ci": "95% interval",
                "ci95": "95% interval", "interval": "95% interval"}  # fmt: skip


#: A web address ("https://tuvalu.santafe.edu/~aaronc/powerlaws/data.htm", "www.example.org").
_URL = re.compile(r"\b(?:https?://|www\.)[^\s，。、）)]+", re.I)


def _file_of_url(match: re.Match[str]) -> str:
    """A web address dropped, the file it ends in kept ("https://.../cities2000.txt")."""
    last = match.group(0).rstrip(".,;:!?").rsplit("/", 1)[-1]
    kept = last if re.fullmatch(r"[\w.-]+\.\w{2,8}", last) else ""
    return f" {kept} "


#: A number's scale in brackets after it: "200 (in thousands)", 500（千人）.
_IN_THOUSANDS = re.compile(r"(\d)\s*[(（]\s*(?:in\s+)?(thousands?|千人|千)\s*[)）]", re.I)


#: The library's fitting functions name the kind of fit ("fit_neural: 240 runs kept").
_FUNCTION = re.compile(r"\b(?:sl\.)?fit_(neural|tail|relation|growth)\b(?:\(\))?")
_KIND_WORDS = {"neural": " neural scaling law ", "tail": " power-law tail fit ",
               "relation": " scaling relation ", "growth": " growth curve "}  # fmt: skip


#: A tail probability in notation: P(X>=100), Pr(X > 1e6), P(X≥k).
_TAIL_PROBABILITY = re.compile(r"\bPr?\s*\(\s*[A-Za-z_]\w*\s*(?:>=|≥|>)\s*([^()]+?)\s*\)")


#: A variable's short name for the population ("P(pop >= 200 thousand)").
_POPULATION = frozenset({"pop", "population", "people", "persons", "residents"})


def _probability_words(match: re.Match[str]) -> str:
    name = match.group(0)[match.group(0).index("(") + 1 :].split()[0].rstrip(">=≥")
    who = "a population of " if name.lower() in _POPULATION else ""
    return f" probability of {who}at least {match.group(1)} "


#: A method of a result called on an input: ``mammals.test_exponent(0.75).p_value``,
#: ``leaflife.test_exponent(b=1).p``, ``停电.predict(800)``, ``leaflife.predict(lma=300)``,
#: ``GGM.forecast_interval('2020-02-10')``; the variable's name may name the result.
_CALL = re.compile(
    r"(?:(?P<var>[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)\.)?"
    r"(?P<method>test_exponent|predict|forecast_interval|forecast)\(\s*(?:[A-Za-z_]\w*\s*=\s*)?"
    r"['\"]?(?P<arg>[^()'\"]*?)['\"]?\s*\)(?:\.(?P<field>p_value|pvalue|p|statistic|stat|t)\b)?"
)
#: A code comment asking for the value: "# = ?", "#?", "# -> ?".
_ASKING_COMMENT = re.compile(r"\s*#\s*(?:=|->|→)?\s*(?=\?)")


def _call_words(match: re.Match[str]) -> str:
    """A method call in words.

    "test_exponent(0.75).p_value" -> "p-value of the test that the exponent is 0.75".
    """
    var, method, arg = match.group("var") or "", match.group("method"), match.group("arg")
    if method == "test_exponent":
        statistic = match.group("field") in ("statistic", "stat", "t")
        what = "t statistic" if statistic else "p-value"
        return f" {var} {what} of the test that the exponent is {arg} "
    if method == "predict":
        return f" {var} prediction at {arg} "
    interval = "95% interval of the " if method == "forecast_interval" else ""
    return f" {var} {interval}forecast for {arg} "


#: A question filled in as a form: "Dataset: quakes | Quantity: x_min | Format: number",
#: 数据集：地震；量：x_min；格式：数字. Each field's label and the words it is read with:
#: the format and the asker are no part of what is asked.
_FORM_FIELD = re.compile(
    r"(?:^|[|｜;；\n])\s*(?P<label>[A-Za-z][A-Za-z ]{1,14}|[\u4e00-\u9fff]{1,4})\s*[:：]\s*"
    r"(?P<value>[^|｜;；\n]*)"
)
_FORM_LABELS = {
    "dataset": "", "data": "", "data set": "", "file": "", "quantity": "", "field": "",
    "test": "", "comparison": "", "statistic": "", "source": "from ", "input": "at ",
    "budget": "at ", "date": "on ", "units": "in ", "unit": "in ", "format": None,
    "asker": None, "数据集": "", "数据": "", "文件": "", "量": "", "数量": "", "指标": "",
    "字段": "", "检验": "", "比较": "", "来源": "来自", "输入": "在", "预算": "在",
    "日期": "", "单位": "单位", "格式": None, "提问人": None,
}  # fmt: skip


def _form_words(question: str) -> str:
    """A question filled in as a form, as the words of its fields (see :data:`_FORM_FIELD`)."""
    fields = list(_FORM_FIELD.finditer(question))
    labels = [m.group("label").strip().lower() for m in fields]
    if len(fields) < 2 or not all(label in _FORM_LABELS for label in labels):
        return question
    words = [
        f"{_FORM_LABELS[label]}{m.group('value').strip()}"
        for label, m in zip(labels, fields, strict=True)
        if _FORM_LABELS[label] is not None
    ]
    chinese = bool(re.search(r"[\u4e00-\u9fff]", question))
    text = ("，".join(words) + "？") if chinese else (", ".join(words) + "?")
    return text.ljust(len(question))


#: Markdown's emphasis around words (**bold**, __bold__, `code`): typography, not content.
_MARKDOWN = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__|`([^`\n]{1,40})`")


def read_code(question: str) -> str:
    """``question`` with quoted code and JSON field names in words (see the module).

    A web address is where the user looked, not what is asked: it is dropped; a scale in
    brackets after a number ("200 (in thousands)") is read as its multiplier.
    """
    question = _form_words(_URL.sub(_file_of_url, question))
    question = _IN_THOUSANDS.sub(
        lambda m: f"{m.group(1)} {m.group(2).lower().rstrip('s')}", question
    )
    question = _FUNCTION.sub(lambda m: _KIND_WORDS[m.group(1)], question)
    if "[" not in question:  # `fit.params['a']` is code, read below
        question = _MARKDOWN.sub(lambda m: next(g for g in m.groups() if g is not None), question)
    question = _TAIL_PROBABILITY.sub(_probability_words, question)
    question = _ASKING_COMMENT.sub(" ", _CALL.sub(_call_words, question))

    def access(match: re.Match[str]) -> str:
        # the variable's name may name the result ("my_runs.frontier['a']"): kept
        variable, attribute, name = match.group(1) or "", match.group(2), match.group(3)
        if attribute == "frontier" and name.lower() in _FRONTIER:
            return f" {variable} {_FRONTIER[name.lower()]} "
        return f" {variable}{_ATTRIBUTES[attribute].format(name)}"

    text = _ACCESS.sub(access, _FORMULA.sub(_formula_words, _SQL.sub(_query_words, question)))
    return _FIELD.sub(lambda m: f"{_FIELD_WORDS[m.group(2).lower()]} of {m.group(1)}", text)


#: A query in SQL: "SELECT xmin FROM moby_dick_words", "SELECT lr_statistic FROM
#: us_blackouts WHERE alternative = 'lognormal'", "SELECT n FROM 美国城市人口".
_SQL = re.compile(
    r"\bSELECT\s+(?P<what>[^;]+?)\s+FROM\s+(?P<table>[^\s;]+)"
    r"(?:\s+WHERE\s+(?P<where>[^;]+?))?\s*(?:;|$|(?=\s+--))",
    re.I,
)
#: A spreadsheet's formula of a table's column: "=CONFINT95(terrorism.alpha)", "=SE(census.K)".
_FORMULA = re.compile(
    r"=\s*(?P<func>[A-Za-z]+\d*)\s*\(\s*(?P<table>[^().,\s]+)\.(?P<col>[^()\s]+)\s*\)"
)
_FORMULA_WORDS = {"se": "standard error", "stderr": "standard error", "confint": "95% interval",
                  "confint95": "95% interval", "ci": "95% interval", "ci95": "95% interval",
                  "pvalue": "p-value", "p": "p-value", "value": "", "est": "",
                  "estimate": ""}  # fmt: skip


def _names(text: str) -> str:
    """A table's or a column's name in words: "moby_dick_words" -> "moby dick words".

    A file name ("my_runs.csv") stays as written; "us" is the US ("us_blackouts").
    """
    if re.search(r"\.\w{2,4}$", text):
        return text
    return re.sub(r"\bus\b", "US", text.replace("_", " "))


def _query_words(match: re.Match[str]) -> str:
    """A SQL query in words: what is selected, of the table, at the condition's value."""
    where = match.group("where") or ""
    # "alternative = 'lognormal'" -> lognormal; "b0 = 0.75" -> b = 0.75
    where = re.sub(r"[\w\u4e00-\u9fff]+\s*=\s*['\"]([^'\"]+)['\"]", r" \1 ", where)
    where = re.sub(r"\b([A-Za-z])0\s*=", r"\1 =", where)
    words = f" {_names(match.group('what'))} of {_names(match.group('table'))} {where} "
    return words.ljust(len(match.group(0)))


def _formula_words(match: re.Match[str]) -> str:
    """A spreadsheet formula in words.

    "=CONFINT95(terrorism.alpha)" -> "95% interval alpha of terrorism".
    """
    func = _FORMULA_WORDS.get(match.group("func").lower(), match.group("func"))
    words = f" {func} {_names(match.group('col'))} of {_names(match.group('table'))} "
    return words.ljust(len(match.group(0)))
