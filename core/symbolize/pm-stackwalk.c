/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk.c — stack walking (CFI, frame pointers, scan) and symbols
 * over minidump memory: the walk itself, and naming frames by the dump's
 * modules and Breakpad symbol files. Module files on this machine (libdw)
 * take part through walker->files (pm-stackwalk-elf.c).
 *
 * Runs in: postmortemctl and the application. Everything read from the dump
 * is untrusted: every memory read goes through the bounds-checked reader,
 * DWARF expressions run on a fixed-size stack with a step limit, and the
 * walk is bounded by PM_STACKWALK_MAX_FRAMES and an increasing stack pointer.
 *
 * The unwinding itself is done here (and DWARF CFI rules are evaluated in
 * pm-stackwalk-elf.c) so that memory comes from the dump only and each frame
 * can say how it was found.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-stackwalk-private.h"
#include "pm-xalloc.h"

/* ---- frames -------------------------------------------------------------- */

PmStackFrames *
pm_stack_frames_new (void)
{
  return pm_xcalloc (1, sizeof (PmStackFrames));
}

void
pm_stack_frames_take (PmStackFrames *frames,
                      PmStackFrame  *frame)
{
  if (frames->len == frames->allocated)
    {
      /* The walk is bounded (PM_STACKWALK_MAX_FRAMES): so is this. */
      frames->allocated = frames->allocated == 0 ? 32 : frames->allocated * 2;
      frames->data = pm_xrealloc (frames->data, frames->allocated * sizeof *frames->data);
    }
  frames->data[frames->len++] = *frame;
  memset (frame, 0, sizeof *frame);
}

void
pm_stack_frames_free (PmStackFrames *frames)
{
  if (frames == NULL)
    return;
  for (guint i = 0; i < frames->len; i++)
    {
      free (frames->data[i].module);
      free (frames->data[i].function);
      free (frames->data[i].source_file);
    }
  free (frames->data);
  free (frames);
}

gboolean
pm_stackwalker_read_word (PmStackwalker *walker,
                          guint64        address,
                          guint64       *out)
{
  guint8 buf[8];
  size_t n = 0, size = walker->cpu->word_size;

  if (pm_minidump_read_memory (walker->md, address, buf, size, &n) != PM_MD_OK || n != size)
    return FALSE;
  /* Little-endian on disk whatever the host. */
  *out = 0;
  for (int i = (int) size - 1; i >= 0; i--)
    *out = (*out << 8) | buf[i];
  return TRUE;
}

/* ---- modules ------------------------------------------------------------- */

/* A mask over every module's addresses: ARM64 pointer authentication signs
 * the bits above them, and a return address is compared without them. */
static guint64
pointer_mask_for_modules (PmMinidump *md)
{
  size_t n = pm_minidump_get_n_modules (md);
  guint64 highest = 0, mask = 0xffffffffu;

  for (size_t i = 0; i < n; i++)
    {
      PmMdModule module;
      if (pm_minidump_get_module (md, i, &module) == PM_MD_OK
          && module.base_of_image + module.size_of_image > highest)
        highest = module.base_of_image + module.size_of_image;
    }
  while (mask < highest && mask != G_MAXUINT64)
    mask = (mask << 1) | 1;
  return mask;
}

PmStackwalker *
pm_stackwalker_new_with_files (PmMinidump              *md,
                               const PmStackwalkFiles  *files,
                               PmMdError               *error)
{
  PmStackwalker *walker;

  if (!pm_stackwalk_supports_cpu (md, error))
    return NULL;
  walker = pm_xcalloc (1, sizeof (PmStackwalker));
  walker->md = md;
  walker->cpu = pm_cpu_get (pm_minidump_get_cpu (md));
  walker->n_modules = pm_minidump_get_n_modules (md);
  walker->pointer_mask = pointer_mask_for_modules (md);
  walker->files = files;
  if (files != NULL)
    walker->files_data = files->open (walker);
  return walker;
}

void
pm_stackwalker_free (PmStackwalker *walker)
{
  if (walker == NULL)
    return;
  if (walker->files_data != NULL)
    walker->files->close (walker->files_data);
  pm_stackwalker_forget_symfiles (walker);
  for (guint i = 0; i < walker->n_symbol_dirs; i++)
    free (walker->symbol_dirs[i]);
  free (walker->symbol_dirs);
  free (walker);
}

void
pm_stackwalker_add_symbol_dir (PmStackwalker *walker,
                               const char    *dir)
{
  walker->symbol_dirs = pm_xrealloc (walker->symbol_dirs, (walker->n_symbol_dirs + 1) * sizeof (char *));
  walker->symbol_dirs[walker->n_symbol_dirs++] = pm_xstrdup (dir);
  /* Modules looked up before without a file may have one now. */
  pm_stackwalker_forget_symfiles (walker);
}

guint
pm_stackwalker_get_n_local_modules (PmStackwalker *walker)
{
  return walker->n_local;
}

gboolean
pm_stackwalker_in_module (PmStackwalker *walker,
                          guint64        address)
{
  size_t index;

  if (address < 0x1000)
    return FALSE;
  if (walker->files_data != NULL && walker->files->contains (walker, address))
    return TRUE;
  return pm_minidump_find_module (walker->md, address, &index) == PM_MD_OK;
}

/* A return address as code sees it: ARM64 pointer authentication puts a
 * signature in the bits above the modules' addresses. */
static guint64
strip_pointer (PmStackwalker *walker,
               guint64        address)
{
  if (walker->cpu->cpu != PM_MD_CPU_ARM64 || pm_stackwalker_in_module (walker, address))
    return address;
  return address & walker->pointer_mask;
}

/* The frame-pointer chain: a frame record at fp holds the caller's fp and,
 * one word above, the return address (x86 and AMD64 push it; ARM64 stores
 * lr there). On ARM64, while lr is known (frame 0, and frames found this
 * way from it) the caller resumes at lr and the record gives the caller's
 * own lr, as Breakpad's ARM64 walker reads it: right when frame 0 is a leaf
 * that made no record. Once lr is unknown (a caller found by CFI), the
 * frame made a call and so its own record: the return address is in it. */
static gboolean
unwind_frame_pointer (PmStackwalker *walker,
                      const PmRegs  *regs,
                      PmRegs        *caller)
{
  const PmCpu *cpu = walker->cpu;
  guint64 w = cpu->word_size, fp, saved_fp, saved;

  if (cpu->fp < 0 || !pm_regs_has (regs, cpu->fp) || !pm_regs_has (regs, cpu->sp))
    return FALSE;
  fp = regs->r[cpu->fp];
  if (fp == 0 || fp < regs->r[cpu->sp] || (fp & (w - 1)) != 0 || fp > G_MAXUINT64 - 2 * w)
    return FALSE;
  if (!pm_stackwalker_read_word (walker, fp, &saved_fp) || !pm_stackwalker_read_word (walker, fp + w, &saved))
    return FALSE;
  memset (caller, 0, sizeof *caller);
  /* Callee-saved registers other than the frame pointer are unknown now. */
  pm_regs_set (caller, cpu->fp, saved_fp);
  pm_regs_set (caller, cpu->sp, fp + 2 * w);
  if (cpu->lr >= 0 && pm_regs_has (regs, cpu->lr))
    {
      pm_regs_set (caller, cpu->pc, strip_pointer (walker, regs->r[cpu->lr]));
      pm_regs_set (caller, cpu->lr, strip_pointer (walker, saved));
    }
  else
    pm_regs_set (caller, cpu->pc, strip_pointer (walker, saved));
  return pm_stackwalker_in_module (walker, caller->r[cpu->pc]);
}

/* Breakpad's last resort: the first stack word above sp (for a caller of
 * frame 0, at sp itself) that points into a module. */
static gboolean
unwind_scan (PmStackwalker *walker,
             const PmRegs  *regs,
             gboolean       first_frame,
             PmRegs        *caller)
{
  const PmCpu *cpu = walker->cpu;
  guint64 sp, w = cpu->word_size;

  if (!pm_regs_has (regs, cpu->sp))
    return FALSE;
  sp = regs->r[cpu->sp];
  for (guint i = 0; i < PM_STACKWALK_SCAN_WORDS; i++)
    {
      guint64 address = sp + (guint64) i * w, word;

      if (address < sp)
        return FALSE;
      if (!pm_stackwalker_read_word (walker, address, &word))
        return FALSE;
      word = strip_pointer (walker, word);
      if (!pm_stackwalker_in_module (walker, word))
        continue;
      /* A word at sp of a non-first frame is where that frame's own return
       * address was found: skip it, or the scan would repeat the frame. */
      if (!first_frame && i == 0)
        continue;
      memset (caller, 0, sizeof *caller);
      pm_regs_set (caller, cpu->sp, address + w);
      pm_regs_set (caller, cpu->pc, word);
      /* A frame-pointer-built caller keeps its frame pointer where the
       * callee left it. */
      if (cpu->fp >= 0 && pm_regs_has (regs, cpu->fp) && regs->r[cpu->fp] >= address + w)
        pm_regs_set (caller, cpu->fp, regs->r[cpu->fp]);
      return TRUE;
    }
  return FALSE;
}

/* ---- symbols ------------------------------------------------------------- */

/* Names frame from libdw (a local module file or its debug file), else from
 * the module's Breakpad symbol file; either way the functions inlined at
 * lookup (from DWARF or the symbol file's INLINE records) go into frames
 * first, innermost first. lookup is the address inside the instruction that
 * made the frame (pc for frame 0 and signal frames, pc - 1 for callers). */
static void
symbolize_frame (PmStackwalker *walker,
                 PmStackFrame  *frame,
                 guint64        lookup,
                 PmStackFrames *frames)
{
  size_t index;
  PmMdModule module;

  if (pm_minidump_find_module (walker->md, frame->pc, &index) == PM_MD_OK
      && pm_minidump_get_module (walker->md, index, &module) == PM_MD_OK)
    {
      char path[4096];
      if (pm_minidump_read_string (walker->md, module.module_name_rva, path, sizeof path, NULL) == PM_MD_OK)
        {
          /* Windows paths too: the name after the last separator. */
          const char *base = MAX (strrchr (path, '/'), strrchr (path, '\\'));
          frame->module = pm_xstrdup (base != NULL ? base + 1 : path);
          frame->module_offset = frame->pc - module.base_of_image;
        }
    }
  /* The module's file here (libdw) names it; without one, its symbol file. */
  if (walker->files_data == NULL || !walker->files->symbolize (walker, frame, lookup, frames))
    pm_stackwalker_symbolize_sym (walker, frame, lookup, frames);
}

/* ---- the walk ------------------------------------------------------------ */

/* The caller of regs' frame by the first method that works, and how it was
 * found; FALSE at the end of the stack. */
static gboolean
unwind_one (PmStackwalker *walker,
            const PmRegs  *regs,
            guint64        lookup,
            guint          n,
            guint32       *win_param_size,
            PmRegs        *caller,
            PmFrameTrust  *trust,
            gboolean      *signal_frame)
{
  const PmCpu *cpu = walker->cpu;
  PmCfiResult cfi = PM_CFI_FAILED;
  gboolean win_scanned = FALSE;

  *signal_frame = FALSE;
  if (pm_stackwalker_unwind_sym_cfi (walker, regs, lookup, caller))
    *trust = PM_FRAME_TRUST_CFI;
  else if (cpu->cpu == PM_MD_CPU_X86
           && pm_stackwalker_unwind_sym_win (walker, regs, lookup, win_param_size, caller, &win_scanned))
    *trust = win_scanned ? PM_FRAME_TRUST_SCAN : PM_FRAME_TRUST_CFI;
  else if (walker->files_data != NULL
           && (cfi = walker->files->unwind (walker, regs, lookup, caller, signal_frame)) == PM_CFI_OK)
    *trust = PM_FRAME_TRUST_CFI;
  else if (cfi == PM_CFI_OUTERMOST)
    return FALSE;
  else if (unwind_frame_pointer (walker, regs, caller))
    *trust = PM_FRAME_TRUST_FRAME_POINTER;
  else if (unwind_scan (walker, regs, n == 0, caller))
    *trust = PM_FRAME_TRUST_SCAN;
  else
    return FALSE;

  /* A return address of 0 ends the stack (the outermost frame's rules
   * say so); a caller found by rules or the frame pointer must return into
   * code. */
  if (caller->r[cpu->pc] == 0)
    return FALSE;
  if (*trust != PM_FRAME_TRUST_SCAN && !pm_stackwalker_in_module (walker, strip_pointer (walker, caller->r[cpu->pc])))
    {
      PmRegs scanned;
      /* CFI rows for a thread's entry point leave garbage in the pc: the
       * stack ends there (Breakpad ends it the same way). */
      if (!unwind_scan (walker, regs, n == 0, &scanned) || scanned.r[cpu->sp] <= regs->r[cpu->sp])
        return FALSE;
      *caller = scanned;
      *trust = PM_FRAME_TRUST_SCAN;
    }
  caller->r[cpu->pc] = strip_pointer (walker, caller->r[cpu->pc]);
  return TRUE;
}

PmStackFrames *
pm_stackwalker_walk (PmStackwalker     *walker,
                     const PmMdContext *ctx,
                     PmMdError         *error)
{
  const PmCpu *cpu;
  PmStackFrames *frames;
  PmRegs regs;
  PmFrameTrust trust = PM_FRAME_TRUST_CONTEXT;
  gboolean exact_pc = TRUE;   /* frame 0, and a frame a signal interrupted */
  guint32 win_param_size = 0;

  cpu = walker->cpu;
  if (ctx->cpu != cpu->cpu)
    {
      pm_md_set_error (error, PM_MD_ERROR_INVALID_ARGUMENT, 0,
                       "the context is not of the dump's CPU (%s)", cpu->name);
      return NULL;
    }
  pm_cpu_regs_from_context (cpu, ctx, &regs);

  frames = pm_stack_frames_new ();

  for (guint n = 0; frames->len < PM_STACKWALK_MAX_FRAMES; n++)
    {
      PmStackFrame frame = { 0 };
      PmRegs caller;
      guint64 lookup;
      gboolean signal_frame;
      guint64 callee_sp = regs.r[cpu->sp];

      frame.pc = regs.r[cpu->pc];
      frame.sp = callee_sp;
      frame.trust = trust;
      /* Frame 0 faulted at pc itself; callers sit after a call. */
      lookup = exact_pc || frame.pc == 0 ? frame.pc : frame.pc - 1;
      symbolize_frame (walker, &frame, lookup, frames);
      pm_stack_frames_take (frames, &frame);

      if (!unwind_one (walker, &regs, lookup, n, &win_param_size, &caller, &trust, &signal_frame))
        break;
      /* The end of the stack, a loop or garbage: stop. The stack pointer
       * may stay put only when leaving frame 0 (a leaf function on ARM). */
      if (caller.r[cpu->pc] < 0x1000 || caller.r[cpu->sp] < callee_sp
          || (caller.r[cpu->sp] == callee_sp && n > 0))
        break;
      regs = caller;
      exact_pc = trust == PM_FRAME_TRUST_CFI && signal_frame;
    }
  return frames;
}

gboolean
pm_stackwalker_get_thread_context (PmStackwalker *walker,
                                   uint32_t       thread_id,
                                   PmMdContext   *out,
                                   PmMdError     *error)
{
  size_t n;
  PmMdStatus status;

  n = pm_minidump_get_n_threads (walker->md);
  for (size_t i = 0; i < n; i++)
    {
      PmMdThreadRecord thread;
      if (pm_minidump_get_thread (walker->md, i, &thread) != PM_MD_OK || thread.thread_id != thread_id)
        continue;
      /* The same choice as postmortemctl info and the application: the exception's
       * context for the crashing thread. */
      status = pm_minidump_read_thread_context (walker->md, &thread, out, NULL);
      if (status != PM_MD_OK)
        {
          pm_md_set_error (error, status, 0, "the context of thread %u: %s",
                           thread_id, pm_minidump_get_error_message (walker->md));
          return FALSE;
        }
      return TRUE;
    }
  pm_md_set_error (error, PM_MD_ERROR_NOT_FOUND, 0, "no thread %u in the dump", thread_id);
  return FALSE;
}
