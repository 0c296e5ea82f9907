"""Shared fixtures: the local HTTP mirror, database URLs for SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gbawatch.mirror import SNAPSHOT_ROOT, Mirror, start_mirror

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GBAWATCH_SHARED", REPO_ROOT.parent / "shared"))
POSTGRES_URL = os.environ.get("GBAWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def mirror() -> Iterator[Mirror]:
    """The bundled offline snapshot served from loopback, one port per site."""
    served = start_mirror(SNAPSHOT_ROOT)
    try:
        yield served
    finally:
        served.close()


def shared_folder(name: str) -> Path:
    """A folder of ../shared (real third-party pages, evaluation data), which the repository must not copy.

    Absent, the test fails rather than skips: CI has ../shared beside the checkout, and a skipped test
    would let a run pass without ever reading a real page.
    """
    path = SHARED / name
    if not path.is_dir():
        pytest.fail(f"{path} is needed: ../shared/{name} beside the repository holds the real pages and data "
                    "these tests read (they are not copied into the repository); put it there or set "
                    "GBAWATCH_SHARED to the folder holding samples/ and data/", pytrace=False)
    return path


@pytest.fixture(scope="session")
def shared_root() -> Path:
    """../shared, with both its samples/ and data/ folders."""
    shared_folder("samples")
    shared_folder("data")
    return SHARED


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    return shared_folder("samples")


@pytest.fixture
def python_exe() -> str:
    return sys.executable


def _postgres_available() -> str | None:
    """None if PostgreSQL answers, else the reason."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    reason = _postgres_available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and is not reachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {reason}")
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh schema per test on the real PostgreSQL server, dropped afterwards."""
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres_server}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def migrated_db(db_url: str) -> str:
    from storage.migrate import upgrade

    upgrade(db_url)
    return db_url


@pytest.fixture
def sessions(migrated_db: str) -> Iterator[object]:
    """A session factory on the migrated database; the engine is disposed afterwards."""
    from storage.engine import make_engine, session_factory

    engine = make_engine(migrated_db)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()
