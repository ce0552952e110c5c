"""The ``export``, ``import`` and ``template`` commands: JSON out, problems on stderr, exit
codes, and one clear line (no traceback) for a user's mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.exchange.conftest import write_book
from triage_app.cli import main
from triage_app.services.store import Store


def test_export_import_template(
    routed_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ct.xlsx"
    db = routed_store.url
    assert main(["--db", db, "export", "--out", str(out), "--crime-type", "CT_WC"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"]["Incidents"] > 0 and out.exists()
    target = str(tmp_path / "other.db")
    assert main(["--db", target, "import", str(out), "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["written"] is False and dry["routed"] is None and dry["overrides"] is None
    assert main(["--db", target, "import", str(out)]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["created"]["incident"] == summary["rows"]["Incidents"] == dry["created"]["incident"]
    assert done["routed"] == done["created"]["involvement"] > 0
    assert main(["template", str(tmp_path / "t.xlsx"), "--lang", "uk"]) == 0


def test_import_problems_on_stderr(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_book(
        tmp_path / "bad.xlsx",
        {
            "Incidents": [
                ["Reference", "Date from", "Title", "Crime types"],
                ["X", "soon", "T", "CT_WC"],
            ]
        },
    )
    assert main(["--db", store.url, "import", str(bad)]) == 1
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["problems"] == 1 and summary["written"] is False
    assert not any(summary[k][kind] for k in ("created", "updated") for kind in summary[k])
    assert "Incidents,2,Date from,soon,must be a date" in captured.err.splitlines()
    report = tmp_path / "bad.import-report.csv"
    assert report.exists() and summary["report"] == str(report)
    assert captured.err.splitlines()[-1].endswith(f"Report: {report}")


def test_import_help_names_the_report_file(capsys: pytest.CaptureFixture[str]) -> None:
    """The help says what the code does: bad.xlsx gives bad.import-report.csv."""
    from triage_app.exchange.report import report_path

    assert report_path(Path("/x/bad.xlsx")) == Path("/x/bad.import-report.csv")
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "bad.xlsx gives bad.import-report.csv" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "--out", "x.xlsx", "--region", "UA-99"], "--region: unknown code 'UA-99'"),
        (["export", "--out", "x.xlsx", "--search", "*"], "--search '*': no word to search for"),
        (["export", "--out", "x.txt"], "must end in .xlsx"),
        (["import", "missing.xlsx"], "no such file"),
    ],
)
def test_user_mistakes_are_one_line(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", store.url, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [["export", "--out", "{out}", "--lang", "uk"], ["--lang", "uk", "export", "--out", "{out}"]],
    ids=["lang-after-command", "lang-before-command"],
)
def test_export_lang_in_either_place_gives_ukrainian_labels(
    routed_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    from python_calamine import CalamineWorkbook

    out = tmp_path / "uk.xlsx"
    assert main(["--db", routed_store.url, *[a.format(out=out) for a in args]]) == 0
    capsys.readouterr()
    header = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Incidents").to_python()[0]
    assert "Регіон" in header and "Region" not in header
