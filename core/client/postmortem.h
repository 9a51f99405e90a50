/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem.h — libpostmortem's native API: register what a crash report
 * must carry, and install the crash handler.
 *
 * Runs in: the application. libpostmortem links libc only. Link it with
 * `pkg-config --cflags --libs postmortem-1`. The WER names of the same
 * functions are in <werapi.h>.
 *
 * Registration follows Windows Error Reporting's semantics and limits:
 *  - one table of PM_MAX_REGISTERED_ENTRIES (512) entries shared by memory
 *    blocks, excluded memory blocks, files, metadata and additional processes
 *    (and the restart and recovery registrations below, one entry each);
 *  - a memory block is 1 .. PM_MAX_MEM_BLOCK_SIZE (64 KiB) bytes and goes into
 *    heap dumps only, never into mini or micro dumps; an excluded block
 *    (any size above 0) is left out of every dump;
 *  - at most PM_MAX_REGISTERED_METADATA (8) metadata pairs; a key is 1 .. 64
 *    characters and a valid XML element name (a letter or '_' first, then
 *    letters, digits, '_', '-', '.'; not starting with "xml" in any case;
 *    ASCII only, no ':'); a value is 0 .. 128 printable ASCII characters
 *    (0x20 .. 0x7e). Registering an existing key replaces its value (it does
 *    not take a second slot). Metadata goes into every report;
 *  - at most PM_MAX_REGISTERED_PROCESSES (4) additional processes, pid != 0;
 *    each gets its own triage dump in the report. Registering the same pid
 *    again replaces its thread id;
 *  - a file is an absolute or relative path (kept as given, 1 .. 1023 bytes),
 *    of type PM_FILE_TYPE_USER_DOCUMENT or PM_FILE_TYPE_OTHER, with flags
 *    PM_FILE_FLAG_DELETE_WHEN_DONE | PM_FILE_FLAG_ANONYMOUS_DATA; it is copied
 *    into the report. Registering the same path again replaces type and flags.
 *
 * Registering the same memory block (same start address) twice, as included
 * or as excluded, returns PM_RESULT_INVALID_STATE ("already registered"):
 * unregister it first. Unregistering something not registered returns
 * PM_RESULT_NOT_FOUND.
 *
 * Every function here is thread-safe: many threads may register and
 * unregister at once. They are not async-signal-safe (a signal handler that
 * interrupts a registration in the same thread and registers would spin).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PM_EXPORT
# if defined(PM_COMPILATION) && defined(__GNUC__)
#  define PM_EXPORT __attribute__ ((visibility ("default"))) extern
# else
#  define PM_EXPORT extern
# endif
#endif

#define PM_MAX_REGISTERED_ENTRIES     512
#define PM_MAX_MEM_BLOCK_SIZE         (64 * 1024)
#define PM_MAX_REGISTERED_METADATA    8
#define PM_MAX_REGISTERED_PROCESSES   4
#define PM_METADATA_KEY_MAX_LENGTH    64
#define PM_METADATA_VALUE_MAX_LENGTH  128
#define PM_FILE_PATH_MAX_LENGTH       1023
#define PM_CRASH_SERVER_MAX_LENGTH    1023

/**
 * PmResult:
 * What a libpostmortem call did. Negative values are errors; see
 * pm_result_to_string() for a sentence describing each.
 */
typedef enum
{
  PM_RESULT_OK               =  0,
  PM_RESULT_INVALID_ARGUMENT = -1, /* NULL, zero or too large size, bad key/value/path, pid 0 */
  PM_RESULT_LIMIT_REACHED    = -2, /* 512 entries, 8 metadata pairs or 4 processes already */
  PM_RESULT_NOT_FOUND        = -3, /* unregistering something that is not registered */
  PM_RESULT_INVALID_STATE    = -4, /* already registered / handler already installed */
  PM_RESULT_FAILED           = -5, /* a system call failed (crash handler installation) */
} PmResult;

/* Returns a static English sentence for @result (never NULL; unknown values
 * give "unknown result"). */
PM_EXPORT const char *pm_result_to_string (PmResult result);

/* File types and flags: the values of WER_REGISTER_FILE_TYPE and WER_FILE_*. */
typedef enum
{
  PM_FILE_TYPE_USER_DOCUMENT = 1,
  PM_FILE_TYPE_OTHER         = 2,
} PmFileType;

#define PM_FILE_FLAG_DELETE_WHEN_DONE  1u  /* delete the file once it is in the report */
#define PM_FILE_FLAG_ANONYMOUS_DATA    2u  /* the file holds no personal data */

PM_EXPORT PmResult pm_register_memory_block            (const void *address, size_t size);
PM_EXPORT PmResult pm_unregister_memory_block          (const void *address);
PM_EXPORT PmResult pm_register_excluded_memory_block   (const void *address, size_t size);
PM_EXPORT PmResult pm_unregister_excluded_memory_block (const void *address);
PM_EXPORT PmResult pm_register_file                    (const char *path, PmFileType type, unsigned int flags);
PM_EXPORT PmResult pm_unregister_file                  (const char *path);
PM_EXPORT PmResult pm_register_custom_metadata         (const char *key, const char *value);
PM_EXPORT PmResult pm_unregister_custom_metadata       (const char *key);
PM_EXPORT PmResult pm_register_additional_process      (pid_t pid, pid_t tid);
PM_EXPORT PmResult pm_unregister_additional_process    (pid_t pid);

/* Where this program's crash reports should go when the person has not chosen a
 * server of their own: a Breakpad/Crashpad/Socorro submission URL, "http://" or
 * "https://" then a host, 1 .. 1023 printable ASCII characters without spaces and
 * without user information ("user@"). Recorded in every report as
 * Postmortem.CrashServer; nothing is sent without the person's consent. One per
 * process: registering again replaces it. It uses one entry of the table.
 * (A desktop file can name the same with X-Postmortem-CrashServer=URL.) */
PM_EXPORT PmResult pm_register_crash_server            (const char *url);
PM_EXPORT PmResult pm_unregister_crash_server          (void);

/* The WER fault-reporting flags of this process (WerSetFlags/WerGetFlags; the
 * values of WER_FAULT_REPORTING_*). Stored in the registration table so the
 * dumper sees them (e.g. WER_FAULT_REPORTING_FLAG_NOHEAP turns a heap dump
 * into a mini dump). pm_set_flags replaces all flags. */
PM_EXPORT void         pm_set_flags (unsigned int flags);
PM_EXPORT unsigned int pm_get_flags (void);

/* The calling thread's kernel thread id (gettid), for registering a thread
 * of this process with another process's pm_register_additional_process. */
PM_EXPORT pid_t        pm_get_thread_id (void);

/* Application restart (WER's RegisterApplicationRestart). After a crash
 * (unless PM_RESTART_NO_CRASH) or a hang (unless PM_RESTART_NO_HANG) of a
 * process that ran at least PM_RESTART_MIN_RUN_TIME_S seconds, Postmortem's
 * application offers "Reopen", which starts this program again (the same
 * executable, in the directory it ran in) with @command_line's arguments.
 * @command_line holds the arguments only, not the program (as on Windows),
 * written as a shell would split them (quotes and backslashes; it is never
 * run through a shell): 1 .. PM_RESTART_MAX_CMD_LINE - 1 bytes of UTF-8
 * without control characters; NULL or "" registers a restart without
 * arguments. @flags: PM_RESTART_NO_* (patch and reboot are recorded only: no
 * update or reboot restarts applications here). Registering again replaces
 * the registration. Reopen is offered at most once a minute per application.
 * The registration goes into the report as Postmortem.RestartCommandLine and
 * Postmortem.RestartFlags, with the process's run time
 * (Postmortem.RunTimeSeconds). */
#define PM_RESTART_MAX_CMD_LINE     1024   /* RESTART_MAX_CMD_LINE, with the NUL */
#define PM_RESTART_MIN_RUN_TIME_S   60     /* WER: no restart of a process that ran less */
#define PM_RESTART_NO_CRASH         1u     /* RESTART_NO_CRASH */
#define PM_RESTART_NO_HANG          2u     /* RESTART_NO_HANG */
#define PM_RESTART_NO_PATCH         4u     /* RESTART_NO_PATCH */
#define PM_RESTART_NO_REBOOT        8u     /* RESTART_NO_REBOOT */

PM_EXPORT PmResult pm_register_application_restart   (const char *command_line, unsigned int flags);
/* PM_RESULT_NOT_FOUND when no restart is registered. */
PM_EXPORT PmResult pm_unregister_application_restart (void);
/* Copies the registered arguments into @buffer (@size bytes with the NUL)
 * and the flags into @flags (may be NULL). PM_RESULT_NOT_FOUND when none is
 * registered, PM_RESULT_LIMIT_REACHED when @size is too small (then
 * *@needed, if not NULL, is the size needed). */
PM_EXPORT PmResult pm_get_application_restart_settings (char *buffer, size_t size, size_t *needed,
                                                        unsigned int *flags);

/* Application recovery (WER's RegisterApplicationRecoveryCallback).
 *
 * After a crash, once the dump is written (so not for an application the
 * user excluded from reporting) and before the report is published, the
 * handler calls @callback (@param) on the crashing thread,
 * still on its alternate signal stack, inside the signal handler. This is a
 * compromised context, as on Windows: the heap may be corrupt and any lock
 * may be held by a thread that will never run again, so only
 * async-signal-safe work is safe there (open/write/fsync/rename of data
 * prepared beforehand); what the callback does is the application's choice.
 * The callback must call pm_recovery_in_progress() at least every
 * @ping_interval_ms (0: PM_RECOVERY_DEFAULT_PING_INTERVAL, at most
 * PM_RECOVERY_MAX_PING_INTERVAL) and pm_recovery_finished() when done. It
 * is ended when it stops calling pm_recovery_in_progress() for longer than
 * its interval, and in any case after PM_RECOVERY_MAX_TIME_MS: the process
 * then dies at once of its original signal (no previous handler runs).
 * postmortem-dumper watches it from outside (the callback cannot mask or
 * outlive that watch) and records the outcome in the report as
 * Postmortem.RecoveryFinished = true | false | timeout. A callback that
 * returns without pm_recovery_finished() counts as "false".
 * After a hang, the hang watchdog runs it in a new thread of the process
 * under the same rules. @flags must be 0. */
typedef unsigned int (*PmRecoveryCallback) (void *param);   /* its result is ignored */

#define PM_RECOVERY_DEFAULT_PING_INTERVAL  5000u     /* RECOVERY_DEFAULT_PING_INTERVAL, ms */
#define PM_RECOVERY_MAX_PING_INTERVAL      300000u   /* RECOVERY_MAX_PING_INTERVAL: 5 minutes */
#define PM_RECOVERY_MAX_TIME_MS            300000u   /* the longest a recovery may take */

PM_EXPORT PmResult pm_register_recovery_callback   (PmRecoveryCallback callback, void *param,
                                                    unsigned int ping_interval_ms, unsigned int flags);
PM_EXPORT PmResult pm_unregister_recovery_callback (void);
/* The registered callback, parameter and interval (any may be NULL);
 * PM_RESULT_NOT_FOUND when none is registered. */
PM_EXPORT PmResult pm_get_recovery_callback        (PmRecoveryCallback *callback, void **param,
                                                    unsigned int *ping_interval_ms, unsigned int *flags);
/* From the callback: "still working". Sets *@cancelled (if not NULL) to
 * false (nobody cancels a recovery here). PM_RESULT_INVALID_STATE outside a
 * recovery. Async-signal-safe. */
PM_EXPORT PmResult pm_recovery_in_progress         (bool *cancelled);
/* From the callback: done, @success or not. PM_RESULT_INVALID_STATE outside
 * a recovery. Async-signal-safe. */
PM_EXPORT PmResult pm_recovery_finished            (bool success);

/* The registration table itself: exported by name so that a crash collector
 * reading this process from outside can find it (its layout is documented in
 * pm-registration-table.h of Postmortem's sources). Applications never touch
 * it: use the functions above. */
struct _PmRegistrationTable;
PM_EXPORT struct _PmRegistrationTable pm_registration_table;

/* Dump types: the values of WER_DUMP_TYPE. */
typedef enum
{
  PM_DUMP_TYPE_MICRO  = 1, /* threads, registers, stacks, modules, exception */
  PM_DUMP_TYPE_MINI   = 2, /* micro + memory near registers, Linux streams, metadata */
  PM_DUMP_TYPE_HEAP   = 3, /* mini + all private writable memory + registered blocks */
  PM_DUMP_TYPE_TRIAGE = 4, /* micro, for additional processes */
} PmDumpType;

/**
 * PmCrashHandlerOptions:
 * Initialise with pm_crash_handler_options_init(), then change fields.
 * @store_path: the report store; NULL for the dumper's default
 *   ($PM_STORE_DIR, else $XDG_DATA_HOME/postmortem). At most 4095 bytes.
 * @dump_type: the minidump to write (default PM_DUMP_TYPE_MINI).
 * @launch_app: after the report is published and the application's consent
 *   is "always ask", start `postmortem --report KEY` (default false).
 * @dumper_timeout_ms: the longest the crashing process waits for the dumper
 *   before killing it and dying anyway (default 15000; 1 .. 600000).
 * @dumper_path: the postmortem-dumper to run; NULL for $PM_DUMPER_PATH, else
 *   the installed one. At most 4095 bytes.
 * @alt_stack_size: the alternate signal stack of each thread, in bytes
 *   (default 256 KiB; at least 64 KiB), plus one guard page below it.
 * @replaceable: a later pm_crash_handler_install() replaces this
 *   installation instead of failing with PM_RESULT_INVALID_STATE (the
 *   preload library of `postmortemctl run` installs this way, so an
 *   application that installs its own handler still gets its options).
 */
typedef struct
{
  unsigned int  struct_size;  /* set by pm_crash_handler_options_init() */
  PmDumpType    dump_type;
  const char   *store_path;
  const char   *dumper_path;
  unsigned int  dumper_timeout_ms;
  bool          launch_app;
  size_t        alt_stack_size;
  bool          replaceable;
  void         *reserved[7];
} PmCrashHandlerOptions;

PM_EXPORT void     pm_crash_handler_options_init (PmCrashHandlerOptions *options);

/* Installs the crash handler for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
 * SIGTRAP and SIGSYS (@options NULL: the defaults). Everything the handler
 * needs is allocated here: an alternate signal stack with a guard page for the
 * calling thread, the crash message, the dumper's command line. On a crash the
 * handler runs the dumper (postmortem-dumper --crash-info-fd), lets it ptrace
 * this process, waits at most dumper_timeout_ms (a watchdog process enforces
 * this even while the dumper keeps our threads stopped), then restores the handlers
 * that were there before and lets the signal take its course: a previous
 * handler runs, or the process dies of the original signal (so the exit
 * status and the system's core handler still see the crash). The first
 * crashing thread wins; other threads that crash meanwhile wait. A process
 * that is not dumpable (PR_SET_DUMPABLE 0, e.g. after dropping privileges)
 * is made dumpable while the dumper works, so it can read it, then restored.
 * A signal sent by kill() while the previous disposition was SIG_IGN makes
 * no report (it would have done nothing). One crash is reported per process
 * lifetime: after it, the previous handlers are back in place.
 * Returns PM_RESULT_INVALID_STATE if already installed, PM_RESULT_INVALID_ARGUMENT
 * for bad options, PM_RESULT_FAILED if a system call failed. */
PM_EXPORT PmResult pm_crash_handler_install (const PmCrashHandlerOptions *options);

/* Gives the calling thread its own alternate signal stack (with a guard page),
 * so a stack overflow in this thread is reported too. Call it at the start of
 * every thread you create (the main thread is done by install; under
 * `postmortemctl run` every thread gets one automatically). The stack is freed
 * when the thread exits. Returns PM_RESULT_INVALID_STATE if the handler is
 * not installed, PM_RESULT_OK if the thread already has a stack of ours. */
PM_EXPORT PmResult pm_crash_handler_install_thread (void);

/* Restores the signal handlers that were there before install. Not
 * async-signal-safe; meant for tests and orderly shutdown. */
PM_EXPORT PmResult pm_crash_handler_uninstall (void);

/* ---- Hang watchdog ----
 * Postmortem's own: WER notices a hung window through the window manager (a
 * message queue not read for 5 seconds); Linux desktops have no such thing,
 * so the application says it is alive. The thread that runs the event loop
 * calls pm_hang_heartbeat() often (postmortem-glib.h adds a GLib source that
 * does it); when no heartbeat comes for the timeout, a watchdog thread has
 * postmortem-dumper dump the process without stopping it for longer than
 * the dump, and an AppHangB1 report is made once for that hang. The report
 * is published when the outcome is known: a heartbeat within one more
 * timeout (Postmortem.HangRecovered=true), or none
 * (Postmortem.HangRecovered=false; also when the process is killed
 * meanwhile). No other report is made until heartbeats have come back. The
 * dumper, store, dump type, dumper timeout and launch_app are the crash
 * handler's when it is installed (install it first), else the defaults of
 * pm_crash_handler_options_init(); launch_app opens the application only
 * for a hang that did not recover. The hung thread named in the report is
 * the one that sent the last heartbeat (before any: the one that started
 * the watchdog). A child made with fork() starts unwatched
 * (pm_hang_watchdog_stop there returns PM_RESULT_INVALID_STATE; it may start
 * its own). */
#define PM_HANG_DEFAULT_TIMEOUT_MS  5000u    /* WER's: a window that does not answer for 5 s */
#define PM_HANG_MAX_TIMEOUT_MS      600000u

/* Starts watching (@timeout_ms 0: PM_HANG_DEFAULT_TIMEOUT_MS), counting from
 * now as if a heartbeat had just come. The watchdog thread is created on the
 * first start; starting again only changes the timeout. Returns
 * PM_RESULT_INVALID_ARGUMENT for a timeout above PM_HANG_MAX_TIMEOUT_MS,
 * PM_RESULT_FAILED if the thread or its memory cannot be had. */
PM_EXPORT PmResult pm_hang_watchdog_start (unsigned int timeout_ms);

/* "The loop is alive." Cheap (a clock read and a few atomic stores, no
 * lock, no allocation) and async-signal-safe. Does nothing useful before
 * pm_hang_watchdog_start(). */
PM_EXPORT void     pm_hang_heartbeat (void);

/* Stops watching and ends the watchdog thread (waiting, bounded by the
 * dumper timeout, for a hang report in progress; a hang whose outcome is
 * not known yet is reported as not recovered). PM_RESULT_INVALID_STATE if
 * not started. Not async-signal-safe. */
PM_EXPORT PmResult pm_hang_watchdog_stop (void);

#ifdef __cplusplus
}
#endif
