/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-cpu.c — the four CPUs the stack walker knows (pm-stackwalk-cpu.h).
 *
 * Runs in: postmortemctl and the application's backtrace worker (libc only).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-stackwalk-cpu.h"

#define BIT(n) (G_GUINT64_CONSTANT (1) << (n))

static const char *const x86_names[] = {
  "$eax", "$ecx", "$edx", "$ebx", "$esp", "$ebp", "$esi", "$edi", "$eip",
};

static const char *const amd64_names[] = {
  "$rax", "$rdx", "$rcx", "$rbx", "$rsi", "$rdi", "$rbp", "$rsp",
  "$r8", "$r9", "$r10", "$r11", "$r12", "$r13", "$r14", "$r15", "$rip",
};

static const char *const arm_names[] = {
  "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
  "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
};

static const char *const arm64_names[] = {
  "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
  "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
  "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
  "x30", "sp", "pc",
};

static const PmCpu cpus[] = {
  {
    .cpu = PM_MD_CPU_X86, .name = "x86", .word_size = 4, .n_regs = 9,
    .pc = 8, .sp = 4, .fp = 5, .lr = -1, .ra = 8,
    .callee_saved = BIT (3) | BIT (5) | BIT (6) | BIT (7),
    .sym_names = x86_names,
  },
  {
    .cpu = PM_MD_CPU_AMD64, .name = "amd64", .word_size = 8, .n_regs = 17,
    .pc = 16, .sp = 7, .fp = 6, .lr = -1, .ra = 16,
    .callee_saved = BIT (3) | BIT (6) | BIT (12) | BIT (13) | BIT (14) | BIT (15),
    .sym_names = amd64_names,
  },
  {
    /* Linux and Android code does not keep a frame-pointer chain Breakpad
     * trusts (r11 or r7 by compiler and mode): no frame-pointer step. */
    .cpu = PM_MD_CPU_ARM, .name = "arm", .word_size = 4, .n_regs = 16,
    .pc = 15, .sp = 13, .fp = -1, .lr = 14, .ra = 14,
    .callee_saved = BIT (4) | BIT (5) | BIT (6) | BIT (7) | BIT (8) | BIT (9) | BIT (10) | BIT (11),
    .sym_names = arm_names,
  },
  {
    .cpu = PM_MD_CPU_ARM64, .name = "arm64", .word_size = 8, .n_regs = 33,
    .pc = 32, .sp = 31, .fp = 29, .lr = 30, .ra = 30,
    .callee_saved = BIT (19) | BIT (20) | BIT (21) | BIT (22) | BIT (23) | BIT (24)
                    | BIT (25) | BIT (26) | BIT (27) | BIT (28) | BIT (29),
    .sym_names = arm64_names,
  },
};

const PmCpu *
pm_cpu_get (PmMdCpu cpu)
{
  for (guint i = 0; i < G_N_ELEMENTS (cpus); i++)
    if (cpus[i].cpu == cpu)
      return &cpus[i];
  return NULL;
}

void
pm_cpu_regs_from_context (const PmCpu       *cpu,
                          const PmMdContext *ctx,
                          PmRegs            *out)
{
  memset (out, 0, sizeof *out);
  switch (cpu->cpu)
    {
    case PM_MD_CPU_X86:
      {
        const PmMdContextX86 *c = &ctx->regs.x86;
        guint32 r[] = { c->eax, c->ecx, c->edx, c->ebx, c->esp, c->ebp, c->esi, c->edi, c->eip };
        for (guint i = 0; i < G_N_ELEMENTS (r); i++)
          pm_regs_set (out, (int) i, r[i]);
      }
      break;
    case PM_MD_CPU_AMD64:
      {
        const PmMdContextAmd64 *c = &ctx->regs.amd64;
        guint64 r[] = { c->rax, c->rdx, c->rcx, c->rbx, c->rsi, c->rdi, c->rbp, c->rsp,
                        c->r8, c->r9, c->r10, c->r11, c->r12, c->r13, c->r14, c->r15, c->rip };
        for (guint i = 0; i < G_N_ELEMENTS (r); i++)
          pm_regs_set (out, (int) i, r[i]);
      }
      break;
    case PM_MD_CPU_ARM:
      for (int i = 0; i < PM_MD_CONTEXT_ARM_GPR_COUNT; i++)
        pm_regs_set (out, i, ctx->regs.arm.iregs[i]);
      break;
    case PM_MD_CPU_ARM64:
      for (int i = 0; i < PM_MD_CONTEXT_ARM64_GPR_COUNT; i++)
        pm_regs_set (out, i, ctx->regs.arm64.x[i]);
      pm_regs_set (out, 31, ctx->regs.arm64.sp);
      pm_regs_set (out, 32, ctx->regs.arm64.pc);
      break;
    default:
      break;
    }
}

int
pm_cpu_reg_from_sym_name (const PmCpu *cpu,
                          const char  *name)
{
  for (guint i = 0; i < cpu->n_regs; i++)
    if (cpu->sym_names[i] != NULL && strcmp (cpu->sym_names[i], name) == 0)
      return (int) i;
  /* Other spellings dump_syms writers use. */
  if (cpu->cpu == PM_MD_CPU_ARM64)
    {
      if (strcmp (name, "fp") == 0) return 29;
      if (strcmp (name, "lr") == 0) return 30;
    }
  if (cpu->cpu == PM_MD_CPU_ARM)
    {
      if (strcmp (name, "r13") == 0) return 13;
      if (strcmp (name, "r14") == 0) return 14;
      if (strcmp (name, "r15") == 0) return 15;
      if (strcmp (name, "fp") == 0) return 11;
    }
  return -1;
}
