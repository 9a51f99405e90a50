/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-run.c — `postmortemctl run [OPTIONS] -- PROGRAM [ARGS…]`: run any
 * program with Postmortem's crash handler preloaded, so a crash of a program
 * that never heard of us still produces a report.
 *
 * Runs in: postmortemctl, an ordinary process (libc only, like the rest of the
 * executable). It does not fork:
 * it sets the environment (LD_PRELOAD=libpostmortem-preload.so, PM_DUMP_TYPE,
 * PM_STORE_DIR, PM_DUMPER_TIMEOUT_MS, PM_LAUNCH_APP) and execs the program in
 * its place, so the caller sees the program's own exit status (a crash is
 * still "killed by SIGSEGV").
 *
 * The preload library is $PM_PRELOAD_PATH if set (tests point it into the
 * build tree), else the installed one (PM_PRELOAD_PATH in pm-client-config.h).
 */
#include "pm-config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-client-config.h"
#include "pm-ctl.h"
#include "pm-dumper.h"

/* TRUE if text is a decimal number from 1 to 600000, nothing else. */
static gboolean
parse_timeout_ms (const char *text)
{
  unsigned long long ms;
  char *end;

  if (text[0] < '0' || text[0] > '9')
    return FALSE;
  errno = 0;
  ms = strtoull (text, &end, 10);
  return errno == 0 && *end == '\0' && ms >= 1 && ms <= 600000;
}

/* store made absolute (relative to the current folder), or NULL. */
static char *
absolute_path (const char *store)
{
  char cwd[PATH_MAX];
  char *path = NULL;

  if (store[0] == '/')
    return strdup (store);
  while (strncmp (store, "./", 2) == 0)
    store += 2;
  if (getcwd (cwd, sizeof cwd) == NULL)
    return NULL;
  if (asprintf (&path, "%s/%s", cwd, store) < 0)
    return NULL;
  return path;
}

int
pm_ctl_run (int argc, char **argv)
{
  const char *type = NULL, *store = NULL, *timeout = NULL, *preload;
  gboolean launch_app = FALSE;
  char *ld_preload = NULL;
  const char *old_preload;
  int i;

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        {
          i++;
          break;
        }
      if (strcmp (arg, "--type") == 0 || strcmp (arg, "--store") == 0 || strcmp (arg, "--timeout-ms") == 0)
        {
          if (i + 1 >= argc)
            return pm_ctl_usage ("run", _("%s needs a value"), arg);
          if (strcmp (arg, "--type") == 0)
            type = argv[++i];
          else if (strcmp (arg, "--store") == 0)
            store = argv[++i];
          else
            timeout = argv[++i];
        }
      else if (strncmp (arg, "--type=", strlen ("--type=")) == 0)
        type = arg + strlen ("--type=");
      else if (strncmp (arg, "--store=", strlen ("--store=")) == 0)
        store = arg + strlen ("--store=");
      else if (strncmp (arg, "--timeout-ms=", strlen ("--timeout-ms=")) == 0)
        timeout = arg + strlen ("--timeout-ms=");
      else if (strcmp (arg, "--launch-app") == 0)
        launch_app = TRUE;
      else if (arg[0] == '-')
        return pm_ctl_usage ("run", _("unknown option “%s”"), arg);
      else
        break;   /* the program, without a “--” before it */
    }
  if (i >= argc)
    return pm_ctl_usage ("run", _("no program to run"));

  /* The four dump types by their names, as the dumper knows them. */
  if (type != NULL && pm_dumper_type_from_string (type, &(PmDumperType) { 0 }) < 0)
    return pm_ctl_usage ("run", _("dump type “%s” is not micro, mini, heap or triage"), type);
  if (timeout != NULL)
    {
      if (!parse_timeout_ms (timeout))
        return pm_ctl_usage ("run", _("timeout “%s” is not a number of milliseconds from 1 to 600000"), timeout);
    }
  if (store != NULL && store[0] == '\0')
    return pm_ctl_usage ("run", _("the store directory is empty"));

  preload = secure_getenv ("PM_PRELOAD_PATH");
  if (preload == NULL || preload[0] == '\0')
    preload = PM_PRELOAD_PATH;
  if (preload[0] != '/')
    return pm_ctl_fail (_("the preload library “%s” is not an absolute path"), preload);
  if (access (preload, R_OK) != 0)
    return pm_ctl_fail (_("cannot use the crash handler library “%s”: %s"), preload, strerror (errno));
  /* ld.so splits LD_PRELOAD at spaces and colons: such a path cannot work. */
  if (strpbrk (preload, " :") != NULL)
    return pm_ctl_fail (_("the preload library path “%s” contains a space or colon"), preload);

  /* Appended, not prepended: a sanitizer runtime or allocator the caller
   * preloads must stay first in the list. */
  old_preload = getenv ("LD_PRELOAD");
  if (old_preload != NULL && old_preload[0] != '\0')
    {
      if (asprintf (&ld_preload, "%s:%s", old_preload, preload) < 0)
        return pm_ctl_fail ("%s", strerror (ENOMEM));
      setenv ("LD_PRELOAD", ld_preload, 1);
      free (ld_preload);
    }
  else
    setenv ("LD_PRELOAD", preload, 1);
  if (type != NULL)
    setenv ("PM_DUMP_TYPE", type, 1);
  if (store != NULL)
    {
      char *abs = absolute_path (store);
      if (abs == NULL)
        return pm_ctl_fail (_("cannot find the current folder: %s"), strerror (errno));
      setenv ("PM_STORE_DIR", abs, 1);
      free (abs);
    }
  if (timeout != NULL)
    setenv ("PM_DUMPER_TIMEOUT_MS", timeout, 1);
  if (launch_app)
    setenv ("PM_LAUNCH_APP", "1", 1);

  execvp (argv[i], argv + i);
  return pm_ctl_fail (_("cannot run “%s”: %s"), argv[i], strerror (errno));
}
