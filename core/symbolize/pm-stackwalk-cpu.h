/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-cpu.h — what the stack walker needs to know of each CPU: its
 * word size, its registers by DWARF number (the numbering of the CFI in ELF
 * files, so libdw's rules apply to them directly), which of them are the
 * program counter, stack pointer, frame pointer, link register and CFI
 * return-address column, which survive calls, and the names Breakpad symbol
 * files give them.
 *
 * Runs in: postmortemctl and the application's backtrace worker (libc only).
 *
 * Register numbers, from each CPU's DWARF ABI:
 *   x86    eax ecx edx ebx esp ebp esi edi = 0..7, eip = 8 (return column)
 *   AMD64  rax rdx rcx rbx rsi rdi rbp rsp = 0..7, r8..r15 = 8..15, rip = 16
 *   ARM    r0..r15 = 0..15 (sp 13, lr 14 = return column, pc 15)
 *   ARM64  x0..x30 = 0..30 (fp 29, lr 30 = return column), sp 31, pc 32
 */
#pragma once

#include <glib.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

#define PM_CPU_MAX_REGS 40

typedef struct
{
  guint64 r[PM_CPU_MAX_REGS];
  guint64 valid;                 /* bit n set when r[n] is known */
} PmRegs;

static inline gboolean
pm_regs_has (const PmRegs *regs,
             int           reg)
{
  return reg >= 0 && reg < PM_CPU_MAX_REGS && (regs->valid & (G_GUINT64_CONSTANT (1) << reg)) != 0;
}

static inline void
pm_regs_set (PmRegs  *regs,
             int      reg,
             guint64  value)
{
  regs->r[reg] = value;
  regs->valid |= G_GUINT64_CONSTANT (1) << reg;
}

typedef struct
{
  PmMdCpu             cpu;
  const char         *name;          /* "x86", "amd64", "arm", "arm64" */
  guint               word_size;
  guint               n_regs;
  int                 pc, sp;
  int                 fp;            /* frame-pointer register, -1 when not walked by it */
  int                 lr;            /* link register, -1 when calls push the return address */
  int                 ra;            /* the CFI return-address column */
  guint64             callee_saved;  /* registers a call preserves (bit per number) */
  const char *const  *sym_names;     /* Breakpad's names by number (NULL entries: none) */
} PmCpu;

/* NULL for a CPU the walker does not know. */
const PmCpu *pm_cpu_get               (PmMdCpu             cpu);

/* The registers of a dump context (ctx->cpu must be cpu's). */
void         pm_cpu_regs_from_context (const PmCpu        *cpu,
                                       const PmMdContext  *ctx,
                                       PmRegs             *out);

/* The register a Breakpad name stands for ("$rsp", "x29", "fp", "lr", …),
 * or -1. */
int          pm_cpu_reg_from_sym_name (const PmCpu        *cpu,
                                       const char         *name);

G_END_DECLS
