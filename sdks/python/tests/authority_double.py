"""A stand-in for the authority, for the unit tests only: its own root, certified signing and
encryption keys, and the documents it answers a device with (docs/formats.md §2.1, §6.6, §6.11).
Written from the specification, independent of the SDK's reader."""

from __future__ import annotations

import os
import uuid
from typing import Optional

import sdk_path  # noqa: F401  (first: puts the SDK on the path)
from airlock_sdk import jose
from airlock_sdk.documents import KINDS, open_document, Trust


class TestAuthority:
    def __init__(self, now: float, revoked_signing: bool = False) -> None:
        self.root = jose.SigningKey(os.urandom(32))
        self.signing = jose.SigningKey(os.urandom(32))
        self.encryption = jose.EncryptionKey(os.urandom(32))
        self.signing_cert = self.certify(self.signing.public_jwk, "sig", now - 86_400, now + 10 * 365 * 86_400)
        self.encryption_cert = self.certify(self.encryption.public_jwk, "enc", now - 86_400, now + 10 * 365 * 86_400)
        self.trust = Trust(self.root.public_jwk)

    def certify(self, jwk: dict, use: str, nbf: float, exp: float) -> str:
        claims = {"v": 1, "iss": self.root.kid, "kid": jose.thumbprint(jwk), "use": use, "jwk": jwk, "iat": int(nbf), "nbf": int(nbf), "exp": int(exp)}
        return jose.sign_compact({"typ": "airlock-key-cert+jwt", "kid": self.root.kid}, claims, self.root)

    def revocations(self, serial: int, kids: list, now: float) -> str:
        claims = {"v": 1, "iss": self.root.kid, "serial": serial, "iat": int(now), "revoked": [{"kid": kid, "revokedAt": int(now)} for kid in kids]}
        return jose.sign_compact({"typ": "airlock-key-revocations+jwt", "kid": self.root.kid}, claims, self.root)

    @property
    def root_jwk_text(self) -> str:
        import json

        return json.dumps(self.root.public_jwk)

    def sign(self, kind_name: str, claims: dict, *, revocations: Optional[str] = None, cert: Optional[str] = None, signer: Optional[jose.SigningKey] = None) -> str:
        kind = KINDS[kind_name]
        signer = signer or self.signing
        header = {"typ": kind.typ, "kid": signer.kid, "cert": cert or self.signing_cert}
        if revocations:
            header["revocations"] = revocations
        return jose.sign_compact(header, claims, signer)

    def armour(self, kind_name: str, jws: str, recipient: Optional[dict]) -> str:
        kind = KINDS[kind_name]
        body = jose.encrypt_compact(jws, recipient, kind.jwe_typ, kind.typ) if kind.encrypted else jws
        return jose.armor(kind.label, body)

    def open_request(self, text: str, now: float, kind: str = "device-activation-request"):
        return open_document(KINDS[kind], text, now=now, audience=f"authority:{self.root.kid}", trust=self.trust, recipient=self.encryption)

    def license_claims(self, request, now: float, *, license_id: str = "lic-1", revision: int = 1, valid_until: Optional[int] = None, features=("export",), meters=None, checks=None, kind: str = "term", **extra) -> dict:
        claims = request.claims
        return {
            "aud": f"device:{claims['fingerprint']}",
            "answers": [claims["jti"]],
            "licenseId": license_id,
            "product": claims["product"],
            "fingerprint": claims["fingerprint"],
            "deviceKeyThumbprint": request.signer_kid,
            "licenseKind": kind,
            "revision": revision,
            "validUntil": valid_until if valid_until is not None else int(now) + 365 * 86_400,
            "entitlements": {"features": list(features), "meters": meters if meters is not None else [{"meter": "renders", "limit": 100, "overage": 0, "counted": 0, "allotment": 100}]},
            "metadata": [],
            "checks": checks or {"allowOffline": True, "clockSkewTolerance": 300, "expiryGrace": 0},
            "reportedThrough": 0,
            "v": 1,
            "jti": str(uuid.uuid4()),
            "iat": int(now),
            **extra,
        }

    def license_file(self, request, now: float, **options) -> str:
        claims = self.license_claims(request, now, **options)
        return self.armour("device-license-file", self.sign("device-license-file", claims), request.claims["deviceEncryptionKey"])

    def refresh_file(self, request, license_file_id: str, now: float, **options) -> str:
        claims = self.license_claims(request, now, **options)
        claims["answers"] = [license_file_id]
        claims["refreshes"] = license_file_id
        return self.armour("device-refresh-file", self.sign("device-refresh-file", claims), request.claims["deviceEncryptionKey"])

    def receipt(self, fingerprint: str, answers: str, now: float, *, license_id: str = "lic-1", status: str = "active") -> str:
        claims = {
            "aud": f"device:{fingerprint}",
            "answers": [answers],
            "licenseId": license_id,
            "fingerprint": fingerprint,
            "activationId": "act-1",
            "status": status,
            "revision": 1,
            "v": 1,
            "jti": str(uuid.uuid4()),
            "iat": int(now),
        }
        return self.armour("device-check-in-receipt", self.sign("device-check-in-receipt", claims), None)
