"""Instrument definition files: the ones shipped with PeerDesk, and reading any other file."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from peerdesk.domain.instruments import Instrument, InstrumentError, parse
from peerdesk.i18n import _


def builtin_names() -> list[str]:
    return sorted(p.name.rsplit(".", 1)[0] for p in resources.files(__name__).iterdir()
                  if p.name.endswith((".toml", ".json")))


def read_text(text: str, fmt: str, source: str) -> Instrument:
    """Parse TOML or JSON text; every problem (syntax included) is named."""
    try:
        doc: Any = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InstrumentError([_("{src}: not valid {fmt}: {e}").format(
            src=source, fmt=fmt.upper(), e=exc)]) from exc
    if not isinstance(doc, dict):
        raise InstrumentError([_("{src}: the file must be a table of settings").format(
            src=source)])
    return parse(doc, source)


def load_builtin(name: str) -> Instrument:
    for ext in ("toml", "json"):
        entry = resources.files(__name__) / f"{name}.{ext}"
        if entry.is_file():
            return read_text(entry.read_text(encoding="utf-8"), ext, f"{name}.{ext}")
    raise InstrumentError([_("There is no built-in instrument named '{n}' (built in: {all}).")
                           .format(n=name, all=", ".join(builtin_names()))])


def load_file(path: Path) -> Instrument:
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InstrumentError([f"{path}: {exc.strerror}"]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InstrumentError([_("{p}: the file is not UTF-8 text").format(p=path)]) from exc
    return read_text(text, fmt, path.name)


def load(name_or_file: str) -> Instrument:
    """A built-in instrument by name, or a definition file by path."""
    path = Path(name_or_file)
    if path.suffix.lower() in (".toml", ".json") or path.exists():
        return load_file(path)
    return load_builtin(name_or_file)
