/* pm-dumper-crash.h — postmortem-dumper's crash mode: read a PmCrashInfo
 * from the crash handler, dump the crashed process, publish the report.
 *
 * Runs in: postmortem-dumper, an ordinary process started by the crash
 * handler of a crashing application (GLib and the store library allowed).
 */
#pragma once

/* Runs the whole crash protocol on fd (see pm-crash-info.h) and returns the
 * process exit status. The status byte is always written back on fd. */
int pm_dumper_crash_main (int fd);
