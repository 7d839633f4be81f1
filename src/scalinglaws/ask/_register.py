"""How a question is written, not what it asks: headline tags and capitals.

"URGENT — generalized growth model, r, 95% interval?", "【头条】美国城市人口的幂律指数 α？",
"BLACKOUTS ALPHA: STANDARD ERROR?", "Q3) ...", 第2题：…. A tag in front of a question says
how soon or how loud or where it stands in a list, not what: read as words, "URGENT" names something
no result holds and 头条 is Epoch's headline table. Capitals shouted across a question
hide which words are names: "STANDARD" reads as a proper name. :func:`without_tags`
blanks a leading tag (and a trailing "URGENT."); :func:`unshouted` writes a shouted
question's words in lower case, keeping acronyms (GGM, WHO, GDP) and one-letter symbols
(K, E, A) as written; and a question someone else asked, quoted and passed on ('My
apprentice asked me: "what is the K of the census logistic?" Can you answer?',
徒弟问我：“……？”你能回答吗？) is the quoted one (:func:`passed_on`). All keep positions.
"""

from __future__ import annotations

import re

from scalinglaws.ask._context import SMALL_TALK_TURN

__all__ = [
    "after_small_talk",
    "passed_on",
    "unshouted",
    "without_hedges",
    "without_tags",
    "without_titles",
]

#: A tag before the question: 【头条】, 【急】, [URGENT], "URGENT:", "BREAKING —", "FYI:", or
#: an item's number in a list of questions: "Q3)", "Q10.", "(2)", "4)", "#5", "Question 7:",
#: 第15题：, 问题3：.
_TAG = re.compile(
    r"^\s*(?:【[^】\n]{1,8}】|\[[A-Za-z !]{1,16}\]|"
    r"(?:(?i:q|question|item|no\.?|#)\s*\d{1,3}|\(\d{1,2}\)|\d{1,2}\))\s*[).:：、-]?\s+|"
    r"(?:第\s*\d{1,3}\s*题|问题\s*\d{1,3})\s*[：:.、)）]?\s*|"
    r"(?:URGENT|BREAKING(?: NEWS)?|HEADLINE|FYI|PSA|ASAP|QUICK(?: QUESTION)?|IMPORTANT)"
    r"(?:\s*[:!—–-]+|\s*$|\s+(?=[A-Za-z]))\s*)",
)
#: A tag after the question, its own sentence: "... fit? URGENT.", "（急）".
_TAG_AFTER = re.compile(r"(?<=[?？.。!！])\s*(?:(?i:urgent|asap)[.!]*|[（(]急[）)])\s*$")
#: Words kept in capitals: acronyms a question may use for what it asks or names.
_ACRONYMS = frozenset(
    {"GGM", "GLM", "GRM", "WHO", "GDP", "MSA", "SMA", "OLS", "LR", "KS", "SARS", "COVID",
     "CI", "SE", "SD", "FLOPS", "US", "UK", "USA", "ILI", "BIC", "AIC", "MLE", "CDF", "PDF",
     "MA", "SIR", "SEIR", "LMA", "CSV", "TXT", "API", "LLM", "GPT", "NLL", "WIS", "MD", "NB",
     "GPU", "GPUS", "CPU", "TPU", "CTO", "CEO", "PHD", "MSC", "NASA", "CDC", "ECDC", "JHU"}
)  # fmt: skip
#: A word in capitals of three letters or more (not a symbol such as K or E).
_SHOUTED = re.compile(r"(?<![A-Za-z0-9_])[A-Z]{3,}(?![A-Za-z0-9_])")
#: A capitalised word of three letters or more, the rest in lower case ("Chance").
_TITLED = re.compile(r"(?<![A-Za-z0-9_])[A-Z][a-z]{2,}(?![A-Za-z0-9_])")


#: A chat line's time stamp or speaker before the question: "[08:00] ", "03:12 — ",
#: "10:32 PM — ", "<maria> ", "【09:14】", "[下午4:20] ", "陈刚 18:05：".
_CHAT_STAMP = re.compile(
    r"^\s*(?:[\[【(（]\s*(?:上午|下午|晚上|中午|凌晨|早上)?\s*\d{1,2}[:：]\d{2}(?::\d{2})?"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?\s*[\]】)）]|"
    r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?\s*[—–-]+|"
    r"<[^<>\s]{1,24}>|"
    r"[\u4e00-\u9fff]{2,4}\s*\d{1,2}[:：]\d{2}\s*[:：])\s*"
)
#: A filler before the question: "Hmm, ", "Uh... ", "Okay so ", 嗯，, 呃……, 那个，, 说起来.
_FILLER = re.compile(
    r"^\s*(?:(?i:h+m+|u+h+|u+m+|e+r+m*|okay so|ok so|so basically|so)(?:[,.…]+|\s)|"
    r"(?:嗯+|呃+|额+|那个|就是说|说起来)[，,…。\s]*)\s*"
)
#: An impatient lead-in: "Third time asking.", "Come on,", "Seriously,", 说了多少遍了，,
#: 我都问三遍了，, 磨蹭什么呢，, 到底到底是多少？, 急！. It asks nothing of its own.
_IMPATIENT = re.compile(
    r"^\s*(?:(?i:(?:(?:second|third|fourth|fifth)\s+time\s+asking|come\s+on|seriously|"
    r"for\s+crying\s+out\s+loud|i'?ve\s+asked\s+(?:twice|three\s+times|(?:\w+\s+)?times)"
    r"(?:\s+already)?)\s*[,.!:;—–-]+)|"
    r"(?:(?:我都|都|已经|我已经)?(?:说|问)了(?:多少|好几|好多|三|两|几|N)\s*[遍次](?:了)?(?:[，,]?还没人回)?|"
    r"磨蹭什么呢|快点儿?|快快快|急急急|急|到底(?:到底)?是多少(?:啊|呀)?|能不能快点)"
    r"\s*[，,！!。？?…]+)\s*"
)
#: A self-deprecating lead-in: "Stupid question, but", "Sorry if this is obvious:",
#: "Newbie here -", 可能是个蠢问题，, 问个小白问题：, 新手求问：, 不好意思，可能是很基础的问题：.
#: Its "question" (问题) is no fit's problem, its "obvious" nothing asked.
_HUMBLE = re.compile(
    r"(?:^|(?<=[:：,，.。!！]))\s*(?:(?i:(?:this\s+is\s+|probably\s+|maybe\s+|perhaps\s+)?"
    r"(?:an?\s+)?(?:stupid|dumb|silly|basic|naive|newbie|noob|beginner'?s?)\s+question"
    r"(?:\s+here)?|sorry\s+if\s+this\s+is\s+(?:obvious|(?:a\s+)?(?:stupid|dumb|silly|basic)"
    r"(?:\s+question)?)|(?:newbie|noob|beginner)\s+here|new\s+to\s+this)"
    r"\s*[,:;.!—–-]*\s*(?i:but\s+)?|"
    r"(?:不好意思[，,]\s*)?(?:可能是个|可能是|问个|问一个|一个)?(?:很|比较)?(?:蠢|笨|傻|小白|基础|弱智|低级)的?"
    r"问题[，,：:。！!]\s*|新手求问[：:，,]?\s*)"
)
#: A phone's signature after the question: "Sent from my phone", 发自我的手机.
_SENT_FROM = re.compile(r"\s*(?i:sent from my \w+(?: \w+)?)[.!]?\s*$|\s*发自我的\w{1,8}\s*$")


#: A number of small talk: digits ("29°C", "15 minutes", "600公斤") or a Chinese numeral
#: before a measure (两万圈, 两百个).
_TALK_NUMBER = re.compile(
    r"\d[\d.,:]*|[零一二两三四五六七八九十百千万亿]+(?=[个只块箱吨斤圈瓶次小分天度公])"
)


def after_small_talk(question: str) -> str:
    """``question`` with the numbers of the small talk before its last turn blanked.

    "It's 29°C and the glue sets in 15 minutes. Anyway, the probability of an intensity
    of 5 thousand or more?": the temperature and the minutes are no inputs; "... P.S.
    what is ...?", 今天磨了600公斤面粉。反正，…: the same. Its words stay: they may name
    the data ("I thought the Moby Dick words had been fitted with a Poisson. Anyway,
    what's the 95% interval for alpha there?"). Only when the words after the turn ask
    something.
    """
    turns = [m for m in SMALL_TALK_TURN.finditer(question) if m.end() < len(question.rstrip())]
    if not turns or not turns[-1].group(0).strip():
        return question
    end = turns[-1].end()
    if not re.search(r"[?？]|\b(?i:what|how|which)\b|多少|几|吗|是否", question[end:]):
        return question
    talk = _TALK_NUMBER.sub(lambda m: " " * len(m.group(0)), question[:end])
    return talk + question[end:]


#: The asker unsure of a name: "whatever the proper word is", "whichever word is right",
#: "call it what you like", "or whatever it's called", 叫什么都行, 叫什么来着, 反正那个,
#: 我记不清叫法了. Its words ("word", "like") name no data.
_UNSURE = re.compile(
    r"(?i:,?\s*(?:or\s+)?(?:whatever|whichever)\s+(?:the\s+)?(?:proper\s+|right\s+|correct\s+)?"
    r"(?:word|term|name)\s+(?:is|it is)(?:\s+(?:right|correct|proper))?|"
    r",?\s*(?:or\s+)?whatever\s+(?:it'?s|it is|they'?re|you)\s+call(?:ed)?(?:\s+it)?|"
    r",?\s*call\s+it\s+what(?:ever)?\s+you\s+(?:like|want|will)|"
    r",?\s*I\s+(?:forget|can'?t remember|don'?t remember)\s+(?:the\s+name|what it'?s called))|"
    r"[，,]?\s*(?:叫什么都行|怎么叫都行|随便叫什么|不管叫什么|叫什么来着|我?记不清叫法了?|"
    r"叫法记不清了?|反正(?:就是)?那个)"
)


#: The words that give a second name: "in other words", "a.k.a.", "also known as",
#: "otherwise called", 又称, 也叫, 亦称 (x_min，也叫下截断: the name after them is the same
#: quantity's).
_ALSO_CALLED = re.compile(
    r"(?i:\bin other words\b|\ba\.k\.a\.?|\baka\b|\b(?:also|otherwise|sometimes|often)\s+"
    r"(?:known as|called|named|written)\b)|又称|也叫|亦称|又叫|也称|或称|亦即"
)
#: A request hedged: "when you get a chance", "if you can", "if possible", "no rush", 方便的话,
#: 有空的话, 如果可以的话 (its "chance" is no probability).
_HEDGED = re.compile(
    r"(?i:,?\s*\b(?:when(?:ever)? you (?:get|have) (?:a )?(?:chance|moment|minute|sec(?:ond)?)|"
    r"if (?:you can|possible|you could|you have (?:a )?(?:moment|minute|time))|"
    r"at your (?:convenience|leisure)|no rush)\b,?)|"
    r"(?:如果)?(?:方便|有空|可以)的话[，,]?|不急[，,]?"
)
#: A paper's title quoted: "Power-law distributions in empirical data", "Training
#: Compute-Optimal Large Language Models", 《经验数据中的幂律分布》 (its words are the title's,
#: not quantities: "Statistics", "Compute-Optimal"); not a book named in 《》 (《白鲸记》),
#: whose title holds no word of a paper's subject. An English title has four words or more
#: and no digit, question mark or Chinese: not "US cities 2000 census", not a quoted
#: question ('My boss asked: "What is the x_min of the quakes?"').
_TITLE = re.compile(
    r"[\"“](?=[A-Z])((?:[^\"”\s\d?\u4e00-\u9fff]+\s+){3,}[^\"”\s\d?\u4e00-\u9fff]+)[\"”]|"
    r"《([^》]*(?:幂律|分布|数据|模型|标度|估计|推断|增长|人口|训练|语言|异速|复现|线性|统计)[^》]*)》"
)
#: Who a message is addressed to ("@stats-team", "@数据组"), and a hashtag's mark ("#zipf",
#: "#城市人口#"): the words of a hashtag are kept, its marks and an addressee are not.
_ADDRESSEE = re.compile(r"(?<![\w.])@[\w\-\u4e00-\u9fff]+")
_HASH = re.compile(r"#(?=[\w\u4e00-\u9fff])|(?<=[\w\u4e00-\u9fff])#")


def without_titles(question: str) -> str:
    """``question`` with a quoted paper title blanked (:data:`_TITLE`)."""
    return _TITLE.sub(lambda m: " " * len(m.group(0)), question)


#: When the asker made a result: "the fit I ran this morning", "yesterday's fit", "the
#: forecast we did last week", 今早跑的拟合, 昨天的结果, 上周的预测. A result is named by
#: what was fitted, never by when: the words say nothing of which.
_WHEN_MADE = re.compile(
    r"\b(?i:(?:that\s+|which\s+)?(?:I|we)\s*(?:'ve\s+|\s+have\s+|\s+just\s+)?"
    r"(?:ran|run|did|made|fitted|fit|computed|got|produced)(?:\s+it)?\s+"
    r"(?:(?:earlier\s+)?(?:this|last|yesterday)\s+(?:morning|afternoon|evening|night|week|month)|"
    r"yesterday|earlier(?:\s+today)?|today|last\s+night|the\s+other\s+day)|"
    r"(?:yesterday|today|this\s+morning|last\s+(?:night|week|month))'s)(?![\w'])|"
    r"(?:今早|今天早上|今天上午|今天下午|今天|昨天|昨晚|前天|上周|上个月|刚才|刚刚|早上|上午|下午)"
    r"(?:[我咱]们?)?(?:跑|做|算|拟合|得到|出来|弄)?(?:出来)?的(?=\s*(?:[A-Za-z]|[\u4e00-\u9fff]))"
)


#: A role given to the tool, as a chatbot is prompted: 你是传染病建模专家。, 假装你是我导师，
#: 请你扮演统计学家：, 一步一步思考，. Who the tool is asked to be names nothing asked.
_ROLE_PROMPT = re.compile(
    r"(?:请你?|现在)?(?:你是|你现在是|扮演|假装你是|假设你是|想象你是)(?:一[位个名])?"
    r"[^。！？!?，,：:\n]{0,16}?(?:专家|老师|导师|助手|助理|分析师|统计学家|学家|顾问|教授|研究员|"
    r"工程师)(?:吧)?\s*[。，,！!：:]|"
    r"(?:请)?一步一步(?:地)?(?:思考|推理|来|分析)?\s*[，,。：:]"
)


#: How the value is to be rounded: "to 3 significant figures", "rounded to two decimals",
#: "to the nearest thousand", 取整, 保留到小数点后四位, 精确到两位小数, 四舍五入. Its numbers are
#: no input and its words nothing asked.
_ROUNDING = re.compile(
    r"(?i:,?\s*\b(?:(?:rounded|round(?:\s+it)?(?:\s+off)?)\s+)?to\s+(?:\d{1,2}|one|two|three|four|"
    r"five|six)\s+(?:decimal\s+places?|decimals?|significant\s+(?:figures|digits)|sig\.?\s*figs?|"
    r"d\.?p\.?|s\.?f\.?)\b|,?\s*\b(?:rounded\s+)?to\s+the\s+nearest\s+(?:whole\s+(?:number|case)|"
    r"integer|ten|hundred|thousand|million|percent|(?:\d+|one|two|three)(?:st|nd|rd|th)?\s+decimal))|"
    r"[，,]?\s*(?:请)?(?:取整(?:数)?|(?:四舍五入|保留|精确)(?:到|至)?\s*(?:小数点后)?\s*"
    r"[\d一二三四五六两]\s*位(?:小数|有效数字)?|四舍五入(?:到(?:整数|个位))?)"
)


#: What :func:`without_hedges` blanks before an addressee and a hashtag's marks.
_ASIDES = (_UNSURE, _HEDGED, _ALSO_CALLED, _WHEN_MADE, _ROLE_PROMPT, _ROUNDING)


def without_hedges(question: str) -> str:
    """``question`` with the asker's doubts about a name blanked.

    Also a hedged request (:data:`_HEDGED`), the words that give a second name
    (:data:`_ALSO_CALLED`), when the asker made a result (:data:`_WHEN_MADE`), a role
    the tool is prompted with (:data:`_ROLE_PROMPT`), how to round the value
    (:data:`_ROUNDING`), an addressee and a hashtag's marks.
    """
    for pattern in (*_ASIDES, _ADDRESSEE, _HASH):
        question = pattern.sub(lambda m: " " * len(m.group(0)), question)
    return question


def without_tags(question: str) -> str:
    """``question`` with the tags before and after it blanked.

    A headline tag, a chat stamp, a filler, a self-deprecating or impatient lead-in before it; an
    "URGENT." or a phone's signature after it.
    """
    while True:
        before = question
        for pattern in (_CHAT_STAMP, _FILLER, _TAG, _HUMBLE, _IMPATIENT):
            question = pattern.sub(lambda m: " " * len(m.group(0)), question, count=1)
        if question == before:
            break
    question = _SENT_FROM.sub(lambda m: " " * len(m.group(0)), question)
    return _TAG_AFTER.sub(lambda m: " " * len(m.group(0)), question)


def unshouted(question: str) -> str:
    """``question`` in lower case where it shouts.

    Where two or more words, and half of its words or more, are in capitals and no
    acronym ("BLACKOUTS ALPHA: STANDARD ERROR?" -> "blackouts alpha: standard error?"); or
    where five words or more, and three in four of its words, are capitalised (Title Case:
    "What Is The Chance Of ..." -> "what is the chance of ..."; names lose their capitals
    as in a shouted question).
    """
    shouted = [m for m in _SHOUTED.finditer(question) if m.group(0) not in _ACRONYMS]
    words = re.findall(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])", question)
    titled = [m for m in _TITLED.finditer(question) if m.group(0).upper() not in _ACRONYMS]
    if len(titled) >= 5 and 4 * len(titled) >= 3 * len(words):
        shouted = titled  # Title Case: "What Is The Chance Of ... 20 Or More Deaths"
    if len(shouted) < 2 or 2 * len(shouted) < len(words):
        return question  # a few acronyms among ordinary words ("创业公司CTO：…多少块GPU？")
    out = question
    for match in shouted:
        out = out[: match.start()] + match.group(0).lower() + out[match.end() :]
    return out


#: A question in quotation marks, with its question mark inside them.
_QUOTED_QUESTION = re.compile(r"[\"“「『]([^\"”」』]{4,300}?[?？])\s*[\"”」』]")
#: What a passed-on question ends with: "Can you answer (her)?", 你能回答吗？
_CAN_YOU_ANSWER = re.compile(
    r"\s*(?i:(?:can|could|would) you (?:answer|help)(?: (?:it|that|this|her|him|them))?"
    r"(?: for (?:me|her|him|them))?\s*[?.!]?|any idea\s*[?.!]?)\s*$|"
    r"\s*(?:你|您)?(?:能|可以)?(?:帮我|替我)?(?:回答|解答|答)(?:一下)?(?:吗|么)?\s*[？?。.!！]?\s*$"
)


#: Someone's question quoted after their verb of asking, up to its question mark (the
#: closing quote may be missing): "A customer asked me: 'what is ...?", 朋友问我：「…？」.
_ASKED_QUOTE = re.compile(
    r"(?i:\basked(?:\s+me)?|\basks(?:\s+me)?|\bwants to know|问我|问道|问)\s*[:：,，]?\s*"
    r"[\"“「『'‘]([^\"”」』’]{4,300}?[?？])\s*[\"”」』'’]?"
)
#: What may follow a question passed on: nothing, "What do I tell her?", 我该怎么回？
_WHAT_DO_I_TELL = re.compile(
    r"\s*(?:(?i:what (?:do|should|shall) I (?:tell|say to|answer) (?:her|him|them|it)\s*[?.]?)|"
    r"我该怎么(?:回|答|回答|说)\s*[？?。]?)?\s*$"
)


def passed_on(question: str) -> str:
    """The quoted question of a question passed on, else ``question`` (see the module)."""
    match = _QUOTED_QUESTION.search(question)
    if match is None or not _CAN_YOU_ANSWER.fullmatch(question, match.end()):
        match = _ASKED_QUOTE.search(question)
        if match is None or not _WHAT_DO_I_TELL.fullmatch(question, match.end()):
            return question
    start, end = match.span(1)
    return " " * start + question[start:end] + " " * (len(question) - end)
