#!/usr/bin/env python3
"""Verify Airlock's test vectors with an implementation that shares no code with Airlock.

Uses only Python's standard library and the `cryptography` package (Debian: python3-cryptography):
it removes the armour, decrypts JWE (ECDH-ES with X25519, Concat KDF, A256GCM, RFC 7518 4.6,
inflating "zip":"DEF" plaintexts with zlib),
walks the signing-key certificate to the root, verifies every Ed25519 JWS signature and
compares the payload with the claims the vector file states. A site lease or borrow file is
also checked to be certified: the license it carries chains to the root and names the key that
signed it (docs/formats.md 6.12). Heartbeat MACs are derived from both ends (X25519, HKDF-SHA256,
HMAC-SHA256). Exit status 0 only if every valid vector verifies and every invalid one is refused.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import zlib

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


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


MAX_PLAINTEXT_BYTES = 32 * 1048576


def decrypt(compact, recipient_seed_hex):
    protected, encrypted_key, iv, ciphertext, tag = compact.split(".")
    header = json.loads(b64u(protected))
    assert header["alg"] == "ECDH-ES" and header["enc"] == "A256GCM", header
    assert encrypted_key == "", "ECDH-ES direct key agreement carries no encrypted key"
    epk = X25519PublicKey.from_public_bytes(b64u(header["epk"]["x"]))
    shared = X25519PrivateKey.from_private_bytes(bytes.fromhex(recipient_seed_hex)).exchange(epk)
    key = concat_kdf(shared, header["enc"])
    plaintext = AESGCM(key).decrypt(b64u(iv), b64u(ciphertext) + b64u(tag), protected.encode("ascii"))
    if "zip" in header:
        # RFC 7516 "zip":"DEF": raw DEFLATE (no zlib header), bounded like Airlock's readers.
        assert header["zip"] == "DEF", f"unsupported compression {header['zip']!r}"
        inflater = zlib.decompressobj(-15)
        plaintext = inflater.decompress(plaintext, MAX_PLAINTEXT_BYTES)
        assert not inflater.unconsumed_tail, "the plaintext inflates past the limit"
        assert inflater.eof, "the DEFLATE stream is incomplete"
    return header, plaintext.decode("utf-8")


def verify_jws(compact, public_x):
    protected, payload, signature = compact.split(".")
    Ed25519PublicKey.from_public_bytes(b64u(public_x)).verify(b64u(signature), f"{protected}.{payload}".encode("ascii"))
    return json.loads(b64u(protected)), json.loads(b64u(payload))


def thumbprint(jwk):
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def verify_authority_jws(compact, keys):
    """An authority-signed JWS: its key certificate verifies with the root, then the JWS with the certified key."""
    header = json.loads(b64u(compact.split(".")[0]))
    assert header["alg"] == "EdDSA"
    root = keys["authorityRoot"]["publicJwk"]
    cert_header, cert = verify_jws(header["cert"], root["x"])
    assert cert_header["typ"] == "airlock-key-cert+jwt" and cert["use"] == "sig"
    assert cert["iss"] == thumbprint(root) and cert["kid"] == header["kid"] == thumbprint(cert["jwk"])
    _, claims = verify_jws(compact, cert["jwk"]["x"])
    assert cert["nbf"] <= claims["iat"] < cert["exp"], "issued within the signing key's validity"
    return header, claims


CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def gf32_times_2(x):
    # GF(32) with the polynomial x^5 + x^2 + 1 (formats.md 7).
    x <<= 1
    return x ^ 0b100101 if x & 0b100000 else x


def registration_key(site_guid, tenant, site_kid):
    """formats.md 7: 75 bits of SHA-256 over the tag and the length-prefixed fields, and a Damm check symbol."""
    digest = hashlib.sha256(b"airlock-rk-v1\0")
    for field in (site_guid.lower(), tenant, site_kid):
        data = field.encode("utf-8")
        digest.update(struct.pack(">I", len(data)) + data)
    bits = int.from_bytes(digest.digest(), "big") >> (256 - 75)
    symbols = [(bits >> (5 * (14 - index))) & 31 for index in range(15)]
    interim = 0
    for symbol in symbols:
        interim = gf32_times_2(interim) ^ symbol
    text = "".join(CROCKFORD[symbol] for symbol in symbols + [gf32_times_2(interim)])
    return "-".join(text[index:index + 4] for index in range(0, 16, 4))


assert registration_key("0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b", "default", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k") == "XBWJ-N5F3-EP7S-3BYJ"


def check_site_certificate(claims, site_kid, keys):
    """The license a lease or borrow file carries chains to the root and names the site key that signed it."""
    assert claims["aud"] == f"device:{claims['fingerprint']}", "made for the device it names"
    license_header, license_claims = verify_authority_jws(claims["license"], keys)
    guid, tenant = claims["siteGuid"].lower(), claims["tenant"]
    if license_header["typ"] == "airlock-olf+jwt":
        assert license_claims["aud"] == f"site:{guid}/{tenant}", "the OLF is for the lease's site and tenant"
        assert license_claims["siteGuid"].lower() == guid and license_claims["tenant"] == tenant
        assert license_claims["siteKeyThumbprint"] == site_kid, "the OLF names the key that signed the lease"
    elif license_header["typ"] == "airlock-activated-license+jwt":
        rk = registration_key(guid, tenant, site_kid)
        assert license_claims["registrationKey"] == rk and license_claims["aud"] == f"rk:{rk}", "the Registration Key is derived from the signing key"
    else:
        raise AssertionError(f"not a license: {license_header['typ']}")


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
        _, claims = verify_authority_jws(body, keys)
    else:
        assert header["kid"] == thumbprint(header["jwk"])
        _, claims = verify_jws(body, header["jwk"]["x"])
    if vector["kind"] in ("site-lease", "site-borrow"):
        check_site_certificate(claims, header["kid"], keys)
    return claims


HEARTBEAT_INFO = "airlock-lease-heartbeat-v1"


def heartbeat_key(own_seed_hex, peer_x, lease_id):
    shared = X25519PrivateKey.from_private_bytes(bytes.fromhex(own_seed_hex)).exchange(X25519PublicKey.from_public_bytes(b64u(peer_x)))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=lease_id.encode("utf-8"), info=HEARTBEAT_INFO.encode("utf-8")).derive(shared)


def heartbeat_mac(key, lease_id, nonce, exp):
    message = f"{HEARTBEAT_INFO}\n{lease_id}\n{nonce}\n{exp}\n".encode("utf-8")
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).rstrip(b"=").decode()


def check_heartbeat(vector, data):
    keys = data["keys"]
    lease = next(v for v in data["vectors"] if v["name"] == vector["lease"])["claims"]
    site, device = keys[vector["siteKey"]], keys[vector["deviceKey"]]
    assert lease["leaseId"] == vector["leaseId"]
    assert lease["siteKey"]["x"] == site["publicJwk"]["x"] and lease["deviceKey"]["x"] == device["publicJwk"]["x"], "the keys the lease names"
    at_site = heartbeat_key(site["seed"], device["publicJwk"]["x"], vector["leaseId"])
    at_device = heartbeat_key(device["seed"], site["publicJwk"]["x"], vector["leaseId"])
    assert at_site == at_device == bytes.fromhex(vector["key"]), "both ends derive the stated key"
    assert heartbeat_mac(at_device, vector["leaseId"], vector["nonce"], vector["exp"]) == vector["mac"]
    assert heartbeat_mac(at_device, vector["leaseId"], vector["nonce"] + "A", vector["exp"]) != vector["mac"]
    assert heartbeat_mac(at_device, vector["leaseId"], vector["nonce"], vector["exp"] + 1) != vector["mac"]


def check_exchange(claims, data):
    """An exchange request binds the LFR sent beside it by SHA-256, or answers the LFR it awaits."""
    lfr = next(v for v in data["vectors"] if v["kind"] == "license-file-request" and "replaces" in v["claims"])
    assert ("lfrSha256" in claims) != ("awaits" in claims), "submits or awaits, not both"
    if "lfrSha256" in claims:
        assert claims["lfrSha256"] == hashlib.sha256(lfr["text"].encode("utf-8")).hexdigest(), "the digest of the LFR sent beside it"
        assert claims["answers"] == []
    else:
        assert claims["awaits"] == lfr["claims"]["jti"] and claims["answers"] == [lfr["claims"]["jti"]]
    assert claims["iat"] < claims["exp"] <= claims["iat"] + 3600, "lives at most an hour"


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    keys, failures = data["keys"], 0
    for vector in data["vectors"]:
        try:
            claims = open_vector(vector, keys)
            assert claims == vector["claims"], "payload differs from the stated claims"
            if vector["kind"] == "site-exchange-request":
                check_exchange(claims, data)
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
    for vector in data.get("heartbeats", []):
        try:
            check_heartbeat(vector, data)
            print(f"ok       {vector['name']}")
        except Exception as error:  # noqa: BLE001
            failures += 1
            print(f"FAILED   {vector['name']}: {type(error).__name__}: {error}")
    print(f"{len(data['vectors'])} valid and {len(data['invalid'])} invalid vectors, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "vectors.json"))
