/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-symfile.c — Breakpad symbol files (pm-symfile.h) and the postfix
 * rules and programs in them (pm-postfix.h), on files written here: lookups of
 * functions, lines, PUBLIC symbols and inline frames, the STACK CFI rules in
 * force at an address, STACK WIN records; and every kind of bad input (a
 * record cut short, numbers that overflow, no MODULE line, no final newline,
 * CRLF endings, a line record before any FUNC) is skipped and counted, never
 * read past, and never costs the rest of the file.
 *
 * Runs in: meson test (suite symbolize, quick), also under ASan/UBSan.
 */
#include "pm-config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm-postfix.h"
#include "pm-symfile.h"

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-symfile-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
remove_file (char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

static const char GOOD[] =
  "MODULE Linux x86_64 0123456789ABCDEF0123456789ABCDEF0 crasher\n"
  "INFO CODE_ID 0123\n"
  "FILE 0 /src/main.c\n"
  "FILE 1 /src/util.h\n"
  "INLINE_ORIGIN 0 helper\n"
  "INLINE_ORIGIN 1 inner_helper\n"
  "FUNC 1000 40 0 main\n"
  "INLINE 0 12 0 0 1010 10\n"
  "INLINE 1 30 1 1 1014 4\n"
  "1000 10 10 0\n"
  "1010 10 30 1\n"
  "1020 20 14 0\n"
  "FUNC m 2000 10 0 other function with spaces\n"
  "2000 10 99 0\n"
  "PUBLIC 3000 0 exported_symbol\n"
  "PUBLIC m 3100 0 another\n"
  "STACK CFI INIT 1000 40 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n"
  "STACK CFI 1004 .cfa: $rsp 16 + $rbp: .cfa -16 + ^\n"
  "STACK CFI 1008 .cfa: $rbp 16 +\n"
  "STACK WIN 4 2000 10 3 0 8 0 c 0 1 $T0 $ebp = $eip $T0 4 + ^ =\n"
  "STACK WIN 0 2000 10 0 0 8 4 c 0 0 1\n";

static void
test_lookups (void)
{
  char *path = write_file ("good.sym", GOOD, -1);
  PmMdError error = { PM_MD_OK, 0, "" };
  g_autoptr(PmSymfile) sym = pm_symfile_load (path, &error);
  PmSymLocation where;
  PmSymInline inlines[4];
  PmSymWin win;
  char *rules = NULL;

  g_assert_nonnull (sym);
  g_assert_cmpint (error.status, ==, PM_MD_OK);
  g_assert_cmpstr (pm_symfile_get_os (sym), ==, "Linux");
  g_assert_cmpstr (pm_symfile_get_arch (sym), ==, "x86_64");
  g_assert_cmpstr (pm_symfile_get_debug_id (sym), ==, "0123456789ABCDEF0123456789ABCDEF0");
  g_assert_cmpstr (pm_symfile_get_debug_file (sym), ==, "crasher");
  g_assert_cmpuint (pm_symfile_get_n_bad_lines (sym), ==, 0);

  g_assert_true (pm_symfile_lookup (sym, 0x1025, &where));
  g_assert_cmpstr (where.function, ==, "main");
  g_assert_cmpuint (where.function_offset, ==, 0x25);
  g_assert_cmpstr (where.source_file, ==, "/src/main.c");
  g_assert_cmpint (where.source_line, ==, 14);
  g_assert_false (where.from_public);

  g_assert_true (pm_symfile_lookup (sym, 0x2004, &where));
  g_assert_cmpstr (where.function, ==, "other function with spaces");
  g_assert_cmpint (where.source_line, ==, 99);

  /* Past every FUNC: the PUBLIC symbol below the address. */
  g_assert_true (pm_symfile_lookup (sym, 0x3050, &where));
  g_assert_cmpstr (where.function, ==, "exported_symbol");
  g_assert_cmpuint (where.function_offset, ==, 0x50);
  g_assert_true (where.from_public);
  g_assert_false (pm_symfile_lookup (sym, 0x10, &where));

  /* Inline frames, innermost first, each with its call site. */
  g_assert_cmpuint (pm_symfile_lookup_inlines (sym, 0x1015, inlines, G_N_ELEMENTS (inlines)), ==, 2);
  g_assert_cmpstr (inlines[0].function, ==, "inner_helper");
  g_assert_cmpstr (inlines[0].call_file, ==, "/src/util.h");
  g_assert_cmpint (inlines[0].call_line, ==, 30);
  g_assert_cmpstr (inlines[1].function, ==, "helper");
  g_assert_cmpstr (inlines[1].call_file, ==, "/src/main.c");
  g_assert_cmpint (inlines[1].call_line, ==, 12);
  g_assert_cmpuint (pm_symfile_lookup_inlines (sym, 0x1011, inlines, G_N_ELEMENTS (inlines)), ==, 1);
  g_assert_cmpuint (pm_symfile_lookup_inlines (sym, 0x1030, inlines, G_N_ELEMENTS (inlines)), ==, 0);

  /* The rules in force: INIT, then the deltas up to the address. */
  rules = pm_symfile_find_cfi_rules (sym, 0x1002);
  g_assert_cmpstr (rules, ==, ".cfa: $rsp 8 + .ra: .cfa -8 + ^");
  g_clear_pointer (&rules, free);
  rules = pm_symfile_find_cfi_rules (sym, 0x1009);
  g_assert_cmpstr (rules, ==, ".cfa: $rsp 8 + .ra: .cfa -8 + ^ .cfa: $rsp 16 + $rbp: .cfa -16 + ^ .cfa: $rbp 16 +");
  g_clear_pointer (&rules, free);
  g_assert_null (pm_symfile_find_cfi_rules (sym, 0x1040));

  /* Frame data is preferred over FPO for the same code. */
  g_assert_true (pm_symfile_find_win (sym, 0x2005, &win));
  g_assert_cmpint (win.type, ==, PM_SYM_WIN_FRAME_DATA);
  g_assert_cmpuint (win.parameter_size, ==, 8);
  g_assert_cmpuint (win.local_size, ==, 0xc);
  g_assert_cmpstr (win.program, ==, "$T0 $ebp = $eip $T0 4 + ^ =");
  g_assert_false (pm_symfile_find_win (sym, 0x2010, &win));
  remove_file (path);
}

/* Records written out of address order (as Windows files interleave their
 * STACK WIN kinds and PUBLIC symbols): every lookup finds the record that
 * covers it, addresses differing in any byte, and equal addresses keep the
 * file's order (the sort is stable). */
static void
test_out_of_order (void)
{
  static const uint64_t addresses[] = {
    0x7ffe00001000, 0x2000, 0x10000, 0x7ffe00000100, 0x300, 0x1000000, 0x20, 0x7f0000000000,
  };
  GString *text = g_string_new ("MODULE windows x86 0123456789ABCDEF0123456789ABCDEF1 app.pdb\n");
  g_autofree char *path = NULL;
  PmMdError error = { PM_MD_OK, 0, "" };
  g_autoptr(PmSymfile) sym = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    g_string_append_printf (text, "PUBLIC %" G_GINT64_MODIFIER "x 0 public_%zu\n", addresses[i], i);
  for (gsize i = G_N_ELEMENTS (addresses); i-- > 0;)
    g_string_append_printf (text, "FUNC %" G_GINT64_MODIFIER "x 10 0 func_%zu\n", addresses[i] + 0x8000, i);
  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    g_string_append_printf (text, "STACK WIN 4 %" G_GINT64_MODIFIER "x 10 0 0 %zu 0 0 0 1 $T0 $ebp =\n",
                            addresses[i], i + 1);
  /* The same rva twice: the first of the file wins (as in Breakpad). */
  g_string_append (text, "STACK WIN 4 300 10 0 0 99 0 0 0 1 $T0 $ebp =\n");
  path = write_file ("shuffled.sym", text->str, (gssize) text->len);
  g_string_free (text, TRUE);
  sym = pm_symfile_load (path, &error);
  g_assert_nonnull (sym);
  g_assert_cmpint (error.status, ==, PM_MD_OK);
  g_assert_cmpuint (pm_symfile_get_n_bad_lines (sym), ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *public_name = g_strdup_printf ("public_%zu", i);
      g_autofree char *func_name = g_strdup_printf ("func_%zu", i);
      PmSymLocation where;
      PmSymWin win;

      g_assert_true (pm_symfile_lookup (sym, addresses[i] + 4, &where));
      g_assert_cmpstr (where.function, ==, public_name);
      g_assert_cmpuint (where.function_offset, ==, 4);
      g_assert_true (pm_symfile_lookup (sym, addresses[i] + 0x8004, &where));
      g_assert_cmpstr (where.function, ==, func_name);
      g_assert_true (pm_symfile_find_win (sym, addresses[i] + 2, &win));
      g_assert_cmpuint (win.rva, ==, addresses[i]);
      g_assert_cmpuint (win.parameter_size, ==, i + 1);
    }
  remove_file (g_steal_pointer (&path));
}

/* FILE and INLINE_ORIGIN numbers out of order and given twice: each name is
 * found by its number, the first of two records with one number wins (as
 * Breakpad keeps it), and a number too large for an index is a bad line. */
static void
test_names (void)
{
  static const char text[] =
    "MODULE Linux x86_64 0123456789ABCDEF0123456789ABCDEF0 app\n"
    "FILE 7 /src/seven.c\n"
    "FILE 2 /src/two.c\n"
    "FILE 7 /src/seven-again.c\n"
    "FILE 0 /src/zero.c\n"
    "FILE 4294967294 /src/too-large.c\n"
    "INLINE_ORIGIN 3 three\n"
    "INLINE_ORIGIN 1 one\n"
    "FUNC 1000 100 0 outer\n"
    "INLINE 0 12 7 3 1010 10\n"
    "INLINE 1 30 2 1 1010 4\n"
    "1000 10 5 0\n"
    "1010 10 6 7\n"
    "1020 10 8 2\n"
    "STACK WIN 4 1000 100000000 0 0 0 0 0 0 1 $T0 $ebp =\n";  /* 4 GiB of code: no */
  char *path = write_file ("names.sym", text, sizeof text - 1);
  PmMdError error = { PM_MD_OK, 0, "" };
  g_autoptr(PmSymfile) sym = pm_symfile_load (path, &error);
  PmSymLocation where;
  PmSymInline inlines[4];
  PmSymWin win;

  g_assert_nonnull (sym);
  g_assert_cmpint (error.status, ==, PM_MD_OK);
  g_assert_cmpuint (pm_symfile_get_n_bad_lines (sym), ==, 2);
  g_assert_true (pm_symfile_lookup (sym, 0x1004, &where));
  g_assert_cmpstr (where.source_file, ==, "/src/zero.c");
  g_assert_true (pm_symfile_lookup (sym, 0x1014, &where));
  g_assert_cmpstr (where.source_file, ==, "/src/seven.c");
  g_assert_true (pm_symfile_lookup (sym, 0x1024, &where));
  g_assert_cmpstr (where.source_file, ==, "/src/two.c");
  g_assert_cmpuint (pm_symfile_lookup_inlines (sym, 0x1012, inlines, G_N_ELEMENTS (inlines)), ==, 2);
  g_assert_cmpstr (inlines[0].function, ==, "one");
  g_assert_cmpstr (inlines[0].call_file, ==, "/src/two.c");
  g_assert_cmpstr (inlines[1].function, ==, "three");
  g_assert_cmpstr (inlines[1].call_file, ==, "/src/seven.c");
  g_assert_false (pm_symfile_find_win (sym, 0x1004, &win));
  remove_file (path);
}

/* Bad records are skipped and counted; the good ones around them stay. */
static void
test_bad_records (void)
{
  static const char text[] =
    "MODULE windows x86 ABCDEF1 app.pdb\r\n"
    "1000 10 5 0\r\n"                             /* a line before any FUNC */
    "FILE x name\r\n"                             /* not a number */
    "FUNC 1000\r\n"                               /* cut short */
    "FUNC 1000 fffffffffffffffffffff 0 huge\r\n"  /* overflows */
    "FUNC 1000 20 0 good\r\n"
    "1000 20 7 3\r\n"
    "1010 zz 7 3\r\n"                             /* a bad line record, counted at lookup only */
    "STACK CFI 1000 .cfa: $esp 4 +\r\n"           /* a delta before any INIT */
    "STACK WIN 4 1000\r\n"                        /* cut short */
    "INLINE 0 1\r\n"                              /* no range */
    "WHAT IS THIS\r\n"
    "PUBLIC 2000 0 last_without_newline";
  char *path = write_file ("bad.sym", text, sizeof text - 1);
  PmMdError error = { PM_MD_OK, 0, "" };
  g_autoptr(PmSymfile) sym = pm_symfile_load (path, &error);
  PmSymLocation where;

  g_assert_nonnull (sym);
  g_assert_cmpint (error.status, ==, PM_MD_OK);
  g_assert_cmpstr (pm_symfile_get_debug_file (sym), ==, "app.pdb");
  g_assert_cmpuint (pm_symfile_get_n_bad_lines (sym), ==, 8);
  g_assert_true (pm_symfile_lookup (sym, 0x1005, &where));
  g_assert_cmpstr (where.function, ==, "good");
  g_assert_cmpint (where.source_line, ==, 7);
  g_assert_null (where.source_file);   /* FILE 3 was never defined */
  g_assert_true (pm_symfile_lookup (sym, 0x2001, &where));
  g_assert_cmpstr (where.function, ==, "last_without_newline");
  remove_file (path);
}

static void
test_not_symbols (void)
{
  char *path = write_file ("text.sym", "just some text\nwith lines\n", -1);
  char *empty = write_file ("empty.sym", "", 0);
  PmMdError error = { PM_MD_OK, 0, "" };

  g_assert_null (pm_symfile_load (path, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error.message, "no MODULE line"));
  g_assert_nonnull (strstr (error.message, path));
  error.status = PM_MD_OK;
  g_assert_null (pm_symfile_load (empty, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_INVALID_ARGUMENT);
  error.status = PM_MD_OK;
  g_assert_null (pm_symfile_load ("/nonexistent/x.sym", &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_IO);
  {
    g_autofree char *expected = g_strdup_printf ("symbol file /nonexistent/x.sym: %s", strerror (ENOENT));
    g_assert_cmpstr (error.message, ==, expected);
  }
  error.status = PM_MD_OK;
  g_assert_null (pm_symfile_load ("/dev", &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_IO);
  g_assert_cmpstr (error.message, ==, "symbol file /dev is not a regular file");
  /* Without a place for the error. */
  g_assert_null (pm_symfile_load ("/nonexistent/x.sym", NULL));
  remove_file (path);
  remove_file (empty);
}

/* Memory for the postfix tests: one word at 0x1000. */
static gboolean
read_word (gpointer  user_data,
           uint64_t  address,
           uint64_t *out)
{
  if (address != 0x1000)
    return FALSE;
  *out = 0xdeadbeef;
  return TRUE;
}

static void
test_postfix (void)
{
  PmPostfixMachine m64 = { 8, read_word, NULL }, m32 = { 4, read_word, NULL };
  PmPostfixVars vars;
  const char *tokens[PM_POSTFIX_MAX_TOKENS];
  g_autofree char *storage = NULL;
  uint64_t value;
  int n;

  pm_postfix_vars_clear (&vars);
  g_assert_true (pm_postfix_vars_set (&vars, "$rsp", 0x0ff0));
  n = pm_postfix_tokenize ("$rsp 16 + ^", &storage, tokens, G_N_ELEMENTS (tokens));
  g_assert_cmpint (n, ==, 4);
  g_assert_true (pm_postfix_evaluate (&m64, &vars, tokens, (guint) n, &value));
  g_assert_cmphex (value, ==, 0xdeadbeef);
  g_clear_pointer (&storage, g_free);

  /* Negative literals, alignment, words cut to 32 bits. */
  n = pm_postfix_tokenize ("$rsp -8 + 16 @", &storage, tokens, G_N_ELEMENTS (tokens));
  g_assert_true (pm_postfix_evaluate (&m64, &vars, tokens, (guint) n, &value));
  g_assert_cmphex (value, ==, 0x0fe0);
  g_clear_pointer (&storage, g_free);
  n = pm_postfix_tokenize ("0 1 -", &storage, tokens, G_N_ELEMENTS (tokens));
  g_assert_true (pm_postfix_evaluate (&m32, &vars, tokens, (guint) n, &value));
  g_assert_cmphex (value, ==, 0xffffffff);
  g_clear_pointer (&storage, g_free);

  /* Whatever is not understood fails the whole expression. */
  for (const char *const *bad = (const char *const[]) { "1 0 /", "1 0 %", "$nope", "1 +", "1 2",
                                                         "5 3 @", "0x2000 ^", "1 2 =", "12abc", NULL };
       *bad != NULL; bad++)
    {
      n = pm_postfix_tokenize (*bad, &storage, tokens, G_N_ELEMENTS (tokens));
      g_assert_false (pm_postfix_evaluate (&m64, &vars, tokens, (guint) n, &value));
      g_clear_pointer (&storage, g_free);
    }
  /* A stack deeper than the machine's is refused, not overflowed. */
  {
    GString *deep = g_string_new (NULL);
    for (int i = 0; i < PM_POSTFIX_MAX_DEPTH + 4; i++)
      g_string_append (deep, "1 ");
    n = pm_postfix_tokenize (deep->str, &storage, tokens, G_N_ELEMENTS (tokens));
    g_assert_false (pm_postfix_evaluate (&m64, &vars, tokens, (guint) n, &value));
    g_clear_pointer (&storage, g_free);
    g_string_free (deep, TRUE);
  }

  /* A STACK WIN program: assignments in order, later ones see earlier. */
  pm_postfix_vars_clear (&vars);
  pm_postfix_vars_set (&vars, "$ebp", 0x0ffc);
  g_assert_true (pm_postfix_run (&m32, &vars, "$T0 $ebp = $eip $T0 4 + ^ = $esp $T0 8 + ="));
  g_assert_true (pm_postfix_vars_get (&vars, "$eip", &value));
  g_assert_cmphex (value, ==, 0xdeadbeef);
  g_assert_true (pm_postfix_vars_get (&vars, "$esp", &value));
  g_assert_cmphex (value, ==, 0x1004);
  g_assert_false (pm_postfix_run (&m32, &vars, "$x 1 + ="));     /* no name to assign */
  g_assert_false (pm_postfix_run (&m32, &vars, "$x 1"));         /* left over */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/symfile/lookups", test_lookups);
  g_test_add_func ("/symfile/out-of-order", test_out_of_order);
  g_test_add_func ("/symfile/names", test_names);
  g_test_add_func ("/symfile/bad-records", test_bad_records);
  g_test_add_func ("/symfile/not-symbols", test_not_symbols);
  g_test_add_func ("/symfile/postfix", test_postfix);
  return g_test_run ();
}
