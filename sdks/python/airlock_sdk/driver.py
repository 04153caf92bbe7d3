"""The SDK driver: one command per process, one line of JSON out (sdks/README.md, "The SDK
driver contract"). Exit 0 with the answer, or 2 with ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from typing import Any, Optional

from .airlock import Airlock, CheckResult, MeterReading, _iso
from .errors import AirlockError


class _Parser(argparse.ArgumentParser):
    """Bad usage is a refusal like any other: REQUEST_INVALID, as JSON."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise AirlockError("REQUEST_INVALID", message)


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--store", required=True)
    common.add_argument("--fingerprint", required=True)
    common.add_argument("--product", required=True)
    common.add_argument("--root-key", required=True)
    common.add_argument("--authority-encryption-key", required=True)
    common.add_argument("--now", help="the device clock, ISO 8601 (default: the system clock)")
    common.add_argument("--authority-url", help="for the online commands")
    parser = _Parser(prog="python -m airlock_sdk.driver")
    commands = parser.add_subparsers(dest="command", required=True)
    request = commands.add_parser("request", parents=[common])
    request.add_argument("--out", required=True)
    credential = request.add_mutually_exclusive_group(required=True)
    credential.add_argument("--license-key")
    credential.add_argument("--username")
    credential.add_argument("--trial", action="store_true")
    commands.add_parser("install", parents=[common]).add_argument("--file", required=True)
    commands.add_parser("check", parents=[common])
    consume = commands.add_parser("consume", parents=[common])
    consume.add_argument("--meter", required=True)
    consume.add_argument("--amount", required=True, type=int)
    commands.add_parser("refresh-request", parents=[common]).add_argument("--out", required=True)
    commands.add_parser("apply-refresh", parents=[common]).add_argument("--file", required=True)
    commands.add_parser("deactivate", parents=[common]).add_argument("--out", required=True)
    online = commands.add_parser("activate-online", parents=[common])
    online_credential = online.add_mutually_exclusive_group(required=True)
    online_credential.add_argument("--license-key")
    online_credential.add_argument("--username")
    online.add_argument("--password")
    commands.add_parser("validate", parents=[common])
    commands.add_parser("check-in", parents=[common])
    return parser


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def _reading(reading: Optional[MeterReading]) -> Optional[dict]:
    if reading is None:
        return None
    return {"used": reading.used, "limit": reading.limit, "remaining": reading.remaining, "overage": reading.overage, "overageAllowance": reading.overage_allowance}


def check_json(airlock: Airlock, result: CheckResult) -> dict:
    """``{valid, code, features, meters, expiresAt}``: code is the refusal's, a notice's, or null."""
    license = airlock.license
    code = result.code if not result.ok else (result.notice.code if result.notice else None)
    return {
        "valid": result.ok,
        "code": code,
        "features": sorted(license.features) if license and result.ok else [],
        "meters": {meter: _reading(reading) for meter, reading in airlock.meters().items()} if result.ok else {},
        "expiresAt": _iso(license.valid_until.timestamp()) if license and license.valid_until else None,
    }


def run(argv: list[str]) -> tuple[int, dict]:
    args = _parser().parse_args(argv)
    clock = None
    if args.now:
        try:
            given = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError as error:
            raise AirlockError("REQUEST_INVALID", f"--now: not an ISO 8601 instant: {args.now}") from error
        # An instant without an offset is UTC, as every instant of the contract is.
        fixed = (given if given.tzinfo else given.replace(tzinfo=timezone.utc)).timestamp()
        clock = lambda: fixed  # noqa: E731
    airlock = Airlock.open(
        product=args.product,
        root_key=_read(args.root_key),
        authority_encryption_key=_read(args.authority_encryption_key),
        store_path=args.store,
        fingerprint=args.fingerprint,
        authority_url=args.authority_url,
        now=clock,
    )
    command = args.command
    if command == "request":
        _write(args.out, airlock.create_activation_request(license_key=args.license_key, username=args.username, trial=args.trial))
        return 0, {"file": args.out}
    if command == "install":
        airlock.install_license_file(_read(args.file))
        return 0, check_json(airlock, airlock.check())
    if command == "check":
        return 0, check_json(airlock, airlock.check())
    if command == "consume":
        return 0, {"meter": args.meter, **_reading(airlock.consume(args.meter, args.amount))}
    if command == "refresh-request":
        _write(args.out, airlock.create_refresh_request())
        return 0, {"file": args.out}
    if command == "apply-refresh":
        airlock.apply_refresh_file(_read(args.file))
        return 0, check_json(airlock, airlock.check())
    if command == "deactivate":
        _write(args.out, airlock.deactivate())
        return 0, {"file": args.out}
    if command == "activate-online":
        airlock.activate_online(license_key=args.license_key, username=args.username, password=args.password)
        return 0, check_json(airlock, airlock.check())
    if command == "validate":
        outcome = airlock.refresh_online()
        return 0, {**check_json(airlock, airlock.check()), "status": outcome["status"], "applied": outcome["applied"]}
    if command == "check-in":
        outcome = airlock.check_in()
        return 0, {**check_json(airlock, airlock.check()), "status": outcome["status"], "reported": outcome["reported"]}
    raise AssertionError(command)


def main(argv: Optional[list[str]] = None) -> int:
    try:
        status, answer = run(sys.argv[1:] if argv is None else argv)
    except AirlockError as error:
        status, answer = 2, {"error": error.to_json()}
    except OSError as error:
        status, answer = 2, {"error": {"code": "REQUEST_INVALID", "message": f"{error.filename}: {error.strerror}"}}
    print(json.dumps(answer, separators=(",", ":")))
    return status


if __name__ == "__main__":
    sys.exit(main())
