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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PmApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, PM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
