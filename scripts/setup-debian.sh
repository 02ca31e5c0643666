#!/usr/bin/env bash
# Installs the Debian packages the tests use (Chromium, a CJK font, PHP for `php -l`, real FTP/SSH
# servers, lftp for the benchmark, gnome-keyring for the keychain tests), then extracts the real
# WordPress and PHP packages used as fixtures. Run as root or with sudo. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
mapfile -t pkgs < <(grep -vE '^\s*(#|$)' scripts/ci-apt-packages.txt | sort -u)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-debian: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Fixture packages are downloaded, not installed (no apache, no services); needs the apt lists.
if ! bash scripts/fetch-debian-fixtures.sh; then
  $SUDO apt-get update -qq && bash scripts/fetch-debian-fixtures.sh
fi
echo "setup-debian: ready"
