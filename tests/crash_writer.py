"""Child process for test_crash_safety: writes service notes forever, one transaction each,
printing each note id only after its transaction has committed."""

from __future__ import annotations

import sys
from datetime import date, time, timedelta
from pathlib import Path

from peerdesk.domain.encounters import EncounterInput
from peerdesk.services import encounters, store


def main() -> None:
    db, password, participant = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    st = store.unlock(db, "admin", password)
    n = 0
    while True:
        n += 1
        day = date.today() - timedelta(days=1 + n % 300)
        with st.session() as s:
            note = encounters.save_encounter(s, st.actor, EncounterInput(
                participant, day, time(9, 0), time(9, 30), "community", "recovery_coaching",
                narrative=f"Crash-test note {n}: " + "words " * 200), confirm_overlap=True)
            if n % 3 == 0:
                encounters.sign_encounter(s, st.actor, note.id)
            note_id = note.id
        print(note_id, flush=True)  # committed


if __name__ == "__main__":
    main()
