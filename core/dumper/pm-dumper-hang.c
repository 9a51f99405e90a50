/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-hang.c — hang mode: dump a process whose thread stopped sending heartbeats,
 * let it go on, wait to hear whether it recovered, then publish an AppHangB1 report
 * (pm-hang-report.h) saying so.
 *
 * Runs in: postmortem-dumper's crash module, an ordinary process started by the hang
 * watchdog thread of libpostmortem (GLib and the store library allowed). The process is
 * stopped only while pm_dump_process() runs; the status byte goes back as soon as it
 * runs again. The report is published when the outcome is known, so a hang that
 * recovers a moment later is not announced as a program that stopped for good.
 */
#include "pm-config.h"

#include "pm-dumper-hang.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "pm-crash-report.h"
#include "pm-hang-report.h"
#include "pm-hang-wait-chains.h"
#include "pm-package.h"
#include "postmortem.h"

/* One byte from the watchdog within @max_ms: the byte, -1 when nothing came in time,
 * -2 when the socket closed (the process is gone). */
static int
read_byte (int   fd,
           guint max_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) max_ms * 1000;

  for (;;)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      guint8 byte;
      ssize_t n;

      if (left <= 0)
        return -1;
      if (poll (&p, 1, (int) left) < 0)
        {
          if (errno == EINTR)
            continue;
          return -2;
        }
      n = read (fd, &byte, 1);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      return n == 1 ? byte : -2;
    }
}

/* Step 6b: the recovery callback's outcome as Postmortem.RecoveryFinished, or NULL
 * (none ran, or the process is gone). */
static const char *
read_recovery_outcome (int fd)
{
  switch (read_byte (fd, PM_RECOVERY_MAX_TIME_MS + PM_CRASH_HANG_RECOVERY_SLACK_MS))
    {
    case PM_CRASH_HANG_RECOVERY_FINISHED:
      return "true";
    case PM_CRASH_HANG_RECOVERY_FAILED:
      return "false";
    case PM_CRASH_HANG_RECOVERY_TIMEOUT:
    case -1:
      return "timeout";
    default:
      return NULL;
    }
}

int
pm_dumper_hang_main (int                fd,
                     const PmCrashInfo *info)
{
  g_autofree PmDumpResult *result = g_new0 (PmDumpResult, 1);
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *flatpak_app = NULL;
  g_autofree char *stack = NULL;
  g_autoptr(PmHangWaitChains) chains = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  PmReportDraft *draft = NULL;
  PmCrashStatus status = PM_CRASH_STATUS_DUMP_FAILED;
  PmCrashHangInfo hang;
  PmConsentLevel consent;
  PmDumpOptions options;
  const char *dump_name;
  char exe[4096], dump_error[512];
  gboolean recovered;
  ssize_t n;
  int dump_fd, r, outcome;

  /* A person kills a hung program: its report must still be published. */
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  memcpy (&hang, info->siginfo, sizeof hang);

  {
    char link[64];
    snprintf (link, sizeof link, "/proc/%d/exe", (int) info->pid);
    n = readlink (link, exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
  }
  app_name = pm_crash_report_app_name (exe);

  store = info->store_path[0] ? pm_store_open (info->store_path, &error) : pm_store_open_default (&error);
  if (store == NULL)
    {
      g_printerr ("postmortem-dumper: cannot open the report store: %s\n", error->message);
      status = PM_CRASH_STATUS_STORE_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  if (pm_store_is_app_excluded (store, app_name))
    {
      status = PM_CRASH_STATUS_EXCLUDED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  consent = pm_settings_get_consent (pm_store_get_settings (store), app_name);
  draft = pm_store_begin_report (store, &error);
  if (draft == NULL)
    {
      g_printerr ("postmortem-dumper: cannot start a report: %s\n", error->message);
      status = PM_CRASH_STATUS_STORE_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }

  /* What the threads wait for, read before the dump stops them. */
  chains = pm_hang_wait_chains_collect (info->pid, problems);

  pm_dump_options_init (&options, (PmDumperType) info->dump_type);
  options.hung_tid = info->tid;
  options.registration_table_address = info->registration_table_address;
  options.include_environ = (info->flags & PM_CRASH_INFO_FLAG_ENVIRON) && consent == PM_CONSENT_ALL_DATA;
  options.wait_chains_json = pm_hang_wait_chains_get_json (chains);

  dump_name = info->dump_type == PM_DUMPER_TYPE_HEAP ? "memory.hdmp" : "minidump.mdmp";
  dump_fd = pm_report_draft_create_file (draft, dump_name, &error);
  if (dump_fd < 0)
    {
      g_printerr ("postmortem-dumper: cannot create the dump file: %s\n", error->message);
      status = PM_CRASH_STATUS_STORE_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  r = pm_dump_process (info->pid, &options, dump_fd, result, dump_error, sizeof dump_error);
  close (dump_fd);
  if (r < 0)
    {
      g_printerr ("postmortem-dumper: %s\n", dump_error);
      status = PM_CRASH_STATUS_DUMP_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  /* The process runs again: the watchdog may watch for its recovery meanwhile. */
  pm_dumper_send_status (fd, PM_CRASH_STATUS_HANG_DUMPED);
  pm_report_draft_add_file (draft, dump_name, pm_dumper_dump_file_type ((PmDumperType) info->dump_type), 0);
  /* Its run time and working directory, for Reopen (RESTART_NO_HANG aside). */
  pm_crash_report_describe_run (draft, info->pid, &result->registrations);

  /* Registered additional processes and the processes the chains lead into: a triage
   * dump each. */
  for (uint32_t i = 0; i < result->registrations.n_processes; i++)
    if (result->registrations.processes[i].pid != info->pid)
      pm_crash_report_add_triage_dump (draft, result->registrations.processes[i].pid, problems);
  pm_hang_wait_chains_add_dumps (chains, draft, info->pid, result, problems);
  for (uint32_t i = 0; i < result->registrations.n_files; i++)
    pm_dumper_attach_file (draft, &result->registrations.files[i], i, problems);

  stack = pm_crash_report_thread_signature (draft, dump_name, info->tid);
  {
    PmHangFacts facts = { app_name, exe, info->pid, info->tid, (PmDumperType) info->dump_type, result,
                          stack, pm_hang_wait_chains_get_json (chains),
                          pm_hang_wait_chains_is_cross_process (chains), hang.timeout_ms, "watchdog" };

    pm_hang_report_describe (draft, &facts);
  }
  flatpak_app = pm_package_flatpak_app_of_process (info->pid);   /* while it still exists */

  /* Step 6; the socket closing or nothing in time: not recovered. */
  outcome = read_byte (fd, PM_CRASH_HANG_OUTCOME_MAX_MS);
  recovered = outcome == PM_CRASH_HANG_RECOVERED;
  pm_hang_report_set_recovered (draft, recovered);
  if (outcome == PM_CRASH_HANG_NOT_RECOVERED && (info->flags & PM_CRASH_INFO_FLAG_RECOVERY) &&
      result->registrations.has_recovery)
    {
      const char *recovery = read_recovery_outcome (fd);

      if (recovery != NULL)
        pm_report_draft_set (draft, "Postmortem.RecoveryFinished", recovery);
    }
  if (problems->len > 0)
    {
      g_strdelimit (problems->str, "\r\n\t", ' ');
      pm_report_draft_set (draft, "Postmortem.AttachmentProblems", problems->str);
    }

  g_clear_error (&error);
  key = pm_store_publish_report (store, draft, &error);
  if (key == NULL)
    {
      g_printerr ("postmortem-dumper: cannot publish the hang report: %s\n", error->message);
      status = g_error_matches (error, PM_ERROR, PM_ERROR_EXCLUDED) ? PM_CRASH_STATUS_EXCLUDED
                                                                   : PM_CRASH_STATUS_STORE_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  status = g_str_has_suffix (key, pm_report_draft_get_id (draft)) ? PM_CRASH_STATUS_PUBLISHED
                                                                   : PM_CRASH_STATUS_COUNTED;
  pm_dumper_send_status (fd, status);
  g_printerr ("postmortem-dumper: hang report %s %s (%s)\n", key,
              status == PM_CRASH_STATUS_PUBLISHED ? "queued" : "counted (same hang as a queued report)",
              recovered ? "recovered" : "not recovered");
  if (status == PM_CRASH_STATUS_PUBLISHED)
    pm_crash_report_add_package (store, key, exe, flatpak_app);
  /* As for a crash, but only for a hang that did not end: a program that went on
   * needs no window about it now. */
  if ((info->flags & PM_CRASH_INFO_FLAG_LAUNCH_APP) && consent == PM_CONSENT_ALWAYS_ASK &&
      status == PM_CRASH_STATUS_PUBLISHED && !recovered)
    pm_dumper_launch_application (key);

out:
  if (draft != NULL)
    pm_report_draft_free (draft);
  return status == PM_CRASH_STATUS_PUBLISHED || status == PM_CRASH_STATUS_COUNTED ||
         status == PM_CRASH_STATUS_EXCLUDED ? 0 : 1;
}
