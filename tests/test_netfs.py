"""Network shares are recognised from the mount table (the live database should be local)."""

from __future__ import annotations

from peerdesk.db.netfs import fs_type_from_mounts

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//fileserver/rco /mnt/shared cifs rw,vers=3.0 0 0
nas:/export/peer /home/office/NAS\\040Drive nfs4 rw 0 0
/dev/sdb1 /mnt/shared/local-usb vfat rw 0 0
"""


def test_mount_lookup_finds_the_deepest_mount() -> None:
    assert fs_type_from_mounts(MOUNTS, "/home/office/peerdesk.db") == "ext4"
    assert fs_type_from_mounts(MOUNTS, "/mnt/shared/peerdesk.db") == "cifs"
    assert fs_type_from_mounts(MOUNTS, "/home/office/NAS Drive/p.db") == "nfs4"
    assert fs_type_from_mounts(MOUNTS, "/mnt/shared/local-usb/p.db") == "vfat"
    assert fs_type_from_mounts(MOUNTS, "/mnt/sharedother/p.db") == "ext4"
