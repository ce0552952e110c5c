"""The column table: headers the import can tell apart, labels that map back to one code."""

from __future__ import annotations

from collections import Counter

import pytest

from triage_app.domain.vocab import VOCABULARIES, vocabularies
from triage_app.exchange.columns import (
    DATA_SHEETS,
    PERSON_TYPES,
    continuation_title,
    data_sheet_of,
    to_code,
    to_codes,
)


@pytest.mark.parametrize("sheet", list(DATA_SHEETS))
def test_headers_identify_one_field(sheet: str) -> None:
    """Any header, in either language, names one (key, code-or-label) column of the sheet."""
    owners: dict[str, set[tuple[str, bool]]] = {}
    for col in DATA_SHEETS[sheet]:
        for text in (col.en, col.uk):
            owners.setdefault(text.casefold(), set()).add((col.key, col.is_label))
    assert all(len(v) == 1 for v in owners.values()), owners
    assert not [k for k, n in Counter(c.en for c in DATA_SHEETS[sheet]).items() if n > 1]


@pytest.mark.parametrize("name", [*VOCABULARIES, PERSON_TYPES.name])
def test_every_label_maps_back_to_its_code(name: str) -> None:
    voc = PERSON_TYPES if name == PERSON_TYPES.name else vocabularies().by_name(name)
    for term in voc:
        for text in (term.code, term.en, term.uk, term.uk.upper()):
            assert to_code(name, text) == term.code


def test_several_codes_in_one_cell() -> None:
    assert to_codes("crime_types", "War crimes; Злочини проти людяності") == ["CT_WC", "CT_CAH"]
    assert to_codes("crime_types", "CT_WC CT_AGG, CT_X") == ["CT_WC", "CT_AGG", "CT_X"]


def test_continuation_names() -> None:
    assert [continuation_title("Incidents", n) for n in (1, 2, 12)] == [
        "Incidents",
        "Incidents (2)",
        "Incidents (12)",
    ]
    assert data_sheet_of("Suspects (3)") == "Suspects"
    assert data_sheet_of("Summary") is None and data_sheet_of("Notes (2)") is None
