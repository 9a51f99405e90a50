/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-private.h — what the walker's parts share: the walker itself,
 * reading words of the dump's memory, the steps that use Breakpad symbol
 * files (pm-stackwalk-sym.c), and the hooks through which module files on
 * this machine take part (pm-stackwalk-elf.c, the only part with libdw).
 *
 * Runs in: postmortemctl and the application's backtrace worker.
 */
#pragma once

#include "pm-stackwalk.h"
#include "pm-stackwalk-cpu.h"
#include "pm-symfile.h"

G_BEGIN_DECLS

/* Inline frames shown for one pc at most (the innermost ones). */
#define PM_STACKWALK_MAX_INLINE_FRAMES 32

typedef enum
{
  PM_CFI_FAILED,     /* no CFI for pc, or a rule that cannot be evaluated */
  PM_CFI_OK,
  PM_CFI_OUTERMOST,  /* the return address is undefined: the stack ends here */
} PmCfiResult;

struct _PmStackwalker
{
  PmMinidump  *md;               /* borrowed */
  const PmCpu *cpu;
  const PmStackwalkFiles *files; /* NULL: no module file is used */
  gpointer     files_data;       /* files->open's, NULL when no module file is here */
  guint        n_local;
  char       **symbol_dirs;      /* in the order given */
  guint        n_symbol_dirs;
  size_t       n_modules;        /* the dump's */
  PmSymfile  **symfiles;         /* by module index, made at the first lookup: NULL
                                  * until looked up (pm-stackwalk-sym.c) */
  guint64      pointer_mask;     /* covers every module: strips pointer signatures */
};

/* The module files on this machine, as the walker uses them (pm-stackwalk.h
 * says why this is a table of hooks). */
struct _PmStackwalkFiles
{
  /* Opens the dump's modules that have a file here; sets walker->n_local.
   * NULL when none does (the hooks below are then not called). */
  gpointer    (*open)      (PmStackwalker *walker);
  void        (*close)     (gpointer       files_data);
  /* Is address inside one of the opened modules? */
  gboolean    (*contains)  (PmStackwalker *walker,
                            guint64        address);
  /* One step by the module's DWARF CFI (.debug_frame, then .eh_frame). */
  PmCfiResult (*unwind)    (PmStackwalker *walker,
                            const PmRegs  *regs,
                            guint64        lookup_pc,
                            PmRegs        *caller,
                            gboolean      *signal_frame);
  /* Names frame (function, line, inline frames appended to frames first)
   * from the module file covering lookup; FALSE when no file covers it. */
  gboolean    (*symbolize) (PmStackwalker *walker,
                            PmStackFrame  *frame,
                            guint64        lookup,
                            PmStackFrames *frames);
};

/* A word (the CPU's size) of the dump's memory. */
gboolean    pm_stackwalker_read_word      (PmStackwalker *walker,
                                           guint64        address,
                                           guint64       *out);
/* Is address inside a module of the dump (where code can be)? */
gboolean    pm_stackwalker_in_module      (PmStackwalker *walker,
                                           guint64        address);

/* The symbol file of the module containing address (NULL when there is
 * none in the symbol directories), and address's offset in that module. */
PmSymfile  *pm_stackwalker_symfile_for    (PmStackwalker *walker,
                                           guint64        address,
                                           guint64       *offset);

/* Frees the symbol files looked up so far (a new symbol directory may hold
 * files for modules that had none). */
void        pm_stackwalker_forget_symfiles (PmStackwalker *walker);

/* One step by the STACK CFI rules of a symbol file. */
gboolean    pm_stackwalker_unwind_sym_cfi (PmStackwalker *walker,
                                           const PmRegs  *regs,
                                           guint64        lookup_pc,
                                           PmRegs        *caller);

/* One step by an x86 STACK WIN record. *param_size carries the record's
 * parameter size from one frame to its caller (.cbCalleeParams); *scanned
 * says the record's program failed and the caller was found by a scan. */
gboolean    pm_stackwalker_unwind_sym_win (PmStackwalker *walker,
                                           const PmRegs  *regs,
                                           guint64        lookup_pc,
                                           guint32       *param_size,
                                           PmRegs        *caller,
                                           gboolean      *scanned);

/* Names a frame from its module's symbol file; inline frames, innermost
 * first, are appended to frames before the frame itself. FALSE when no symbol
 * file covers the frame. */
gboolean    pm_stackwalker_symbolize_sym  (PmStackwalker *walker,
                                           PmStackFrame  *frame,
                                           guint64        lookup,
                                           PmStackFrames *frames);

G_END_DECLS
