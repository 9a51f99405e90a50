/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo.h — where a module's debug information is on this machine, and
 * which modules of a backtrace have none.
 *
 * A module's file or debug file is only ever matched by its ELF build-id.
 * Looked in, in order: /usr/lib/debug/.build-id (distribution -dbg/-dbgsym
 * packages), the shared debuginfod client cache (what gdb, eu-stack or
 * `postmortemctl debuginfod` downloaded before), and the .gnu_debuglink
 * places beside the module file. Nothing here touches the network: the
 * libdwfl callbacks below replace libdwfl's standard ones, which would ask
 * the debuginfod servers of $DEBUGINFOD_URLS on their own, without the
 * person's consent.
 *
 * Runs in: postmortemctl and the application (any thread). The environment
 * is read with g_getenv (these are programs, not a library linked by others).
 */
#pragma once

#include <elfutils/libdwfl.h>
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
 * debuginfod cache: its fd and *path_out, or -1. */
int    pm_debuginfo_open_by_build_id  (const guint8 *build_id,
                                       gsize         build_id_len,
                                       char        **path_out);

/* libdwfl callbacks that look only on this machine (Dwfl_Callbacks). */
int    pm_debuginfo_find_elf          (Dwfl_Module  *mod,
                                       void        **userdata,
                                       const char   *modname,
                                       Dwarf_Addr    base,
                                       char        **file_name,
                                       Elf         **elfp);
int    pm_debuginfo_find_debuginfo    (Dwfl_Module  *mod,
                                       void        **userdata,
                                       const char   *modname,
                                       Dwarf_Addr    base,
                                       const char   *file_name,
                                       const char   *debuglink_file,
                                       GElf_Word     debuglink_crc,
                                       char        **debuginfo_file_name);

/* Adds to missing (build-id hex -> module file name, both owned by the
 * table) each module of md holding a frame of frames (PmStackFrame) that has
 * no function name and whose build-id is known: what a debuginfod server
 * could name. Inline frames are skipped (their real frame counts). */
void   pm_debuginfo_collect_missing   (PmMinidump   *md,
                                       const GArray *frames,
                                       GHashTable   *missing);

G_END_DECLS
