"""Files the commands write (`export -o`, `digest --out`, `feed --out`, `trends --chart`): whole or not at all.

A regular file is written beside its target and renamed over it once complete, so a full disk or a broken
pipe leaves the old file (or none) rather than half of a new one; a device or pipe (`/dev/stdout`,
`/dev/full`, a FIFO) is written in place. Every failure is one `InputError` naming the path.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from gbawatch.errors import InputError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_writable(path: Path) -> None:
    """Fail now, before any work, if `path` cannot be written: a missing or read-only folder, a folder."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {_reason(exc)}") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"cannot write {path}: it is a directory")
    target = path if mode is not None and not stat.S_ISREG(mode) else path.parent
    if not target.exists():
        raise InputError(f"cannot write {path}: no directory {path.parent}")
    if not os.access(target, os.W_OK):
        raise InputError(f"cannot write {path}: permission denied")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def output_file(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """An open file whose content reaches `path` only if the block completes and every byte was written."""
    check_writable(path)
    text = "b" not in mode
    encoding, newline = ("utf-8", "") if text else (None, None)
    regular = not path.exists() or path.is_file()
    try:
        if not regular:
            with open(path, mode, encoding=encoding, newline=newline) as handle:  # a device or pipe: written in place
                yield handle
            return
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        try:
            with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {path}: {_reason(exc)}") from exc
