"""The few calls the SDK makes to the authority's device API over HTTPS (urllib): JSON in and out,
no credentials but what the signed documents carry. A refusal (problem+json with a code) is
raised as that AirlockError; no answer, or an answer that is not JSON, as AUTHORITY_UNREACHABLE."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from .errors import AirlockError

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")


class AuthorityClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def post(self, path: str, body: dict) -> dict:
        return self._call("POST", path, body)

    def _call(self, method: str, path: str, body: Any) -> dict:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"accept": "application/json"}
        if data is not None:
            headers["content-type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        status = 0
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise AirlockError("AUTHORITY_UNREACHABLE", f"{self.base_url}: {getattr(error, 'reason', error)}") from error
        try:
            answer = json.loads(text)
        except ValueError:
            answer = None
        if 200 <= status < 300 and isinstance(answer, dict):
            return answer
        if status >= 400 and isinstance(answer, dict) and isinstance(answer.get("code"), str) and _CODE.match(answer["code"]):
            raise AirlockError(answer["code"], str(answer.get("detail") or answer.get("title") or answer["code"])[:500])
        raise AirlockError("AUTHORITY_UNREACHABLE", f"the authority answered {status} without a known error code")


def string_member(answer: dict, name: str) -> str:
    value = answer.get(name)
    if not isinstance(value, str):
        raise AirlockError("AUTHORITY_UNREACHABLE", f"the answer has no {name}")
    return value
