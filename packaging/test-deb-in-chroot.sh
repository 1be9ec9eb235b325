#!/usr/bin/env bash
# Installs the .deb into a clean Debian 12 root, as a user's `apt-get install ./reverie_*.deb` would,
# and runs the installed programs there: --version, the built-in model (or MODEL_DIR) through
# `reverie-cli generate`, and the studio's --version.
# Usage (as root, network access to a Debian mirror): packaging/test-deb-in-chroot.sh DEB [MODEL_DIR]
# ROOT=/var/tmp/reverie-deb-root keeps the chroot between runs; MIRROR picks the Debian mirror.
set -euo pipefail
deb=$(readlink -f "$1")
model="${2:-}"
root="${ROOT:-/var/tmp/reverie-deb-root}"
mirror="${MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap
  debootstrap --variant=minbase bookworm "$root" "$mirror"
fi
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" || true; done; }
trap cleanup EXIT
for fs in proc sys dev; do
  mountpoint -q "$root/$fs" || { mount --bind "/$fs" "$root/$fs"; mounted+=("$root/$fs"); }
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

in_root apt-get update -q
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")"
in_root dpkg -s reverie | grep -E '^(Package|Version|Depends):'

in_root reverie-cli --version
in_root reverie --version
in_root reverie-cli assets status
args=()
if [ -n "$model" ]; then
  rm -rf "$root/tmp/model" && cp -r "$model" "$root/tmp/model"
  args=(--model /tmp/model --width 64 --height 64)
fi
in_root reverie-cli generate "${args[@]}" --prompt "a red circle on a blue background" --steps 4 \
  --seed 7 --out /tmp/chroot-generate.png
cp "$root/tmp/chroot-generate.png" .
echo "PASS: installed in a clean Debian 12 root; the image is ./chroot-generate.png"
