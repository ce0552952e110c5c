"""The bundle file: manifest, encryption, and damaged or tampered files refused before writing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.services.test_merge import snapshot
from triage_app import __version__
from triage_app.cli import main
from triage_app.db.migrate import head_revision
from triage_app.exchange.bundle import (
    BundleError,
    BundlePassphraseError,
    open_bundle,
    read_manifest,
)
from triage_app.services.bundles import export_bundle, import_bundle
from triage_app.services.store import Store

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(params=[None, PASSPHRASE], ids=["plain", "encrypted"])
def bundle(request: pytest.FixtureRequest, demo_store: Store, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "laptop.triage"
    export_bundle(demo_store, path, passphrase=request.param)
    return path, request.param


def test_manifest_names_source_versions_counts_and_hashes(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "x.triage"
    result = export_bundle(demo_store, path, passphrase=PASSPHRASE)
    manifest, sha = read_manifest(path, PASSPHRASE)
    assert sha == result.bundle.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    with demo_store.engine.connect() as conn:
        db_id = conn.exec_driver_sql(
            "SELECT value FROM app_meta WHERE key = 'database_id'"
        ).scalar()
    assert manifest["source_db_id"] == db_id
    assert manifest["app_version"] == __version__
    assert manifest["schema_revision"] == head_revision()
    assert manifest["exported_at"] and manifest["since"] is None
    assert manifest["parts"]["incidents.jsonl"]["records"] == 300
    for part in manifest["parts"].values():
        assert len(part["sha256"]) == 64 and part["bytes"] >= 0
    assert b"incidents" not in path.read_bytes()  # encrypted: nothing readable


FLIPS = (0, 5, 20, 0.3, 0.5, 0.9, -40, -1)  # magic, header, payload, trailing checksum


def test_a_flipped_byte_is_refused_before_anything_is_written(
    bundle: tuple[Path, str], store: Store
) -> None:
    path, passphrase = bundle
    good = path.read_bytes()
    before = snapshot(store)
    for where in FLIPS:
        data = bytearray(good)
        pos = int(len(data) * where) if isinstance(where, float) else where
        data[pos] ^= 0x40
        path.write_bytes(bytes(data))
        with pytest.raises(BundleError) as err:
            import_bundle(store, path, passphrase)
        message = str(err.value)
        named = ("header", "payload", "part ", "manifest", "signature", "SHA-256")
        assert any(word in message for word in named), (where, message)
        assert not isinstance(err.value, BundlePassphraseError), (where, message)
    assert snapshot(store) == before


def test_a_damaged_part_is_named(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plain.triage"
    export_bundle(demo_store, path)
    data = bytearray(path.read_bytes())
    data[200] ^= 0x01  # inside the first part's compressed bytes
    path.write_bytes(bytes(data))
    with pytest.raises(BundleError, match=r"part incidents\.jsonl is damaged"):
        read_manifest(path)


def test_a_truncated_bundle_is_refused(bundle: tuple[Path, str], store: Store) -> None:
    path, passphrase = bundle
    data = path.read_bytes()
    before = snapshot(store)
    for keep in (0.5, 0.99):
        path.write_bytes(data[: int(len(data) * keep)])
        with pytest.raises(BundleError, match="truncated"):
            import_bundle(store, path, passphrase)
    assert snapshot(store) == before


def test_wrong_or_missing_passphrase_is_a_clear_message(
    demo_store: Store, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "enc.triage"
    export_bundle(demo_store, path, passphrase=PASSPHRASE)
    before = snapshot(store)
    with pytest.raises(BundlePassphraseError, match="wrong bundle passphrase"):
        import_bundle(store, path, "not the passphrase at all")
    with pytest.raises(BundlePassphraseError, match="encrypted: give its passphrase"):
        import_bundle(store, path)
    assert snapshot(store) == before
    assert import_bundle(store, path, PASSPHRASE).added["incident"] == 300


def test_tampering_with_a_recomputed_checksum_fails_authentication(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "enc.triage"
    export_bundle(demo_store, path, passphrase=PASSPHRASE)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01  # in the ciphertext; then fix the trailing SHA-256 as a forger would
    size = json.loads(data[12 : 12 + int.from_bytes(data[8:12], "big")])["payload_size"]
    payload = bytes(data[-32 - size : -32])
    data[-32:] = hashlib.sha256(payload).digest()
    path.write_bytes(bytes(data))
    with pytest.raises(BundleError, match="does not authenticate"):
        read_manifest(path, PASSPHRASE)


def test_not_a_bundle(tmp_path: Path) -> None:
    path = tmp_path / "notes.triage"
    path.write_text("hello, this is not a bundle at all; it is long enough though." * 3)
    with pytest.raises(BundleError, match="not a Triage bundle"):
        read_manifest(path)


def test_encrypted_database_needs_an_encrypted_bundle(demo_store: Store, tmp_path: Path) -> None:
    demo_store.passphrase = "pretend this database is encrypted"
    with pytest.raises(BundleError, match="must be too"):
        export_bundle(demo_store, tmp_path / "x.triage")
    export_bundle(demo_store, tmp_path / "x.triage", allow_plain=True)


def test_cli_export_import_conflicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lap, coord, out = tmp_path / "lap.db", tmp_path / "coord.db", tmp_path / "lap.triage"
    assert main(["--db", str(lap), "demo", "--incidents", "20", "--seed", "4"]) == 0
    monkeypatch.setenv("LAPTOP_BUNDLE_KEY", PASSPHRASE)
    args = ["--db", str(lap), "bundle", "export", "--out", str(out)]
    assert main([*args, "--bundle-passphrase-env", "LAPTOP_BUNDLE_KEY"]) == 0
    capsys.readouterr()
    assert main(["--db", str(coord), "bundle", "import", str(out)]) == 2
    assert "encrypted" in capsys.readouterr().err
    monkeypatch.setenv("TRIAGE_BUNDLE_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(coord), "bundle", "import", str(out), "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["dry_run"] is True
    assert main(["--db", str(coord), "bundle", "import", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["added"]["incident"] == 20
    assert main(["--db", str(coord), "bundle", "verify", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["--db", str(coord), "bundle", "conflicts"]) == 0
    assert "no conflicts" in capsys.readouterr().out
    assert main(["--db", str(coord), "bundle", "resolve", "1", "--take", "local"]) == 2
    assert "no conflict 1" in capsys.readouterr().err
    bad = ["--db", str(coord), "bundle", "export", "--out", str(out), "--since", "soon"]
    assert main(bad) == 2
    assert "--since" in capsys.readouterr().err


def test_bundle_parts_are_json_lines(bundle: tuple[Path, str]) -> None:
    path, passphrase = bundle
    with open_bundle(path, passphrase) as b:
        first = next(iter(b.records("incidents.jsonl")))[1]
        assert {"uuid", "reference", "crime_types", "deleted", "updated_at"} <= set(first)
        assert b.count("incidents.jsonl") == 300
