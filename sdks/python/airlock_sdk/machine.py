"""What the SDK reads of the machine: its default fingerprint, and whether it runs in a virtual
machine or a container (the two booleans an activation request carries, docs/formats.md §6.5)."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import uuid
from typing import Optional

from .jose import b64u_encode

_FINGERPRINT = re.compile(r"^[\x21-\x7E]{1,128}$")


def _read(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_id() -> tuple[str, str]:
    """The most stable identifier the machine offers, as (source, value), in the Node SDK's order."""
    if sys.platform.startswith(("linux", "freebsd")):
        for source, path in (("machine-id", "/etc/machine-id"), ("dbus-machine-id", "/var/lib/dbus/machine-id")):
            value = _read(path)
            if value:
                return source, value
    if sys.platform == "darwin":
        found = re.search(r'"IOPlatformUUID"\s*=\s*"([^"]+)"', _run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"]))
        if found:
            return "io-platform-uuid", found.group(1).strip()
    if sys.platform == "win32":
        found = re.search(r"MachineGuid\s+REG_SZ\s+(\S+)", _run(["reg", "query", r"HKLM\SOFTWARE\Microsoft\Cryptography", "/v", "MachineGuid"]))
        if found:
            return "machine-guid", found.group(1).strip()
    node = uuid.getnode()
    mac = ":".join(f"{(node >> shift) & 0xFF:02x}" for shift in range(40, -8, -8))
    return "host-and-mac", f"{socket.gethostname()}|{mac}"


def machine_fingerprint(product: str) -> str:
    """base64url(SHA-256) of the product and the machine identifier: the Node SDK's derivation, so both agree on a machine."""
    source, value = machine_id()
    return b64u_encode(hashlib.sha256(f"airlock-device-fingerprint\0{product}\0{source}\0{value}".encode("utf-8")).digest())


def check_fingerprint(value: object) -> str:
    from .errors import AirlockError

    if not isinstance(value, str) or not _FINGERPRINT.match(value):
        raise AirlockError("REQUEST_INVALID", "fingerprint: must be 1 to 128 visible ASCII characters")
    return value


_HYPERVISORS = re.compile(
    r"vmware|virtualbox|innotek|qemu|\bkvm\b|\bxen\b|\bhvm domu\b|parallels|amazon ec2|google compute engine|\bbochs\b|\bbhyve\b|openstack|\bnutanix\b|\bovirt\b|\brhev\b|digitalocean|apple virtualization",
    re.IGNORECASE,
)
_CONTAINER = re.compile(r"\b(docker|kubepods|kubelet|containerd|lxc|libpod|podman)\b")


def detect_environment(root: str = "/") -> dict:
    """``{"virtualMachine", "container"}``: evidence found on Linux (DMI strings, the CPU's hypervisor flag, container markers)."""
    virtual = False
    container = False
    if sys.platform.startswith("linux"):
        for field in ("sys_vendor", "product_name", "bios_vendor", "board_vendor"):
            value = _read(os.path.join(root, "sys/class/dmi/id", field))
            if value and _HYPERVISORS.search(value):
                virtual = True
        cpuinfo = _read(os.path.join(root, "proc/cpuinfo")) or ""
        if re.search(r"^flags\s*:.*\bhypervisor\b", cpuinfo, re.MULTILINE):
            virtual = True
        if os.path.exists(os.path.join(root, ".dockerenv")) or os.path.exists(os.path.join(root, "run/.containerenv")):
            container = True
        if _CONTAINER.search(_read(os.path.join(root, "proc/1/cgroup")) or ""):
            container = True
        if os.environ.get("container") or os.environ.get("KUBERNETES_SERVICE_HOST"):
            container = True
    return {"virtualMachine": virtual, "container": container}
