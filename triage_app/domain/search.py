"""What a search box's words become: prefixes that find a Ukrainian word in any of its forms.

Neither SQLite's FTS5 (unicode61) nor PostgreSQL's 'simple' configuration stems Ukrainian, so
"школа" would not find "Обстріл школи". Each Cyrillic word loses one common inflection ending
(keeping at least four letters) and is searched as a prefix: "школа" -> "школ" finds школа,
школи, школу, школою. Latin words are searched as typed, as prefixes too. A light heuristic,
not a morphological analyser: it may find a little more than the word typed.

Place names in -ів/-їв change their vowel in other cases (Київ, у Києві; Львів, зі Львова):
such a stem is also searched with the other vowel (``forms``).
"""

from __future__ import annotations

import re

# Longest first: noun, adjective and participle endings (cases and numbers).
_ENDINGS = (
    "ами ями ові еві ах ях ам ям ом ем ою ею єю ів їв ей ого ому ими ій их им ої "
    "ий ая яя ее ое ую юю "
    "а я о е є у ю і ї и ь й"
)
ENDINGS = sorted(_ENDINGS.split(" "), key=len, reverse=True)
MIN_STEM = 4
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def stem(word: str) -> str:
    """``word`` lower-cased, without one inflection ending if it is Cyrillic and long enough.
    (``lower``, not ``casefold``: both indexes keep "straße" as it is.)"""
    w = word.lower()
    if not _CYRILLIC.search(w):
        return w
    for ending in ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
            return w[: -len(ending)]
    return w


# the vowel of a final -ів/-їв syllable in the nominative and in the other cases
_ALTERNATIONS = (("ів", "ов"), ("їв", "єв"))


def forms(prefix: str) -> list[str]:
    """``prefix`` and, for a Cyrillic stem ending in -ів/-їв (or -ов/-єв), the other one."""
    out = [prefix]
    if len(prefix) >= MIN_STEM and _CYRILLIC.search(prefix):
        for a, b in _ALTERNATIONS:
            if prefix.endswith(a):
                out.append(prefix[: -len(a)] + b)
            elif prefix.endswith(b):
                out.append(prefix[: -len(b)] + a)
    return out


def search_prefixes(text: str) -> list[str]:
    """The prefixes to look for (all of them), one per word typed. Anything but letters and
    digits splits words, as both full-text indexes do (so п'ятниця is п + ятниц)."""
    return [stem(w) for w in re.findall(r"\w+", text)]


_EDGE = "\"'«»“”„‘’()[]{}<>.,;:!?…*^~`|\\/+=&%$#@-"


def search_words(text: str) -> tuple[list[str], list[str]]:
    """For PostgreSQL's parser, which keeps "13.05.2022", "1.5", "IMG_0012.jpg" or
    "ivan@example.com" as one word: (prefixes of the plain words, the other words as typed).
    Punctuation around a word is dropped first, so "школи," is a plain word."""
    plain: list[str] = []
    other: list[str] = []
    for raw in text.split():
        word = raw.strip(_EDGE)
        if not word:
            continue
        if re.fullmatch(r"\w+", word):
            plain.append(stem(word))
        else:
            other.append(word)
    return plain, other
