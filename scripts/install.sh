#!/usr/bin/env bash
# Installs the NativeAOT `hale` (the everyday way to run it): builds artifacts/hale with scripts/publish.sh when it is
# missing or older than the sources, copies it to $PREFIX/bin/hale (default /usr/local/bin/hale) and, when systemd is
# on this host, examples/hale.service to /etc/systemd/system/hale.service (the unit is neither enabled nor started).
# Idempotent: a file already identical is left alone. Prints what it did. Uses sudo when not root.
# Environment: PREFIX (default /usr/local), SYSTEMD_UNIT_DIR (default /etc/systemd/system).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
unit_dir=${SYSTEMD_UNIT_DIR:-/etc/systemd/system}
binary=artifacts/hale

# maybe_sudo DIR: "sudo" when DIR (or the folder that would hold it) is not ours to write.
maybe_sudo() {
  local dir=$1
  while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
  if [ "$(id -u)" != 0 ] && [ ! -w "$dir" ]; then echo sudo; fi
}

# 1. The binary: publish when missing or older than anything it is built from.
if [ ! -x "$binary" ]; then
  echo "building $binary (NativeAOT; a few minutes the first time)"
  ./scripts/publish.sh "$binary"
elif newer=$(find src Directory.Build.props Directory.Packages.props global.json -type f -newer "$binary" \
    -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) && [ -n "$newer" ]; then
  echo "rebuilding $binary ($newer changed since it was built)"
  ./scripts/publish.sh "$binary"
else
  echo "using $binary (up to date with the sources)"
fi

# install_file SOURCE DEST MODE: copies unless identical; replaces by rename, so a running hale keeps its executable.
install_file() {
  local source=$1 dest=$2 mode=$3
  if [ -f "$dest" ] && cmp -s "$source" "$dest"; then
    echo "unchanged $dest"
    return 1
  fi
  local verb=installed sudo
  [ -e "$dest" ] && verb=updated
  sudo=$(maybe_sudo "$(dirname "$dest")")
  $sudo mkdir -p "$(dirname "$dest")"
  $sudo install -m "$mode" "$source" "$dest.new"
  $sudo mv -f "$dest.new" "$dest"
  echo "$verb $dest"
}

install_file "$binary" "$prefix/bin/hale" 0755 || true
"$prefix/bin/hale" --version >/dev/null

# 2. The systemd unit, when systemd runs here (or is installed, for the next boot). Never enabled or started here.
if [ -d /run/systemd/system ] || [ -d "$unit_dir" ] || [ -n "${SYSTEMD_UNIT_DIR:-}" ]; then
  if install_file examples/hale.service "$unit_dir/hale.service" 0644 && [ -d /run/systemd/system ] && [ -z "${SYSTEMD_UNIT_DIR:-}" ]; then
    $(maybe_sudo /etc/systemd) systemctl daemon-reload
    echo "ran systemctl daemon-reload"
  fi
  if [ -d /run/systemd/system ]; then
    unit_note="next: put the configuration in /etc/hale/hale.yaml, then: systemctl enable --now hale"
  else
    unit_note="systemd is installed but not running here: the unit is for when it is (systemctl enable --now hale)"
  fi
else
  unit_note="no systemd here: examples/hale.service not installed; run: hale run -c /etc/hale/hale.yaml"
fi
echo "hale $("$prefix/bin/hale" --version) is $prefix/bin/hale"
echo "$unit_note"
