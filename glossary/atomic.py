"""One way to write files: atomically, so that readers never see half a file.

Every write in the project goes through :func:`write_atomic` (temp file in the same folder,
fsync, rename), and every change of a term base is serialised by :func:`locked`.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator

from .errors import InputError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that the file is either the old one or the new one.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, "hello")
    >>> p.read_text()
    'hello'
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise InputError(f"cannot write: {e.strerror or e}", path) from None
        raise


def same_bytes(path: Path, data: bytes) -> bool:
    """True when ``path`` exists and holds exactly ``data``."""
    try:
        return path.read_bytes() == data
    except OSError:
        return False


@contextlib.contextmanager
def locked(folder: str | os.PathLike, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a ``.glossary.lock`` file) while changing it.

    Other writers wait up to ``timeout`` seconds, then get a clear error.
    """
    import fcntl

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / ".glossary.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise InputError(f"cannot lock: {e.strerror or e}", folder) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise InputError("another glossary process is writing here; try again", folder) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
