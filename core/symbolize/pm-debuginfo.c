/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo.c — finding a module's debug information on this machine, by
 * build-id only; see pm-debuginfo.h.
 *
 * Runs in: postmortemctl and the application (any thread). Paths may come
 * from the dump (untrusted): only regular files are read, and only when their
 * build-id is the module's. Calls libc only (pm-debuginfo.h says why); paths
 * are spelled as GLib's g_build_filename() and g_path_get_dirname() spelled
 * them before, so the same files are found and named.
 */
#include "pm-config.h"

#include "pm-debuginfo.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-elf-build-id.h"
#include "pm-xalloc.h"

/* Where distributions install separate debug files, by build-id. */
#define BUILD_ID_DEBUG_DIR "/usr/lib/debug/.build-id"

int
pm_debuginfo_open_matching_elf (const char   *path,
                                const guint8 *build_id,
                                gsize         build_id_len)
{
  guint8 id[PM_ELF_BUILD_ID_MAX];
  int fd;

  if (build_id_len == 0 || build_id_len > sizeof id)
    return -1;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return -1;
  /* The path may come from the dump: only a regular file is read (never a
   * FIFO, device or directory planted under that name; the build-id reader
   * checks). */
  if (pm_elf_file_build_id (fd, id) != build_id_len || memcmp (id, build_id, build_id_len) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Joins the elements (up to NULL) with '/' as g_build_filename() does, so
 * that paths are spelled as they were: empty elements are skipped, the
 * separators between two elements become one, the first element's leading
 * and the last one's trailing separators are kept, and a path of separators
 * alone is returned as it is. */
static char *build_filename (const char *first, ...) __attribute__ ((sentinel));

static char *
build_filename (const char *first,
                ...)
{
  va_list args;
  size_t size = 1, len = 0;
  const char *single = NULL, *trailing = "";
  bool have_leading = false, is_first = true;
  char *path;

  /* Every element's bytes with one separator each bound the result. */
  va_start (args, first);
  for (const char *element = first; element != NULL; element = va_arg (args, const char *))
    size += strlen (element) + 1;
  va_end (args);
  path = pm_xmalloc (size);

  va_start (args, first);
  for (const char *element = first; element != NULL; element = va_arg (args, const char *))
    {
      const char *start = element, *end;

      if (element[0] == '\0')
        continue;
      while (*start == '/')
        start++;
      end = start + strlen (start);
      while (end > start && end[-1] == '/')
        end--;
      /* Its trailing separators (all of it when it has nothing else), kept
       * at the end when it is the last element that is not empty. */
      trailing = end;
      while (trailing > element && trailing[-1] == '/')
        trailing--;
      if (!have_leading)
        {
          single = end == start ? element : NULL;
          memcpy (path, element, (size_t) (start - element));
          len = (size_t) (start - element);
          have_leading = true;
        }
      else
        single = NULL;
      if (end == start)
        continue;
      if (!is_first)
        path[len++] = '/';
      memcpy (path + len, start, (size_t) (end - start));
      len += (size_t) (end - start);
      is_first = false;
    }
  va_end (args);

  if (single != NULL)
    {
      free (path);
      return pm_xstrdup (single);
    }
  strcpy (path + len, trailing);
  return path;
}

/* file_name without its last element, as g_path_get_dirname() gives it: "."
 * when it has no '/', the separators before the last element dropped (but
 * not a leading one). */
static char *
path_get_dirname (const char *file_name)
{
  const char *last = strrchr (file_name, '/');

  if (last == NULL)
    return pm_xstrdup (".");
  while (last > file_name && *last == '/')
    last--;
  return pm_xstrndup (file_name, (size_t) (last - file_name) + 1);
}

/* The home directory from the user database, as GLib finds it: $LOGNAME's
 * entry when it has our uid (several names may share one), else our uid's.
 * NULL when there is none. */
static char *
passwd_home_dir (void)
{
  const char *logname = secure_getenv ("LOGNAME");
  struct passwd entry, *pw = NULL;
  char *buffer = NULL, *dir = NULL;

  /* The entry's strings must fit in buffer: grow it while they do not. */
  for (size_t size = 1024; size <= 1024 * 1024; size *= 2)
    {
      int err = 0;

      buffer = pm_xrealloc (buffer, size);
      pw = NULL;
      if (logname != NULL)
        err = getpwnam_r (logname, &entry, buffer, size, &pw);
      if (pw == NULL || pw->pw_uid != getuid ())
        err = getpwuid_r (getuid (), &entry, buffer, size, &pw);
      if (pw != NULL || err != ERANGE)
        break;
    }
  if (pw != NULL && pw->pw_dir != NULL)
    dir = pm_xstrdup (pw->pw_dir);
  free (buffer);
  return dir;
}

/* The home directory as g_get_home_dir() finds it: $HOME when it is set
 * (even to ""), else the user database's, else "/". */
static char *
home_dir (void)
{
  const char *home = secure_getenv ("HOME");
  char *dir;

  if (home != NULL)
    return pm_xstrdup (home);
  dir = passwd_home_dir ();
  return dir != NULL ? dir : pm_xstrdup ("/");
}

char *
pm_debuginfod_cache_dir (void)
{
  const char *cache = secure_getenv ("DEBUGINFOD_CACHE_PATH");
  const char *cache_home;
  char *home, *legacy, *dir;
  struct stat st;

  if (cache != NULL && cache[0] != '\0')
    return pm_xstrdup (cache);
  /* libdebuginfod keeps using an old-style cache in $HOME once it exists. */
  home = home_dir ();
  legacy = build_filename (home, ".debuginfod_client_cache", NULL);
  if (stat (legacy, &st) == 0 && S_ISDIR (st.st_mode))
    {
      free (home);
      return legacy;
    }
  free (legacy);
  /* The user's cache directory as g_get_user_cache_dir() finds it:
   * $XDG_CACHE_HOME when it is set and not empty, else ~/.cache. */
  cache_home = secure_getenv ("XDG_CACHE_HOME");
  if (cache_home != NULL && cache_home[0] != '\0')
    dir = build_filename (cache_home, "debuginfod_client", NULL);
  else
    dir = build_filename (home, ".cache", "debuginfod_client", NULL);
  free (home);
  return dir;
}

char *
pm_debuginfo_build_id_hex (const guint8 *build_id,
                           gsize         build_id_len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = pm_xmalloc (build_id_len * 2 + 1);

  for (gsize i = 0; i < build_id_len; i++)
    {
      hex[2 * i] = digits[build_id[i] >> 4];
      hex[2 * i + 1] = digits[build_id[i] & 0xf];
    }
  hex[build_id_len * 2] = '\0';
  return hex;
}

/* Opens the first of paths (NULL-terminated) that matches build_id. */
static int
open_first_matching (const char *const *paths,
                     const guint8      *build_id,
                     gsize              build_id_len,
                     char             **path_out)
{
  for (gsize i = 0; paths[i] != NULL; i++)
    {
      int fd = pm_debuginfo_open_matching_elf (paths[i], build_id, build_id_len);
      if (fd >= 0)
        {
          if (path_out != NULL)
            *path_out = pm_xstrdup (paths[i]);
          return fd;
        }
    }
  return -1;
}

int
pm_debuginfo_open_by_build_id (const guint8 *build_id,
                               gsize         build_id_len,
                               const char   *cache_dir,
                               char        **path_out)
{
  char *hex, *own_cache = NULL, *distro, *cached;
  int fd;

  if (build_id_len < 2 || build_id_len > 64)
    return -1;
  hex = pm_debuginfo_build_id_hex (build_id, build_id_len);
  if (cache_dir == NULL)
    cache_dir = own_cache = pm_debuginfod_cache_dir ();
  distro = pm_xasprintf (BUILD_ID_DEBUG_DIR "/%.2s/%s.debug", hex, hex + 2);
  cached = build_filename (cache_dir, hex, "debuginfo", NULL);
  {
    const char *paths[] = { distro, cached, NULL };

    fd = open_first_matching (paths, build_id, build_id_len, path_out);
  }
  free (cached);
  free (distro);
  free (own_cache);
  free (hex);
  return fd;
}

int
pm_debuginfo_open_by_debuglink (const char   *file_name,
                                const char   *debuglink_file,
                                const guint8 *build_id,
                                gsize         build_id_len,
                                char        **path_out)
{
  char *dir, *beside, *dot_debug, *global;
  int fd;

  if (debuglink_file == NULL || file_name == NULL || strchr (debuglink_file, '/') != NULL)
    return -1;
  /* The .gnu_debuglink places (gdb's and libdwfl's defaults): beside the
   * module, in .debug/ beside it, and under /usr/lib/debug. */
  dir = path_get_dirname (file_name);
  beside = build_filename (dir, debuglink_file, NULL);
  dot_debug = build_filename (dir, ".debug", debuglink_file, NULL);
  global = build_filename ("/usr/lib/debug", dir, debuglink_file, NULL);
  {
    const char *paths[] = { beside, dot_debug, global, NULL };

    /* The module file itself may carry the debuglink's name. */
    if (strcmp (beside, file_name) == 0)
      paths[0] = dot_debug, paths[1] = global, paths[2] = NULL;
    fd = open_first_matching (paths, build_id, build_id_len, path_out);
  }
  free (global);
  free (dot_debug);
  free (beside);
  free (dir);
  return fd;
}

int
pm_debuginfo_open_module_file (PmMinidump *md,
                               size_t      index,
                               const char *cache_dir,
                               PmMdModule *module,
                               char       *path,
                               gsize       path_size,
                               char      **debug_path)
{
  PmMdModuleIds ids;
  int fd;

  *debug_path = NULL;
  if (pm_minidump_get_module (md, index, module) != PM_MD_OK
      || pm_minidump_read_string (md, module->module_name_rva, path, path_size, NULL) != PM_MD_OK
      || pm_minidump_get_module_ids (md, module, &ids) != PM_MD_OK
      || ids.build_id_len == 0 || ids.build_id_len > sizeof ids.build_id)
    return -1;
  fd = path[0] == '/' ? pm_debuginfo_open_matching_elf (path, ids.build_id, ids.build_id_len) : -1;
  /* No matching file where the process had it: a separate debug file
   * (installed, or downloaded before) carries the same program headers,
   * symbols and CFI. */
  if (fd < 0)
    fd = pm_debuginfo_open_by_build_id (ids.build_id, ids.build_id_len, cache_dir, debug_path);
  return fd;
}

gboolean
pm_debuginfo_dump_has_local_files (PmMinidump *md)
{
  size_t n = pm_minidump_get_n_modules (md);
  char *cache_dir = pm_debuginfod_cache_dir ();
  gboolean found = FALSE;

  for (size_t i = 0; i < n && !found; i++)
    {
      PmMdModule module;
      char path[4096];
      char *debug_path = NULL;
      int fd = pm_debuginfo_open_module_file (md, i, cache_dir, &module, path, sizeof path, &debug_path);

      if (fd >= 0)
        {
          close (fd);
          found = TRUE;
        }
      free (debug_path);
    }
  free (cache_dir);
  return found;
}
