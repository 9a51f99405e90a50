/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-e2e.c — end to end: real crashing children, the real
 * postmortem-dumper, a real store in an isolated directory. Each crash must
 * leave exactly one report in queue/ (Report.wer naming the right signal and
 * carrying the registered metadata, and a minidump that LLDB opens with the
 * crashing thread's function on top), and the child must still die of its
 * signal. Then the same for unmodified programs under `postmortemctl run`.
 *
 * Runs in: the test process (GLib test framework); children are forked.
 * Usage: test-crash-e2e CRASH-CHILD CRASH-PLAIN DUMPER POSTMORTEMCTL PRELOAD CRASH-SHARED
 *                      [SANITIZER-RUNTIMES]
 */
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "pm-test-child.h"

static const char *crash_child, *crash_plain, *dumper, *postmortemctl, *preload, *crash_shared;
/* Sanitizer runtimes to preload ahead of ours under run ("" if none). */
static const char *sanitizer_preload = "";

typedef struct
{
  const char *mode;
  int         signal;
  const char *signal_name;
  const char *function;   /* expected on top of the crashing thread in LLDB, or NULL */
  gboolean    via_run;    /* the unmodified program under postmortemctl run */
  gboolean    linked;     /* under run, a program linked to libpostmortem.so that installs its own handler */
} E2eCase;

static const E2eCase cases[] = {
  { "null",            SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "abort",           SIGABRT, "SIGABRT", NULL,                       FALSE },
  { "divzero",         SIGFPE,  "SIGFPE",  "crash_divide_by_zero",     FALSE },
  { "ud2",             SIGILL,  "SIGILL",  "crash_illegal_instruction",FALSE },
  { "bus",             SIGBUS,  "SIGBUS",  "crash_bus_error",          FALSE },
  { "overflow",        SIGSEGV, "SIGSEGV", "recurse_forever",          FALSE },
  { "overflow-thread", SIGSEGV, "SIGSEGV", "recurse_forever",          FALSE },
  { "thread",          SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "two-threads",     SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "previous-handler",SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "kill-segv",       SIGSEGV, "SIGSEGV", NULL,                       FALSE },
  { "malloc-lock",     SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "drop-privileges", SIGSEGV, "SIGSEGV", "crash_null_write",         FALSE },
  { "sigsys",          SIGSYS,  "SIGSYS",  NULL,                       FALSE },
  { "null",            SIGSEGV, "SIGSEGV", "crash_null_write",         TRUE },
  { "abort",           SIGABRT, "SIGABRT", NULL,                       TRUE },
  { "overflow-thread", SIGSEGV, "SIGSEGV", "recurse_forever",          TRUE },
  { "two-threads",     SIGSEGV, "SIGSEGV", "crash_null_write",         TRUE },
  /* The program's own pm_crash_handler_install() replaces the preloaded one:
   * still exactly one report, with the program's metadata. */
  { "null",            SIGSEGV, "SIGSEGV", "crash_null_write",         TRUE, TRUE },
};

static GHashTable *
read_report (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      if (eq != NULL)
        g_hash_table_insert (keys, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  return keys;
}

/* Returns the only report directory in STORE/queue, or NULL (count in @n). */
static char *
only_report (const char *store, guint *n)
{
  g_autofree char *queue = g_build_filename (store, "queue", NULL);
  g_autoptr(GDir) dir = g_dir_open (queue, 0, NULL);
  char *found = NULL;
  const char *name;

  *n = 0;
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      (*n)++;
      g_free (found);
      found = g_build_filename (queue, name, NULL);
    }
  return found;
}

static void
check_lldb (const char *dump, const E2eCase *c)
{
  g_autofree char *lldb = g_find_program_in_path ("lldb");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (lldb == NULL || c->function == NULL)
    return;
  const char *argv[] = { lldb, "--batch", "-c", dump, "-o", "thread list", "-o", "bt", NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("lldb: %s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* `bt` shows the selected (crashing) thread; our function is on its stack. */
  g_assert_nonnull (strstr (out, c->function));
}

static void
test_e2e (gconstpointer data)
{
  const E2eCase *c = data;
  g_autofree char *tmp = g_dir_make_tmp ("pm-e2e-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (tmp, "store", NULL);
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autofree char *config = g_build_filename (tmp, "config", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *mark = g_build_filename (tmp, "mark", NULL);
  g_autofree char *report = NULL, *wer = NULL, *dump = NULL, *pid_text = NULL;
  g_autoptr(GHashTable) keys = NULL;
  g_auto(GStrv) env = g_get_environ ();
  PmTestChildResult res;
  guint n;

  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_dir, TRUE);
  env = g_environ_setenv (env, "PM_DUMPER_PATH", dumper, TRUE);
  env = g_environ_setenv (env, "PM_PRELOAD_PATH", preload, TRUE);
  env = g_environ_setenv (env, "PM_TEST_MARK_FILE", mark, TRUE);
  env = g_environ_unsetenv (env, "PM_SETTINGS_FILE");
  env = pm_test_child_environ_for_crashes (env);

  if (strcmp (c->mode, "drop-privileges") == 0 && getuid () == 0)
    {
      /* The child becomes nobody before it crashes; so does its dumper,
       * which must be able to write the store. */
      const char *dirs[] = { store, home, config, data_dir };
      g_assert_no_errno (chmod (tmp, 0755));
      for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
        {
          g_assert_no_errno (g_mkdir (dirs[i], 0700));
          g_assert_no_errno (chown (dirs[i], 65534, 65534));
        }
    }

  if (c->via_run && sanitizer_preload[0] != '\0')
    env = g_environ_setenv (env, "LD_PRELOAD", sanitizer_preload, TRUE);
  if (c->via_run)
    {
      env = g_environ_setenv (env, "PM_TEST_TIMEOUT_MS", "20000", TRUE);
      res = pm_test_child_run ((const char *[]) { postmortemctl, "run", "--store", store, "--timeout-ms", "20000",
                                                  "--", c->linked ? crash_shared : crash_plain, c->mode, NULL },
                               env, 60);
    }
  else
    {
      env = g_environ_setenv (env, "PM_STORE_DIR", store, TRUE);
      env = g_environ_setenv (env, "PM_TEST_TIMEOUT_MS", "20000", TRUE);
      res = pm_test_child_run ((const char *[]) { crash_child, c->mode, NULL }, env, 60);
    }
  if (res.exited && res.status == 77)
    {
      g_test_skip (strcmp (c->mode, "drop-privileges") == 0
                   ? "dropping privileges needs root"
                   : "this mode needs its own malloc, which AddressSanitizer does not allow");
      pm_test_remove_tree (tmp);
      return;
    }
  g_test_message ("%s%s: %s in %.3f s", c->via_run ? "postmortemctl run " : "", c->mode,
                  pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, c->signal);

  report = only_report (store, &n);
  g_assert_cmpuint (n, ==, 1);
  wer = g_build_filename (report, "Report.wer", NULL);
  keys = read_report (wer);
  g_assert_cmpstr (g_hash_table_lookup (keys, "EventType"), ==, "APPCRASH");
  g_assert_cmpstr (g_hash_table_lookup (keys, "AppName"), ==,
                   c->linked ? "pm-crash-shared" : c->via_run ? "pm-crash-plain" : "pm-crash-child");
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.Signal"), ==, c->signal_name);
  pid_text = g_strdup_printf ("%d", res.pid);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.Pid"), ==, pid_text);
  if (!c->via_run || c->linked)
    {
      g_assert_cmpstr (g_hash_table_lookup (keys, "Metadata[0].Key"), ==, "TestKey");
      g_assert_cmpstr (g_hash_table_lookup (keys, "Metadata[0].Value"), ==, "TestValue");
    }
  g_assert_nonnull (g_hash_table_lookup (keys, "File[0].Name"));
  dump = g_build_filename (report, (const char *) g_hash_table_lookup (keys, "File[0].Name"), NULL);
  g_assert_true (g_file_test (dump, G_FILE_TEST_IS_REGULAR));
  check_lldb (dump, c);
  if (strcmp (c->mode, "previous-handler") == 0)
    g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

  pm_test_remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  if (argc < 7)
    {
      fprintf (stderr, "usage: %s CRASH-CHILD CRASH-PLAIN DUMPER POSTMORTEMCTL PRELOAD CRASH-SHARED\n", argv[0]);
      return 2;
    }
  crash_child = argv[1];
  crash_plain = argv[2];
  dumper = argv[3];
  postmortemctl = argv[4];
  preload = argv[5];
  crash_shared = argv[6];
  if (argc > 7 && argv[7][0] != '-')
    {
      sanitizer_preload = argv[7];
      argv[7] = argv[0];
      argc -= 7;
      argv += 7;
    }
  else
    {
      argv[6] = argv[0];
      argc -= 6;
      argv += 6;
    }
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client/e2e/%s%s%s", cases[i].via_run ? "run/" : "",
                                               cases[i].linked ? "linked/" : "", cases[i].mode);
      g_test_add_data_func (name, &cases[i], test_e2e);
    }
  return g_test_run ();
}
