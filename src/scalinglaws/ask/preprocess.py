"""Text preprocessing for retrieval: tokens for BM25 and a bilingual query expansion.

The lexical side follows the usual ad-hoc retrieval pipeline (Manning, Raghavan
& Schütze, *Introduction to Information Retrieval*, 2008, ch. 2): split on
anything that is not a letter or digit (so ``gdp_in_million_USD`` gives
``gdp``, ``in``, ``million``, ``usd``), keep numbers whole in one spelling
(``1e23`` = ``1e+23``), lower-case, drop English stop words, and strip common
suffixes (:func:`stem`) so that "exponents" meets "exponent".

Chinese has no spaces, so a run of CJK characters becomes its character
unigrams and bigrams, the standard segmentation-free indexing of Chinese text
(Nie, Gao, Zhang & Zhou, "On the use of words and n-grams for Chinese
information retrieval", IRAL 2000).

The facts are written in English, and neither BM25 nor the English MiniLM
embedder can match a Chinese question to them on their own. We do not
machine-translate; instead :data:`GLOSSARY` maps the domain's Chinese terms
(指数 exponent, 幂律 power law, 置信区间 confidence interval, ...) to English
words, and :func:`expand_query` appends the English terms found in a question.
Words outside the glossary are not understood: a Chinese question works when
its content words are in it (or when it names things the facts spell in Latin
letters: GDP, alpha, x_min). The glossary is deliberately small and written
by hand; extend it rather than the code.
"""

from __future__ import annotations

import re

__all__ = ["GLOSSARY", "STOP_WORDS", "expand_query", "has_cjk", "stem", "tokenize"]

#: English stop words: function words that carry no topic (a short list in the
#: spirit of the SMART list, Salton 1971), plus question words.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves tell give show please much many
    value
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

#: Chinese domain terms -> English words used in the facts. Longer terms are
#: matched first, so 指数分布 (exponential distribution) wins over 指数 (exponent).
GLOSSARY: dict[str, str] = {
    "幂律": "power law",
    "标度": "scaling",
    "缩放": "scaling",
    "规模律": "scaling law",
    "指数分布": "exponential distribution",
    "对数正态": "lognormal",
    "拉伸指数": "stretched exponential",
    "截断": "truncated cut-off",
    "指数": "exponent",
    "系数": "coefficient",
    "参数": "parameter",
    "估计": "estimate",
    "置信区间": "confidence interval CI",
    "区间": "interval",
    "标准误": "standard error",
    "拟合优度": "goodness of fit p-value",
    "拟合": "fit",
    "显著": "significant",
    "检验": "test",
    "似然比": "likelihood ratio LR",
    "比较": "compared",
    "支持": "support verdict",
    "结论": "verdict",
    "尾部": "tail",
    "尾": "tail",
    "最小值": "x_min xmin minimum",
    "下限": "x_min xmin",
    "样本": "sample observations",
    "数据集": "dataset data",
    "数据": "data",
    "观测": "observations",
    "来源": "source",
    "出处": "source citation",
    "引用": "citation cite",
    "文献": "citation paper",
    "论文": "paper published",
    "发表": "published",
    "公布": "published",
    "单位": "units",
    "城市": "city urban",
    "美国": "US United States",
    "中国": "China",
    "都市": "metropolitan urban",
    "人口": "population",
    "国内生产总值": "gdp",
    "生产总值": "gdp",
    "经济": "gdp economic",
    "超线性": "superlinear",
    "亚线性": "sublinear",
    "线性": "linear",
    "决定系数": "r-squared R2",
    "增长率": "growth rate",
    "增长": "growth",
    "倍增时间": "doubling time",
    "翻倍": "doubling",
    "减速": "deceleration",
    "拐点": "inflection",
    "承载": "carrying capacity",
    "容量": "capacity",
    "病例": "cases",
    "疫情": "epidemic outbreak",
    "预测": "predicted prediction",
    "损失": "loss",
    "模型": "model",
    "神经": "neural",
    "语言模型": "language model",
    "参数量": "parameters N model size",
    "训练": "training",
    "词元": "tokens",
    "令牌": "tokens",
    "数据量": "tokens D data",
    "算力": "compute budget FLOPs",
    "计算量": "compute budget FLOPs",
    "预算": "budget",
    "最优": "optimal compute-optimal",
    "不可约": "irreducible",
    "运行": "runs",
    "次数": "number",
    "多少": "how many number",
    "几个": "how many number",
}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NUMBER = r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
_TOKEN = re.compile(rf"[{_CJK}]+|{_NUMBER}|[^\W\d_]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_GLOSSARY_ORDER = sorted(GLOSSARY, key=len, reverse=True)


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK ideograph."""
    return _CJK_RUN.search(text) is not None


#: Words whose suffix makes another word, not a form of the stem: "meaning" is no "mean".
_NOT_INFLECTED = {"meaning": "meaning", "meanings": "meaning"}


def stem(word: str) -> str:
    """A light suffix stripper (a few of Porter's 1980 rules).

    plurals, -ing, -ed, -ion, -ly and a final e, so that "predicted", "prediction" and "predicts"
    all become "predict" and "scaling", "scale" and "scales" become "scal".
    """
    word = word.lower()
    if len(word) <= 3 or not word.isalpha():
        return word
    if word in _NOT_INFLECTED:
        return _NOT_INFLECTED[word]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, keep in (("ing", 3), ("ed", 3), ("ion", 5), ("ly", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # fitted -> fitt -> fit
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _number(text: str) -> str:
    """One spelling per number: "1e+23", "1e23" and "1E23" all become "1e+23"."""
    try:
        return format(float(text), ".4g")
    except ValueError:  # a digit-like character float() does not read, e.g. "²"
        return text.lower()


def tokenize(text: str) -> list[str]:
    """Index terms of ``text``: lower-cased words without stop words; CJK as 1- and 2-grams.

    >>> tokenize("The scaling exponents of GDP_in_million_USD at 1e23 FLOPs")
    ['scal', 'exponent', 'gdp', 'million', 'usd', '1e+23', 'flop']
    >>> tokenize("幂律指数")
    ['幂', '律', '指', '数', '幂律', '律指', '指数']
    """
    terms: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if _CJK_RUN.fullmatch(piece):
            terms += list(piece)
            terms += [piece[i : i + 2] for i in range(len(piece) - 1)]
            continue
        if piece[0].isdigit():
            terms.append(_number(piece))
        elif piece.lower() not in STOP_WORDS:
            terms.append(stem(piece))
    return terms


def expand_query(question: str) -> str:
    """The English words of the glossary terms found in a (partly) Chinese question.

    Returns an empty string for a question without CJK characters. Longest
    terms are matched first and consumed, so 指数分布 does not also count as 指数.

    >>> expand_query("城市人口的标度指数是多少？")
    'city urban population scaling exponent how many number'
    """
    if not has_cjk(question):
        return ""
    found: list[tuple[int, str]] = []
    rest = question
    for term in _GLOSSARY_ORDER:
        start = rest.find(term)
        while start >= 0:
            found.append((start, GLOSSARY[term]))
            rest = rest[:start] + "\0" * len(term) + rest[start + len(term) :]
            start = rest.find(term)
    return " ".join(words for _, words in sorted(found))
