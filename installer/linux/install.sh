#!/bin/sh
# Install PeerDesk for this user (no administrator rights needed), or upgrade it.
#
#   ./install.sh            install or upgrade
#   ./install.sh --remove   remove the program (your PeerDesk data is kept)
#
# The program goes to ~/.local/opt/PeerDesk, the menu entry and icons to ~/.local/share,
# and a `peerdesk` command to ~/.local/bin. PeerDesk's data (the encrypted database and its
# backups) lives in ~/.local/share/PeerDesk and is never touched by this script.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=${PEERDESK_PREFIX:-$HOME/.local/opt/PeerDesk}
BIN_DIR=$HOME/.local/bin
APPS=$DATA_HOME/applications
ICONS=$DATA_HOME/icons/hicolor
MIME=$DATA_HOME/mime

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$MIME" >/dev/null 2>&1 || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$PREFIX"
    rm -f "$APPS/peerdesk.desktop" "$MIME/packages/peerdesk.xml"
    [ -L "$BIN_DIR/peerdesk" ] && rm -f "$BIN_DIR/peerdesk"
    for png in "$ICONS"/*/apps/peerdesk.png; do rm -f "$png"; done
    refresh
    echo "PeerDesk was removed. Your data is still in $DATA_HOME/PeerDesk (delete that folder"
    echo "only if you are sure you no longer need the records or have them elsewhere)."
    exit 0
fi

[ -x "$HERE/PeerDesk/peerdesk" ] || { echo "install.sh: PeerDesk/peerdesk not found beside this script" >&2; exit 1; }
version=$("$HERE/PeerDesk/peerdesk" --version 2>/dev/null || echo "PeerDesk")

# Copy the new program beside the old one, then swap: a failed copy leaves the old one working.
mkdir -p "$(dirname "$PREFIX")"
rm -rf "$PREFIX.new"
cp -R "$HERE/PeerDesk" "$PREFIX.new"
if [ -d "$PREFIX" ]; then
    rm -rf "$PREFIX.old"
    mv "$PREFIX" "$PREFIX.old"
fi
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"

mkdir -p "$BIN_DIR" "$APPS" "$MIME/packages"
ln -sf "$PREFIX/peerdesk" "$BIN_DIR/peerdesk"
sed "s|@EXEC@|$PREFIX/peerdesk|g" "$HERE/share/peerdesk.desktop" > "$APPS/peerdesk.desktop"
chmod 644 "$APPS/peerdesk.desktop"
cp "$HERE/share/peerdesk-mime.xml" "$MIME/packages/peerdesk.xml"
for png in "$HERE"/share/icons/peerdesk-*.png; do
    size=$(basename "$png" .png | sed 's/peerdesk-//')
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$png" "$ICONS/${size}x${size}/apps/peerdesk.png"
done
refresh
echo "Installed $version in $PREFIX."
echo "Start it from your applications menu (PeerDesk), or run: $BIN_DIR/peerdesk"
echo "Your data stays in $DATA_HOME/PeerDesk; upgrading keeps it."
