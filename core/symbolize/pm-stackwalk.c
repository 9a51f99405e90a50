/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk.c — stack walking (CFI, frame pointers, scan) and symbols
 * over minidump memory, with elfutils libdw/libdwfl.
 *
 * Runs in: postmortemctl and the application. Everything read from the dump
 * is untrusted: every memory read goes through the bounds-checked reader,
 * DWARF expressions run on a fixed-size stack with a step limit, and the
 * walk is bounded by PM_STACKWALK_MAX_FRAMES and an increasing stack pointer.
 *
 * libdwfl is used for what it does well (mapping module files at the dump's
 * addresses, finding separate debug files, symbols, line numbers, parsing
 * CFI); the unwinding itself is done here so that memory comes from the dump
 * only and each frame can say how it was found.
 */
#include "pm-config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-debuginfo.h"
#include "pm-error.h"
#include "pm-stackwalk-private.h"

/* Only files on this machine (pm-debuginfo.h): libdwfl's standard callbacks
 * would send build-ids to the $DEBUGINFOD_URLS servers without consent. */
static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = pm_debuginfo_find_elf,
  .find_debuginfo = pm_debuginfo_find_debuginfo,
  .section_address = dwfl_offline_section_address,
};

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

/* The load bias for a file mapped with its first PT_LOAD at base. */
static gboolean
elf_bias_for_base (int       fd,
                   guint64   base,
                   guint64  *bias)
{
  Elf *elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
  GElf_Ehdr ehdr;
  size_t n_phdr = 0;
  gboolean found = FALSE;

  if (elf == NULL || gelf_getehdr (elf, &ehdr) == NULL || elf_getphdrnum (elf, &n_phdr) != 0)
    {
      if (elf != NULL)
        elf_end (elf);
      return FALSE;
    }
  for (size_t i = 0; i < n_phdr && !found; i++)
    {
      GElf_Phdr phdr;
      if (gelf_getphdr (elf, (int) i, &phdr) != NULL && phdr.p_type == PT_LOAD)
        {
          guint64 align = phdr.p_align > 1 ? phdr.p_align : 1;
          guint64 first = phdr.p_vaddr - (phdr.p_offset % align);
          /* An executable at a fixed address has no bias. */
          *bias = ehdr.e_type == ET_EXEC ? 0 : base - (first & ~(guint64) 0xfff);
          found = TRUE;
        }
    }
  elf_end (elf);
  return found;
}

static void
report_modules (PmStackwalker *walker)
{
  size_t n = pm_minidump_get_n_modules (walker->md);

  dwfl_report_begin (walker->dwfl);
  /* Each local module keeps an open file: a dump listing thousands of
   * modules gets the first PM_STACKWALK_MAX_LOCAL_MODULES matched, the rest
   * walk without CFI or symbols (by frame pointer or scan). */
  for (size_t i = 0; i < n && walker->n_local < PM_STACKWALK_MAX_LOCAL_MODULES; i++)
    {
      PmMdModule module;
      PmMdModuleIds ids;
      char path[4096];
      g_autofree char *debug_path = NULL;
      int fd;
      guint64 bias;
      Dwfl_Module *mod;

      if (pm_minidump_get_module (walker->md, i, &module) != PM_MD_OK
          || pm_minidump_read_string (walker->md, module.module_name_rva, path, sizeof path, NULL) != PM_MD_OK
          || pm_minidump_get_module_ids (walker->md, &module, &ids) != PM_MD_OK
          || ids.build_id_len == 0 || ids.build_id_len > sizeof ids.build_id)
        continue;

      fd = path[0] == '/' ? pm_debuginfo_open_matching_elf (path, ids.build_id, ids.build_id_len) : -1;
      /* No matching file where the process had it: a separate debug file
       * (installed, or downloaded before) carries the same program headers,
       * symbols and CFI. */
      if (fd < 0)
        fd = pm_debuginfo_open_by_build_id (ids.build_id, ids.build_id_len, &debug_path);
      if (fd < 0)
        continue;
      if (!elf_bias_for_base (fd, module.base_of_image, &bias))
        {
          close (fd);
          continue;
        }
      /* dwfl takes the fd (it closes it when the module goes). */
      mod = dwfl_report_elf (walker->dwfl, path, debug_path != NULL ? debug_path : path, fd, bias, TRUE);
      if (mod == NULL)
        {
          close (fd);
          continue;
        }
      walker->n_local++;
    }
  dwfl_report_end (walker->dwfl, NULL, NULL);
}

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
pm_stackwalker_new (PmMinidump  *md,
                    GError     **error)
{
  PmStackwalker *walker;

  g_return_val_if_fail (md != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pm_stackwalk_supports_cpu (md, error))
    return NULL;
  elf_version (EV_CURRENT);
  walker = g_new0 (PmStackwalker, 1);
  walker->md = md;
  walker->cpu = pm_cpu_get (pm_minidump_get_cpu (md));
  walker->symbol_dirs = g_ptr_array_new_with_free_func (g_free);
  walker->symfiles = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) pm_symfile_free);
  walker->pointer_mask = pointer_mask_for_modules (md);
  walker->dwfl = dwfl_begin (&dwfl_callbacks);
  if (walker->dwfl == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "libdwfl: %s", dwfl_errmsg (-1));
      pm_stackwalker_free (walker);
      return NULL;
    }
  report_modules (walker);
  return walker;
}

void
pm_stackwalker_free (PmStackwalker *walker)
{
  if (walker == NULL)
    return;
  if (walker->dwfl != NULL)
    dwfl_end (walker->dwfl);
  g_ptr_array_unref (walker->symbol_dirs);
  g_hash_table_unref (walker->symfiles);
  g_free (walker);
}

void
pm_stackwalker_add_symbol_dir (PmStackwalker *walker,
                               const char    *dir)
{
  g_return_if_fail (walker != NULL && dir != NULL);
  g_ptr_array_add (walker->symbol_dirs, g_strdup (dir));
  /* Modules looked up before without a file may have one now. */
  g_hash_table_remove_all (walker->symfiles);
}

guint
pm_stackwalker_get_n_local_modules (PmStackwalker *walker)
{
  g_return_val_if_fail (walker != NULL, 0);
  return walker->n_local;
}

/* ---- DWARF expressions (CFI rules) --------------------------------------- */

#define EXPR_STACK 16
#define EXPR_MAX_OPS 64

/* Evaluates ops (from dwarf_frame_cfa / dwarf_frame_register) on regs.
 * The result is a location (to be read from memory) when the expression
 * used DW_OP_call_frame_cfa and did not end in DW_OP_stack_value, as libdw
 * builds them; *is_location says which. Only the operations CFI uses are
 * supported; anything else fails the rule (and the walk falls back to the
 * frame pointer). Values are cut to the CPU's word. */
static gboolean
eval_expr (PmStackwalker *walker,
           const PmRegs  *regs,
           guint64        cfa,
           gboolean       cfa_known,
           Dwarf_Op      *ops,
           size_t         n_ops,
           guint64       *result,
           gboolean      *is_location)
{
  guint64 stack[EXPR_STACK];
  size_t depth = 0;
  gboolean location = FALSE;
  guint64 mask = walker->cpu->word_size == 4 ? G_GUINT64_CONSTANT (0xffffffff) : G_MAXUINT64;

#define PUSH(v) G_STMT_START { if (depth >= EXPR_STACK) return FALSE; stack[depth++] = (v); } G_STMT_END
#define POP(v) G_STMT_START { if (depth == 0) return FALSE; (v) = stack[--depth]; } G_STMT_END

  if (n_ops == 0 || n_ops > EXPR_MAX_OPS)
    return FALSE;
  for (size_t i = 0; i < n_ops; i++)
    {
      Dwarf_Op *op = &ops[i];
      guint64 a, b;
      unsigned reg;

      switch (op->atom)
        {
        case DW_OP_lit0 ... DW_OP_lit31:
          PUSH (op->atom - DW_OP_lit0);
          break;
        case DW_OP_const1u: case DW_OP_const2u: case DW_OP_const4u: case DW_OP_const8u:
        case DW_OP_const1s: case DW_OP_const2s: case DW_OP_const4s: case DW_OP_const8s:
        case DW_OP_constu: case DW_OP_consts:
          PUSH (op->number);
          break;
        case DW_OP_breg0 ... DW_OP_breg31:
        case DW_OP_bregx:
          reg = op->atom == DW_OP_bregx ? (unsigned) op->number : (unsigned) (op->atom - DW_OP_breg0);
          if (!pm_regs_has (regs, (int) reg))
            return FALSE;
          PUSH ((regs->r[reg] + (op->atom == DW_OP_bregx ? op->number2 : op->number)) & mask);
          break;
        case DW_OP_reg0 ... DW_OP_reg31:
        case DW_OP_regx:
          reg = op->atom == DW_OP_regx ? (unsigned) op->number : (unsigned) (op->atom - DW_OP_reg0);
          if (!pm_regs_has (regs, (int) reg))
            return FALSE;
          PUSH (regs->r[reg]);
          break;
        case DW_OP_call_frame_cfa:
          if (!cfa_known)
            return FALSE;
          PUSH (cfa);
          location = TRUE;
          break;
        case DW_OP_stack_value:
          location = FALSE;
          break;
        case DW_OP_plus_uconst:
          POP (a); PUSH ((a + op->number) & mask);
          break;
        case DW_OP_deref:
          POP (a);
          if (!pm_stackwalker_read_word (walker, a, &b))
            return FALSE;
          PUSH (b);
          break;
        case DW_OP_dup:
          POP (a); PUSH (a); PUSH (a);
          break;
        case DW_OP_drop:
          POP (a);
          break;
        case DW_OP_plus: POP (b); POP (a); PUSH ((a + b) & mask); break;
        case DW_OP_minus: POP (b); POP (a); PUSH ((a - b) & mask); break;
        case DW_OP_mul: POP (b); POP (a); PUSH ((a * b) & mask); break;
        case DW_OP_and: POP (b); POP (a); PUSH (a & b); break;
        case DW_OP_or: POP (b); POP (a); PUSH (a | b); break;
        case DW_OP_xor: POP (b); POP (a); PUSH (a ^ b); break;
        case DW_OP_shl: POP (b); POP (a); PUSH (b < 64 ? a << b : 0); break;
        case DW_OP_shr: POP (b); POP (a); PUSH (b < 64 ? a >> b : 0); break;
        case DW_OP_ge: POP (b); POP (a); PUSH ((gint64) a >= (gint64) b); break;
        case DW_OP_gt: POP (b); POP (a); PUSH ((gint64) a > (gint64) b); break;
        case DW_OP_le: POP (b); POP (a); PUSH ((gint64) a <= (gint64) b); break;
        case DW_OP_lt: POP (b); POP (a); PUSH ((gint64) a < (gint64) b); break;
        case DW_OP_eq: POP (b); POP (a); PUSH (a == b); break;
        case DW_OP_ne: POP (b); POP (a); PUSH (a != b); break;
        default:
          return FALSE;
        }
    }
#undef PUSH
#undef POP
  if (depth == 0)
    return FALSE;
  *result = stack[depth - 1];
  *is_location = location;
  return TRUE;
}

/* Looks up the CFI row for pc (already adjusted to lie inside the call
 * instruction for callers): .debug_frame first, then .eh_frame. */
static Dwarf_Frame *
find_cfi_frame (PmStackwalker *walker,
                guint64        pc)
{
  Dwfl_Module *mod = dwfl_addrmodule (walker->dwfl, pc);
  Dwarf_Addr bias = 0;
  Dwarf_CFI *cfi;
  Dwarf_Frame *frame = NULL;

  if (mod == NULL)
    return NULL;
  cfi = dwfl_module_dwarf_cfi (mod, &bias);
  if (cfi != NULL && dwarf_cfi_addrframe (cfi, pc - bias, &frame) == 0)
    return frame;
  cfi = dwfl_module_eh_cfi (mod, &bias);
  if (cfi != NULL && dwarf_cfi_addrframe (cfi, pc - bias, &frame) == 0)
    return frame;
  return NULL;
}

typedef enum
{
  CFI_FAILED,     /* no CFI for pc, or a rule that cannot be evaluated */
  CFI_OK,
  CFI_OUTERMOST,  /* the return address is undefined: the stack ends here */
} CfiResult;

/* One step by the module's DWARF CFI: the caller's registers from the
 * callee's. The caller's pc is the return-address column's value, its stack
 * pointer the CFA. */
static CfiResult
unwind_cfi (PmStackwalker *walker,
            const PmRegs  *regs,
            guint64        lookup_pc,
            PmRegs        *caller,
            gboolean      *signal_frame)
{
  const PmCpu *cpu = walker->cpu;
  Dwarf_Frame *frame = find_cfi_frame (walker, lookup_pc);
  Dwarf_Op *ops;
  size_t n_ops;
  guint64 cfa;
  gboolean is_location;
  CfiResult result = CFI_FAILED;

  if (frame == NULL)
    return CFI_FAILED;
  {
    Dwarf_Addr start, end;
    bool signalp = false;
    /* A signal trampoline (libc's __restore_rt): the caller it restores
     * was interrupted, not calling, so its pc is exact. */
    *signal_frame = dwarf_frame_info (frame, &start, &end, &signalp) >= 0 && signalp;
  }
  if (dwarf_frame_cfa (frame, &ops, &n_ops) != 0
      || !eval_expr (walker, regs, 0, FALSE, ops, n_ops, &cfa, &is_location) || is_location)
    goto out;

  memset (caller, 0, sizeof *caller);
  for (int reg = 0; reg < (int) cpu->n_regs; reg++)
    {
      Dwarf_Op ops_mem[3];
      guint64 value;

      if (reg == cpu->sp || (reg == cpu->pc && reg != cpu->ra))
        continue;
      if (dwarf_frame_register (frame, reg, ops_mem, &ops, &n_ops) != 0)
        continue;
      if (n_ops == 0 && ops == ops_mem && reg == cpu->ra)
        {
          /* _start and clone mark the return address undefined. */
          result = CFI_OUTERMOST;
          goto out;
        }
      if (n_ops == 0)
        {
          /* Same value (ops == NULL) or undefined (ops == ops_mem). */
          if (ops == NULL && pm_regs_has (regs, reg))
            pm_regs_set (caller, reg, regs->r[reg]);
          continue;
        }
      if (!eval_expr (walker, regs, cfa, TRUE, ops, n_ops, &value, &is_location))
        continue;
      if (is_location && !pm_stackwalker_read_word (walker, value, &value))
        continue;
      pm_regs_set (caller, reg, value);
    }
  pm_regs_set (caller, cpu->sp, cfa);
  if (pm_regs_has (caller, cpu->ra))
    {
      /* On ARM the return column is lr: the caller resumes there, and its
       * own lr is not known. */
      pm_regs_set (caller, cpu->pc, caller->r[cpu->ra]);
      if (cpu->lr == cpu->ra)
        caller->valid &= ~(G_GUINT64_CONSTANT (1) << cpu->lr);
      result = CFI_OK;
    }

out:
  free (frame);
  return result;
}

gboolean
pm_stackwalker_in_module (PmStackwalker *walker,
                          guint64        address)
{
  size_t index;

  if (address < 0x1000)
    return FALSE;
  if (dwfl_addrmodule (walker->dwfl, address) != NULL)
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
                 GArray        *frames)
{
  Dwfl_Module *mod = dwfl_addrmodule (walker->dwfl, lookup);
  GElf_Off offset = 0;
  GElf_Sym sym;
  const char *name = NULL;
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
          frame->module = g_strdup (base != NULL ? base + 1 : path);
          frame->module_offset = frame->pc - module.base_of_image;
        }
    }
  if (mod == NULL)
    {
      /* No file for the module here: its symbol file, if any. */
      pm_stackwalker_symbolize_sym (walker, frame, lookup, frames);
      return;
    }
  name = dwfl_module_addrinfo (mod, lookup, &offset, &sym, NULL, NULL, NULL);
  if (name == NULL && lookup != frame->pc)
    {
      /* A signal trampoline's "return address" is its first byte: the
       * byte before belongs to no symbol. */
      lookup = frame->pc;
      mod = dwfl_addrmodule (walker->dwfl, lookup);
      if (mod != NULL)
        name = dwfl_module_addrinfo (mod, lookup, &offset, &sym, NULL, NULL, NULL);
    }
  if (mod != NULL && name != NULL)
    {
      Dwfl_Line *line = dwfl_module_getsrc (mod, lookup);

      frame->function = g_strdup (name);
      frame->function_offset = offset + (lookup != frame->pc ? 1 : 0);
      if (line != NULL)
        {
          int lineno = 0;
          const char *file = dwfl_lineinfo (line, NULL, &lineno, NULL, NULL, NULL);
          if (file != NULL)
            {
              frame->source_file = g_strdup (file);
              frame->source_line = lineno;
            }
        }
      pm_stackwalker_symbolize_dwarf_inlines (mod, frame, lookup, frames);
    }
}

static void
clear_frame (gpointer data)
{
  PmStackFrame *frame = data;

  g_clear_pointer (&frame->module, g_free);
  g_clear_pointer (&frame->function, g_free);
  g_clear_pointer (&frame->source_file, g_free);
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
  CfiResult cfi;
  gboolean win_scanned = FALSE;

  *signal_frame = FALSE;
  if (pm_stackwalker_unwind_sym_cfi (walker, regs, lookup, caller))
    *trust = PM_FRAME_TRUST_CFI;
  else if (cpu->cpu == PM_MD_CPU_X86
           && pm_stackwalker_unwind_sym_win (walker, regs, lookup, win_param_size, caller, &win_scanned))
    *trust = win_scanned ? PM_FRAME_TRUST_SCAN : PM_FRAME_TRUST_CFI;
  else if ((cfi = unwind_cfi (walker, regs, lookup, caller, signal_frame)) == CFI_OK)
    *trust = PM_FRAME_TRUST_CFI;
  else if (cfi == CFI_OUTERMOST)
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

GArray *
pm_stackwalker_walk (PmStackwalker      *walker,
                     const PmMdContext  *ctx,
                     GError            **error)
{
  const PmCpu *cpu;
  GArray *frames;
  PmRegs regs;
  PmFrameTrust trust = PM_FRAME_TRUST_CONTEXT;
  gboolean exact_pc = TRUE;   /* frame 0, and a frame a signal interrupted */
  guint32 win_param_size = 0;

  g_return_val_if_fail (walker != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cpu = walker->cpu;
  if (ctx->cpu != cpu->cpu)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the context is not of the dump's CPU (%s)", cpu->name);
      return NULL;
    }
  pm_cpu_regs_from_context (cpu, ctx, &regs);

  frames = g_array_new (FALSE, TRUE, sizeof (PmStackFrame));
  g_array_set_clear_func (frames, clear_frame);

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
      g_array_append_val (frames, frame);

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
                                   GError       **error)
{
  size_t n;
  PmMdStatus status;

  g_return_val_if_fail (walker != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

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
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "the context of thread %u: %s",
                       thread_id, pm_minidump_get_error_message (walker->md));
          return FALSE;
        }
      return TRUE;
    }
  g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "no thread %u in the dump", thread_id);
  return FALSE;
}
