/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-hang.c — postmortemctl hang: an AppHangB1 report of a running process
 * that stopped responding, which goes on running afterwards.
 *
 * Runs in: postmortemctl, an ordinary process (GLib, the store, core/dumper).
 *
 *   postmortemctl hang PID [--tid TID] [--type micro|mini|heap]
 *
 * What WER does when a person closes a window that stopped responding, on
 * request: the wait chains of every thread of PID are read (what each waits
 * for, deadlocks), PID is dumped live with them (stream 0x504d0003) and let
 * go, every other process the chains lead into (and every additional
 * process PID registered) gets a triage dump in the same report, and the
 * report is published with EventType AppHangB1, the hung thread's signature
 * (TID, default the main thread; pm-hang-report.h) and
 * Postmortem.WaitChains. Registered files are not copied (the program is
 * still using them). Prints the report's key.
 * Exit status: 0 when published (or counted, or the application is
 * excluded: said on stderr), 1 when the process cannot be dumped or the
 * store refused the report, 2 for usage.
 */
#include "pm-config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-crash-report.h"
#include "pm-ctl.h"
#include "pm-dumper.h"
#include "pm-hang-report.h"
#include "pm-hang-wait-chains.h"
#include "pm-package.h"
#include "pm-store.h"

static gboolean
parse_id (const char *text,
          long       *out)
{
  char *end;

  errno = 0;
  *out = strtol (text, &end, 10);
  return errno == 0 && end != text && *end == '\0' && *out > 0 && *out <= G_MAXINT;
}

int
pm_ctl_hang (int argc, char **argv)
{
  g_autofree char *type_name = NULL;
  g_autofree char *tid_text = NULL;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "tid", 0, 0, G_OPTION_ARG_STRING, &tid_text, N_("The thread that stopped responding (default: the main thread)"), "TID" },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name, N_("Dump type: micro, mini (default) or heap"), "TYPE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "PID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PID");
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(PmHangWaitChains) chains = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree PmDumpResult *result = g_new0 (PmDumpResult, 1);
  g_autofree char *app_name = NULL;
  g_autofree char *stack = NULL;
  g_autofree char *key = NULL;
  g_autofree char *flatpak_app = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *task = NULL;
  PmReportDraft *draft = NULL;
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  PmDumpOptions options;
  const char *dump_name;
  char dump_error[512];
  long pid, tid;
  int fd, r, status = 1;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pm_ctl_usage ("hang", "%s", error->message);
  if (rest == NULL || rest[0] == NULL)
    return pm_ctl_usage ("hang", _("which process? Give its PID"));
  if (rest[1] != NULL)
    return pm_ctl_usage ("hang", _("one process at a time"));
  if (!parse_id (rest[0], &pid))
    return pm_ctl_usage ("hang", _("“%s” is not a process id"), rest[0]);
  tid = pid;
  if (tid_text != NULL && !parse_id (tid_text, &tid))
    return pm_ctl_usage ("hang", _("“%s” is not a thread id"), tid_text);
  if (type_name != NULL && (pm_dumper_type_from_string (type_name, &type) < 0 || type == PM_DUMPER_TYPE_TRIAGE))
    return pm_ctl_usage ("hang", _("unknown dump type “%s” (micro, mini or heap)"), type_name);
  if (pid == getpid ())
    return pm_ctl_fail (_("hang: cannot report postmortemctl itself"));
  task = g_strdup_printf ("/proc/%ld/task/%ld", pid, tid);
  if (!g_file_test (task, G_FILE_TEST_IS_DIR))
    return tid == pid ? pm_ctl_fail (_("hang: there is no process %ld"), pid)
                      : pm_ctl_fail (_("hang: process %ld has no thread %ld"), pid, tid);

  {
    g_autofree char *link = g_strdup_printf ("/proc/%ld/exe", pid);
    exe = g_file_read_link (link, NULL);
    if (exe == NULL)
      exe = g_strdup ("");
  }
  app_name = pm_crash_report_app_name (exe);

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  if (pm_store_is_app_excluded (store, app_name))
    {
      g_printerr (_("%s is excluded from reporting: no report\n"), app_name);
      return 0;
    }
  draft = pm_store_begin_report (store, &error);
  if (draft == NULL)
    return pm_ctl_fail ("%s", error->message);

  /* The chains first: the dump stops the threads, and a stopped thread waits for nothing. */
  chains = pm_hang_wait_chains_collect ((pid_t) pid, problems);

  pm_dump_options_init (&options, type);
  options.hung_tid = (pid_t) tid;
  options.wait_chains_json = pm_hang_wait_chains_get_json (chains);
  dump_name = type == PM_DUMPER_TYPE_HEAP ? "memory.hdmp" : "minidump.mdmp";
  fd = pm_report_draft_create_file (draft, dump_name, &error);
  if (fd < 0)
    {
      pm_ctl_fail ("%s", error->message);
      goto out;
    }
  r = pm_dump_process ((pid_t) pid, &options, fd, result, dump_error, sizeof dump_error);
  close (fd);
  if (r < 0)
    {
      pm_ctl_fail (_("hang: %s"), dump_error);
      goto out;
    }
  pm_report_draft_add_file (draft, dump_name,
                            type == PM_DUMPER_TYPE_HEAP ? "HeapDump" : type == PM_DUMPER_TYPE_MICRO ? "MicroDump" : "MiniDump", 0);
  for (uint32_t i = 0; i < result->registrations.n_processes; i++)
    if (result->registrations.processes[i].pid != (pid_t) pid)
      pm_crash_report_add_triage_dump (draft, result->registrations.processes[i].pid, problems);
  pm_hang_wait_chains_add_dumps (chains, draft, (pid_t) pid, result, problems);

  stack = pm_crash_report_thread_signature (draft, dump_name, (pid_t) tid);
  {
    PmHangFacts facts = { app_name, exe, (pid_t) pid, (pid_t) tid, type, result, stack,
                          pm_hang_wait_chains_get_json (chains),
                          pm_hang_wait_chains_is_cross_process (chains), 0, "postmortemctl" };

    pm_hang_report_describe (draft, &facts);
  }
  if (problems->len > 0)
    {
      g_strdelimit (problems->str, "\r\n\t", ' ');
      pm_report_draft_set (draft, "Postmortem.AttachmentProblems", problems->str);
      g_printerr (_("hang: %s\n"), problems->str);
    }
  flatpak_app = pm_package_flatpak_app_of_process ((pid_t) pid);

  g_clear_error (&error);
  key = pm_store_publish_report (store, draft, &error);
  if (key == NULL)
    {
      if (g_error_matches (error, PM_ERROR, PM_ERROR_EXCLUDED))
        {
          g_printerr ("%s\n", error->message);
          status = 0;
        }
      else
        pm_ctl_fail ("%s", error->message);
      goto out;
    }
  /* The key as soon as the report is in the queue; the package lookup that follows reads
   * dpkg's file lists, which can take seconds for a program no package holds. */
  g_print ("%s\n", key);
  fflush (stdout);
  if (g_str_has_suffix (key, pm_report_draft_get_id (draft)))
    pm_crash_report_add_package (store, key, exe, flatpak_app);
  else
    g_printerr (_("the same hang as a queued report: counted there\n"));
  status = 0;

out:
  pm_report_draft_free (draft);
  return status;
}
