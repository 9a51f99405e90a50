/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-report.c — the Report.wer values of a hang (see pm-hang-report.h).
 *
 * Runs in: postmortem-dumper's crash module in hang mode and postmortemctl (GLib and the
 * store library allowed).
 */
#include "pm-config.h"

#include "pm-hang-report.h"

#include <stdio.h>

#include "pm-crash-report.h"

char *
pm_hang_signature_hash (const char *stack_signature)
{
  g_autofree char *sum = NULL;

  if (stack_signature == NULL || stack_signature[0] == '\0')
    return g_strdup ("0000");
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, stack_signature, -1);
  return g_strndup (sum, 4);
}

void
pm_hang_report_describe (PmReportDraft     *draft,
                         const PmHangFacts *facts)
{
  g_autofree char *hash = pm_hang_signature_hash (facts->stack_signature);
  char buf[32];

  pm_report_draft_set (draft, "EventType", PM_HANG_EVENT_TYPE);
  pm_crash_report_set_sig (draft, 0, "Application Name", facts->app_name);
  pm_crash_report_set_sig (draft, 1, "Application Version", "");
  pm_crash_report_set_sig (draft, 2, "Application Build-ID", facts->result->app_build_id);
  pm_crash_report_set_sig (draft, 3, "Hang Signature", hash);
  pm_crash_report_set_sig (draft, 4, "Hang Type", facts->cross_process ? "1" : "0");
  pm_crash_report_set_sig (draft, 5, "Hung Thread Stack", facts->stack_signature);

  pm_crash_report_describe_process (draft, facts->app_name, facts->app_path, facts->pid,
                                    facts->hung_tid, facts->dump_type, facts->result);
  snprintf (buf, sizeof buf, "%d", (int) facts->hung_tid);
  pm_report_draft_set (draft, "Postmortem.HungTid", buf);
  if (facts->timeout_ms > 0)
    {
      snprintf (buf, sizeof buf, "%u", facts->timeout_ms);
      pm_report_draft_set (draft, "Postmortem.HangTimeoutMs", buf);
    }
  if (facts->detected_by != NULL)
    pm_report_draft_set (draft, "Postmortem.DetectedBy", facts->detected_by);
  if (facts->wait_chains_json != NULL)
    pm_report_draft_set (draft, "Postmortem.WaitChains", facts->wait_chains_json);
}

void
pm_hang_report_set_recovered (PmReportDraft *draft,
                              gboolean       recovered)
{
  pm_report_draft_set (draft, "Postmortem.HangRecovered", recovered ? "true" : "false");
}
