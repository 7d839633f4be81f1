"""Write src/scalinglaws/ask/places.toml: the places a question can name, in English and Chinese.

The countries, territories and world regions with their English and simplified Chinese
names come from the Unicode Common Locale Data Repository (CLDR, Unicode License v3) as
shipped with Babel; which continent a country lies in is read off the IANA time zones
CLDR assigns to it ("Europe/Berlin" for DE). Short forms CLDR does not give
("Hong Kong" for "Hong Kong SAR China"), demonyms ("Japanese"), the US states and the
provinces of mainland China are written here. Run from the repository root with the
development environment:

    .venv/bin/python scripts/make_places.py
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parents[1] / "src" / "scalinglaws" / "ask" / "places.toml"

#: UN M49 world regions a question names ("Europe", 亚洲) and the region holding each.
REGIONS = {
    "002": (),  # Africa
    "019": (),  # Americas
    "003": ("019",),  # North America
    "005": ("019",),  # South America
    "013": ("019", "003"),  # Central America
    "029": ("019", "003"),  # Caribbean
    "419": ("019",),  # Latin America
    "142": (),  # Asia
    "030": ("142",),  # Eastern Asia
    "034": ("142",),  # Southern Asia
    "035": ("142",),  # South-eastern Asia
    "145": ("142",),  # Western Asia
    "150": (),  # Europe
    "151": ("150",),  # Eastern Europe
    "154": ("150",),  # Northern Europe
    "155": ("150",),  # Western Europe
    "039": ("150",),  # Southern Europe
    "009": (),  # Oceania
    "EU": ("150",),  # European Union
}
#: The continent of a time-zone area (Indian, Atlantic and Pacific islands say nothing).
ZONE_CONTINENT = {"Africa": "002", "America": "019", "Asia": "142", "Europe": "150"}
ZONE_CONTINENT |= {"Australia": "009", "Pacific": "009"}
#: Countries of North America (M49 021) by name, which no time zone tells from South America.
NORTH_AMERICA = {"US", "CA", "MX", "GL", "BM", "PM"}
#: Codes that are no place a question means: "world" (the World Health Organization),
#: the United Nations, the euro area, outlying and unknown areas, pseudo-locales.
SKIP = {"001", "UN", "EZ", "QO", "ZZ", "XA", "XB", "AQ"}

#: Names CLDR does not give: short forms, other spellings, demonyms. Not "English"
#: (a language before it is a people) nor "Chinese" for a question's language.
EXTRA_EN = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "American", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "British", "England", "Scotland", "Wales"],
    "HK": ["Hong Kong"],
    "MO": ["Macao", "Macau"],
    "CN": ["Chinese", "PRC", "mainland China", "CN"],
    "JP": ["Japanese"],
    "KR": ["Korea", "Korean", "South Korean"],
    "KP": ["North Korean"],
    "TW": ["Taiwanese"],
    "IN": ["Indian"],
    "CA": ["Canadian"],
    "MX": ["Mexican"],
    "BR": ["Brazilian"],
    "AR": ["Argentine", "Argentinian"],
    "FR": ["French"],
    "DE": ["German"],
    "IT": ["Italian"],
    "ES": ["Spanish"],
    "PT": ["Portuguese"],
    "NL": ["Dutch", "Holland"],
    "BE": ["Belgian"],
    "CH": ["Swiss"],
    "AT": ["Austrian"],
    "SE": ["Swedish"],
    "NO": ["Norwegian"],
    "DK": ["Danish"],
    "FI": ["Finnish"],
    "PL": ["Polish"],
    "RU": ["Russian", "Russian Federation"],
    "UA": ["Ukrainian"],
    "TR": ["Turkish", "Türkiye"],
    "IR": ["Iranian"],
    "IL": ["Israeli"],
    "EG": ["Egyptian"],
    "ZA": ["South African"],
    "NG": ["Nigerian"],
    "KE": ["Kenyan"],
    "AU": ["Australian"],
    "NZ": ["New Zealander"],
    "ID": ["Indonesian"],
    "PH": ["Filipino", "Philippine"],
    "VN": ["Vietnamese"],
    "TH": ["Thai"],
    "MY": ["Malaysian"],
    "SG": ["Singaporean"],
    "PK": ["Pakistani"],
    "BD": ["Bangladeshi"],
    "CD": ["Congo", "DR Congo", "Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo"],
    "CZ": ["Czech Republic", "Czech"],
    "IE": ["Irish"],
    "GR": ["Greek"],
    "HU": ["Hungarian"],
    "RO": ["Romanian"],
    "CL": ["Chilean"],
    "PE": ["Peruvian"],
    "CO": ["Colombian"],
    "CU": ["Cuban"],
    "SA": ["Saudi", "Saudi Arabian"],
    "150": ["European"],
    "142": ["Asian"],
    "002": ["African"],
    "005": ["South American", "Latin American"],
    "003": ["North American"],
}
EXTRA_ZH = {
    "US": ["美利坚", "美國"],
    "GB": ["英格兰", "苏格兰", "威尔士", "英國"],
    "HK": ["香港"],
    "MO": ["澳门", "澳門"],
    "TW": ["臺灣", "台灣"],
    "KR": ["南韩", "南韓", "韓國"],
    "JP": ["日本国"],
    "CN": ["中國", "内地", "大陆"],
    "DE": ["德國"],
    "FR": ["法國"],
    "RU": ["俄国", "俄羅斯"],
    "150": ["歐洲"],
    "142": ["亞洲"],
    "CA": ["加拿大"],
    "AU": ["澳洲"],
    # everyday short forms: 印尼地震, 沙特的石油, 阿联酋, 刚果金
    "ID": ["印尼"],
    "SA": ["沙特"],
    "AE": ["阿联酋"],
    "CD": ["刚果金", "刚果民主共和国"],
    "CG": ["刚果布"],
    "NZ": ["纽西兰"],
    "PH": ["菲国"],
}
#: The provinces, autonomous regions and municipalities of mainland China (GB/T 2260), within
#: China: English (pinyin, or the usual English name) and Chinese names ("四川地震" names a
#: place the California quakes are not). Hong Kong, Macao and Taiwan are CLDR's own.
CN_PROVINCES = {
    "Beijing": ["北京"], "Tianjin": ["天津"], "Hebei": ["河北"], "Shanxi": ["山西"],
    "Inner Mongolia": ["内蒙古"], "Liaoning": ["辽宁"], "Jilin": ["吉林"],
    "Heilongjiang": ["黑龙江"], "Shanghai": ["上海"], "Jiangsu": ["江苏"], "Zhejiang": ["浙江"],
    "Anhui": ["安徽"], "Fujian": ["福建"], "Jiangxi": ["江西"], "Shandong": ["山东"],
    "Henan": ["河南"], "Hubei": ["湖北"], "Hunan": ["湖南"], "Guangdong": ["广东"],
    "Guangxi": ["广西"], "Hainan": ["海南"], "Chongqing": ["重庆"], "Sichuan": ["四川"],
    "Guizhou": ["贵州"], "Yunnan": ["云南"], "Tibet": ["西藏"], "Shaanxi": ["陕西"],
    "Gansu": ["甘肃"], "Qinghai": ["青海"], "Ningxia": ["宁夏"], "Xinjiang": ["新疆"],
}  # fmt: skip
#: The US states (and the District of Columbia), within the US: English and Chinese names.
#: Georgia the state is left to Georgia the country (格鲁吉亚); 佐治亚 is the state.
US_STATES = {
    "Alabama": ["阿拉巴马"],
    "Alaska": ["阿拉斯加"],
    "Arizona": ["亚利桑那"],
    "Arkansas": ["阿肯色"],
    "California": ["加利福尼亚", "加州"],
    "Colorado": ["科罗拉多"],
    "Connecticut": ["康涅狄格"],
    "Delaware": ["特拉华"],
    "Florida": ["佛罗里达"],
    "Hawaii": ["夏威夷"],
    "Idaho": ["爱达荷"],
    "Illinois": ["伊利诺伊"],
    "Indiana": ["印第安纳"],
    "Iowa": ["艾奥瓦", "爱荷华"],
    "Kansas": ["堪萨斯"],
    "Kentucky": ["肯塔基"],
    "Louisiana": ["路易斯安那"],
    "Maine": ["缅因"],
    "Maryland": ["马里兰"],
    "Massachusetts": ["马萨诸塞", "麻省"],
    "Michigan": ["密歇根"],
    "Minnesota": ["明尼苏达"],
    "Mississippi": ["密西西比"],
    "Missouri": ["密苏里"],
    "Montana": ["蒙大拿"],
    "Nebraska": ["内布拉斯加"],
    "Nevada": ["内华达"],
    "New Hampshire": ["新罕布什尔"],
    "New Jersey": ["新泽西"],
    "New Mexico": ["新墨西哥"],
    "New York": ["纽约"],
    "North Carolina": ["北卡罗来纳", "北卡"],
    "North Dakota": ["北达科他"],
    "Ohio": ["俄亥俄"],
    "Oklahoma": ["俄克拉何马", "俄克拉荷马"],
    "Oregon": ["俄勒冈"],
    "Pennsylvania": ["宾夕法尼亚", "宾州"],
    "Rhode Island": ["罗得岛", "罗德岛"],
    "South Carolina": ["南卡罗来纳", "南卡"],
    "South Dakota": ["南达科他"],
    "Tennessee": ["田纳西"],
    "Texas": ["得克萨斯", "德克萨斯", "德州"],
    "Utah": ["犹他"],
    "Vermont": ["佛蒙特"],
    "Virginia": ["弗吉尼亚"],
    "Washington State": ["华盛顿州"],
    "West Virginia": ["西弗吉尼亚"],
    "Wisconsin": ["威斯康星"],
    "Wyoming": ["怀俄明"],
    "District of Columbia": ["哥伦比亚特区"],
}


def _short(name: str) -> list[str]:
    """CLDR's long forms made short: "Hong Kong SAR China" -> "Hong Kong" (both kept)."""
    out = [name]
    for cut in (" SAR China", " (", " - "):
        if cut in name:
            out.append(name.split(cut)[0])
    if name.startswith("中国") and name.endswith("特别行政区"):
        out.append(name[2:-5])
    return out


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join('"' + s.replace('"', '\\"') + '"' for s in items) + "]"


def places() -> dict[str, dict[str, list[str]]]:
    """Every place: its English names, Chinese names and the regions holding it."""
    en, zh = Locale("en"), Locale("zh", script="Hans")
    zones = get_global("territory_zones")
    out: dict[str, dict[str, list[str]]] = {}
    for code, name in sorted(en.territories.items()):
        if code in SKIP or (code.isdigit() and code not in REGIONS):
            continue
        within = set(REGIONS.get(code, ()))
        for zone in zones.get(code, ()):
            area = zone.split("/")[0]
            if area in ZONE_CONTINENT:
                within.add(ZONE_CONTINENT[area])
        if code in NORTH_AMERICA:
            within.add("003")
        names_en = [*_short(name), *EXTRA_EN.get(code, [])]
        names_zh = [*_short(zh.territories.get(code, "")), *EXTRA_ZH.get(code, [])]
        out[code] = {
            "en": list(dict.fromkeys(n for n in names_en if n)),
            "zh": list(dict.fromkeys(n for n in names_zh if n)),
            "within": sorted(within - {code}),
        }
    for state, names_zh in US_STATES.items():
        code = "US-" + state.replace(" ", "_")
        out[code] = {"en": [state], "zh": names_zh, "within": ["US", "019", "003"]}
    for province, names_zh in CN_PROVINCES.items():
        code = "CN-" + province.replace(" ", "_")
        out[code] = {"en": [province], "zh": names_zh, "within": ["CN", "142"]}
    return out


def render() -> str:
    """The text of places.toml."""
    lines = [
        "# Places a question can name (countries, territories, world regions, US states,",
        "# Chinese provinces), in English and simplified Chinese, and the regions holding each:",
        "# written by scripts/make_places.py from the Unicode CLDR (Unicode License v3, via",
        "# Babel) and the short forms, demonyms, US states and Chinese provinces listed there.",
        "# Do not edit by hand.",
        "",
    ]
    for code, place in places().items():
        lines += [
            f'[place."{code}"]',
            f"en = {_toml_list(place['en'])}",
            f"zh = {_toml_list(place['zh'])}",
            f"within = {_toml_list(place['within'])}",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    OUT.write_text(render(), "utf-8")
    print(f"wrote {OUT} ({len(places())} places)")


if __name__ == "__main__":
    main()
