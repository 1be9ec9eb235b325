#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then checks the layout and that the installed programs
# run from there (finding their private library and the built-in model) without writing anything
# into the prefix. Usage: check-install-layout.sh BUILD_DIR PREFIX GUI(ON|OFF)
set -euo pipefail
build="$1" prefix="$2" gui="$3"
src=$(cd "$(dirname "$0")/../.." && pwd)
id=io.github.reverie.Reverie
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { [ -e "$prefix/$1" ] || fail "missing after install: $1"; echo "ok $1"; }
expect bin/reverie-cli
expect lib/reverie/libreverie_spm.so
expect share/man/man1/reverie-cli.1
if [ "$gui" = ON ]; then
  expect bin/reverie
  expect "share/applications/$id.desktop"
  expect "share/icons/hicolor/scalable/apps/$id.svg"
  expect "share/metainfo/$id.metainfo.xml"
  expect share/man/man1/reverie.1
fi
builtin=share/reverie/models/reverie-shapes
if [ -f "$src/resources/models/reverie-shapes/model_index.json" ]; then
  expect "$builtin/model_index.json"
else
  echo "note: resources/models/reverie-shapes is not in this tree; the built-in model is not installed"
fi

# The programs run from the prefix with a fresh user: its own XDG folders, nothing else.
before=$(cd "$prefix" && find . | sort)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() {
  env -i PATH=/usr/bin:/bin HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_DATA_DIRS="$home/none" QT_QPA_PLATFORM=offscreen "$@"
}
out=$(run "$prefix/bin/reverie-cli" --version)
echo "$out"
[[ "$out" =~ ^reverie-cli\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "reverie-cli --version printed '$out'"
run "$prefix/bin/reverie-cli" assets status >/dev/null || fail "reverie-cli assets status failed"
if [ "$gui" = ON ]; then
  out=$(run "$prefix/bin/reverie" --version)
  echo "$out"
  [[ "$out" =~ ^reverie\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "reverie --version printed '$out'"
fi
if [ -f "$prefix/$builtin/model_index.json" ]; then
  # No --model: the built-in model, found beside the installed executable (its tokenizer goes
  # through the installed libreverie_spm.so).
  log="$home/generate.log"
  run "$prefix/bin/reverie-cli" generate --prompt "a red circle" --steps 2 --seed 1 \
    --out "$home/out.png" 2>"$log" || { cat "$log" >&2; fail "generate with the built-in model failed"; }
  grep -q "$prefix/$builtin" "$log" || { cat "$log" >&2; fail "generate did not use the installed built-in model"; }
  [ -s "$home/out.png" ] || fail "generate wrote no image"
  echo "ok generate with the installed built-in model"
fi
after=$(cd "$prefix" && find . | sort)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; fail "the programs wrote into the install prefix"; }
echo "install layout OK; nothing was written into $prefix"
