/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* main.c — the entry point of postmortem, the GUI application.
 *
 * Runs in: the postmortem GUI process.
 *
 * `postmortem` shows the report store; `postmortem FILE.dmp…` opens each file
 * in its own window (in the running instance, when there is one).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pm-application.h"
#include "pm-store-io-check.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PmApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, PM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* For tests only: PM_TEST_IO_CHECK=abort ends the program, naming the file, at
   * any file I/O of the store or the settings made on this (the GTK) thread
   * (pm-store-io-check.h): the application tests run the real program so. */
  if (g_strcmp0 (g_getenv ("PM_TEST_IO_CHECK"), "abort") == 0)
    pm_io_check_set_mode (PM_IO_CHECK_ABORT);

  app = pm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
