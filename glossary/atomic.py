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
from typing import Iterator, Mapping

from .errors import InputError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that the file is either the old one or the new one.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, "hello")
    >>> p.read_text()
    'hello'
    """
    write_files({Path(path): data})


def write_files(files: Mapping[Path, bytes | str]) -> None:
    """Write several files as one change: every temp file is written and fsynced first, then all
    are renamed into place; when any step fails, the files renamed so far get their old bytes
    back and no temp file is left, so the folder is as it was (the error is an InputError).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_files({d / "a.txt": "one", d / "sub" / "b.txt": b"two"})
    >>> sorted(p.name for p in d.rglob("*")), (d / "sub" / "b.txt").read_text()
    (['a.txt', 'b.txt', 'sub'], 'two')
    """
    staged: list[tuple[Path, str]] = []
    replaced: list[tuple[Path, bytes | None, int]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            staged.append((path, _stage(path, data.encode("utf-8") if isinstance(data, str) else data)))
        for path, tmp in staged:
            try:
                old = path.read_bytes() if len(staged) > 1 and path.exists() else None
                mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
                os.chmod(tmp, mode)
            except OSError as e:
                raise InputError(f"cannot write: {e.strerror or e}", path) from None
            try:
                os.replace(tmp, path)
            except OSError as e:
                raise InputError(f"cannot write: {_reason(e, path)}", path) from None
            replaced.append((path, old, mode))
    except BaseException:
        for _, tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for path, old, mode in reversed(replaced):
            _restore(path, old, mode)
        raise
    for folder in dict.fromkeys(path.parent for path, _ in staged):
        _fsync_folder(folder)


def _stage(path: Path, data: bytes) -> str:
    """A fsynced temp file holding ``data`` next to ``path`` (hidden: ``.NAME.XXXX.tmp``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(f"cannot write: {_reason(e, path)}", path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise InputError(f"cannot write: {e.strerror or e}", path) from None
        raise
    return tmp


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _restore(path: Path, old: bytes | None, mode: int) -> None:
    """Put back the bytes a failed :func:`write_files` had replaced (best effort)."""
    with contextlib.suppress(OSError, InputError):
        if old is None:
            os.unlink(path)
        else:
            tmp = _stage(path, old)
            os.chmod(tmp, mode)
            os.replace(tmp, path)


def _reason(error: OSError, path: Path) -> str:
    """The OS error, naming the ancestor of ``path`` that is a file where a folder is needed.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "f"
    >>> _ = f.write_text("x")
    >>> _reason(FileExistsError(17, "File exists"), f / "sub" / "a.txt") == f"{f} is a file, not a folder"
    True
    """
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        for parent in path.parents:
            if parent.exists() or parent.is_symlink():
                if not parent.is_dir():
                    return f"{parent} is a file, not a folder"
                break
    return error.strerror or str(error)


def read_bytes(path: str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; every failure is an InputError naming the file (one reader for all).

    >>> read_bytes("/no/such/file")
    Traceback (most recent call last):
    glossary.errors.InputError: /no/such/file: cannot read: No such file or directory
    """
    path = Path(path)
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise InputError(f"refused: {path.stat().st_size:,} bytes is more than the limit of {max_bytes:,} bytes", path)
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path) from None


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
