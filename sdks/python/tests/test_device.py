"""The device's life with the SDK, against a stand-in authority: activation by files, check, features,
meters, refresh, deactivation, the store bound to the device, the clock set back (docs/devices.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import sdk_path  # noqa: F401  (first: puts the SDK on the path)
from airlock_sdk import Airlock, AirlockError, parse_license_key
from airlock_sdk.documents import KINDS
from authority_double import TestAuthority

START = 1_800_000_000.0
KEY = "J7AB2-2XN31-7QVKK-CSC4J-SZZS4"


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


class DeviceTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="airlock-sdk-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.clock = Clock(START)
        self.authority = TestAuthority(START)
        self.store = os.path.join(self.dir, "nested", "studio.license")

    def open(self, fingerprint: str = "fp-lab-4", store: str = "") -> Airlock:
        return Airlock.open(
            product="studio",
            root_key=self.authority.root_jwk_text,
            authority_encryption_key=self.authority.encryption_cert,
            store_path=store or self.store,
            fingerprint=fingerprint,
            now=self.clock,
            device_name="Lab PC 4",
        )

    def activate(self, airlock: Airlock, **options):
        request = self.authority.open_request(airlock.create_activation_request(license_key=KEY), self.clock.at)
        airlock.install_license_file(self.authority.license_file(request, self.clock.at, **options))
        return request

    def refused(self, code: str, action) -> AirlockError:
        with self.assertRaises(AirlockError) as caught:
            action()
        self.assertEqual(caught.exception.code, code, caught.exception.message)
        return caught.exception

    def test_a_new_device_is_not_activated_and_its_request_reads_at_the_authority(self):
        airlock = self.open()
        self.assertEqual(airlock.check().code, "NOT_ACTIVATED")
        self.assertFalse(airlock.has_feature("export"))
        request = self.authority.open_request(airlock.create_activation_request(license_key=KEY.lower().replace("-", "")), START)
        claims = request.claims
        self.assertEqual(claims["credential"], {"method": "license-key", "licenseKey": KEY})
        self.assertEqual((claims["product"], claims["fingerprint"], claims["deviceName"]), ("studio", "fp-lab-4", "Lab PC 4"))
        self.assertEqual(set(claims["environment"]), {"virtualMachine", "container"})
        self.assertNotIn("currentRevision", claims)

    def test_a_mistyped_license_key_is_refused_before_anything_is_written(self):
        airlock = self.open()
        self.refused("LICENSE_KEY_MALFORMED", lambda: airlock.create_activation_request(license_key=KEY.replace("J7AB2", "J7AB3")))
        self.assertEqual(parse_license_key(" j7ab2 2xn31 7qvkk csc4j szzs4 "), KEY)

    def test_an_installed_license_answers_check_features_and_meters_from_memory(self):
        airlock = self.open()
        self.activate(airlock)
        result = airlock.check()
        self.assertTrue(result.ok)
        self.assertIsNone(result.code)
        self.assertEqual(result.license.features, ("export",))
        self.assertTrue(airlock.has_feature("export"))
        self.assertFalse(airlock.has_feature("batch"))
        self.assertEqual(airlock.check_feature("batch").code, "FEATURE_NOT_LICENSED")
        self.assertEqual(airlock.consume("renders", 40).remaining, 60)
        self.refused("METER_LIMIT_REACHED", lambda: airlock.consume("renders", 61))
        self.refused("LICENSE_TYPE_NOT_LICENSED", lambda: airlock.consume("minutes", 1))
        self.refused("QUANTITY_INVALID", lambda: airlock.consume("renders", 0))
        # Everything was saved: a new process reads the same license and consumption.
        again = self.open()
        self.assertTrue(again.check().ok)
        self.assertEqual(again.usage("renders").used, 40)
        self.refused("DEVICE_ALREADY_ACTIVATED", lambda: again.create_activation_request(license_key=KEY))

    def test_a_license_file_must_answer_a_request_of_this_device_and_be_for_it(self):
        airlock = self.open()
        other = self.open("fp-other", os.path.join(self.dir, "other.license"))
        request = self.authority.open_request(other.create_activation_request(license_key=KEY), START)
        text = self.authority.license_file(request, START)
        self.refused("WRONG_RECIPIENT", lambda: airlock.install_license_file(text))
        airlock.create_activation_request(license_key=KEY)
        own = self.authority.open_request(self.open().create_activation_request(license_key=KEY), START)
        # A file for a request this store never kept (made by a copy of the device that was thrown away).
        fresh = self.open()
        fresh._state["pendingRequests"] = []
        self.refused("ACTIVATION_REQUEST_UNKNOWN", lambda: fresh.install_license_file(self.authority.license_file(own, START)))
        self.refused("DOCUMENT_FROM_FUTURE", lambda: self.open().install_license_file(self.authority.license_file(own, START + 3600)))
        self.refused("LICENSE_EXPIRED", lambda: self.open().install_license_file(self.authority.license_file(own, START, valid_until=int(START) - 10)))
        self.refused("WRONG_DOCUMENT_KIND", lambda: self.open().install_license_file(self.authority.receipt("fp-lab-4", own.claims["jti"], START)))
        self.assertEqual(self.open().check().code, "NOT_ACTIVATED")

    def test_a_license_signed_by_a_revoked_key_is_refused_and_the_newer_list_kept(self):
        airlock = self.open()
        request = self.authority.open_request(airlock.create_activation_request(license_key=KEY), START)
        revoked = self.authority.revocations(2, [self.authority.signing.kid], START)
        claims = self.authority.license_claims(request, START)
        text = self.authority.armour("device-license-file", self.authority.sign("device-license-file", claims, revocations=revoked), request.claims["deviceEncryptionKey"])
        self.refused("SIGNING_KEY_REVOKED", lambda: airlock.install_license_file(text))

    def test_refresh_request_and_file_bring_the_new_terms(self):
        airlock = self.open()
        request = self.activate(airlock)
        file_id = airlock.license.license_file_id
        refresh_request = self.authority.open_request(airlock.create_refresh_request(), START)
        self.assertEqual(refresh_request.claims["currentRevision"], 1)
        self.clock.at += 60
        newer = self.authority.refresh_file(request, file_id, self.clock.at, revision=2, features=("export", "batch"))
        airlock.apply_refresh_file(newer)
        self.assertTrue(airlock.has_feature("batch"))
        self.assertEqual(airlock.license.revision, 2)
        self.refused("REFRESH_NOT_NEWER", lambda: airlock.apply_refresh_file(newer))
        self.refused("WRONG_RECIPIENT", lambda: airlock.apply_refresh_file(self.authority.refresh_file(request, "another-file", self.clock.at, revision=3)))
        self.assertTrue(self.open().has_feature("batch"))

    def test_deactivation_writes_the_file_and_disables_the_license_at_once(self):
        airlock = self.open()
        self.activate(airlock)
        airlock.consume("renders", 7)
        text = airlock.deactivate()
        opened = self.authority.open_request(text, START, "deactivation-file")
        self.assertEqual(opened.claims["consumption"], [{"meter": "renders", "amount": 7}])
        self.assertEqual(opened.claims["licenseRevision"], 1)
        self.assertEqual(airlock.check().code, "DEVICE_DEACTIVATED")
        self.assertEqual(self.open().check().code, "DEVICE_DEACTIVATED")
        self.assertEqual(self.open().deactivation_file, text)

    def test_a_store_copied_to_another_device_or_edited_is_refused(self):
        airlock = self.open()
        self.activate(airlock)
        copy = os.path.join(self.dir, "copy.license")
        shutil.copy(self.store, copy)
        self.assertEqual(self.open("fp-other-machine", copy).check().code, "STORE_WRONG_DEVICE")
        with open(self.store, encoding="utf-8") as file:
            sealed = json.loads(file.read())
        sealed["data"] = ("A" if sealed["data"][0] != "A" else "B") + sealed["data"][1:]
        with open(self.store, "w", encoding="utf-8") as file:
            file.write(json.dumps(sealed))
        edited = self.open()
        self.assertEqual(edited.check().code, "STORE_TAMPERED")
        self.refused("STORE_TAMPERED", lambda: edited.create_activation_request(license_key=KEY))

    def test_a_clock_set_back_is_refused_until_it_catches_up(self):
        airlock = self.open()
        self.activate(airlock)
        self.clock.at = START + 86_400
        self.assertTrue(airlock.check().ok)
        self.clock.at = START + 86_400 - 299
        self.assertTrue(airlock.check().ok, "within the license's tolerance")
        self.clock.at = START
        self.assertEqual(airlock.check().code, "CLOCK_ROLLED_BACK")
        self.refused("CLOCK_ROLLED_BACK", lambda: airlock.consume("renders", 1))
        # The latest time seen was saved at open and at every write: a new process sees the same.
        self.clock.at = START + 86_400
        airlock.consume("renders", 1)
        self.clock.at = START
        self.assertEqual(self.open().check().code, "CLOCK_ROLLED_BACK")
        self.clock.at = START + 86_400
        self.assertTrue(self.open().check().ok)

    def test_expiry_grace_and_offline_period_give_notices_then_refusals(self):
        airlock = self.open()
        until = int(START) + 1000
        self.activate(airlock, valid_until=until, checks={"allowOffline": True, "clockSkewTolerance": 300, "maxOffline": 600, "offlineGrace": 200, "expiryGrace": 500})
        self.assertTrue(airlock.check().ok)
        self.clock.at = START + 650
        self.assertEqual(airlock.check().notice.code, "CHECK_IN_OVERDUE")
        self.clock.at = START + 800
        self.assertEqual(airlock.check().code, "CHECK_IN_REQUIRED")
        self.assertEqual(airlock.check_in_due.timestamp(), START + 600)

        self.clock.at = START
        later = self.open("fp-grace", os.path.join(self.dir, "grace.license"))
        self.activate(later, valid_until=until, checks={"allowOffline": True, "clockSkewTolerance": 300, "expiryGrace": 500})
        self.clock.at = until + 10
        result = later.check()
        self.assertEqual((result.ok, result.notice.code), (True, "LICENSE_IN_GRACE"))
        self.clock.at = until + 500
        self.assertEqual(later.check().code, "LICENSE_EXPIRED")

    def test_check_answers_from_memory_with_no_cryptography_disk_or_network(self):
        from unittest import mock

        airlock = self.open()
        self.activate(airlock)
        forbidden = mock.Mock(side_effect=AssertionError("check() must answer from memory"))
        with mock.patch("airlock_sdk.jose.verify_compact", forbidden), mock.patch("airlock_sdk.jose.decrypt_compact", forbidden), mock.patch(
            "airlock_sdk.store.write_atomically", forbidden
        ), mock.patch("builtins.open", forbidden), mock.patch("urllib.request.urlopen", forbidden):
            for _ in range(1000):
                self.assertTrue(airlock.check().ok)
                self.assertTrue(airlock.has_feature("export"))
            self.clock.at = START - 86_400
            self.assertEqual(airlock.check().code, "CLOCK_ROLLED_BACK")
        forbidden.assert_not_called()
        # bench/check_bench.py measures it: well under the 2 µs target.

    def test_a_check_in_receipt_must_answer_the_request_just_sent_for_this_license(self):
        airlock = self.open()
        self.activate(airlock)
        receipt = self.authority.receipt("fp-lab-4", "request-just-sent", START)
        self.assertEqual(airlock._verify_receipt(receipt, "request-just-sent")["status"], "active")
        self.refused("DOCUMENT_REPLAYED", lambda: airlock._verify_receipt(receipt, "another-request"))
        self.refused("WRONG_RECIPIENT", lambda: airlock._verify_receipt(self.authority.receipt("fp-lab-4", "r", START, license_id="lic-9"), "r"))
        self.refused("WRONG_RECIPIENT", lambda: airlock._verify_receipt(self.authority.receipt("fp-other", "r", START), "r"))
        self.refused("DOCUMENT_FROM_FUTURE", lambda: airlock._verify_receipt(self.authority.receipt("fp-lab-4", "r", START + 301), "r"))

    def test_the_sdk_version_is_the_release_version(self):
        import re

        from airlock_sdk import SDK_VERSION

        root = os.path.join(sdk_path.ROOT, "..", "..")
        with open(os.path.join(sdk_path.ROOT, "pyproject.toml"), encoding="utf-8") as file:
            self.assertEqual(re.search(r'^version = "([^"]+)"', file.read(), re.MULTILINE).group(1), SDK_VERSION)
        with open(os.path.join(root, "package.json"), encoding="utf-8") as file:
            self.assertEqual(json.load(file)["version"], SDK_VERSION)


class DriverTest(unittest.TestCase):
    """The driver contract of sdks/README.md, run as a process."""

    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="airlock-driver-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.authority = TestAuthority(START)
        self.root = os.path.join(self.dir, "root.jwk")
        self.enc = os.path.join(self.dir, "encryption.json")
        with open(self.root, "w", encoding="utf-8") as file:
            file.write(json.dumps({"kid": self.authority.root.kid, "jwk": self.authority.root.public_jwk}))
        with open(self.enc, "w", encoding="utf-8") as file:
            file.write(json.dumps({"kid": self.authority.encryption.kid, "certificate": self.authority.encryption_cert}))

    def drive(self, *args: str, fingerprint: str = "fp-driver", now: str = "2027-01-15T08:00:00Z", expect: int = 0) -> dict:
        common = ["--store", os.path.join(self.dir, "store"), "--fingerprint", fingerprint, "--product", "studio", "--root-key", self.root, "--authority-encryption-key", self.enc, "--now", now]
        env = {**os.environ, "PYTHONPATH": sdk_path.ROOT}
        done = subprocess.run([sys.executable, "-m", "airlock_sdk.driver", args[0], *common, *args[1:]], capture_output=True, text=True, env=env, check=False)
        self.assertEqual(done.returncode, expect, done.stdout + done.stderr)
        lines = done.stdout.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stdout)
        return json.loads(lines[0])

    def test_the_driver_speaks_one_line_of_json_per_command(self):
        out = os.path.join(self.dir, "activation.req")
        self.assertEqual(self.drive("check"), {"valid": False, "code": "NOT_ACTIVATED", "features": [], "meters": {}, "expiresAt": None})
        self.assertEqual(self.drive("request", "--out", out, "--license-key", KEY), {"file": out})
        with open(out, encoding="utf-8") as file:
            request = self.authority.open_request(file.read(), 1_800_000_000)
        license_file = os.path.join(self.dir, "studio.lic")
        with open(license_file, "w", encoding="utf-8") as file:
            file.write(self.authority.license_file(request, 1_800_000_000, valid_until=1_900_000_000))
        installed = self.drive("install", "--file", license_file)
        self.assertEqual(installed["valid"], True)
        self.assertEqual(installed["features"], ["export"])
        self.assertEqual(installed["expiresAt"], "2030-03-17T17:46:40.000Z")
        self.assertEqual(installed["meters"]["renders"]["remaining"], 100)
        self.assertEqual(self.drive("consume", "--meter", "renders", "--amount", "5")["remaining"], 95)
        refused = self.drive("consume", "--meter", "renders", "--amount", "500", expect=2)
        self.assertEqual(refused["error"]["code"], "METER_LIMIT_REACHED")
        self.assertEqual(self.drive("check", now="2027-01-14T08:00:00Z")["code"], "CLOCK_ROLLED_BACK")
        self.assertEqual(self.drive("check", fingerprint="fp-elsewhere")["code"], "STORE_WRONG_DEVICE")
        deactivation = os.path.join(self.dir, "studio.deactivate")
        self.assertEqual(self.drive("deactivate", "--out", deactivation), {"file": deactivation})
        with open(deactivation, encoding="utf-8") as file:
            self.assertEqual(self.authority.open_request(file.read(), 1_800_000_000, "deactivation-file").claims["consumption"], [{"meter": "renders", "amount": 5}])
        self.assertEqual(self.drive("check")["code"], "DEVICE_DEACTIVATED")
        self.assertEqual(self.drive("nonsense", expect=2)["error"]["code"], "REQUEST_INVALID")


if __name__ == "__main__":
    unittest.main()
