/* test-crash-handler.c — crashes real child processes with libpostmortem's
 * handler installed and checks what happens: the child dies of the original
 * signal, the dumper was started exactly once with a valid PmCrashInfo, could
 * ptrace the child and read its registration table, a previous handler still
 * ran, and a hanging dumper does not keep the child alive past the bound.
 *
 * Runs in: the test process (GLib test framework), which forks and execs
 * pm-crash-child with PM_DUMPER_PATH pointing at pm-fake-dumper.
 * Usage: test-crash-handler PM-CRASH-CHILD PM-FAKE-DUMPER [gtest options]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "pm-test-child.h"

static const char *crash_child;
static const char *fake_dumper;

typedef struct
{
  const char *mode;
  int         signal;
  const char *dumper_mode;      /* PM_FAKE_DUMPER_MODE, or NULL */
  int         expect_records;   /* dumper records expected: 1, or 0 */
  gboolean    crash_in_thread;  /* the crashing tid is not the pid */
  const char *timeout_ms;       /* handler's dumper timeout */
  double      max_seconds;      /* the child must be dead within this */
} CrashCase;

static const CrashCase cases[] = {
  { "null",             SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "abort",            SIGABRT, NULL, 1, FALSE, "10000", 20 },
  { "divzero",          SIGFPE,  NULL, 1, FALSE, "10000", 20 },
  { "ud2",              SIGILL,  NULL, 1, FALSE, "10000", 20 },
  { "trap",             SIGTRAP, NULL, 1, FALSE, "10000", 20 },
  { "bus",              SIGBUS,  NULL, 1, FALSE, "10000", 20 },
  { "overflow",         SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "overflow-thread",  SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "thread",           SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "two-threads",      SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "previous-handler", SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "kill-segv",        SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "malloc-lock",      SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  /* The dumper hangs: the handler gives up after 1 s, kills it, and the
   * child still dies of its signal. */
  { "null",             SIGSEGV, "hang",   0, FALSE, "1000", 4 },
  /* The dumper exits without answering: no wait at all. */
  { "null",             SIGSEGV, "silent", 0, FALSE, "10000", 5 },
};

static char *
read_single_record (const char *dir, int *n_records)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  char *contents = NULL;
  const char *name;

  *n_records = 0;
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!g_str_has_prefix (name, "record-"))
        continue;
      (*n_records)++;
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    }
  return contents;
}

static long
record_field (const char *record, const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  g_autofree char *padded = g_strconcat (" ", record, NULL);
  const char *p = strstr (padded, needle);

  g_assert_nonnull (p);
  return strtol (p + strlen (needle), NULL, 0);
}

static void
test_crash (gconstpointer data)
{
  const CrashCase *c = data;
  g_autofree char *dir = g_dir_make_tmp ("pm-crash-XXXXXX", NULL);
  g_autofree char *mark = g_build_filename (dir, "mark", NULL);
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *record = NULL;
  PmTestChildResult res;
  int n_records;

  g_assert_nonnull (dir);
  env = g_environ_setenv (env, "PM_DUMPER_PATH", fake_dumper, TRUE);
  env = g_environ_setenv (env, "PM_TEST_RECORD_DIR", dir, TRUE);
  env = g_environ_setenv (env, "PM_TEST_MARK_FILE", mark, TRUE);
  env = g_environ_setenv (env, "PM_TEST_TIMEOUT_MS", c->timeout_ms, TRUE);
  env = c->dumper_mode != NULL ? g_environ_setenv (env, "PM_FAKE_DUMPER_MODE", c->dumper_mode, TRUE)
                               : g_environ_unsetenv (env, "PM_FAKE_DUMPER_MODE");
  env = pm_test_child_environ_for_crashes (env);

  res = pm_test_child_run ((const char *[]) { crash_child, c->mode, NULL }, env, 60);
  if (res.exited && res.status == 77)
    {
      g_test_skip ("this mode needs its own malloc, which AddressSanitizer does not allow");
      goto out;
    }
  g_test_message ("mode %s: %s, %.3f s", c->mode, pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, c->signal);
  g_assert_cmpfloat (res.seconds, <, c->max_seconds);

  record = read_single_record (dir, &n_records);
  g_assert_cmpint (n_records, ==, c->expect_records);
  if (c->expect_records == 1)
    {
      g_test_message ("record: %s", record);
      g_assert_cmpint (record_field (record, "pid"), ==, res.pid);
      g_assert_cmpint (record_field (record, "signal"), ==, c->signal);
      g_assert_cmpint (record_field (record, "dump_type"), ==, 2);
      g_assert_cmpint (record_field (record, "metadata"), ==, 1);
      g_assert_nonnull (strstr (record, "ptrace=ok"));
      g_assert_nonnull (strstr (record, "table=ok"));
      g_assert_cmpint (record_field (record, "rip"), !=, 0);
      if (c->crash_in_thread)
        g_assert_cmpint (record_field (record, "tid"), !=, res.pid);
      else
        g_assert_cmpint (record_field (record, "tid"), ==, res.pid);
      if (c->signal == SIGSEGV && strcmp (c->mode, "kill-segv") != 0 && !g_str_has_prefix (c->mode, "overflow"))
        g_assert_cmpint (record_field (record, "fault"), ==, 0);
    }
  if (strcmp (c->mode, "previous-handler") == 0)
    g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

out:
  pm_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s PM-CRASH-CHILD PM-FAKE-DUMPER\n", argv[0]);
      return 2;
    }
  crash_child = argv[1];
  fake_dumper = argv[2];
  argv[2] = argv[0];
  argc -= 2;
  argv += 2;
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client/crash/%s%s%s", cases[i].mode,
                                               cases[i].dumper_mode ? "/dumper-" : "",
                                               cases[i].dumper_mode ? cases[i].dumper_mode : "");
      g_test_add_data_func (name, &cases[i], test_crash);
    }
  return g_test_run ();
}
