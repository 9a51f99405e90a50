/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo.c — finding a module's debug information on this machine, by
 * build-id only; see pm-debuginfo.h.
 *
 * Runs in: postmortemctl and the application (any thread). Paths may come
 * from the dump (untrusted): only regular files are read, and only when their
 * build-id is the module's.
 */
#include "pm-config.h"

#include "pm-debuginfo.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "pm-elf-build-id.h"
#include "pm-stackwalk.h"

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

char *
pm_debuginfod_cache_dir (void)
{
  const char *cache = g_getenv ("DEBUGINFOD_CACHE_PATH");
  g_autofree char *legacy = NULL;

  if (cache != NULL && cache[0] != '\0')
    return g_strdup (cache);
  /* libdebuginfod keeps using an old-style cache in $HOME once it exists. */
  legacy = g_build_filename (g_get_home_dir (), ".debuginfod_client_cache", NULL);
  if (g_file_test (legacy, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&legacy);
  return g_build_filename (g_get_user_cache_dir (), "debuginfod_client", NULL);
}

char *
pm_debuginfo_build_id_hex (const guint8 *build_id,
                           gsize         build_id_len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (build_id_len * 2 + 1);

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
            *path_out = g_strdup (paths[i]);
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
  g_autofree char *hex = NULL;
  g_autofree char *own_cache = NULL;
  g_autofree char *distro = NULL;
  g_autofree char *cached = NULL;

  if (build_id_len < 2 || build_id_len > 64)
    return -1;
  hex = pm_debuginfo_build_id_hex (build_id, build_id_len);
  if (cache_dir == NULL)
    cache_dir = own_cache = pm_debuginfod_cache_dir ();
  distro = g_strdup_printf (BUILD_ID_DEBUG_DIR "/%.2s/%s.debug", hex, hex + 2);
  cached = g_build_filename (cache_dir, hex, "debuginfo", NULL);
  {
    const char *paths[] = { distro, cached, NULL };
    return open_first_matching (paths, build_id, build_id_len, path_out);
  }
}

int
pm_debuginfo_open_by_debuglink (const char   *file_name,
                                const char   *debuglink_file,
                                const guint8 *build_id,
                                gsize         build_id_len,
                                char        **path_out)
{
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;
  g_autofree char *dot_debug = NULL;
  g_autofree char *global = NULL;

  if (debuglink_file == NULL || file_name == NULL || strchr (debuglink_file, '/') != NULL)
    return -1;
  /* The .gnu_debuglink places (gdb's and libdwfl's defaults): beside the
   * module, in .debug/ beside it, and under /usr/lib/debug. */
  dir = g_path_get_dirname (file_name);
  beside = g_build_filename (dir, debuglink_file, NULL);
  dot_debug = g_build_filename (dir, ".debug", debuglink_file, NULL);
  global = g_build_filename ("/usr/lib/debug", dir, debuglink_file, NULL);
  {
    const char *paths[] = { beside, dot_debug, global, NULL };

    /* The module file itself may carry the debuglink's name. */
    if (g_strcmp0 (beside, file_name) == 0)
      paths[0] = dot_debug, paths[1] = global, paths[2] = NULL;
    return open_first_matching (paths, build_id, build_id_len, path_out);
  }
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
  g_autofree char *cache_dir = pm_debuginfod_cache_dir ();

  for (size_t i = 0; i < n; i++)
    {
      PmMdModule module;
      char path[4096];
      g_autofree char *debug_path = NULL;
      int fd = pm_debuginfo_open_module_file (md, i, cache_dir, &module, path, sizeof path, &debug_path);

      if (fd >= 0)
        {
          close (fd);
          return TRUE;
        }
    }
  return FALSE;
}

void
pm_debuginfo_collect_missing (PmMinidump   *md,
                              const GArray *frames,
                              GHashTable   *missing)
{
  for (guint i = 0; frames != NULL && i < frames->len; i++)
    {
      const PmStackFrame *frame = &g_array_index (frames, PmStackFrame, i);
      size_t index;
      PmMdModule module;
      PmMdModuleIds ids;
      g_autofree char *hex = NULL;

      if (frame->function != NULL || frame->module == NULL || frame->trust == PM_FRAME_TRUST_INLINE
          || pm_minidump_find_module (md, frame->pc, &index) != PM_MD_OK
          || pm_minidump_get_module (md, index, &module) != PM_MD_OK
          || pm_minidump_get_module_ids (md, &module, &ids) != PM_MD_OK
          || ids.build_id_len < 2 || ids.build_id_len > sizeof ids.build_id)
        continue;
      hex = pm_debuginfo_build_id_hex (ids.build_id, ids.build_id_len);
      if (!g_hash_table_contains (missing, hex))
        g_hash_table_insert (missing, g_steal_pointer (&hex), g_strdup (frame->module));
    }
}
