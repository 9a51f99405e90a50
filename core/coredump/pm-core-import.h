/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core-import.h — turn an ELF core into a report in the store's queue,
 * as postmortem-dumper publishes a live crash.
 *
 * Runs in: postmortemctl and the listener service (GLib and the store
 * library allowed).
 *
 * Nothing appears in queue/ unless the whole report was written: the core is
 * checked and dumped into a draft first (pm-report-draft.h), and a core that
 * cannot be read leaves no trace.
 */
#pragma once

#include <glib.h>

#include "pm-dumper.h"
#include "pm-store.h"

typedef struct
{
  PmDumperType  type;
  const char   *exe;          /* the executable to use for code and build-ids, or NULL */
  /* More Report.wer values: NULL-terminated key, value, key, value… (the
   * journal's COREDUMP_* fields), or NULL. */
  const char * const *extra;
  guint64       event_time_us;  /* when it crashed (µs since the epoch), or 0: now */
  const char   *flatpak_app;    /* the Flatpak app it ran in, when known (its cgroup) */
} PmCoreImportOptions;

void  pm_core_import_options_init (PmCoreImportOptions *options);

/* Returns the key of the new report, or of the queued report of the same
 * problem that counted it instead (*counted TRUE then; counted may be NULL),
 * or NULL with error: PM_ERROR_CORRUPT for a core that cannot be read (the
 * message says why), PM_ERROR_EXCLUDED, or the store's errors. */
char *pm_core_import (PmStore                   *store,
                      const char                *core_path,
                      const PmCoreImportOptions *options,
                      gboolean                  *counted,
                      GError                   **error);
