/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-symfile.h — a Breakpad symbol file (.sym): functions, source lines,
 * inline frames, public symbols and the unwind rules (STACK CFI, STACK WIN)
 * of one module, looked up by the offset of an address in the module.
 *
 * Runs in: postmortemctl and the application's backtrace worker. Calls libc
 * only (GLib's types and macros, none of its functions), so that `postmortemctl
 * info --symbols` does not load GLib; errors are the minidump reader's
 * (PmMdError).
 *
 * The format is the one Breakpad's dump_syms writes and its processor reads
 * (MODULE, INFO, FILE, FUNC [m], line records, PUBLIC [m], INLINE_ORIGIN,
 * INLINE, STACK CFI INIT / STACK CFI, STACK WIN). The file is read once into
 * memory and indexed; strings point into that copy. A record that does not
 * parse is skipped and counted (pm_symfile_get_n_bad_lines), as Breakpad's
 * processor does: one bad line must not cost a whole module its symbols. Every
 * count comes from the file's own size, never from a number written in it.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

typedef struct _PmSymfile PmSymfile;

/* Reads and indexes path. NULL with an error naming the file and what was
 * wrong (error may be NULL): PM_MD_ERROR_IO when it cannot be read or is not
 * a regular file, PM_MD_ERROR_BAD_SIZE over PM_SYMFILE_MAX_SIZE,
 * PM_MD_ERROR_INVALID_ARGUMENT without a MODULE line, PM_MD_ERROR_CHANGED
 * when it shrank while it was read. */
#define PM_SYMFILE_MAX_SIZE (G_GUINT64_CONSTANT (2) << 30)
PmSymfile  *pm_symfile_load              (const char  *path,
                                          PmMdError   *error);
void        pm_symfile_free              (PmSymfile   *sym);

/* MODULE line: "windows", "x86", "5A98…1", "test_app.pdb". */
const char *pm_symfile_get_os            (PmSymfile   *sym);
const char *pm_symfile_get_arch          (PmSymfile   *sym);
const char *pm_symfile_get_debug_id      (PmSymfile   *sym);
const char *pm_symfile_get_debug_file    (PmSymfile   *sym);
guint       pm_symfile_get_n_bad_lines   (PmSymfile   *sym);

typedef struct
{
  const char *function;          /* NULL when no FUNC or PUBLIC covers the address */
  uint64_t    function_offset;   /* offset - function start */
  const char *source_file;       /* NULL without line records */
  int         source_line;
  gboolean    from_public;       /* a PUBLIC symbol (no size, no lines) */
} PmSymLocation;

/* What covers offset (an address minus the module's base). */
gboolean    pm_symfile_lookup            (PmSymfile     *sym,
                                          uint64_t       offset,
                                          PmSymLocation *out);

/* Inline frames at offset, innermost first: each gives the inlined
 * function's name and where its caller called it (file and line). Returns how
 * many were written to out (at most max). */
typedef struct
{
  const char *function;          /* the inlined function */
  const char *call_file;         /* where its caller called it */
  int         call_line;
} PmSymInline;
guint       pm_symfile_lookup_inlines    (PmSymfile     *sym,
                                          uint64_t       offset,
                                          PmSymInline   *out,
                                          guint          max);

/* The STACK CFI rules in force at offset: the INIT record's rules followed by
 * every delta up to offset, as one space-separated string (later rules for
 * a register override earlier ones). NULL when no record covers offset. The
 * string is freed with free(). */
char       *pm_symfile_find_cfi_rules    (PmSymfile     *sym,
                                          uint64_t       offset);

/* A STACK WIN record (x86 Windows frame data). */
typedef enum
{
  PM_SYM_WIN_FPO = 0,
  PM_SYM_WIN_FRAME_DATA = 4,
} PmSymWinType;

typedef struct
{
  PmSymWinType type;
  uint64_t     rva, code_size;
  uint32_t     prolog_size, epilog_size;
  uint32_t     parameter_size, saved_register_size, local_size, max_stack_size;
  gboolean     allocates_base_pointer;  /* FPO records without a program */
  const char  *program;                 /* FRAME_DATA program string, or NULL */
} PmSymWin;

/* The STACK WIN record covering offset, FRAME_DATA preferred over FPO as
 * Breakpad's resolver does. */
gboolean    pm_symfile_find_win          (PmSymfile     *sym,
                                          uint64_t       offset,
                                          PmSymWin      *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmSymfile, pm_symfile_free)

G_END_DECLS
