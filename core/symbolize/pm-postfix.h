/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-postfix.h — the postfix expressions of Breakpad symbol files: the rules
 * of STACK CFI records (".cfa: $rsp 16 + .ra: .cfa -8 + ^") and the programs
 * of STACK WIN records ("$T0 $ebp = $eip $T0 4 + ^ = …").
 *
 * Runs in: postmortemctl and the application's backtrace worker. Calls libc
 * only (GLib's types and macros, none of its functions), as the walker that
 * `postmortemctl info` runs without loading GLib.
 *
 * Values are unsigned words of the dump's CPU (32 or 64 bits: every result is
 * cut to the word). Operators: + - * / % (unsigned), @ (align down to a power
 * of two), ^ (read a word of memory, through the caller's function), and in
 * programs = (assign). Operands: decimal or 0x-hex numbers (a leading minus
 * allowed) and names ($eip, .cfa, x29, .cbSavedRegs, …) looked up in a small
 * table of variables. Anything else, a missing operand, a division by zero,
 * an unknown name or unreadable memory fails the whole expression: a frame
 * is never recovered from a rule half-understood.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define PM_POSTFIX_MAX_VARS  64
#define PM_POSTFIX_NAME_MAX  32
#define PM_POSTFIX_MAX_DEPTH 32
#define PM_POSTFIX_MAX_TOKENS 256

typedef struct
{
  guint    n;
  char     names[PM_POSTFIX_MAX_VARS][PM_POSTFIX_NAME_MAX];
  uint64_t values[PM_POSTFIX_MAX_VARS];
} PmPostfixVars;

/* Reads the word at address; FALSE when the memory is not in the dump. */
typedef gboolean (*PmPostfixReadWord) (gpointer  user_data,
                                       uint64_t  address,
                                       uint64_t *out);

typedef struct
{
  guint             word_size;     /* 4 or 8 */
  PmPostfixReadWord read_word;
  gpointer          user_data;
} PmPostfixMachine;

void     pm_postfix_vars_clear (PmPostfixVars *vars);
/* FALSE when the table is full or the name too long. */
gboolean pm_postfix_vars_set   (PmPostfixVars *vars, const char *name, uint64_t value);
gboolean pm_postfix_vars_get   (const PmPostfixVars *vars, const char *name, uint64_t *out);

/* Splits s at spaces into at most max tokens (NUL-terminated in the copy
 * *storage, freed with free()). Returns the number, or -1 when over max. */
int      pm_postfix_tokenize   (const char *s, char **storage, const char **tokens, guint max);

/* Evaluates an expression of n tokens to one value. */
gboolean pm_postfix_evaluate   (const PmPostfixMachine *machine,
                                const PmPostfixVars    *vars,
                                const char *const      *tokens,
                                guint                   n,
                                uint64_t               *out);

/* Runs a program of assignments, setting variables in vars. */
gboolean pm_postfix_run        (const PmPostfixMachine *machine,
                                PmPostfixVars          *vars,
                                const char             *program);

G_END_DECLS
