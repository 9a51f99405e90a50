/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core-import.c — an ELF core becomes a report (see pm-core-import.h).
 *
 * Runs in: postmortemctl and the listener service (GLib and the store
 * library allowed).
 */
#include "pm-core-import.h"

#include <errno.h>
#include <unistd.h>

#include "pm-core.h"
#include "pm-crash-report.h"
#include "pm-package.h"
#include "postmortem.h"

void
pm_core_import_options_init (PmCoreImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->type = PM_DUMPER_TYPE_MINI;
}

char *
pm_core_import (PmStore                   *store,
                const char                *core_path,
                const PmCoreImportOptions *options,
                gboolean                  *counted,
                GError                   **error)
{
  g_autoptr(PmReportDraft) draft = NULL;
  g_autofree PmDumpResult *result = g_new0 (PmDumpResult, 1);
  g_autofree char *app_name = NULL;
  const PmCoreFacts *facts;
  PmConsentLevel consent;
  PmCore *core = NULL;
  const char *dump_name;
  char message[512];
  char *key = NULL;
  int fd, r;

  if (counted != NULL)
    *counted = FALSE;
  r = pm_core_open (core_path, options->exe, &core, message, sizeof message);
  if (r < 0)
    {
      g_set_error (error, PM_ERROR, r == -ENOENT ? PM_ERROR_NOT_FOUND : PM_ERROR_CORRUPT,
                   "%s: %s", core_path, message);
      return NULL;
    }
  facts = pm_core_get_facts (core);
  /* Named as a live crash of the same program is (pm-crash-report.h). */
  app_name = pm_crash_report_app_name (facts->exe_path[0] ? facts->exe_path : facts->comm);
  if (pm_store_is_app_excluded (store, app_name))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_EXCLUDED, "%s is excluded from reporting", app_name);
      goto out;
    }
  consent = pm_settings_get_consent (pm_store_get_settings (store), app_name);
  draft = pm_store_begin_report (store, error);
  if (draft == NULL)
    goto out;
  dump_name = options->type == PM_DUMPER_TYPE_HEAP ? "memory.hdmp" : "minidump.mdmp";
  fd = pm_report_draft_create_file (draft, dump_name, error);
  if (fd < 0)
    goto out;
  /* The environment only where the user's consent covers all data. */
  r = pm_core_dump (core, options->type, consent == PM_CONSENT_ALL_DATA, fd, result, message, sizeof message);
  close (fd);
  if (r < 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "%s: %s", core_path, message);
      goto out;
    }
  pm_report_draft_add_file (draft, dump_name,
                            options->type == PM_DUMPER_TYPE_HEAP ? "HeapDump"
                            : options->type == PM_DUMPER_TYPE_MICRO ? "MicroDump"
                            : options->type == PM_DUMPER_TYPE_TRIAGE ? "TriageDump" : "MiniDump", 0);
  {
    g_autofree char *stack = pm_crash_report_stack_signature (draft, dump_name);
    PmCrashFacts crash = { app_name, facts->exe_path, facts->signal, facts->si_code, facts->fault_address,
                           facts->pid, facts->crash_tid, options->type, result, stack };

    pm_crash_report_describe (draft, &crash);
  }
  {
    g_autoptr(PmPackage) package = pm_package_lookup (facts->exe_path, options->flatpak_app, 0);
    g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

    pm_package_add_values (package, pairs);
    for (guint i = 0; i + 1 < pairs->len; i += 2)
      pm_report_draft_set (draft, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
  }
  pm_report_draft_set (draft, "Postmortem.Source", "core");
  if (options->event_time_us > 0)
    {
      /* EventTime is a Windows FILETIME: 100 ns ticks since 1601. */
      g_autofree char *ft = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             options->event_time_us * 10 + G_GUINT64_CONSTANT (116444736000000000));
      pm_report_draft_set (draft, "EventTime", ft);
    }
  for (guint i = 0; options->extra != NULL && options->extra[i] != NULL && options->extra[i + 1] != NULL; i += 2)
    pm_report_draft_set (draft, options->extra[i], options->extra[i + 1]);
  key = pm_store_publish_report (store, draft, error);
  if (key != NULL && counted != NULL)
    *counted = !g_str_has_suffix (key, pm_report_draft_get_id (draft));

out:
  pm_core_free (core);
  return key;
}
