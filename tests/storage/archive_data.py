"""A small two-script archive for the search, trends and cluster tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from nlp.convert import to_simplified
from storage.archive_index import index_pending
from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.repository import upsert_article

HKT = timezone(timedelta(hours=8))

HETAO = ("河套深港科技創新合作區", "project", ("河套", "河套合作區", "河套合作区", "河套深港科技创新合作区"))
QIANHAI = ("前海深港現代服務業合作區", "project", ("前海", "前海合作區", "前海合作区"))
QUANTUM = (
    "粵港澳大灣區量子科學中心",
    "organisation",
    ("量子科學中心", "量子科学中心", "粤港澳大湾区量子科学中心"),
)
SUN = ("孫東", "person", ("孙东",))


def mention(entity: tuple[str, str, tuple[str, ...]], text: str) -> MentionRecord:
    canonical, type_, aliases = entity
    surface = next((a for a in (canonical, *aliases) if a in text), canonical)
    start = max(0, text.find(surface))
    return MentionRecord(
        surface=surface,
        canonical=canonical,
        canonical_simplified=to_simplified(canonical),
        type=type_,
        title=None,
        start=start,
        end=start + len(surface),
        known=True,
        aliases=aliases,
    )


def article(
    url: str,
    source: str,
    title: str,
    text: str,
    when: datetime,
    *,
    section: str | None = None,
    entities: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
    figures: tuple[dict[str, Any], ...] = (),
    twin: str | None = None,
) -> ArticleRecord:
    return ArticleRecord(
        url=url,
        url_key=url.split("://", 1)[1],
        source=source,
        title=title,
        text=text,
        title_simplified=to_simplified(title),
        text_simplified=to_simplified(text),
        published_at=when,
        content_hash=str(abs(hash(title + text))),
        section=section,
        twin_url=twin,
        mentions=[mention(e, title + text) for e in entities],
        figures=[
            FigureRecord(
                value=f["value"],
                unit=f.get("unit", "個"),
                currency=None,
                metric=f["metric"],
                qualifier=None,
                text=f["text"],
                sentence=f["sentence"],
                start=0,
                end=len(f["text"]),
                entity=f.get("entity"),
            )
            for f in figures
        ],
    )


def day(d: int, month: int = 3, year: int = 2025, hour: int = 10) -> datetime:
    return datetime(year, month, d, hour, 0, tzinfo=HKT)


ARTICLES = [
    article(
        "https://www.takungpao.com.hk/a/1.html",
        "takungpao_hk",
        "大灣區量子科學中心啟用",
        "粵港澳大灣區量子科學中心昨日在河套合作區啟用，中心裏設有三個實驗室。中心將推動量子計算研究。",
        day(3),
        section="要聞",
        entities=(QUANTUM, HETAO),
        twin="https://www.takungpao.com/a/1.html",
    ),
    article(
        "https://www.takungpao.com/a/1.html",
        "takungpao_cn",
        "大湾区量子科学中心启用",
        "粤港澳大湾区量子科学中心昨日在河套合作区启用，中心里设有三个实验室。中心将推动量子计算研究。",
        day(3, hour=11),
        section="要闻",
        entities=(QUANTUM, HETAO),
        twin="https://www.takungpao.com.hk/a/1.html",
    ),
    article(
        "https://www.news.gov.hk/a/2.html",
        "newsgov",
        "孫東：河套香港園區首批大樓年底落成",
        "創新科技及工業局局長孫東表示，河套香港園區首批大樓將於年底落成，已落地150個項目。綫上展覽同步舉行。",
        day(5),
        section="創新科技",
        entities=(SUN, HETAO),
        figures=(
            {
                "value": 150,
                "metric": "項目",
                "text": "150個項目",
                "entity": HETAO[0],
                "sentence": "河套香港園區首批大樓將於年底落成，已落地150個項目。",
            },
        ),
    ),
    article(
        "https://www.sz.gov.cn/a/3.html",
        "szgov",
        "前海发布支持科技企业十条措施",
        "前海深港现代服务业合作区发布措施，支持港澳青年在前海创新创业，着力打造国际人才高地。",
        day(7),
        section="新闻发布",
        entities=(QIANHAI,),
    ),
    article(
        "https://www.sz.gov.cn/a/4.html",
        "szgov",
        "河套深圳园区新一批项目签约",
        "河套深港科技创新合作区深圳园区新一批200个项目集中签约，涵盖量子信息、集成电路等领域。",
        day(20, month=6),
        section="新闻发布",
        entities=(HETAO,),
        figures=(
            {
                "value": 200,
                "metric": "项目",
                "text": "200个项目",
                "entity": HETAO[0],
                "sentence": "河套深港科技创新合作区深圳园区新一批200个项目集中签约。",
            },
        ),
    ),
    article(
        "https://www.info.gov.hk/a/5.html",
        "infogov",
        "ITF supports 150 Greater Bay Area projects",
        "The Innovation and Technology Fund supported 150 collaboration projects in the Hetao zone. "
        "Hong Kong and Shenzhen signed an MoU.",
        day(8),
        section="Press release",
        entities=(HETAO,),
    ),
    article(
        "https://www.info.gov.hk/a/6.html",
        "infogov",
        "科學園與深圳簽署備忘錄",
        "香港科技園公司與深圳簽署合作備忘錄，推動河套科研合作。量子與人工智能是重點。",
        day(9),
        section="新聞公報",
        entities=(HETAO,),
    ),
]


def load(sessions: sessionmaker[Session], records: list[ArticleRecord] | None = None) -> dict[str, int]:
    """Store the articles, index them; their ids by URL."""
    ids = {}
    with sessions.begin() as session:
        for record in records or ARTICLES:
            ids[record.url] = upsert_article(session, record).article_id
        index_pending(session)
    return ids
