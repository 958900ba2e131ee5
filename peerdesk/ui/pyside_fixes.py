"""Work around a PySide6 reference-counting bug that crashes PeerDesk on Python 3.11.

In PySide6 6.12.0, ``SignalInstance.emit()`` and ``SignalInstance.disconnect()`` return
``True`` without taking a reference to it, so every such call made from Python takes one
reference away from ``True``. On Python 3.12+ ``True`` is immortal and nothing happens; on
Python 3.11 the count reaches zero after some thousands of calls (PeerDesk emits a signal
on every mouse move to track idle time) and the interpreter aborts with "Fatal Python
error: bool_dealloc" — a crash with no message and no chance to save.

:func:`install` measures whether this PySide6 has the bug and, only then, wraps the
affected methods so the missing reference is added back. Importing :mod:`peerdesk.ui`
installs it.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_checked: list[str] = []  # the wrapped method names, after the first install()


class _Probe(QObject):
    fired = Signal()


def _slot() -> None:
    pass


def _counts() -> tuple[int, int]:
    return sys.getrefcount(True), sys.getrefcount(False)


def loses_references(call: Callable[[], object], times: int = 8) -> bool:
    """True if calling ``call()`` from Python takes references away from True or False.
    (What the probe took is given back.)"""
    before = _counts()
    for _ in range(times):
        call()
    after = _counts()
    for value, was, now in ((True, before[0], after[0]), (False, before[1], after[1])):
        for _ in range(max(0, was - now)):
            _incref(value)
    return after[0] < before[0] or after[1] < before[1]


def _wrap(name: str) -> None:
    original = getattr(SignalInstance, name)

    def wrapper(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            _incref(result)  # the reference PySide6 forgot to take
        return result

    wrapper.__name__ = name
    wrapper.__doc__ = original.__doc__
    setattr(SignalInstance, name, wrapper)


def install() -> list[str]:
    """Wrap the affected ``SignalInstance`` methods if (and only if) this PySide6 needs
    it; returns their names (empty when PySide6 is fine). Safe to call more than once."""
    if _checked:
        return [name for name in _checked if name]
    probe = _Probe()
    if loses_references(probe.fired.emit):
        _wrap("emit")
        _checked.append("emit")

    def connect_and_disconnect() -> None:
        probe.fired.connect(_slot)
        probe.fired.disconnect(_slot)

    if loses_references(connect_and_disconnect):
        _wrap("disconnect")
        _checked.append("disconnect")
    _checked.append("")  # marks "checked" even when nothing needed wrapping
    return [name for name in _checked if name]
