"""The reporter a lead names when a page's byline is empty: 【大公報訊】記者陸九如報道, 記者X、Y深圳報道,
BEIJING, Nov 27 (Xinhua) --. A photographer's credit (記者X攝) is never an author."""
from __future__ import annotations

import re

from nlp.model import Analysis

LEAD = 80  # a credit opens the text: only people named this early can be its reporters
_REPORTER_TITLES = ("記者", "记者", "通訊員", "通讯员", "特約記者", "特约记者")
# 報道 may follow a dateline place (胡永愛深圳報道); 攝影報道 is a reporter's report with photos.
_REPORTS = re.compile(r"^[\u3400-\u9fff]{0,4}?(?:攝影)?(?:報道|报道|報導|报导|訊|讯)")
_AGENCY = re.compile(
    r"^\s*[A-Z][A-Za-z0-9 .,'-]{0,40}?\(\s*(?P<agency>Xinhua|Reuters|AFP|AP|Bloomberg|Kyodo|Yonhap|Bernama|CNA"
    r"|[A-Z][A-Za-z]+ News Agency)\s*\)\s*[-–—]")


def lead_author(analysis: Analysis) -> str | None:
    """Reporters credited at the start of the text, joined by 、; a news agency's name; or None."""
    text = analysis.original
    agency = _AGENCY.match(text[:160])
    if agency:
        return agency.group("agency")
    names: list[str] = []
    previous_end = -1
    for person in analysis.persons():
        if person.start > LEAD:
            break
        credited = person.title is not None and person.title.endswith(_REPORTER_TITLES)
        listed = bool(names) and text[previous_end:person.start] in ("、", "，", " ", "及", "和")
        if (credited or listed) and person.text not in names:
            names.append(person.text)
            previous_end = person.end
    if names and _REPORTS.match(text[previous_end:previous_end + 8]):
        return "、".join(names)
    return None
