"""An application's license on this device: the Python counterpart of the Node SDK's ``Airlock``
(docs/devices.md). Open it once at start; ``check()`` and ``has_feature()`` then answer from
memory (no disk, network or cryptography). Everything that changes the license is verified
against the pinned root, written to the store atomically, and only then in force."""

from __future__ import annotations

import base64
import json
import math
import os
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Optional, Union

from . import documents, jose, store
from .authority import AuthorityClient, string_member
from .documents import KINDS, Trust
from .errors import AirlockError
from .machine import check_fingerprint, detect_environment, machine_fingerprint

SDK_VERSION = "0.1.0"
DEFAULT_TOLERANCE_S = 300.0
MAX_PENDING_REQUESTS = 8
MAX_REPORTS_KEPT = 32
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SYMBOL = {**{c: i for i, c in enumerate(_CROCKFORD)}, **{c.lower(): i for i, c in enumerate(_CROCKFORD)}, "O": 0, "o": 0, "I": 1, "i": 1, "L": 1, "l": 1}
_SEPARATOR = re.compile(r"^[\s\u2010-\u2014\u2212-]$")

Clock = Callable[[], Union[float, int, datetime]]


def _iso(seconds: float) -> Optional[str]:
    if not math.isfinite(seconds):
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _seconds(value: Union[float, int, datetime]) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return float(value)


def parse_license_key(text: Any) -> str:
    """A license key as typed (any case, with or without hyphens), in its canonical spelling (docs/formats.md §7.1)."""
    if not isinstance(text, str) or len(text) > 64:
        raise AirlockError("LICENSE_KEY_MALFORMED", "not a license key")
    symbols = []
    for char in text:
        if char in _SYMBOL:
            symbols.append(_SYMBOL[char])
        elif not _SEPARATOR.match(char):
            raise AirlockError("LICENSE_KEY_MALFORMED", f"unexpected character {char!r}")
    if len(symbols) != 25:
        raise AirlockError("LICENSE_KEY_MALFORMED", f"wrong length: {len(symbols)} characters, 25 expected")
    if documents.damm_check(symbols) != 0:
        raise AirlockError("LICENSE_KEY_MALFORMED", "check character does not match: a character is mistyped")
    key = "".join(_CROCKFORD[s] for s in symbols)
    return "-".join(key[i : i + 5] for i in range(0, 25, 5))


def parse_root_key(value: Any) -> dict:
    """The pinned root: a JWK, the body of GET /v1/keys/root (``{kid, jwk, pem}``), or their JSON text, or a PEM."""
    if isinstance(value, (bytes, str)):
        text = value.decode("utf-8") if isinstance(value, bytes) else value
        text = text.strip()
        if text.startswith("-----BEGIN PUBLIC KEY-----"):
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                key = serialization.load_pem_public_key(text.encode("ascii"))
            except ValueError as error:
                raise AirlockError("KEY_INVALID", "the PEM does not hold a public key") from error
            if not isinstance(key, Ed25519PublicKey):
                raise AirlockError("KEY_INVALID", "the root key must be Ed25519")
            return jose.public_jwk("Ed25519", key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
        try:
            value = json.loads(text)
        except ValueError as error:
            raise AirlockError("KEY_INVALID", "the root key is neither JSON nor PEM") from error
    if isinstance(value, dict) and "jwk" in value:
        value = value["jwk"]
    return jose.parse_public_jwk(value, "Ed25519")


def parse_encryption_certificate(value: Any) -> str:
    """The authority's encryption-key certificate: the compact JWS, or the body of GET /v1/keys/encryption."""
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    if isinstance(text, str):
        text = text.strip()
        if text.startswith("{"):
            try:
                text = json.loads(text)
            except ValueError as error:
                raise AirlockError("KEY_CERTIFICATE_INVALID", "neither a certificate nor JSON") from error
    if isinstance(text, dict):
        text = text.get("certificate")
    if not isinstance(text, str):
        raise AirlockError("KEY_CERTIFICATE_INVALID", "no encryption-key certificate")
    return text


# --- what the application reads ---------------------------------------------------------------


@dataclass(frozen=True)
class DeviceLicense:
    """The license in force: the device license file's terms, or those of the newest refresh applied."""

    license_id: str
    product: str
    kind: str
    revision: int
    valid_until: Optional[datetime]
    features: tuple
    meters: tuple  # ((meter, limit or None), ...)
    metadata: tuple  # ((name, value), ...)
    allow_offline: bool
    clock_skew_tolerance: int  # seconds
    license_file_id: str
    trial: bool


@dataclass(frozen=True)
class Notice:
    """Borrowed time: CHECK_IN_OVERDUE or LICENSE_IN_GRACE, and when it stops working."""

    code: str
    until: datetime


@dataclass(frozen=True)
class CheckResult:
    """What ``check()`` answers: ``ok`` with the license (and maybe a notice), or the code of the refusal."""

    ok: bool
    code: Optional[str] = None
    license: Optional[DeviceLicense] = None
    notice: Optional[Notice] = None
    detail: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok


def _refuse(code: str, **detail: Any) -> CheckResult:
    return CheckResult(False, code, None, None, detail)


@dataclass(frozen=True)
class MeterReading:
    meter: str
    used: int
    limit: Optional[int]
    remaining: Optional[int]
    overage: int
    overage_allowance: int


@dataclass(frozen=True)
class MeterGrant:
    meter: str
    limit: Optional[int]
    overage: int
    counted: int
    allotment: Optional[int]


class _View:
    """A verified license in the form the hot path reads, built once per file."""

    def __init__(self, claims: dict, license_file_id: str) -> None:
        checks = claims["checks"]
        entitlements = claims["entitlements"]
        valid_until = claims["validUntil"]
        self.license = DeviceLicense(
            license_id=claims["licenseId"],
            product=claims["product"],
            kind=claims["licenseKind"],
            revision=claims["revision"],
            valid_until=None if valid_until is None else datetime.fromtimestamp(valid_until, timezone.utc),
            features=tuple(entitlements["features"]),
            meters=tuple((m["meter"], m["limit"]) for m in entitlements["meters"]),
            metadata=tuple((m["name"], m["value"]) for m in claims["metadata"]),
            allow_offline=checks["allowOffline"],
            clock_skew_tolerance=checks["clockSkewTolerance"],
            license_file_id=license_file_id,
            trial=claims.get("trial") is True,
        )
        self.features = frozenset(entitlements["features"])
        self.meter_grants = {
            m["meter"]: MeterGrant(
                m["meter"],
                m["limit"],
                m.get("overage", 0),
                m.get("counted", 0),
                None if m["limit"] is None else m.get("allotment", m["limit"]),
            )
            for m in entitlements["meters"]
        }
        self.reported_through = claims.get("reportedThrough", 0)
        self.issued_at = claims["iat"]
        self.ends_at = math.inf if valid_until is None else float(valid_until)
        self.grace_ends_at = self.ends_at + checks.get("expiryGrace", 0)
        max_offline = checks.get("maxOffline")
        self.max_offline = None if max_offline is None else float(max_offline)
        self.offline_grace = float(checks.get("offlineGrace", 0))
        self.tolerance = float(checks["clockSkewTolerance"])


class _Usable:
    """Every answer ``check`` gives for a verified license, and from when each applies (seconds)."""

    def __init__(self, view: _View, license_file: dict, last_contact: float, suspended: bool) -> None:
        self.view = view
        self.license_file = license_file
        due = math.inf if view.max_offline is None else last_contact + view.max_offline
        self.check_in_due = due
        self.locked_from = due + view.offline_grace
        self.notice_from = min(view.ends_at, due)
        self.expired_from = view.grace_ends_at
        self.tolerance = view.tolerance
        license = view.license
        self.ok = CheckResult(True, None, license)
        self.in_grace = CheckResult(True, None, license, Notice("LICENSE_IN_GRACE", datetime.fromtimestamp(view.grace_ends_at, timezone.utc)) if math.isfinite(view.grace_ends_at) else None)
        self.overdue = CheckResult(True, None, license, Notice("CHECK_IN_OVERDUE", datetime.fromtimestamp(self.locked_from, timezone.utc)) if math.isfinite(self.locked_from) else None)
        self.check_in_required = _refuse("CHECK_IN_REQUIRED", lastContact=_iso(last_contact), dueAt=_iso(due), graceEndedAt=_iso(self.locked_from))
        self.expired = _refuse("LICENSE_EXPIRED", expiredAt=_iso(view.ends_at))
        self.suspended = _refuse("LICENSE_SUSPENDED", licenseId=license.license_id) if suspended else None


# --- the stored state ---------------------------------------------------------------------------


def _state_problem(state: Any) -> Optional[str]:
    """The first way the decrypted contents are not a store state, or None."""
    if not isinstance(state, dict) or state.get("v") != 1:
        return "not a store state"
    for member, kind in (("product", str), ("fingerprint", str), ("keys", dict), ("latestSeen", int), ("pendingRequests", list), ("variables", list)):
        if not isinstance(state.get(member), kind) or (kind is int and isinstance(state.get(member), bool)):
            return f"/{member}"
    keys = state["keys"]
    for member in ("signing", "encryption"):
        seed = keys.get(member)
        if not isinstance(seed, str) or len(seed) != 43:
            return f"/keys/{member}"
    if state.get("revocations") is not None and not isinstance(state["revocations"], str):
        return "/revocations"
    activation = state.get("activation")
    if activation is not None:
        if not isinstance(activation, dict) or activation.get("status") not in ("active", "deactivated"):
            return "/activation"
        if not isinstance(activation.get("licenseFile"), str) or not isinstance(activation.get("consumption"), list):
            return "/activation/licenseFile"
    return None


def _new_state(product: str, fingerprint: str) -> dict:
    seed = lambda: jose.b64u_encode(os.urandom(32))  # noqa: E731
    return {
        "v": 1,
        "product": product,
        "fingerprint": fingerprint,
        "keys": {"signing": seed(), "encryption": seed()},
        "latestSeen": 0,
        "revocations": None,
        "pendingRequests": [],
        "activation": None,
        "variables": [],
    }


def _merge(amounts: list) -> list:
    totals: dict = {}
    for item in amounts:
        totals[item["meter"]] = totals.get(item["meter"], 0) + item["amount"]
    return [{"meter": meter, "amount": amount} for meter, amount in totals.items()]


def _reported_through(activation: dict, sequence: int) -> list:
    if sequence <= 0:
        return []
    known = [report for report in activation.get("reports", []) if report["sequence"] <= sequence]
    return [dict(item) for item in known[-1]["totals"]] if known else []


def _covered_by(activation: dict, sequence: int) -> list:
    covered = activation.get("covered")
    if covered and covered["reportedThrough"] == sequence:
        return [dict(item) for item in covered["totals"]]
    return _reported_through(activation, sequence)


def _unreported(activation: dict) -> list:
    return [{"meter": line["meter"], "amount": line["unreported"]} for line in activation["consumption"] if line["unreported"] > 0]


_STATUSES = ("active", "deactivated", "suspended", "blocked", "expired")


def _status_of(status: Any) -> str:
    if status is None:
        return "active"
    return status if status in _STATUSES else "suspended"


class Airlock:
    """The device's license. Use :meth:`open`."""

    def __init__(self) -> None:  # use Airlock.open
        self._blocked: Optional[CheckResult] = None
        self._usable: Optional[_Usable] = None
        self._latest_seen = 0.0

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        product: str,
        root_key: Any,
        store_path: str,
        fingerprint: Union[str, Callable[[], str], None] = None,
        authority_encryption_key: Any = None,
        authority_url: Optional[str] = None,
        app_version: Optional[str] = None,
        device_name: Optional[str] = None,
        now: Optional[Clock] = None,
        timeout: float = 30.0,
    ) -> "Airlock":
        """Opens (or creates) the store at ``store_path``, verifies the license it holds, records the time.

        A store edited or copied from another device does not raise: ``check()`` answers
        STORE_TAMPERED or STORE_WRONG_DEVICE and nothing is written over it. Bad options raise
        REQUEST_INVALID, KEY_INVALID, KEY_CERTIFICATE_INVALID.
        """
        self = cls()
        if not isinstance(product, str) or not _ID.match(product):
            raise AirlockError("REQUEST_INVALID", "product: must be 1 to 64 letters, digits or _.:-")
        self.product = product
        self._trust = Trust(parse_root_key(root_key))
        self._encryption_certificate: Optional[str] = None
        self._encryption_jwk: Optional[dict] = None
        if authority_encryption_key is not None:
            self._encryption_certificate = parse_encryption_certificate(authority_encryption_key)
            self._encryption_jwk = self._trust.certificate(self._encryption_certificate, "enc")["jwk"]
        given = fingerprint() if callable(fingerprint) else fingerprint
        self.fingerprint = machine_fingerprint(product) if given is None else check_fingerprint(given)
        self._clock: Clock = now or time.time
        self._store_path = store_path
        self._authority_url = authority_url
        self._timeout = timeout
        self._app_version = app_version
        name = device_name if device_name is not None else socket.gethostname()
        self._device_name = name if 1 <= len(name) <= 200 and not _NOT_PRINTABLE.search(name) else None
        self._environment: Optional[dict] = None
        read = store.read(store_path, product, self.fingerprint, _state_problem)
        self._state: Optional[dict] = None
        if read.kind in ("tampered", "wrong-device"):
            code = "STORE_TAMPERED" if read.kind == "tampered" else "STORE_WRONG_DEVICE"
            self._blocked = _refuse(code, reason=read.reason)
            return self
        fresh = read.kind == "missing"
        state = _new_state(product, self.fingerprint) if fresh else read.state
        if state["revocations"] is not None:
            try:
                self._trust.revocations = self._trust.revocation_list(state["revocations"])
            except AirlockError as error:
                self._blocked = _refuse("STORE_TAMPERED", reason=f"the stored revocation list: {error.code}")
                return self
        self._salt = store.new_salt() if fresh else read.salt
        self._state = state
        self._latest_seen = state["latestSeen"] / 1000
        self._signing = jose.SigningKey(base64.urlsafe_b64decode(state["keys"]["signing"] + "="))
        self._encryption = jose.EncryptionKey(base64.urlsafe_b64decode(state["keys"]["encryption"] + "="))
        self._settle_at_open(fresh)
        return self

    def _settle_at_open(self, fresh: bool) -> None:
        state = self._state
        now = self._now()
        verified = None
        unusable = None
        activation = state["activation"]
        if activation is not None and activation["status"] == "active":
            try:
                # As of the latest time seen: a clock set back since reads as set back (in check), not as a file from the future.
                verified = self._verify_activation(activation, max(now, self._latest_seen))
            except AirlockError as error:
                unusable = _refuse(error.code, reason=error.message, stored="the installed license no longer verifies")
        self._settle(verified, unusable)
        tolerance = verified[0].tolerance if verified else DEFAULT_TOLERANCE_S
        rolled_back = now < self._latest_seen - tolerance
        if fresh or (not rolled_back and now > self._latest_seen):
            self._write({**state, "latestSeen": int(max(self._latest_seen, now) * 1000)})

    # --- the hot path -------------------------------------------------------------------------

    def check(self) -> CheckResult:
        """Whether the license may be used now, from memory. Refusals in this order: STORE_TAMPERED,
        STORE_WRONG_DEVICE; NOT_ACTIVATED, DEVICE_DEACTIVATED, DEVICE_BLOCKED (or the code of a
        stored license that no longer verifies); CLOCK_ROLLED_BACK; LICENSE_SUSPENDED;
        LICENSE_EXPIRED; CHECK_IN_REQUIRED. On borrowed time: ok with a notice."""
        blocked = self._blocked
        if blocked is not None:
            return blocked
        usable = self._usable
        now = self._clock()
        if type(now) is not float:
            now = _seconds(now)
        if now < self._latest_seen - usable.tolerance:
            return _refuse("CLOCK_ROLLED_BACK", now=_iso(now), latestSeen=_iso(self._latest_seen))
        if now > self._latest_seen:
            self._latest_seen = now
        if usable.suspended is not None:
            return usable.suspended
        if now < usable.notice_from:
            return usable.ok
        if now >= usable.expired_from:
            return usable.expired
        if now >= usable.locked_from:
            return usable.check_in_required
        return usable.in_grace if now >= usable.view.ends_at else usable.overdue

    def has_feature(self, name: str) -> bool:
        """True when the license may be used now and includes the feature."""
        return self.check().ok and name in self._usable.view.features

    def check_feature(self, name: str) -> CheckResult:
        result = self.check()
        if not result.ok or name in self._usable.view.features:
            return result
        return _refuse("FEATURE_NOT_LICENSED", feature=str(name)[:100])

    @property
    def license(self) -> Optional[DeviceLicense]:
        """The license installed and in force, even if expired; None when there is none."""
        return self._usable.view.license if self._usable else None

    @property
    def check_in_due(self) -> Optional[datetime]:
        due = self._usable.check_in_due if self._usable else math.inf
        return datetime.fromtimestamp(due, timezone.utc) if math.isfinite(due) else None

    def meters(self) -> dict:
        """Every meter of the license with its reading."""
        if self._usable is None:
            return {}
        return {meter: self.usage(meter) for meter in self._usable.view.meter_grants}

    def usage(self, meter: str) -> Optional[MeterReading]:
        usable = self._usable
        if usable is None or meter not in usable.view.meter_grants or self._state is None or self._state["activation"] is None:
            return None
        grant, beyond = self._standing(self._state["activation"], usable.view, meter)
        return self._reading(grant, beyond)

    # --- commands -----------------------------------------------------------------------------

    def consume(self, meter: str, amount: int = 1) -> MeterReading:
        """Records consumption, saved before it returns. Refused (nothing recorded) with the check
        codes, LICENSE_TYPE_NOT_LICENSED, QUANTITY_INVALID or METER_LIMIT_REACHED."""
        result = self.check()
        if not result.ok:
            raise AirlockError(result.code, str(result.detail.get("reason", "")), **result.detail)
        view = self._usable.view
        if meter not in view.meter_grants:
            raise AirlockError("LICENSE_TYPE_NOT_LICENSED", f"the license has no meter {str(meter)[:100]}")
        state, activation = self._active_state()
        if type(amount) is not int or not 1 <= amount <= 1_000_000_000:
            raise AirlockError("QUANTITY_INVALID", "the amount consumed must be a whole number from 1 to 1000000000")
        grant, beyond = self._standing(activation, view, meter)
        if grant.allotment is not None and beyond + amount > grant.allotment:
            reading = self._reading(grant, beyond)
            raise AirlockError("METER_LIMIT_REACHED", f"{meter}: {reading.remaining} remaining, {amount} asked", remaining=reading.remaining)
        lines = [dict(line) for line in activation["consumption"] if line["meter"] != meter]
        current = next((line for line in activation["consumption"] if line["meter"] == meter), {"used": 0, "unreported": 0})
        lines.append({"meter": meter, "used": current["used"] + amount, "unreported": current["unreported"] + amount})
        self._write({**state, "activation": {**activation, "consumption": lines}})
        return self._reading(grant, beyond + amount)

    def create_activation_request(self, *, license_key: Optional[str] = None, username: Optional[str] = None, trial: bool = False) -> str:
        """The text of a device activation request (docs/formats.md §6.5), to upload on the offline
        portal. The device remembers its last eight requests; a license file answering any installs."""
        state = self._inactive_state()
        credential = self._credential(license_key, username, trial)
        text, claims = self._activation_request(credential, self._clock_now())
        pending = (state["pendingRequests"] + [{"id": claims["jti"], "credential": credential}])[-MAX_PENDING_REQUESTS:]
        self._write({**state, "pendingRequests": pending})
        return text

    def install_license_file(self, text: str, activation_id: Optional[str] = None) -> DeviceLicense:
        """Installs a device license file that answers one of this device's outstanding requests."""
        state = self._inactive_state()
        now = self._clock_now()
        opened = self._open_license(KINDS["device-license-file"], text, now)
        claims = opened.claims
        request = next((p for p in state["pendingRequests"] if p["id"] in claims["answers"]), None)
        if request is None:
            raise AirlockError("ACTIVATION_REQUEST_UNKNOWN", "the license file answers no request this device has outstanding")
        view = _View(claims, claims["jti"])
        if now >= view.grace_ends_at:
            raise AirlockError("LICENSE_EXPIRED", f"the license ended at {_iso(view.ends_at)}")
        activation = {
            "status": "active",
            "credential": request["credential"],
            "licenseFile": text,
            "refreshFile": None,
            "activationId": activation_id,
            "consumption": [],
            "reportSequence": 0,
            "pendingReport": None,
            "lastContact": claims["iat"] * 1000,
            "deactivation": None,
        }
        next_state = {**state, "pendingRequests": [], "activation": activation, "latestSeen": max(state["latestSeen"], claims["iat"] * 1000)}
        self._write(next_state, (view, claims, opened.revocations))
        return view.license

    def create_refresh_request(self) -> str:
        """An activation request naming the revision held, for the portal's refresh (OFFLINE_NOT_ALLOWED unless the license may travel as files)."""
        _, activation = self._active_state()
        license = self._usable.view.license
        if not license.allow_offline:
            raise AirlockError("OFFLINE_NOT_ALLOWED", "this license refreshes online only")
        text, _ = self._activation_request(activation["credential"], self._clock_now(), license.revision)
        return text

    def apply_refresh_file(self, text: str) -> DeviceLicense:
        """Applies a refresh file of this activation, newer than what is held (REFRESH_NOT_NEWER otherwise)."""
        self._active_state()
        if not self._usable.view.license.allow_offline:
            raise AirlockError("OFFLINE_NOT_ALLOWED", "this license refreshes online only")
        return self._apply_refresh(text)

    def deactivate(self, *, online: bool = False) -> str:
        """Gives the license up: writes the deactivation file (returned) and disables the license in
        the same step. Online, it is also sent to the authority."""
        client = self._authority() if online else None
        state, activation = self._active_state()
        usable = self._usable
        if client is None and not usable.view.license.allow_offline:
            raise AirlockError("OFFLINE_NOT_ALLOWED", "this license is deactivated online only")
        body = {
            "aud": f"authority:{self._trust.root_kid}",
            "answers": [usable.license_file["jti"]],
            "licenseId": usable.license_file["licenseId"],
            "product": usable.license_file["product"],
            "fingerprint": usable.license_file["fingerprint"],
            "licenseRevision": usable.view.license.revision,
            "consumption": _unreported(activation),
            "variables": state["variables"],
        }
        if activation.get("pendingReport"):
            body["reportedThrough"] = activation["reportSequence"] - 1
        text, _ = documents.issue_document(KINDS["deactivation-file"], body, now=self._clock(), signer=self._signing, recipient=self._authority_key())
        deactivated = {**activation, "status": "deactivated", "deactivation": {"file": text, "submitted": False}}
        self._write({**state, "activation": deactivated, "pendingRequests": [], "variables": []}, None)
        if client is not None:
            self.submit_deactivation()
        return text

    @property
    def deactivation_file(self) -> Optional[str]:
        activation = self._state["activation"] if self._state else None
        return activation["deactivation"]["file"] if activation and activation.get("deactivation") else None

    # --- online -------------------------------------------------------------------------------

    def activate_online(self, *, license_key: Optional[str] = None, username: Optional[str] = None, password: Optional[str] = None, trial: bool = False) -> DeviceLicense:
        """Activates over the authority's device API (POST /v1/devices/activate)."""
        client = self._authority()
        state = self._inactive_state()
        credential = self._credential(license_key, username, trial)
        text, claims = self._activation_request(credential, self._clock_now())
        # Kept as outstanding first: should the answer be lost, the portal's file for it still installs.
        self._write({**state, "pendingRequests": (state["pendingRequests"] + [{"id": claims["jti"], "credential": credential}])[-MAX_PENDING_REQUESTS:]})
        body = {"request": text, **({"password": password} if password is not None else {})}
        answer = client.post("/v1/devices/activate", body)
        activation_id = answer.get("activationId") if isinstance(answer.get("activationId"), str) else None
        return self.install_license_file(string_member(answer, "text"), activation_id)

    def refresh_online(self) -> dict:
        """Validates online (POST /v1/devices/validate): the signed status, a newer license applied,
        the check-in receipt's time as the last contact. Returns ``{status, revision, applied}``."""
        client = self._authority()
        _, activation = self._active_state()
        held = self._usable.view.license.revision
        text, claims = self._activation_request(activation["credential"], self._clock_now(), held)
        answer = client.post("/v1/devices/validate", {"request": text})
        receipt = None if answer.get("receipt") is None else self._verify_receipt(answer["receipt"], claims["jti"])
        status = _status_of(receipt["status"] if receipt else answer.get("status"))
        revision = answer.get("revision") if type(answer.get("revision")) is int else held
        self._apply_status(status)
        if status in ("deactivated", "blocked"):
            return {"status": status, "revision": revision, "applied": False}
        applied = False
        if isinstance(answer.get("text"), str):
            try:
                self._apply_refresh(answer["text"])
                applied = True
            except AirlockError as error:
                if error.code != "REFRESH_NOT_NEWER":
                    raise
        if receipt:
            self._record_contact(receipt["iat"])
        return {"status": status, "revision": revision, "applied": applied}

    def check_in(self) -> dict:
        """Reports consumption online (POST /v1/devices/check-in). Returns ``{reported, status}``."""
        client = self._authority()
        reported: list = []

        def send(report_id: Optional[str]) -> str:
            state, activation = self._active_state()
            pending = activation["pendingReport"]
            answer = client.post("/v1/devices/check-in", {"report": pending["file"]})
            receipt = None if report_id is None or answer.get("receipt") is None else self._verify_receipt(answer["receipt"], report_id)
            reported.extend(pending["consumption"])
            sent = {line["meter"]: line["amount"] for line in pending["consumption"]}
            consumption = [{**line, "unreported": max(0, line["unreported"] - sent.get(line["meter"], 0))} for line in activation["consumption"]]
            acknowledged = {**activation, "pendingReport": None, "consumption": consumption}
            if receipt:
                acknowledged["lastContact"] = receipt["iat"] * 1000
            self._write({**state, "activation": acknowledged, "latestSeen": max(state["latestSeen"], receipt["iat"] * 1000 if receipt else 0)})
            if receipt:
                self._settle(self._verified(), None)
            return _status_of(receipt["status"] if receipt else answer.get("status"))

        if self._active_state()[1].get("pendingReport"):
            status = send(None)
            if status in ("deactivated", "blocked"):
                self._apply_status(status)
                return {"reported": _merge(reported), "status": status}
        state, activation = self._active_state()
        usable = self._usable
        consumption = _unreported(activation)
        sequence = activation["reportSequence"] + 1
        body = {
            "aud": f"authority:{self._trust.root_kid}",
            "answers": [usable.license_file["jti"]],
            "licenseId": usable.license_file["licenseId"],
            "product": usable.license_file["product"],
            "fingerprint": usable.license_file["fingerprint"],
            **({"activationId": activation["activationId"]} if activation.get("activationId") else {}),
            "licenseRevision": usable.view.license.revision,
            "sequence": sequence,
            "consumption": consumption,
        }
        text, claims = documents.issue_document(KINDS["device-usage-report"], body, now=self._clock_now(), signer=self._signing, recipient=self._authority_key())
        reports = (activation.get("reports", []) + [{"sequence": sequence, "totals": _merge(_reported_through(activation, activation["reportSequence"]) + consumption)}])[-MAX_REPORTS_KEPT:]
        self._write({**state, "activation": {**activation, "reportSequence": sequence, "pendingReport": {"file": text, "consumption": consumption}, "reports": reports}})
        status = send(claims["jti"])
        self._apply_status(status)
        return {"reported": _merge(reported), "status": status}

    def submit_deactivation(self) -> None:
        """Sends the deactivation file written by :meth:`deactivate` (POST /v1/devices/deactivate); a replay counts as sent."""
        client = self._authority()
        state = self._trusted_state()
        activation = state["activation"]
        if not activation or not activation.get("deactivation"):
            raise AirlockError("NOT_FOUND", "no deactivation file has been written")
        try:
            client.post("/v1/devices/deactivate", {"file": activation["deactivation"]["file"]})
        except AirlockError as error:
            if error.code != "DOCUMENT_REPLAYED":
                raise
        self._write({**state, "activation": {**activation, "deactivation": {**activation["deactivation"], "submitted": True}}})

    # --- internals ------------------------------------------------------------------------------

    def _now(self) -> float:
        return _seconds(self._clock())

    def _clock_now(self) -> float:
        """The time now, unless the clock was set back (CLOCK_ROLLED_BACK)."""
        now = self._now()
        tolerance = self._usable.tolerance if self._usable else DEFAULT_TOLERANCE_S
        if now < self._latest_seen - tolerance:
            raise AirlockError("CLOCK_ROLLED_BACK", f"the clock reads {_iso(now)}, earlier than {_iso(self._latest_seen)} seen before")
        return now

    def _authority(self) -> AuthorityClient:
        if not self._authority_url:
            raise AirlockError("REQUEST_INVALID", "authority_url: this needs the authority online")
        return AuthorityClient(self._authority_url, self._timeout)

    def _authority_key(self) -> dict:
        if self._encryption_jwk is None:
            raise AirlockError("REQUEST_INVALID", "authority_encryption_key: the authority's encryption-key certificate is needed")
        return self._encryption_jwk

    def _trusted_state(self) -> dict:
        if self._state is None:
            raise AirlockError(self._blocked.code, self._blocked.detail.get("reason", ""))
        return self._state

    def _inactive_state(self) -> dict:
        state = self._trusted_state()
        license = self._usable.view.license if self._usable else None
        if license and not license.trial:
            raise AirlockError("DEVICE_ALREADY_ACTIVATED", f"license {license.license_id} is in force")
        return state

    def _active_state(self) -> tuple[dict, dict]:
        state = self._trusted_state()
        if self._usable is None or state["activation"] is None:
            blocked = self._blocked or _refuse("NOT_ACTIVATED")
            raise AirlockError(blocked.code, str(blocked.detail.get("reason", "")))
        return state, state["activation"]

    def _credential(self, license_key: Optional[str], username: Optional[str], trial: bool) -> dict:
        if license_key is not None:
            return {"method": "license-key", "licenseKey": parse_license_key(license_key)}
        if username is not None:
            if not isinstance(username, str) or not 1 <= len(username) <= 254 or _NOT_PRINTABLE.search(username):
                raise AirlockError("REQUEST_INVALID", "username: 1 to 254 printable characters")
            return {"method": "user", "username": username}
        if trial:
            return {"method": "trial"}
        raise AirlockError("REQUEST_INVALID", "credential: give a license_key, a username, or trial=True")

    def _activation_request(self, credential: dict, now: float, current_revision: Optional[int] = None) -> tuple[str, dict]:
        if self._environment is None:
            self._environment = detect_environment()
        body = {
            "aud": f"authority:{self._trust.root_kid}",
            "answers": [],
            "product": self.product,
            "fingerprint": self.fingerprint,
            "credential": credential,
            "deviceEncryptionKey": self._encryption.public_jwk,
            "sdkVersion": SDK_VERSION,
            "environment": self._environment,
        }
        if self._device_name is not None:
            body["deviceName"] = self._device_name
        if self._app_version is not None:
            body["appVersion"] = self._app_version
        if current_revision is not None:
            body["currentRevision"] = current_revision
        return documents.issue_document(KINDS["device-activation-request"], body, now=now, signer=self._signing, recipient=self._authority_key())

    def _open_license(self, kind: documents.Kind, text: str, now: float) -> documents.Opened:
        """A license or refresh file for this device: §5's steps, then bound to this fingerprint and signing key."""
        opened = documents.open_document(kind, text, now=now, audience=f"device:{self.fingerprint}", trust=self._trust, recipient=self._encryption)
        claims = opened.claims
        if claims["fingerprint"] != self.fingerprint:
            raise AirlockError("WRONG_RECIPIENT", "made for another fingerprint")
        if claims["deviceKeyThumbprint"] != self._signing.kid:
            raise AirlockError("WRONG_RECIPIENT", "bound to another device key")
        if claims["product"] != self.product:
            raise AirlockError("WRONG_RECIPIENT", "made for another product")
        return opened

    def _verify_activation(self, activation: dict, now: float) -> tuple:
        opened = self._open_license(KINDS["device-license-file"], activation["licenseFile"], now)
        if activation.get("refreshFile") is None:
            return _View(opened.claims, opened.claims["jti"]), opened.claims, opened.revocations
        self._trust.revocations = self._trust.newer(opened.revocations)
        refresh = self._open_license(KINDS["device-refresh-file"], activation["refreshFile"], now)
        return _View(refresh.claims, opened.claims["jti"]), opened.claims, refresh.revocations

    def _verified(self) -> Optional[tuple]:
        usable = self._usable
        return (usable.view, usable.license_file, self._trust.revocations) if usable else None

    def _apply_refresh(self, text: str) -> DeviceLicense:
        state, activation = self._active_state()
        usable = self._usable
        opened = self._open_license(KINDS["device-refresh-file"], text, self._clock_now())
        claims = opened.claims
        installed = usable.license_file
        if claims["refreshes"] != installed["jti"] or claims["licenseId"] != installed["licenseId"]:
            raise AirlockError("WRONG_RECIPIENT", "it refreshes another activation")
        held = usable.view.license.revision
        newer = claims["revision"] > held or (claims["revision"] == held and claims["iat"] > usable.view.issued_at)
        if not newer:
            raise AirlockError("REFRESH_NOT_NEWER", f"revision {claims['revision']} is not newer than {held}")
        reported_through = claims.get("reportedThrough", 0)
        next_activation = {**activation, "refreshFile": text, "covered": {"reportedThrough": reported_through, "totals": _covered_by(activation, reported_through)}}
        view = _View(claims, installed["jti"])
        self._write({**state, "activation": next_activation, "latestSeen": max(state["latestSeen"], claims["iat"] * 1000)}, (view, installed, opened.revocations))
        return view.license

    def _verify_receipt(self, text: Any, request_id: str) -> dict:
        """§6.11 on the device: the chain, this device and license, and the answer to the request just sent."""
        usable = self._usable
        opened = documents.open_document(
            KINDS["device-check-in-receipt"], text, now=self._clock_now(), audience=f"device:{self.fingerprint}", trust=self._trust, tolerance_s=int(usable.tolerance)
        )
        claims = opened.claims
        if claims["fingerprint"] != self.fingerprint or claims["licenseId"] != usable.view.license.license_id:
            raise AirlockError("WRONG_RECIPIENT", "the receipt is for another device or license")
        if request_id not in claims["answers"]:
            raise AirlockError("DOCUMENT_REPLAYED", "the receipt does not answer the request just sent")
        return claims

    def _apply_status(self, status: str) -> None:
        state, activation = self._active_state()
        if status in ("deactivated", "blocked"):
            ended = {k: v for k, v in activation.items() if k not in ("suspended", "blocked")}
            ended["status"] = "deactivated"
            if status == "blocked":
                ended["blocked"] = True
            self._write({**state, "activation": ended, "pendingRequests": []}, None)
            return
        suspended = status == "suspended"
        if suspended == (activation.get("suspended") is True):
            return
        next_activation = {**activation, "suspended": True} if suspended else {k: v for k, v in activation.items() if k not in ("suspended", "blocked")}
        self._write({**state, "activation": next_activation}, self._verified())

    def _record_contact(self, iat: int) -> None:
        state, activation = self._active_state()
        self._write({**state, "activation": {**activation, "lastContact": iat * 1000}, "latestSeen": max(state["latestSeen"], iat * 1000)}, self._verified())

    _KEEP = object()

    def _write(self, next_state: dict, verified: Any = _KEEP) -> None:
        """Saves the next state atomically, and only then puts it in force. ``verified``: the license it holds (None: none usable)."""
        carried = verified[2] if verified not in (None, Airlock._KEEP) else None
        revocations = self._trust.newer(carried)
        saved = {
            **next_state,
            "latestSeen": int(max(next_state["latestSeen"], self._latest_seen * 1000)),
            "revocations": revocations.compact if revocations else next_state.get("revocations"),
        }
        store.write_atomically(self._store_path, store.seal(saved, self.product, self.fingerprint, self._salt))
        self._state = saved
        self._latest_seen = saved["latestSeen"] / 1000
        self._trust.revocations = revocations
        if verified is not Airlock._KEEP:
            self._settle(verified, None)

    def _settle(self, verified: Optional[tuple], unusable: Optional[CheckResult]) -> None:
        """Works out, once, what ``check`` answers until the next change."""
        activation = self._state["activation"] if self._state else None
        self._usable = None
        if verified is not None and activation is not None and activation["status"] == "active":
            view, license_file = verified[0], verified[1]
            last_contact = activation.get("lastContact", license_file["iat"] * 1000) / 1000
            self._usable = _Usable(view, license_file, last_contact, activation.get("suspended") is True)
            self._blocked = None
        elif activation is not None and activation["status"] == "active":
            self._blocked = unusable or _refuse("NOT_ACTIVATED")
        elif activation is not None and activation.get("blocked") is True:
            self._blocked = _refuse("DEVICE_BLOCKED")
        elif activation is not None and activation["status"] == "deactivated":
            self._blocked = _refuse("DEVICE_DEACTIVATED")
        else:
            self._blocked = _refuse("NOT_ACTIVATED")

    @staticmethod
    def _standing(activation: dict, view: _View, meter: str) -> tuple:
        grant = view.meter_grants[meter]
        used = next((line["used"] for line in activation["consumption"] if line["meter"] == meter), 0)
        covered = next((item["amount"] for item in _covered_by(activation, view.reported_through) if item["meter"] == meter), 0)
        return grant, max(0, used - covered)

    @staticmethod
    def _reading(grant: MeterGrant, beyond: int) -> MeterReading:
        used = grant.counted + beyond
        return MeterReading(
            meter=grant.meter,
            used=used,
            limit=grant.limit,
            remaining=None if grant.allotment is None else max(0, grant.allotment - beyond),
            overage=0 if grant.limit is None else max(0, used - grant.limit),
            overage_allowance=grant.overage,
        )
