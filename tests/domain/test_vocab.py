"""Vocabularies: complete per ROUTING.md, bilingual, and strict about unknown codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage_app.domain.vocab import (
    VOCABULARIES,
    UnknownCodeError,
    VocabularyError,
    parse_vocabulary,
    vocabularies,
)

ROUTING_MD = Path(__file__).resolve().parents[3] / "shared" / "domain" / "ROUTING.md"


def test_every_vocabulary_loads_with_both_languages() -> None:
    v = vocabularies()
    for name in VOCABULARIES:
        vocab = v.by_name(name)
        assert len(vocab) > 0
        for term in vocab:
            assert term.en.strip() and term.uk.strip(), (name, term.code)
            assert term.en != term.uk or term.code in ("UA",), (name, term.code)


def test_routing_vocabularies_match_the_spec_exactly() -> None:
    v = vocabularies()
    assert v.crime_types.codes == (
        "CT_AGG",
        "CT_WARPROP",
        "CT_WC",
        "CT_WC_ENV",
        "CT_WC_CHEM",
        "CT_CAH",
        "CT_GEN",
        "CT_ECO",
    )
    assert len(v.command_levels) == 11 and "CL_6_TROIKA_FORMER" in v.command_levels
    assert set(v.forums.codes) == {
        "F_UA_DOM",
        "F_UA_ABS",
        "F_ICC",
        "F_STCA",
        "F_UJ",
        "F_HOLD",
        "F_REQUALIFY",
    }
    assert len(v.modes_of_liability) == 8
    assert len(v.flags) == 26


@pytest.mark.skipif(not ROUTING_MD.exists(), reason="shared/domain/ROUTING.md not beside repo")
def test_flags_and_levels_are_the_ones_routing_md_lists() -> None:
    text = ROUTING_MD.read_text(encoding="utf-8")
    section = text[text.index("### 3.5 Flags") : text.index("## 4.")]
    assert set(re.findall(r"^\| (FL_[A-Z0-9_]+) \|", section, re.M)) == set(
        vocabularies().flags.codes
    )
    section = text[text.index("### 3.2 Command levels") : text.index("### 3.3")]
    assert set(re.findall(r"^\| (CL_[A-Z0-9_]+) \|", section, re.M)) == set(
        vocabularies().command_levels.codes
    )


def test_regions_are_the_27_iso_codes() -> None:
    regions = vocabularies().regions
    assert len(regions) == 27
    assert all(re.fullmatch(r"UA-\d\d", c) for c in regions.codes)
    assert regions.label("UA-14", "uk") == "Донецька область"


def test_unknown_code_error_names_vocabulary_code_and_place() -> None:
    with pytest.raises(UnknownCodeError) as err:
        vocabularies().forums.check("F_MARS", where="row 7, column forum")
    assert "F_MARS" in str(err.value) and "forums" in str(err.value) and "row 7" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[item]]\ncode = 'A'\nen = 'a'\n", "no 'uk' label"),
        (
            "[[item]]\ncode = 'A'\nen = 'a'\nuk = 'а'\n[[item]]\ncode = 'A'\nen = 'b'\nuk = 'б'\n",
            "duplicate code A",
        ),
        ("title = 'x'\n", "no [[item]]"),
        ("[[item]\n", "x.toml"),
    ],
)
def test_malformed_vocabulary_files_are_rejected(text: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=re.escape(message)):
        parse_vocabulary("x", text, "x.toml")
