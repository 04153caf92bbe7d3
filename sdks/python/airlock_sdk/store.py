"""The device's store: one file holding the SDK's whole state, sealed to the device.

File layout (one line of JSON), described in sdks/python/README.md ("The store file"):
``{"format","v","product","salt","device","iv","data","tag","sum"}``. The first five members are
the header, the AES-256-GCM additional data; ``data`` is the encrypted state (JSON). The key is
HKDF-SHA256 over the device fingerprint, salted with the file's random salt, with the format and
product in ``info``. ``device`` is a SHA-256 of format, product, fingerprint and salt, and ``sum``
a SHA-256 of every other member: together they tell a store copied intact to another device
(STORE_WRONG_DEVICE) from an edited one (STORE_TAMPERED). Writes are atomic: a temporary file
beside the store, fsync, rename over it, fsync of the directory.

What it protects against: an edit of any byte, and a copy on another machine. What it does not:
code running as the user on the same machine can derive the same key and put back an older copy.
The license itself can never be forged: the store keeps the authority-signed files, verified
again at every open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from typing import Any, Optional

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .jose import b64u_encode

FORMAT = "airlock-python-sdk-store"
VERSION = 1
_HEADER = ("format", "v", "product", "salt", "device")
_MEMBERS = _HEADER + ("iv", "data", "tag", "sum")


@dataclass(frozen=True)
class StoreRead:
    """What reading the store found: kind is missing, ok, tampered or wrong-device."""

    kind: str
    state: Optional[dict] = None
    salt: bytes = b""
    reason: str = ""


def _b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _device_tag(product: str, fingerprint: str, salt: bytes) -> str:
    digest = hashlib.sha256(f"{FORMAT}/device\0{product}\0{fingerprint}\0".encode("utf-8"))
    digest.update(salt)
    return b64u_encode(digest.digest())


def _key(product: str, fingerprint: str, salt: bytes) -> bytes:
    info = f"{FORMAT}/v{VERSION}/{product}".encode("utf-8")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(fingerprint.encode("utf-8"))


def _header_bytes(file: dict) -> bytes:
    return json.dumps({name: file[name] for name in _HEADER}, separators=(",", ":")).encode("utf-8")


def _checksum(file: dict) -> str:
    return b64u_encode(hashlib.sha256(json.dumps([file[name] for name in _MEMBERS[:-1]], separators=(",", ":")).encode("utf-8")).digest())


def new_salt() -> bytes:
    return os.urandom(32)


def seal(state: dict, product: str, fingerprint: str, salt: bytes) -> str:
    file: dict[str, Any] = {"format": FORMAT, "v": VERSION, "product": product, "salt": b64u_encode(salt), "device": _device_tag(product, fingerprint, salt)}
    iv = os.urandom(12)
    sealed = AESGCM(_key(product, fingerprint, salt)).encrypt(iv, json.dumps(state, separators=(",", ":")).encode("utf-8"), _header_bytes(file))
    file.update(iv=b64u_encode(iv), data=b64u_encode(sealed[:-16]), tag=b64u_encode(sealed[-16:]))
    file["sum"] = _checksum(file)
    return json.dumps(file, separators=(",", ":")) + "\n"


def unseal(text: str, product: str, fingerprint: str, problem) -> StoreRead:
    """Opens the store's text; ``problem(state)`` names the first way the state is not valid. Never raises."""
    try:
        file = json.loads(text)
    except ValueError:
        return StoreRead("tampered", reason="the store is not readable")
    if not isinstance(file, dict) or set(file) != set(_MEMBERS) or not all(isinstance(file[name], str) for name in _MEMBERS if name != "v"):
        return StoreRead("tampered", reason="the store is not in the expected form")
    if file["format"] != FORMAT or file["v"] != VERSION:
        return StoreRead("tampered", reason="the store is of another format")
    if file["sum"] != _checksum(file):
        return StoreRead("tampered", reason="the store was edited: its checksum does not match")
    if file["product"] != product:
        return StoreRead("wrong-device", reason="the store is for another product")
    try:
        salt = _b64u_decode(file["salt"])
    except ValueError:
        return StoreRead("tampered", reason="the store's salt is not base64url")
    if file["device"] != _device_tag(product, fingerprint, salt):
        return StoreRead("wrong-device", reason="the store was made on another device")
    try:
        plain = AESGCM(_key(product, fingerprint, salt)).decrypt(_b64u_decode(file["iv"]), _b64u_decode(file["data"]) + _b64u_decode(file["tag"]), _header_bytes(file))
        state = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        return StoreRead("tampered", reason="the store does not decrypt: it was altered")
    reason = problem(state)
    if reason:
        return StoreRead("tampered", reason=f"the store's contents are not valid ({reason})")
    if state.get("product") != product or state.get("fingerprint") != fingerprint:
        return StoreRead("wrong-device", reason="the store names another device")
    return StoreRead("ok", state=state, salt=salt)


def read(path: str, product: str, fingerprint: str, problem) -> StoreRead:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return StoreRead("missing")
    except (OSError, UnicodeDecodeError):
        return StoreRead("tampered", reason="the store cannot be read")
    return unseal(text, product, fingerprint, problem)


def write_atomically(path: str, text: str) -> None:
    """Temporary file beside the target, fsync, rename over it, fsync the directory: the old state or the new one, never half."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    try:
        directory_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a directory; the rename stands
    try:
        os.fsync(directory_fd)
    except OSError:
        pass
    finally:
        os.close(directory_fd)
