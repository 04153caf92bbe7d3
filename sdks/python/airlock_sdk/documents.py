"""Reading and writing Airlock documents as docs/formats.md specifies: the kinds (§6), the
verification steps in their order (§5), key certificates and revocation lists (§2.1, §2.2),
and the claims of the kinds a device reads or writes (§6.5–§6.11)."""

from __future__ import annotations

import hashlib
import re
import struct
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Optional

from . import jose
from .errors import AirlockError

DEFAULT_TOLERANCE_S = 300


@dataclass(frozen=True)
class Kind:
    name: str
    typ: str
    label: str
    signer: str  # authority | site | device | none
    encrypted: bool
    schema: Optional[Callable[[dict], None]] = None
    version: int = 1

    @property
    def jwe_typ(self) -> str:
        return self.typ[: -len("+jwt")] + "+jwe"


# --- claim checks (§3.1, §5 step 8) ---------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_KID = re.compile(r"^[A-Za-z0-9_-]{43}$")
_FINGERPRINT = re.compile(r"^[\x21-\x7E]{1,128}$")
_VERSION = re.compile(r"^[0-9A-Za-z.+_-]{1,64}$")
_STATUS = re.compile(r"^[a-z][a-z-]{0,31}$")
_LICENSE_KEY_TEXT = re.compile(r"^[\x21-\x7E]{1,64}$")
# §3.1: no NUL, C0 other than tab/LF/CR, DEL, C1, or lone surrogate in any string.
_FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# §6 Names: printable, no C0 at all, no bidi embedding/override/isolate.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_NUMERIC_DATE = 253402300799
MAX_SAFE = 2**53 - 1
LICENSE_KINDS = ("permanent", "term", "subscription", "pilot", "temporary", "consumption")


def _invalid(path: str, reason: str) -> AirlockError:
    return AirlockError("PAYLOAD_INVALID", f"{path}: {reason}")


def _int(value: Any, path: str, low: int, high: int) -> None:
    if type(value) is not int or not low <= value <= high:
        raise _invalid(path, f"must be a whole number from {low} to {high}")


def _match(value: Any, path: str, pattern: re.Pattern) -> None:
    if not isinstance(value, str) or not pattern.match(value):
        raise _invalid(path, "is not of the expected form")


def _text(value: Any, path: str, high: int, low: int = 0) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        raise _invalid(path, f"must be text of {low} to {high} characters")


def _name(value: Any, path: str, high: int = 200) -> None:
    _text(value, path, high, 1)
    if _NOT_PRINTABLE.search(value):
        raise _invalid(path, "holds a control character")


def _members(value: Any, path: str, required: tuple, optional: tuple = ()) -> dict:
    if not isinstance(value, dict):
        raise _invalid(path, "must be an object")
    for member in required:
        if member not in value:
            raise _invalid(f"{path}/{member}", "is missing")
    for member in value:
        if member not in required and member not in optional:
            raise _invalid(f"{path}/{member}", "is not a member of this kind")
    return value


def _array(value: Any, path: str, high: int) -> list:
    if not isinstance(value, list) or len(value) > high:
        raise _invalid(path, f"must be a list of at most {high}")
    return value


def _unique(values: list, path: str) -> None:
    if len(set(values)) != len(values):
        raise _invalid(path, "lists a name twice")


def _forbidden_text(value: Any, path: str) -> None:
    if isinstance(value, str):
        if _FORBIDDEN_TEXT.search(value):
            raise _invalid(path, "holds a forbidden character")
    elif isinstance(value, dict):
        for key, member in value.items():
            _forbidden_text(key, path)
            _forbidden_text(member, f"{path}/{key}")
    elif isinstance(value, list):
        for index, member in enumerate(value):
            _forbidden_text(member, f"{path}/{index}")


_COMMON = ("v", "jti", "iat", "aud", "answers")


def _common(claims: dict) -> None:
    _match(claims["jti"], "/jti", _ID)
    _int(claims["iat"], "/iat", 0, MAX_NUMERIC_DATE)
    _text(claims["aud"], "/aud", 200, 1)
    for index, answer in enumerate(_array(claims["answers"], "/answers", 16)):
        _match(answer, f"/answers/{index}", _ID)


def _variables(value: Any, path: str) -> None:
    for index, item in enumerate(_array(value, path, 100)):
        _members(item, f"{path}/{index}", ("name", "value"))
        _match(item["name"], f"{path}/{index}/name", _ID)
        _text(item["value"], f"{path}/{index}/value", 1024)


def _amounts(value: Any, path: str) -> None:
    for index, item in enumerate(_array(value, path, 500)):
        _members(item, f"{path}/{index}", ("meter", "amount"))
        _match(item["meter"], f"{path}/{index}/meter", _ID)
        _int(item["amount"], f"{path}/{index}/amount", 0, 1_000_000_000)


def _x25519(value: Any, path: str) -> None:
    _members(value, path, ("kty", "crv", "x"))
    try:
        jose.parse_public_jwk(value, "X25519")
    except AirlockError as error:
        raise _invalid(path, "is not an X25519 public key") from error


_LICENSE = ("licenseId", "product", "fingerprint", "deviceKeyThumbprint", "licenseKind", "revision", "validUntil", "entitlements", "metadata", "checks")
_LICENSE_OPTIONAL = ("trial", "reportedThrough")
_PERIOD = 366 * 86_400


def _device_license_terms(claims: dict) -> None:
    """§6.6: the claims a license file and a refresh file share, and their consistency rules (§5 step 12)."""
    _match(claims["licenseId"], "/licenseId", _ID)
    _match(claims["product"], "/product", _ID)
    _match(claims["fingerprint"], "/fingerprint", _FINGERPRINT)
    _match(claims["deviceKeyThumbprint"], "/deviceKeyThumbprint", _KID)
    if claims["licenseKind"] not in LICENSE_KINDS:
        raise _invalid("/licenseKind", "is not a license kind")
    _int(claims["revision"], "/revision", 1, 2_147_483_647)
    if claims["validUntil"] is not None:
        _int(claims["validUntil"], "/validUntil", 0, MAX_NUMERIC_DATE)
    entitlements = _members(claims["entitlements"], "/entitlements", ("features", "meters"))
    for index, feature in enumerate(_array(entitlements["features"], "/entitlements/features", 500)):
        _match(feature, f"/entitlements/features/{index}", _ID)
    for index, meter in enumerate(_array(entitlements["meters"], "/entitlements/meters", 500)):
        path = f"/entitlements/meters/{index}"
        _members(meter, path, ("meter", "limit"), ("overage", "counted", "allotment"))
        _match(meter["meter"], f"{path}/meter", _ID)
        if meter["limit"] is not None:
            _int(meter["limit"], f"{path}/limit", 0, 1_000_000_000)
        for member in ("overage", "counted"):
            if member in meter:
                _int(meter[member], f"{path}/{member}", 0, MAX_SAFE)
        if "allotment" in meter and meter["allotment"] is not None:
            _int(meter["allotment"], f"{path}/allotment", 0, MAX_SAFE)
    _variables(claims["metadata"], "/metadata")
    checks = _members(claims["checks"], "/checks", ("allowOffline", "clockSkewTolerance"), ("maxOffline", "offlineGrace", "expiryGrace"))
    if type(checks["allowOffline"]) is not bool:
        raise _invalid("/checks/allowOffline", "must be true or false")
    _int(checks["clockSkewTolerance"], "/checks/clockSkewTolerance", 0, 86_400)
    if checks.get("maxOffline") is not None:
        _int(checks["maxOffline"], "/checks/maxOffline", 60, _PERIOD)
    for member in ("offlineGrace", "expiryGrace"):
        if member in checks:
            _int(checks[member], f"/checks/{member}", 0, _PERIOD)
    if "trial" in claims and claims["trial"] is not True:
        raise _invalid("/trial", "must be true when present")
    if "reportedThrough" in claims:
        _int(claims["reportedThrough"], "/reportedThrough", 0, MAX_SAFE)
    # Consistency: a permanent license never ends, a term, pilot or temporary one always does; no name twice.
    if claims["licenseKind"] == "permanent" and claims["validUntil"] is not None:
        raise _invalid("/validUntil", "a permanent license has no end")
    if claims["licenseKind"] in ("term", "pilot", "temporary") and claims["validUntil"] is None:
        raise _invalid("/validUntil", f"a {claims['licenseKind']} license must end")
    _unique(entitlements["features"], "/entitlements/features")
    _unique([meter["meter"] for meter in entitlements["meters"]], "/entitlements/meters")
    _unique([item["name"] for item in claims["metadata"]], "/metadata")


def _license_file_schema(claims: dict) -> None:
    _members(claims, "", _COMMON + _LICENSE, _LICENSE_OPTIONAL)
    _common(claims)
    _device_license_terms(claims)


def _refresh_file_schema(claims: dict) -> None:
    _members(claims, "", _COMMON + _LICENSE + ("refreshes",), _LICENSE_OPTIONAL)
    _common(claims)
    _match(claims["refreshes"], "/refreshes", _ID)
    _device_license_terms(claims)


def _receipt_schema(claims: dict) -> None:
    _members(claims, "", _COMMON + ("licenseId", "fingerprint", "activationId", "status", "revision"))
    _common(claims)
    _match(claims["licenseId"], "/licenseId", _ID)
    _match(claims["fingerprint"], "/fingerprint", _FINGERPRINT)
    _match(claims["activationId"], "/activationId", _ID)
    _match(claims["status"], "/status", _STATUS)
    _int(claims["revision"], "/revision", 1, 2_147_483_647)


def _activation_request_schema(claims: dict) -> None:
    optional = ("deviceName", "appVersion", "currentRevision", "environment")
    _members(claims, "", _COMMON + ("product", "fingerprint", "credential", "deviceEncryptionKey", "sdkVersion"), optional)
    _common(claims)
    _match(claims["product"], "/product", _ID)
    _match(claims["fingerprint"], "/fingerprint", _FINGERPRINT)
    credential = claims["credential"]
    method = credential.get("method") if isinstance(credential, dict) else None
    if method == "license-key":
        _members(credential, "/credential", ("method", "licenseKey"))
        _match(credential["licenseKey"], "/credential/licenseKey", _LICENSE_KEY_TEXT)
    elif method == "user":
        _members(credential, "/credential", ("method", "username"))
        _name(credential["username"], "/credential/username", 254)
    elif method == "trial":
        _members(credential, "/credential", ("method",))
    else:
        raise _invalid("/credential", "is not a credential")
    _x25519(claims["deviceEncryptionKey"], "/deviceEncryptionKey")
    _match(claims["sdkVersion"], "/sdkVersion", _VERSION)
    if "deviceName" in claims:
        _name(claims["deviceName"], "/deviceName")
    if "appVersion" in claims:
        _match(claims["appVersion"], "/appVersion", _VERSION)
    if "currentRevision" in claims:
        _int(claims["currentRevision"], "/currentRevision", 1, 2_147_483_647)
    if "environment" in claims:
        environment = _members(claims["environment"], "/environment", ("virtualMachine", "container"))
        if type(environment["virtualMachine"]) is not bool or type(environment["container"]) is not bool:
            raise _invalid("/environment", "holds two booleans")


def _deactivation_schema(claims: dict) -> None:
    _members(claims, "", _COMMON + ("licenseId", "product", "fingerprint", "licenseRevision", "consumption", "variables"), ("reportedThrough",))
    _common(claims)
    _match(claims["licenseId"], "/licenseId", _ID)
    _match(claims["product"], "/product", _ID)
    _match(claims["fingerprint"], "/fingerprint", _FINGERPRINT)
    _int(claims["licenseRevision"], "/licenseRevision", 1, 2_147_483_647)
    _amounts(claims["consumption"], "/consumption")
    _variables(claims["variables"], "/variables")
    if "reportedThrough" in claims:
        _int(claims["reportedThrough"], "/reportedThrough", 0, 2_147_483_647)


def _usage_report_schema(claims: dict) -> None:
    required = _COMMON + ("licenseId", "product", "fingerprint", "licenseRevision", "sequence", "consumption")
    _members(claims, "", required, ("activationId",))
    _common(claims)
    _match(claims["licenseId"], "/licenseId", _ID)
    _match(claims["product"], "/product", _ID)
    _match(claims["fingerprint"], "/fingerprint", _FINGERPRINT)
    if "activationId" in claims:
        _match(claims["activationId"], "/activationId", _ID)
    _int(claims["licenseRevision"], "/licenseRevision", 1, 2_147_483_647)
    _int(claims["sequence"], "/sequence", 1, 2_147_483_647)
    _amounts(claims["consumption"], "/consumption")
    _unique([item["meter"] for item in claims["consumption"]], "/consumption")


# The kinds of §6. Those a device reads or writes carry a schema; the others are known by their
# label and typ (so that a reader names them), and their signature layer can still be checked.
KINDS = {
    kind.name: kind
    for kind in (
        Kind("enablement-token", "airlock-enablement-token+jwt", "ENABLEMENT TOKEN", "authority", False),
        Kind("license-file-request", "airlock-lfr+jwt", "LICENSE FILE REQUEST", "site", True),
        Kind("offline-license-file", "airlock-olf+jwt", "OFFLINE LICENSE FILE", "authority", True),
        Kind("device-activation-request", "airlock-device-activation-request+jwt", "DEVICE ACTIVATION REQUEST", "device", True, _activation_request_schema),
        Kind("device-license-file", "airlock-device-license+jwt", "DEVICE LICENSE FILE", "authority", True, _license_file_schema),
        Kind("device-refresh-file", "airlock-device-refresh+jwt", "DEVICE LICENSE REFRESH FILE", "authority", True, _refresh_file_schema),
        Kind("deactivation-file", "airlock-deactivation+jwt", "DEACTIVATION FILE", "device", True, _deactivation_schema),
        Kind("device-usage-report", "airlock-device-usage+jwt", "DEVICE USAGE REPORT", "device", True, _usage_report_schema),
        Kind("device-check-in-receipt", "airlock-device-checkin+jwt", "DEVICE CHECKIN RECEIPT", "authority", False, _receipt_schema),
        Kind("order-license", "airlock-order-license+jwt", "ORDER LICENSE", "none", False),
        Kind("activated-license", "airlock-activated-license+jwt", "ACTIVATED LICENSE", "authority", False),
        Kind("site-lease", "airlock-site-lease+jwt", "SITE LEASE", "site", False),
        Kind("site-borrow", "airlock-site-borrow+jwt", "SITE BORROW FILE", "site", False),
        Kind("site-exchange-request", "airlock-site-exchange+jwt", "SITE EXCHANGE REQUEST", "site", True),
    )
}


# --- trust: the pinned root, key certificates, revocation lists (§2.1, §2.2, §5 step 6) ------


@dataclass(frozen=True)
class RevocationList:
    serial: int
    revoked: frozenset
    compact: str


class Trust:
    """The pinned root and the newest revocation list verified so far."""

    def __init__(self, root: dict, revocations: Optional[RevocationList] = None) -> None:
        self.root = jose.parse_public_jwk(root, "Ed25519")
        self.root_kid = jose.thumbprint(self.root)
        self.root_key = jose.ed25519_public(self.root)
        self.revocations = revocations
        self._certificates: dict = {}

    def certificate(self, compact: Any, use: str) -> dict:
        """The claims of a key certificate the root signed for ``use`` (KEY_CERTIFICATE_INVALID otherwise)."""
        cached = self._certificates.get((compact, use))
        if cached is not None:
            return cached
        if not isinstance(compact, str):
            raise AirlockError("KEY_CERTIFICATE_INVALID", "the document carries no signing-key certificate")
        try:
            segments, header = jose.protected_header(compact, 3)
            if header.get("typ") != "airlock-key-cert+jwt" or header.get("alg") != "EdDSA":
                raise AirlockError("KEY_CERTIFICATE_INVALID", "not a key certificate")
            claims = jose.verify_compact(segments, self.root_key)
            _members(claims, "", ("v", "iss", "kid", "use", "jwk", "iat", "nbf", "exp"))
            if claims["v"] != 1:
                raise _invalid("/v", "must be 1")
            for member in ("iat", "nbf", "exp"):
                _int(claims[member], f"/{member}", 0, MAX_NUMERIC_DATE)
            jwk = jose.parse_public_jwk(claims["jwk"], "Ed25519" if use == "sig" else "X25519")
            if claims["iss"] != self.root_kid:
                raise AirlockError("KEY_CERTIFICATE_INVALID", "issued by another root")
            if claims["use"] != use:
                raise AirlockError("KEY_CERTIFICATE_INVALID", f"certified for {claims['use']}, not {use}")
            if claims["kid"] != jose.thumbprint(jwk):
                raise AirlockError("KEY_CERTIFICATE_INVALID", "kid is not the key's thumbprint")
        except AirlockError as error:
            if error.code == "KEY_CERTIFICATE_INVALID":
                raise
            raise AirlockError("KEY_CERTIFICATE_INVALID", f"the certificate does not verify ({error.code})") from error
        self._certificates[(compact, use)] = claims
        return claims

    def revocation_list(self, compact: Any) -> RevocationList:
        if not isinstance(compact, str):
            raise AirlockError("REVOCATION_LIST_INVALID", "the revocations header is not a compact JWS")
        try:
            segments, header = jose.protected_header(compact, 3)
            if header.get("typ") != "airlock-key-revocations+jwt" or header.get("alg") != "EdDSA":
                raise AirlockError("REVOCATION_LIST_INVALID", "not a revocation list")
            claims = jose.verify_compact(segments, self.root_key)
            _members(claims, "", ("v", "iss", "serial", "iat", "revoked"))
            _int(claims["serial"], "/serial", 1, MAX_SAFE)
            if claims["v"] != 1 or claims["iss"] != self.root_kid:
                raise AirlockError("REVOCATION_LIST_INVALID", "issued by another root")
            kids = []
            for index, item in enumerate(_array(claims["revoked"], "/revoked", 1000)):
                _members(item, f"/revoked/{index}", ("kid", "revokedAt"), ("reason",))
                _match(item["kid"], f"/revoked/{index}/kid", _KID)
                kids.append(item["kid"])
        except AirlockError as error:
            if error.code == "REVOCATION_LIST_INVALID":
                raise
            raise AirlockError("REVOCATION_LIST_INVALID", f"the revocation list does not verify ({error.code})") from error
        return RevocationList(claims["serial"], frozenset(kids), compact)

    def newer(self, carried: Optional[RevocationList]) -> Optional[RevocationList]:
        if carried is None:
            return self.revocations
        if self.revocations is None or carried.serial > self.revocations.serial:
            return carried
        return self.revocations


@dataclass(frozen=True)
class Opened:
    claims: dict
    header: dict
    signer_kid: Optional[str]
    revocations: Optional[RevocationList]


def open_document(
    kind: Kind,
    text: Any,
    *,
    now: float,
    audience: Optional[str],
    trust: Optional[Trust] = None,
    recipient: Optional[jose.EncryptionKey] = None,
    tolerance_s: int = DEFAULT_TOLERANCE_S,
) -> Opened:
    """Reads a document of the expected kind through the steps of docs/formats.md §5, in order."""
    label, body = jose.dearmor(text)  # steps 1, 2
    if label != kind.label:  # step 3
        raise AirlockError("WRONG_DOCUMENT_KIND", f"expected a {kind.label}, found a {label}")
    jws = body
    if kind.encrypted:  # step 4
        segments, header = jose.protected_header(body, 5)
        if header.get("typ") != kind.jwe_typ:
            raise AirlockError("WRONG_DOCUMENT_KIND", f"expected JWE typ {kind.jwe_typ}")
        if header.get("alg") != "ECDH-ES" or header.get("enc") != "A256GCM":
            raise AirlockError("UNSUPPORTED_ALGORITHM", "only ECDH-ES with A256GCM")
        if "zip" in header and header["zip"] != "DEF":
            raise AirlockError("UNSUPPORTED_ALGORITHM", "unknown compression")
        if recipient is None or header.get("kid") != recipient.kid:
            raise AirlockError("WRONG_RECIPIENT", "encrypted to another key")
        jws = jose.decrypt_compact(segments, header, recipient)
    segments, header = jose.protected_header(jws, 3)  # step 5
    if header.get("typ") != kind.typ:
        raise AirlockError("WRONG_DOCUMENT_KIND", f"expected typ {kind.typ}")
    expected_alg = "none" if kind.signer == "none" else "EdDSA"
    if header.get("alg") != expected_alg:
        raise AirlockError("UNSUPPORTED_ALGORITHM", f"expected alg {expected_alg}")
    signer_kid: Optional[str] = None
    revocations = trust.revocations if trust else None
    if kind.signer == "authority":  # step 6
        if trust is None:
            raise TypeError("an authority document needs the pinned root")
        claims, revocations = verify_authority_jws(segments, header, trust)
        signer_kid = header["kid"]
    elif kind.signer in ("site", "device"):
        try:
            signer = jose.parse_public_jwk(header.get("jwk"), "Ed25519")
        except AirlockError as error:
            raise AirlockError("KEY_INVALID", "the header's jwk is not an Ed25519 public key") from error
        signer_kid = jose.thumbprint(signer)
        if header.get("kid") != signer_kid:
            raise AirlockError("SIGNATURE_INVALID", "kid is not the thumbprint of jwk")
        claims = jose.verify_compact(segments, jose.ed25519_public(signer))
    else:
        if segments[2] != "":
            raise AirlockError("DOCUMENT_MALFORMED", "an unsigned document carries no signature")
        claims = jose.json_object(jose.b64u_decode(segments[1]), "the payload")
    if claims.get("v") != kind.version or type(claims.get("v")) is not int:  # step 7
        raise AirlockError("UNSUPPORTED_VERSION", f"{kind.name} version {claims.get('v')!r}")
    _forbidden_text(claims, "")  # step 8 (and the kind's consistency rules, step 12)
    if kind.schema is not None:
        kind.schema(claims)
    if audience is not None and claims.get("aud") != audience:  # step 9
        raise AirlockError("WRONG_RECIPIENT", f"made for {claims.get('aud')!r}, not {audience}")
    iat = claims.get("iat")
    if type(iat) is int and iat > now + tolerance_s:  # step 10
        raise AirlockError("DOCUMENT_FROM_FUTURE", "issued later than this device's clock allows")
    return Opened(claims, header, signer_kid, revocations)


def verify_authority_jws(segments: list[str], header: dict, trust: Trust) -> tuple[dict, Optional[RevocationList]]:
    """§5 step 6: the certificate chains to the pinned root, no revocation, the signature, iat in the validity."""
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise AirlockError("KEY_CERTIFICATE_INVALID", "the document carries no signing-key kid")
    certificate = trust.certificate(header.get("cert"), "sig")
    if certificate["kid"] != kid:
        raise AirlockError("KEY_CERTIFICATE_INVALID", "the certificate is for another key")
    carried = trust.revocation_list(header["revocations"]) if "revocations" in header else None
    revocations = trust.newer(carried)
    if revocations is not None and kid in revocations.revoked:
        raise AirlockError("SIGNING_KEY_REVOKED", f"the signing key {kid} is revoked")
    claims = jose.verify_compact(segments, jose.ed25519_public(certificate["jwk"]))
    iat = claims.get("iat")
    if type(iat) is not int or not certificate["nbf"] <= iat < certificate["exp"]:
        raise AirlockError("SIGNING_KEY_NOT_VALID_AT_ISSUE", "issued outside the signing key's validity")
    return claims, revocations


def issue_document(kind: Kind, body: dict, *, now: float, signer: jose.SigningKey, recipient: Optional[dict]) -> tuple[str, dict]:
    """A device document (§3, §4): claims checked as a reader would, signed with the device key, encrypted."""
    claims = {**body, "v": kind.version, "jti": str(uuid.uuid4()), "iat": int(now)}
    _forbidden_text(claims, "")
    if kind.schema is not None:
        kind.schema(claims)
    jws = jose.sign_compact({"typ": kind.typ, "kid": signer.kid, "jwk": signer.public_jwk}, claims, signer)
    body_text = jose.encrypt_compact(jws, recipient, kind.jwe_typ, kind.typ) if kind.encrypted else jws
    return jose.armor(kind.label, body_text), claims


# --- site leases and borrow files: the certification chain (§6.12 steps 2–5, §6.13) ----------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _gf32_double(x: int) -> int:
    x <<= 1
    return x ^ 0b100101 if x & 0b100000 else x


def damm_check(symbols: list[int]) -> int:
    """The Damm interim over GF(32) with x^5 + x^2 + 1 (§7); 0 for a valid symbol string with its check."""
    interim = 0
    for symbol in symbols:
        interim = _gf32_double(interim) ^ symbol
    return interim


def registration_key(site_guid: str, tenant: str, site_kid: str) -> str:
    """§7: the RK a site's GUID, tenant and signing key derive."""
    digest = hashlib.sha256(b"airlock-rk-v1\0")
    for field in (site_guid.lower(), tenant, site_kid):
        data = field.encode("utf-8")
        digest.update(struct.pack(">I", len(data)) + data)
    bits = int.from_bytes(digest.digest(), "big") >> (256 - 75)
    symbols = [(bits >> (5 * (14 - index))) & 31 for index in range(15)]
    text = "".join(_CROCKFORD[s] for s in symbols + [_gf32_double(damm_check(symbols))])
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def open_site_seat(kind: Kind, text: Any, *, now: float, fingerprint: str, trust: Trust) -> Opened:
    """A site lease or borrow file for this device, certified by the license it carries (§6.12)."""
    opened = open_document(kind, text, now=now, audience=f"device:{fingerprint}", trust=trust)
    claims = opened.claims
    if claims.get("fingerprint") != fingerprint:
        raise AirlockError("WRONG_RECIPIENT", "lent to another device")
    license_text = claims.get("license")
    if not isinstance(license_text, str):
        raise _invalid("/license", "must be a compact JWS")
    segments, header = jose.protected_header(license_text, 3)
    typ = header.get("typ")
    if typ not in ("airlock-olf+jwt", "airlock-activated-license+jwt"):
        raise AirlockError("SITE_KEY_NOT_CERTIFIED", "the lease carries no license of its site")
    if header.get("alg") != "EdDSA":
        raise AirlockError("UNSUPPORTED_ALGORITHM", "the license must be signed with EdDSA")
    license_claims, revocations = verify_authority_jws(segments, header, trust)
    guid, tenant = str(claims.get("siteGuid", "")).lower(), claims.get("tenant")
    if typ == "airlock-olf+jwt":
        certified = (
            license_claims.get("aud") == f"site:{guid}/{tenant}"
            and str(license_claims.get("siteGuid", "")).lower() == guid
            and license_claims.get("tenant") == tenant
            and license_claims.get("siteKeyThumbprint") == opened.signer_kid
        )
    else:
        rk = registration_key(guid, str(tenant), str(opened.signer_kid))
        certified = license_claims.get("registrationKey") == rk and license_claims.get("aud") == f"rk:{rk}"
    if not certified:
        raise AirlockError("SITE_KEY_NOT_CERTIFIED", "the license does not name the key that signed the lease")
    if kind.name == "site-lease":
        try:
            jose.parse_public_jwk(claims.get("siteKey"), "X25519")
        except AirlockError as error:
            raise AirlockError("KEY_INVALID", "siteKey is not an X25519 key") from error
    return Opened(claims, opened.header, opened.signer_kid, revocations)
