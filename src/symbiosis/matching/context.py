"""What ``MatchResult.explain`` needs besides the result's tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from symbiosis.matching.economics import Prices

__all__ = ["MatchContext"]


@dataclass(frozen=True, eq=False)
class MatchContext:
    """What `explain` needs besides the tables: the flows, outside parties, names and prices."""

    flows: pd.DataFrame
    outside: pd.DataFrame
    names: dict[str, str]
    prices: Prices

    @cached_property
    def flow_records(self) -> dict[str, dict[str, Any]]:
        """Each flow's fields by flow id (built on the first explanation)."""
        return {str(key): value for key, value in self.flows.to_dict("index").items()}
