"""Validation messages from ``domain.records`` in the interface language.

The domain writes its messages in English (they also go to logs and import reports); the
window shows them through this table of patterns so that Ukrainian users read Ukrainian.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from triage_app.domain.records import FieldProblem

_CTX = "Problems"
# (pattern, translatable text with %1, %2 for the groups)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (r"is required", QT_TRANSLATE_NOOP("Problems", "Required.")),
        (r"must be text", QT_TRANSLATE_NOOP("Problems", "Must be text.")),
        (
            r"is too long \((\d+) characters; at most (\d+)\)",
            QT_TRANSLATE_NOOP("Problems", "Too long: %1 characters, at most %2."),
        ),
        (r"unknown code (.+)", QT_TRANSLATE_NOOP("Problems", "Unknown code %1.")),
        (r"must be a whole number", QT_TRANSLATE_NOOP("Problems", "Must be a whole number.")),
        (
            r"must be between (\S+) and today",
            QT_TRANSLATE_NOOP("Problems", "Must be between %1 and today."),
        ),
        (
            r"must be between (\S+) and (\S+)",
            QT_TRANSLATE_NOOP("Problems", "Must be between %1 and %2."),
        ),
        (
            r"must be a two-letter upper-case ISO country code",
            QT_TRANSLATE_NOOP("Problems", "Must be a two-letter ISO country code, e.g. UA."),
        ),
        (r"must be a date", QT_TRANSLATE_NOOP("Problems", "Must be a date.")),
        (
            r"must not be before the start date",
            QT_TRANSLATE_NOOP("Problems", "Must not be before the start date."),
        ),
        (r"must not be in the future", QT_TRANSLATE_NOOP("Problems", "Must not be in the future.")),
        (
            r"a Ukrainian region needs country UA",
            QT_TRANSLATE_NOOP("Problems", "A Ukrainian region needs country UA."),
        ),
        (r"must be a number", QT_TRANSLATE_NOOP("Problems", "Must be a number.")),
        (
            r"give both coordinates or neither",
            QT_TRANSLATE_NOOP("Problems", "Give both coordinates or neither."),
        ),
        (
            r"tag at least one crime type",
            QT_TRANSLATE_NOOP("Problems", "Tag at least one crime type."),
        ),
        (
            r"a legal person has level CL_LP, and only a legal person",
            QT_TRANSLATE_NOOP(
                "Problems", "A legal person has the level “Legal person”, and only a legal person."
            ),
        ),
        (r"must be yes or no", QT_TRANSLATE_NOOP("Problems", "Must be yes or no.")),
        (
            r"must be one of .* or empty \(unknown\)",
            QT_TRANSLATE_NOOP("Problems", "Choose a custody from the list."),
        ),
        (
            r"must be 64 lower-case hexadecimal characters",
            QT_TRANSLATE_NOOP("Problems", "Must be 64 lower-case hexadecimal characters."),
        ),
    )
)


def problem_text(problem: FieldProblem | str) -> str:
    message = problem.message if isinstance(problem, FieldProblem) else problem
    for pattern, text in _PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            out = QCoreApplication.translate(_CTX, text)
            for n, group in enumerate(m.groups(), start=1):
                out = out.replace(f"%{n}", group)
            return out
    return message[:1].upper() + message[1:]
