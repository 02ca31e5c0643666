#!/usr/bin/env bash
# Downloads Debian packages used as real test fixtures and extracts them (no install, no apache):
#   wordpress, wordpress-l10n, wordpress-theme-*  -> the real WordPress tree for the demo, the
#                                                   wordpress.org stand-in and scanner fixtures
#   pure-ftpd                                      -> a real MLSD FTP server for integration tests
#   phpmyadmin, roundcube-core, php-* libraries    -> clean PHP for the scanner's false-positive set
# Output: .cache/debian/<package>/ (dpkg -x trees). Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.cache/debian
mkdir -p "$out/debs"
pkgs=(wordpress wordpress-l10n wordpress-theme-twentytwentyone wordpress-theme-twentytwentytwo
  wordpress-theme-twentytwentythree pure-ftpd pure-ftpd-common
  phpmyadmin roundcube-core php-twig php-symfony-console php-guzzlehttp-guzzle php-monolog
  php-phpseclib3 php-tcpdf php-league-commonmark)
missing=()
for p in "${pkgs[@]}"; do
  [ -d "$out/$p" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  (cd "$out/debs" && apt-get download "${missing[@]}" 2>&1 | grep -v "couldn't be accessed by user '_apt'" || true)
  for p in "${missing[@]}"; do
    deb=$(ls "$out/debs/${p}_"*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then echo "fetch-debian-fixtures: could not download $p" >&2; continue; fi
    mkdir -p "$out/$p.tmp" && dpkg -x "$deb" "$out/$p.tmp" && mv "$out/$p.tmp" "$out/$p"
  done
fi
echo "fetch-debian-fixtures: $(ls -d "$out"/*/ | grep -vc debs) packages in $out"
