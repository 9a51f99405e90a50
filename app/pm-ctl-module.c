/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-module.c — finds and loads the command modules of postmortemctl
 * (postmortemctl-<group>.so).
 *
 * Runs in: postmortemctl, an ordinary process, before the command runs. libc
 * only: the executable links no GLib (postmortemctl.c).
 *
 * Why modules: a command should cost only the libraries it uses. Linked into
 * one executable, `postmortemctl --help` mapped libsoup (and through it TLS,
 * Kerberos, ICU), libarchive and libdw, ~20 ms before main() on every
 * command, which made `dump` slower than the tools it replaces. A small front
 * that execs one binary per group would pay a second exec and duplicate the
 * table; dlopen() keeps one process, one command table and one copy of the
 * shared helpers (exported by the executable, postmortemctl.dynamic-list).
 *
 * Where: found from the executable's own path (/proc/self/exe), never from the
 * environment, so a setuid wrapper or a hostile $LD_LIBRARY_PATH cannot choose
 * the code that runs. Installed, the modules are in libdir/postmortem, reached
 * by the path from bindir to there (PM_CTL_MODULEDIR_FROM_BINDIR), so a tree
 * installed with `meson install --destdir` works where it lies, and so does the
 * Flatpak, which moves postmortemctl to libexec (as deep as bin). In the build
 * tree they are next to the executable, build/app/.
 */
#include "pm-config.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-config.h"

/* A message for *error, to free(). */
static char *
message (const char *format, ...) G_GNUC_PRINTF (1, 2);

static char *
message (const char *format, ...)
{
  char *text = NULL;
  va_list args;

  va_start (args, format);
  if (vasprintf (&text, format, args) < 0)
    text = NULL;
  va_end (args);
  return text != NULL ? text : strdup (format);
}

/* The folder holding this executable (into dir, PATH_MAX bytes), FALSE if unknown. */
static gboolean
executable_dir (char *dir)
{
  ssize_t n = readlink ("/proc/self/exe", dir, PATH_MAX - 1);
  char *slash;

  if (n <= 0)
    return FALSE;
  dir[n] = '\0';
  slash = strrchr (dir, '/');
  if (slash == NULL)
    return FALSE;
  *slash = '\0';
  if (dir[0] == '\0')
    strcpy (dir, "/");
  return TRUE;
}

static void *
open_module (const char *name, char **error)
{
  char exe_dir[PATH_MAX], installed[PATH_MAX + 256], beside[PATH_MAX + 256];
  const char *path;
  void *handle;

  if (!executable_dir (exe_dir))
    {
      *error = message ("%s", _("cannot find where postmortemctl is (/proc/self/exe)"));
      return NULL;
    }
  if (PM_CTL_MODULEDIR_FROM_BINDIR[0] == '/')
    snprintf (installed, sizeof installed, "%s/postmortemctl-%s.so", PM_CTL_MODULEDIR_FROM_BINDIR, name);
  else
    snprintf (installed, sizeof installed, "%s/%s/postmortemctl-%s.so", exe_dir, PM_CTL_MODULEDIR_FROM_BINDIR, name);
  snprintf (beside, sizeof beside, "%s/postmortemctl-%s.so", exe_dir, name);
  /* The build tree: modules next to the executable. */
  path = access (installed, F_OK) == 0 || access (beside, F_OK) != 0 ? installed : beside;

  /* RTLD_LAZY: RTLD_NOW would bind every function the module's libraries
   * import (all of GIO's, all of libdw's), milliseconds for the few a command
   * calls. The module itself is linked with -z now (app/meson.build), so a
   * symbol it cannot resolve still fails here, with a message. */
  handle = dlopen (path, RTLD_LAZY | RTLD_LOCAL);
  if (handle == NULL)
    *error = message ("%s", dlerror ());
  return handle;
}

gpointer
pm_ctl_module_symbol (const char *module, const char *symbol, char **error)
{
  /* Modules stay loaded until exit: commands keep pointers into them. A
   * command loads one or two (info KEY: store, then backtrace). */
  static struct { const char *name; void *handle; } loaded[8];
  static guint n_loaded;
  void *handle = NULL, *found;

  for (guint i = 0; i < n_loaded && handle == NULL; i++)
    if (strcmp (loaded[i].name, module) == 0)
      handle = loaded[i].handle;
  if (handle == NULL)
    {
      handle = open_module (module, error);
      if (handle == NULL)
        return NULL;
      if (n_loaded < G_N_ELEMENTS (loaded))
        {
          loaded[n_loaded].name = strdup (module);
          loaded[n_loaded].handle = handle;
          if (loaded[n_loaded].name != NULL)
            n_loaded++;
        }
    }
  found = dlsym (handle, symbol);
  if (found == NULL)
    *error = message (_("postmortemctl-%s.so has no %s"), module, symbol);
  return found;
}
