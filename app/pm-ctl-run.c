/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-run.c — `postmortemctl run [OPTIONS] -- PROGRAM [ARGS…]`: run any
 * program with Postmortem's crash handler preloaded, so a crash of a program
 * that never heard of us still produces a report.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed). It does not fork:
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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-client-config.h"
#include "pm-ctl.h"

static gboolean
parse_dump_type (const char *value)
{
  return g_strcmp0 (value, "micro") == 0 || g_strcmp0 (value, "mini") == 0 ||
         g_strcmp0 (value, "heap") == 0 || g_strcmp0 (value, "triage") == 0;
}

int
pm_ctl_run (int argc, char **argv)
{
  const char *type = NULL, *store = NULL, *timeout = NULL, *preload;
  gboolean launch_app = FALSE;
  g_autofree char *ld_preload = NULL;
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
      else if (g_str_has_prefix (arg, "--type="))
        type = arg + strlen ("--type=");
      else if (g_str_has_prefix (arg, "--store="))
        store = arg + strlen ("--store=");
      else if (g_str_has_prefix (arg, "--timeout-ms="))
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

  if (type != NULL && !parse_dump_type (type))
    return pm_ctl_usage ("run", _("dump type “%s” is not micro, mini, heap or triage"), type);
  if (timeout != NULL)
    {
      guint64 ms;
      if (!g_ascii_string_to_unsigned (timeout, 10, 1, 600000, &ms, NULL))
        return pm_ctl_usage ("run", _("timeout “%s” is not a number of milliseconds from 1 to 600000"), timeout);
    }
  if (store != NULL && store[0] == '\0')
    return pm_ctl_usage ("run", _("the store directory is empty"));

  preload = g_getenv ("PM_PRELOAD_PATH");
  if (preload == NULL || preload[0] == '\0')
    preload = PM_PRELOAD_PATH;
  if (!g_path_is_absolute (preload))
    return pm_ctl_fail (_("the preload library “%s” is not an absolute path"), preload);
  if (access (preload, R_OK) != 0)
    return pm_ctl_fail (_("cannot use the crash handler library “%s”: %s"), preload, g_strerror (errno));
  /* ld.so splits LD_PRELOAD at spaces and colons: such a path cannot work. */
  if (strpbrk (preload, " :") != NULL)
    return pm_ctl_fail (_("the preload library path “%s” contains a space or colon"), preload);

  /* Appended, not prepended: a sanitizer runtime or allocator the caller
   * preloads must stay first in the list. */
  old_preload = g_getenv ("LD_PRELOAD");
  ld_preload = old_preload != NULL && old_preload[0] != '\0'
                 ? g_strconcat (old_preload, ":", preload, NULL)
                 : g_strdup (preload);
  g_setenv ("LD_PRELOAD", ld_preload, TRUE);
  if (type != NULL)
    g_setenv ("PM_DUMP_TYPE", type, TRUE);
  if (store != NULL)
    {
      g_autofree char *abs = g_canonicalize_filename (store, NULL);
      g_setenv ("PM_STORE_DIR", abs, TRUE);
    }
  if (timeout != NULL)
    g_setenv ("PM_DUMPER_TIMEOUT_MS", timeout, TRUE);
  if (launch_app)
    g_setenv ("PM_LAUNCH_APP", "1", TRUE);

  execvp (argv[i], argv + i);
  return pm_ctl_fail (_("cannot run “%s”: %s"), argv[i], g_strerror (errno));
}
