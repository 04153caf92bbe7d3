"""The JOSE layer of Airlock documents (docs/formats.md §1–§4): armour, base64url, OKP keys and
thumbprints, compact JWS with EdDSA (Ed25519) and compact JWE with ECDH-ES on X25519, Concat KDF
and A256GCM, with raw DEFLATE for large plaintexts. Standard library and ``cryptography`` only."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
import zlib
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import AirlockError

MAX_DOCUMENT_CHARS = 1_048_576
MAX_PLAINTEXT_BYTES = 33_554_432
COMPRESS_ABOVE = 16_384
LINE_WIDTH = 64

_LABEL = re.compile(r"^[A-Z][A-Z ]{2,48}[A-Z]$")
_BEGIN = re.compile(r"-----BEGIN AIRLOCK ([A-Z ]+)-----")
_BODY = re.compile(r"^[A-Za-z0-9_.-]+$")
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")

_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


# --- base64url and JSON ---------------------------------------------------------------------


def b64u_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: str) -> bytes:
    """Canonical base64url only (no padding, no spare bits set): one spelling per byte string."""
    if not isinstance(text, str) or not _B64URL.match(text) or len(text) % 4 == 1:
        raise AirlockError("DOCUMENT_MALFORMED", "a segment is not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64u_encode(data) != text:
        raise AirlockError("DOCUMENT_MALFORMED", "a segment is not canonical base64url")
    return data


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_object(data: bytes, what: str) -> dict:
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise AirlockError("DOCUMENT_MALFORMED", f"{what} is not UTF-8 JSON") from error
    if not isinstance(value, dict):
        raise AirlockError("DOCUMENT_MALFORMED", f"{what} is not a JSON object")
    return value


# --- armour (§1) ----------------------------------------------------------------------------


def armor(label: str, body: str) -> str:
    lines = [body[i : i + LINE_WIDTH] for i in range(0, len(body), LINE_WIDTH)]
    return f"-----BEGIN AIRLOCK {label}-----\n" + "\n".join(lines) + f"\n-----END AIRLOCK {label}-----\n"


def dearmor(text: Any) -> tuple[str, str]:
    if not isinstance(text, str):
        raise AirlockError("DOCUMENT_MALFORMED", "not text")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise AirlockError("DOCUMENT_TOO_LARGE", f"{len(text)} characters, at most {MAX_DOCUMENT_CHARS}")
    begin = _BEGIN.search(text)
    if not begin:
        raise AirlockError("DOCUMENT_MALFORMED", "no BEGIN AIRLOCK line")
    label = begin.group(1)
    end = text.find(f"-----END AIRLOCK {label}-----", begin.end())
    if end < 0:
        raise AirlockError("DOCUMENT_MALFORMED", "no matching END line")
    body = _WHITESPACE.sub("", text[begin.end() : end])
    if not _LABEL.match(label) or not _BODY.match(body):
        raise AirlockError("DOCUMENT_MALFORMED", "unexpected characters in the block")
    return label, body


def protected_header(compact: str, parts: int) -> tuple[list[str], dict]:
    segments = compact.split(".")
    if len(segments) != parts:
        raise AirlockError("DOCUMENT_MALFORMED", f"expected {parts} compact segments, found {len(segments)}")
    for segment in segments:
        if segment:
            b64u_decode(segment)
    return segments, json_object(b64u_decode(segments[0]), "the protected header")


# --- keys (§2) ------------------------------------------------------------------------------


def thumbprint(jwk: dict) -> str:
    """RFC 7638 SHA-256 thumbprint of an OKP key: its kid."""
    canonical = json.dumps({"crv": jwk["crv"], "kty": "OKP", "x": jwk["x"]}, separators=(",", ":"), sort_keys=True)
    return b64u_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def public_jwk(crv: str, raw: bytes) -> dict:
    return {"kty": "OKP", "crv": crv, "x": b64u_encode(raw)}


def parse_public_jwk(value: Any, crv: str) -> dict:
    """A public OKP JWK of the curve, as ``{"kty","crv","x"}`` (KEY_INVALID otherwise)."""
    if not isinstance(value, dict) or value.get("kty") != "OKP" or value.get("crv") != crv or "d" in value:
        raise AirlockError("KEY_INVALID", f"not a public {crv} JWK")
    x = value.get("x")
    try:
        raw = b64u_decode(x) if isinstance(x, str) else b""
    except AirlockError:
        raw = b""
    if len(raw) != 32:
        raise AirlockError("KEY_INVALID", f"not a public {crv} JWK: x must hold 32 bytes")
    return {"kty": "OKP", "crv": crv, "x": x}


def ed25519_public(jwk: dict) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64u_decode(jwk["x"]))


def x25519_public(jwk: dict) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(b64u_decode(jwk["x"]))


class SigningKey:
    """An Ed25519 key pair from its 32-byte seed."""

    def __init__(self, seed: bytes) -> None:
        self.private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_jwk = public_jwk("Ed25519", self.private.public_key().public_bytes(_RAW, _RAW_PUBLIC))
        self.kid = thumbprint(self.public_jwk)


class EncryptionKey:
    """An X25519 key pair from its 32-byte seed."""

    def __init__(self, seed: bytes) -> None:
        self.private = X25519PrivateKey.from_private_bytes(seed)
        self.public_jwk = public_jwk("X25519", self.private.public_key().public_bytes(_RAW, _RAW_PUBLIC))
        self.kid = thumbprint(self.public_jwk)


# --- JWS (§3) -------------------------------------------------------------------------------


def sign_compact(header: dict, claims: dict, key: SigningKey) -> str:
    signing_input = b64u_encode(json_bytes({**header, "alg": "EdDSA"})) + "." + b64u_encode(json_bytes(claims))
    return signing_input + "." + b64u_encode(key.private.sign(signing_input.encode("ascii")))


def verify_compact(segments: list[str], public_key: Ed25519PublicKey) -> dict:
    """The payload of a three-segment JWS whose Ed25519 signature verifies (SIGNATURE_INVALID otherwise)."""
    try:
        public_key.verify(b64u_decode(segments[2]), f"{segments[0]}.{segments[1]}".encode("ascii"))
    except InvalidSignature as error:
        raise AirlockError("SIGNATURE_INVALID", "the signature does not verify") from error
    return json_object(b64u_decode(segments[1]), "the payload")


# --- JWE (§4) -------------------------------------------------------------------------------


def _concat_kdf(shared: bytes) -> bytes:
    """RFC 7518 §4.6.2: Concat KDF, SHA-256, AlgorithmID "A256GCM", empty PartyUInfo/PartyVInfo, 256 bits."""

    def prefixed(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    other = prefixed(b"A256GCM") + prefixed(b"") + prefixed(b"") + struct.pack(">I", 256)
    return hashlib.sha256(struct.pack(">I", 1) + shared + other).digest()


def encrypt_compact(plaintext: str, recipient: dict, typ: str, cty: str) -> str:
    """A compact JWE to the recipient's X25519 JWK; plaintexts over 16,384 bytes are deflated (§4)."""
    data = plaintext.encode("utf-8")
    ephemeral = X25519PrivateKey.generate()
    header = {
        "alg": "ECDH-ES",
        "enc": "A256GCM",
        "typ": typ,
        "cty": cty,
        "kid": thumbprint(recipient),
        "epk": public_jwk("X25519", ephemeral.public_key().public_bytes(_RAW, _RAW_PUBLIC)),
    }
    if len(data) > COMPRESS_ABOVE:
        header["zip"] = "DEF"
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = deflater.compress(data) + deflater.flush()
    key = _concat_kdf(ephemeral.exchange(x25519_public(recipient)))
    protected = b64u_encode(json_bytes(header))
    iv = os.urandom(12)
    sealed = AESGCM(key).encrypt(iv, data, protected.encode("ascii"))
    return ".".join([protected, "", b64u_encode(iv), b64u_encode(sealed[:-16]), b64u_encode(sealed[-16:])])


def decrypt_compact(segments: list[str], header: dict, recipient: EncryptionKey) -> str:
    """The plaintext of a JWE whose header was checked (§5 step 4): decrypt, verify the tag, inflate."""
    if segments[1] != "":
        raise AirlockError("DECRYPTION_FAILED", "ECDH-ES direct key agreement carries no encrypted key")
    try:
        epk = x25519_public(parse_public_jwk(header.get("epk"), "X25519"))
        iv, ciphertext, tag = (b64u_decode(s) for s in segments[2:])
        if len(iv) != 12 or len(tag) != 16:
            raise ValueError("IV or tag of the wrong length")
        key = _concat_kdf(recipient.private.exchange(epk))
        data = AESGCM(key).decrypt(iv, ciphertext + tag, segments[0].encode("ascii"))
    except (InvalidTag, ValueError, AirlockError) as error:
        raise AirlockError("DECRYPTION_FAILED", "the document does not decrypt with this device's key") from error
    if header.get("zip") == "DEF":
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(data, MAX_PLAINTEXT_BYTES + 1)
        except zlib.error as error:
            raise AirlockError("DOCUMENT_MALFORMED", "the compressed plaintext does not inflate") from error
        if len(data) > MAX_PLAINTEXT_BYTES or inflater.unconsumed_tail:
            raise AirlockError("DOCUMENT_TOO_LARGE", f"the plaintext inflates past {MAX_PLAINTEXT_BYTES} bytes")
        if not inflater.eof:
            raise AirlockError("DOCUMENT_MALFORMED", "the compressed plaintext is incomplete")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AirlockError("DOCUMENT_MALFORMED", "the plaintext is not UTF-8") from error
