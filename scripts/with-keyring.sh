#!/usr/bin/env bash
# Runs a command with an unlocked Secret Service (gnome-keyring) on a private D-Bus session,
# so keychain tests use the real OS keychain and never touch the developer's own.
# Usage: dbus-run-session -- scripts/with-keyring.sh <command...>
set -euo pipefail
export XDG_DATA_HOME="${FACTORDESK_KEYRING_HOME:-$(mktemp -d)}"
# A throwaway password unlocks (and if need be creates) the login keyring without a prompt.
# (An empty one does not: gnome-keyring then wants a GUI prompt to create the keyring, and
# every write fails with "no result found".) The keyring lives in a temp dir, so it guards nothing.
eval "$(printf 'factordesk-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
exec "$@"
