/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-exception-text.c — plain words for Windows and macOS exceptions, and
 * through pm_signal_describe() for Linux signals (pm-exception-text.h).
 *
 * Runs in: the postmortem GUI process (any thread; gettext only).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-exception-text.h"
#include "pm-report-text.h"

typedef struct
{
  const char *name;      /* as pm_minidump_get_crash_reason() names it */
  const char *meaning;
} ExceptionText;

/* The same sentences as the Linux signals where the failure is the same. */
static const ExceptionText exception_texts[] = {
  /* Windows: exception codes (NTSTATUS) */
  { "EXCEPTION_ACCESS_VIOLATION",       N_("It tried to use memory it does not own.") },
  { "EXCEPTION_ACCESS_VIOLATION_READ",  N_("It tried to read memory it does not own.") },
  { "EXCEPTION_ACCESS_VIOLATION_WRITE", N_("It tried to write to memory it does not own.") },
  { "EXCEPTION_ACCESS_VIOLATION_EXEC",  N_("It tried to run code from memory that holds no code.") },
  { "EXCEPTION_IN_PAGE_ERROR",          N_("It tried to use memory whose file or disk could not be read.") },
  { "EXCEPTION_GUARD_PAGE",             N_("It touched a guard page at the edge of its memory.") },
  { "EXCEPTION_DATATYPE_MISALIGNMENT",  N_("It tried to use memory at an address the processor does not allow.") },
  { "EXCEPTION_STACK_OVERFLOW",         N_("It ran out of stack space, usually because a function called itself without end.") },
  { "EXCEPTION_ILLEGAL_INSTRUCTION",    N_("It tried to run an instruction the processor cannot execute.") },
  { "EXCEPTION_PRIV_INSTRUCTION",       N_("It tried to run an instruction only the system may run.") },
  { "EXCEPTION_INT_DIVIDE_BY_ZERO",     N_("It divided a number by zero.") },
  { "EXCEPTION_INT_OVERFLOW",           N_("A calculation gave a number too large to hold.") },
  { "EXCEPTION_FLT_DIVIDE_BY_ZERO",     N_("It divided a number by zero.") },
  { "EXCEPTION_FLT_OVERFLOW",           N_("A calculation gave a number too large to hold.") },
  { "EXCEPTION_FLT_UNDERFLOW",          N_("A calculation gave a number too small to hold.") },
  { "EXCEPTION_FLT_INVALID_OPERATION",  N_("It did an impossible calculation.") },
  { "EXCEPTION_FLT_DENORMAL_OPERAND",   N_("It did an impossible calculation.") },
  { "EXCEPTION_FLT_INEXACT_RESULT",     N_("It did an impossible calculation.") },
  { "EXCEPTION_FLT_STACK_CHECK",        N_("It did an impossible calculation.") },
  { "EXCEPTION_ARRAY_BOUNDS_EXCEEDED",  N_("It used a position past the end of a list.") },
  { "EXCEPTION_BREAKPOINT",             N_("It stopped at a breakpoint or a failed internal check.") },
  { "EXCEPTION_SINGLE_STEP",            N_("It stopped at a breakpoint or a failed internal check.") },
  { "EXCEPTION_INVALID_HANDLE",         N_("It used a file or system object that was already closed or never existed.") },
  { "EXCEPTION_INVALID_PARAMETER",      N_("It passed a value a system function does not accept.") },
  { "STATUS_INVALID_CRUNTIME_PARAMETER", N_("It passed a value a C runtime function does not accept.") },
  { "EXCEPTION_NO_MEMORY",              N_("It ran out of memory.") },
  { "EXCEPTION_NONCONTINUABLE_EXCEPTION", N_("It tried to go on after an error that does not allow it.") },
  { "EXCEPTION_INVALID_DISPOSITION",    N_("Its error handling itself failed.") },
  { "EXCEPTION_POSSIBLE_DEADLOCK",      N_("It waited for a lock that was never released.") },
  { "EXCEPTION_CPP_EH",                 N_("It raised a C++ exception that nothing caught.") },
  { "STATUS_HEAP_CORRUPTION",           N_("It damaged its own memory bookkeeping (heap corruption).") },
  { "STATUS_STACK_BUFFER_OVERRUN",      N_("It stopped itself after finding that its memory had been overwritten.") },
  { "STATUS_ASSERTION_FAILURE",         N_("It stopped itself after a failed internal check.") },
  { "STATUS_FATAL_APP_EXIT",            N_("It stopped itself after finding a problem it could not recover from.") },
  { "STATUS_DLL_NOT_FOUND",             N_("A library it needs could not be found.") },
  { "STATUS_DLL_INIT_FAILED",           N_("A library it needs failed to start.") },
  { "STATUS_CONTROL_C_EXIT",            N_("It was stopped with Ctrl+C.") },
  /* macOS and iOS: Mach exceptions */
  { "EXC_BAD_ACCESS",                   N_("It tried to use memory it does not own.") },
  { "EXC_BAD_INSTRUCTION",              N_("It tried to run an instruction the processor cannot execute.") },
  { "EXC_ARITHMETIC",                   N_("It did an impossible calculation, such as dividing by zero.") },
  { "EXC_BREAKPOINT",                   N_("It stopped at a breakpoint or a failed internal check.") },
  { "EXC_SOFTWARE",                     N_("It stopped itself after finding a problem it could not recover from.") },
  { "EXC_CRASH",                        N_("It stopped itself after finding a problem it could not recover from.") },
  { "EXC_RESOURCE",                     N_("It used more of a resource (memory, processor time) than it is allowed.") },
  { "EXC_GUARD",                        N_("It used a guarded system object in a way that is not allowed.") },
  { "EXC_CRASHPAD_NSEXCEPTION",         N_("It raised an Objective-C exception that nothing caught.") },
};

const char *
pm_exception_describe (const char *code_name)
{
  if (code_name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (exception_texts); i++)
    if (g_str_equal (code_name, exception_texts[i].name))
      return _(exception_texts[i].meaning);
  return pm_signal_describe (code_name);
}
