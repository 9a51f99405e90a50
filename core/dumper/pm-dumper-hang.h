/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-hang.h — postmortem-dumper's hang mode: a PmCrashInfo with
 * PM_CRASH_INFO_FLAG_HANG from libpostmortem's hang watchdog becomes an AppHangB1
 * report of a process that goes on running (protocol: pm-crash-info.h, "Hang mode").
 * Also the pieces of crash mode that hang mode shares.
 *
 * Runs in: postmortem-dumper's crash module (GLib and the store library allowed).
 */
#pragma once

#include <glib.h>

#include "pm-crash-info.h"
#include "pm-dumper.h"
#include "pm-store.h"

/* Runs hang mode on @fd for the validated @info (steps 5 to 7); returns the exit
 * status. Does not close @fd. */
int         pm_dumper_hang_main          (int                     fd,
                                          const PmCrashInfo      *info);

/* Shared with crash mode (pm-dumper-crash.c). */
void        pm_dumper_send_status        (int                     fd,
                                          PmCrashStatus           status);
const char *pm_dumper_dump_file_type     (PmDumperType            type);
gboolean    pm_dumper_attach_file        (PmReportDraft          *draft,
                                          const PmRegisteredFile *file,
                                          guint                   index,
                                          GString                *problems);
void        pm_dumper_launch_application (const char             *key);
