/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-bug-report.c — where a program's bugs go and the prefilled words of a new
 * one (see pm-bug-report.h).
 *
 * Runs in: the postmortem GUI process; pm_bug_report_find() in a worker thread
 * (it reads metainfo files), the rest in any thread.
 *
 * The title and body are in English on purpose: they are read by the program's
 * developers on an upstream tracker, not by the person filing them.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-bug-report.h"
#include "pm-manifest-private.h"
#include "pm-report-text.h"

/* Metainfo files larger than this are not AppStream data we want. */
#define MAX_METAINFO_SIZE (1024 * 1024)

typedef struct
{
  GPtrArray *ids;            /* what the component must be called (borrowed strings) */
  const char *binary;        /* the program's file name */
  GString   *text;           /* of the element being read */
  gboolean   in_bugtracker;
  gboolean   in_id;
  gboolean   in_launchable;
  gboolean   in_binary;
  gboolean   matches;
  char      *bugtracker;
} MetainfoParse;

static gboolean
id_matches (MetainfoParse *p,
            const char    *text)
{
  for (guint i = 0; i < p->ids->len; i++)
    {
      const char *id = g_ptr_array_index (p->ids, i);
      gsize len = strlen (id);

      if (g_strcmp0 (text, id) == 0 ||
          (g_str_has_prefix (text, id) && g_strcmp0 (text + len, ".desktop") == 0))
        return TRUE;
    }
  return FALSE;
}

static void
metainfo_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              data,
                GError              **error)
{
  MetainfoParse *p = data;
  const char *type = NULL;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next != NULL ? stack->next->data : NULL;

  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], "type") == 0)
      type = values[i];
  g_string_truncate (p->text, 0);
  /* Only the component's own <url>/<id>, not those of a <release> or <developer>. */
  p->in_bugtracker = strcmp (element, "url") == 0 && g_strcmp0 (type, "bugtracker") == 0 &&
                     g_strcmp0 (parent, "component") == 0;
  p->in_id = strcmp (element, "id") == 0 && g_strcmp0 (parent, "component") == 0;
  p->in_launchable = strcmp (element, "launchable") == 0 && g_strcmp0 (type, "desktop-id") == 0;
  p->in_binary = strcmp (element, "binary") == 0 && g_strcmp0 (parent, "provides") == 0;
}

static void
metainfo_text (GMarkupParseContext  *context,
               const char           *text,
               gsize                 len,
               gpointer              data,
               GError              **error)
{
  MetainfoParse *p = data;

  if (p->in_bugtracker || p->in_id || p->in_launchable || p->in_binary)
    g_string_append_len (p->text, text, len);
}

static void
metainfo_end (GMarkupParseContext  *context,
              const char           *element,
              gpointer              data,
              GError              **error)
{
  MetainfoParse *p = data;
  g_autofree char *text = g_strstrip (g_strdup (p->text->str));

  if (p->in_bugtracker && p->bugtracker == NULL && *text != '\0')
    p->bugtracker = g_steal_pointer (&text);
  else if ((p->in_id || p->in_launchable) && id_matches (p, text))
    p->matches = TRUE;
  else if (p->in_binary && p->binary != NULL && g_strcmp0 (text, p->binary) == 0)
    p->matches = TRUE;
  p->in_bugtracker = p->in_id = p->in_launchable = p->in_binary = FALSE;
}

/* The bug tracker of one metainfo file when it describes the program, else NULL. */
static char *
bugtracker_of_file (const char *path,
                    GPtrArray  *ids,
                    const char *binary)
{
  static const GMarkupParser parser = { metainfo_start, metainfo_end, metainfo_text, NULL, NULL };
  g_autofree char *contents = NULL;
  gsize length = 0;
  MetainfoParse p = { ids, binary, NULL, FALSE, FALSE, FALSE, FALSE, FALSE, NULL };
  GMarkupParseContext *context;
  char *found = NULL;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > MAX_METAINFO_SIZE)
    return NULL;
  p.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &p, NULL);
  if (g_markup_parse_context_parse (context, contents, length, NULL) &&
      g_markup_parse_context_end_parse (context, NULL) && p.matches && p.bugtracker != NULL &&
      (g_str_has_prefix (p.bugtracker, "https://") || g_str_has_prefix (p.bugtracker, "http://")))
    found = g_steal_pointer (&p.bugtracker);
  g_markup_parse_context_free (context);
  g_string_free (p.text, TRUE);
  g_free (p.bugtracker);
  return found;
}

static char *
bugtracker_in_dir (const char *dir,
                   GPtrArray  *ids,
                   const char *binary)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      char *found;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if ((found = bugtracker_of_file (path, ids, binary)) != NULL)
        return found;
    }
  return NULL;
}

static char *
find_in_appstream (PmReport   *report,
                   const char *desktop_id)
{
  const char *flatpak_app = pm_report_get_value (report, "Postmortem.FlatpakApp");
  const char *binary = pm_report_get_app_name (report);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *system = g_get_system_data_dirs ();

  if (desktop_id != NULL && *desktop_id != '\0')
    g_ptr_array_add (ids, g_str_has_suffix (desktop_id, ".desktop")
                          ? g_strndup (desktop_id, strlen (desktop_id) - 8) : g_strdup (desktop_id));
  if (flatpak_app != NULL && *flatpak_app != '\0' && strchr (flatpak_app, '/') == NULL)
    {
      g_ptr_array_add (ids, g_strdup (flatpak_app));
      /* The app's own files in the Flatpak installations. */
      g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "flatpak", "app", flatpak_app,
                                               "current", "active", "files", "share", "metainfo", NULL));
      g_ptr_array_add (dirs, g_build_filename ("/var/lib/flatpak", "app", flatpak_app,
                                               "current", "active", "files", "share", "metainfo", NULL));
    }
  if (ids->len == 0 && (binary == NULL || *binary == '\0'))
    return NULL;

  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "metainfo", NULL));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "appdata", NULL));
  for (guint i = 0; system[i] != NULL; i++)
    {
      g_ptr_array_add (dirs, g_build_filename (system[i], "metainfo", NULL));
      g_ptr_array_add (dirs, g_build_filename (system[i], "appdata", NULL));
    }
  for (guint i = 0; i < dirs->len; i++)
    {
      char *found = bugtracker_in_dir (g_ptr_array_index (dirs, i), ids, binary);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* One value of /etc/os-release (else /usr/lib/os-release), unquoted. */
static char *
os_release_value (const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  if (!g_file_get_contents ("/etc/os-release", &text, NULL, NULL) &&
      !g_file_get_contents ("/usr/lib/os-release", &text, NULL, NULL))
    return NULL;
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], prefix))
        return g_shell_unquote (lines[i] + strlen (prefix), NULL);
  }
  return NULL;
}

/* A Debian package name: lower case letters, digits, + - . */
static gboolean
package_name_is_plausible (const char *name)
{
  if (name == NULL || strlen (name) < 2 || strlen (name) > 100)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

char *
pm_bug_report_find (PmReport           *report,
                    const char         *desktop_id,
                    PmBugTrackerOrigin *origin)
{
  const char *package = pm_report_get_value (report, "Postmortem.Package");
  const char *source = pm_report_get_value (report, "Postmortem.PackageSource");
  g_autofree char *os_id = NULL;
  char *found;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (origin != NULL)
    *origin = PM_BUG_TRACKER_NONE;

  if ((found = find_in_appstream (report, desktop_id)) != NULL)
    {
      if (origin != NULL)
        *origin = PM_BUG_TRACKER_APPSTREAM;
      return found;
    }

  os_id = os_release_value ("ID");
  if (g_strcmp0 (source, "dpkg") == 0 && package_name_is_plausible (package))
    {
      if (g_strcmp0 (os_id, "debian") == 0)
        found = g_strdup_printf ("https://bugs.debian.org/%s", package);
      else if (g_strcmp0 (os_id, "ubuntu") == 0)
        found = g_strdup_printf ("https://bugs.launchpad.net/ubuntu/+source/%s/+filebug", package);
      if (found != NULL)
        {
          if (origin != NULL)
            *origin = PM_BUG_TRACKER_PACKAGE;
          return found;
        }
    }

  found = os_release_value ("BUG_REPORT_URL");
  if (found != NULL && (g_str_has_prefix (found, "https://") || g_str_has_prefix (found, "http://")))
    {
      if (origin != NULL)
        *origin = PM_BUG_TRACKER_DISTRIBUTION;
      return found;
    }
  g_free (found);
  return NULL;
}

static const char *
value_or (const char *value,
          const char *fallback)
{
  return value != NULL && *value != '\0' ? value : fallback;
}

char *
pm_bug_report_dup_title (PmReport   *report,
                         const char *display_name)
{
  const char *signal_name = pm_report_get_signal_name (report);
  const char *module = pm_report_find_signature (report, "Fault Module Name");
  g_autoptr(PmRedactor) redactor = pm_redactor_new (g_get_home_dir (), g_get_user_name (), g_get_host_name ());
  g_autofree char *text = NULL;
  char *redacted;

  /* English, as the body: the signal's name, not its translated title. */
  if (signal_name != NULL && module != NULL && *module != '\0' && g_strcmp0 (module, "unknown") != 0)
    text = g_strdup_printf ("Crash: %s quit with %s in %s", display_name, signal_name, module);
  else if (signal_name != NULL)
    text = g_strdup_printf ("Crash: %s quit with %s", display_name, signal_name);
  else
    text = g_strdup_printf ("Crash: %s quit unexpectedly", display_name);
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  redacted = pm_redactor_apply (redactor, text, strlen (text), NULL);
  return redacted != NULL ? redacted : g_steal_pointer (&text);
}

/* What each signal means, in English (pm_signal_describe is translated). */
static const char *
signal_in_words (const char *signal_name)
{
  static const struct { const char *name; const char *words; } words[] = {
    { "SIGSEGV", "It tried to use memory it does not own." },
    { "SIGBUS",  "It tried to use memory that is not there (often a file that shrank)." },
    { "SIGILL",  "It ran an instruction the processor does not know." },
    { "SIGFPE",  "It made an arithmetic error, such as dividing by zero." },
    { "SIGABRT", "It stopped itself after finding a problem it could not recover from." },
    { "SIGTRAP", "It stopped at a breakpoint or a failed check." },
    { "SIGSYS",  "It made a system call it is not allowed to make." },
  };

  for (guint i = 0; signal_name != NULL && i < G_N_ELEMENTS (words); i++)
    if (strcmp (signal_name, words[i].name) == 0)
      return words[i].words;
  return NULL;
}

char *
pm_bug_report_dup_body (PmReport   *report,
                        const char *display_name)
{
  GString *body = g_string_new (NULL);
  const char *signal_name = pm_report_get_signal_name (report);
  const char *words = signal_in_words (signal_name);
  const char *version = pm_report_find_signature (report, "Application Version");
  const char *package = pm_report_get_value (report, "Postmortem.Package");
  const char *package_version = pm_report_get_value (report, "Postmortem.PackageVersion");
  const char *flatpak = pm_report_get_value (report, "Postmortem.FlatpakApp");
  const char *module = pm_report_find_signature (report, "Fault Module Name");
  const char *offset = pm_report_find_signature (report, "Offset In Module");
  const char *stack = pm_report_find_signature (report, "Stack Signature");
  const char *os = pm_report_get_value (report, "DynamicSig[1].Value");
  const char *kernel = pm_report_get_value (report, "DynamicSig[2].Value");
  const char *id = pm_report_get_report_id (report);
  GDateTime *when = pm_report_get_event_time (report);
  g_autoptr(PmRedactor) redactor = pm_redactor_new (g_get_home_dir (), g_get_user_name (), g_get_host_name ());
  g_autofree char *text = NULL;
  char *redacted;

  g_string_append_printf (body, "%s quit unexpectedly.", display_name);
  if (words != NULL)
    g_string_append_printf (body, " %s", words);
  g_string_append (body, "\n\nWhat I was doing: (please describe)\n\n");
  g_string_append (body, "Details from the crash report (Postmortem):\n");
  g_string_append_printf (body, "- Program: %s %s\n", value_or (pm_report_get_app_name (report), display_name),
                          value_or (version, "(version unknown)"));
  if (package != NULL && *package != '\0')
    g_string_append_printf (body, "- Package: %s %s\n", package, value_or (package_version, ""));
  if (flatpak != NULL && *flatpak != '\0')
    g_string_append_printf (body, "- Flatpak: %s\n", flatpak);
  if (signal_name != NULL)
    g_string_append_printf (body, "- Signal: %s\n", signal_name);
  if (module != NULL && *module != '\0')
    g_string_append_printf (body, "- Crashed in: %s+%s\n", module, value_or (offset, "?"));
  if (stack != NULL && *stack != '\0')
    g_string_append_printf (body, "- Stack signature: %s\n", stack);
  if (os != NULL || kernel != NULL)
    g_string_append_printf (body, "- System: %s, Linux %s\n", value_or (os, "Linux"), value_or (kernel, "?"));
  if (when != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
      g_autofree char *iso = g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
      g_string_append_printf (body, "- When: %s\n", iso);
    }
  if (id != NULL)
    g_string_append_printf (body, "- Report ID: %s\n", id);
  g_string_append (body, "\nThe full crash report (minidump) is saved on my computer and can be attached if needed.\n");

  text = g_string_free (body, FALSE);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);
      g_free (text);
      text = valid;
    }
  redacted = pm_redactor_apply (redactor, text, strlen (text), NULL);
  return redacted != NULL ? redacted : g_steal_pointer (&text);
}

char *
pm_bug_report_build_uri (const char *tracker,
                         const char *title,
                         const char *body,
                         gboolean   *prefilled)
{
  g_autoptr(GUri) uri = g_uri_parse (tracker, G_URI_FLAGS_ENCODED, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  g_autofree char *title_q = g_uri_escape_string (title, NULL, FALSE);
  g_autofree char *body_q = g_uri_escape_string (body, NULL, FALSE);
  g_autofree char *base = NULL;

  *prefilled = FALSE;
  if (host == NULL || path == NULL)
    return g_strdup (tracker);

  base = g_strdup (path);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  /* GitHub: https://github.com/OWNER/REPO[/issues] -> /issues/new?title=&body= */
  if (g_ascii_strcasecmp (host, "github.com") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (base + (base[0] == '/'), "/", -1);
      if (g_strv_length (parts) >= 2)
        {
          *prefilled = TRUE;
          return g_strdup_printf ("https://github.com/%s/%s/issues/new?title=%s&body=%s",
                                  parts[0], parts[1], title_q, body_q);
        }
    }
  /* GitLab (gitlab.com and gitlab.* instances such as gitlab.gnome.org):
   * …/PROJECT[/-/issues] -> /-/issues/new?issue[title]=&issue[description]= */
  if (g_ascii_strcasecmp (host, "gitlab.com") == 0 || g_str_has_prefix (host, "gitlab."))
    {
      char *cut = strstr (base, "/-/");
      if (cut != NULL)
        *cut = '\0';
      else if (g_str_has_suffix (base, "/issues"))
        base[strlen (base) - 7] = '\0';
      if (strchr (base + 1, '/') != NULL)
        {
          *prefilled = TRUE;
          return g_strdup_printf ("%s://%s%s/-/issues/new?issue%%5Btitle%%5D=%s&issue%%5Bdescription%%5D=%s",
                                  g_uri_get_scheme (uri), host, base, title_q, body_q);
        }
    }
  return g_strdup (tracker);
}
