/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-settings.c — PmSettings: the settings key file shared by postmortemctl and the
 * application (see pm-settings.h for the file and its keys).
 *
 * Runs in: any GLib process. Not thread-safe; one PmSettings per thread.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-env.h"
#include "pm-error.h"
#include "pm-settings.h"
#include "pm-store-fs.h"
#include "pm-store-io-check.h"

#define SETTINGS_MAX_SIZE (1024 * 1024)

#define DEFAULT_MAX_QUEUE_COUNT      50
#define DEFAULT_MAX_ARCHIVE_COUNT    1000
#define DEFAULT_MAX_BYTES            (G_GUINT64_CONSTANT (1) << 30)
#define DEFAULT_MIN_FREE_BYTES       (G_GUINT64_CONSTANT (64) << 20)
#define DEFAULT_FLOOD_WINDOW_SECONDS 60

struct _PmSettings
{
  GObject    parent_instance;

  char      *path;
  char      *dir;
  char      *base;
  GKeyFile  *keyfile;
  GError    *load_error;   /* why the file on disk could not be used, or NULL */
  /* What the file looked like when read, to notice changes by others. */
  gboolean   have_stat;
  dev_t      dev;
  ino_t      ino;
  gint64     mtime_ns;
  off_t      size;
  gboolean   snapshot;     /* read once: the getters never look at the file again */
};

G_DEFINE_FINAL_TYPE (PmSettings, pm_settings, G_TYPE_OBJECT)

static void
pm_settings_finalize (GObject *object)
{
  PmSettings *self = PM_SETTINGS (object);

  g_clear_error (&self->load_error);
  g_key_file_unref (self->keyfile);
  g_free (self->path);
  g_free (self->dir);
  g_free (self->base);
  G_OBJECT_CLASS (pm_settings_parent_class)->finalize (object);
}

static void
pm_settings_class_init (PmSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_settings_finalize;
}

static void
pm_settings_init (PmSettings *self)
{
  self->keyfile = g_key_file_new ();
}

char *
pm_settings_get_default_path (void)
{
  return pm_env_settings_path ();
}

char *
pm_settings_get_system_path (void)
{
  return pm_env_system_settings_path ();
}

PmSettings *
pm_settings_new (const char *path)
{
  PmSettings *self;

  g_return_val_if_fail (path != NULL, NULL);
  self = g_object_new (PM_TYPE_SETTINGS, NULL);
  self->path = g_strdup (path);
  self->dir = g_path_get_dirname (path);
  self->base = g_path_get_basename (path);
  /* Read by the first getter (refresh ()): making settings costs no I/O. */
  return self;
}

PmSettings *
pm_settings_new_snapshot (const char  *path,
                          GError     **error)
{
  PmSettings *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  self = pm_settings_new (path);
  pm_settings_reload (self, error);
  self->snapshot = TRUE;
  return self;
}

PmSettings *
pm_settings_new_default (void)
{
  g_autofree char *path = pm_settings_get_default_path ();
  return pm_settings_new (path);
}

const char *
pm_settings_get_path (PmSettings *settings)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  return settings->path;
}

static gboolean
stat_changed (PmSettings *self)
{
  struct stat st;

  pm_io_check_note ("stat", self->path);
  if (stat (self->path, &st) != 0)
    return self->have_stat;
  return !self->have_stat ||
         st.st_dev != self->dev || st.st_ino != self->ino || st.st_size != self->size ||
         (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec != self->mtime_ns;
}

/* Reads the file through @dirfd (or the path's directory when -1). */
static gboolean
load_from (PmSettings *self,
           int         dirfd,
           GError    **error)
{
  g_autofree char *data = NULL;
  g_autofree char *what = g_strdup_printf ("the settings file %s", self->path);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  int own_dirfd = -1;
  struct stat st;
  int fd;

  g_clear_error (&self->load_error);
  self->have_stat = FALSE;
  if (dirfd < 0)
    {
      own_dirfd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (own_dirfd < 0)
        {
          if (errno == ENOENT)
            {
              g_key_file_unref (self->keyfile);
              self->keyfile = g_steal_pointer (&keyfile);
              return TRUE;
            }
          pm_fs_set_errno_error (&self->load_error, errno, what, "open the directory of");
          if (error != NULL)
            *error = g_error_copy (self->load_error);
          return FALSE;
        }
      dirfd = own_dirfd;
    }

  /* Counted like the store's own files (pm-store-io-check.h): the GTK thread reads
   * snapshots made in workers, never the file. */
  fd = pm_fs_open_read (dirfd, self->base, what, &st, &local_error);
  if (fd >= 0)
    {
      close (fd);
      data = pm_fs_read_file (dirfd, self->base, SETTINGS_MAX_SIZE, &length, what, &local_error);
    }
  if (own_dirfd >= 0)
    close (own_dirfd);

  if (data == NULL)
    {
      if (g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
        {
          g_key_file_unref (self->keyfile);
          self->keyfile = g_steal_pointer (&keyfile);
          return TRUE;
        }
      self->load_error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_key_file_load_from_data (keyfile, data, length,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (&self->load_error, PM_ERROR, PM_ERROR_CORRUPT, "%s is malformed: %s", what, local_error->message);
      if (error != NULL)
        *error = g_error_copy (self->load_error);
      return FALSE;
    }

  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&keyfile);
  self->have_stat = TRUE;
  self->dev = st.st_dev;
  self->ino = st.st_ino;
  self->size = st.st_size;
  self->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  return TRUE;
}

gboolean
pm_settings_reload (PmSettings *settings,
                    GError    **error)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);
  return load_from (settings, -1, error);
}

/* Getters call this: re-read when the file changed; warn (once per change) when it is bad. */
static void
refresh (PmSettings *self)
{
  g_autoptr(GError) error = NULL;

  if (self->snapshot || !stat_changed (self))
    return;
  if (!load_from (self, -1, &error))
    g_warning ("Using default settings: %s", error->message);
}

/* Runs @change under an flock of the settings directory, on freshly read settings, then
 * writes the file back atomically. */
typedef gboolean (*ChangeFunc) (PmSettings *self, gpointer data, GError **error);

static gboolean
change_settings (PmSettings *self,
                 ChangeFunc  change,
                 gpointer    data,
                 GError    **error)
{
  g_autofree char *what = g_strdup_printf ("the settings file %s", self->path);
  g_autofree char *contents = NULL;
  gsize length;
  gboolean ok = FALSE;
  int dirfd;

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      pm_fs_set_errno_error (error, errno, self->dir, "create");
      return FALSE;
    }
  dirfd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    {
      pm_fs_set_errno_error (error, errno, self->dir, "open");
      return FALSE;
    }
  while (flock (dirfd, LOCK_EX) != 0 && errno == EINTR)
    ;
  if (!load_from (self, dirfd, error))
    goto out;
  if (!change (self, data, error))
    goto out;
  contents = g_key_file_to_data (self->keyfile, &length, NULL);
  ok = pm_fs_replace_file (dirfd, self->base, contents, length, TRUE, what, error);
  if (!ok)
    goto out;
  /* Read back what was written so the stat snapshot matches it. */
  ok = load_from (self, dirfd, error);

out:
  close (dirfd);   /* releases the flock */
  return ok;
}

gboolean
pm_settings_app_name_is_valid (const char *app_name)
{
  gsize len;

  if (app_name == NULL)
    return FALSE;
  len = strlen (app_name);
  if (len == 0 || len > 255 || !g_utf8_validate (app_name, len, NULL))
    return FALSE;
  if (g_ascii_isspace (app_name[0]) || g_ascii_isspace (app_name[len - 1]))
    return FALSE;
  for (const char *p = app_name; *p; p++)
    {
      guchar c = *p;
      if (c < 0x20 || c == 0x7f || c == '[' || c == ']' || c == '=')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_app_name (const char *app_name,
                GError    **error)
{
  if (pm_settings_app_name_is_valid (app_name))
    return TRUE;
  g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
               "Invalid application name “%s”: it must be 1–255 characters without control characters, “[”, “]” or “=”, nor spaces at either end",
               app_name != NULL ? app_name : "(null)");
  return FALSE;
}

/* --- Consent --- */

static const char *const consent_names[] = { NULL, "ask", "parameters", "safe-data", "all-data", "never" };

const char *
pm_consent_level_to_string (PmConsentLevel level)
{
  if (level < PM_CONSENT_ALWAYS_ASK || level > PM_CONSENT_NEVER_SEND)
    return NULL;
  return consent_names[level];
}

gboolean
pm_consent_level_from_string (const char     *text,
                              PmConsentLevel *level)
{
  if (text == NULL)
    return FALSE;
  for (int i = PM_CONSENT_ALWAYS_ASK; i <= PM_CONSENT_NEVER_SEND; i++)
    if (g_ascii_strcasecmp (text, consent_names[i]) == 0 ||
        (i <= PM_CONSENT_ALL_DATA && text[0] == '0' + i && text[1] == '\0'))
      {
        if (level != NULL)
          *level = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
lookup_consent (PmSettings     *self,
                const char     *key,
                PmConsentLevel *level)
{
  g_autofree char *text = g_key_file_get_string (self->keyfile, "Consent", key, NULL);

  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (!pm_consent_level_from_string (text, level) ||
      (*level == PM_CONSENT_NEVER_SEND && strcmp (key, "Default") == 0))
    {
      g_warning ("%s: [Consent] %s=%s is not a consent level (ask, parameters, safe-data, all-data%s); ignored",
                 self->path, key, text, strcmp (key, "Default") == 0 ? "" : ", never");
      return FALSE;
    }
  return TRUE;
}

gboolean
pm_settings_get_app_consent (PmSettings     *settings,
                             const char     *app_name,
                             PmConsentLevel *level)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (app_name != NULL, FALSE);

  refresh (settings);
  if (!pm_settings_app_name_is_valid (app_name) || strcmp (app_name, "Default") == 0)
    return FALSE;
  return lookup_consent (settings, app_name, level);
}

PmConsentLevel
pm_settings_get_consent (PmSettings *settings,
                         const char *app_name)
{
  PmConsentLevel level;

  g_return_val_if_fail (PM_IS_SETTINGS (settings), PM_CONSENT_ALWAYS_ASK);

  if (app_name != NULL && pm_settings_get_app_consent (settings, app_name, &level))
    return level;
  refresh (settings);
  if (lookup_consent (settings, "Default", &level))
    return level;
  return PM_CONSENT_ALWAYS_ASK;
}

typedef struct
{
  const char *group;
  const char *key;
  const char *value;   /* NULL: remove */
} SetValue;

static gboolean
do_set_value (PmSettings *self,
              gpointer    data,
              GError    **error)
{
  SetValue *sv = data;

  if (sv->value != NULL)
    g_key_file_set_string (self->keyfile, sv->group, sv->key, sv->value);
  else if (g_key_file_has_group (self->keyfile, sv->group))
    g_key_file_remove_key (self->keyfile, sv->group, sv->key, NULL);
  return TRUE;
}

gboolean
pm_settings_set_consent (PmSettings     *settings,
                         const char     *app_name,
                         PmConsentLevel  level,
                         GError        **error)
{
  SetValue sv = { "Consent", app_name != NULL ? app_name : "Default", NULL };

  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);

  if (app_name != NULL && !check_app_name (app_name, error))
    return FALSE;
  if (level == 0 && app_name != NULL)
    sv.value = NULL;
  else if (level == PM_CONSENT_NEVER_SEND && app_name == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "“never” is a level for one application, not the default");
      return FALSE;
    }
  else if (pm_consent_level_to_string (level) != NULL)
    sv.value = pm_consent_level_to_string (level);
  else
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Invalid consent level %d (expected 1–5: ask, parameters, safe-data, all-data, never)", (int) level);
      return FALSE;
    }
  return change_settings (settings, do_set_value, &sv, error);
}

static char **
list_group_keys (PmSettings *self,
                 const char *group,
                 const char *skip,
                 gboolean    only_true)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  refresh (self);
  keys = g_key_file_get_keys (self->keyfile, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (skip != NULL && strcmp (keys[i], skip) == 0)
        continue;
      if (only_true && !g_key_file_get_boolean (self->keyfile, group, keys[i], NULL))
        continue;
      g_strv_builder_add (builder, keys[i]);
    }
  return g_strv_builder_end (builder);
}

char **
pm_settings_list_consent_apps (PmSettings *settings)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  return list_group_keys (settings, "Consent", "Default", FALSE);
}

/* --- Exclusions --- */

gboolean
pm_settings_is_excluded (PmSettings *settings,
                         const char *app_name)
{
  g_autoptr(GError) error = NULL;
  gboolean excluded;

  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);

  if (app_name == NULL || !pm_settings_app_name_is_valid (app_name))
    return FALSE;
  refresh (settings);
  excluded = g_key_file_get_boolean (settings->keyfile, "Excluded", app_name, &error);
  if (error != NULL && !g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
      !g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
    {
      g_warning ("%s: [Excluded] %s: %s; treated as excluded", settings->path, app_name, error->message);
      return TRUE;
    }
  return excluded;
}

gboolean
pm_settings_set_excluded (PmSettings *settings,
                          const char *app_name,
                          gboolean    excluded,
                          GError    **error)
{
  SetValue sv = { "Excluded", app_name, excluded ? "true" : NULL };

  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);
  if (!check_app_name (app_name, error))
    return FALSE;
  return change_settings (settings, do_set_value, &sv, error);
}

char **
pm_settings_list_excluded (PmSettings *settings)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  return list_group_keys (settings, "Excluded", NULL, TRUE);
}

/* --- Quotas --- */

static guint64
get_quota_value (PmSettings *self,
                 const char *key,
                 guint64     default_value,
                 guint64     max_value)
{
  g_autofree char *text = g_key_file_get_string (self->keyfile, "Quota", key, NULL);
  guint64 value;
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return default_value;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, max_value, &value, &error))
    {
      g_warning ("%s: [Quota] %s=%s: %s; using %" G_GUINT64_FORMAT,
                 self->path, key, text, error->message, default_value);
      return default_value;
    }
  return value;
}

void
pm_settings_get_quota (PmSettings *settings,
                       PmQuota    *quota)
{
  g_return_if_fail (PM_IS_SETTINGS (settings));
  g_return_if_fail (quota != NULL);

  refresh (settings);
  quota->max_queue_count = get_quota_value (settings, "MaxQueueCount", DEFAULT_MAX_QUEUE_COUNT, G_MAXUINT);
  quota->max_archive_count = get_quota_value (settings, "MaxArchiveCount", DEFAULT_MAX_ARCHIVE_COUNT, G_MAXUINT);
  quota->max_bytes = get_quota_value (settings, "MaxBytes", DEFAULT_MAX_BYTES, G_MAXUINT64);
  quota->min_free_bytes = get_quota_value (settings, "MinFreeBytes", DEFAULT_MIN_FREE_BYTES, G_MAXUINT64);
  quota->flood_window_seconds = get_quota_value (settings, "FloodWindowSeconds",
                                                 DEFAULT_FLOOD_WINDOW_SECONDS, G_MAXUINT);
  quota->max_age_days = get_quota_value (settings, "MaxAgeDays", 0, 100000);
}

static gboolean
do_set_quota (PmSettings *self,
              gpointer    data,
              GError    **error)
{
  const PmQuota *quota = data;

  g_key_file_set_uint64 (self->keyfile, "Quota", "MaxQueueCount", quota->max_queue_count);
  g_key_file_set_uint64 (self->keyfile, "Quota", "MaxArchiveCount", quota->max_archive_count);
  g_key_file_set_uint64 (self->keyfile, "Quota", "MaxBytes", quota->max_bytes);
  g_key_file_set_uint64 (self->keyfile, "Quota", "MinFreeBytes", quota->min_free_bytes);
  g_key_file_set_uint64 (self->keyfile, "Quota", "FloodWindowSeconds", quota->flood_window_seconds);
  g_key_file_set_uint64 (self->keyfile, "Quota", "MaxAgeDays", quota->max_age_days);
  return TRUE;
}

gboolean
pm_settings_set_quota (PmSettings    *settings,
                       const PmQuota *quota,
                       GError       **error)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (quota != NULL, FALSE);
  return change_settings (settings, do_set_quota, (gpointer) quota, error);
}

/* --- Any key --- */

static gboolean
check_group_key (const char *group,
                 const char *key,
                 GError    **error)
{
  if (group == NULL || key == NULL || !pm_settings_app_name_is_valid (group) ||
      !pm_settings_app_name_is_valid (key))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Invalid settings group or key “%s” / “%s”",
                   group != NULL ? group : "(null)", key != NULL ? key : "(null)");
      return FALSE;
    }
  return TRUE;
}

char *
pm_settings_get_value (PmSettings *settings,
                       const char *group,
                       const char *key)
{
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (group != NULL && key != NULL, NULL);

  refresh (settings);
  return g_key_file_get_string (settings->keyfile, group, key, NULL);
}

gboolean
pm_settings_get_boolean (PmSettings *settings,
                         const char *group,
                         const char *key,
                         gboolean    default_value)
{
  g_autoptr(GError) error = NULL;
  gboolean value;

  g_return_val_if_fail (PM_IS_SETTINGS (settings), default_value);
  g_return_val_if_fail (group != NULL && key != NULL, default_value);

  refresh (settings);
  if (!g_key_file_has_key (settings->keyfile, group, key, NULL))
    return default_value;
  value = g_key_file_get_boolean (settings->keyfile, group, key, &error);
  if (error != NULL)
    {
      g_warning ("%s: [%s] %s: %s; using %s", settings->path, group, key, error->message,
                 default_value ? "true" : "false");
      return default_value;
    }
  return value;
}

gboolean
pm_settings_set_value (PmSettings *settings,
                       const char *group,
                       const char *key,
                       const char *value,
                       GError    **error)
{
  SetValue sv = { group, key, value };

  g_return_val_if_fail (PM_IS_SETTINGS (settings), FALSE);

  if (!check_group_key (group, key, error))
    return FALSE;
  if (value != NULL && (strchr (value, '\n') != NULL || strchr (value, '\r') != NULL ||
                        !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Invalid value for [%s] %s: it must be one line of UTF-8", group, key);
      return FALSE;
    }
  return change_settings (settings, do_set_value, &sv, error);
}
