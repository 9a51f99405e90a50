#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Postmortem authors
# Runs in: the Flatpak sandbox, in front of /app/libexec/postmortem{,ctl}-sandboxed.
#
# Inside the sandbox XDG_DATA_HOME and XDG_CONFIG_HOME point at the app's private
# ~/.var/app/io.github.postmortem.Postmortem/, but crash reports are written by
# applications on the host into the user's own store and the settings file is
# shared with the host's postmortemctl. The manifest grants exactly those two
# folders (xdg-data/postmortem, xdg-config/postmortem); this points the store and
# the settings at them. Flatpak passes the host's values as HOST_XDG_*.
# Debug files downloaded from debuginfod servers go to the cache gdb and the
# host's tools share (xdg-cache/debuginfod_client, also granted).
host_data="${HOST_XDG_DATA_HOME:-$HOME/.local/share}"
host_config="${HOST_XDG_CONFIG_HOME:-$HOME/.config}"
export PM_STORE_DIR="${PM_STORE_DIR:-$host_data/postmortem}"
export PM_SETTINGS_FILE="${PM_SETTINGS_FILE:-$host_config/postmortem/settings.ini}"
export DEBUGINFOD_CACHE_PATH="${DEBUGINFOD_CACHE_PATH:-${HOST_XDG_CACHE_HOME:-$HOME/.cache}/debuginfod_client}"
exec "/app/libexec/$(basename "$0")-sandboxed" "$@"
