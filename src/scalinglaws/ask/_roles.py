"""Who asks: a person's role, said before the question or after it.

"数据记者：", "读流行病学硕士，", "Foley artist on a coffee break:", "Golf caddie, what ...?",
"... — distiller asking.", "……？蒸馏师问。" A role names the asker, never a result or a
quantity, whatever words it holds (数据, "break", "girth"): :mod:`._label` blanks a role
before the question, :mod:`._sign_off` one after it.
"""

from __future__ import annotations

import re

__all__ = ["ROLE_EN", "ROLE_ZH", "is_role"]

#: A person's role in Chinese (数据记者, 精算师, 分析员, 人口学家, 听众来信, 钟表匠,
#: 兽医护士): the asker, not what is asked (not 或者 "or", 国家 "country", 增长 "growth",
#: 官方 "official").
ROLE_ZH = re.compile(
    r"(?<!或)者|师|员|(?<!国)家|学生|医生|研究生|博士生|(?:局|院|市|校|部|处|科|组|队|所)长|"
    r"官(?!方)|教练|经理|老师|编辑|主持人|主任|教授|同学|听众|读者|观众|网友|粉丝|来信|硕士|本科|"
    r"选手|新手|助手|(?:出题|负责|策划|经纪|发言|撰稿|制片|创始|合伙|投资)人|做翻译|"
    r"护士|[战骑绅道院学博]士|女士|"
    # a trade (钟表匠, 瓦工, 剪羊毛工, 船长, 包饺子的阿姨), not 工作, 人工, 加工, 工程
    r"匠|(?<![人加])工(?![作程具业])|农民|渔民|牧民|司机|船长|阿姨|大叔|摊主"
)
#: A person's role in English, opening the label ("Foley artist on a coffee break:", "Golf
#: caddie, what ...", "Tea master here:"): up to two words and a noun of an agent (-er,
#: -or, -ist, -ian, or one of a few others), then nothing, "here", or a phrase of where or
#: when ("on a coffee break", "between sessions"). Not the words of a quantity or a
#: comparison ("Number of observations:", "Power law vs exponential:", "The estimator:").
ROLE_EN = re.compile(
    r"\s*(?:(?:a|an|the|as a|as an|retired|former|amateur|hobby|part-time|young|old)\s+)?"
    r"(?:[A-Za-z'-]+\s+){0,2}?"
    r"(?!(?:other|another|number|parameter|power|paper|water|later|after|under|over|either|"
    r"neither|rather|further|cluster|filter|chapter|letter|order|border|layer|answer|higher|"
    r"lower|larger|smaller|bigger|greater|better|faster|slower|longer|shorter|wider|earlier|"
    r"upper|outer|inner|fewer|newer|older|computer|transformer|tokenizer|optimizer|counter|"
    r"marker|member|register|meter|diameter|error|factor|vector|estimator|predictor|"
    r"regressor|sector|tensor|colou?r|major|minor|prior|monitor|indicator|behaviou?r|"
    r"denominator|numerator|floor|door|motor|mirror|tremor|anchor|interior|exterior|"
    r"christian|median|gaussian|bayesian|hessian|jacobian|laplacian|lagrangian|"
    r"list|first|last|best|least|most|test|dist|exist)\b)"
    r"(?i:[A-Za-z'-]+(?:er|or|eur|ist|ian|man|woman|smith|wright|keeper|master|hand)|chef|pilot|"
    r"captain|"
    r"nurse|doctor|student|guide|monk|nun|priest|caddie|lumberjack|luthier|coach|cook|clerk|"
    r"warden|guard|"
    r"judge|vet|physio|medic|intern|postdoc|undergrad|grad|mom|dad|parent|hobbyist)s?"
    r"(?:\s+(?:here|asking|again|speaking|writing|wondering|checking|curious)\b.*|"
    r",?\s+(?:on|at|in|between|after|before|during|with|from|of|by|who|reading|planning|"
    r"working|taking|doing|waiting|sitting|standing)\b.*|\s*)$",
    re.I,
)


def is_role(label: str) -> bool:
    """Whether ``label`` names who asks.

    A role in Chinese anywhere, in English at its start (:data:`ROLE_ZH`, :data:`ROLE_EN`).
    """
    return bool(ROLE_ZH.search(label) or ROLE_EN.fullmatch(label))
