"""A tiny progress reporter that writes to stderr; no dependency."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Print timed steps of a long run to stderr, or nothing when disabled.

    Examples
    --------
    >>> import io
    >>> stream = io.StringIO()
    >>> report = Progress(True, label="match", stream=stream)
    >>> report("pairs")
    >>> stream.getvalue().startswith("match [")
    True
    """

    def __init__(self, enabled: bool, label: str = "match", stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.label = label
        self.stream = stream
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        """Report one step with the seconds elapsed since the start."""
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        print(
            f"{self.label} [{elapsed:7.1f} s] {message}", file=self.stream or sys.stderr, flush=True
        )
