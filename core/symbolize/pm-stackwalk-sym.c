/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-sym.c — the walker's steps that use Breakpad symbol files:
 * finding a module's .sym in the symbol directories, unwinding by its STACK
 * CFI and STACK WIN records, and naming frames (with inline frames) from it.
 *
 * Runs in: postmortemctl and the application's backtrace worker (libc only:
 * pm-xalloc.h says why).
 *
 * STACK WIN follows what Breakpad's x86 walker does with Windows frame data:
 * the record's program (or, for FPO records, the program Breakpad writes for
 * them) runs with $eip $esp $ebp $ebx $esi $edi, .cbCalleeParams (the
 * callee's parameter size), .cbSavedRegs, .cbLocals, .cbParams and
 * .raSearchStart (where the return address should be); when the $eip it
 * gives is not in a module, the return address is searched for from
 * .raSearchStart and the program runs again from there.
 */
#include "pm-config.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "pm-postfix.h"
#include "pm-stackwalk-private.h"
#include "pm-xalloc.h"

/* ---- finding the symbol file ----------------------------------------------- */

/* The last component of a Windows or POSIX path. */
static const char *
path_basename (const char *path)
{
  const char *base = MAX (strrchr (path, '/'), strrchr (path, '\\'));
  return base != NULL ? base + 1 : path;
}

/* Whether a and b are the same but for the case of ASCII letters (debug ids
 * and extensions: never the locale's idea of case). */
static gboolean
ascii_equal_nocase (const char *a,
                    const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    {
      char ca = *a >= 'A' && *a <= 'Z' ? (char) (*a + 32) : *a;
      char cb = *b >= 'A' && *b <= 'Z' ? (char) (*b + 32) : *b;
      if (ca != cb)
        return FALSE;
    }
  return *a == *b;
}

static PmSymfile *
load_symfile (PmStackwalker       *walker,
              const PmMdModuleIds *ids)
{
  const char *debug_file = path_basename (ids->debug_file);
  size_t len = strlen (debug_file);
  int stem;

  if (len == 0 || ids->debug_id[0] == '\0' || strcmp (debug_file, ".") == 0 || strcmp (debug_file, "..") == 0)
    return NULL;
  /* test_app.pdb -> test_app.sym; libc.so.6 -> libc.so.6.sym */
  stem = (int) MIN (len, (size_t) G_MAXINT);
  if (len > 4 && ascii_equal_nocase (debug_file + len - 4, ".pdb"))
    stem = (int) (len - 4);

  for (guint i = 0; i < walker->n_symbol_dirs; i++)
    {
      const char *dir = walker->symbol_dirs[i];
      size_t dir_len = strlen (dir);
      char *path;
      struct stat st;
      PmSymfile *sym;

      /* DIR/<debug file>/<debug id>/<stem>.sym, one separator each. */
      while (dir_len > 1 && dir[dir_len - 1] == '/')
        dir_len--;
      path = pm_xasprintf ("%.*s/%s/%s/%.*s.sym", (int) MIN (dir_len, (size_t) G_MAXINT), dir,
                           debug_file, ids->debug_id, stem, debug_file);
      sym = stat (path, &st) == 0 && S_ISREG (st.st_mode) ? pm_symfile_load (path, NULL) : NULL;
      free (path);
      if (sym == NULL)
        continue;
      /* Never the symbols of another build. */
      if (!ascii_equal_nocase (pm_symfile_get_debug_id (sym), ids->debug_id))
        {
          pm_symfile_free (sym);
          continue;
        }
      return sym;
    }
  return NULL;
}

/* A symbol file looked up and not found (symfiles[] holds NULL for "not
 * looked up yet"). */
#define NO_SYMFILE ((PmSymfile *) &walker_no_symfile)
static const char walker_no_symfile;

void
pm_stackwalker_forget_symfiles (PmStackwalker *walker)
{
  if (walker->symfiles == NULL)
    return;
  for (size_t i = 0; i < walker->n_modules; i++)
    if (walker->symfiles[i] != NULL && walker->symfiles[i] != NO_SYMFILE)
      pm_symfile_free (walker->symfiles[i]);
  free (walker->symfiles);
  walker->symfiles = NULL;
}

PmSymfile *
pm_stackwalker_symfile_for (PmStackwalker *walker,
                            guint64        address,
                            guint64       *offset)
{
  size_t index;
  PmMdModule module;

  if (walker->n_symbol_dirs == 0
      || pm_minidump_find_module (walker->md, address, &index) != PM_MD_OK
      || index >= walker->n_modules
      || pm_minidump_get_module (walker->md, index, &module) != PM_MD_OK)
    return NULL;
  *offset = address - module.base_of_image;
  /* One slot per module of the dump: as many as its ModuleList holds, so
   * bounded by the file's size. */
  if (walker->symfiles == NULL)
    walker->symfiles = pm_xcalloc (walker->n_modules, sizeof *walker->symfiles);
  if (walker->symfiles[index] == NULL)
    {
      PmMdModuleIds ids;
      PmSymfile *sym = pm_minidump_get_module_ids (walker->md, &module, &ids) == PM_MD_OK
                       ? load_symfile (walker, &ids) : NULL;
      walker->symfiles[index] = sym != NULL ? sym : NO_SYMFILE;
    }
  return walker->symfiles[index] != NO_SYMFILE ? walker->symfiles[index] : NULL;
}

/* ---- evaluating ------------------------------------------------------------- */

static gboolean
read_word_cb (gpointer  user_data,
              uint64_t  address,
              uint64_t *out)
{
  return pm_stackwalker_read_word (user_data, address, out);
}

static void
machine_init (PmStackwalker    *walker,
              PmPostfixMachine *machine)
{
  machine->word_size = walker->cpu->word_size;
  machine->read_word = read_word_cb;
  machine->user_data = walker;
}

/* The callee's known registers under their symbol-file names. */
static void
vars_from_regs (const PmCpu   *cpu,
                const PmRegs  *regs,
                PmPostfixVars *vars)
{
  pm_postfix_vars_clear (vars);
  for (guint i = 0; i < cpu->n_regs; i++)
    if (cpu->sym_names[i] != NULL && pm_regs_has (regs, (int) i))
      pm_postfix_vars_set (vars, cpu->sym_names[i], regs->r[i]);
  if (cpu->cpu == PM_MD_CPU_ARM64)
    {
      if (pm_regs_has (regs, 29))
        pm_postfix_vars_set (vars, "fp", regs->r[29]);
      if (pm_regs_has (regs, 30))
        pm_postfix_vars_set (vars, "lr", regs->r[30]);
    }
}

/* ---- STACK CFI ---------------------------------------------------------------- */

typedef struct
{
  const char *name;              /* ".cfa", ".ra", "$rbp", "x29", … */
  guint       first, n;          /* its expression's tokens */
} Rule;

/* The caller's registers by the rules of tokens ("NAME: expr…" pairs, the
 * names' colons overwritten here). */
static gboolean
unwind_by_rules (PmStackwalker  *walker,
                 const PmRegs   *regs,
                 const char    **tokens,
                 int             n_tokens,
                 PmRegs         *caller)
{
  const PmCpu *cpu = walker->cpu;
  guint64 cfa, ra;
  Rule list[64];
  guint n_rules = 0;
  PmPostfixMachine machine;
  PmPostfixVars vars;
  const Rule *cfa_rule = NULL, *ra_rule = NULL;

  /* "NAME: expr…" pairs; a later rule for a name replaces an earlier one. */
  for (int i = 0; i < n_tokens; i++)
    {
      size_t len = strlen (tokens[i]);
      if (len > 1 && tokens[i][len - 1] == ':')
        {
          guint k;
          ((char *) tokens[i])[len - 1] = '\0';
          for (k = 0; k < n_rules && strcmp (list[k].name, tokens[i]) != 0; k++)
            ;
          if (k == n_rules)
            {
              if (n_rules == G_N_ELEMENTS (list))
                return FALSE;
              n_rules++;
            }
          list[k].name = tokens[i];
          list[k].first = (guint) i + 1;
          list[k].n = 0;
          /* Tokens up to the next "NAME:". */
          for (int j = i + 1; j < n_tokens && tokens[j][strlen (tokens[j]) - 1] != ':'; j++)
            list[k].n++;
        }
      else if (n_rules == 0)
        return FALSE;   /* an expression before any name */
    }
  for (guint k = 0; k < n_rules; k++)
    {
      if (strcmp (list[k].name, ".cfa") == 0)
        cfa_rule = &list[k];
      else if (strcmp (list[k].name, ".ra") == 0)
        ra_rule = &list[k];
    }
  if (cfa_rule == NULL)
    return FALSE;

  machine_init (walker, &machine);
  vars_from_regs (cpu, regs, &vars);
  if (!pm_postfix_evaluate (&machine, &vars, tokens + cfa_rule->first, cfa_rule->n, &cfa))
    return FALSE;
  pm_postfix_vars_set (&vars, ".cfa", cfa);
  if (ra_rule != NULL)
    {
      if (!pm_postfix_evaluate (&machine, &vars, tokens + ra_rule->first, ra_rule->n, &ra))
        return FALSE;
    }
  else if (cpu->lr >= 0 && pm_regs_has (regs, cpu->lr))
    ra = regs->r[cpu->lr];     /* a leaf: it returns through lr */
  else
    return FALSE;

  /* Registers a call preserves keep their values unless a rule says where
   * they were saved. */
  memset (caller, 0, sizeof *caller);
  for (guint i = 0; i < cpu->n_regs; i++)
    if ((cpu->callee_saved & (G_GUINT64_CONSTANT (1) << i)) && pm_regs_has (regs, (int) i))
      pm_regs_set (caller, (int) i, regs->r[i]);
  for (guint k = 0; k < n_rules; k++)
    {
      int reg;
      guint64 value;

      if (&list[k] == cfa_rule || &list[k] == ra_rule)
        continue;
      reg = pm_cpu_reg_from_sym_name (cpu, list[k].name);
      if (reg < 0 || reg == cpu->sp || reg == cpu->pc)
        continue;
      if (pm_postfix_evaluate (&machine, &vars, tokens + list[k].first, list[k].n, &value))
        pm_regs_set (caller, reg, value);
      else
        caller->valid &= ~(G_GUINT64_CONSTANT (1) << reg);
    }
  pm_regs_set (caller, cpu->sp, cfa);
  pm_regs_set (caller, cpu->pc, ra);
  return TRUE;
}

gboolean
pm_stackwalker_unwind_sym_cfi (PmStackwalker *walker,
                               const PmRegs  *regs,
                               guint64        lookup_pc,
                               PmRegs        *caller)
{
  guint64 offset = 0;
  PmSymfile *sym = pm_stackwalker_symfile_for (walker, lookup_pc, &offset);
  char *rules;
  char *storage = NULL;
  const char **tokens;
  gboolean unwound;
  guint max_tokens;
  int n_tokens;

  if (sym == NULL || (rules = pm_symfile_find_cfi_rules (sym, offset)) == NULL)
    return FALSE;
  /* A function's INIT record and all its deltas: as many tokens as the text
   * can hold (one character and a space each), not a fixed number. */
  max_tokens = (guint) MIN (strlen (rules) / 2 + 1, G_MAXUINT / sizeof *tokens);
  tokens = pm_xmalloc (max_tokens * sizeof *tokens);
  n_tokens = pm_postfix_tokenize (rules, &storage, tokens, max_tokens);
  unwound = n_tokens > 0 && unwind_by_rules (walker, regs, tokens, n_tokens, caller);
  free (tokens);
  free (storage);
  free (rules);
  return unwound;
}

/* ---- STACK WIN (x86) ---------------------------------------------------------- */

/* Runs program with the frame's dictionary; the caller's registers on
 * success. */
static gboolean
run_win_program (PmStackwalker  *walker,
                 const PmRegs   *regs,
                 const PmSymWin *win,
                 const char     *program,
                 guint32         callee_params,
                 guint64         ra_search_start,
                 PmRegs         *caller)
{
  const PmCpu *cpu = walker->cpu;
  PmPostfixMachine machine;
  PmPostfixVars vars;
  guint64 eip, esp, value;

  machine_init (walker, &machine);
  vars_from_regs (cpu, regs, &vars);
  pm_postfix_vars_set (&vars, ".cbCalleeParams", callee_params);
  pm_postfix_vars_set (&vars, ".cbSavedRegs", win->saved_register_size);
  pm_postfix_vars_set (&vars, ".cbLocals", win->local_size);
  pm_postfix_vars_set (&vars, ".cbParams", win->parameter_size);
  pm_postfix_vars_set (&vars, ".raSearchStart", ra_search_start);
  pm_postfix_vars_set (&vars, ".raSearch", ra_search_start);
  if (!pm_postfix_run (&machine, &vars, program)
      || !pm_postfix_vars_get (&vars, "$eip", &eip) || !pm_postfix_vars_get (&vars, "$esp", &esp))
    return FALSE;
  memset (caller, 0, sizeof *caller);
  pm_regs_set (caller, cpu->pc, eip);
  pm_regs_set (caller, cpu->sp, esp);
  /* $ebp $ebx $esi $edi: what the program set, else the callee's. */
  for (int reg = 3; reg <= 7; reg++)
    if (reg != cpu->sp && pm_postfix_vars_get (&vars, cpu->sym_names[reg], &value))
      pm_regs_set (caller, reg, value);
  return TRUE;
}

/* The first word from start on that points into a module: its address
 * and value. */
static gboolean
scan_for_return_address (PmStackwalker *walker,
                         guint64        start,
                         guint64       *location,
                         guint64       *value)
{
  for (guint i = 0; i < PM_STACKWALK_SCAN_WORDS; i++)
    {
      guint64 word, address = start + (guint64) i * 4;
      if (address > 0xffffffffu || !pm_stackwalker_read_word (walker, address, &word))
        return FALSE;
      if (pm_stackwalker_in_module (walker, word))
        {
          *location = address;
          *value = word;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
pm_stackwalker_unwind_sym_win (PmStackwalker *walker,
                               const PmRegs  *regs,
                               guint64        lookup_pc,
                               guint32       *param_size,
                               PmRegs        *caller,
                               gboolean      *scanned)
{
  const PmCpu *cpu = walker->cpu;
  guint64 offset = 0, start, location, eip;
  PmSymfile *sym = pm_stackwalker_symfile_for (walker, lookup_pc, &offset);
  PmSymWin win;
  const char *program;
  guint32 callee_params = *param_size;

  *scanned = FALSE;
  if (sym == NULL || !pm_symfile_find_win (sym, offset, &win) || !pm_regs_has (regs, cpu->sp))
    return FALSE;
  if (win.program != NULL)
    program = win.program;
  else if (win.allocates_base_pointer)
    program = "$eip .raSearchStart ^ = $esp .raSearchStart 4 + = "
              "$ebp $esp .cbCalleeParams + .cbSavedRegs + 8 - ^ =";
  else
    program = "$eip .raSearchStart ^ = $esp .raSearchStart 4 + =";

  start = (regs->r[cpu->sp] + callee_params + win.local_size + win.saved_register_size) & 0xffffffffu;
  if (!run_win_program (walker, regs, &win, program, callee_params, start, caller))
    {
      /* The program needs what this frame does not have (ebp pointing
       * outside the stack): the return address is searched for instead. */
      if (!scan_for_return_address (walker, regs->r[cpu->sp], &location, &eip))
        return FALSE;
      memset (caller, 0, sizeof *caller);
      pm_regs_set (caller, cpu->pc, eip);
      pm_regs_set (caller, cpu->sp, location + 4);
      *scanned = TRUE;
    }
  else if ((caller->r[cpu->pc] != 0 || !pm_regs_has (caller, cpu->fp) || caller->r[cpu->fp] != 0)
           && !pm_stackwalker_in_module (walker, caller->r[cpu->pc])
           && scan_for_return_address (walker, start + 4, &location, &eip))
    {
      /* The sizes were off (a frame in its prologue, alloca): a better
       * return address above where it should have been. Both eip and ebp 0
       * is the end of the stack, not a miss. */
      pm_regs_set (caller, cpu->pc, eip);
      pm_regs_set (caller, cpu->sp, location + 4);
    }
  *param_size = win.parameter_size;
  return TRUE;
}

/* ---- naming frames -------------------------------------------------------------- */

#define MAX_INLINE_DEPTH 32

gboolean
pm_stackwalker_symbolize_sym (PmStackwalker *walker,
                              PmStackFrame  *frame,
                              guint64        lookup,
                              PmStackFrames *frames)
{
  guint64 offset = 0;
  PmSymfile *sym = pm_stackwalker_symfile_for (walker, lookup, &offset);
  PmSymLocation where;
  PmSymInline inlines[MAX_INLINE_DEPTH];
  guint n_inlines;
  const char *file;
  int line;

  if (sym == NULL || !pm_symfile_lookup (sym, offset, &where))
    return FALSE;
  file = where.source_file;
  line = where.source_line;
  /* Inlined functions, innermost first: each sits at the source line of
   * the one inside it, and the outermost at its call site in the function. */
  n_inlines = pm_symfile_lookup_inlines (sym, offset, inlines, MAX_INLINE_DEPTH);
  for (guint i = 0; i < n_inlines && frames->len + 1 < PM_STACKWALK_MAX_FRAMES; i++)
    {
      PmStackFrame in = { 0 };
      in.pc = frame->pc;
      in.sp = frame->sp;
      in.trust = PM_FRAME_TRUST_INLINE;
      in.module = pm_xstrdup (frame->module);
      in.module_offset = frame->module_offset;
      in.function = pm_xstrdup (inlines[i].function != NULL ? inlines[i].function : "<inline>");
      in.source_file = pm_xstrdup (file);
      in.source_line = line;
      pm_stack_frames_take (frames, &in);
      file = inlines[i].call_file;
      line = inlines[i].call_line;
    }
  frame->function = pm_xstrdup (where.function);
  frame->function_offset = where.function_offset + (lookup != frame->pc ? 1 : 0);
  frame->source_file = pm_xstrdup (file);
  frame->source_line = file != NULL ? line : 0;
  return TRUE;
}
