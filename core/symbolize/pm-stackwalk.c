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
#include "pm-stackwalk.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"

/* DWARF register numbers of x86-64 (System V psABI): rax rdx rcx rbx rsi
 * rdi rbp rsp r8..r15, then the return address column. */
#define N_REGS   17
#define DW_REG_RBP  6
#define DW_REG_RSP  7
#define DW_REG_RA   16

typedef struct
{
  guint64 r[N_REGS];
  guint32 valid;                 /* bit n set when r[n] is known */
} Regs;

struct _PmStackwalker
{
  PmMinidump *md;                /* borrowed */
  Dwfl       *dwfl;
  char       *debuginfo_path;
  guint       n_local;
};

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = dwfl_build_id_find_elf,
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
};

static gboolean
read_u64 (PmStackwalker *walker,
          guint64        address,
          guint64       *out)
{
  guint8 buf[8];
  size_t n = 0;

  if (pm_minidump_read_memory (walker->md, address, buf, sizeof buf, &n) != PM_MD_OK || n != sizeof buf)
    return FALSE;
  /* Little-endian on disk whatever the host. */
  *out = 0;
  for (int i = 7; i >= 0; i--)
    *out = (*out << 8) | buf[i];
  return TRUE;
}

/* ---- modules ------------------------------------------------------------- */

/* Opens path and returns the fd when the file's ELF build-id is the one the
 * dump recorded; -1 otherwise. A module without a build-id in the dump is
 * never matched: a file of the same name may be any other version. */
static int
open_matching_elf (const char    *path,
                   const guint8  *build_id,
                   size_t         build_id_len)
{
  int fd;
  Elf *elf;
  const void *id = NULL;
  ssize_t id_len;
  gboolean match;
  struct stat st;

  if (build_id_len == 0 || build_id_len > 64)
    return -1;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return -1;
  /* The path comes from the dump: only a regular file is read (never a
   * FIFO, device or directory planted under that name). */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return -1;
    }
  elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
  if (elf == NULL)
    {
      close (fd);
      return -1;
    }
  id_len = dwelf_elf_gnu_build_id (elf, &id);
  match = id_len > 0 && (size_t) id_len == build_id_len && memcmp (id, build_id, build_id_len) == 0;
  elf_end (elf);
  if (!match)
    {
      close (fd);
      return -1;
    }
  return fd;
}

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
      g_autofree char *hex = NULL;
      g_autofree char *debug_path = NULL;
      int fd;
      guint64 bias;
      Dwfl_Module *mod;

      if (pm_minidump_get_module (walker->md, i, &module) != PM_MD_OK
          || pm_minidump_read_string (walker->md, module.module_name_rva, path, sizeof path, NULL) != PM_MD_OK
          || pm_minidump_get_module_ids (walker->md, &module, &ids) != PM_MD_OK
          || ids.build_id_len == 0 || ids.build_id_len > sizeof ids.build_id)
        continue;

      fd = path[0] == '/' ? open_matching_elf (path, ids.build_id, ids.build_id_len) : -1;
      if (fd < 0)
        {
          /* No matching file where the process had it: a separate debug
           * file carries the same program headers, symbols and CFI. */
          hex = g_malloc (ids.build_id_len * 2 + 1);
          for (size_t k = 0; k < ids.build_id_len; k++)
            g_snprintf (hex + 2 * k, 3, "%02x", ids.build_id[k]);
          debug_path = g_strdup_printf ("/usr/lib/debug/.build-id/%.2s/%s.debug", hex, hex + 2);
          fd = open_matching_elf (debug_path, ids.build_id, ids.build_id_len);
          if (fd < 0)
            continue;
        }
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
  walker->dwfl = dwfl_begin (&dwfl_callbacks);
  if (walker->dwfl == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "libdwfl: %s", dwfl_errmsg (-1));
      g_free (walker);
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
  dwfl_end (walker->dwfl);
  g_free (walker);
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
 * builds them; *is_location says which. Only the operations CFI uses on
 * x86-64 are supported; anything else fails the rule (and the walk falls
 * back to the frame pointer). */
static gboolean
eval_expr (PmStackwalker *walker,
           const Regs    *regs,
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
          if (reg >= N_REGS || !(regs->valid & (1u << reg)))
            return FALSE;
          PUSH (regs->r[reg] + (op->atom == DW_OP_bregx ? op->number2 : op->number));
          break;
        case DW_OP_reg0 ... DW_OP_reg31:
        case DW_OP_regx:
          reg = op->atom == DW_OP_regx ? (unsigned) op->number : (unsigned) (op->atom - DW_OP_reg0);
          if (reg >= N_REGS || !(regs->valid & (1u << reg)))
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
          POP (a); PUSH (a + op->number);
          break;
        case DW_OP_deref:
          POP (a);
          if (!read_u64 (walker, a, &b))
            return FALSE;
          PUSH (b);
          break;
        case DW_OP_dup:
          POP (a); PUSH (a); PUSH (a);
          break;
        case DW_OP_drop:
          POP (a);
          break;
        case DW_OP_plus: POP (b); POP (a); PUSH (a + b); break;
        case DW_OP_minus: POP (b); POP (a); PUSH (a - b); break;
        case DW_OP_mul: POP (b); POP (a); PUSH (a * b); break;
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

/* One step by CFI: the caller's registers from the callee's. */
static CfiResult
unwind_cfi (PmStackwalker *walker,
            const Regs    *regs,
            guint64        lookup_pc,
            Regs          *caller,
            gboolean      *signal_frame)
{
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
  for (unsigned reg = 0; reg < N_REGS; reg++)
    {
      Dwarf_Op ops_mem[3];
      guint64 value;

      if (reg == DW_REG_RSP)
        continue;
      if (dwarf_frame_register (frame, (int) reg, ops_mem, &ops, &n_ops) != 0)
        continue;
      if (n_ops == 0 && ops == ops_mem && reg == DW_REG_RA)
        {
          /* _start and clone mark the return address undefined. */
          result = CFI_OUTERMOST;
          goto out;
        }
      if (n_ops == 0)
        {
          /* Same value (ops == NULL) or undefined (ops == ops_mem). */
          if (ops == NULL && (regs->valid & (1u << reg)))
            {
              caller->r[reg] = regs->r[reg];
              caller->valid |= 1u << reg;
            }
          continue;
        }
      if (!eval_expr (walker, regs, cfa, TRUE, ops, n_ops, &value, &is_location))
        continue;
      if (is_location && !read_u64 (walker, value, &value))
        continue;
      caller->r[reg] = value;
      caller->valid |= 1u << reg;
    }
  /* The caller's stack pointer is the CFA on x86-64. */
  caller->r[DW_REG_RSP] = cfa;
  caller->valid |= 1u << DW_REG_RSP;
  if (caller->valid & (1u << DW_REG_RA))
    result = CFI_OK;

out:
  free (frame);
  return result;
}

/* Is address inside a module of the dump (where code can be)? */
static gboolean
address_in_module (PmStackwalker *walker,
                   guint64        address)
{
  size_t index;

  if (address < 0x1000)
    return FALSE;
  if (dwfl_addrmodule (walker->dwfl, address) != NULL)
    return TRUE;
  return pm_minidump_find_module (walker->md, address, &index) == PM_MD_OK;
}

static gboolean
unwind_frame_pointer (PmStackwalker *walker,
                      const Regs    *regs,
                      Regs          *caller)
{
  guint64 rbp, saved_rbp, ret;

  if (!(regs->valid & (1u << DW_REG_RBP)) || !(regs->valid & (1u << DW_REG_RSP)))
    return FALSE;
  rbp = regs->r[DW_REG_RBP];
  if (rbp < regs->r[DW_REG_RSP] || (rbp & 7) != 0 || rbp > G_MAXUINT64 - 16)
    return FALSE;
  if (!read_u64 (walker, rbp, &saved_rbp) || !read_u64 (walker, rbp + 8, &ret))
    return FALSE;
  if (!address_in_module (walker, ret))
    return FALSE;
  memset (caller, 0, sizeof *caller);
  /* Callee-saved registers other than rbp are unknown now. */
  caller->r[DW_REG_RBP] = saved_rbp;
  caller->r[DW_REG_RSP] = rbp + 16;
  caller->r[DW_REG_RA] = ret;
  caller->valid = (1u << DW_REG_RBP) | (1u << DW_REG_RSP) | (1u << DW_REG_RA);
  return TRUE;
}

/* Breakpad's last resort: the first stack word above sp (for a caller of
 * frame 0, at sp itself) that points into a module. */
static gboolean
unwind_scan (PmStackwalker *walker,
             const Regs    *regs,
             gboolean       first_frame,
             Regs          *caller)
{
  guint64 sp;

  if (!(regs->valid & (1u << DW_REG_RSP)))
    return FALSE;
  sp = regs->r[DW_REG_RSP];
  for (guint i = 0; i < PM_STACKWALK_SCAN_WORDS; i++)
    {
      guint64 address = sp + (guint64) i * 8, word;

      if (address < sp)
        return FALSE;
      if (!read_u64 (walker, address, &word))
        return FALSE;
      if (!address_in_module (walker, word))
        continue;
      /* A word at sp of a non-first frame is where that frame's own return
       * address was found: skip it, or the scan would repeat the frame. */
      if (!first_frame && i == 0)
        continue;
      memset (caller, 0, sizeof *caller);
      caller->r[DW_REG_RSP] = address + 8;
      caller->r[DW_REG_RA] = word;
      caller->valid = (1u << DW_REG_RSP) | (1u << DW_REG_RA);
      /* A frame-pointer-built caller keeps rbp where the callee left it. */
      if ((regs->valid & (1u << DW_REG_RBP)) && regs->r[DW_REG_RBP] >= address + 8)
        {
          caller->r[DW_REG_RBP] = regs->r[DW_REG_RBP];
          caller->valid |= 1u << DW_REG_RBP;
        }
      return TRUE;
    }
  return FALSE;
}

/* ---- symbols ------------------------------------------------------------- */

static void
symbolize_frame (PmStackwalker *walker,
                 PmStackFrame  *frame,
                 gboolean       is_caller)
{
  /* A return address points after the call: look up the call itself. */
  guint64 lookup = is_caller && frame->pc > 0 ? frame->pc - 1 : frame->pc;
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
          frame->module = g_path_get_basename (path);
          frame->module_offset = frame->pc - module.base_of_image;
        }
    }
  if (mod != NULL)
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
  if (mod != NULL)
    {
      Dwfl_Line *line;

      if (name != NULL)
        {
          frame->function = g_strdup (name);
          frame->function_offset = offset + (lookup != frame->pc ? 1 : 0);
        }
      line = dwfl_module_getsrc (mod, lookup);
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

GArray *
pm_stackwalker_walk (PmStackwalker      *walker,
                     const PmMdContext  *ctx,
                     GError            **error)
{
  GArray *frames;
  Regs regs = { 0 };
  PmFrameTrust trust = PM_FRAME_TRUST_CONTEXT;
  gboolean exact_pc = TRUE;   /* frame 0, and a frame a signal interrupted */
  const PmMdContextAmd64 *c;

  g_return_val_if_fail (walker != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (ctx->cpu != PM_MD_CPU_AMD64)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "stack walking supports AMD64 contexts only");
      return NULL;
    }
  c = &ctx->regs.amd64;
  regs.r[0] = c->rax; regs.r[1] = c->rdx; regs.r[2] = c->rcx; regs.r[3] = c->rbx;
  regs.r[4] = c->rsi; regs.r[5] = c->rdi; regs.r[DW_REG_RBP] = c->rbp; regs.r[DW_REG_RSP] = c->rsp;
  regs.r[8] = c->r8; regs.r[9] = c->r9; regs.r[10] = c->r10; regs.r[11] = c->r11;
  regs.r[12] = c->r12; regs.r[13] = c->r13; regs.r[14] = c->r14; regs.r[15] = c->r15;
  regs.r[DW_REG_RA] = c->rip;
  regs.valid = (1u << N_REGS) - 1;

  frames = g_array_new (FALSE, TRUE, sizeof (PmStackFrame));
  g_array_set_clear_func (frames, clear_frame);

  for (guint n = 0; n < PM_STACKWALK_MAX_FRAMES; n++)
    {
      PmStackFrame frame = { 0 };
      Regs caller;
      guint64 lookup;
      CfiResult cfi;
      gboolean signal_frame;

      frame.pc = regs.r[DW_REG_RA];
      frame.sp = regs.r[DW_REG_RSP];
      frame.trust = trust;
      symbolize_frame (walker, &frame, !exact_pc);
      g_array_append_val (frames, frame);

      /* Frame 0 faulted at pc itself; callers sit after a call. */
      lookup = exact_pc ? frame.pc : frame.pc - 1;
      signal_frame = FALSE;
      cfi = unwind_cfi (walker, &regs, lookup, &caller, &signal_frame);
      if (cfi == CFI_OUTERMOST)
        break;
      if (cfi == CFI_OK)
        trust = PM_FRAME_TRUST_CFI;
      else if (unwind_frame_pointer (walker, &regs, &caller))
        trust = PM_FRAME_TRUST_FRAME_POINTER;
      else if (unwind_scan (walker, &regs, n == 0, &caller))
        trust = PM_FRAME_TRUST_SCAN;
      else
        break;

      /* The end of the stack, a loop or garbage: stop. */
      if (caller.r[DW_REG_RA] == 0 || caller.r[DW_REG_RSP] <= regs.r[DW_REG_RSP])
        break;
      /* A caller found by CFI or frame pointer must return into code. */
      if (!address_in_module (walker, caller.r[DW_REG_RA]))
        {
          Regs scanned;
          /* CFI rows for a thread's entry point leave garbage in rip: the
           * stack ends there (Breakpad ends it the same way). */
          if (trust == PM_FRAME_TRUST_SCAN || !unwind_scan (walker, &regs, n == 0, &scanned)
              || scanned.r[DW_REG_RSP] <= regs.r[DW_REG_RSP])
            break;
          caller = scanned;
          trust = PM_FRAME_TRUST_SCAN;
        }
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
