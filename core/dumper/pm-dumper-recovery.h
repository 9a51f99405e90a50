/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-recovery.h — crash mode's watch over the application's recovery
 * callback (pm-crash-info.h, "Recovery"): the dumper tells the handler to run
 * it, counts its pings, and ends it when they stop.
 *
 * Runs in: postmortem-dumper's crash mode, after the dump is written and the
 * crashed process's threads are released, before the report is published
 * (GLib allowed).
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/* Sends PM_CRASH_STATUS_RECOVER on @fd and watches the callback running on
 * thread @tid of @pid: each ping gives it @ping_interval_ms (+ the slack)
 * more, PM_RECOVERY_MAX_TIME_MS in all; once it sent its outcome it has one
 * more interval to return. A callback that stops pinging (or returning) is
 * ended with @sig sent to @tid (its disposition is the default meanwhile),
 * then SIGKILL to @pid if it still lives. Returns the report's value:
 * "true", "false" (also when the process died during the callback) or
 * "timeout" (an outcome sent before it was ended still counts). */
const char *pm_dumper_watch_recovery (int      fd,
                                      pid_t    pid,
                                      pid_t    tid,
                                      int      sig,
                                      uint32_t ping_interval_ms);
