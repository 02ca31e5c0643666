#!/usr/bin/env bash
# Runs a command against a throwaway, unlocked gnome-keyring (Secret Service) in the current D-Bus
# session (TEST-INFRA §3). Use inside a private session bus:
#   dbus-run-session -- bash test/support/keyring-session.sh node script.mjs
# HOME and XDG_RUNTIME_DIR point at a temp dir, so the real user's keyring is never touched; the
# daemon exits with the session. The command's exit status is returned.
set -uo pipefail
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sr-keyring-XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/home/.local/share"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the login keyring password from stdin and creates the keyring unlocked.
if ! out=$(printf 'test-keyring-pw' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null); then
  echo "keyring-session: gnome-keyring-daemon failed to start" >&2
  exit 97
fi
eval "$out"
export GNOME_KEYRING_CONTROL
"$@"
