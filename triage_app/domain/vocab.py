"""Controlled vocabularies loaded from ``resources/vocab/*.toml``.

Every code carries an English and a Ukrainian label. Codes are stable strings; labels are for
people. Loading validates each file and an unknown code anywhere raises ``UnknownCodeError``
naming the vocabulary and the code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from triage_app.domain.paths import VOCAB_DIR

LANGUAGES = ("en", "uk")

# name -> file stem; the names are what the rest of the code uses.
VOCABULARIES = (
    "crime_types",
    "command_levels",
    "forums",
    "modes_of_liability",
    "flags",
    "statuses",
    "regions",
    "custody",
    "date_precisions",
    "evidence_kinds",
)


_UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UK_ORDER = {ch: f"{i:02d}" for i, ch in enumerate(_UK_ALPHABET)}


def alphabetical_key(text: str) -> str:
    """Sort key for labels in the Ukrainian alphabet (Unicode puts є, і, ї, ґ out of place);
    Latin text sorts as usual, after Cyrillic."""
    return "".join(_UK_ORDER.get(ch, f"~{ch}") for ch in text.casefold())


class VocabularyError(ValueError):
    """A vocabulary file is malformed."""


class UnknownCodeError(ValueError):
    """A code is not in its vocabulary."""

    def __init__(self, vocabulary: str, code: object, where: str = "") -> None:
        self.vocabulary = vocabulary
        self.code = code
        self.where = where
        place = f"{where}: " if where else ""
        super().__init__(f"{place}unknown {vocabulary} code {code!r}")


@dataclass(frozen=True)
class Term:
    """One code of a vocabulary with its labels and any extra attributes from the file."""

    code: str
    en: str
    uk: str
    extra: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, lang: str = "en") -> str:
        return self.uk if lang == "uk" else self.en


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms; order is the file's order (used for drop-downs)."""

    name: str
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {t.code: t for t in self.terms})

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, code: str) -> Term:
        try:
            return self._by_code[code]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            raise UnknownCodeError(self.name, code) from None

    def label(self, code: str, lang: str = "en") -> str:
        return self.get(code).label(lang)

    def check(self, code: object, where: str = "") -> str:
        """Return ``code`` if it belongs here, else raise an error naming it and ``where``."""
        if not isinstance(code, str) or code not in self:
            raise UnknownCodeError(self.name, code, where)
        return code

    def check_all(self, codes: Iterable[object], where: str = "") -> list[str]:
        return [self.check(c, where) for c in codes]


def parse_vocabulary(name: str, text: str, source: str = "<string>") -> Vocabulary:
    """Parse one vocabulary file's text; errors name the file and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{source}: {exc}") from exc
    items = data.get("item")
    if not isinstance(items, list) or not items:
        raise VocabularyError(f"{source}: no [[item]] entries")
    terms: list[Term] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        code = item.get("code")
        if not isinstance(code, str) or not code:
            raise VocabularyError(f"{source}: item {n} has no code")
        if code in seen:
            raise VocabularyError(f"{source}: duplicate code {code}")
        seen.add(code)
        for lang in LANGUAGES:
            if not isinstance(item.get(lang), str) or not item[lang].strip():
                raise VocabularyError(f"{source}: {code} has no {lang!r} label")
        extra = {k: v for k, v in item.items() if k not in ("code", *LANGUAGES)}
        terms.append(Term(code, item["en"], item["uk"], MappingProxyType(extra)))
    return Vocabulary(name, tuple(terms))


def load_vocabulary(name: str, directory: Path = VOCAB_DIR) -> Vocabulary:
    path = directory / f"{name}.toml"
    return parse_vocabulary(name, path.read_text(encoding="utf-8"), str(path))


@dataclass(frozen=True)
class Vocabularies:
    crime_types: Vocabulary
    command_levels: Vocabulary
    forums: Vocabulary
    modes_of_liability: Vocabulary
    flags: Vocabulary
    statuses: Vocabulary
    regions: Vocabulary
    custody: Vocabulary
    date_precisions: Vocabulary
    evidence_kinds: Vocabulary

    def by_name(self, name: str) -> Vocabulary:
        if name not in VOCABULARIES:
            raise KeyError(name)
        return getattr(self, name)  # type: ignore[no-any-return]


@cache
def vocabularies() -> Vocabularies:
    """All vocabularies, loaded and validated once per process."""
    return Vocabularies(**{name: load_vocabulary(name) for name in VOCABULARIES})
