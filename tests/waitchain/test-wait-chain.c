/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-wait-chain.c — wait chains of real processes put in known positions by
 * wait-chain-scenario (a two-mutex deadlock, a pipe to a child stuck on its own lock, a
 * chain of PI mutexes, a Unix socket, a child wait, a join, a tracing stop, a process that
 * is not hung; the deadlock again while the test itself has stopped it with ptrace): the
 * chains computed must be exactly the ones the program wrote; the JSON
 * reads back to the same text; `postmortemctl wait-chain --json` prints that same line;
 * WER's GetThreadWaitChain gives the same nodes as WCT types; bad JSON is refused.
 *
 * Runs in: the test process. Usage: test-wait-chain SCENARIO-PROGRAM POSTMORTEMCTL
 */
#include "pm-config.h"

#include <errno.h>
#include <string.h>
#include <wchar.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "postmortem-store.h"
#include "werapi.h"
#include "wait-chain-test-util.h"

static const char *scenario_program;
static const char *postmortemctl;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* A chain as the scenario program writes it: "chain TID CYCLE TYPE:STATUS:PID:TID:OBJECT…". */
static char *
render_chain (const PmWaitChain *chain)
{
  GString *out = g_string_new (NULL);

  g_string_printf (out, "chain %d %d", pm_wait_chain_get_tid (chain), pm_wait_chain_is_cycle (chain));
  for (guint i = 0; i < pm_wait_chain_get_n_nodes (chain); i++)
    {
      const PmWaitNode *node = pm_wait_chain_get_node (chain, i);

      g_string_append_printf (out, " %s:%s:%d:%d:%s",
                              pm_wait_node_kind_to_string (pm_wait_node_get_kind (node)),
                              pm_wait_node_status_to_string (pm_wait_node_get_status (node)),
                              pm_wait_node_get_pid (node), pm_wait_node_get_tid (node),
                              pm_wait_node_get_object (node));
    }
  return g_string_free (out, FALSE);
}

static void
check_json_round_trip (int        pid,
                       GPtrArray *chains)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = pm_wait_chains_to_json (pid, chains);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *again = NULL;
  int back_pid = 0;

  g_assert_null (strchr (json, '\n'));
  back = pm_wait_chains_from_json (json, -1, &back_pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back_pid, ==, pid);
  again = pm_wait_chains_to_json (back_pid, back);
  g_assert_cmpstr (again, ==, json);
}

/* Computes the chains of every process the scenario named and compares them, as a sorted
 * list of lines, with what it wrote. */
static void
check_scenario (WaitScenario *scenario)
{
  g_autoptr(PmWaitChainSession) session = pm_wait_chain_session_new ();
  g_autoptr(GPtrArray) computed = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < scenario->processes->len; i++)
    {
      g_autoptr(GError) error = NULL;
      int pid = g_array_index (scenario->processes, pid_t, i);
      g_autoptr(GPtrArray) chains = pm_wait_chain_session_get_process_chains (session, pid, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (chains->len, >, 0);
      g_assert_cmpint (pm_wait_chain_get_tid (g_ptr_array_index (chains, 0)), ==, pid);
      for (guint j = 0; j < chains->len; j++)
        g_ptr_array_add (computed, render_chain (g_ptr_array_index (chains, j)));
      check_json_round_trip (pid, chains);
    }
  g_ptr_array_sort (computed, compare_strings);
  g_assert_cmpuint (computed->len, ==, scenario->expected->len);
  for (guint i = 0; i < computed->len; i++)
    g_assert_cmpstr (g_ptr_array_index (computed, i), ==, g_ptr_array_index (scenario->expected, i));
}

static void
run_scenario (gconstpointer data)
{
  const char *args[] = { data, NULL };
  WaitScenario *scenario = wait_scenario_start (scenario_program, args);

  check_scenario (scenario);
  wait_scenario_stop (scenario);
}

/* The caller itself has stopped every thread with ptrace (as a hang reporter does before it
 * dumps the process): the chains are still the deadlock, not "stopped by the tracer". */
static void
test_seized_by_caller (void)
{
  const char *args[] = { "deadlock", NULL };
  WaitScenario *scenario = wait_scenario_start (scenario_program, args);
  int pid = g_array_index (scenario->processes, pid_t, 0);
  g_autofree char *task = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GArray) tids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  g_autoptr(GDir) dir = g_dir_open (task, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      pid_t tid = atoi (name);
      g_autofree char *stat_path = g_strdup_printf ("/proc/%d/task/%d/stat", pid, tid);
      g_autofree char *stat = NULL;
      int status;

      g_assert_cmpint (ptrace (PTRACE_SEIZE, tid, NULL, NULL), ==, 0);
      g_assert_cmpint (ptrace (PTRACE_INTERRUPT, tid, NULL, NULL), ==, 0);
      g_assert_cmpint (waitpid (tid, &status, __WALL), ==, tid);
      g_assert_true (WIFSTOPPED (status));
      g_assert_true (g_file_get_contents (stat_path, &stat, NULL, NULL));
      g_assert_nonnull (strstr (strrchr (stat, ')'), ") t "));
      g_array_append_val (tids, tid);
    }
  g_assert_cmpuint (tids->len, ==, 2);
  check_scenario (scenario);
  for (guint i = 0; i < tids->len; i++)
    g_assert_cmpint (ptrace (PTRACE_DETACH, g_array_index (tids, pid_t, i), NULL, NULL), ==, 0);
  wait_scenario_stop (scenario);
}

static char *
run_postmortemctl (const char *const *args,
                   int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  char *out = NULL;

  g_ptr_array_add (argv, (char *) postmortemctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, status, &error))
    g_error ("postmortemctl cannot run: %s", error->message);
  return out;
}

/* The command prints exactly the library's JSON, and says "deadlock" in words. */
static void
test_postmortemctl (void)
{
  const char *args[] = { "deadlock", NULL };
  WaitScenario *scenario = wait_scenario_start (scenario_program, args);
  int pid = g_array_index (scenario->processes, pid_t, 0);
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chains = pm_wait_chains_for_process (pid, &error);
  g_autofree char *expected = NULL;
  g_autofree char *own_json = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *json = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *one = NULL;
  g_autofree char *worker = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_assert_no_error (error);
  own_json = pm_wait_chains_to_json (pid, chains);
  expected = g_strconcat (own_json, "\n", NULL);
  json = run_postmortemctl ((const char *[]) { "wait-chain", pid_text, "--json", NULL }, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (json, ==, expected);

  plain = run_postmortemctl ((const char *[]) { "wait-chain", pid_text, NULL }, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (plain, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_suffix (lines[0], " — deadlock"));
  g_assert_true (g_str_has_suffix (lines[1], " — deadlock"));
  g_assert_true (g_str_has_prefix (lines[0], "thread "));

  /* A thread that is not a main thread: its chain alone, under its process. */
  worker = g_strdup_printf ("%d", pm_wait_chain_get_tid (g_ptr_array_index (chains, 1)));
  one = run_postmortemctl ((const char *[]) { "wait-chain", worker, "--json", NULL }, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  prefix = g_strdup_printf ("{\"pid\":%d,\"threads\":[{\"tid\":%s,", pid, worker);
  g_assert_true (g_str_has_prefix (one, prefix));

  g_free (run_postmortemctl ((const char *[]) { "wait-chain", "nonsense", NULL }, &status));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  wait_scenario_stop (scenario);
}


static int
expected_pid (WaitScenario *scenario,
              guint         index)
{
  return g_array_index (scenario->processes, pid_t, index);
}

/* WER's functions: the same chain as WAITCHAIN_NODE_INFO, WCT's types, isCycle, the
 * process boundary without WCT_OUT_OF_PROC_FLAG, too small an array, the async flag. */
static void
test_werapi (void)
{
  const char *deadlock_args[] = { "deadlock", NULL };
  const char *pipe_args[] = { "pipe", NULL };
  static const WCT_OBJECT_TYPE deadlock_types[] = {
    WctThreadType, WctCriticalSectionType, WctThreadType, WctCriticalSectionType, WctThreadType,
  };
  static const WCT_OBJECT_TYPE pipe_types[] = {
    WctThreadType, WctAlpcType, WctThreadType, WctCriticalSectionType, WctThreadType,
  };
  WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
  WaitScenario *scenario;
  HWCT wct;
  DWORD count;
  BOOL cycle;
  int pid;

  errno = 0;
  g_assert_null (OpenThreadWaitChainSession (WCT_ASYNC_OPEN_FLAG, NULL));
  g_assert_cmpint (errno, ==, ENOTSUP);
  wct = OpenThreadWaitChainSession (0, NULL);
  g_assert_nonnull (wct);

  scenario = wait_scenario_start (scenario_program, deadlock_args);
  pid = expected_pid (scenario, 0);
  {
    g_autoptr(GPtrArray) chains = pm_wait_chains_for_process (pid, NULL);
    const PmWaitChain *chain = g_ptr_array_index (chains, 0);

    count = G_N_ELEMENTS (nodes);
    g_assert_true (GetThreadWaitChain (wct, 0, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG, (DWORD) pid,
                                       &count, nodes, &cycle));
    g_assert_cmpuint (count, ==, G_N_ELEMENTS (deadlock_types));
    g_assert_true (cycle);
    g_assert_cmpuint (count, ==, pm_wait_chain_get_n_nodes (chain));
    for (guint i = 0; i < count; i++)
      {
        const PmWaitNode *node = pm_wait_chain_get_node (chain, i);

        g_assert_cmpint (nodes[i].ObjectType, ==, deadlock_types[i]);
        if (nodes[i].ObjectType == WctThreadType)
          {
            g_assert_cmpint (nodes[i].ObjectStatus, ==, WctStatusBlocked);
            g_assert_cmpuint (nodes[i].ThreadObject.ProcessId, ==, (DWORD) pid);
            g_assert_cmpuint (nodes[i].ThreadObject.ThreadId, ==, (DWORD) pm_wait_node_get_tid (node));
          }
        else
          {
            g_autofree gunichar *wide = g_utf8_to_ucs4 (pm_wait_node_get_object (node), -1, NULL, NULL, NULL);

            g_assert_cmpint (nodes[i].ObjectStatus, ==, WctStatusOwned);
            g_assert_cmpmem (nodes[i].LockObject.ObjectName, wcslen (nodes[i].LockObject.ObjectName) * sizeof (WCHAR),
                             wide, wcslen ((const wchar_t *) wide) * sizeof (WCHAR));
            g_assert_true (g_str_has_prefix (pm_wait_node_get_object (node), "0x"));
          }
      }
    g_assert_cmpuint (nodes[0].ThreadObject.ThreadId, ==, nodes[4].ThreadObject.ThreadId);
  }
  count = 2;
  errno = 0;
  g_assert_false (GetThreadWaitChain (wct, 0, WCT_OUT_OF_PROC_FLAG, (DWORD) pid, &count, nodes, &cycle));
  g_assert_cmpint (errno, ==, ENOBUFS);
  g_assert_cmpuint (count, ==, 5);
  count = G_N_ELEMENTS (nodes);
  errno = 0;
  g_assert_false (GetThreadWaitChain (wct, 0, 0x100, (DWORD) pid, &count, nodes, &cycle));
  g_assert_cmpint (errno, ==, EINVAL);
  wait_scenario_stop (scenario);

  scenario = wait_scenario_start (scenario_program, pipe_args);
  pid = expected_pid (scenario, 0);
  count = G_N_ELEMENTS (nodes);
  g_assert_true (GetThreadWaitChain (wct, 0, WCT_OUT_OF_PROC_FLAG, (DWORD) pid, &count, nodes, &cycle));
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (pipe_types));
  g_assert_false (cycle);
  for (guint i = 0; i < count; i++)
    g_assert_cmpint (nodes[i].ObjectType, ==, pipe_types[i]);
  g_assert_cmpuint (nodes[2].ThreadObject.ProcessId, ==, (DWORD) expected_pid (scenario, 1));
  g_assert_cmpint (nodes[4].ObjectStatus, ==, WctStatusBlocked);   /* sleeping in pause() */
  /* Without WCT_OUT_OF_PROC_FLAG: up to the pipe, not into the child. */
  count = G_N_ELEMENTS (nodes);
  g_assert_true (GetThreadWaitChain (wct, 0, 0, (DWORD) pid, &count, nodes, &cycle));
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpint (nodes[1].ObjectType, ==, WctAlpcType);
  g_assert_false (cycle);
  wait_scenario_stop (scenario);

  count = G_N_ELEMENTS (nodes);
  errno = 0;
  g_assert_false (GetThreadWaitChain (wct, 0, WCT_OUT_OF_PROC_FLAG, (DWORD) pid, &count, nodes, &cycle));
  g_assert_cmpint (errno, ==, ESRCH);
  CloseThreadWaitChainSession (wct);
}

static void
test_bad_arguments (void)
{
  g_autoptr(PmWaitChainSession) session = pm_wait_chain_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  const char *argv[] = { "/bin/true", NULL };
  GPid gone;

  g_assert_null (pm_wait_chain_session_get_chain (session, 0, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (pm_wait_chain_session_get_process_chains (session, -4, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A process that has exited and been reaped. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &gone, NULL));
  waitpid (gone, NULL, 0);
  g_assert_null (pm_wait_chain_session_get_process_chains (session, gone, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Our own process: its chains exist, the main thread (running this) first. */
  chains = pm_wait_chain_session_get_process_chains (session, getpid (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_wait_chain_get_tid (g_ptr_array_index (chains, 0)), ==, getpid ());
  g_assert_cmpint (pm_wait_node_get_status (pm_wait_chain_get_node (g_ptr_array_index (chains, 0), 0)),
                   ==, PM_WAIT_STATUS_RUNNING);
}

static void
test_bad_json (void)
{
  static const char *const bad[] = {
    "",
    "[]",
    "{\"pid\":1}",
    "{\"pid\":-1,\"threads\":[]}",
    "{\"pid\":1,\"threads\":[1]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"cycle\":false}]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[],\"cycle\":false}]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[{\"type\":\"thread\"}],\"cycle\":false}]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[{\"type\":\"spoon\",\"status\":\"blocked\",\"pid\":1,\"tid\":2,\"name\":\"\",\"object\":\"\"}],\"cycle\":false}]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[{\"type\":\"thread\",\"status\":\"bored\",\"pid\":1,\"tid\":2,\"name\":\"\",\"object\":\"\"}],\"cycle\":false}]}",
    "{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[{\"type\":\"thread\",\"status\":\"blocked\",\"pid\":1,\"tid\":2,\"name\":\"\",\"object\":\"\"}],\"cycle\":1}]}",
    "{\"pid\":1,\"threads\":[]} x",
  };
  g_autoptr(GString) long_chain = g_string_new ("{\"pid\":1,\"threads\":[{\"tid\":2,\"chain\":[");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad JSON %u: %s", i, bad[i]);
      g_assert_null (pm_wait_chains_from_json (bad[i], -1, NULL, &error));
      g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
    }
  for (int i = 0; i <= PM_WAIT_CHAIN_MAX_NODES; i++)
    g_string_append_printf (long_chain, "%s{\"type\":\"thread\",\"status\":\"blocked\",\"pid\":1,"
                            "\"tid\":%d,\"name\":\"\",\"object\":\"\"}", i > 0 ? "," : "", i + 2);
  g_string_append (long_chain, "],\"cycle\":false}]}");
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (pm_wait_chains_from_json (long_chain->str, -1, NULL, &error));
    g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  }
  /* Control characters in a thread name come out as \u escapes and read back. */
  {
    const char *json = "{\"pid\":7,\"threads\":[{\"tid\":7,\"chain\":[{\"type\":\"thread\",\"status\":"
                       "\"sleeping\",\"pid\":7,\"tid\":7,\"name\":\"a\\u001b[31m\\u009b\\\"\",\"object\":\"\"}],"
                       "\"cycle\":false}]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) chains = pm_wait_chains_from_json (json, -1, NULL, &error);
    g_autofree char *again = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (pm_wait_node_get_name (pm_wait_chain_get_node (g_ptr_array_index (chains, 0), 0)),
                     ==, "a\x1b[31m\xc2\x9b\"");
    again = pm_wait_chains_to_json (7, chains);
    g_assert_cmpstr (again, ==, json);
  }
}

/* The bounded JSON keeps the deadlock first, then the waiting threads, in their order. */
static void
test_json_max (void)
{
  const char *json =
    "{\"pid\":7,\"threads\":["
    "{\"tid\":7,\"chain\":[{\"type\":\"thread\",\"status\":\"sleeping\",\"pid\":7,\"tid\":7,\"name\":\"a\",\"object\":\"\"}],\"cycle\":false},"
    "{\"tid\":8,\"chain\":[{\"type\":\"thread\",\"status\":\"blocked\",\"pid\":7,\"tid\":8,\"name\":\"b\",\"object\":\"\"},"
    "{\"type\":\"futex\",\"status\":\"not-owned\",\"pid\":7,\"tid\":0,\"name\":\"\",\"object\":\"0x10\"}],\"cycle\":false},"
    "{\"tid\":9,\"chain\":[{\"type\":\"thread\",\"status\":\"blocked\",\"pid\":7,\"tid\":9,\"name\":\"c\",\"object\":\"\"},"
    "{\"type\":\"mutex\",\"status\":\"owned\",\"pid\":7,\"tid\":0,\"name\":\"\",\"object\":\"0x20\"},"
    "{\"type\":\"thread\",\"status\":\"blocked\",\"pid\":7,\"tid\":9,\"name\":\"c\",\"object\":\"\"}],\"cycle\":true}"
    "]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chains = pm_wait_chains_from_json (json, -1, NULL, &error);
  g_autofree char *whole = NULL;
  g_autofree char *cycle_only = NULL;   /* the deadlock and the waiting thread */
  g_autofree char *two = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GPtrArray) back = NULL;
  guint omitted = 99;

  g_assert_no_error (error);
  whole = pm_wait_chains_to_json_max (7, chains, strlen (json), &omitted);
  g_assert_cmpstr (whole, ==, json);
  g_assert_cmpuint (omitted, ==, 0);

  /* Room for all but the first thread (its text and its comma): the sleeping one goes. */
  cycle_only = pm_wait_chains_to_json_max (7, chains, strlen (json) - (strstr (json, "{\"tid\":8") - strstr (json, "{\"tid\":7")),
                                           &omitted);
  g_assert_cmpuint (omitted, ==, 1);
  g_assert_null (strstr (cycle_only, "\"tid\":7,"));
  g_assert_nonnull (strstr (cycle_only, "{\"tid\":8,"));
  g_assert_nonnull (strstr (cycle_only, "{\"tid\":9,"));
  back = pm_wait_chains_from_json (cycle_only, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpint (pm_wait_chain_get_tid (g_ptr_array_index (back, 0)), ==, 8);

  two = pm_wait_chains_to_json_max (7, chains, strlen ("{\"pid\":7,\"threads\":[]}") + strlen (strstr (json, "{\"tid\":9")) - 2, &omitted);
  g_assert_cmpuint (omitted, ==, 2);
  g_assert_true (g_str_has_prefix (two, "{\"pid\":7,\"threads\":[{\"tid\":9,"));

  none = pm_wait_chains_to_json_max (7, chains, 0, &omitted);
  g_assert_cmpstr (none, ==, "{\"pid\":7,\"threads\":[]}");
  g_assert_cmpuint (omitted, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc != 3)
    g_error ("usage: test-wait-chain SCENARIO-PROGRAM POSTMORTEMCTL");
  scenario_program = argv[1];
  postmortemctl = argv[2];

  g_test_add_data_func ("/wait-chain/deadlock", "deadlock", run_scenario);
  g_test_add_data_func ("/wait-chain/pipe-to-child-lock", "pipe", run_scenario);
  g_test_add_data_func ("/wait-chain/pi-mutexes", "pi", run_scenario);
  g_test_add_data_func ("/wait-chain/unix-socket", "socket", run_scenario);
  g_test_add_data_func ("/wait-chain/child", "child", run_scenario);
  g_test_add_data_func ("/wait-chain/join", "join", run_scenario);
  g_test_add_data_func ("/wait-chain/ptrace-stop", "ptrace", run_scenario);
  g_test_add_data_func ("/wait-chain/not-hung", "idle", run_scenario);
  g_test_add_func ("/wait-chain/seized-by-caller", test_seized_by_caller);
  g_test_add_func ("/wait-chain/postmortemctl", test_postmortemctl);
  g_test_add_func ("/wait-chain/werapi", test_werapi);
  g_test_add_func ("/wait-chain/bad-arguments", test_bad_arguments);
  g_test_add_func ("/wait-chain/bad-json", test_bad_json);
  g_test_add_func ("/wait-chain/json-max", test_json_max);
  return g_test_run ();
}
