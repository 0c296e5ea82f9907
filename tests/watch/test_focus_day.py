"""The digest of a mixed day (the mirror's on-topic pages among generated off-topic news in each source's
template, tests/focus_day.py) leads with what is on topic and counts everything else per source."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from gbawatch.config import load_settings, load_sources
from pipeline.ingest import IngestService
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from tests.focus_day import DAY, LABELS, MIRROR, generate, labelled_pages, on_day, records
from watch.digest import build_digest, render_markdown
from watch.digest_rank import POSSIBLY


def test_a_mixed_day_leads_with_what_is_on_topic(tmp_path: Path) -> None:
    sources = load_sources(load_settings().sources_file)
    on_topic = [p for p in labelled_pages(MIRROR, LABELS / "mirror_labels.jsonl", "mirror")
                if p.label and p.source in ("takungpao_hk", "takungpao_cn", "szgov", "gdgov")]
    off_topic = generate(tmp_path / "pages", 24)
    url = f"sqlite:///{tmp_path / 'day.db'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    stored = [(page, on_day(record, DAY)) for page, record, _ in records([*on_topic, *off_topic], sources)
              if record is not None]
    IngestService(sessions).ingest([record for _, record in stored])  # store, index, score, cluster, alert
    with sessions() as session:
        digest = build_digest(session, DAY, "Asia/Hong_Kong")
    engine.dispose()
    label = {record.url: page.label for page, record in stored}
    labelled = {s.key: any(label[a.url] for a in s.articles) for s in digest.stories}

    assert len(stored) == len(on_topic) + len(off_topic) and len(digest.articles) == len(stored)
    assert digest.top and all(labelled[s.key] for s in digest.top)  # what matters today is on topic
    assert digest.top == sorted(digest.top, key=lambda s: -s.importance)
    listed = {s.key for s in digest.top} | {s.key for stories in digest.sections.values() for s in stories}
    assert all(key in listed for key, on in labelled.items() if on)  # no on-topic story left out
    # Everything not listed is counted under its source, and most of the generated news is not listed.
    unlisted = Counter(a.source for s in digest.stories if s.key not in listed for a in s.articles)
    assert digest.others == dict(unlisted)
    assert sum(unlisted.values()) >= 0.8 * len(off_topic)
    assert set(digest.others) >= {"infogov", "takungpao_hk", "takungpao_cn"}
    assert all(not s.on_topic for s in digest.sections.get(POSSIBLY, []))
    markdown = render_markdown(digest)
    assert markdown.index("## What matters today") < markdown.index("## Everything else")
    for source, count in digest.others.items():
        assert f"- {source}: {count} other article(s)" in markdown
