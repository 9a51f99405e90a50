/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-postfix.c — Breakpad's postfix expressions and programs (pm-postfix.h).
 *
 * Runs in: postmortemctl and the application's backtrace worker. Calls libc
 * only (GLib's types and macros, none of its functions): it is part of the
 * walker that `postmortemctl info` runs without loading GLib (pm-xalloc.h
 * says why).
 */
#include "pm-config.h"

#include <stdlib.h>
#include <string.h>

#include "pm-postfix.h"
#include "pm-xalloc.h"

void
pm_postfix_vars_clear (PmPostfixVars *vars)
{
  vars->n = 0;
}

static int
find_var (const PmPostfixVars *vars,
          const char          *name)
{
  for (guint i = 0; i < vars->n; i++)
    if (strcmp (vars->names[i], name) == 0)
      return (int) i;
  return -1;
}

gboolean
pm_postfix_vars_set (PmPostfixVars *vars,
                     const char    *name,
                     uint64_t       value)
{
  int i = find_var (vars, name);

  if (i < 0)
    {
      if (vars->n == PM_POSTFIX_MAX_VARS || strlen (name) >= PM_POSTFIX_NAME_MAX)
        return FALSE;
      i = (int) vars->n++;
      strcpy (vars->names[i], name);
    }
  vars->values[i] = value;
  return TRUE;
}

gboolean
pm_postfix_vars_get (const PmPostfixVars *vars,
                     const char          *name,
                     uint64_t            *out)
{
  int i = find_var (vars, name);

  if (i < 0)
    return FALSE;
  *out = vars->values[i];
  return TRUE;
}

int
pm_postfix_tokenize (const char   *s,
                     char        **storage,
                     const char  **tokens,
                     guint         max)
{
  char *copy = pm_xstrdup (s);
  char *p = copy;
  guint n = 0;

  *storage = copy;
  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        *p++ = '\0';
      if (*p == '\0')
        break;
      if (n == max)
        return -1;
      tokens[n++] = p;
      while (*p != ' ' && *p != '\t' && *p != '\0')
        p++;
    }
  return (int) n;
}

/* A number token: decimal or 0x-hex, a leading minus allowed. */
static gboolean
parse_number (const char *token,
              uint64_t   *out)
{
  gboolean negative = token[0] == '-';
  const char *digits = negative ? token + 1 : token;
  guint base = 10;
  char *end = NULL;
  uint64_t value;

  if (digits[0] < '0' || digits[0] > '9')
    return FALSE;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    {
      base = 16;
      digits += 2;
    }
  /* ASCII digits read the same in every locale; an overflow gives
   * G_MAXUINT64. */
  value = strtoull (digits, &end, (int) base);
  if (end == digits || *end != '\0')
    return FALSE;
  *out = negative ? (uint64_t) 0 - value : value;
  return TRUE;
}

static gboolean
is_operator (const char *token)
{
  return token[1] == '\0' && strchr ("+-*/%@^=", token[0]) != NULL;
}

typedef struct
{
  const char *name;   /* an unresolved name (for =), or NULL */
  uint64_t    value;
} Entry;

typedef struct
{
  Entry entries[PM_POSTFIX_MAX_DEPTH];
  guint depth;
} Stack;

static gboolean
pop_value (const PmPostfixVars *vars,
           Stack               *stack,
           uint64_t            *out)
{
  Entry *e;

  if (stack->depth == 0)
    return FALSE;
  e = &stack->entries[--stack->depth];
  if (e->name != NULL)
    return pm_postfix_vars_get (vars, e->name, out);
  *out = e->value;
  return TRUE;
}

static gboolean
push (Stack      *stack,
      const char *name,
      uint64_t    value)
{
  if (stack->depth == PM_POSTFIX_MAX_DEPTH)
    return FALSE;
  stack->entries[stack->depth].name = name;
  stack->entries[stack->depth].value = value;
  stack->depth++;
  return TRUE;
}

/* One token; vars may change only through '=' (when assign is set). */
static gboolean
step (const PmPostfixMachine *machine,
      PmPostfixVars          *vars,
      gboolean                assign,
      Stack                  *stack,
      const char             *token)
{
  uint64_t mask = machine->word_size == 4 ? G_GUINT64_CONSTANT (0xffffffff) : G_MAXUINT64;
  uint64_t a, b, r, number;

  if (!is_operator (token))
    {
      if (parse_number (token, &number))
        return push (stack, NULL, number & mask);
      return push (stack, token, 0);
    }
  if (token[0] == '^')
    {
      if (!pop_value (vars, stack, &a) || !machine->read_word (machine->user_data, a, &r))
        return FALSE;
      return push (stack, NULL, r & mask);
    }
  if (token[0] == '=')
    {
      Entry *target;
      if (!assign || !pop_value (vars, stack, &b) || stack->depth == 0)
        return FALSE;
      target = &stack->entries[--stack->depth];
      return target->name != NULL && pm_postfix_vars_set (vars, target->name, b);
    }
  if (!pop_value (vars, stack, &b) || !pop_value (vars, stack, &a))
    return FALSE;
  switch (token[0])
    {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': if (b == 0) return FALSE; r = a / b; break;
    case '%': if (b == 0) return FALSE; r = a % b; break;
    case '@':
      /* Align down to b, a power of two. */
      if (b == 0 || (b & (b - 1)) != 0)
        return FALSE;
      r = a & ~(b - 1);
      break;
    default:
      return FALSE;
    }
  return push (stack, NULL, r & mask);
}

gboolean
pm_postfix_evaluate (const PmPostfixMachine *machine,
                     const PmPostfixVars    *vars,
                     const char *const      *tokens,
                     guint                   n,
                     uint64_t               *out)
{
  Stack stack = { .depth = 0 };

  for (guint i = 0; i < n; i++)
    if (!step (machine, (PmPostfixVars *) vars, FALSE, &stack, tokens[i]))
      return FALSE;
  return stack.depth == 1 && pop_value (vars, &stack, out);
}

gboolean
pm_postfix_run (const PmPostfixMachine *machine,
                PmPostfixVars          *vars,
                const char             *program)
{
  const char *tokens[PM_POSTFIX_MAX_TOKENS];
  char *storage = NULL;
  Stack stack = { .depth = 0 };
  int n = pm_postfix_tokenize (program, &storage, tokens, G_N_ELEMENTS (tokens));
  gboolean ok = n > 0;

  for (int i = 0; ok && i < n; i++)
    ok = step (machine, vars, TRUE, &stack, tokens[i]);
  free (storage);
  /* Every value assigned: nothing left over. */
  return ok && stack.depth == 0;
}
