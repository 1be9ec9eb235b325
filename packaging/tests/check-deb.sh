#!/usr/bin/env bash
# Builds the .deb with CPack and inspects it: control fields, the files it carries, and the programs
# running from the unpacked tree. Usage: check-deb.sh BUILD_DIR OUT_DIR GUI(ON|OFF)
# Exit 77 (skipped) without dpkg-deb. Installing it into a clean Debian root is
# packaging/test-deb-in-chroot.sh (needs root and a Debian mirror).
set -euo pipefail
build="$1" out="$2" gui="$3"
command -v dpkg-deb >/dev/null || { echo "SKIPPED: dpkg-deb not installed" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/reverie_*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Package Version Architecture Depends Recommends
[ "$(dpkg-deb -f "$deb" Package)" = reverie ] || fail "package name"
for dep in libtorch1.13 libopencv-core406 libsentencepiece0 libprotobuf32 libcurl4; do
  dpkg-deb -f "$deb" Depends | grep -q "\b$dep\b" || fail "Depends lacks $dep"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
want=(./usr/bin/reverie-cli ./usr/lib/reverie/libreverie_spm.so ./usr/share/man/man1/reverie-cli.1)
if [ "$gui" = ON ]; then
  dpkg-deb -f "$deb" Depends | grep -q '\blibqt6widgets6\b' || fail "Depends lacks libqt6widgets6"
  want+=(./usr/bin/reverie ./usr/share/applications/io.github.reverie.Reverie.desktop
    ./usr/share/icons/hicolor/scalable/apps/io.github.reverie.Reverie.svg
    ./usr/share/metainfo/io.github.reverie.Reverie.metainfo.xml)
fi
for f in "${want[@]}"; do grep -qx "$f" <<<"$contents" || fail "the .deb lacks $f"; echo "ok $f"; done
grep -q '^\./usr/local' <<<"$contents" && fail "the .deb installs into /usr/local"
# Unpacked anywhere, the programs find their private library beside themselves.
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/reverie-cli" --version
[ "$gui" = ON ] && "$out/root/usr/bin/reverie" --version
echo "deb OK"
