"""Write a file atomically: to a temporary file beside it, then rename it into place.

A reader never sees half a file, and a failed write leaves the previous file as it was. Every
file symbiosis writes (zones, the template, match results, plans, configs, graph exports, the
HTML report) goes through :func:`write_atomically` or :func:`write_files_atomically`; callers
build the whole content in memory first.

When the file cannot be written, :class:`~symbiosis.errors.OutputError` names the file the
caller asked for (never the hidden temporary file) and says why: a missing folder, a folder
where a file is due, no permission, a full disk, a name too long.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from symbiosis.errors import OutputError

__all__ = ["output_error", "write_atomically", "write_files_atomically"]

# The temporary file's name starts with this much of the target's name: a target name near
# the file system's limit (255 bytes) must not make the temporary name too long.
_TEMPORARY_NAME_CHARACTERS = 40
_FULL_DISK = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_NO_PERMISSION = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: then it is not a folder
        return False


def output_error(path: Path, error: OSError) -> OutputError:
    """The error to raise when ``path`` cannot be written, naming ``path`` and the reason.

    Examples
    --------
    >>> print(output_error(Path("no-such-folder/plan.csv"), FileNotFoundError(2, "No such file")))
    cannot write 'no-such-folder/plan.csv': the folder 'no-such-folder' does not exist; create it \
or choose another file
    """
    folder = path.parent
    code = error.errno
    if _is_folder(path):
        reason = "it is a folder; give the name of a file to write"
    elif isinstance(error, FileNotFoundError) and not _is_folder(folder):
        reason = f"the folder {str(folder)!r} does not exist; create it or choose another file"
    elif code == errno.ENAMETOOLONG:
        reason = (
            f"the file name is too long ({len(path.name)} characters; most file systems allow "
            "255 bytes); choose a shorter name"
        )
    elif code in _FULL_DISK:
        reason = "no space left on the disk; free some space (the previous file is unchanged)"
    elif code in _NO_PERMISSION or isinstance(error, PermissionError):
        reason = f"no permission to write in the folder {str(folder)!r}; choose another folder"
    elif code == errno.ENOTDIR:
        reason = f"part of the folder {str(folder)!r} is a file, not a folder"
    else:
        reason = error.strerror or str(error)
    return OutputError(f"cannot write {str(path)!r}: {reason}")


def _destination(path: Path) -> Path:
    """The file to replace: the one a link points to (the link stays); never a device or pipe."""
    try:
        target = path.resolve() if path.is_symlink() else path
        special = target.exists() and not target.is_file() and not target.is_dir()
    except OSError:  # a name too long: the writing will say so
        return path
    if _is_folder(target):
        raise output_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    if special:
        raise OutputError(
            f"cannot write {str(path)!r}: it is not a regular file (a device, a pipe or a "
            "socket); give the name of a file"
        )
    return target


def _temporary_copy(target: Path, data: bytes, shown: Path) -> Path:
    """A temporary file beside ``target`` holding ``data``; errors name ``shown``."""
    prefix = f".{target.name[:_TEMPORARY_NAME_CHARACTERS]}."
    try:
        descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    except OSError as error:
        raise output_error(shown, error) from error
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; give it the mode of the file it replaces.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        temporary.chmod(mode)
    except BaseException as error:
        with suppress(FileNotFoundError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise output_error(shown, error) from error
        raise
    return temporary


def _replace(temporary: Path, target: Path, shown: Path) -> None:
    try:
        os.replace(temporary, target)
    except OSError as error:
        raise output_error(shown, error) from error


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    A link is followed: the file it points to is replaced and the link stays.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        When the file cannot be written (or ``path`` is a folder, a device or a pipe); the
        previous file, if any, is left as it was.
    """
    target = _destination(path)
    temporary = _temporary_copy(target, data, path)
    try:
        _replace(temporary, target, path)
    except BaseException:
        with suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return path


def write_files_atomically(files: Mapping[Path, bytes]) -> None:
    """Write several files: every temporary file first, then each is renamed into place.

    When a temporary file cannot be written, no file is replaced; no temporary file is left.

    Raises
    ------
    OutputError
        Naming the file that could not be written.
    """
    targets = {path: _destination(path) for path in files}
    written: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            written[path] = _temporary_copy(targets[path], data, path)
        for path, temporary in list(written.items()):
            _replace(temporary, targets[path], path)
            del written[path]
    except BaseException:
        for temporary in written.values():
            with suppress(FileNotFoundError):
                temporary.unlink()
        raise
