/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-report.c — the Report.wer values of a dumped crash (see
 * pm-crash-report.h).
 *
 * Runs in: postmortem-dumper's crash mode, postmortemctl and the listener
 * (GLib and the store library allowed).
 */
#include "pm-crash-report.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pm-crash-signature.h"
#include "pm-package.h"
#include "pm-text.h"
#include "pm-wer-file.h"
#include "postmortem.h"

const char *
pm_crash_signal_name (int    sig,
                      char  *buf,
                      size_t size)
{
  const char *abbrev = sigabbrev_np (sig);

  if (abbrev != NULL)
    snprintf (buf, size, "SIG%s", abbrev);
  else
    snprintf (buf, size, "signal %d", sig);
  return buf;
}

static char *
os_pretty_name (void)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/etc/os-release", &text, NULL, NULL) ||
      g_file_get_contents ("/usr/lib/os-release", &text, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "PRETTY_NAME="))
          {
            char *v = g_shell_unquote (lines[i] + 12, NULL);
            if (v != NULL && g_utf8_validate (v, -1, NULL))
              return v;
            g_free (v);
          }
    }
  return g_strdup ("Linux");
}

char *
pm_crash_report_app_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path[0] ? path : "unknown");

  /* A program's name can hold any byte but "/". */
  return pm_wer_file_value_is_valid (base) ? g_steal_pointer (&base) : pm_text_escape_untrusted (base, -1);
}

char *
pm_crash_report_stack_signature (PmReportDraft *draft,
                                 const char    *dump_name)
{
  int fd = openat (pm_report_draft_get_dir_fd (draft), dump_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  PmMinidump *md;
  PmMdError md_error;
  char *signature;

  if (fd < 0)
    return NULL;
  md = pm_minidump_open_fd (fd, &md_error);
  close (fd);
  if (md == NULL)
    return NULL;
  signature = pm_crash_signature_compute (md);
  pm_minidump_close (md);
  return signature;
}

static void
set_sig (PmReportDraft *draft,
         int            index,
         const char    *name,
         const char    *value)
{
  char key[32];

  snprintf (key, sizeof key, "Sig[%d].Name", index);
  pm_report_draft_set (draft, key, name);
  snprintf (key, sizeof key, "Sig[%d].Value", index);
  pm_report_draft_set (draft, key, value ? value : "");
}

void
pm_crash_report_set_sig (PmReportDraft *draft,
                         int            index,
                         const char    *name,
                         const char    *value)
{
  set_sig (draft, index, name, value);
}

void
pm_crash_report_describe (PmReportDraft      *draft,
                          const PmCrashFacts *facts)
{
  const PmDumpResult *r = facts->result;
  char sig_buf[32], buf[64];
  g_autofree char *fault_module = r->fault_module_path[0]
                                  ? g_path_get_basename (r->fault_module_path) : g_strdup ("unknown");
  g_autofree char *offset = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", (guint64) r->fault_module_offset);
  g_autofree char *address = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", (guint64) facts->fault_address);

  pm_report_draft_set (draft, "EventType", "APPCRASH");
  set_sig (draft, 0, "Application Name", facts->app_name);
  set_sig (draft, 1, "Application Version", "");
  set_sig (draft, 2, "Application Build-ID", r->app_build_id);
  set_sig (draft, 3, "Fault Module Name", fault_module);
  set_sig (draft, 4, "Fault Module Version", "");
  set_sig (draft, 5, "Fault Module Build-ID", r->fault_module_build_id);
  set_sig (draft, 6, "Signal", pm_crash_signal_name (facts->signal, sig_buf, sizeof sig_buf));
  set_sig (draft, 7, "Offset In Module", offset);
  /* Sig[N] make the bucket: module + offset only, never an absolute address. */
  set_sig (draft, 8, "Stack Signature", facts->stack_signature != NULL ? facts->stack_signature : "");
  pm_report_draft_set (draft, "Postmortem.FaultAddress", address);

  pm_crash_report_describe_process (draft, facts->app_name, facts->app_path, facts->pid, facts->tid,
                                    facts->dump_type, r);
  pm_report_draft_set (draft, "Postmortem.Signal", sig_buf);
  snprintf (buf, sizeof buf, "%d", facts->si_code);
  pm_report_draft_set (draft, "Postmortem.SignalCode", buf);
}

void
pm_crash_report_describe_process (PmReportDraft      *draft,
                                  const char         *app_name,
                                  const char         *app_path,
                                  pid_t               pid,
                                  pid_t               tid,
                                  PmDumperType        dump_type,
                                  const PmDumpResult *r)
{
  char buf[64];
  g_autofree char *os = os_pretty_name ();
  struct { char release[65]; } u = { "" };
  int kfd;

  pm_report_draft_set (draft, "AppName", app_name);
  pm_report_draft_set (draft, "AppPath", app_path);
  if (!pm_wer_file_value_is_valid (app_path))
    {
      /* AppPath is stored escaped for people; the exact bytes stay here, to find the
       * program again. */
      g_autofree char *raw = g_base64_encode ((const guchar *) app_path, strlen (app_path));
      pm_report_draft_set (draft, "AppPath.Base64", raw);
    }

  kfd = open ("/proc/sys/kernel/osrelease", O_RDONLY | O_CLOEXEC);
  if (kfd >= 0)
    {
      ssize_t k = read (kfd, u.release, sizeof u.release - 1);
      u.release[k > 0 ? k : 0] = '\0';
      g_strchomp (u.release);
      close (kfd);
    }
  pm_report_draft_set (draft, "DynamicSig[1].Name", "OS Name");
  pm_report_draft_set (draft, "DynamicSig[1].Value", os);
  pm_report_draft_set (draft, "DynamicSig[2].Name", "OS Version");
  pm_report_draft_set (draft, "DynamicSig[2].Value", u.release);

  for (uint32_t i = 0; i < r->registrations.n_metadata; i++)
    {
      char k[48];
      const PmRegisteredMetadata *m = &r->registrations.metadata[i];

      /* Read from the crashed process: anything odd is stored escaped by the draft. */
      snprintf (k, sizeof k, "Metadata[%u].Key", i);
      pm_report_draft_set (draft, k, m->key);
      snprintf (k, sizeof k, "Metadata[%u].Value", i);
      pm_report_draft_set (draft, k, m->value);
    }

  if (r->registrations.has_restart)
    {
      /* Checked when registered; read from the dumped process, so the draft
       * escapes anything odd. */
      pm_report_draft_set (draft, "Postmortem.RestartCommandLine", r->registrations.restart_command_line);
      snprintf (buf, sizeof buf, "%u", r->registrations.restart_flags);
      pm_report_draft_set (draft, "Postmortem.RestartFlags", buf);
    }

  /* Where the program wants its reports (checked again by whoever sends: it was read
   * from the crashed process). */
  if (r->registrations.crash_server[0] != '\0')
    pm_report_draft_set (draft, "Postmortem.CrashServer", r->registrations.crash_server);

  snprintf (buf, sizeof buf, "%d", (int) pid);
  pm_report_draft_set (draft, "Postmortem.Pid", buf);
  snprintf (buf, sizeof buf, "%d", (int) tid);
  pm_report_draft_set (draft, "Postmortem.Tid", buf);
  pm_report_draft_set (draft, "Postmortem.DumpType", pm_dumper_type_to_string (dump_type));
  snprintf (buf, sizeof buf, "%u", r->n_threads);
  pm_report_draft_set (draft, "Postmortem.Threads", buf);
  if (r->n_notes > 0)
    {
      snprintf (buf, sizeof buf, "%u", r->n_notes);
      pm_report_draft_set (draft, "Postmortem.DumpNotes", buf);
    }
}

gboolean
pm_crash_report_add_triage_dump (PmReportDraft *draft,
                                 pid_t          pid,
                                 GString       *problems)
{
  g_autofree PmDumpResult *result = g_new0 (PmDumpResult, 1);
  g_autofree char *name = g_strdup_printf ("triage-%d.dmp", (int) pid);
  g_autoptr(GError) error = NULL;
  PmDumpOptions options;
  char dump_error[512];
  gboolean ok = FALSE;
  int fd;

  pm_dump_options_init (&options, PM_DUMPER_TYPE_TRIAGE);
  options.skip_registrations = 1;
  fd = pm_report_draft_create_file (draft, name, &error);
  if (fd < 0)
    {
      g_string_append_printf (problems, "triage dump of %d: %s; ", (int) pid, error->message);
      return FALSE;
    }
  if (pm_dump_process (pid, &options, fd, result, dump_error, sizeof dump_error) == 0)
    {
      pm_report_draft_add_file (draft, name, "TriageDump", 0);
      ok = TRUE;
    }
  else
    {
      g_string_append_printf (problems, "triage dump of %d: %s; ", (int) pid, dump_error);
      unlinkat (pm_report_draft_get_dir_fd (draft), name, 0);
    }
  close (fd);
  return ok;
}

char *
pm_crash_report_thread_signature (PmReportDraft *draft,
                                  const char    *dump_name,
                                  pid_t          tid)
{
  int fd = openat (pm_report_draft_get_dir_fd (draft), dump_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  PmMinidump *md;
  PmMdError md_error;
  char *signature;

  if (fd < 0)
    return NULL;
  md = pm_minidump_open_fd (fd, &md_error);
  close (fd);
  if (md == NULL)
    return NULL;
  signature = pm_crash_signature_compute_for_thread (md, (uint32_t) tid);
  pm_minidump_close (md);
  return signature;
}

void
pm_crash_report_add_package (PmStore    *store,
                             const char *key,
                             const char *exe,
                             const char *flatpak_app)
{
  g_autoptr(PmPackage) package = pm_package_lookup (exe, flatpak_app, 0);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  pm_package_add_values (package, pairs);
  if (pairs->len == 0)
    return;
  g_ptr_array_add (pairs, NULL);
  if (!pm_store_set_report_values (store, key, (const char * const *) pairs->pdata, &error))
    g_printerr ("postmortem-dumper: cannot add the package of %s to report %s: %s\n", exe, key, error->message);
}

gboolean
pm_crash_report_read_run_time (pid_t    pid,
                               guint64 *seconds)
{
  char path[64], text[1024];
  const char *p;
  unsigned long long start_ticks;
  struct timespec now;
  long ticks_per_s = sysconf (_SC_CLK_TCK);
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return FALSE;
  n = read (fd, text, sizeof text - 1);
  close (fd);
  if (n <= 0 || ticks_per_s <= 0)
    return FALSE;
  text[n] = '\0';
  /* The command name (field 2) may hold spaces and ')': fields 3.. follow
   * the last ')'. starttime is field 22, the 20th after it. */
  p = strrchr (text, ')');
  if (p == NULL)
    return FALSE;
  p++;
  for (int field = 3; field < 22; field++)
    {
      p = strchr (p + 1, ' ');
      if (p == NULL)
        return FALSE;
    }
  if (sscanf (p, " %llu", &start_ticks) != 1 || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return FALSE;
  {
    guint64 start_s = start_ticks / (unsigned long long) ticks_per_s;
    *seconds = (guint64) now.tv_sec > start_s ? (guint64) now.tv_sec - start_s : 0;
  }
  return TRUE;
}

void
pm_crash_report_describe_run (PmReportDraft          *draft,
                              pid_t                   pid,
                              const PmRegistrations  *registrations)
{
  guint64 run_time;

  if (pm_crash_report_read_run_time (pid, &run_time))
    {
      char text[32];
      snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, run_time);
      pm_report_draft_set (draft, "Postmortem.RunTimeSeconds", text);
    }
  /* Where a registered restart would start the program again. */
  if (registrations->has_restart)
    {
      char link[64], cwd[4096];
      ssize_t len;

      snprintf (link, sizeof link, "/proc/%d/cwd", (int) pid);
      len = readlink (link, cwd, sizeof cwd - 1);
      if (len > 0)
        {
          cwd[len] = '\0';
          pm_report_draft_set (draft, "Postmortem.RestartDirectory", cwd);
        }
    }
}
