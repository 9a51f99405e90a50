/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-setuid-crasher.c — a program that test-setuid.sh makes setuid root, to prove that
 * libpostmortem, its preload library and libpostmortem-store ignore the caller's PM_*
 * variables (and HOME/XDG_*) in secure-execution mode.
 *
 * Runs in: its own process, started by the test as an unprivileged user.
 *
 * Usage: pm-setuid-crasher handler          install the crash handler, then crash
 *        pm-setuid-crasher preload LIBRARY  dlopen the preload library, then crash
 *        pm-setuid-crasher store            print the store's paths taken from the
 *                                           environment (KEY=VALUE lines), then exit 0
 */
#include "pm-config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include "postmortem.h"
#include "pm-env.h"
#include "pm-settings.h"

static void
crash (void)
{
  volatile int *nowhere = NULL;

  *nowhere = 1;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 2 && strcmp (argv[1], "handler") == 0)
    {
      PmResult result = pm_crash_handler_install (NULL);

      if (result != PM_RESULT_OK)
        {
          fprintf (stderr, "cannot install the crash handler: %s\n", pm_result_to_string (result));
          return 2;
        }
      crash ();
      return 3;
    }
  if (argc == 3 && strcmp (argv[1], "preload") == 0)
    {
      if (dlopen (argv[2], RTLD_NOW) == NULL)
        {
          fprintf (stderr, "cannot load %s: %s\n", argv[2], dlerror ());
          return 2;
        }
      crash ();
      return 3;
    }
  if (argc == 2 && strcmp (argv[1], "store") == 0)
    {
      char *values[] = {
        pm_env_store_path (), pm_env_system_store_path (), pm_settings_get_default_path (),
        pm_settings_get_system_path (), pm_env_dumper_path (),
      };
      const char *names[] = { "store", "system-store", "settings", "system-settings", "dumper" };

      printf ("secure=%d\n", (int) getauxval (AT_SECURE));
      printf ("no-fsync=%s\n", pm_env_get ("PM_STORE_NO_FSYNC") != NULL ? "set" : "unset");
      for (size_t i = 0; i < G_N_ELEMENTS (values); i++)
        {
          printf ("%s=%s\n", names[i], values[i]);
          g_free (values[i]);
        }
      return 0;
    }
  fprintf (stderr, "usage: %s handler | preload LIBRARY | store\n", argv[0]);
  return 2;
}
