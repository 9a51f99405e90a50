/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk.h — walk a thread's stack in a minidump and name its frames.
 *
 * Runs in: postmortemctl and the application (never in a crashing process).
 * Calls libc only (GLib's types and macros, none of its functions), so that
 * `postmortemctl info` does not load GLib (pm-xalloc.h says why); running
 * out of memory aborts, as in GLib. Module files on this machine are read
 * with elfutils
 * (libdw/libdwfl) in a part of its own, pm_stackwalk_elf_files, which a walker
 * made with pm_stackwalker_new_with_files (md, NULL, …) never touches:
 * `postmortemctl info` loads libdw (about a millisecond of start-up) only for
 * a dump with a module file here (pm_debuginfo_dump_has_local_files()).
 *
 * Memory comes from the dump only (MemoryList/Memory64List through the
 * reader). Module files are looked up locally by the path recorded in the
 * ModuleList and accepted only when their ELF build-id equals the one in the
 * dump's CodeView record; a separate debug file under
 * /usr/lib/debug/.build-id/ is used for symbols and .debug_frame when
 * present. Each caller frame is recovered, in this order, by the module's
 * CFI (.debug_frame, then .eh_frame), by the frame-pointer chain, or by a
 * bounded scan of the stack for a word that points into a module's code; the
 * frame's trust says which (as Breakpad's processor does). A frame named
 * from a module with DWARF (the file or its debug file) is preceded by the
 * functions inlined at its pc, innermost first, each at the source line it
 * executes; the frame itself shows the call site of its outermost inlined
 * function (as LLDB and addr2line -i show them).
 *
 * Bounds: at most PM_STACKWALK_MAX_FRAMES frames, inline frames included
 * (at most 32 of them for one pc); the walk stops when the
 * stack pointer does not increase, when the return address is 0 or outside
 * every module, or when memory is missing. A scan looks at no more than
 * PM_STACKWALK_SCAN_WORDS words. Nothing is allocated in proportion to a
 * count taken from the file (module names and frames are bounded by the
 * file's size and by the frame limit).
 *
 * Separate debug files are found on this machine only (pm-debuginfo.h: the
 * .build-id tree, the debuginfod client's cache, .gnu_debuglink places);
 * nothing is downloaded here (`postmortemctl debuginfod` does that, after
 * consent).
 *
 * Breakpad symbol files (.sym) come from symbol directories given with
 * pm_stackwalker_add_symbol_dir(), in Breakpad's layout
 * DIR/<debug file>/<debug id>/<debug file without .pdb>.sym; a file whose
 * MODULE line names another debug id is not used. They name the frames of
 * modules libdw has no file for (function, source line, inline frames) and
 * give their unwind rules: STACK CFI (every CPU) and STACK WIN (x86 Windows
 * frame data and FPO, as Breakpad's processor evaluates them).
 *
 * CPUs: x86, AMD64, ARM and ARM64. Each caller frame is recovered by the
 * first of: the symbol file's STACK CFI, its STACK WIN (x86), the module's
 * DWARF CFI (libdw), the frame-pointer chain (x86, AMD64, ARM64), a bounded
 * scan. ARM64 return addresses signed by pointer authentication are
 * stripped to the bits the dump's modules use.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

#define PM_STACKWALK_MAX_FRAMES 256
#define PM_STACKWALK_SCAN_WORDS 1024
/* Module files kept open (matched by build-id) at most. */
#define PM_STACKWALK_MAX_LOCAL_MODULES 512

typedef enum
{
  PM_FRAME_TRUST_CONTEXT,        /* frame 0: the thread's registers */
  PM_FRAME_TRUST_CFI,            /* call frame information of the module */
  PM_FRAME_TRUST_FRAME_POINTER,  /* the saved frame-pointer chain */
  PM_FRAME_TRUST_SCAN,           /* a stack word that points into code: a guess */
  PM_FRAME_TRUST_INLINE,         /* a function inlined at the next frame's pc */
} PmFrameTrust;

/* "context", "cfi", "frame-pointer", "scan", "inline" */
const char *pm_frame_trust_to_string (PmFrameTrust trust);

typedef struct
{
  guint64      pc;               /* the instruction address (a return address for callers) */
  guint64      sp;               /* the stack pointer in this frame */
  PmFrameTrust trust;
  char        *module;           /* the module's file name (basename), or NULL */
  guint64      module_offset;    /* pc - module base, when module is set */
  char        *function;         /* symbol name, or NULL without symbols */
  guint64      function_offset;  /* pc - symbol start */
  char        *source_file;      /* from DWARF line info, or NULL */
  int          source_line;      /* 0 when unknown */
} PmStackFrame;

/* A walked stack: frames data[0] (frame 0) to data[len - 1]. The strings
 * are malloc'd; pm_stack_frames_free() frees them with the array. */
typedef struct
{
  PmStackFrame *data;
  guint         len;
  guint         allocated;       /* slots in data */
} PmStackFrames;

PmStackFrames *pm_stack_frames_new  (void);
/* Appends *frame, taking its strings. */
void           pm_stack_frames_take (PmStackFrames *frames,
                                     PmStackFrame  *frame);
void           pm_stack_frames_free (PmStackFrames *frames);

/* Errors are the reader's (pm-minidump-reader.h): a status and a message,
 * in the caller's PmMdError (NULL: not wanted). */

/* Whether the walker can walk md's stacks (x86, AMD64, ARM, ARM64 dumps);
 * FALSE with the reason in *error (PM_MD_ERROR_BAD_CONTEXT). Inline, so a
 * caller can ask before it loads libdw. */
static inline gboolean
pm_stackwalk_supports_cpu (PmMinidump *md,
                           PmMdError  *error)
{
  PmMdCpu cpu = pm_minidump_get_cpu (md);

  if (cpu == PM_MD_CPU_AMD64 || cpu == PM_MD_CPU_X86 || cpu == PM_MD_CPU_ARM || cpu == PM_MD_CPU_ARM64)
    return TRUE;
  pm_md_set_error (error, PM_MD_ERROR_BAD_CONTEXT, 0,
                   "stack walking supports x86, AMD64, ARM and ARM64 dumps; this dump's CPU is unknown");
  return FALSE;
}

typedef struct _PmStackwalker PmStackwalker;
typedef struct _PmStackwalkFiles PmStackwalkFiles;

/* Module files on this machine, matched by build-id and read with libdw
 * (pm-stackwalk-elf.c): their CFI, symbols, lines and inline frames. */
extern const PmStackwalkFiles pm_stackwalk_elf_files;

/* A walker for md (which must outlive it) that uses files for the modules
 * found here (NULL: none, the walk uses the dump and symbol files only).
 * Fails (PM_MD_ERROR_BAD_CONTEXT) for a CPU it cannot walk. */
PmStackwalker *pm_stackwalker_new_with_files (PmMinidump             *md,
                                              const PmStackwalkFiles *files,
                                              PmMdError              *error);
/* The same with pm_stackwalk_elf_files. */
PmStackwalker *pm_stackwalker_new        (PmMinidump     *md,
                                          PmMdError      *error);
void           pm_stackwalker_free       (PmStackwalker  *walker);

/* Adds a directory of Breakpad symbol files (searched in the order added). */
void           pm_stackwalker_add_symbol_dir (PmStackwalker *walker,
                                              const char    *dir);

/* How many of the dump's modules were matched to a local file by build-id. */
guint          pm_stackwalker_get_n_local_modules (PmStackwalker *walker);

/* Walks the stack from ctx (a thread's or the exception's context).
 * Returns the frames (frame 0 first; free them with pm_stack_frames_free),
 * or NULL with an error (PM_MD_ERROR_INVALID_ARGUMENT) when ctx is not a
 * context of the dump's CPU. Inline frames (trust PM_FRAME_TRUST_INLINE)
 * come before the frame they were inlined into. */
PmStackFrames *pm_stackwalker_walk       (PmStackwalker     *walker,
                                          const PmMdContext *ctx,
                                          PmMdError         *error);

/* The context of the thread with that id: the exception's context when it
 * is the crashing thread, else its ThreadList context. Fails with
 * PM_MD_ERROR_NOT_FOUND for no such thread, or the reader's status. */
gboolean       pm_stackwalker_get_thread_context (PmStackwalker *walker,
                                                  uint32_t       thread_id,
                                                  PmMdContext   *out,
                                                  PmMdError     *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmStackwalker, pm_stackwalker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmStackFrames, pm_stack_frames_free)

G_END_DECLS
