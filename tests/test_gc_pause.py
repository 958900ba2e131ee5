"""Reports pause the cyclic garbage collector while they work, and always give it back."""

from __future__ import annotations

import gc
import threading

import pytest

from peerdesk.reports.gc_pause import paused_gc


def test_paused_while_working_and_back_after_nesting_and_errors() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer report is still working
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("a report that fails")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_reports_at_once_in_two_threads() -> None:
    inside, release = threading.Event(), threading.Event()

    def other_report() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other_report)
    worker.start()
    inside.wait(5)
    with paused_gc():
        pass
    assert not gc.isenabled()  # the other thread's report is still being made
    release.set()
    worker.join(5)
    assert gc.isenabled()
