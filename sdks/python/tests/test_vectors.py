"""The SDK against packages/core/vectors/vectors.json (docs/formats.md §8): every document kind a
device reads opens, verifies and gives the stated claims; every kind a device writes reads back
at the authority's end; every altered document is refused with the code the vectors expect."""

from __future__ import annotations

import json
import os
import unittest
from datetime import datetime

import sdk_path  # noqa: F401  (first: puts the SDK on the path)
from airlock_sdk import jose
from airlock_sdk.documents import KINDS, Trust, open_document, open_site_seat
from airlock_sdk.errors import AirlockError

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "packages", "core", "vectors", "vectors.json")

with open(VECTORS, encoding="utf-8") as file:
    DATA = json.load(file)
KEYS = DATA["keys"]
NOW = datetime.fromisoformat(DATA["now"].replace("Z", "+00:00")).timestamp()
FINGERPRINT = "fp-3f9a1c2b7d"

# What a device reads (authority → device, site → device), and what it writes (device → authority).
DEVICE_READS = {"device-license-file", "device-refresh-file", "device-check-in-receipt", "site-lease", "site-borrow"}
DEVICE_WRITES = {"device-activation-request", "deactivation-file", "device-usage-report"}


def trust() -> Trust:
    return Trust(KEYS["authorityRoot"]["publicJwk"])


def recipient(name):
    return jose.EncryptionKey(bytes.fromhex(KEYS[name]["seed"])) if name else None


def read(vector: dict, audience):
    kind = KINDS[vector["kind"]]
    if kind.name in ("site-lease", "site-borrow"):
        return open_site_seat(kind, vector["text"], now=NOW, fingerprint=FINGERPRINT, trust=trust())
    return open_document(kind, vector["text"], now=NOW, audience=audience, trust=trust(), recipient=recipient(vector["encryptedTo"]))


class VectorTest(unittest.TestCase):
    def test_the_vectors_cover_every_kind_a_device_reads_and_writes(self):
        kinds = {vector["kind"] for vector in DATA["vectors"]}
        self.assertLessEqual(DEVICE_READS | DEVICE_WRITES, kinds)

    def test_every_document_a_device_reads_verifies_and_opens_to_its_claims(self):
        device_key = jose.SigningKey(bytes.fromhex(KEYS["deviceSigning"]["seed"]))
        count = 0
        for vector in DATA["vectors"]:
            if vector["kind"] not in DEVICE_READS:
                continue
            with self.subTest(vector["name"]):
                opened = read(vector, f"device:{FINGERPRINT}")
                self.assertEqual(opened.claims, vector["claims"])
                if vector["kind"] in ("device-license-file", "device-refresh-file"):
                    # Bound to the scenario's device key (§6.6), encrypted to its X25519 key.
                    self.assertEqual(opened.claims["deviceKeyThumbprint"], device_key.kid)
                    self.assertEqual(vector["encryptedTo"], "deviceEncryption")
                count += 1
        self.assertGreaterEqual(count, 6)

    def test_every_document_a_device_writes_reads_back_at_the_authority(self):
        for vector in DATA["vectors"]:
            if vector["kind"] not in DEVICE_WRITES:
                continue
            with self.subTest(vector["name"]):
                opened = read(vector, f"authority:{KEYS['authorityRoot']['kid']}")
                self.assertEqual(opened.claims, vector["claims"])
                self.assertEqual(opened.signer_kid, KEYS["deviceSigning"]["kid"])

    def test_every_other_kind_verifies_too(self):
        # The reader is one implementation of §5 for every kind: it opens the site's and authority's documents as well.
        for vector in DATA["vectors"]:
            if vector["kind"] in DEVICE_READS | DEVICE_WRITES:
                continue
            with self.subTest(vector["name"]):
                self.assertEqual(read(vector, None).claims, vector["claims"])

    def test_every_altered_document_is_refused_with_the_expected_code(self):
        self.assertGreater(len(DATA["invalid"]), 0)
        for vector in DATA["invalid"]:
            with self.subTest(vector["name"]):
                with self.assertRaises(AirlockError) as refused:
                    read(vector, None)
                self.assertEqual(refused.exception.code, vector["expectedError"])

    def test_a_device_document_is_refused_where_a_device_would_refuse_it(self):
        license_file = next(v for v in DATA["vectors"] if v["kind"] == "device-license-file")
        kind = KINDS["device-license-file"]
        cases = {
            "WRONG_RECIPIENT": lambda: open_document(kind, license_file["text"], now=NOW, audience="device:another", trust=trust(), recipient=recipient("deviceEncryption")),
            "WRONG_RECIPIENT ": lambda: open_document(kind, license_file["text"], now=NOW, audience=f"device:{FINGERPRINT}", trust=trust(), recipient=recipient("siteEncryption")),
            "DOCUMENT_FROM_FUTURE": lambda: open_document(kind, license_file["text"], now=NOW - 3600, audience=f"device:{FINGERPRINT}", trust=trust(), recipient=recipient("deviceEncryption")),
            "WRONG_DOCUMENT_KIND": lambda: open_document(KINDS["device-refresh-file"], license_file["text"], now=NOW, audience=None, trust=trust(), recipient=recipient("deviceEncryption")),
            "KEY_CERTIFICATE_INVALID": lambda: open_document(kind, license_file["text"], now=NOW, audience=None, trust=Trust(KEYS["siteSigning"]["publicJwk"]), recipient=recipient("deviceEncryption")),
            "DOCUMENT_MALFORMED": lambda: open_document(kind, license_file["text"].replace("-----END", "-----FIN"), now=NOW, audience=None, trust=trust(), recipient=recipient("deviceEncryption")),
            "DOCUMENT_TOO_LARGE": lambda: open_document(kind, license_file["text"] + " " * 1_048_576, now=NOW, audience=None, trust=trust(), recipient=recipient("deviceEncryption")),
        }
        for code, attempt in cases.items():
            with self.subTest(code):
                with self.assertRaises(AirlockError) as refused:
                    attempt()
                self.assertEqual(refused.exception.code, code.strip())


if __name__ == "__main__":
    unittest.main()
