/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-crash.c — crash mode: validate the handler's PmCrashInfo, dump
 * the crashed process with the crashing thread's own registers, add the
 * registered files and the additional processes' triage dumps, publish the
 * report into the store, answer with one status byte. A PmCrashInfo flagged
 * PM_CRASH_INFO_FLAG_HANG goes to hang mode instead (pm-dumper-hang.c).
 *
 * Runs in: postmortem-dumper, an ordinary process started by the crash
 * handler of a crashing application (GLib and the store library allowed).
 * The crashed process waits in its handler meanwhile, so everything here is
 * on the clock: no work that can wait is done before the status byte.
 */
#include "pm-config.h"

#include "pm-dumper-crash.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "pm-crash-info.h"
#include "pm-crash-report.h"
#include "pm-dumper.h"
#include "pm-dumper-hang.h"
#include "pm-dumper-recovery.h"
#include "pm-package.h"
#include "pm-store.h"
#include "postmortem.h"

#define READ_TIMEOUT_MS        5000
#define MAX_ATTACHED_FILE      (256u << 20)

static int
read_info (int          fd,
           PmCrashInfo *info)
{
  size_t got = 0;
  gint64 deadline = g_get_monotonic_time () + READ_TIMEOUT_MS * 1000;

  while (got < sizeof *info)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0)
        return -ETIMEDOUT;
      if (poll (&p, 1, (int) left) < 0)
        {
          if (errno == EINTR)
            continue;
          return -errno;
        }
      n = read (fd, (char *) info + got, sizeof *info - got);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return -EPIPE;
      got += (size_t) n;
    }
  return 0;
}

static gboolean
has_nul (const char *buf,
         size_t      size)
{
  return memchr (buf, '\0', size) != NULL;
}

/* Everything the handler sent is checked before use: it comes from a
 * process that just crashed, and the socket could have another peer. */
static const char *
validate_info (int                fd,
               const PmCrashInfo *info)
{
  struct ucred cred;
  socklen_t len = sizeof cred;

  if (memcmp (info->magic, PM_CRASH_INFO_MAGIC, sizeof info->magic) != 0)
    return "bad magic";
  if (info->version != PM_CRASH_INFO_VERSION)
    return "unknown version";
  if (info->size != sizeof *info)
    return "wrong size";
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return "the crash info fd is not a socket";
  if (cred.pid != info->pid)
    return "the sender is not the crashed process";
  if (cred.uid != getuid () && getuid () != 0)
    return "the sender belongs to another user";
  if (info->pid <= 0 || info->tid <= 0)
    return "bad pid or tid";
  if ((info->flags & PM_CRASH_INFO_FLAG_HANG) ? info->signal != 0 : (info->signal <= 0 || info->signal >= NSIG))
    return "bad signal number";
  if (info->dump_type < PM_DUMPER_TYPE_MICRO || info->dump_type > PM_DUMPER_TYPE_TRIAGE)
    return "bad dump type";
  if (!has_nul (info->store_path, sizeof info->store_path))
    return "store path without a terminating NUL";
  return NULL;
}

void
pm_dumper_send_status (int           fd,
                       PmCrashStatus status)
{
  uint8_t byte = (uint8_t) status;

  while (write (fd, &byte, 1) < 0 && errno == EINTR)
    ;
}

const char *
pm_dumper_dump_file_type (PmDumperType type)
{
  switch (type)
    {
    case PM_DUMPER_TYPE_HEAP: return "HeapDump";
    case PM_DUMPER_TYPE_TRIAGE: return "TriageDump";
    case PM_DUMPER_TYPE_MICRO: return "MicroDump";
    case PM_DUMPER_TYPE_MINI:
    default: return "MiniDump";
    }
}

/* Copies a registered file into the report. The path comes from the crashed
 * process: open it without following a final symlink and without blocking,
 * and copy only a regular file. */
gboolean
pm_dumper_attach_file (PmReportDraft          *draft,
                       const PmRegisteredFile *file,
                       guint                   index,
                       GString                *problems)
{
  g_autofree char *base = g_path_get_basename (file->path);
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  char buf[65536];
  guint64 copied = 0;
  int in, out;

  in = open (file->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (in < 0)
    {
      g_string_append_printf (problems, "%s: %s; ", file->path, g_strerror (errno));
      return FALSE;
    }
  if (fstat (in, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_string_append_printf (problems, "%s: not a regular file; ", file->path);
      close (in);
      return FALSE;
    }
  name = g_strdup_printf ("file%u-%s", index, base);
  if (!pm_store_name_is_valid (name))
    {
      g_free (name);
      name = g_strdup_printf ("file%u", index);
    }
  out = pm_report_draft_create_file (draft, name, &error);
  if (out < 0)
    {
      g_string_append_printf (problems, "%s: %s; ", file->path, error->message);
      close (in);
      return FALSE;
    }
  for (;;)
    {
      ssize_t n = read (in, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || write (out, buf, (size_t) n) != n)
        break;
      copied += (guint64) n;
      if (copied >= MAX_ATTACHED_FILE)
        {
          g_string_append_printf (problems, "%s: cut at %u bytes; ", file->path, MAX_ATTACHED_FILE);
          break;
        }
    }
  close (out);
  pm_report_draft_add_file (draft, name, file->file_type == PM_FILE_TYPE_USER_DOCUMENT ? "UserDocument" : "Other", file->flags);
  /* PM_FILE_FLAG_DELETE_WHEN_DONE (WER_FILE_DELETE_WHEN_DONE): the file is
   * in the report now. Only the file we copied is removed: if the path was
   * replaced meanwhile, it names another file and stays. */
  if (file->flags & PM_FILE_FLAG_DELETE_WHEN_DONE)
    {
      struct stat now;

      if (lstat (file->path, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino)
        unlink (file->path);
    }
  close (in);
  return TRUE;
}

void
pm_dumper_launch_application (const char *key)
{
  const char *argv[] = { "postmortem", "--report", key, NULL };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      (GSpawnChildSetupFunc) (void (*) (void)) setsid, NULL, NULL, &error))
    g_printerr ("postmortem-dumper: cannot start the application for report %s: %s\n", key, error->message);
}

int
pm_dumper_crash_main (int fd)
{
  PmCrashInfo *info = g_new0 (PmCrashInfo, 1);
  PmDumpResult *result = g_new0 (PmDumpResult, 1);
  PmDumpOptions options;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *flatpak_app = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  PmReportDraft *draft = NULL;
  PmCrashStatus status = PM_CRASH_STATUS_DUMP_FAILED;
  PmConsentLevel consent;
  const char *why, *dump_name;
  char exe[4096], dump_error[512];
  siginfo_t si;
  ssize_t n;
  int dump_fd = -1, r;

  if ((r = read_info (fd, info)) < 0)
    {
      g_printerr ("postmortem-dumper: cannot read the crash info: %s\n", g_strerror (-r));
      pm_dumper_send_status (fd, PM_CRASH_STATUS_BAD_INFO);
      goto out;
    }
  if ((why = validate_info (fd, info)) != NULL)
    {
      g_printerr ("postmortem-dumper: refusing the crash info: %s\n", why);
      status = PM_CRASH_STATUS_BAD_INFO;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  if (info->flags & PM_CRASH_INFO_FLAG_HANG)
    {
      int code = pm_dumper_hang_main (fd, info);

      g_free (info);
      g_free (result);
      close (fd);
      return code;
    }

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

  memcpy (&si, info->siginfo, sizeof si < sizeof info->siginfo ? sizeof si : sizeof info->siginfo);
  pm_dump_options_init (&options, (PmDumperType) info->dump_type);
  options.crash_tid = info->tid;
  options.signal = info->signal;
  options.si_code = si.si_code;
  options.fault_address = info->fault_address;
  options.crash_context = &info->context;
  options.crash_info_flags = info->flags;
  options.registration_table_address = info->registration_table_address;
  /* The environment only when the application asks for it and the user's
   * consent for this application covers all data. */
  options.include_environ = (info->flags & PM_CRASH_INFO_FLAG_ENVIRON) && consent == PM_CONSENT_ALL_DATA;

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
  pm_report_draft_add_file (draft, dump_name, pm_dumper_dump_file_type ((PmDumperType) info->dump_type), 0);

  /* Its run time (measured now: it waits for us) and working directory, for Reopen. */
  pm_crash_report_describe_run (draft, info->pid, &result->registrations);

  /* The application's recovery callback runs now, before the registered
   * files are attached (it may write one) and before the report is
   * published, so the report says how it ended (pm-dumper-recovery.h). */
  if ((info->flags & PM_CRASH_INFO_FLAG_RECOVERY) && result->registrations.has_recovery)
    pm_report_draft_set (draft, "Postmortem.RecoveryFinished",
                         pm_dumper_watch_recovery (fd, info->pid, info->tid, info->signal,
                                                   result->registrations.recovery_ping_interval_ms));

  /* Additional processes: one triage dump each, in the same report. */
  for (uint32_t i = 0; i < result->registrations.n_processes; i++)
    if (result->registrations.processes[i].pid != info->pid)
      pm_crash_report_add_triage_dump (draft, result->registrations.processes[i].pid, problems);
  for (uint32_t i = 0; i < result->registrations.n_files; i++)
    pm_dumper_attach_file (draft, &result->registrations.files[i], i, problems);

  /* Report.wer */
  {
    g_autofree char *stack = pm_crash_report_stack_signature (draft, dump_name);
    PmCrashFacts facts = { app_name, exe, info->signal, si.si_code, info->fault_address,
                           info->pid, info->tid, (PmDumperType) info->dump_type, result,
                           stack };

    pm_crash_report_describe (draft, &facts);
    if (problems->len > 0)
      {
        /* Report.wer values are one line without control characters. */
        g_strdelimit (problems->str, "\r\n\t", ' ');
        pm_report_draft_set (draft, "Postmortem.AttachmentProblems", problems->str);
      }
  }

  g_clear_error (&error);
  key = pm_store_publish_report (store, draft, &error);
  if (key == NULL)
    {
      g_printerr ("postmortem-dumper: cannot publish the report: %s\n", error->message);
      status = g_error_matches (error, PM_ERROR, PM_ERROR_EXCLUDED) ? PM_CRASH_STATUS_EXCLUDED
                                                                   : PM_CRASH_STATUS_STORE_FAILED;
      pm_dumper_send_status (fd, status);
      goto out;
    }
  status = g_str_has_suffix (key, pm_report_draft_get_id (draft)) ? PM_CRASH_STATUS_PUBLISHED
                                                                   : PM_CRASH_STATUS_COUNTED;
  flatpak_app = pm_package_flatpak_app_of_process (info->pid);   /* while it still exists */
  pm_dumper_send_status (fd, status);
  /* The crashed process goes on to die now; what follows is not on its clock. */
  g_printerr ("postmortem-dumper: crash report %s %s\n", key,
              status == PM_CRASH_STATUS_PUBLISHED ? "queued" : "counted (same crash as a queued report)");
  if (status == PM_CRASH_STATUS_PUBLISHED)
    pm_crash_report_add_package (store, key, exe, flatpak_app);
  if ((info->flags & PM_CRASH_INFO_FLAG_LAUNCH_APP) && consent == PM_CONSENT_ALWAYS_ASK &&
      status == PM_CRASH_STATUS_PUBLISHED)
    pm_dumper_launch_application (key);

out:
  if (draft != NULL)
    pm_report_draft_free (draft);
  g_free (info);
  g_free (result);
  close (fd);
  return status == PM_CRASH_STATUS_PUBLISHED || status == PM_CRASH_STATUS_COUNTED ||
         status == PM_CRASH_STATUS_EXCLUDED ? 0 : 1;
}
