/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-elf.c — the walker's use of module files on this machine,
 * with elfutils libdw/libdwfl: pm_stackwalk_elf_files (pm-stackwalk-private.h
 * lists its hooks).
 *
 * Runs in: postmortemctl (its backtrace module, loaded only for a dump with
 * a module file here) and the application's backtrace worker.
 *
 * libdwfl is used for what it does well (mapping module files at the dump's
 * addresses, finding separate debug files, symbols, line numbers, parsing
 * CFI); the CFI rules are evaluated here, on the dump's memory, with a
 * fixed-size stack and a step limit (the file is local but the registers
 * and memory come from the dump).
 */
#include "pm-config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm-debuginfo.h"
#include "pm-stackwalk-elf.h"
#include "pm-stackwalk-private.h"
#include "pm-xalloc.h"

/* ---- finding files --------------------------------------------------------- */

static int
find_elf (Dwfl_Module  *mod,
          void        **userdata,
          const char   *modname,
          Dwarf_Addr    base,
          char        **file_name,
          Elf         **elfp)
{
  /* Modules are reported with their file already open (elf_open);
   * libdwfl's own search would ask debuginfod servers for the others. */
  (void) mod, (void) userdata, (void) modname, (void) base, (void) file_name, (void) elfp;
  return -1;
}

static int
find_debuginfo (Dwfl_Module  *mod,
                void        **userdata,
                const char   *modname,
                Dwarf_Addr    base,
                const char   *file_name,
                const char   *debuglink_file,
                GElf_Word     debuglink_crc,
                char        **debuginfo_file_name)
{
  const unsigned char *bits = NULL;
  GElf_Addr vaddr;
  int len = dwfl_module_build_id (mod, &bits, &vaddr);
  int fd;

  (void) userdata, (void) modname, (void) base, (void) debuglink_crc;
  if (len <= 0)
    return -1;
  /* libdwfl asks module by module, with no walker to keep the cache folder in. */
  fd = pm_debuginfo_open_by_build_id (bits, (gsize) len, NULL, debuginfo_file_name);
  if (fd >= 0)
    return fd;
  return pm_debuginfo_open_by_debuglink (file_name, debuglink_file, bits, (gsize) len, debuginfo_file_name);
}

/* Only files on this machine (pm-debuginfo.h): libdwfl's standard callbacks
 * would send build-ids to the $DEBUGINFOD_URLS servers without consent. */
static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = find_elf,
  .find_debuginfo = find_debuginfo,
  .section_address = dwfl_offline_section_address,
};

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

/* Reports the dump's modules that have a file here to a new Dwfl. */
static gpointer
elf_open (PmStackwalker *walker)
{
  size_t n = pm_minidump_get_n_modules (walker->md);
  char *cache_dir;
  Dwfl *dwfl;

  /* libelf refuses every file until a version is set (idempotent). */
  elf_version (EV_CURRENT);
  dwfl = dwfl_begin (&dwfl_callbacks);
  if (dwfl == NULL)
    return NULL;
  cache_dir = pm_debuginfod_cache_dir ();
  dwfl_report_begin (dwfl);
  /* Each local module keeps an open file: a dump listing thousands of
   * modules gets the first PM_STACKWALK_MAX_LOCAL_MODULES matched, the rest
   * walk without CFI or symbols (by frame pointer or scan). */
  for (size_t i = 0; i < n && walker->n_local < PM_STACKWALK_MAX_LOCAL_MODULES; i++)
    {
      PmMdModule module;
      char path[4096];
      char *debug_path = NULL;
      int fd = pm_debuginfo_open_module_file (walker->md, i, cache_dir, &module, path, sizeof path, &debug_path);
      guint64 bias;
      Dwfl_Module *mod = NULL;

      if (fd >= 0 && elf_bias_for_base (fd, module.base_of_image, &bias))
        /* dwfl takes the fd (it closes it when the module goes). */
        mod = dwfl_report_elf (dwfl, path, debug_path != NULL ? debug_path : path, fd, bias, TRUE);
      free (debug_path);
      if (mod != NULL)
        walker->n_local++;
      else if (fd >= 0)
        close (fd);
    }
  free (cache_dir);
  dwfl_report_end (dwfl, NULL, NULL);
  if (walker->n_local == 0)
    {
      dwfl_end (dwfl);
      return NULL;
    }
  return dwfl;
}

static void
elf_close (gpointer files_data)
{
  dwfl_end (files_data);
}

static gboolean
elf_contains (PmStackwalker *walker,
              guint64        address)
{
  return dwfl_addrmodule (walker->files_data, address) != NULL;
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
  Dwfl_Module *mod = dwfl_addrmodule (walker->files_data, pc);
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

/* One step by the module's DWARF CFI: the caller's registers from the
 * callee's. The caller's pc is the return-address column's value, its stack
 * pointer the CFA. */
static PmCfiResult
elf_unwind (PmStackwalker *walker,
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
  PmCfiResult result = PM_CFI_FAILED;

  if (frame == NULL)
    return PM_CFI_FAILED;
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
          result = PM_CFI_OUTERMOST;
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
      result = PM_CFI_OK;
    }

out:
  free (frame);
  return result;
}

/* ---- symbols ------------------------------------------------------------- */

static gboolean
elf_symbolize (PmStackwalker *walker,
               PmStackFrame  *frame,
               guint64        lookup,
               PmStackFrames *frames)
{
  Dwfl *dwfl = walker->files_data;
  Dwfl_Module *mod = dwfl_addrmodule (dwfl, lookup);
  GElf_Off offset = 0;
  GElf_Sym sym;
  const char *name;

  if (mod == NULL)
    return FALSE;
  name = dwfl_module_addrinfo (mod, lookup, &offset, &sym, NULL, NULL, NULL);
  if (name == NULL && lookup != frame->pc)
    {
      /* A signal trampoline's "return address" is its first byte: the
       * byte before belongs to no symbol. */
      lookup = frame->pc;
      mod = dwfl_addrmodule (dwfl, lookup);
      if (mod != NULL)
        name = dwfl_module_addrinfo (mod, lookup, &offset, &sym, NULL, NULL, NULL);
    }
  if (mod != NULL && name != NULL)
    {
      Dwfl_Line *line = dwfl_module_getsrc (mod, lookup);

      frame->function = pm_xstrdup (name);
      frame->function_offset = offset + (lookup != frame->pc ? 1 : 0);
      if (line != NULL)
        {
          int lineno = 0;
          const char *file = dwfl_lineinfo (line, NULL, &lineno, NULL, NULL, NULL);
          if (file != NULL)
            {
              frame->source_file = pm_xstrdup (file);
              frame->source_line = lineno;
            }
        }
      pm_stackwalker_symbolize_dwarf_inlines (mod, frame, lookup, frames);
    }
  return TRUE;
}

const PmStackwalkFiles pm_stackwalk_elf_files = {
  .open = elf_open,
  .close = elf_close,
  .contains = elf_contains,
  .unwind = elf_unwind,
  .symbolize = elf_symbolize,
};

PmStackwalker *
pm_stackwalker_new (PmMinidump *md,
                    PmMdError  *error)
{
  return pm_stackwalker_new_with_files (md, &pm_stackwalk_elf_files, error);
}
