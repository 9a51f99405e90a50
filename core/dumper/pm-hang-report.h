/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-report.h — the Report.wer values that describe a hang (WER's AppHangB1 event):
 * a process whose thread stopped responding, dumped live and left running.
 *
 * Runs in: postmortem-dumper's crash module in hang mode (started by libpostmortem's hang
 * watchdog) and `postmortemctl hang` (GLib and the store library allowed).
 *
 * WER's AppHangB1 parameters and ours:
 *   Sig[0] Application Name      P1, the program's base name
 *   Sig[1] Application Version   P2, "" (the package's version is added after publishing)
 *   Sig[2] Application Build-ID  P3 (WER: the link timestamp; an ELF build-id here, as the
 *                                crash report does)
 *   Sig[3] Hang Signature        P4, 4 hex digits, as WER's: a hash of Sig[5]
 *   Sig[4] Hang Type             P5, "0"; "1" when the wait chains lead into another
 *                                process (WER reports those as a cross-process hang)
 *   Sig[5] Hung Thread Stack     WER's "additional hang signature": module + offset of the
 *                                first meaningful frames of the hung thread
 *                                (pm-crash-signature.h), never an absolute address
 * The bucket hashes Sig[0..], so one hang in one place of one program is one bucket.
 * Postmortem.* facts: HungTid, HangTimeoutMs (the watchdog's), WaitChains (one-line JSON as
 * `postmortemctl wait-chain --json` prints it), HangRecovered (true|false, from the
 * watchdog), DetectedBy (watchdog|postmortemctl), plus what every report of a dumped
 * process carries (pm_crash_report_describe_process()).
 */
#pragma once

#include <glib.h>

#include "pm-dumper.h"
#include "pm-store.h"

#define PM_HANG_EVENT_TYPE "AppHangB1"

typedef struct
{
  const char         *app_name;
  const char         *app_path;
  pid_t               pid;
  pid_t               hung_tid;
  PmDumperType        dump_type;
  const PmDumpResult *result;
  const char         *stack_signature;   /* of the hung thread; may be NULL */
  const char         *wait_chains_json;  /* may be NULL */
  gboolean            cross_process;     /* the chains lead into another process */
  guint               timeout_ms;        /* the watchdog's timeout; 0 when not from a watchdog */
  const char         *detected_by;       /* "watchdog" or "postmortemctl" */
} PmHangFacts;

/* Sets EventType AppHangB1, Sig[0..5] and the Postmortem.* facts above (not HangRecovered:
 * see pm_hang_report_set_recovered()). */
void  pm_hang_report_describe      (PmReportDraft     *draft,
                                    const PmHangFacts *facts);

/* Postmortem.HangRecovered=true|false. */
void  pm_hang_report_set_recovered (PmReportDraft     *draft,
                                    gboolean           recovered);

/* The 4 hex digits of Sig[3] for a stack signature ("0000" for NULL or ""). */
char *pm_hang_signature_hash       (const char        *stack_signature);
