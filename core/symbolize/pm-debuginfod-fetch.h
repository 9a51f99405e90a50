/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-fetch.h — downloading a module's debug information from
 * debuginfod servers with elfutils' client (libdebuginfod), into the shared
 * client cache where gdb, eu-stack and the walker (pm-debuginfo.h) find it.
 *
 * A build-id leaves the machine here and nowhere else. Callers ask only after
 * the person agreed: `postmortemctl debuginfod` (the person typed it), or the
 * application after its prompt naming the server, which runs that command.
 *
 * Runs in: postmortemctl only, on its main thread while no other thread runs:
 * libdebuginfod takes its servers and size limit from the environment, so the
 * fetch sets DEBUGINFOD_URLS and DEBUGINFOD_MAXSIZE (setenv is not safe with
 * other threads reading the environment).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called while a file arrives: received bytes of total (0 when the server
 * has not said). Return FALSE to stop the download. */
typedef gboolean (*PmDebuginfodProgress) (guint64  received,
                                          guint64  total,
                                          gpointer user_data);

/* Downloads the debug file of the module whose build-id is build_id_hex
 * (lowercase hex) from servers (space-separated URLs, as DEBUGINFOD_URLS), at
 * most max_size bytes (0: no limit), and returns its path in the cache; the
 * file is checked to carry that build-id. FALSE with a message naming the
 * server and the reason: not found, too large, cancelled, unreachable. */
gboolean pm_debuginfod_fetch (const char            *servers,
                              const char            *build_id_hex,
                              guint64                max_size,
                              PmDebuginfodProgress   progress,
                              gpointer               user_data,
                              char                 **path_out,
                              GError               **error);

/* Whether s is a build-id as the fetch takes it: 2 to 128 lowercase or
 * uppercase hex digits, an even number of them. */
gboolean pm_debuginfod_is_build_id (const char *s);

G_END_DECLS
