"""Real processes for the reliability suite: `gbawatch` subprocesses, kill -9 at a stored count, counts.

Every scenario ends in an `Outcome` (articles expected / stored / spooled / lost; alerts expected / sent /
doubled) that the suite asserts and prints in its summary (tests/reliability/conftest.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.engine import make_engine

REPO = Path(__file__).resolve().parents[2]
# Politeness off against the loopback site: the scenarios are about state, not pacing.
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


@dataclass
class Outcome:
    scenario: str
    expected: int
    stored: int
    spooled: int = 0
    dropped: int = 0  # counted by the crawl with a reason (never part of `lost`)
    alerts: Alerts | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return max(0, self.expected - self.stored - self.spooled - self.dropped)

    def line(self) -> str:
        alerts = "" if self.alerts is None else f"  {self.alerts.line()}"
        notes = f"  ({'; '.join(self.notes)})" if self.notes else ""
        return (f"{self.scenario:58} expected {self.expected:>4} stored {self.stored:>4} "
                f"spooled {self.spooled:>4} dropped {self.dropped:>3} lost {self.lost:>3}{alerts}{notes}")


OUTCOMES: list[Outcome] = []


@dataclass(frozen=True)
class Alerts:
    """A watch rule's alerts at the end of a scenario.

    expected: the stories (final clusters; an unclustered article is its own) holding an article the rule
    matches; sent: alerts raised, each with one message queued per channel (`messages`); missed: those
    stories without an alert; doubled: a second alert for one (rule, article) or (rule, story key), or a
    second message for one alert and channel. A story that merged two stories after each had alerted keeps
    both alerts: neither is a repeat of the other when it was raised.
    """

    expected: int
    sent: int
    messages: int
    missed: int
    doubled: int

    def line(self) -> str:
        return (f"alerts expected {self.expected:>3} sent {self.sent:>3} (messages {self.messages:>3}) "
                f"missed {self.missed} doubled {self.doubled}")


def record(outcome: Outcome) -> Outcome:
    """Keep the outcome for the summary, print it, and hold the suite's promise: nothing lost, nothing doubled."""
    OUTCOMES.append(outcome)
    print(outcome.line())
    assert outcome.lost == 0, outcome.line()
    if outcome.alerts is not None:
        assert outcome.alerts.missed == 0 and outcome.alerts.doubled == 0, outcome.line()
    return outcome


def gbawatch_command(db: str, sources: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "gbawatch", "--db", db, "--sources", str(sources), *args]


def run(db: str, sources: Path, *args: str, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(gbawatch_command(db, sources, *args), cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})


def count(db: str, query: str = "SELECT count(*) FROM article") -> int:
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def crawl_killed_at(db: str, sources: Path, stored: int, *args: str, workdir: Path,
                    deadline: float = 300) -> int:
    """Start `gbawatch crawl ARGS`, kill -9 it once the database holds `stored` articles; the count then.

    The count is read from the database the crawl writes (its own connection), polled: the kill lands
    between two stored batches, wherever the crawl happens to be in its lists and requests.
    """
    log = workdir / f"killed-{stored}-{time.monotonic_ns()}.log"
    with log.open("w") as output:
        child = subprocess.Popen(gbawatch_command(db, sources, *args), cwd=REPO, stdout=output,
                                 stderr=subprocess.STDOUT)
    try:
        give_up = time.monotonic() + deadline  # a guard against a hung child, not a timed assertion
        while child.poll() is None and time.monotonic() < give_up:
            if _stored_or_zero(db) >= stored:
                break
            time.sleep(0.05)
        assert child.poll() is None, f"the crawl ended before {stored} articles were stored:\n{log.read_text()}"
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return count(db)


def _stored_or_zero(db: str) -> int:
    try:
        return count(db)
    except DBAPIError:  # the crawl has not created the schema yet
        return 0


WATCH_RULE = ("watch", "add", "quantum", "--query", "量子科技研究計劃", "--since", "2000-01-01",
              "--email", "desk@example.org")


def alerts_of(db: str, sources: Path, rule: str = "quantum") -> Alerts:
    """Count `rule`'s alerts against the articles it matches (`gbawatch watch test`, the same matcher)."""
    tested = run(db, sources, "watch", "test", rule, "--limit", "100000", "--scan", "100000")
    assert tested.returncode == 0, tested.stderr
    urls = [line.split()[-1] for line in tested.stdout.splitlines() if line.startswith("      ")]
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            ids = dict(connection.execute(text("SELECT url, id FROM article")).all())
            cluster = dict(connection.execute(text("SELECT article_id, cluster_id FROM story_member")).all())
            twin = dict(connection.execute(text("SELECT id, twin_id FROM article WHERE twin_id IS NOT NULL")).all())
            alerts = connection.execute(text(
                "SELECT a.id, a.article_id, a.cluster_key FROM alert a JOIN watch_rule r ON r.id = a.rule_id "
                "WHERE r.name = :rule"), {"rule": rule}).all()
            messages = connection.execute(text(
                "SELECT m.alert_id, m.channel, m.target FROM outbox_message m JOIN alert a ON a.id = m.alert_id "
                "JOIN watch_rule r ON r.id = a.rule_id WHERE r.name = :rule"), {"rule": rule}).all()
    finally:
        engine.dispose()

    def story(article_id: int) -> tuple[str, int]:
        if article_id in cluster:
            return ("cluster", cluster[article_id])
        return ("article", min(article_id, twin.get(article_id, article_id)))

    expected = {story(ids[url]) for url in urls}
    covered = {story(article_id) for _, article_id, _ in alerts}
    doubled = ((len(alerts) - len({a for _, a, _ in alerts})) + (len(alerts) - len({k for _, _, k in alerts}))
               + (len(messages) - len(set(messages))))
    return Alerts(expected=len(expected), sent=len(alerts), messages=len(messages),
                  missed=len(expected - covered), doubled=doubled)
