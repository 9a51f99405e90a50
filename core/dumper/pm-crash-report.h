/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-report.h — the Report.wer values that describe a crash dumped
 * by the dumper: event type, the WER signature (Sig[0..8]), the system, the
 * registered metadata and the Postmortem.* facts.
 *
 * Runs in: postmortem-dumper's crash mode and postmortemctl / the listener
 * when they import cores (GLib and the store library allowed).
 *
 * One place for these keys, so a live crash and an imported core of the same
 * crash carry the same facts under the same names.
 */
#pragma once

#include <glib.h>

#include "pm-dumper.h"
#include "pm-store.h"

typedef struct
{
  const char         *app_name;
  const char         *app_path;
  int                 signal;
  int                 si_code;
  uint64_t            fault_address;
  pid_t               pid;
  pid_t               tid;
  PmDumperType        dump_type;
  const PmDumpResult *result;
  const char         *stack_signature;  /* pm_crash_report_stack_signature(), may be NULL */
} PmCrashFacts;

/* The stack signature (pm-crash-signature.h) of the dump @dump_name the draft holds:
 * module + offset of the first meaningful frames, never an absolute address. NULL when
 * the dump cannot be read. */
char *pm_crash_report_stack_signature (PmReportDraft *draft,
                                       const char    *dump_name);

/* The same for the thread @tid of the dump (a hang's hung thread). */
char *pm_crash_report_thread_signature (PmReportDraft *draft,
                                        const char    *dump_name,
                                        pid_t          tid);

/* Dumps process @pid as a triage dump "triage-PID.dmp" into the draft and lists it
 * (File[N] type TriageDump): an additional process of a crash, or a process a hung one
 * waits for. On failure, appends "triage dump of PID: why; " to @problems. */
gboolean pm_crash_report_add_triage_dump (PmReportDraft *draft,
                                          pid_t          pid,
                                          GString       *problems);

void pm_crash_report_describe (PmReportDraft      *draft,
                               const PmCrashFacts *facts);

/* What every report of a dumped process carries, crash or hang: AppName, AppPath, the
 * system (DynamicSig[1..2]), the registered metadata and restart command line
 * (Postmortem.RestartCommandLine/RestartFlags), Postmortem.Pid/Tid/DumpType/Threads
 * (and DumpNotes). pm_crash_report_describe() calls it; so does the hang report. */
void pm_crash_report_describe_process (PmReportDraft      *draft,
                                       const char         *app_name,
                                       const char         *app_path,
                                       pid_t               pid,
                                       pid_t               tid,
                                       PmDumperType        dump_type,
                                       const PmDumpResult *result);

/* Sets Sig[@index].Name and .Value (a NULL value is stored as ""). */
void pm_crash_report_set_sig (PmReportDraft *draft,
                              int            index,
                              const char    *name,
                              const char    *value);

/* Adds the program's package and version (pm-package.h) to the published
 * report key. Reads dpkg's file lists: call it off the crashed process's
 * clock. Failures are printed, not fatal. */
void pm_crash_report_add_package (PmStore    *store,
                                  const char *key,
                                  const char *exe,
                                  const char *flatpak_app);

/* The application name of a program at @path (its base name): as Report.wer stores it,
 * escaped when it is not valid UTF-8 or holds control characters. Exclusions, consent
 * and the report key use this name, so a live crash and an imported core of the same
 * program agree. */
char *pm_crash_report_app_name (const char *path);

/* How long process @pid has run, in whole seconds, from its start time in
 * /proc/PID/stat and CLOCK_BOOTTIME (WER restarts only a process that ran at
 * least 60 s; the report keeps it as Postmortem.RunTimeSeconds). FALSE when
 * it cannot be read. Call it while the process is known to be the crashed one
 * (it waits for the dumper). */
gboolean pm_crash_report_read_run_time (pid_t    pid,
                                        guint64 *seconds);

/* Postmortem.RunTimeSeconds (pm_crash_report_read_run_time()) and, when a restart is
 * registered, Postmortem.RestartDirectory (the working directory of @pid): what Reopen
 * needs besides the command line, for a crash or a hang. Call it while @pid is the
 * dumped process. */
void pm_crash_report_describe_run (PmReportDraft          *draft,
                                   pid_t                   pid,
                                   const PmRegistrations  *registrations);

/* "SIGSEGV", or "signal N" for a number without a name. */
const char *pm_crash_signal_name (int signal, char *buf, size_t size);
