/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* wait-chain-bench.c — how fast wait chains are computed: the chains of every thread of a
 * process of N threads (200 by default) blocked on four mutexes held by four sleeping
 * threads (target: < 50 ms), against the anchor measured in the same run: the floor of
 * reading each thread's stat and syscall files with plain open/read, which any engine must
 * do. Also the time to write them as JSON.
 *
 * Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench`.
 *   wait-chain-bench SCENARIO-PROGRAM [N]
 */
#include "pm-config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "postmortem-store.h"
#include "wait-chain-test-util.h"

#define RUNS 21

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1e3;
}

static double
cpu_ms (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

/* The floor: open and read stat and syscall of every thread. */
static guint
read_every_thread (int pid)
{
  g_autofree char *task = g_strdup_printf ("/proc/%d/task", pid);
  DIR *dir = opendir (task);
  struct dirent *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    {
      static const char *const files[] = { "stat", "syscall" };

      if (entry->d_name[0] == '.')
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          char path[64], buf[1024];
          int fd;

          g_snprintf (path, sizeof path, "%s/%s", entry->d_name, files[i]);
          fd = openat (dirfd (dir), path, O_RDONLY | O_CLOEXEC);
          if (fd >= 0)
            {
              n += read (fd, buf, sizeof buf) > 0;
              close (fd);
            }
        }
    }
  closedir (dir);
  return n;
}

int
main (int    argc,
      char **argv)
{
  const char *n_text = argc > 2 ? argv[2] : "200";
  const char *args[] = { "many", n_text, NULL };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) anchors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) json_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PmWaitChainSession) session = pm_wait_chain_session_new ();
  WaitScenario *scenario;
  guint owned = 0;
  double t, a;
  int pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s SCENARIO-PROGRAM [N]\n", argv[0]);
      return 2;
    }
  scenario = wait_scenario_start (argv[1], args);
  pid = g_array_index (scenario->processes, pid_t, 0);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) chains = NULL;
      g_autofree char *json = NULL;
      double start = now_ms (), start_cpu = cpu_ms (), json_start;

      chains = pm_wait_chain_session_get_process_chains (session, pid, &error);
      g_assert_no_error (error);
      t = now_ms () - start;
      g_array_append_val (times, t);
      t = cpu_ms () - start_cpu;
      g_array_append_val (cpu, t);

      json_start = now_ms ();
      json = pm_wait_chains_to_json (pid, chains);
      t = now_ms () - json_start;
      g_array_append_val (json_times, t);

      start = now_ms ();
      read_every_thread (pid);
      a = now_ms () - start;
      g_array_append_val (anchors, a);

      if (r == 0)
        {
          for (guint i = 0; i < chains->len; i++)
            {
              const PmWaitChain *chain = g_ptr_array_index (chains, i);
              owned += pm_wait_chain_get_n_nodes (chain) == 3 &&
                       pm_wait_node_get_status (pm_wait_chain_get_node (chain, 1)) == PM_WAIT_STATUS_OWNED;
            }
          guint omitted = 0;
          g_autofree char *line = pm_wait_chains_to_json_max (pid, chains,
                                                              PM_WER_FILE_MAX_LINE - sizeof "Postmortem.WaitChains=",
                                                              &omitted);

          printf ("wait-chain: %u threads, %u of them blocked on a mutex whose owner was found; JSON %zu bytes\n",
                  chains->len, owned, strlen (json));
          printf ("wait-chain: as one Report.wer line (at most %d bytes): %zu bytes, %u threads left out\n",
                  PM_WER_FILE_MAX_LINE, strlen (line), omitted);
        }
    }
  t = median (times);
  a = median (anchors);
  printf ("wait-chain: chains of a %s-thread process: median %.2f ms over %d runs (target < 50 ms: %s)\n",
          n_text, t, RUNS, t < 50 ? "met" : "MISSED");
  printf ("wait-chain: CPU time (user+system): median %.2f ms; as JSON: median %.2f ms\n",
          median (cpu), median (json_times));
  printf ("wait-chain: anchor, open/read of every thread's stat and syscall: %.2f ms; ratio chains/anchor %.1fx\n",
          a, t / a);
  wait_scenario_stop (scenario);
  return t < 50 ? 0 : 1;
}
