/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-signature.c — the stack signature of a dump (pm-crash-signature.c) over
 * third-party dumps of the corpus: module + offset of the first meaningful frames, the
 * runtimes skipped, never an absolute address.
 *
 * Runs in: a test program (suite dumper). Needs the minidump corpus (PM_CORPUS_DIR); the
 * corpus cases are skipped with a message without it.
 */
#include "pm-config.h"

#include <glib.h>
#include <string.h>

#include "pm-crash-signature.h"

static void
test_skip_list (void)
{
  const char *skipped[] = { "libc.so.6", "libc-2.31.so", "libstdc++.so.6", "libgcc_s.so.1",
                            "ld-linux-x86-64.so.2", "libpthread.so.0", "libpthread-2.31.so",
                            "linux-vdso.so.1", "libpostmortem.so.1", "ntdll.dll", "KERNELBASE.dll",
                            "libsystem_kernel.dylib", "dyld", "libasan.so.8.0.0",
                            "libubsan.so.1" };
  const char *kept[] = { "pm-demo-calc", "libcurl.so.4", "libcairo.so.2", "libglib-2.0.so.0",
                         "libm.so.6", "ldap.so", "test_app.exe", "libc_helper.so", "crash" };

  for (gsize i = 0; i < G_N_ELEMENTS (skipped); i++)
    g_assert_true (pm_crash_signature_module_is_skipped (skipped[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_false (pm_crash_signature_module_is_skipped (kept[i]));
  g_assert_false (pm_crash_signature_module_is_skipped (NULL));
}

static char *
corpus_signature (const char *name)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *path = corpus != NULL ? g_build_filename (corpus, name, NULL) : NULL;
  PmMinidump *md;
  PmMdError error;
  char *signature;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  md = pm_minidump_open (path, &error);
  g_assert_nonnull (md);
  signature = pm_crash_signature_compute (md);
  pm_minidump_close (md);
  return signature;
}

static void
test_corpus (void)
{
  g_autofree char *win = corpus_signature ("breakpad__minidump2.dmp");
  g_autofree char *abrt = NULL, *fpe = NULL, *none = NULL;

  if (win == NULL)
    {
      g_test_skip ("the minidump corpus (PM_CORPUS_DIR) is absent");
      return;
    }
  /* Frame 0 from the exception's context (not the thread list's, in ntdll), the caller
   * found on the stack; a Windows path is cut at its last backslash. */
  g_assert_cmpstr (win, ==, "test_app.exe+0x429e test_app.exe+0x4200");

  /* SIGABRT raised in libc: named by the program's frames, libc's skipped. */
  abrt = corpus_signature ("breakpad__linux_raise_sigabrt.dmp");
  g_assert_nonnull (abrt);
  g_assert_true (g_str_has_prefix (abrt, "driver+0x"));
  g_assert_null (strstr (abrt, "libc"));

  fpe = corpus_signature ("breakpad__linux_divide_by_zero.dmp");
  g_assert_cmpstr (fpe, ==, "driver+0x1f27 driver+0x1fcf");

  /* No exception: no signature. */
  none = corpus_signature ("lldb__regions-linux-map.dmp");
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dumper/crash-signature/skip-list", test_skip_list);
  g_test_add_func ("/dumper/crash-signature/corpus", test_corpus);
  return g_test_run ();
}
