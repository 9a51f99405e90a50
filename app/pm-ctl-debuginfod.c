/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-debuginfod.c — `postmortemctl debuginfod FILE|REPORT-KEY|--build-id
 * ID… [--server URL]… [--max-size SIZE] [--progress]`: downloads, with elfutils'
 * debuginfod client, the debug information of the modules whose frames have
 * no names, into the shared client cache, where `info` and the application
 * then find it.
 *
 * Which build-ids leave the machine: for a dump, those of the modules that
 * hold an unnamed frame in any thread's walked stack (not every module the
 * process had loaded); with --build-id, exactly those given. Servers: --server
 * (repeatable), else $DEBUGINFOD_URLS. Running the command is the consent;
 * `info` and the walker never ask a server on their own.
 *
 * --progress prints one line per event on stdout, for the application:
 *   want ID NAME | progress ID RECEIVED TOTAL | done ID PATH | failed ID MESSAGE
 * (TOTAL is 0 when the server has not said). SIGTERM and SIGINT stop the
 * current download cleanly (no partial file stays in the cache).
 *
 * Runs in: postmortemctl, in its debuginfod module (libdw, libdebuginfod and
 * its libcurl, which no other command loads), on
 * the main thread alone (pm-debuginfod-fetch.h sets the environment).
 */
#include "pm-config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-safe-output.h"
#include "pm-debuginfo.h"
#include "pm-debuginfo-missing.h"
#include "pm-debuginfod-fetch.h"
#include "pm-stackwalk.h"

/* A debug file larger than this is not downloaded unless asked (--max-size). */
#define DEFAULT_MAX_SIZE (G_GUINT64_CONSTANT (1) << 30)

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal (int sig)
{
  (void) sig;
  stop_requested = 1;
}

typedef struct
{
  const char *build_id;
  gboolean    machine;
  gint64      last_print_usec;
} Progress;

static gboolean
on_progress (guint64  received,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time ();

  if (stop_requested)
    return FALSE;
  /* Ten lines a second at most: enough for a progress bar. */
  if (now - p->last_print_usec < G_USEC_PER_SEC / 10)
    return TRUE;
  p->last_print_usec = now;
  if (p->machine)
    printf ("progress %s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", p->build_id, received, total);
  else if (total > 0 && isatty (STDERR_FILENO))
    {
      pm_ctl_output_clear_line ();
      fprintf (stderr, "  %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " KiB", p->build_id,
               received / 1024, total / 1024);
    }
  fflush (stdout);
  return TRUE;
}

/* Ends a progress line on the terminal, if one was written. */
static void
end_progress_line (void)
{
  if (isatty (STDERR_FILENO))
    pm_ctl_output_clear_line ();
}

/* The modules of the dump at target whose frames have no names (build-id
 * hex -> file name), in the table; FALSE with a message in *error. */
static gboolean
collect_from_dump (const char  *target,
                   GHashTable  *missing,
                   char       **error)
{
  g_autofree char *label = NULL;
  PmMdError local_error = { 0 };
  PmStackwalker *walker;
  PmMinidump *md;
  size_t n_threads;

  /* The executable's (postmortemctl.dynamic-list). */
  md = pm_ctl_open_minidump (target, &label, error);
  if (md == NULL)
    return FALSE;
  walker = pm_stackwalker_new (md, &local_error);
  if (walker == NULL)
    {
      *error = g_strdup_printf ("%s: %s", label, local_error.message);
      pm_minidump_close (md);
      return FALSE;
    }
  n_threads = pm_minidump_get_n_threads (md);
  for (size_t i = 0; i < n_threads; i++)
    {
      PmMdThreadRecord thread;
      PmMdContext ctx;
      g_autoptr(PmStackFrames) frames = NULL;

      if (pm_minidump_get_thread (md, i, &thread) != PM_MD_OK
          || !pm_stackwalker_get_thread_context (walker, thread.thread_id, &ctx, NULL))
        continue;
      frames = pm_stackwalker_walk (walker, &ctx, NULL);
      pm_debuginfo_collect_missing (md, frames, missing);
    }
  pm_stackwalker_free (walker);
  pm_minidump_close (md);
  return TRUE;
}

/* "4096", "64K", "512M", "2G" (powers of 1024), at least one byte. */
static gboolean
parse_size (const char *text, guint64 *out)
{
  g_autofree char *digits = g_strdup (text);
  gsize len = strlen (digits);
  guint shift = 0;
  guint64 n;

  if (len > 1)
    switch (g_ascii_toupper (digits[len - 1]))
      {
      case 'K': shift = 10; break;
      case 'M': shift = 20; break;
      case 'G': shift = 30; break;
      default: break;
      }
  if (shift > 0)
    digits[len - 1] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64 >> shift, &n, NULL))
    return FALSE;
  *out = n << shift;
  return TRUE;
}

/* Parses the command line into the options; a usage message in *usage. */
typedef struct
{
  const char *target;
  GPtrArray  *build_ids;   /* const char * from argv (borrowed, as servers) */
  GString    *servers;
  guint64     max_size;
  gboolean    machine;
} Options;

static gboolean
parse_options (int argc, char **argv, Options *o, char **usage)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--progress") == 0)
        o->machine = TRUE;
      else if (strcmp (arg, "--build-id") == 0 || strcmp (arg, "--server") == 0 || strcmp (arg, "--max-size") == 0)
        {
          const char *value = i + 1 < argc ? argv[++i] : NULL;
          if (value == NULL)
            return (*usage = g_strdup_printf (_("%s needs a value"), arg)), FALSE;
          if (strcmp (arg, "--build-id") == 0)
            {
              if (!pm_debuginfod_is_build_id (value))
                return (*usage = g_strdup_printf (_("“%s” is not a build-id (an even number of hex digits)"), value)), FALSE;
              g_ptr_array_add (o->build_ids, (gpointer) value);
            }
          else if (strcmp (arg, "--server") == 0)
            {
              if (!g_str_has_prefix (value, "http://") && !g_str_has_prefix (value, "https://"))
                return (*usage = g_strdup_printf (_("“%s” is not an http:// or https:// URL"), value)), FALSE;
              g_string_append_printf (o->servers, "%s%s", o->servers->len > 0 ? " " : "", value);
            }
          else if (!parse_size (value, &o->max_size))
            return (*usage = g_strdup_printf (_("--max-size: “%s” is not a size (bytes, or a number with K, M or G)"), value)), FALSE;
        }
      else if (arg[0] == '-')
        return (*usage = g_strdup_printf (_("unknown option “%s”"), arg)), FALSE;
      else if (o->target == NULL)
        o->target = arg;
      else
        return (*usage = g_strdup (_("give one dump or report"))), FALSE;
    }
  if ((o->target == NULL) == (o->build_ids->len == 0))
    return (*usage = g_strdup (_("give a dump, a report key or --build-id IDs (not both)"))), FALSE;
  return TRUE;
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
pm_ctl_debuginfod (int argc, char **argv)
{
  g_autoptr(GPtrArray) build_ids = g_ptr_array_new ();
  g_autoptr(GString) servers = g_string_new (NULL);
  Options o = { NULL, build_ids, servers, DEFAULT_MAX_SIZE, FALSE };
  g_autoptr(GHashTable) missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) want = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *error = NULL;
  guint n_failed = 0;
  struct sigaction sa = { 0 };

  if (!parse_options (argc, argv, &o, &usage))
    {
      return pm_ctl_usage ("debuginfod", "%s", usage);
    }
  if (o.servers->len == 0 && g_getenv ("DEBUGINFOD_URLS") != NULL)
    g_string_append (o.servers, g_getenv ("DEBUGINFOD_URLS"));
  g_strstrip (o.servers->str);
  o.servers->len = strlen (o.servers->str);
  if (o.servers->len == 0)
    {
      return pm_ctl_fail (_("no debuginfod server: give --server URL or set DEBUGINFOD_URLS"));
    }

  if (o.target != NULL && !collect_from_dump (o.target, missing, &error))
    {
      return pm_ctl_fail ("%s", error);
    }
  for (guint i = 0; i < o.build_ids->len; i++)
    g_hash_table_replace (missing, g_ascii_strdown (g_ptr_array_index (o.build_ids, i), -1), g_strdup ("-"));

  want = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer id;
    g_hash_table_iter_init (&iter, missing);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      g_ptr_array_add (want, id);
  }
  g_ptr_array_sort (want, compare_ids);
  if (o.machine)
    for (guint i = 0; i < want->len; i++)
      {
        /* A module's name comes from the dump: one line, whatever it holds. */
        g_autofree char *name = g_strdup (g_hash_table_lookup (missing, g_ptr_array_index (want, i)));
        for (char *c = name; *c != '\0'; c++)
          if ((guchar) *c < 0x20 || *c == 0x7f)
            *c = '?';
        printf ("want %s %s\n", (char *) g_ptr_array_index (want, i), name);
      }
  else if (want->len == 0)
    printf (_("Every frame already has a name: nothing to download.\n"));
  else
    printf (ngettext ("Asking %s for the debug information of %u module (its build-id is sent):\n",
                      "Asking %s for the debug information of %u modules (their build-ids are sent):\n",
                      want->len), o.servers->str, want->len);
  fflush (stdout);

  sa.sa_handler = on_stop_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  for (guint i = 0; i < want->len && !stop_requested; i++)
    {
      const char *id = g_ptr_array_index (want, i);
      const char *name = g_hash_table_lookup (missing, id);
      Progress progress = { id, o.machine, 0 };
      g_autoptr(GError) fetch_error = NULL;
      g_autofree char *path = NULL;

      if (pm_debuginfod_fetch (o.servers->str, id, o.max_size, on_progress, &progress, &path, &fetch_error))
        {
          if (o.machine)
            printf ("done %s %s\n", id, path);
          else
            {
              end_progress_line ();
              printf ("  %s  %s: %s\n", name, id, path);
            }
        }
      else
        {
          n_failed++;
          if (o.machine)
            printf ("failed %s %s\n", id, fetch_error->message);
          else
            {
              end_progress_line ();
              printf ("  %s  %s: %s\n", name, id, fetch_error->message);
            }
        }
      fflush (stdout);
    }
  if (stop_requested)
    return pm_ctl_fail (_("stopped"));
  if (n_failed > 0)
    return pm_ctl_fail (ngettext ("%u module could not be downloaded", "%u modules could not be downloaded", n_failed),
                        n_failed);
  return 0;
}
