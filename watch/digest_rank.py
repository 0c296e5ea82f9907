"""What leads a digest: each story's relevance to the profile and importance, the top stories, the themed
sections of the rest on topic, and a count per source of everything else.

First mentions, rising entities, officials and figures are kept for on-topic stories only; generic places
(香港, 內地) never count as news unless they rise well above their own baseline.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from nlp.categories import GENERIC_PLACES, Category, entity_category
from nlp.convert import to_simplified
from storage.models import Article
from storage.profiles import scores_of
from watch.importance import StoryFacts, importance, is_salient, why
from watch.profiles import TopicProfile
from watch.relevance import is_government, score
from watch.relevance_inputs import signals_from_article
from watch.relevance_model import shipped_model
from watch.trends import Rising

if TYPE_CHECKING:
    from watch.digest import Digest, Story

TOP_STORIES = 10
# A generic place is news only when it rises this much against its own baseline (log2: eight times).
GENERIC_PLACE_RISE = 3.0
THEMES = ("Policy documents", "Funding and figures", "People and appointments", "Zones and projects",
          "More on topic")
POSSIBLY = "Possibly on topic"  # below the profile's threshold, at or above its digest_threshold
_POLICY = re.compile(r"方案|规划|意见|通知|办法|措施|政策|纲要|条例|蓝图|施政报告|policy|blueprint|plan\b|scheme|"
                     r"ordinance|guideline", re.IGNORECASE)
_APPOINT = re.compile(r"任命|委任|获委|出任|履新|appoint|nominat", re.IGNORECASE)
_PLACES = {Category.ZONE, Category.LAB, Category.UNIVERSITY}


def article_relevance(session: Session, articles: Sequence[Article], profile: TopicProfile) -> dict[int, float]:
    """Stored scores; an article never scored for this profile is scored now (not stored: a digest only reads)."""
    stored = scores_of(session, [a.id for a in articles], profile.name)
    model = shipped_model()
    for article in articles:
        if article.id not in stored:
            stored[article.id] = score(signals_from_article(article), profile, model).score
    return stored


def _facts(articles: Sequence[Article], relevance: dict[int, float], profile: TopicProfile,
           new_today: set[str]) -> tuple[StoryFacts, set[Category]]:
    facts = StoryFacts(relevance=max(relevance[a.id] for a in articles))
    categories: set[Category] = set()
    mentioned: Counter[str] = Counter()
    for article in articles:
        facts.sources.add(article.source.name)
        facts.languages.add("en" if article.language == "en" else "zh")
        facts.government |= is_government(article.url)
        for mention in article.mentions:
            entity = mention.entity
            category = entity_category(entity.canonical, entity.type, mention.title)
            categories.add(category)
            if entity.type == "person":
                if mention.title:
                    facts.officials.setdefault(entity.canonical, mention.title)
                    if entity.canonical in new_today and entity.canonical not in facts.first_mentions:
                        facts.first_mentions.append(entity.canonical)  # an official quoted on topic
            elif category in profile.categories:
                mentioned[entity.canonical] += 1
                if entity.canonical in new_today and entity.canonical not in facts.first_mentions:
                    facts.first_mentions.append(entity.canonical)
        facts.salient_figures += [f.text for f in article.figures if is_salient(f)]
    facts.entities = [name for name, _ in mentioned.most_common()]
    return facts, categories


def _theme(story: Story, articles: Sequence[Article], facts: StoryFacts, categories: set[Category]) -> str:
    title = to_simplified(story.title)
    if any(a.document_number for a in articles) or _POLICY.search(title):
        return THEMES[0]
    if facts.salient_figures:
        return THEMES[1]
    if _APPOINT.search(title) or any(name in story.title for name in facts.officials):
        return THEMES[2]
    if categories & _PLACES:
        return THEMES[3]
    return THEMES[4]


def rank(session: Session, digest: Digest, by_story: dict[str, list[Article]], profile: TopicProfile) -> None:
    """Fill the digest's top, sections and others, and keep only on-topic entities, figures and officials."""
    articles = [a for group in by_story.values() for a in group]
    relevance = article_relevance(session, articles, profile)
    new_today = {canonical for _, canonical in digest.new_entities}
    on_topic_entities: set[str] = set()
    on_topic_urls: set[str] = set()
    others: Counter[str] = Counter()
    ranked: list[Story] = []
    possibly: list[Story] = []
    for story in digest.stories:
        group = by_story[story.key]
        facts, categories = _facts(group, relevance, profile, new_today)
        story.relevance = facts.relevance
        story.importance = importance(facts)
        story.why = why(facts)
        story.on_topic = facts.relevance >= profile.threshold
        if not story.on_topic:
            if facts.relevance >= profile.digest_threshold:
                story.theme = POSSIBLY
                possibly.append(story)
            else:
                others.update(a.source.name for a in group)
            continue
        story.theme = _theme(story, group, facts, categories)
        ranked.append(story)
        on_topic_entities.update(facts.entities, facts.first_mentions)
        on_topic_urls.update(a.url for a in group)
    ranked.sort(key=lambda s: (-s.importance, s.articles[0].published_at))
    digest.profile = profile.name
    digest.top = ranked[:TOP_STORIES]
    digest.sections = {theme: [s for s in ranked[TOP_STORIES:] if s.theme == theme] for theme in THEMES}
    digest.sections = {theme: stories for theme, stories in digest.sections.items() if stories}
    if possibly:
        digest.sections[POSSIBLY] = sorted(possibly, key=lambda s: (-s.relevance, s.articles[0].published_at))
    digest.others = dict(sorted(others.items()))
    digest.new_entities = [(t, c) for t, c in digest.new_entities if c in on_topic_entities]
    digest.figures = [f for f in digest.figures if f.url in on_topic_urls and is_salient(f)]
    quoted = {name for s in ranked for name in _names(by_story[s.key])}
    digest.officials = {p: t for p, t in digest.officials.items() if p in quoted or any(p in s.why for s in ranked)}
    digest.entities = {c: a for c, a in digest.entities.items() if c in on_topic_entities}
    digest.rising = [r for r in digest.rising if _rising_counts(r, profile, on_topic_entities)]


def _names(articles: Sequence[Article]) -> set[str]:
    return {m.entity.canonical for a in articles for m in a.mentions}


def _rising_counts(rising: Rising, profile: TopicProfile, on_topic: set[str]) -> bool:
    if to_simplified(rising.name) in GENERIC_PLACES:
        # rising_entities() asked for twice the usual rate; a generic place must rise far more than that.
        return math.log2((rising.today + 1) / (rising.baseline + 1)) >= GENERIC_PLACE_RISE
    return rising.name in on_topic or entity_category(rising.name, rising.type) in profile.categories
