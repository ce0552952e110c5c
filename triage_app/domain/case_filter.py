"""What the case list is filtered and sorted by: a plain value object shared by UI and export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

SORT_KEYS = ("date", "reference", "region", "status", "title", "victims", "updated")


@dataclass(frozen=True)
class CaseFilter:
    crime_type: str | None = None
    command_level: str | None = None
    forum: str | None = None
    region: str | None = None
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    include_deleted: bool = False

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", False) for f in fields(self))

    def describe(self) -> dict[str, str]:
        """The non-empty criteria as text, e.g. for an export's About sheet."""
        return {
            f.name: str(getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) not in (None, "", False)
        }


@dataclass(frozen=True)
class CaseSort:
    key: str = "date"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {self.key!r}; use one of {', '.join(SORT_KEYS)}")
