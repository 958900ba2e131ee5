#!/bin/sh
# Make dist/PeerDesk-<version>-linux-<arch>.tar.gz from dist/PeerDesk (run `make dist` first).
# The tarball holds PeerDesk/ (the program), share/ (menu entry, icons, file type) and
# install.sh, which installs for the current user without administrator rights.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ -x dist/PeerDesk/peerdesk ] || { echo "make-tarball.sh: build dist/PeerDesk first (make dist)" >&2; exit 1; }
VERSION=$(dist/PeerDesk/peerdesk --version | awk '{print $2}')
ARCH=$(uname -m)
NAME=PeerDesk-$VERSION-linux-$ARCH
STAGE=build/tarball/$NAME
rm -rf build/tarball
mkdir -p "$STAGE/share/icons"
cp -R dist/PeerDesk "$STAGE/PeerDesk"
cp installer/linux/install.sh "$STAGE/install.sh"
chmod 755 "$STAGE/install.sh"
cp installer/linux/peerdesk.desktop installer/linux/peerdesk-mime.xml "$STAGE/share/"
for size in 16 24 32 48 64 128 256 512; do
    cp "peerdesk/resources/peerdesk-$size.png" "$STAGE/share/icons/"
done
cat > "$STAGE/README.txt" <<TXT
PeerDesk $VERSION for Linux ($ARCH)

Install (or upgrade) for your user, no administrator rights needed:
    ./install.sh
Then start PeerDesk from the applications menu, or run ~/.local/bin/peerdesk.

Remove the program (your data is kept):
    ./install.sh --remove

Or run it without installing: ./PeerDesk/peerdesk
Guides: PeerDesk/_internal/docs/peer-worker-guide.html and administrator-guide.html
TXT
tar -C build/tarball -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz"
