/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-client-private.h — helpers shared by libpostmortem's own files; never
 * installed, never exported (the library builds with -fvisibility=hidden).
 *
 * Runs in: the application (ordinary context unless a function says otherwise).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "postmortem.h"
#include "pm-crash-info.h"   /* PmCrashInfo, PM_RECOVERY_PING_SLACK_MS */
#include "pm-registration-table.h"

/* The metadata rules of WerRegisterCustomMetadata (see postmortem.h). */
bool pm_metadata_key_is_valid   (const char *key);
bool pm_metadata_value_is_valid (const char *value);

/* What the installed crash handler would tell the dumper, for the hang
 * watchdog to do the same: the dumper's path, the store path, dump type,
 * environment and launch-app flags (into @info), the dumper timeout. false (nothing changed)
 * when the handler is not installed. */
bool pm_crash_handler_copy_settings (char        *dumper_path,
                                     size_t       dumper_path_size,
                                     PmCrashInfo *info,
                                     unsigned    *timeout_ms);

/* Converts a NUL-terminated UTF-32 string to UTF-8 into @out (@out_size bytes
 * with the NUL). False for NULL, a code point that is not a Unicode scalar
 * value, more than @max_chars characters (0: no limit) or a result that does
 * not fit (pm-wer-registration.c). */
bool pm_wide_to_utf8 (const wchar_t *in, size_t max_chars, char *out, size_t out_size);

/* The one entry of @kind that exists at most once (restart, recovery):
 * replaced by @entry, or removed when @entry is NULL. Returns
 * PM_RESULT_NOT_FOUND when removing what is not there,
 * PM_RESULT_LIMIT_REACHED when the table is full (pm-registration.c). */
PmResult pm_registration_set_singleton (uint32_t kind, const PmRegistrationEntry *entry);
/* Copies the entry of @kind into @out; false when there is none. */
bool     pm_registration_get_singleton (uint32_t kind, PmRegistrationEntry *out);

/* ---- Application recovery (pm-recovery.c) ---- */

typedef enum
{
  PM_RECOVERY_OUTCOME_RUNNING  = 0, /* internal: not decided yet */
  PM_RECOVERY_OUTCOME_NONE     = 1, /* no recovery callback is registered */
  PM_RECOVERY_OUTCOME_FINISHED = 2, /* it called pm_recovery_finished (true) */
  PM_RECOVERY_OUTCOME_FAILED   = 3, /* pm_recovery_finished (false), or it returned without it */
  PM_RECOVERY_OUTCOME_TIMEOUT  = 4, /* it stopped pinging, or ran 5 minutes */
  PM_RECOVERY_OUTCOME_BUSY     = 5, /* another recovery is running (or timed out and still runs) */
} PmRecoveryOutcome;

/* For the hang watchdog, once it has decided the process hangs and before it
 * reports and ends it (WER's order; pm-hang-watchdog.c calls it once the dump
 * is written and no heartbeat came within one more timeout, before the
 * dumper publishes, and leaves the process running): runs the registered
 * recovery callback in a new thread of this process and waits until it calls
 * pm_recovery_finished(), returns, stops calling pm_recovery_in_progress()
 * for its ping interval plus PM_RECOVERY_PING_SLACK_MS, or runs
 * PM_RECOVERY_MAX_TIME_MS. A timed-out callback's thread is left running
 * (nothing ends a thread safely); the caller is expected to end the process.
 * Ordinary context; blocks the calling thread for at most 5 minutes. Record
 * the result in the hang report as Postmortem.RecoveryFinished:
 * pm_recovery_outcome_to_report_value(). */
PmRecoveryOutcome pm_recovery_run_for_hang (void);

/* "true", "false", "timeout" or NULL (NONE, BUSY, RUNNING: nothing to record). */
const char *pm_recovery_outcome_to_report_value (PmRecoveryOutcome outcome);

/* Crash handler only (compromised context, async-signal-safe): whether a
 * callback is registered, read without the table's lock; and running it on
 * the crashing thread once the dumper said the dump is written
 * (PM_CRASH_STATUS_RECOVER), pinging the dumper on @fd. @sig is the crash
 * signal: default and unblocked while the callback runs. */
bool pm_recovery_is_registered_unlocked (void);
void pm_recovery_run_for_crash (int fd, int sig);
