"""Salience: which figures are facts a digest shows (money, area, capacity, economic and policy
rates, counts of projects, firms, people or teams funded or landed), and which are only counts
(兩家銀行, 三名男子, three men)."""
from __future__ import annotations

import re

from nlp.convert import to_simplified
from nlp.model import Figure
from nlp.units import AREA_UNITS, CAPACITY_UNITS, MONEY, PERCENT, POINTS, TIMES

# What a salient count counts (simplified; English lower case, matched as word stems).
_COUNTED = re.compile(
    "项目|企业|公司|机构|团队|人才|科研|研究人员|研发人员|科学家|院士|学者|实验室|研究院|研究所|研究中心|"
    "创新中心|平台|专利|初创|独角兽|高校|大学|基金|课题|成果|岗位|职位|就业|孵化|园区|基地|产业|"
    "project|compan|enterprise|firm|start-?up|institut|laborator|\\blabs?\\b|universit|team|researcher|"
    "scientist|scholar|talent|professional|patent|unicorn|\\bjobs\\b|\\bposts\\b|fellowship|scholarship|"
    "incubatee|centres|centers|facilit|park|住宅|公屋|房屋单位|housing|flats")
# Verbs that make a count of people or units a fact of policy: funded, hired, attracted, landed.
_FUNDED = re.compile(
    "资助|落户|引进|引入|吸引|支持|入驻|进驻|新增|培育|孵化|聚集|集聚|签约|获批|立项|设立|成立|招聘|招收|"
    "培养|培训|创造|提供|建成|建设|兴建|供应|投产|认定|"
    "fund|attract|recruit|hire|support|land(?:ed|ing)|set up|establish|creat|admit|approv|grant|train|"
    "nurtur|incubat|house[ds]?\\b|produc|provid|build|construct|suppl|complet|employ|award|list(?:ed|ing)",
    re.IGNORECASE)
_RATE_UNITS = frozenset((PERCENT, POINTS, TIMES))


def is_salient(fig: Figure) -> bool:
    """A fact (money, area, capacity, a rate of a measure, a funded or landed count) or only a count."""
    if fig.unit == MONEY or fig.unit in AREA_UNITS or fig.unit in CAPACITY_UNITS:
        return True
    if fig.unit in _RATE_UNITS:
        return fig.direction is not None or fig.metric is not None or fig.unit == POINTS
    # A count is a fact when a policy produced or attracted what it counts (引進150個科研項目, funded 20
    # research projects), not when bodies only take part (兩家銀行) or people are in an incident (三名男子).
    counted = to_simplified(fig.metric or fig.unit)
    return _funded(fig) and (bool(_COUNTED.search(counted.lower())) or _people_or_units(counted))


def _funded(fig: Figure) -> bool:
    """A funding, hiring or landing verb shortly before the figure in its sentence."""
    at = fig.sentence.find(fig.text)
    before = to_simplified(fig.sentence[max(0, at - 24):at] if at >= 0 else fig.sentence)
    return bool(_FUNDED.search(before))


def _people_or_units(counted: str) -> bool:
    return bool(re.search("人员|学生|博士|硕士|人次|名额|学额|学位|宿位|单位|people|students|staff|places|units",
                          counted, re.IGNORECASE))
