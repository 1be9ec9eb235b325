#!/usr/bin/env bash
# Validates the desktop entry and AppStream metainfo with the distributions' own tools, and checks
# that the files agree with each other, the icon and the CHANGELOG.
# Usage: validate-desktop-files.sh LINUX_DIR VERSION CHANGELOG. Exit 77 (skipped) when a tool is
# missing after everything else passed.
set -euo pipefail
dir="$1" version="$2" changelog="$3"
id=io.github.reverie.Reverie
desktop="$dir/$id.desktop" metainfo="$dir/$id.metainfo.xml" icon="$dir/$id.svg"
missing=()

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop"
  echo "desktop-file-validate: $desktop OK"
else
  missing+=(desktop-file-validate)
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$metainfo"
else
  missing+=(appstreamcli)
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's Icon is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
  fail "the metainfo does not launch $id.desktop"
grep -q "<id>$id</id>" "$metainfo" || fail "the metainfo id is not $id"
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$icon" || fail "$icon is not well-formed XML"
# The newest release in the metainfo is this version, and the CHANGELOG's newest entry too.
newest_meta=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
[ "$newest_meta" = "$version" ] || fail "metainfo's newest release is '$newest_meta', the project is $version"
newest_log=$(grep -o '^## \[[0-9][^]]*\]' "$changelog" | head -1 | tr -d '#[] ')
[ "$newest_log" = "$version" ] || fail "CHANGELOG's newest entry is '$newest_log', the project is $version"
meta_date=$(grep -o '<release version="[^"]*" date="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f4)
grep -q "^## \[$version\] - $meta_date" "$changelog" || fail "CHANGELOG's $version entry is not dated $meta_date as in the metainfo"
echo "desktop entry, metainfo, icon and CHANGELOG agree on $id $version ($meta_date)"

if [ ${#missing[@]} -gt 0 ]; then
  echo "SKIPPED: ${missing[*]} not installed (apt-get install desktop-file-utils appstream)" >&2
  exit 77
fi
