#!/usr/bin/env bash
# Every shared library that the binaries going into the .deb need must come from a package that the
# .deb's Depends names. Usage: check-deb-depends.sh BUILD_DIR "DEPENDS". Exit 77 (skipped) off Debian.
set -euo pipefail
build="$1" depends="$2"
command -v dpkg-query >/dev/null || { echo "SKIPPED: not a Debian system (no dpkg)" >&2; exit 77; }
names=" $(echo "$depends" | sed 's/([^)]*)//g; s/[,|]/ /g' | tr -s ' ') "
cache=$(/sbin/ldconfig -p)

# "binary library path" for every NEEDED entry; the native-architecture copy when several exist.
needs=()
for bin in "$build/app/reverie-cli" "$build/app/reverie" "$build/app/libreverie_spm.so"; do
  [ -f "$bin" ] || continue
  for lib in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
    path=$(awk -v l="$lib" '$1 == l && tolower($0) ~ /x86-64|aarch64|64bit/ {print $NF; exit}' <<<"$cache")
    [ -n "$path" ] || path=$(awk -v l="$lib" '$1 == l {print $NF; exit}' <<<"$cache")
    needs+=("$(basename "$bin") $lib ${path:-unknown}")
  done
done
# One dpkg query for all paths (merged /usr: a file may be registered under /lib or /usr/lib).
paths=()
for n in "${needs[@]}"; do
  p=${n##* }
  [ "$p" = unknown ] || paths+=("$p" "$(readlink -f "$p")" "/usr$p")
done
owners=$(dpkg-query -S "${paths[@]}" 2>/dev/null || true)

status=0
for n in "${needs[@]}"; do
  read -r bin lib path <<<"$n"
  pkg=""
  for p in "$path" "$(readlink -f "$path" 2>/dev/null)" "/usr$path"; do
    pkg=$(awk -v p="$p" '$NF == p {sub(/:.*/, "", $1); print $1; exit}' <<<"$owners")
    [ -n "$pkg" ] && break
  done
  if [ -z "$pkg" ]; then
    echo "FAIL: $bin needs $lib ($path), which no Debian package provides;" \
      "set REVERIE_DEB_DEPENDS_OVERRIDE for such a build" >&2
    status=1
  elif [[ "$names" != *" $pkg "* ]]; then
    echo "FAIL: $bin needs $lib from package $pkg, missing from Depends" >&2
    status=1
  else
    echo "ok $bin: $lib <- $pkg"
  fi
done
exit $status
