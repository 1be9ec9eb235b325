#!/usr/bin/env bash
# Every shared library that the binaries going into the .deb need must come from a package that the
# .deb's Depends names. Usage: check-deb-depends.sh BUILD_DIR "DEPENDS". Exit 77 (skipped) off Debian.
set -euo pipefail
build="$1" depends="$2"
command -v dpkg-query >/dev/null || { echo "SKIPPED: not a Debian system (no dpkg)" >&2; exit 77; }
names=" $(echo "$depends" | sed 's/([^)]*)//g; s/[,|]/ /g' | tr -s ' ') "
status=0
cache=$(/sbin/ldconfig -p)
for bin in "$build/app/reverie-cli" "$build/app/reverie" "$build/app/libreverie_spm.so"; do
  [ -f "$bin" ] || continue
  for lib in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
    path=$(awk -v l="$lib" '$1 == l && tolower($0) ~ /x86-64|aarch64|64bit/ {print $NF; exit}' <<<"$cache")
    [ -n "$path" ] || path=$(awk -v l="$lib" '$1 == l {print $NF; exit}' <<<"$cache")
    pkg=""
    for p in "$path" "$(readlink -f "$path")" "/usr$path"; do
      pkg=$(dpkg-query -S "$p" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    if [ -z "$pkg" ]; then
      echo "FAIL: $(basename "$bin") needs $lib ($path), which no Debian package provides;" \
        "set REVERIE_DEB_DEPENDS_OVERRIDE for such a build" >&2
      status=1
    elif [[ "$names" != *" $pkg "* ]]; then
      echo "FAIL: $(basename "$bin") needs $lib from package $pkg, missing from Depends" >&2
      status=1
    else
      echo "ok $(basename "$bin"): $lib <- $pkg"
    fi
  done
done
exit $status
