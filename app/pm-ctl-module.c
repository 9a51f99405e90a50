/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-module.c — finds and loads the command modules of postmortemctl
 * (postmortemctl-<group>.so).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed), before the
 * command runs.
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
#include <limits.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-config.h"

/* The folder holding this executable, or NULL. */
static char *
executable_dir (void)
{
  char path[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", path, sizeof path - 1);

  if (n <= 0)
    return NULL;
  path[n] = '\0';
  return g_path_get_dirname (path);
}

static gpointer
open_module (const char *name, char **error)
{
  g_autofree char *exe_dir = executable_dir ();
  g_autofree char *file = g_strconcat ("postmortemctl-", name, ".so", NULL);
  g_autofree char *installed = NULL;
  g_autofree char *beside = NULL;
  const char *path;
  gpointer handle;

  if (exe_dir == NULL)
    {
      *error = g_strdup (_("cannot find where postmortemctl is (/proc/self/exe)"));
      return NULL;
    }
  installed = g_path_is_absolute (PM_CTL_MODULEDIR_FROM_BINDIR)
              ? g_build_filename (PM_CTL_MODULEDIR_FROM_BINDIR, file, NULL)
              : g_build_filename (exe_dir, PM_CTL_MODULEDIR_FROM_BINDIR, file, NULL);
  beside = g_build_filename (exe_dir, file, NULL);
  /* The build tree: modules next to the executable. */
  path = access (installed, F_OK) == 0 || access (beside, F_OK) != 0 ? installed : beside;

  /* RTLD_LAZY: RTLD_NOW would bind every function the module's libraries
   * import (all of GIO's, all of libdw's), milliseconds for the few a command
   * calls. The module itself is linked with -z now (app/meson.build), so a
   * symbol it cannot resolve still fails here, with a message. */
  handle = dlopen (path, RTLD_LAZY | RTLD_LOCAL);
  if (handle == NULL)
    *error = g_strdup (dlerror ());
  return handle;
}

gpointer
pm_ctl_module_symbol (const char *module, const char *symbol, char **error)
{
  /* Modules stay loaded until exit: commands keep pointers into them. */
  static GHashTable *loaded;
  gpointer handle, found;

  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  handle = g_hash_table_lookup (loaded, module);
  if (handle == NULL)
    {
      handle = open_module (module, error);
      if (handle == NULL)
        return NULL;
      g_hash_table_insert (loaded, g_strdup (module), handle);
    }
  found = dlsym (handle, symbol);
  if (found == NULL)
    *error = g_strdup_printf (_("postmortemctl-%s.so has no %s"), module, symbol);
  return found;
}
