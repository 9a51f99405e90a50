/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-restart.c — Reopen: the restart rules and starting the program again
 * (see pm-restart.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread, except
 * pm_restart_state_new_snapshot (), for workers); the restart state is a
 * PmSettings key file, not the store.
 */
#include "pm-config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-restart.h"
#include "pm-settings-writer.h"

/* The values of PM_RESTART_NO_CRASH / _NO_HANG (postmortem.h, WER's). */
#define RESTART_FLAG_NO_CRASH 1u
#define RESTART_FLAG_NO_HANG  2u

PmSettings *
pm_restart_state_new_snapshot (void)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "postmortem", "restart.ini", NULL);

  return pm_settings_new_snapshot (path, NULL);
}

static gint64
run_time_offset (void)
{
  /* A test hook only: makes a short-lived test program look a minute old. */
  const char *offset = g_getenv ("PM_TEST_RUN_TIME_OFFSET_S");

  return offset != NULL ? g_ascii_strtoll (offset, NULL, 10) : 0;
}

/* The report's [Restart] state: when Reopen was last offered for its
 * application, and for which report. */
static gboolean
last_offer (PmSettings  *state,
            const char  *app,
            gint64      *when,
            char       **key)
{
  g_autofree char *value = pm_settings_get_value (state, PM_RESTART_STATE_GROUP, app);
  char *end;

  if (value == NULL)
    return FALSE;
  *when = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != ' ')
    return FALSE;
  *key = g_strdup (end + 1);
  return TRUE;
}

gboolean
pm_restart_is_offered (PmReport   *report,
                       PmSettings *state,
                       gint64      now)
{
  const char *command_line = pm_report_get_value (report, "Postmortem.RestartCommandLine");
  const char *flags_text = pm_report_get_value (report, "Postmortem.RestartFlags");
  const char *run_time_text = pm_report_get_value (report, "Postmortem.RunTimeSeconds");
  const char *event_type = pm_report_get_event_type (report);
  const char *app = pm_report_get_app_name (report);
  g_autofree char *offered_key = NULL;
  guint64 flags = 0;
  gint64 run_time, offered_at;

  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);
  g_return_val_if_fail (PM_IS_SETTINGS (state), FALSE);

  if (command_line == NULL || run_time_text == NULL || app == NULL || app[0] == '\0')
    return FALSE;
  /* Only a crash on this computer: an archive never says what to run (the
   * importer drops Postmortem.Restart*; this is the second lock). */
  if (pm_report_get_value (report, "Postmortem.ImportedReportIdentifier") != NULL)
    return FALSE;
  if (flags_text != NULL && !g_ascii_string_to_unsigned (flags_text, 10, 0, G_MAXUINT32, &flags, NULL))
    return FALSE;
  if (event_type != NULL && g_str_has_prefix (event_type, "AppHang"))
    {
      if (flags & RESTART_FLAG_NO_HANG)
        return FALSE;
    }
  else if (flags & RESTART_FLAG_NO_CRASH)
    return FALSE;

  run_time = g_ascii_strtoll (run_time_text, NULL, 10) + run_time_offset ();
  if (run_time < PM_RESTART_MIN_RUN_TIME)
    return FALSE;

  /* Once a minute per application; the report it was offered for keeps it. */
  if (last_offer (state, app, &offered_at, &offered_key) &&
      g_strcmp0 (offered_key, pm_report_get_key (report)) != 0 &&
      now >= offered_at && now - offered_at < PM_RESTART_INTERVAL)
    return FALSE;
  return TRUE;
}

void
pm_restart_note_offered (PmReport   *report,
                         PmSettings *state,
                         gint64      now)
{
  const char *app = pm_report_get_app_name (report);
  g_autofree char *offered_key = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  gint64 offered_at;

  g_return_if_fail (PM_IS_REPORT (report));
  g_return_if_fail (PM_IS_SETTINGS (state));

  if (app == NULL || app[0] == '\0')
    return;
  if (last_offer (state, app, &offered_at, &offered_key) &&
      g_strcmp0 (offered_key, pm_report_get_key (report)) == 0)
    return;   /* its first offer counts */
  value = g_strdup_printf ("%" G_GINT64_FORMAT " %s", now, pm_report_get_key (report));
  if (!pm_settings_set_value (state, PM_RESTART_STATE_GROUP, app, value, &error))
    g_warning ("Cannot record that %s may be reopened: %s", app, error->message);
}

typedef struct
{
  PmReport *report;   /* only its app name and key are read: they never change */
  gint64    now;
} Offer;

static void
offer_free (gpointer data)
{
  Offer *offer = data;

  g_object_unref (offer->report);
  g_free (offer);
}

static gboolean
write_offer (PmSettings  *state,
             gpointer     data,
             GError     **error)
{
  Offer *offer = data;

  pm_restart_note_offered (offer->report, state, offer->now);
  return TRUE;
}

void
pm_restart_note_offered_async (PmReport   *report,
                               PmSettings *state,
                               gint64      now)
{
  Offer *offer = g_new0 (Offer, 1);

  g_return_if_fail (PM_IS_REPORT (report));
  g_return_if_fail (PM_IS_SETTINGS (state));

  offer->report = g_object_ref (report);
  offer->now = now;
  pm_settings_write_async (state, write_offer, offer, offer_free, NULL, NULL);
}

/* The executable as the dumper saw it: AppPath, or its exact bytes when
 * AppPath had to be stored escaped. */
static char *
dup_executable (PmReport *report)
{
  const char *raw = pm_report_get_value (report, "AppPath.Base64");
  const char *path = pm_report_get_app_path (report);

  if (raw != NULL)
    {
      gsize len = 0;
      g_autofree guchar *bytes = g_base64_decode (raw, &len);

      if (bytes == NULL || len == 0 || memchr (bytes, '\0', len) != NULL)
        return NULL;
      return g_strndup ((const char *) bytes, len);
    }
  return g_strdup (path);
}

gboolean
pm_restart_run (PmReport  *report,
                GError   **error)
{
  const char *command_line = pm_report_get_value (report, "Postmortem.RestartCommandLine");
  const char *directory = pm_report_get_value (report, "Postmortem.RestartDirectory");
  g_autofree char *executable = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);

  if (command_line == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND,
                   _("report %s holds no restart command line"), pm_report_get_key (report));
      return FALSE;
    }
  executable = dup_executable (report);
  if (executable == NULL || !g_path_is_absolute (executable))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   _("report %s does not say which program crashed"), pm_report_get_key (report));
      return FALSE;
    }
  if (!g_file_test (executable, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, _("%s is no longer an executable program"), executable);
      return FALSE;
    }
  /* The arguments only: the program is always the one that crashed. */
  if (command_line[0] != '\0' && !g_shell_parse_argv (command_line, NULL, &args, &local_error))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, _("the restart command line “%s” cannot be split: %s"),
                   command_line, local_error->message);
      return FALSE;
    }

  g_ptr_array_add (argv, executable);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, args[i]);
  g_ptr_array_add (argv, NULL);
  if (directory != NULL && !(g_path_is_absolute (directory) && g_file_test (directory, G_FILE_TEST_IS_DIR)))
    directory = NULL;

  g_debug ("Reopening %s in %s", executable, directory != NULL ? directory : "the home folder");
  /* No G_SPAWN_SEARCH_PATH: exactly the recorded file. Not reaped by us: GLib
   * detaches it (a double fork), so it outlives a closed window. */
  return g_spawn_async (directory != NULL ? directory : g_get_home_dir (), (char **) argv->pdata, NULL,
                        G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, NULL, error);
}
