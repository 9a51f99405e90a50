/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-fetch.c — one debug file from debuginfod servers through
 * libdebuginfod; see pm-debuginfod-fetch.h.
 *
 * Runs in: postmortemctl's main thread, alone (it sets the environment).
 */
#include "pm-config.h"

#include "pm-debuginfod-fetch.h"

#include <elfutils/debuginfod.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-debuginfo.h"
#include "pm-error.h"

typedef struct
{
  PmDebuginfodProgress progress;
  gpointer             user_data;
  guint64              max_size;
  gboolean             too_large;
  gboolean             cancelled;
  guint64              total;
} Fetch;

/* libdebuginfod's progress callback: a = bytes so far, b = expected size or
 * 0/-1 when unknown; non-zero stops the transfer. */
static int
on_progress (debuginfod_client *client,
             long               a,
             long               b)
{
  Fetch *fetch = debuginfod_get_user_data (client);
  guint64 received = a > 0 ? (guint64) a : 0;
  guint64 total = b > 0 ? (guint64) b : 0;

  fetch->total = total;
  /* Servers that ignore X-DEBUGINFOD-MAXSIZE still stop here. */
  if (fetch->max_size > 0 && (total > fetch->max_size || received > fetch->max_size))
    {
      fetch->too_large = TRUE;
      return 1;
    }
  if (fetch->progress != NULL && !fetch->progress (received, total, fetch->user_data))
    {
      fetch->cancelled = TRUE;
      return 1;
    }
  return 0;
}

gboolean
pm_debuginfod_is_build_id (const char *s)
{
  gsize n = 0;

  if (s == NULL)
    return FALSE;
  for (; s[n] != '\0'; n++)
    if (!g_ascii_isxdigit (s[n]))
      return FALSE;
  return n >= 2 && n <= 128 && n % 2 == 0;
}

/* The build-id bytes of hex (checked by pm_debuginfod_is_build_id). */
static gsize
parse_build_id (const char *hex,
                guint8     *out)
{
  gsize n = strlen (hex) / 2;

  for (gsize i = 0; i < n; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return n;
}

/* libdebuginfod marks a failed download with an empty file in the cache, and
 * then answers "not found" without asking for the next ten minutes; a
 * download the person stopped (or refused for its size) found nothing
 * missing, so another attempt must ask again. */
static void
forget_miss (const char *build_id_hex)
{
  g_autofree char *cache = pm_debuginfod_cache_dir ();
  g_autofree char *marker = g_build_filename (cache, build_id_hex, "debuginfo", NULL);
  struct stat st;

  if (lstat (marker, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0)
    unlink (marker);
}

static void
set_fetch_error (GError    **error,
                 int         rc,
                 const Fetch *fetch,
                 const char *server,
                 const char *build_id_hex)
{
  if (fetch->too_large || rc == -EFBIG)
    g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                 "%s: the debug information of %s is larger than the limit of %" G_GUINT64_FORMAT " bytes",
                 server, build_id_hex, fetch->max_size);
  else if (fetch->cancelled)
    g_set_error (error, PM_ERROR, PM_ERROR_CANCELLED, "%s: download of %s cancelled", server, build_id_hex);
  else if (rc == -ENOENT)
    g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "%s: no debug information for build-id %s", server, build_id_hex);
  else
    g_set_error (error, PM_ERROR, PM_ERROR_NETWORK, "%s: cannot download the debug information of %s: %s",
                 server, build_id_hex, g_strerror (-rc));
}

/* One request through libdebuginfod (its cache first, then the servers of
 * DEBUGINFOD_URLS): the file's fd and *path_out (malloc'd), and in *server_out
 * the server that answered; a -errno otherwise. */
static int
find_debuginfo (Fetch         *fetch,
                const guint8  *build_id,
                gsize          build_id_len,
                char         **path_out,
                char         **server_out)
{
  debuginfod_client *client = debuginfod_begin ();
  int fd;

  if (client == NULL)
    return -ENOMEM;
  debuginfod_set_user_data (client, fetch);
  debuginfod_set_progressfn (client, on_progress);
  fd = debuginfod_find_debuginfo (client, build_id, (int) build_id_len, path_out);
  *server_out = g_strdup (debuginfod_get_url (client) != NULL ? debuginfod_get_url (client)
                                                              : g_getenv (DEBUGINFOD_URLS_ENV_VAR));
  debuginfod_end (client);
  if (fd < 0)
    {
      free (*path_out);
      *path_out = NULL;
    }
  return fd;
}

gboolean
pm_debuginfod_fetch (const char            *servers,
                     const char            *build_id_hex,
                     guint64                max_size,
                     PmDebuginfodProgress   progress,
                     gpointer               user_data,
                     char                 **path_out,
                     GError               **error)
{
  Fetch fetch = { progress, user_data, max_size, FALSE, FALSE, 0 };
  guint8 build_id[64];
  gsize build_id_len;
  char *path = NULL;
  g_autofree char *server = NULL;
  int fd;

  g_return_val_if_fail (path_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (servers == NULL || servers[0] == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "no debuginfod server is set");
      return FALSE;
    }
  if (!pm_debuginfod_is_build_id (build_id_hex) || strlen (build_id_hex) > 2 * sizeof build_id)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "“%s” is not a build-id (hex digits)", build_id_hex);
      return FALSE;
    }
  build_id_len = parse_build_id (build_id_hex, build_id);

  /* libdebuginfod reads both when it asks (see the header). The size limit
   * also goes to the server, which refuses larger files up front. */
  setenv (DEBUGINFOD_URLS_ENV_VAR, servers, 1);
  if (max_size > 0)
    {
      char size[32];
      g_snprintf (size, sizeof size, "%" G_GUINT64_FORMAT, max_size);
      setenv (DEBUGINFOD_MAXSIZE_ENV_VAR, size, 1);
    }
  else
    unsetenv (DEBUGINFOD_MAXSIZE_ENV_VAR);

  /* libdebuginfod answers from its cache without asking a server. A file
   * there with another build-id (left by another tool, or broken) is removed
   * and the servers are asked once more, so their file replaces it. */
  for (guint attempt = 0;; attempt++)
    {
      fd = find_debuginfo (&fetch, build_id, build_id_len, &path, &server);
      if (fd < 0)
        {
          if (fetch.cancelled || fetch.too_large)
            forget_miss (build_id_hex);
          set_fetch_error (error, fd, &fetch, servers, build_id_hex);
          return FALSE;
        }
      close (fd);

      /* It must be that module's debug file: a file with another build-id
       * would name frames wrongly (the walker would not use it, but the
       * cache would keep it for every other tool). */
      fd = pm_debuginfo_open_matching_elf (path, build_id, build_id_len);
      if (fd >= 0)
        break;
      unlink (path);
      if (attempt > 0)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "%s: the file sent for %s is not an ELF file with that build-id; removed",
                       server, build_id_hex);
          free (path);
          return FALSE;
        }
      g_clear_pointer (&path, free);
      g_clear_pointer (&server, g_free);
    }
  close (fd);
  *path_out = g_strdup (path);
  free (path);
  return TRUE;
}
