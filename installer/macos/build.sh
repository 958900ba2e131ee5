#!/bin/sh
# Build PeerDesk.app with PyInstaller (BUNDLE in installer/peerdesk.spec) and a .dmg with hdiutil.
# Run on a Mac, from anywhere:   installer/macos/build.sh
#   PYTHON=path/to/python   (default: .venv/bin/python, with `pip install -e '.[dist]'` done)
#   CODESIGN_IDENTITY="Developer ID Application: …"   sign for distribution (optional; without it
#                           the app is ad-hoc signed and people open it with right-click → Open)
# Result: dist/PeerDesk.app and dist/PeerDesk-<version>-macos-<arch>.dmg
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${PYTHON:-.venv/bin/python}
[ "$(uname -s)" = Darwin ] || { echo "build.sh: run this on macOS" >&2; exit 1; }

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/peerdesk.spec
APP=dist/PeerDesk.app
[ -d "$APP" ] || { echo "build.sh: $APP was not made" >&2; exit 1; }
VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
fi
"$APP/Contents/MacOS/peerdesk-cli" --version   # the frozen program starts

STAGE=build/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
mkdir -p "$STAGE/Guides"
cp "$APP/Contents/Resources/docs/"*.html "$STAGE/Guides/"
cp -R "$APP/Contents/Resources/docs/images" "$STAGE/Guides/images"
DMG=dist/PeerDesk-$VERSION-macos-$(uname -m).dmg
rm -f "$DMG"
hdiutil create -volname "PeerDesk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
echo "$DMG"
