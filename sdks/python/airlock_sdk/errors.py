"""Airlock's errors: one exception type carrying a stable code (docs/errors.md)."""

from __future__ import annotations

from typing import Any


class AirlockError(Exception):
    """A refusal. ``code`` is one of the codes of docs/errors.md; ``detail`` says more, for people."""

    def __init__(self, code: str, message: str = "", **detail: Any) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message or code
        self.detail = detail

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message}
