"""The reader under hostile input: every vector, altered thousands of ways (bytes flipped,
removed, inserted, duplicated; the text cut short; segments swapped), must either open to the
very same claims (a change outside what is signed, such as whitespace the armour strips) or be
refused with an AirlockError whose code docs/errors.md lists. Any other exception, or other
claims from a signed document, is a defect (an unsigned kind, the order license, may read to
other claims: nothing vouches for it, docs/formats.md §6.8). The seed is fixed, so a failure names an input that can be replayed; set
AIRLOCK_FUZZ_SEED and AIRLOCK_FUZZ_RUNS to explore further."""

from __future__ import annotations

import os
import random
import re
import unittest

import sdk_path  # noqa: F401  (first: puts the SDK on the path)
from airlock_sdk.errors import AirlockError
from test_vectors import DATA, read

ERRORS_MD = os.path.join(os.path.dirname(__file__), "..", "..", "..", "docs", "errors.md")
with open(ERRORS_MD, encoding="utf-8") as file:
    KNOWN_CODES = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", file.read()))

SEED = int(os.environ.get("AIRLOCK_FUZZ_SEED", "20261206"))
RUNS = int(os.environ.get("AIRLOCK_FUZZ_RUNS", "150"))
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n\r\t\u00e9\u202e\x00"


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        if not chars:
            break
        at = rng.randrange(len(chars))
        choice = rng.randrange(6)
        if choice == 0:
            chars[at] = rng.choice(ALPHABET)
        elif choice == 1:
            del chars[at : at + rng.randint(1, 8)]
        elif choice == 2:
            chars.insert(at, rng.choice(ALPHABET))
        elif choice == 3:
            span = chars[at : at + rng.randint(1, 40)]
            chars[at:at] = span
        elif choice == 4:
            chars = chars[: rng.randrange(len(chars))]
        else:
            body = "".join(chars)
            parts = body.split(".")
            if len(parts) > 2:
                i, j = rng.sample(range(len(parts)), 2)
                parts[i], parts[j] = parts[j], parts[i]
            chars = list(".".join(parts))
    return "".join(chars)


class FuzzTest(unittest.TestCase):
    def test_altered_documents_open_to_the_same_claims_or_are_refused_with_a_known_code(self):
        rng = random.Random(SEED)
        self.assertIn("SIGNATURE_INVALID", KNOWN_CODES)
        opened_same = refused = 0
        for vector in DATA["vectors"]:
            for run in range(RUNS):
                altered = mutate(vector["text"], rng)
                if altered == vector["text"]:
                    continue
                try:
                    opened = read({**vector, "text": altered}, None)
                except AirlockError as error:
                    self.assertIn(error.code, KNOWN_CODES, f"{vector['name']} run {run}: unknown code {error.code}")
                    refused += 1
                    continue
                except Exception as error:  # noqa: BLE001 — any other exception is the defect this test looks for
                    self.fail(f"{vector['name']} run {run} (seed {SEED}): {type(error).__name__}: {error}\n{altered!r}")
                if vector["signer"] != "none":
                    self.assertEqual(opened.claims, vector["claims"], f"{vector['name']} run {run}: opened to other claims")
                opened_same += 1
        self.assertGreater(refused, len(DATA["vectors"]) * RUNS // 2)


if __name__ == "__main__":
    unittest.main()
