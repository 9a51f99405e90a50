/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-text.c — the words the application uses to describe a report.
 *
 * Runs in: the postmortem GUI process (any thread; pure functions).
 */
#include "pm-config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gio/gdesktopappinfo.h>

#include "pm-report-text.h"

typedef struct
{
  int         number;
  const char *name;
  const char *title;
  const char *meaning;
} PmSignalText;

/* Only the signals a crash handler reports, plus the common termination ones. */
static const PmSignalText signal_texts[] = {
  { 4,  "SIGILL",  N_("Illegal instruction"),  N_("It tried to run an instruction the processor cannot execute.") },
  { 5,  "SIGTRAP", N_("Trace trap"),           N_("It stopped at a breakpoint or a failed internal check.") },
  { 6,  "SIGABRT", N_("Aborted"),              N_("It stopped itself after finding a problem it could not recover from.") },
  { 7,  "SIGBUS",  N_("Bus error"),            N_("It tried to use memory that is misaligned or no longer backed by a file.") },
  { 8,  "SIGFPE",  N_("Arithmetic error"),     N_("It did an impossible calculation, such as dividing by zero.") },
  { 9,  "SIGKILL", N_("Killed"),               N_("It was killed by the system or another program.") },
  { 11, "SIGSEGV", N_("Segmentation fault"),   N_("It tried to use memory it does not own.") },
  { 13, "SIGPIPE", N_("Broken pipe"),          N_("It wrote to a connection that was already closed.") },
  { 15, "SIGTERM", N_("Terminated"),           N_("It was asked to stop.") },
  { 31, "SIGSYS",  N_("Bad system call"),      N_("It made a system call that is not allowed.") },
};

static const PmSignalText *
pm_signal_lookup (const char *value)
{
  gint64 number;
  char *end = NULL;

  if (value == NULL || *value == '\0')
    return NULL;

  number = g_ascii_strtoll (value, &end, 0);
  for (guint i = 0; i < G_N_ELEMENTS (signal_texts); i++)
    {
      if (g_ascii_strcasecmp (value, signal_texts[i].name) == 0 ||
          g_ascii_strcasecmp (value, signal_texts[i].name + 3) == 0)
        return &signal_texts[i];
      if (end != NULL && end != value && *end == '\0' && number == signal_texts[i].number)
        return &signal_texts[i];
    }
  return NULL;
}

const char *
pm_signal_normalize (const char *value)
{
  const PmSignalText *text = pm_signal_lookup (value);

  if (text != NULL)
    return text->name;
  if (value != NULL && g_str_has_prefix (value, "SIG"))
    return value;
  return NULL;
}

const char *
pm_signal_describe (const char *signal_name)
{
  const PmSignalText *text = pm_signal_lookup (signal_name);

  return text ? _(text->meaning) : NULL;
}

const char *
pm_signal_get_title (const char *signal_name)
{
  const PmSignalText *text = pm_signal_lookup (signal_name);

  return text ? _(text->title) : NULL;
}

const char *
pm_report_find_signature (PmReport   *report,
                          const char *name)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      const char *sig_name = NULL;
      const char *sig_value = NULL;

      if (pm_report_get_signature (report, i, &sig_name, &sig_value) &&
          sig_name != NULL && g_ascii_strcasecmp (sig_name, name) == 0)
        return sig_value;
    }
  return NULL;
}

const char *
pm_report_get_signal_name (PmReport *report)
{
  const char *name;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  name = pm_signal_normalize (pm_report_get_value (report, "Postmortem.Signal"));
  if (name == NULL)
    name = pm_signal_normalize (pm_report_find_signature (report, "Signal"));
  return name;
}

/* Every desktop file of the system, indexed once by executable path, by
 * executable name and by desktop id (a Flatpak app's id: its exported desktop
 * file runs `flatpak run`, not the program): reading them costs tens of
 * milliseconds, far too much per row. Built on first use (any thread; the
 * list's worker builds it early). */
typedef struct
{
  GHashTable *by_path;   /* char * -> GDesktopAppInfo */
  GHashTable *by_name;
  GHashTable *by_id;     /* "org.example.App" (no .desktop) */
} DesktopIndex;

static gpointer
desktop_index_build (gpointer data)
{
  DesktopIndex *index = g_new0 (DesktopIndex, 1);
  GList *all = g_app_info_get_all ();

  index->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  index->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  index->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (GList *l = all; l != NULL; l = l->next)
    {
      const char *exec, *id;

      if (G_IS_DESKTOP_APP_INFO (l->data) && (id = g_app_info_get_id (l->data)) != NULL &&
          g_str_has_suffix (id, ".desktop"))
        g_hash_table_insert (index->by_id, g_strndup (id, strlen (id) - 8), g_object_ref (l->data));

      if (!G_IS_DESKTOP_APP_INFO (l->data) ||
          (exec = g_app_info_get_executable (l->data)) == NULL)
        continue;
      /* The first desktop file for a program wins, as in the system menus. */
      if (!g_hash_table_contains (index->by_path, exec))
        g_hash_table_insert (index->by_path, g_strdup (exec), g_object_ref (l->data));
      {
        g_autofree char *base = g_path_get_basename (exec);
        if (!g_hash_table_contains (index->by_name, base))
          g_hash_table_insert (index->by_name, g_steal_pointer (&base), g_object_ref (l->data));
      }
    }
  g_list_free_full (all, g_object_unref);
  return index;
}

static DesktopIndex *
desktop_index_get (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, desktop_index_build, NULL);
}

void
pm_report_text_load_desktop_files (void)
{
  desktop_index_get ();
}

/* The desktop file of the application that crashed: its Flatpak app's, else
 * one that matches by executable path, else by executable name. */
static GDesktopAppInfo *
pm_report_find_desktop_info (PmReport *report)
{
  DesktopIndex *index = desktop_index_get ();
  const char *app_name = pm_report_get_app_name (report);
  const char *app_path = pm_report_get_app_path (report);
  const char *flatpak_app = pm_report_get_value (report, "Postmortem.FlatpakApp");
  GDesktopAppInfo *found = NULL;

  if (flatpak_app != NULL)
    found = g_hash_table_lookup (index->by_id, flatpak_app);
  if (found == NULL && app_path != NULL)
    found = g_hash_table_lookup (index->by_path, app_path);
  if (found == NULL && app_name != NULL)
    found = g_hash_table_lookup (index->by_name, app_name);
  return found;
}

GIcon *
pm_report_dup_app_icon (PmReport *report)
{
  GDesktopAppInfo *info;
  GIcon *icon;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  info = pm_report_find_desktop_info (report);
  if (info != NULL && (icon = g_app_info_get_icon (G_APP_INFO (info))) != NULL)
    return g_object_ref (icon);
  return g_themed_icon_new ("application-x-executable");
}

char *
pm_report_dup_display_name (PmReport *report)
{
  GDesktopAppInfo *info;
  const char *app_name;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  info = pm_report_find_desktop_info (report);
  if (info != NULL)
    return g_strdup (g_app_info_get_display_name (G_APP_INFO (info)));

  app_name = pm_report_get_app_name (report);
  if (app_name != NULL && *app_name != '\0')
    return g_strdup (app_name);
  return g_strdup (pm_report_get_key (report));
}

gboolean
pm_report_is_hang (PmReport *report)
{
  const char *event_type;

  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);

  /* WER's hang events: AppHangB1, AppHangXProcB1, AppHangTransient... */
  event_type = pm_report_get_event_type (report);
  return event_type != NULL && g_ascii_strncasecmp (event_type, "AppHang", 7) == 0;
}

char *
pm_report_dup_headline (PmReport   *report,
                        const char *display_name)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (pm_report_is_hang (report))
    /* Translators: the headline of a hang report; %s is an application's name. */
    return g_strdup_printf (_("%s Stopped Responding"), display_name);
  /* Translators: the headline of a crash report; %s is an application's name. */
  return g_strdup_printf (_("%s Quit Unexpectedly"), display_name);
}

const char *
pm_report_describe_problem (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (pm_report_is_hang (report))
    {
      if (g_strcmp0 (pm_report_get_value (report, "Postmortem.HangRecovered"), "true") == 0)
        return _("It stopped responding for a while, then went on.");
      if (g_strcmp0 (pm_report_get_value (report, "Postmortem.WaitChains"), NULL) != 0 &&
          strstr (pm_report_get_value (report, "Postmortem.WaitChains"), "\"cycle\":true") != NULL)
        return _("It stopped responding: some of its threads wait for each other (a deadlock).");
      return _("It stopped responding.");
    }
  return pm_signal_describe (pm_report_get_signal_name (report));
}

char *
pm_report_dup_summary (PmReport *report)
{
  const char *signal_name;
  const char *module;
  const char *offset;
  const char *title;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (pm_report_get_load_error (report) != NULL)
    return g_strdup (_("The report cannot be read"));

  if (pm_report_is_hang (report))
    {
      /* "Not responding in app+0x1234": the hung thread's first meaningful frame. */
      const char *stack = pm_report_find_signature (report, "Hung Thread Stack");
      g_autofree char *frame = stack != NULL && *stack != '\0' ? g_strndup (stack, strcspn (stack, " ")) : NULL;

      if (frame != NULL)
        return g_strdup_printf (_("%s in %s"), _("Not responding"), frame);
      return g_strdup (_("Not responding"));
    }

  signal_name = pm_report_get_signal_name (report);
  module = pm_report_find_signature (report, "Fault Module Name");
  offset = pm_report_find_signature (report, "Offset In Module");
  title = signal_name ? signal_name : pm_report_get_event_type (report);
  if (title == NULL)
    title = _("Problem");

  if (module != NULL && *module != '\0' && offset != NULL && *offset != '\0')
    return g_strdup_printf (_("%s in %s+%s"), title, module, offset);
  if (module != NULL && *module != '\0')
    return g_strdup_printf (_("%s in %s"), title, module);
  return g_strdup (title);
}

char *
pm_format_relative_time (GDateTime *when,
                         GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_when = NULL;
  GTimeSpan span;
  int days;

  if (when == NULL)
    return g_strdup (_("Unknown time"));

  local_now = now ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  local_when = g_date_time_to_local (when);
  span = g_date_time_difference (local_now, local_when);

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (span / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }

  /* Count calendar days, so that 23:50 yesterday reads "Yesterday". */
  days = g_date_time_get_day_of_year (local_now) - g_date_time_get_day_of_year (local_when);
  if (g_date_time_get_year (local_now) != g_date_time_get_year (local_when))
    days = (int) (span / G_TIME_SPAN_DAY) + 1;

  if (days <= 0)
    {
      int hours = (int) (span / G_TIME_SPAN_HOUR);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
    }
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
  if (g_date_time_get_year (local_now) == g_date_time_get_year (local_when))
    return g_date_time_format (local_when, "%-d %B");
  return g_date_time_format (local_when, "%-d %B %Y");
}

char *
pm_format_size (guint64 size)
{
  return g_format_size (size);
}
