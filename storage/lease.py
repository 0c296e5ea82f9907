"""A named lease in the database: one scheduler per database, whichever machine it runs on.

The holder renews it; a lease not renewed for `ttl` is free, and so is one held by a process of this
host that no longer exists (a scheduler killed with SIGKILL is replaced at once on restart). Taking a
lease over is a compare-and-swap on its token, so two contenders never both win, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.types import utcnow
from storage.watch_models import SchedulerLease


@dataclass(frozen=True)
class Holder:
    token: str
    host: str
    pid: int

    @classmethod
    def this_process(cls) -> Holder:
        return cls(uuid.uuid4().hex, socket.gethostname(), os.getpid())


@dataclass(frozen=True)
class LeaseInfo:
    host: str
    pid: int
    acquired_at: datetime
    renewed_at: datetime


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:  # Linux: a killed process not yet reaped by its parent (a zombie) is dead too
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def acquire(session: Session, name: str, me: Holder, ttl: timedelta) -> LeaseInfo | None:
    """Take (or keep) the lease. None when `me` holds it now; else who does. Commits nothing itself."""
    now = utcnow()
    current = session.scalar(select(SchedulerLease).where(SchedulerLease.name == name))
    if current is None:
        try:
            with session.begin_nested():
                session.add(
                    SchedulerLease(name=name, token=me.token, host=me.host, pid=me.pid, acquired_at=now, renewed_at=now)
                )
            return None
        except IntegrityError:  # another contender inserted it first
            current = session.scalar(select(SchedulerLease).where(SchedulerLease.name == name))
            if current is None:
                raise
    if current.token != me.token:
        expired = current.renewed_at < now - ttl
        dead_here = current.host == me.host and current.pid != me.pid and not pid_alive(current.pid)
        if not (expired or dead_here):
            return LeaseInfo(current.host, current.pid, current.acquired_at, current.renewed_at)
    values = {"token": me.token, "host": me.host, "pid": me.pid, "renewed_at": now}
    if current.token != me.token:
        values["acquired_at"] = now
    swapped = session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.token == current.token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    if swapped.rowcount == 1:  # type: ignore[attr-defined]
        return None
    latest = session.scalar(select(SchedulerLease).where(SchedulerLease.name == name))
    if latest is None:  # released between our read and our swap: try again from the start
        return acquire(session, name, me, ttl)
    return LeaseInfo(latest.host, latest.pid, latest.acquired_at, latest.renewed_at)


def renew(session: Session, name: str, me: Holder) -> bool:
    """Extend the lease; False if `me` no longer holds it (it expired and someone took it)."""
    result = session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.token == me.token)
        .values(renewed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release(session: Session, name: str, me: Holder) -> None:
    session.execute(delete(SchedulerLease).where(SchedulerLease.name == name, SchedulerLease.token == me.token))
