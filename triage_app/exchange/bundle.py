"""The laptop bundle file: one ``.triage`` file carrying records between databases.

Layout (all integers big-endian)::

    MAGIC (8 bytes)  header length (4)  header (JSON)  SHA-256 of the three before (32)
    payload (header["payload_size"] bytes)  SHA-256 of the payload (32)

The payload is a zip holding ``manifest.json`` and one JSON Lines file per part; the manifest
names the source database, the export time, app and schema version, and every part's record
count, size and SHA-256. With a passphrase the zip is encrypted with AES-256-GCM under a key
derived by scrypt; the header (salt, nonce, sizes) is the additional authenticated data, so
neither it nor the payload can change without the tag failing, and a key check in the header
tells a wrong passphrase apart from a damaged file. Without a passphrase the checksums detect
damage, not a deliberate forger (who could recompute them): encrypt bundles that travel.

Reading verifies everything (header, size, payload checksum, tag, manifest, every part) into
a temporary file before the caller sees one record, and names what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MAGIC = b"TRIAGE\x00B"
FORMAT = 1
MANIFEST = "manifest.json"
SUFFIX = ".triage"
_LEN = struct.Struct(">I")
_DIGEST = 32
_TAG = 16
_HEADER_MAX = 64 * 1024
_CHUNK = 1 << 20
_LINES_PER_WRITE = 2_000
# scrypt cost: ~0.1 s and 32 MiB per derivation; bounds refuse a header asking for more.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAX_N, _SCRYPT_MAX_R, _SCRYPT_MAX_P = 2**20, 16, 4
_KEY_CHECK_LABEL = b"triage-bundle-key-check"


class BundleError(ValueError):
    """The file cannot be used as a bundle; the message says which part is wrong and why."""


class BundlePassphraseError(BundleError):
    """The bundle is encrypted and the passphrase is missing or wrong."""


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    sha256: str  # of the whole file: names the bundle in audit entries
    bytes: int
    counts: dict[str, int]
    encrypted: bool


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, str]:
    """(AES key, key check) from the passphrase; the check is stored, the key never."""
    out = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n * p, dklen=64
    )
    return out[:32], hashlib.sha256(_KEY_CHECK_LABEL + out[32:]).hexdigest()


def _dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _write_zip(
    target: IO[bytes], manifest: Mapping[str, Any], parts: Mapping[str, Iterable[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Write the parts then the manifest (with each part's count, size and SHA-256)."""
    described: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, records in parts.items():
            digest, size, count = hashlib.sha256(), 0, 0
            with zf.open(name, "w", force_zip64=True) as member:
                lines: list[str] = []
                for rec in records:
                    lines.append(_dumps(rec))
                    count += 1
                    if len(lines) >= _LINES_PER_WRITE:
                        size += _emit(member, digest, lines)
                size += _emit(member, digest, lines)
            described[name] = {"records": count, "bytes": size, "sha256": digest.hexdigest()}
        full = {**manifest, "format": FORMAT, "parts": described}
        zf.writestr(MANIFEST, json.dumps(full, ensure_ascii=False, indent=1, sort_keys=True))
    return full


def _emit(member: IO[bytes], digest: Any, lines: list[str]) -> int:
    if not lines:
        return 0
    data = ("\n".join(lines) + "\n").encode("utf-8")
    lines.clear()
    digest.update(data)
    member.write(data)
    return len(data)


def write_bundle(
    path: Path,
    manifest: Mapping[str, Any],
    parts: Mapping[str, Iterable[Mapping[str, Any]]],
    passphrase: str | None = None,
) -> WrittenBundle:
    """Write a bundle atomically (temporary file, then rename); encrypt with ``passphrase``."""
    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".bundle-") as tmp:
        zip_path = Path(tmp) / "payload.zip"
        with zip_path.open("wb") as fh:
            full = _write_zip(fh, manifest, parts)
        plain_size = zip_path.stat().st_size
        header: dict[str, Any] = {"format": FORMAT, "payload_size": plain_size}
        encryptor = None
        if passphrase is not None:
            salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
            key, check = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
            header["payload_size"] = plain_size + _TAG
            header["encryption"] = {
                "cipher": "AES-256-GCM",
                "kdf": "scrypt",
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": salt.hex(),
                "nonce": nonce.hex(),
                "key_check": check,
            }
        head = _head_bytes(header)
        if passphrase is not None:
            encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
            encryptor.authenticate_additional_data(head)
        out_tmp = Path(tmp) / "bundle"
        whole = hashlib.sha256()
        payload_digest = hashlib.sha256()
        with out_tmp.open("wb") as out, zip_path.open("rb") as src:

            def put(data: bytes, payload: bool = False) -> None:
                out.write(data)
                whole.update(data)
                if payload:
                    payload_digest.update(data)

            put(head)
            put(hashlib.sha256(head).digest())
            while chunk := src.read(_CHUNK):
                put(encryptor.update(chunk) if encryptor else chunk, payload=True)
            if encryptor is not None:
                put(encryptor.finalize() + encryptor.tag, payload=True)
            put(payload_digest.digest())
            out.flush()
            os.fsync(out.fileno())
        os.replace(out_tmp, path)
    counts = {name: d["records"] for name, d in full["parts"].items()}
    return WrittenBundle(
        path, whole.hexdigest(), path.stat().st_size, counts, passphrase is not None
    )


def _head_bytes(header: Mapping[str, Any]) -> bytes:
    body = _dumps(header).encode("utf-8")
    return MAGIC + _LEN.pack(len(body)) + body


class Bundle:
    """A verified bundle: its manifest, its SHA-256, and its parts' records (read lazily)."""

    def __init__(self, manifest: dict[str, Any], sha256: str, zf: zipfile.ZipFile, encrypted: bool):
        self.manifest = manifest
        self.sha256 = sha256
        self.encrypted = encrypted
        self._zf = zf

    @property
    def parts(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest["parts"])

    def count(self, part: str) -> int:
        return int(self.manifest["parts"].get(part, {}).get("records", 0))

    def records(self, part: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, record) of one part; a part the bundle lacks has no records."""
        if part not in self.manifest["parts"]:
            return
        with self._zf.open(part) as fh:
            for n, line in enumerate(fh, start=1):
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    raise BundleError(f"part {part}, line {n}: not JSON ({exc})") from exc
                if not isinstance(rec, dict):
                    raise BundleError(f"part {part}, line {n}: not a record (a JSON object)")
                yield n, rec


def _read_header(fh: IO[bytes], size: int) -> tuple[bytes, dict[str, Any]]:
    """The header's bytes (magic to JSON) and its parsed content, or a BundleError."""
    if size < len(MAGIC) + _LEN.size + 2 * _DIGEST:
        raise BundleError(f"the file is truncated ({size} bytes): too short to be a bundle")
    magic = fh.read(len(MAGIC))
    if magic != MAGIC:
        raise BundleError(
            "not a Triage bundle: it does not start with the bundle signature (wrong file, or "
            "its first bytes are damaged)"
        )
    (length,) = _LEN.unpack(fh.read(_LEN.size))
    if length > min(_HEADER_MAX, size - len(MAGIC) - _LEN.size - 2 * _DIGEST):
        raise BundleError("the header is damaged: its length is impossible")
    body = fh.read(length)
    head = magic + _LEN.pack(length) + body
    if hashlib.sha256(head).digest() != fh.read(_DIGEST):
        raise BundleError("the header is damaged: its SHA-256 does not match")
    try:
        header = json.loads(body)
        if not isinstance(header, dict) or not isinstance(header.get("payload_size"), int):
            raise ValueError("no payload size")
    except ValueError as exc:
        raise BundleError(f"the header is damaged: {exc}") from exc
    if header.get("format") != FORMAT:
        raise BundleError(
            f"bundle format {header.get('format')!r} is not one this version reads ({FORMAT}); "
            "update Triage"
        )
    return head, header


def _cipher_for(header: dict[str, Any], head: bytes, passphrase: str | None) -> Any:
    """A GCM decryptor for an encrypted bundle (None for a plain one); checks the passphrase."""
    enc = header.get("encryption")
    if enc is None:
        return None
    if passphrase is None:
        raise BundlePassphraseError(
            "the bundle is encrypted: give its passphrase (TRIAGE_BUNDLE_PASSPHRASE or "
            "--bundle-passphrase-env VAR)"
        )
    try:
        n, r, p = int(enc["n"]), int(enc["r"]), int(enc["p"])
        salt, nonce = bytes.fromhex(enc["salt"]), bytes.fromhex(enc["nonce"])
        stored_check = str(enc["key_check"])
        if enc.get("cipher") != "AES-256-GCM" or enc.get("kdf") != "scrypt":
            raise ValueError("unknown cipher or key derivation")
        if not (1 < n <= _SCRYPT_MAX_N and 0 < r <= _SCRYPT_MAX_R and 0 < p <= _SCRYPT_MAX_P):
            raise ValueError("key-derivation cost out of bounds")
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError(f"the header is damaged: encryption settings unusable ({exc})") from exc
    key, check = _derive(passphrase, salt, n, r, p)
    if not secrets.compare_digest(check, stored_check):
        raise BundlePassphraseError(
            "wrong bundle passphrase: it does not open this bundle (nothing was changed)"
        )
    return (key, nonce)


def _unpack_payload(
    fh: IO[bytes], header: dict[str, Any], head: bytes, key: Any, out: IO[bytes], whole: Any
) -> None:
    """Copy (and decrypt) the payload to ``out``; check its SHA-256 and GCM tag."""
    size = int(header["payload_size"])
    digest = hashlib.sha256()
    decryptor = None
    if key is not None:
        if size < _TAG:
            raise BundleError("the header is damaged: encrypted payload too small")
        fh.seek(len(head) + _DIGEST + size - _TAG)
        tag = fh.read(_TAG)
        fh.seek(len(head) + _DIGEST)
        decryptor = Cipher(algorithms.AES(key[0]), modes.GCM(key[1], tag)).decryptor()
        decryptor.authenticate_additional_data(head)
    left = size - (_TAG if decryptor is not None else 0)
    while left:
        chunk = fh.read(min(_CHUNK, left))
        if not chunk:
            raise BundleError("the file is truncated: it ended inside the payload")
        left -= len(chunk)
        digest.update(chunk)
        whole.update(chunk)
        out.write(decryptor.update(chunk) if decryptor is not None else chunk)
    if decryptor is not None:
        tag_bytes = fh.read(_TAG)
        digest.update(tag_bytes)
        whole.update(tag_bytes)
    trailer = fh.read(_DIGEST)
    whole.update(trailer)
    if digest.digest() != trailer:
        raise _PayloadMismatch()
    if decryptor is not None:
        try:
            decryptor.finalize()
        except Exception as exc:  # cryptography's InvalidTag
            raise BundleError(
                "the encrypted payload does not authenticate: the bundle was altered after it "
                "was written (its checksum was recomputed by whoever changed it)"
            ) from exc


class _PayloadMismatch(Exception):
    """The payload's SHA-256 differs from the one at the end of the file."""


def open_bundle(path: Path, passphrase: str | None = None) -> _OpenBundle:
    """Verify ``path`` completely and return a context manager yielding a ``Bundle``."""
    return _OpenBundle(Path(path), passphrase)


class _OpenBundle:
    def __init__(self, path: Path, passphrase: str | None) -> None:
        self.path = path
        self.passphrase = passphrase
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._zf: zipfile.ZipFile | None = None

    def __enter__(self) -> Bundle:
        try:
            return self._open()
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc: object) -> None:
        if self._zf is not None:
            self._zf.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def _open(self) -> Bundle:
        try:
            size = self.path.stat().st_size
            fh = self.path.open("rb")
        except OSError as exc:
            raise BundleError(f"cannot read {self.path}: {exc.strerror}") from exc
        self._tmp = tempfile.TemporaryDirectory(prefix="triage-bundle-")
        zip_path = Path(self._tmp.name) / "payload.zip"
        whole = hashlib.sha256()
        with fh:
            head, header = _read_header(fh, size)
            expected = len(head) + 2 * _DIGEST + int(header["payload_size"])
            if size < expected:
                raise BundleError(f"the file is truncated: {size:,} bytes of {expected:,}")
            if size > expected:
                raise BundleError(f"the file has {size - expected:,} unexpected bytes at its end")
            key = _cipher_for(header, head, self.passphrase)
            whole.update(head + hashlib.sha256(head).digest())
            with zip_path.open("wb") as out:
                try:
                    _unpack_payload(fh, header, head, key, out, whole)
                except _PayloadMismatch:
                    mismatch = True
                else:
                    mismatch = False
        if mismatch:
            if key is not None:
                raise BundleError("the encrypted payload is damaged: its SHA-256 does not match")
            _explain_damage(zip_path)  # names the part when it can
            raise BundleError(
                "the payload's SHA-256 does not match the one stored at the end of the file "
                "(the zip container or the checksum itself is damaged)"
            )
        self._zf, manifest = _verified_zip(zip_path)
        return Bundle(manifest, whole.hexdigest(), self._zf, key is not None)


def _verified_zip(zip_path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    """The open zip and its manifest, after checking every part's size, count and SHA-256."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except Exception as exc:  # damaged bytes fail in many ways (zlib, struct, zipfile)
        raise BundleError(f"the payload is not a readable zip container ({exc})") from exc
    try:
        try:
            manifest = json.loads(zf.read(MANIFEST))
            parts = manifest["parts"]
            if not isinstance(parts, dict):
                raise ValueError("parts is not a mapping")
        except KeyError as exc:
            raise BundleError(f"the manifest is missing or incomplete ({exc})") from exc
        except Exception as exc:  # damaged bytes fail in many ways (zlib, struct, zipfile)
            raise BundleError(f"the manifest is damaged ({exc})") from exc
        if manifest.get("format") != FORMAT:
            raise BundleError(f"the manifest's format {manifest.get('format')!r} is unknown")
        extra = set(zf.namelist()) - set(parts) - {MANIFEST}
        if extra:
            raise BundleError(f"unexpected parts not named in the manifest: {sorted(extra)}")
        for name, desc in parts.items():
            _check_part(zf, name, desc)
    except BaseException:
        zf.close()
        raise
    return zf, manifest


def _check_part(zf: zipfile.ZipFile, name: str, desc: Any) -> None:
    try:
        want_hash, want_size, want_count = desc["sha256"], desc["bytes"], desc["records"]
    except (KeyError, TypeError) as exc:
        raise BundleError(f"the manifest is damaged: part {name} lacks {exc}") from exc
    digest, size, lines = hashlib.sha256(), 0, 0
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
    except KeyError as exc:
        raise BundleError(f"part {name} is missing from the bundle") from exc
    except Exception as exc:  # damaged bytes fail in many ways (zlib, struct, zipfile)
        raise BundleError(f"part {name} is damaged ({exc})") from exc
    if digest.hexdigest() != want_hash or size != want_size:
        raise BundleError(f"part {name} is damaged: its SHA-256 does not match the manifest")
    if lines != want_count:
        raise BundleError(f"part {name} holds {lines} records but the manifest says {want_count}")


def _explain_damage(zip_path: Path) -> None:
    """Raise a BundleError naming the damaged part of a plain payload, if one can be named."""
    zf, _ = _verified_zip(zip_path)
    zf.close()


def read_manifest(path: Path, passphrase: str | None = None) -> tuple[dict[str, Any], str]:
    """Verify a bundle and return its manifest and SHA-256 (``bundle verify``)."""
    with open_bundle(path, passphrase) as bundle:
        return bundle.manifest, bundle.sha256
