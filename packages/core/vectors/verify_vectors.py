#!/usr/bin/env python3
"""Verify Airlock's test vectors with an implementation that shares no code with Airlock.

Uses only Python's standard library and the `cryptography` package (Debian: python3-cryptography):
it removes the armour, decrypts JWE (ECDH-ES with X25519, Concat KDF, A256GCM, RFC 7518 4.6),
walks the signing-key certificate to the root, verifies every Ed25519 JWS signature and
compares the payload with the claims the vector file states. Exit status 0 only if every
valid vector verifies and every invalid one is refused.
"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def b64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def dearmor(text):
    lines = [line.strip() for line in text.strip().splitlines()]
    if not (lines[0].startswith("-----BEGIN AIRLOCK ") and lines[-1].startswith("-----END AIRLOCK ")):
        raise ValueError("not an armoured Airlock document")
    return lines[0][len("-----BEGIN AIRLOCK "):-5], "".join(lines[1:-1])


def concat_kdf(shared, enc, keylen_bits=256):
    # RFC 7518 4.6.2: Concat KDF with SHA-256, AlgorithmID = enc, empty PartyUInfo/PartyVInfo.
    def length_prefixed(data):
        return struct.pack(">I", len(data)) + data
    other = length_prefixed(enc.encode()) + length_prefixed(b"") + length_prefixed(b"") + struct.pack(">I", keylen_bits)
    return hashlib.sha256(struct.pack(">I", 1) + shared + other).digest()[: keylen_bits // 8]


def decrypt(compact, recipient_seed_hex):
    protected, encrypted_key, iv, ciphertext, tag = compact.split(".")
    header = json.loads(b64u(protected))
    assert header["alg"] == "ECDH-ES" and header["enc"] == "A256GCM", header
    assert encrypted_key == "", "ECDH-ES direct key agreement carries no encrypted key"
    epk = X25519PublicKey.from_public_bytes(b64u(header["epk"]["x"]))
    shared = X25519PrivateKey.from_private_bytes(bytes.fromhex(recipient_seed_hex)).exchange(epk)
    key = concat_kdf(shared, header["enc"])
    plaintext = AESGCM(key).decrypt(b64u(iv), b64u(ciphertext) + b64u(tag), protected.encode("ascii"))
    return header, plaintext.decode("utf-8")


def verify_jws(compact, public_x):
    protected, payload, signature = compact.split(".")
    Ed25519PublicKey.from_public_bytes(b64u(public_x)).verify(b64u(signature), f"{protected}.{payload}".encode("ascii"))
    return json.loads(b64u(protected)), json.loads(b64u(payload))


def thumbprint(jwk):
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def open_vector(vector, keys):
    label, body = dearmor(vector["text"])
    assert label == vector["label"], (label, vector["label"])
    if vector["encryptedTo"]:
        jwe_header, body = decrypt(body, keys[vector["encryptedTo"]]["seed"])
        assert jwe_header["kid"] == keys[vector["encryptedTo"]]["kid"], "JWE kid names the recipient key"
        assert jwe_header["cty"] == vector["typ"], jwe_header
    header = json.loads(b64u(body.split(".")[0]))
    assert header["typ"] == vector["typ"], header
    if vector["signer"] == "none":
        assert header["alg"] == "none" and body.endswith(".")
        return json.loads(b64u(body.split(".")[1]))
    assert header["alg"] == "EdDSA"
    if vector["signer"] == "authority":
        root = keys["authorityRoot"]["publicJwk"]
        cert_header, cert = verify_jws(header["cert"], root["x"])
        assert cert_header["typ"] == "airlock-key-cert+jwt" and cert["use"] == "sig"
        assert cert["iss"] == thumbprint(root) and cert["kid"] == header["kid"] == thumbprint(cert["jwk"])
        _, claims = verify_jws(body, cert["jwk"]["x"])
        assert cert["nbf"] <= claims["iat"] < cert["exp"], "issued within the signing key's validity"
    else:
        assert header["kid"] == thumbprint(header["jwk"])
        _, claims = verify_jws(body, header["jwk"]["x"])
    return claims


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    keys, failures = data["keys"], 0
    for vector in data["vectors"]:
        try:
            claims = open_vector(vector, keys)
            assert claims == vector["claims"], "payload differs from the stated claims"
            print(f"ok       {vector['name']}")
        except Exception as error:  # noqa: BLE001 - report every vector, then fail
            failures += 1
            print(f"FAILED   {vector['name']}: {type(error).__name__}: {error}")
    for vector in data["invalid"]:
        try:
            open_vector(vector, keys)
            failures += 1
            print(f"FAILED   {vector['name']}: accepted, expected refusal ({vector['expectedError']})")
        except (InvalidSignature, InvalidTag, AssertionError, ValueError, KeyError):
            print(f"refused  {vector['name']}")
    print(f"{len(data['vectors'])} valid and {len(data['invalid'])} invalid vectors, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "vectors.json"))
