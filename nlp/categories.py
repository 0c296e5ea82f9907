"""What kind of thing an entity is, finer than its type: a zone, a lab, a university, an S&T bureau …

Topic profiles follow categories ("zones, labs, institutes, S&T bureaus and officials") rather than lists of
names, so a body the gazetteer has never seen still counts when its name says what it is (深圳市人工智能
研究院 is a lab whatever the gazetteer holds). The rules read the simplified name's ending, then a few
words inside it; a person's category comes from the title written beside the name.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from nlp.convert import to_simplified


class Category(StrEnum):
    ZONE = "zone"                   # cooperation zones, parks, science cities, new development areas
    PROGRAMME = "programme"         # funds, schemes, plans, policy documents
    LAB = "lab"                     # laboratories, research institutes and centres, R&D platforms
    UNIVERSITY = "university"
    ST_BODY = "st_body"             # government bodies and agencies for science, technology, innovation
    GOVERNMENT = "government"       # every other government body
    TECH_COMPANY = "tech_company"
    COMPANY = "company"
    ST_OFFICIAL = "st_official"     # a person whose title is in science, technology, research or a university
    OFFICIAL = "official"           # a person with any other title
    PERSON = "person"               # a person named without a title
    PLACE = "place"
    OTHER = "other"


# Endings are checked in this order: the longest, most specific first (香港大學深圳研究院 is a lab).
_LAB_ENDS = ("实验室", "研究院", "研究所", "研究中心", "研发中心", "科学中心", "创新中心", "技术中心", "工程中心",
             "实验中心", "孵化器", "加速器", "科学院", "工程院", "研发院", "研究生院", "研究及发展中心", "研发平台",
             "创新平台", "科研平台", "研究基地", "研究会")
_UNIVERSITY_ENDS = ("大学", "学院", "书院")
_ZONE_ENDS = ("合作区", "科学城", "科技城", "科教城", "知识城", "新区", "园区", "科技园", "创新园", "产业园", "数据园",
              "科学园", "生物谷", "走廊", "基地", "示范区", "试验区", "开发区", "高新区", "自贸区", "新发展区",
              "都会区", "人工岛", "数码港", "河套地区", "集群", "创新中心")
_PROGRAMME_ENDS = ("计划", "基金", "方案", "规划", "纲要", "意见", "条例", "政策", "措施", "办法", "指数", "专项",
                   "行动", "战略", "策略", "报告", "蓝图", "通知", "规定", "细则", "大赛", "奖", "资助")
_GOVERNMENT_ENDS = ("局", "署", "处", "委员会", "政府", "办公室", "办", "部", "厅", "委", "法院", "立法会", "议会",
                    "管理局", "服务中心", "总署", "事务处", "中联办", "国务院", "海关", "警队", "警务处")
_COMPANY_ENDS = ("公司", "集团", "有限", "银行", "地产", "置业", "控股", "股份", "商会", "酒店", "证券", "保险")
# Words that make a body, a company or a title one of science, technology and innovation.
_ST_WORDS = ("科技", "科学", "创新", "创科", "科创", "研究", "研发", "实验", "技术", "生产力", "知识产权", "数码",
             "数字", "智能", "半导体", "芯片", "集成电路", "生物", "医药", "量子", "信息", "通信", "软件", "机器人",
             "新能源", "数据", "数学", "计算", "高校", "互联网", "网络", "电子", "航天", "院士", "校长", "教授", "工业")
_ST_TITLE_WORDS = ("科技", "科学", "创新", "创科", "科创", "研究", "研发", "实验室", "大学", "学院", "院士", "校长",
                   "教授", "科研", "生产力", "数码", "数字", "智能", "工业", "科学园", "科技园")


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(w in name for w in words)


@lru_cache(maxsize=65536)
def entity_category(canonical: str, type_: str, title: str | None = None) -> Category:
    """The category of an entity from its canonical name, its type and (people) its title as written.

    Cached: a day's digest asks it about the same few thousand names again and again."""
    name = to_simplified(canonical)
    if type_ == "place":
        return Category.PLACE
    if type_ == "person":
        if not title:
            return Category.PERSON
        return Category.ST_OFFICIAL if _has(to_simplified(title), _ST_TITLE_WORDS) else Category.OFFICIAL
    if name.endswith(_LAB_ENDS):
        return Category.LAB
    if name.endswith(_UNIVERSITY_ENDS) or ("大学（" in name and name.endswith("）")):
        return Category.UNIVERSITY
    if name.endswith(_ZONE_ENDS):
        return Category.ZONE
    if name.endswith(_PROGRAMME_ENDS) or name.startswith(("《", "「")):
        return Category.PROGRAMME
    if name.endswith(_COMPANY_ENDS):
        return Category.TECH_COMPANY if _has(name, _ST_WORDS) and not name.endswith("银行") else Category.COMPANY
    if name.endswith(_GOVERNMENT_ENDS):
        return Category.ST_BODY if _has(name, _ST_WORDS) else Category.GOVERNMENT
    if name.endswith(("中心", "协会", "联盟")) and _has(name, _ST_WORDS):
        return Category.LAB if name.endswith("中心") else Category.ST_BODY
    if name.endswith(("科技", "技术", "基因", "智能")):
        return Category.TECH_COMPANY  # 商汤科技, 华大基因: companies known by a short name
    if type_ == "project":
        # A curated project without a telling ending: a programme when its name is one of S&T (科技券,
        # 国家实验室体系), else a place-like undertaking (港珠澳大桥, 北部都会区).
        return Category.PROGRAMME if _has(name, _ST_WORDS) else Category.ZONE
    return Category.OTHER


# Places so common in this field that a mention says nothing: they are never news by themselves.
GENERIC_PLACES = frozenset(to_simplified(p) for p in (
    "香港", "內地", "中國", "國家", "深圳", "廣州", "廣東", "澳門", "大灣區", "粵港澳大灣區", "全國", "本港", "特區",
    "香港特區", "香港特別行政區", "祖國", "國際", "亞洲", "世界", "全球", "海外", "珠三角", "北京", "上海",
))
