/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-import-core.c — postmortemctl import-core: an ELF core becomes a
 * report in the queue.
 *
 * Runs in: postmortemctl, an ordinary process (GLib, the store, core/coredump).
 *
 *   postmortemctl import-core CORE [--type micro|mini|heap|triage] [--exe PATH]
 *
 * CORE is a Linux x86-64 core written by the kernel, systemd-coredump or
 * gdb's gcore, plain or compressed with zstd, xz or lz4. --exe names the
 * executable when the one the core names has moved. Prints the report's key.
 * Exit status: 0 when imported, 1 when the core cannot be read or the store
 * refused it (the reason on stderr, nothing in the queue), 2 for usage.
 */
#include "pm-config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "pm-core-import.h"
#include "pm-ctl.h"

int
pm_ctl_import_core (int argc, char **argv)
{
  g_autofree char *type_name = NULL;
  g_autofree char *exe = NULL;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name, N_("Dump type: micro, mini (default), heap or triage"), "TYPE" },
    { "exe", 0, 0, G_OPTION_ARG_FILENAME, &exe, N_("The executable, when it is no longer where the core says"), "PATH" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "CORE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CORE");
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autofree char *key = NULL;
  PmCoreImportOptions options;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pm_ctl_usage ("import-core", "%s", error->message);
  if (rest == NULL || rest[0] == NULL)
    return pm_ctl_usage ("import-core", _("name the core file to import"));
  if (rest[1] != NULL)
    return pm_ctl_usage ("import-core", _("one core at a time"));

  pm_core_import_options_init (&options);
  if (type_name != NULL && pm_dumper_type_from_string (type_name, &options.type) < 0)
    return pm_ctl_usage ("import-core", _("unknown dump type “%s” (micro, mini, heap or triage)"), type_name);
  options.exe = exe;

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  key = pm_core_import (store, rest[0], &options, NULL, &error);
  if (key == NULL)
    return pm_ctl_fail (_("not imported: %s"), error->message);
  printf ("%s\n", key);
  return 0;
}
