"""GUI half of the benchmark, run in its own process (offscreen).

    python tools/bench_gui.py startup DB T0     -> prints seconds from T0 to the sign-in window
    python tools/bench_gui.py rss DB PASSWORD   -> signs in, scrolls the list, opens a
                                                   workspace; prints JSON with peak RSS and
                                                   the list-scroll time
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def startup(db: str, t0: float) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from peerdesk.ui import qt_messages
    from peerdesk.ui.app import PeerDeskApp

    qt_messages.install()
    app = QApplication([])
    controller = PeerDeskApp(Path(db))
    controller.start()
    while controller.unlock_dialog is None or not controller.unlock_dialog.isVisible():
        app.processEvents()
    app.processEvents()
    print(f"{time.time() - t0:.4f}")
    controller.quit()


def rss(db: str, password: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from peerdesk.services import store
    from peerdesk.services.participant_list import ListFilter
    from peerdesk.ui import qt_messages
    from peerdesk.ui.main_window import MainWindow
    from peerdesk.ui.participant_model import LazyParticipantModel

    qt_messages.install()
    app = QApplication([])
    st = store.unlock(Path(db), "admin", password)
    window = MainWindow(st)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    model = LazyParticipantModel(st)
    model.set_filter(ListFilter())
    started = time.perf_counter()
    for row in range(model.rowCount()):  # what scrolling top to bottom asks the model for
        model.data(model.index(row, 0))
    scroll_ms = (time.perf_counter() - started) * 1000
    from peerdesk.services import workspace
    with st.session() as s:
        workspace.open_workspace(s, st.actor, model.id_at(0) or 1)
    app.processEvents()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_mb": peak_kb / 1024, "scroll_ms": scroll_ms,
                      "rows": model.rowCount()}))
    window.close()
    st.close()


if __name__ == "__main__":
    if sys.argv[1] == "startup":
        startup(sys.argv[2], float(sys.argv[3]))
    else:
        rss(sys.argv[2], sys.argv[3])
