/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* wait-chain-test-util.c — starting wait-chain-scenario and waiting, by polling /proc for
 * the effect (a thread inside the expected syscall, on the expected address), until its
 * threads are in position; never a guessed sleep.
 *
 * Runs in: the test process (GLib).
 */
#include "pm-config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wait-chain-test-util.h"

#define POSITION_TIMEOUT_US (60 * G_USEC_PER_SEC)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Whether thread @tid is in syscall @nr (and, when @arg is not NULL, with that first
 * argument, compared as numbers). */
static gboolean
thread_in_syscall (int         tid,
                   long        nr,
                   const char *arg)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/syscall", tid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  fields = g_strsplit (text, " ", -1);
  if (fields[0] == NULL || strtol (fields[0], NULL, 10) != nr)
    return FALSE;
  return arg == NULL || (fields[1] != NULL &&
                         g_ascii_strtoull (fields[1], NULL, 16) == g_ascii_strtoull (arg, NULL, 16));
}

/* Whether thread @tid is in scheduler state @state ('R' runnable, 't' tracing stop). */
static gboolean
thread_in_state (int  tid,
                 char state)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", tid);
  g_autofree char *text = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  paren = strrchr (text, ')');
  return paren != NULL && paren[1] == ' ' && paren[2] == state;
}

static void
wait_for_position (char **fields)
{
  gint64 deadline = g_get_monotonic_time () + POSITION_TIMEOUT_US;
  int tid = atoi (fields[1]);

  for (;;)
    {
      gboolean ok;

      if (strcmp (fields[0], "running") == 0)
        ok = thread_in_state (tid, 'R');
      else if (strcmp (fields[0], "traced") == 0)
        ok = thread_in_state (tid, 't');
      else
        ok = thread_in_syscall (tid, strtol (fields[2], NULL, 10), fields[3]);
      if (ok)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("thread %d never reached its position (%s %s)", tid, fields[0],
                 fields[2] != NULL ? fields[2] : "");
      g_usleep (1000);
    }
}

WaitScenario *
wait_scenario_start (const char        *helper,
                     const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  WaitScenario *scenario = g_new0 (WaitScenario, 1);
  char line[4096];
  int out_fd;
  FILE *out;

  g_ptr_array_add (argv, (char *) helper);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &scenario->pid, NULL, &out_fd, NULL, &error))
    g_error ("%s cannot run: %s", helper, error->message);
  scenario->processes = g_array_new (FALSE, FALSE, sizeof (pid_t));
  scenario->expected = g_ptr_array_new_with_free_func (g_free);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (out);
  while (fgets (line, sizeof line, out) != NULL)
    {
      g_auto(GStrv) fields = NULL;

      g_strchomp (line);
      if (strcmp (line, "ready") == 0)
        break;
      fields = g_strsplit (line, " ", 4);
      if (strcmp (fields[0], "process") == 0)
        {
          pid_t pid = atoi (fields[1]);
          g_array_append_val (scenario->processes, pid);
        }
      else if (strcmp (fields[0], "chain") == 0)
        g_ptr_array_add (scenario->expected, g_strdup (line));
      else if (strcmp (fields[0], "wait") == 0 || strcmp (fields[0], "running") == 0 ||
               strcmp (fields[0], "traced") == 0)
        wait_for_position (fields);
      else
        g_error ("%s wrote an unknown line: %s", helper, line);
    }
  if (strcmp (line, "ready") != 0)
    g_error ("%s ended before it was ready", helper);
  fclose (out);
  g_ptr_array_sort (scenario->expected, compare_strings);
  return scenario;
}

void
wait_scenario_stop (WaitScenario *scenario)
{
  for (guint i = 0; i < scenario->processes->len; i++)
    kill (g_array_index (scenario->processes, pid_t, i), SIGKILL);
  kill (scenario->pid, SIGKILL);
  waitpid (scenario->pid, NULL, 0);
  g_spawn_close_pid (scenario->pid);
  g_array_unref (scenario->processes);
  g_ptr_array_unref (scenario->expected);
  g_free (scenario);
}
