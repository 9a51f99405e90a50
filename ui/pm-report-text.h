/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-text.h — the words the application uses to describe a report.
 *
 * Runs in: the postmortem GUI process (any thread; pure functions).
 *
 * A report's Report.wer holds technical values (Sig[N], Postmortem.Signal,
 * EventTime). These helpers turn them into what a person reads first: the
 * signal's meaning in plain words, a one-line summary, a relative time.
 */
#pragma once

#include <gio/gio.h>
#include <gio/gdesktopappinfo.h>

#include "pm-report.h"

G_BEGIN_DECLS

/* The value of the signature parameter named @name ("Signal", "Fault Module Name"…), or NULL. */
const char *pm_report_find_signature      (PmReport    *report,
                                           const char  *name);
/* The signal's name ("SIGSEGV"), from Postmortem.Signal or the "Signal" parameter; NULL if unknown. */
const char *pm_report_get_signal_name     (PmReport    *report);
/* The application's name as people know it: its desktop file's name, else AppName, else the key. */
char       *pm_report_dup_display_name    (PmReport    *report);
/* Reads the system's desktop files once (any thread); later lookups are a hash lookup. */
void        pm_report_text_load_desktop_files (void);
/* The crashed program's desktop file (its Flatpak app's, else by executable path, else
 * by name), owned by the index; NULL if none. */
GDesktopAppInfo *pm_report_find_desktop_info (PmReport *report);
/* The application's icon from its desktop file, else a generic executable icon. */
GIcon      *pm_report_dup_app_icon        (PmReport    *report);
/* Whether the report is of a hang (EventType AppHang…: WER's AppHangB1 and its kin). */
gboolean    pm_report_is_hang             (PmReport    *report);
/* "gedit Quit Unexpectedly", or "gedit Stopped Responding" for a hang. */
char       *pm_report_dup_headline        (PmReport    *report,
                                           const char  *display_name);
/* What happened in plain words: the signal's meaning for a crash, "It stopped responding."
 * (and whether it went on, or deadlocked) for a hang; NULL when there is nothing plainer. */
const char *pm_report_describe_problem    (PmReport    *report);
/* "SIGSEGV in libfoo.so+0x1234", "Not responding in app+0x1234" (falls back to what is known). */
char       *pm_report_dup_summary         (PmReport    *report);
/* "It tried to use memory it does not own." for SIGSEGV; NULL for an unknown signal. */
const char *pm_signal_describe            (const char  *signal_name);
/* "Segmentation fault" for SIGSEGV; NULL for an unknown signal. */
const char *pm_signal_get_title           (const char  *signal_name);
/* A signal name for a number ("SIGSEGV" for 11) or a name passed through; NULL if unknown. */
const char *pm_signal_normalize           (const char  *value);
/* Whether a signal of that name and si_code (decimal text, may be NULL) carries a fault
 * address: SIGSEGV, SIGBUS, SIGILL and SIGFPE raised by the processor (si_code > 0). */
gboolean    pm_signal_has_fault_address   (const char  *signal_name,
                                           const char  *si_code);
/* "0x10" when the report's signal has a fault address (Postmortem.FaultAddress, or the
 * "Fault Address" parameter of older reports); NULL for SIGABRT, kill() and the like. */
const char *pm_report_get_fault_address   (PmReport    *report);
/* "app+0x11b9 libfoo.so.1+0x2a0" (the "Stack Signature" parameter, else
 * Postmortem.StackSignature); NULL when none was recorded. */
const char *pm_report_get_stack_signature (PmReport    *report);
/* The module of the stack signature's first frame ("app"), or NULL. */
char       *pm_report_dup_crash_module    (PmReport    *report);
/* What happened, in plain words: "Text Editor stopped working 5 minutes ago. It tried to
 * use memory it does not own. The problem is in libfoo.so, a library it uses." (the last
 * sentence only with a stack signature); for a hang, "Text Editor stopped responding 5
 * minutes ago." and whether it went on or deadlocked. @now may be NULL (the clock). */
char       *pm_report_dup_plain_sentence  (PmReport    *report,
                                           GDateTime   *now);
/* Now, local time, from the clock the tests may set (pm-report-text-private.h). */
GDateTime  *pm_clock_dup_now              (void);
/* "Just now", "5 minutes ago", "Yesterday", "3 days ago", else the date; @now may be NULL. */
char       *pm_format_relative_time       (GDateTime   *when,
                                           GDateTime   *now);
/* The same inside a sentence: "just now", "5 minutes ago", "yesterday", "on 8 May". */
char       *pm_format_relative_phrase     (GDateTime   *when,
                                           GDateTime   *now);
/* "5 December 2026, 08:35" in the locale's words (never the ambiguous "12/05/26"); NULL
 * for NULL. */
char       *pm_format_date_time           (GDateTime   *when);
/* "10,000" with the locale's digit grouping. */
char       *pm_format_count               (guint64      n);
/* "1.2 MB" style sizes. */
char       *pm_format_size                (guint64      size);

G_END_DECLS
