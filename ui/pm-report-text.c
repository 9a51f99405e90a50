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

#include <string.h>

#include "pm-report-group.h"
#include "pm-report-text.h"
#include "pm-report-text-private.h"

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

gboolean
pm_signal_has_fault_address (const char *signal_name,
                             const char *si_code)
{
  const char *name = pm_signal_normalize (signal_name);
  char *end = NULL;
  gint64 code;

  /* Only a fault names an address (si_addr); abort(), kill() and the like have none. */
  if (g_strcmp0 (name, "SIGSEGV") != 0 && g_strcmp0 (name, "SIGBUS") != 0 &&
      g_strcmp0 (name, "SIGILL") != 0 && g_strcmp0 (name, "SIGFPE") != 0)
    return FALSE;
  if (si_code == NULL || *si_code == '\0')
    return TRUE;
  /* si_code <= 0: sent by kill(), tgkill() or sigqueue(), not raised by the processor. */
  code = g_ascii_strtoll (si_code, &end, 10);
  return end != si_code && *end == '\0' && code > 0;
}

const char *
pm_report_get_fault_address (PmReport *report)
{
  const char *address;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  /* Reports before the stack signature kept the fault address as a signature. */
  address = pm_report_get_value (report, "Postmortem.FaultAddress");
  if (address == NULL)
    address = pm_report_find_signature (report, "Fault Address");
  if (address == NULL || *address == '\0' ||
      !pm_signal_has_fault_address (pm_report_get_signal_name (report),
                                    pm_report_get_value (report, "Postmortem.SignalCode")))
    return NULL;
  return address;
}

const char *
pm_report_get_stack_signature (PmReport *report)
{
  const char *signature;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  signature = pm_report_find_signature (report, "Stack Signature");
  if (signature == NULL || *signature == '\0')
    signature = pm_report_get_value (report, "Postmortem.StackSignature");
  return signature != NULL && *signature != '\0' ? signature : NULL;
}

char *
pm_report_dup_crash_module (PmReport *report)
{
  const char *signature = pm_report_get_stack_signature (report);
  const char *plus;

  if (signature == NULL)
    return NULL;
  /* "app+0x11b9 libfoo.so.1+0x2a0": the first frame's module. */
  plus = strchr (signature, '+');
  if (plus == NULL || plus == signature || memchr (signature, ' ', (gsize) (plus - signature)) != NULL)
    return NULL;
  return g_strndup (signature, (gsize) (plus - signature));
}

static const char *hang_detail (PmReport *report);

char *
pm_report_dup_plain_sentence (PmReport  *report,
                              GDateTime *now)
{
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *module = NULL;
  g_autoptr(GDateTime) latest = NULL;
  const char *meaning;
  const char *app_name;
  GString *text;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  name = pm_report_dup_display_name (report);
  if (pm_report_get_load_error (report) != NULL)
    return g_strdup_printf (_("This report cannot be read: %s"), pm_report_get_load_error (report)->message);

  latest = pm_report_dup_latest_time (report);
  when = pm_format_relative_phrase (latest, now);
  /* Translators: "Text Editor stopped working 5 minutes ago." — the second %s is
   * "just now", "5 minutes ago", "yesterday", "on 8 May"… */
  text = g_string_new (NULL);
  if (pm_report_is_hang (report))
    {
      /* Translators: "Text Editor stopped responding 5 minutes ago." — the second %s is
       * "just now", "5 minutes ago", "yesterday", "on 8 May"… */
      g_string_append_printf (text, _("%s stopped responding %s."), name, when);
      /* Then whether it went on, or why it did not, when the report says. */
      meaning = hang_detail (report);
      if (meaning != NULL)
        {
          g_string_append_c (text, ' ');
          g_string_append (text, meaning);
        }
      return g_string_free (text, FALSE);
    }
  g_string_append_printf (text, _("%s stopped working %s."), name, when);

  meaning = pm_signal_describe (pm_report_get_signal_name (report));
  g_string_append_c (text, ' ');
  g_string_append (text, meaning != NULL ? meaning
                                         : _("It stopped because of a problem that has no simpler description."));

  module = pm_report_dup_crash_module (report);
  app_name = pm_report_get_app_name (report);
  if (module != NULL)
    {
      g_string_append_c (text, ' ');
      if (g_strcmp0 (module, app_name) == 0)
        /* Translators: where it crashed: in the program's own code (its file name). */
        g_string_append_printf (text, _("The problem is in the program’s own code (%s)."), module);
      else
        /* Translators: where it crashed: in a library (its file name) the program uses. */
        g_string_append_printf (text, _("The problem is in %s, a library it uses."), module);
    }
  return g_string_free (text, FALSE);
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
GDesktopAppInfo *
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

/* What a hang report adds to "it stopped responding": that it went on, or a
 * deadlock; NULL when nothing. */
static const char *
hang_detail (PmReport *report)
{
  const char *chains = pm_report_get_value (report, "Postmortem.WaitChains");

  if (g_strcmp0 (pm_report_get_value (report, "Postmortem.HangRecovered"), "true") == 0)
    return _("It stopped responding for a while, then went on.");
  if (chains != NULL && strstr (chains, "\"cycle\":true") != NULL)
    return _("It stopped responding: some of its threads wait for each other (a deadlock).");
  return NULL;
}

const char *
pm_report_describe_problem (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (pm_report_is_hang (report))
    {
      const char *detail = hang_detail (report);
      return detail != NULL ? detail : _("It stopped responding.");
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

/* The clock every relative time is measured against; tests move it. */
static gint64 (*clock_hook) (void);

void
pm_report_text_set_clock (gint64 (*now_usec) (void))
{
  clock_hook = now_usec;
}

GDateTime *
pm_clock_dup_now (void)
{
  if (clock_hook != NULL)
    {
      gint64 usec = clock_hook ();
      g_autoptr(GDateTime) second = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

      return g_date_time_add (second, usec % G_USEC_PER_SEC);
    }
  return g_date_time_new_now_local ();
}

typedef enum
{
  RELATIVE_NOW,
  RELATIVE_MINUTES,
  RELATIVE_HOURS,
  RELATIVE_YESTERDAY,
  RELATIVE_DAYS,
  RELATIVE_DATE,
  RELATIVE_DATE_YEAR,
} RelativeKind;

/* How far @when is from @now (both local), in the unit a person would use. */
static RelativeKind
relative_kind (GDateTime *local_when,
               GDateTime *local_now,
               int       *amount)
{
  GTimeSpan span = g_date_time_difference (local_now, local_when);
  int days;

  *amount = 0;
  if (span < G_TIME_SPAN_MINUTE)
    return RELATIVE_NOW;
  if (span < G_TIME_SPAN_HOUR)
    {
      *amount = (int) (span / G_TIME_SPAN_MINUTE);
      return RELATIVE_MINUTES;
    }

  /* Count calendar days, so that 23:50 yesterday reads "Yesterday". */
  days = g_date_time_get_day_of_year (local_now) - g_date_time_get_day_of_year (local_when);
  if (g_date_time_get_year (local_now) != g_date_time_get_year (local_when))
    days = (int) (span / G_TIME_SPAN_DAY) + 1;

  if (days <= 0)
    {
      *amount = (int) (span / G_TIME_SPAN_HOUR);
      return RELATIVE_HOURS;
    }
  if (days == 1)
    return RELATIVE_YESTERDAY;
  *amount = days;
  if (days < 7)
    return RELATIVE_DAYS;
  if (g_date_time_get_year (local_now) == g_date_time_get_year (local_when))
    return RELATIVE_DATE;
  return RELATIVE_DATE_YEAR;
}

static char *
format_day (GDateTime    *local_when,
            RelativeKind  kind)
{
  if (kind == RELATIVE_DATE)
    /* Translators: a day of this year, as g_date_time_format() writes it ("8 May"). */
    /* xgettext:no-c-format */
    return g_date_time_format (local_when, _("%-d %B"));
  /* Translators: a day of another year, as g_date_time_format() writes it ("13 May 2025"). */
  /* xgettext:no-c-format */
  return g_date_time_format (local_when, _("%-d %B %Y"));
}

char *
pm_format_relative_time (GDateTime *when,
                         GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_when = NULL;
  RelativeKind kind;
  int n;

  if (when == NULL)
    return g_strdup (_("Unknown time"));

  local_now = now ? g_date_time_to_local (now) : pm_clock_dup_now ();
  local_when = g_date_time_to_local (when);
  kind = relative_kind (local_when, local_now, &n);
  switch (kind)
    {
    case RELATIVE_NOW:
      return g_strdup (_("Just now"));
    case RELATIVE_MINUTES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n);
    case RELATIVE_HOURS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n);
    case RELATIVE_YESTERDAY:
      return g_strdup (_("Yesterday"));
    case RELATIVE_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n);
    case RELATIVE_DATE:
    case RELATIVE_DATE_YEAR:
    default:
      return format_day (local_when, kind);
    }
}

char *
pm_format_relative_phrase (GDateTime *when,
                           GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_when = NULL;
  g_autofree char *day = NULL;
  RelativeKind kind;
  int n;

  if (when == NULL)
    return g_strdup (_("at an unknown time"));

  local_now = now ? g_date_time_to_local (now) : pm_clock_dup_now ();
  local_when = g_date_time_to_local (when);
  kind = relative_kind (local_when, local_now, &n);
  switch (kind)
    {
    case RELATIVE_NOW:
      /* Translators: inside a sentence: "Text Editor stopped working just now." */
      return g_strdup (_("just now"));
    case RELATIVE_MINUTES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n);
    case RELATIVE_HOURS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n);
    case RELATIVE_YESTERDAY:
      /* Translators: inside a sentence: "Text Editor stopped working yesterday." */
      return g_strdup (_("yesterday"));
    case RELATIVE_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n);
    case RELATIVE_DATE:
    case RELATIVE_DATE_YEAR:
    default:
      day = format_day (local_when, kind);
      /* Translators: inside a sentence: "Text Editor stopped working on 8 May." */
      return g_strdup_printf (_("on %s"), day);
    }
}

char *
pm_format_date_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return NULL;
  local = g_date_time_to_local (when);
  /* Translators: a date and time, as g_date_time_format() writes it ("5 December 2026,
   * 08:35"). Write the day, month and year in full, in your language's order: a
   * short "12/05/26" reads differently from one country to the next. */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

char *
pm_format_count (guint64 n)
{
  /* The "'" flag groups digits as the locale does ("10,000", "10 000"). */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
pm_format_size (guint64 size)
{
  return g_format_size (size);
}
