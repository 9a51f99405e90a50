/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo.h — where a module's debug information is on this machine, and
 * which modules of a backtrace have none.
 *
 * A module's file or debug file is only ever matched by its ELF build-id.
 * Looked in, in order: /usr/lib/debug/.build-id (distribution -dbg/-dbgsym
 * packages), the shared debuginfod client cache (what gdb, eu-stack or
 * `postmortemctl debuginfod` downloaded before), and the .gnu_debuglink
 * places beside the module file. Nothing here touches the network (the
 * walker's libdwfl callbacks, pm-stackwalk-elf.c, look only here too: libdwfl's
 * standard ones would ask the debuginfod servers of $DEBUGINFOD_URLS on their
 * own, without the person's consent). Nothing here needs libdw either: build-
 * ids are read with libc (pm-elf-build-id.h), so `postmortemctl info` can tell
 * whether any module file is here before it loads libdw.
 *
 * Runs in: postmortemctl and the application (any thread). Calls libc only
 * (GLib's types and macros, none of its functions): `postmortemctl info`
 * links this without GLib (pm-xalloc.h says why). Strings returned, and
 * those put in *path_out and *debug_path, are malloc'd: free them with
 * free(). What needs GLib's containers is in pm-debuginfo-missing.h.
 */
#pragma once

#include <glib.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

/* Opens path and returns the fd when it is a regular file whose ELF build-id is
 * build_id; -1 otherwise (a module without a build-id is never matched). */
int    pm_debuginfo_open_matching_elf (const char   *path,
                                       const guint8 *build_id,
                                       gsize         build_id_len);

/* The debuginfod client cache, as libdebuginfod chooses it:
 * $DEBUGINFOD_CACHE_PATH, else ~/.debuginfod_client_cache when it exists,
 * else $XDG_CACHE_HOME/debuginfod_client. */
char  *pm_debuginfod_cache_dir        (void);

/* The lowercase hex of a build-id. */
char  *pm_debuginfo_build_id_hex      (const guint8 *build_id,
                                       gsize         build_id_len);

/* A separate debug file for build_id, from /usr/lib/debug/.build-id or the
 * debuginfod cache: its fd and *path_out, or -1. cache_dir: the cache
 * (pm_debuginfod_cache_dir (), worked out once by a caller that asks for many
 * modules: an environment read and a stat), or NULL to work it out here. */
int    pm_debuginfo_open_by_build_id  (const guint8 *build_id,
                                       gsize         build_id_len,
                                       const char   *cache_dir,
                                       char        **path_out);

/* A separate debug file named by a module's .gnu_debuglink (debuglink_file,
 * the module at file_name) in the places gdb and libdwfl look: beside the
 * module, in .debug/ beside it, under /usr/lib/debug; matched by build_id.
 * Its fd and *path_out, or -1. */
int    pm_debuginfo_open_by_debuglink (const char   *file_name,
                                       const char   *debuglink_file,
                                       const guint8 *build_id,
                                       gsize         build_id_len,
                                       char        **path_out);

/* The file on this machine for md's module index: the module's own file
 * where the process had it, else its separate debug file by build-id
 * (*debug_path then says which; it is NULL otherwise; cache_dir as for
 * pm_debuginfo_open_by_build_id ()). Fills *module and path (the module's name in
 * the dump). Returns the fd, or -1 when there is none. */
int    pm_debuginfo_open_module_file  (PmMinidump   *md,
                                       size_t        index,
                                       const char   *cache_dir,
                                       PmMdModule   *module,
                                       char         *path,
                                       gsize         path_size,
                                       char        **debug_path);

/* Is any of md's modules on this machine (pm_debuginfo_open_module_file)? */
gboolean pm_debuginfo_dump_has_local_files (PmMinidump *md);

G_END_DECLS
