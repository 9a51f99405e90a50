/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-settings-writer.c — settings changes in one ordered worker thread
 * (pm-settings-writer.h).
 *
 * Runs in: the postmortem GUI process: a GThreadPool of exactly one thread
 * runs the changes and reads in the order they were pushed; each result goes
 * back to the main context in an idle source.
 */
#include "pm-config.h"

#include "pm-settings-writer.h"

typedef struct
{
  char                *path;
  PmSettingsWriteFunc  func;     /* NULL: a read */
  gpointer             data;
  GDestroyNotify       data_free;
  GWeakRef             owner;
  PmSettingsWriteDone  done;
  GError              *error;
  PmSettings          *snapshot; /* the file after the change */
} Write;

static GThreadPool *writer;
static guint pending;   /* main thread only */

static void
write_free (Write *write)
{
  if (write->data_free != NULL)
    write->data_free (write->data);
  g_weak_ref_clear (&write->owner);
  g_clear_error (&write->error);
  g_clear_object (&write->snapshot);
  g_free (write->path);
  g_free (write);
}

static gboolean
write_done_cb (gpointer user_data)
{
  Write *write = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&write->owner);

  pending--;
  if (write->done != NULL && owner != NULL)
    write->done (owner, write->snapshot, write->error);
  else if (write->error != NULL)
    g_warning ("Could not change the settings: %s", write->error->message);
  write_free (write);
  return G_SOURCE_REMOVE;
}

static void
write_in_thread (gpointer data,
                 gpointer pool_data)
{
  Write *write = data;

  if (write->func != NULL)
    {
      /* The writer's own object for the file: the widgets' one stays theirs. */
      g_autoptr(PmSettings) settings = pm_settings_new (write->path);

      write->func (settings, write->data, &write->error);
    }
  /* A read says why the file cannot be used; a change has said it already. */
  write->snapshot = pm_settings_new_snapshot (write->path, write->func == NULL ? &write->error : NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT, write_done_cb, write, NULL);
}

static void
push (Write *write)
{
  /* One thread, never more: the changes must land in the order asked. */
  if (writer == NULL)
    writer = g_thread_pool_new (write_in_thread, NULL, 1, FALSE, NULL);
  pending++;
  g_thread_pool_push (writer, write, NULL);
}

void
pm_settings_write_async (PmSettings          *settings,
                         PmSettingsWriteFunc  func,
                         gpointer             data,
                         GDestroyNotify       data_free,
                         GObject             *owner,
                         PmSettingsWriteDone  done)
{
  Write *write;

  g_return_if_fail (PM_IS_SETTINGS (settings));
  g_return_if_fail (func != NULL);

  write = g_new0 (Write, 1);
  write->path = g_strdup (pm_settings_get_path (settings));
  write->func = func;
  write->data = data;
  write->data_free = data_free;
  g_weak_ref_init (&write->owner, owner);
  write->done = done;
  push (write);
}

void
pm_settings_read_async (const char          *path,
                        GObject             *owner,
                        PmSettingsWriteDone  done)
{
  Write *write;

  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_OBJECT (owner) && done != NULL);

  write = g_new0 (Write, 1);
  write->path = g_strdup (path);
  g_weak_ref_init (&write->owner, owner);
  write->done = done;
  push (write);
}

typedef struct
{
  char *group;
  char *key;
  char *value;
} Value;

static void
value_free (gpointer data)
{
  Value *value = data;

  g_free (value->group);
  g_free (value->key);
  g_free (value->value);
  g_free (value);
}

static gboolean
write_value (PmSettings  *settings,
             gpointer     data,
             GError     **error)
{
  Value *value = data;

  return pm_settings_set_value (settings, value->group, value->key, value->value, error);
}

void
pm_settings_write_value_async (PmSettings          *settings,
                               const char          *group,
                               const char          *key,
                               const char          *value,
                               GObject             *owner,
                               PmSettingsWriteDone  done)
{
  Value *v = g_new0 (Value, 1);

  v->group = g_strdup (group);
  v->key = g_strdup (key);
  v->value = g_strdup (value);
  pm_settings_write_async (settings, write_value, v, value_free, owner, done);
}

typedef struct
{
  char           *app;
  PmConsentLevel  level;
} Consent;

static void
consent_free (gpointer data)
{
  Consent *consent = data;

  g_free (consent->app);
  g_free (consent);
}

static gboolean
write_consent (PmSettings  *settings,
               gpointer     data,
               GError     **error)
{
  Consent *consent = data;

  return pm_settings_set_consent (settings, consent->app, consent->level, error);
}

void
pm_settings_write_consent_async (PmSettings          *settings,
                                 const char          *app,
                                 PmConsentLevel       level,
                                 GObject             *owner,
                                 PmSettingsWriteDone  done)
{
  Consent *consent = g_new0 (Consent, 1);

  consent->app = g_strdup (app);
  consent->level = level;
  pm_settings_write_async (settings, write_consent, consent, consent_free, owner, done);
}

guint
pm_settings_write_get_pending (void)
{
  return pending;
}
