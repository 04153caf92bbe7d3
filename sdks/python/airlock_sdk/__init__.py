"""Airlock's device SDK for Python: licenses that work where the internet does not reach.

Implements the device side of docs/formats.md (device activation requests, license and refresh
files, deactivation files, usage reports, check-in receipts) with the standard library and
``cryptography`` only. See sdks/python/README.md.
"""

from .airlock import SDK_VERSION, Airlock, CheckResult, DeviceLicense, MeterReading, Notice, parse_license_key
from .errors import AirlockError
from .machine import machine_fingerprint

__all__ = ["SDK_VERSION", "Airlock", "AirlockError", "CheckResult", "DeviceLicense", "MeterReading", "Notice", "machine_fingerprint", "parse_license_key"]
__version__ = SDK_VERSION
