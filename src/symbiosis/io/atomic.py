"""Write a file atomically: to a temporary file beside it, then rename it into place.

A reader never sees half a file, and a failed write leaves the previous file as it was. Every
file symbiosis writes (zones, the template, match results, plans, configs, graph exports, the
HTML report) goes through :func:`write_atomically` or :func:`write_files_atomically`; callers
build the whole content in memory first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

__all__ = ["write_atomically", "write_files_atomically"]


def _temporary_copy(path: Path, data: bytes) -> Path:
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; give it the mode of the file it replaces.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        temporary.chmod(mode)
    except BaseException:
        with suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return temporary


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Returns
    -------
    Path
        ``path``.
    """
    temporary = _temporary_copy(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return path


def write_files_atomically(files: Mapping[Path, bytes]) -> None:
    """Write several files: every temporary file first, then each is renamed into place.

    When a temporary file cannot be written, no file is replaced; no temporary file is left.
    """
    written: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            written[path] = _temporary_copy(path, data)
        for path, temporary in list(written.items()):
            os.replace(temporary, path)
            del written[path]
    except BaseException:
        for temporary in written.values():
            with suppress(FileNotFoundError):
                temporary.unlink()
        raise
