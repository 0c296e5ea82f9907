"""Raise alerts: match new articles against each watch rule. Each alert and its outbox messages commit in one
transaction. (Alerts about the sources themselves — silence, drift — are in watch.source_health.)"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session, sessionmaker

from storage.article_views import alert_article
from storage.models import Article
from storage.profiles import RelevanceRow, relevance_of
from storage.records import ArticleRecord
from storage.repository import read_record
from storage.watch import (
    advance_watermark,
    candidate_articles,
    list_rules,
    record_alert,
    story_members,
)
from storage.watch_models import WatchRule
from storage.watch_outbox import enqueue
from watch.delivery import valid_address
from watch.errors import ProfileError, RuleError
from watch.matching import Match, RuleSpec, cluster_key_of, match_article
from watch.messages import alert_email, alert_json
from watch.profiles import get_profile
from watch.relevance_service import score_stored
from watch.safe_text import header_value

logger = logging.getLogger(__name__)

# A slow crawl may commit articles first seen before a faster crawl moved the watermark on.
DEFAULT_LOOKBACK = timedelta(hours=2)


@dataclass
class AlertReport:
    alerts: int = 0
    messages: int = 0
    rules: int = 0
    errors: list[str] = field(default_factory=list)


MAX_RULE_NAME = 100  # the column holds 128; a name is typed on command lines and shown in mail subjects


def check_rule_name(name: str) -> None:
    """A rule name: 1 to 100 characters, not blank, without control characters or line breaks (it goes into
    mail subjects, feed titles and terminal listings)."""
    if not name.strip():
        raise RuleError("a rule name cannot be empty")
    if len(name) > MAX_RULE_NAME:
        raise RuleError(f"a rule name is at most {MAX_RULE_NAME} characters, not {len(name):,}")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise RuleError(f"a rule name cannot hold control characters or line breaks: {header_value(name)!r}")


def parse_channel(spec: str) -> tuple[str, str]:
    """ "email:ADDR", "webhook:URL" or "feed" -> (channel, target)."""
    channel, _, target = spec.partition(":")
    if channel == "feed" and not target:
        return "feed", ""
    if channel == "email" and valid_address(target):
        return "email", target
    if channel == "webhook" and _valid_webhook(target):
        return "webhook", target
    raise RuleError(f"bad channel {spec!r}: expected email:ADDRESS, webhook:URL or feed")


def _valid_webhook(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and header_value(url) == url
            and not any(c.isspace() for c in url))


def rule_spec(rule: WatchRule) -> RuleSpec:
    return RuleSpec.build(rule.query, rule.entities, rule.sources, rule.min_relevance)


def summary_of(rule_name: str, article: ArticleRecord, match: Match) -> dict[str, Any]:
    """What an alert says (stored with it; the webhook body, the mail and the feed render it): the article's
    alert view (storage.article_views.ALERT) with what matched first."""
    return {
        "kind": "match",
        "rule": rule_name,
        **alert_article(article),
        "relevance": match.relevance,
        "terms": list(match.terms),
        "entities": list(match.entities),
        "officials": list(match.officials),
        "figures": list(match.figures),
        "lead": match.lead,
    }


def profile_relevance(session: Session, article_id: int, profile: str) -> RelevanceRow | None:
    """The article's stored relevance to `profile`, scored now if ingest did not (a profile added since)."""
    found = relevance_of(session, [article_id], profile).get(article_id)
    if found is None:
        try:
            score_stored(session, [article_id], [get_profile(session, profile)])
        except ProfileError:
            return None  # the profile was removed: the rule cannot match
        found = relevance_of(session, [article_id], profile).get(article_id)
    return found


def why_line(why: Sequence[dict[str, Any]], limit: int = 3) -> str:
    """The strongest signals that made an article relevant, as one line for a message."""
    parts = [str(s.get("text", "")) for s in why if float(s.get("weight", 0)) > 0][:limit]
    return "; ".join(p for p in parts if p)


def enqueue_alert(
    session: Session, alert_id: int, summary: dict[str, Any], channels: Sequence[str], tz: str
) -> int:
    """Queue one message per delivering channel; the feed needs none (it is rendered from alerts)."""
    queued = 0
    for spec in channels:
        channel, target = parse_channel(spec)
        if channel == "feed":
            continue
        payload = alert_email(summary, tz) if channel == "email" else alert_json(alert_id, summary)
        if (
            enqueue(
                session,
                dedup_key=f"alert:{alert_id}:{channel}:{target}",
                channel=channel,
                target=target,
                payload=payload,
                alert_id=alert_id,
            )
            is not None
        ):
            queued += 1
    return queued


def run_alerts(
    sessions: sessionmaker[Session], *, tz: str = "Asia/Hong_Kong", lookback: timedelta = DEFAULT_LOOKBACK
) -> AlertReport:
    """Match every enabled rule against the articles first seen since its watermark, then move it on: the
    scheduler's catch-up (a rule added with --since, anything a crawl elsewhere stored). Articles alert as
    they are stored (alert_new_articles); the unique constraints keep each alert once."""
    return _alert(sessions, tz=tz, lookback=lookback, article_ids=None)


def alert_new_articles(
    sessions: sessionmaker[Session], article_ids: Sequence[int], *, tz: str = "Asia/Hong_Kong",
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> AlertReport:
    """Match every enabled rule against these articles (a batch just stored, indexed and clustered) that
    were first seen since the rule's watermark: the ingest service's last step."""
    if not article_ids:
        return AlertReport()
    return _alert(sessions, tz=tz, lookback=lookback, article_ids=article_ids)


def _alert(sessions: sessionmaker[Session], *, tz: str, lookback: timedelta,
           article_ids: Sequence[int] | None) -> AlertReport:
    """One transaction per rule; the watermark moves only on a catch-up (article_ids None)."""
    report = AlertReport()
    with sessions() as session:
        rule_ids = [rule.id for rule in list_rules(session, enabled_only=True)]
    for rule_id in rule_ids:
        with sessions.begin() as session:
            rule = session.get(WatchRule, rule_id)
            if rule is None:
                continue  # removed meanwhile
            report.rules += 1
            try:
                spec = rule_spec(rule)
            except RuleError as exc:
                report.errors.append(f"rule {rule.name}: {exc}")
                continue
            articles = candidate_articles(session, rule, lookback=lookback, article_ids=article_ids)
            _alert_rule(session, rule, spec, articles, tz, report)
            if articles and article_ids is None:
                advance_watermark(session, rule, max(a.first_seen_at for a in articles))
    return report


def _alert_rule(session: Session, rule: WatchRule, spec: RuleSpec, articles: Sequence[Article], tz: str,
                report: AlertReport) -> None:
    stories = story_members(session, [a.id for a in articles])
    for article in articles:
        record = read_record(article)
        match = match_article(spec, record, cluster_key_of(article, stories.get(article.id, ())))
        if match is None:
            continue
        summary = summary_of(rule.name, record, match)
        if rule.profile:
            relevance = profile_relevance(session, article.id, rule.profile)
            if relevance is None or relevance.score < rule.min_profile_relevance:
                continue
            summary.update(profile=rule.profile, profile_relevance=relevance.score, why=why_line(relevance.why))
        alert_id = record_alert(
            session,
            kind="match",
            dedup_key=f"match:{rule.id}:{article.id}",
            rule_id=rule.id,
            article_id=article.id,
            cluster_key=match.cluster_key,
            source=record.source,
            title=record.title,
            summary=summary,
            relevance=match.relevance,
        )
        if alert_id is None:
            continue  # this article, or its story, alerted before
        report.alerts += 1
        report.messages += enqueue_alert(session, alert_id, summary, rule.channels, tz)
