/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-preload.c — libpostmortem-preload.so: installs the crash handler into a
 * program that never heard of Postmortem (`postmortemctl run`, or
 * LD_PRELOAD=libpostmortem-preload.so PROGRAM).
 *
 * Runs in: the preloaded program, at load time (a constructor, ordinary
 * context) and in pthread_create (ordinary context). Options come from the
 * environment, read once here:
 *   PM_DUMP_TYPE          micro | mini | heap | triage   (default mini)
 *   PM_DUMPER_TIMEOUT_MS  1 .. 600000                    (default 15000)
 *   PM_LAUNCH_APP         1 to start `postmortem --report KEY` after a crash
 *   PM_STORE_DIR, PM_DUMPER_PATH are read by the dumper / the handler itself.
 * All through secure_getenv: a setuid or setcap program ignores them. A bad
 * value is reported on stderr and the default is used. Every thread the
 * program creates gets an alternate signal stack, so a stack overflow in any
 * thread is reported (pthread_create is wrapped for that).
 */
#include "pm-config.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postmortem.h"

static PmDumpType
dump_type_from_env (void)
{
  const char *s = secure_getenv ("PM_DUMP_TYPE");

  if (s == NULL || s[0] == '\0' || strcmp (s, "mini") == 0)
    return PM_DUMP_TYPE_MINI;
  if (strcmp (s, "micro") == 0)
    return PM_DUMP_TYPE_MICRO;
  if (strcmp (s, "heap") == 0)
    return PM_DUMP_TYPE_HEAP;
  if (strcmp (s, "triage") == 0)
    return PM_DUMP_TYPE_TRIAGE;
  fprintf (stderr, "postmortem: PM_DUMP_TYPE=%s is not micro, mini, heap or triage; using mini\n", s);
  return PM_DUMP_TYPE_MINI;
}

__attribute__ ((constructor)) static void
pm_preload_init (void)
{
  PmCrashHandlerOptions options;
  const char *s;
  PmResult result;

  pm_crash_handler_options_init (&options);
  options.dump_type = dump_type_from_env ();
  if ((s = secure_getenv ("PM_DUMPER_TIMEOUT_MS")) != NULL && s[0] != '\0')
    {
      char *end = NULL;
      unsigned long v = strtoul (s, &end, 10);
      if (end == NULL || *end != '\0' || v == 0 || v > 600000)
        fprintf (stderr, "postmortem: PM_DUMPER_TIMEOUT_MS=%s is not 1..600000; using %u\n",
                 s, options.dumper_timeout_ms);
      else
        options.dumper_timeout_ms = (unsigned int) v;
    }
  options.launch_app = (s = secure_getenv ("PM_LAUNCH_APP")) != NULL && strcmp (s, "1") == 0;
  /* A program that installs the handler itself keeps its own options. */
  options.replaceable = true;

  result = pm_crash_handler_install (&options);
  if (result != PM_RESULT_OK && result != PM_RESULT_INVALID_STATE)
    fprintf (stderr, "postmortem: cannot install the crash handler: %s\n", pm_result_to_string (result));
}

typedef struct
{
  void *(*start) (void *);
  void  *arg;
} PmThreadStart;

static void *
pm_preload_thread_start (void *data)
{
  PmThreadStart start = *(PmThreadStart *) data;

  free (data);
  pm_crash_handler_install_thread ();
  return start.start (start.arg);
}

typedef int (*PthreadCreateFunc) (pthread_t *, const pthread_attr_t *, void *(*) (void *), void *);

/* Interposed: same contract as glibc's, plus an alternate signal stack for
 * the new thread. If the wrapper cannot be set up, the thread starts as is. */
__attribute__ ((visibility ("default"))) int
pthread_create (pthread_t *thread, const pthread_attr_t *attr, void *(*start) (void *), void *arg)
{
  static PthreadCreateFunc real_create;
  PmThreadStart *data;

  if (real_create == NULL)
    real_create = (PthreadCreateFunc) dlsym (RTLD_NEXT, "pthread_create");
  if (real_create == NULL)
    return EAGAIN;
  data = malloc (sizeof *data);
  if (data == NULL)
    return real_create (thread, attr, start, arg);
  data->start = start;
  data->arg = arg;
  {
    int r = real_create (thread, attr, pm_preload_thread_start, data);
    if (r != 0)
      free (data);
    return r;
  }
}
