/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest.c — pm_manifest_compute(): the one place that decides what sending a report
 * puts on the wire, as a list of PmManifestPart (see pm-manifest.h for the policy).
 *
 * Runs in: any GLib process using the store, off the GTK thread (it reads text files to
 * redact them). Sanitized dump copies are made in the report folder with exclusive create.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "pm-error.h"
#include "pm-manifest-private.h"
#include "pm-minidump-sanitize.h"
#include "pm-report-private.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"
#include "pm-report-private.h"

/* Attached files up to this size are read, shown and redacted as text when they are
 * UTF-8 without NUL bytes; larger ones are binary parts. */
#define MAX_TEXT_FILE (8 * 1024 * 1024)
/* WER's 512 registered files bound File[N]; metadata and DynamicSig use 64. */
#define MAX_FILE_KEYS 512
#define MAX_EXTRA_SIG 64

/* ---------------------------------------------------------------------- */
/* PmManifestPart                                                          */

struct _PmManifestPart
{
  GObject parent_instance;

  PmManifestPartKind kind;
  PmManifestPartStatus status;
  char *name;
  char *value;
  char *original_value;
  char *file_name;
  char *source_name;
  char *open_name;          /* the report file whose bytes are sent (source or sanitized copy) */
  char *content_type;
  guint64 size;
  gboolean is_text;
  gboolean redacted;
  gboolean sanitized;
  char *description;
  char *reason;
  PmConsentLevel needed_level;
  GBytes *text;             /* the bytes sent for a text part */
  PmReport *report;         /* for files: where to open them */
};

G_DEFINE_FINAL_TYPE (PmManifestPart, pm_manifest_part, G_TYPE_OBJECT)

/* Read-only properties, so list views can bind columns to them (GtkPropertyExpression). */
enum
{
  PART_PROP_0,
  PART_PROP_KIND,
  PART_PROP_STATUS,
  PART_PROP_NAME,
  PART_PROP_VALUE,
  PART_PROP_ORIGINAL_VALUE,
  PART_PROP_FILE_NAME,
  PART_PROP_SOURCE_NAME,
  PART_PROP_CONTENT_TYPE,
  PART_PROP_SIZE,
  PART_PROP_IS_TEXT,
  PART_PROP_REDACTED,
  PART_PROP_SANITIZED,
  PART_PROP_DESCRIPTION,
  PART_PROP_REASON,
  PART_PROP_NEEDED_LEVEL,
  N_PART_PROPS
};

static GParamSpec *part_props[N_PART_PROPS];

static void
pm_manifest_part_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PmManifestPart *self = PM_MANIFEST_PART (object);

  switch (prop_id)
    {
    case PART_PROP_KIND: g_value_set_int (value, self->kind); break;
    case PART_PROP_STATUS: g_value_set_int (value, self->status); break;
    case PART_PROP_NAME: g_value_set_string (value, self->name); break;
    case PART_PROP_VALUE: g_value_set_string (value, self->value); break;
    case PART_PROP_ORIGINAL_VALUE: g_value_set_string (value, self->original_value); break;
    case PART_PROP_FILE_NAME: g_value_set_string (value, self->file_name); break;
    case PART_PROP_SOURCE_NAME: g_value_set_string (value, self->source_name); break;
    case PART_PROP_CONTENT_TYPE: g_value_set_string (value, self->content_type); break;
    case PART_PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    case PART_PROP_IS_TEXT: g_value_set_boolean (value, self->is_text); break;
    case PART_PROP_REDACTED: g_value_set_boolean (value, self->redacted); break;
    case PART_PROP_SANITIZED: g_value_set_boolean (value, self->sanitized); break;
    case PART_PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PART_PROP_REASON: g_value_set_string (value, self->reason); break;
    case PART_PROP_NEEDED_LEVEL: g_value_set_int (value, self->needed_level); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_manifest_part_finalize (GObject *object)
{
  PmManifestPart *self = PM_MANIFEST_PART (object);

  g_free (self->name);
  g_free (self->value);
  g_free (self->original_value);
  g_free (self->file_name);
  g_free (self->source_name);
  g_free (self->open_name);
  g_free (self->content_type);
  g_free (self->description);
  g_free (self->reason);
  g_clear_pointer (&self->text, g_bytes_unref);
  g_clear_object (&self->report);
  G_OBJECT_CLASS (pm_manifest_part_parent_class)->finalize (object);
}

static void
pm_manifest_part_class_init (PmManifestPartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pm_manifest_part_finalize;
  object_class->get_property = pm_manifest_part_get_property;

  /* Enums as int: PmManifestPartKind, PmManifestPartStatus, PmConsentLevel have no GType. */
  part_props[PART_PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, 0, PM_MANIFEST_PART_FILE, 0, flags);
  part_props[PART_PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, 0, PM_MANIFEST_PART_REFUSED, 0, flags);
  part_props[PART_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  part_props[PART_PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  part_props[PART_PROP_ORIGINAL_VALUE] = g_param_spec_string ("original-value", NULL, NULL, NULL, flags);
  part_props[PART_PROP_FILE_NAME] = g_param_spec_string ("file-name", NULL, NULL, NULL, flags);
  part_props[PART_PROP_SOURCE_NAME] = g_param_spec_string ("source-name", NULL, NULL, NULL, flags);
  part_props[PART_PROP_CONTENT_TYPE] = g_param_spec_string ("content-type", NULL, NULL, NULL, flags);
  part_props[PART_PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  part_props[PART_PROP_IS_TEXT] = g_param_spec_boolean ("is-text", NULL, NULL, FALSE, flags);
  part_props[PART_PROP_REDACTED] = g_param_spec_boolean ("redacted", NULL, NULL, FALSE, flags);
  part_props[PART_PROP_SANITIZED] = g_param_spec_boolean ("sanitized", NULL, NULL, FALSE, flags);
  part_props[PART_PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  part_props[PART_PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  part_props[PART_PROP_NEEDED_LEVEL] = g_param_spec_int ("needed-level", NULL, NULL, 0, PM_CONSENT_NEVER_SEND, 0, flags);
  g_object_class_install_properties (object_class, N_PART_PROPS, part_props);
}

static void
pm_manifest_part_init (PmManifestPart *self)
{
}

PmManifestPartKind
pm_manifest_part_get_kind (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), PM_MANIFEST_PART_FIELD);
  return part->kind;
}

PmManifestPartStatus
pm_manifest_part_get_status (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), PM_MANIFEST_PART_UNAVAILABLE);
  return part->status;
}

const char *
pm_manifest_part_get_name (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->name;
}

const char *
pm_manifest_part_get_value (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->value;
}

const char *
pm_manifest_part_get_original_value (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->original_value;
}

const char *
pm_manifest_part_get_file_name (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->file_name;
}

const char *
pm_manifest_part_get_source_name (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->source_name;
}

const char *
pm_manifest_part_get_content_type (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->content_type;
}

guint64
pm_manifest_part_get_size (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), 0);
  return part->size;
}

gboolean
pm_manifest_part_get_is_text (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), FALSE);
  return part->is_text;
}

gboolean
pm_manifest_part_get_redacted (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), FALSE);
  return part->redacted;
}

gboolean
pm_manifest_part_get_sanitized (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), FALSE);
  return part->sanitized;
}

const char *
pm_manifest_part_get_description (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->description;
}

const char *
pm_manifest_part_get_reason (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  return part->reason;
}

PmConsentLevel
pm_manifest_part_get_needed_level (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), 0);
  return part->needed_level;
}

GBytes *
pm_manifest_part_get_text (PmManifestPart *part)
{
  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), NULL);
  if (part->kind == PM_MANIFEST_PART_FIELD && part->value != NULL)
    return g_bytes_new (part->value, strlen (part->value));
  return part->text != NULL ? g_bytes_ref (part->text) : NULL;
}

/* An unnamed file holding @bytes: a redacted text is sent from a copy, never by editing
 * the report's file. */
static int
open_bytes_copy (GBytes  *bytes,
                 GError **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  int fd = memfd_create ("postmortem-redacted", MFD_CLOEXEC);

  if (fd < 0)
    {
      pm_fs_set_errno_error (error, errno, "a copy of the redacted text", "create");
      return -1;
    }
  if (!pm_fs_write_all (fd, data, length, "a copy of the redacted text", error))
    {
      close (fd);
      return -1;
    }
  /* Read from the first byte, as a report file opened afresh would be. */
  if (lseek (fd, 0, SEEK_SET) != 0)
    {
      pm_fs_set_errno_error (error, errno, "a copy of the redacted text", "rewind");
      close (fd);
      return -1;
    }
  return fd;
}

int
pm_manifest_part_open (PmManifestPart  *part,
                       GError         **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (PM_IS_MANIFEST_PART (part), -1);

  if (part->kind != PM_MANIFEST_PART_FILE || (part->report == NULL && part->text == NULL))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the part “%s” has no file to open", part->name);
      return -1;
    }
  if (part->redacted)
    return open_bytes_copy (part->text, error);

  fd = pm_report_open_file (part->report, part->open_name, error);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0 || (guint64) st.st_size != part->size)
    {
      close (fd);
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED,
                   "%s of report %s changed size since the list of what would be sent was made",
                   part->open_name, pm_report_get_key (part->report));
      return -1;
    }
  return fd;
}

/* ---------------------------------------------------------------------- */
/* PmManifest                                                              */

struct _PmManifest
{
  GObject parent_instance;

  char *key;
  PmConsentLevel app_level;
  PmConsentLevel level;
  PmManifestChoices *choices;
  GError *refusal;
  GListStore *parts;
  GListStore *left_out;
  PmRedactor *redactor;      /* NULL when redaction is off */
  GPtrArray *loaded_replacements;  /* PmRedactReplacement*, a manifest read back */
};

static void pm_manifest_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PmManifest, pm_manifest, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pm_manifest_list_model_init))

static GType
pm_manifest_get_item_type (GListModel *model)
{
  return PM_TYPE_MANIFEST_PART;
}

static guint
pm_manifest_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (PM_MANIFEST (model)->parts));
}

static gpointer
pm_manifest_get_item (GListModel *model,
                      guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (PM_MANIFEST (model)->parts), position);
}

static void
pm_manifest_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pm_manifest_get_item_type;
  iface->get_n_items = pm_manifest_get_n_items;
  iface->get_item = pm_manifest_get_item;
}

static void
pm_manifest_finalize (GObject *object)
{
  PmManifest *self = PM_MANIFEST (object);

  g_free (self->key);
  g_clear_pointer (&self->choices, pm_manifest_choices_free);
  g_clear_error (&self->refusal);
  g_clear_object (&self->parts);
  g_clear_object (&self->left_out);
  g_clear_pointer (&self->redactor, pm_redactor_free);
  g_clear_pointer (&self->loaded_replacements, g_ptr_array_unref);
  G_OBJECT_CLASS (pm_manifest_parent_class)->finalize (object);
}

static void
pm_manifest_class_init (PmManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_manifest_finalize;
}

static void
pm_manifest_init (PmManifest *self)
{
  self->parts = g_list_store_new (PM_TYPE_MANIFEST_PART);
  self->left_out = g_list_store_new (PM_TYPE_MANIFEST_PART);
}

const char *
pm_manifest_get_report_key (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  return self->key;
}

PmConsentLevel
pm_manifest_get_app_level (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), 0);
  return self->app_level;
}

PmConsentLevel
pm_manifest_get_level (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), 0);
  return self->level;
}

const PmManifestChoices *
pm_manifest_get_choices (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  return self->choices;
}

const GError *
pm_manifest_get_refusal (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  return self->refusal;
}

GListModel *
pm_manifest_get_parts (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  return G_LIST_MODEL (self->parts);
}

GListModel *
pm_manifest_get_left_out (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  return G_LIST_MODEL (self->left_out);
}

static PmManifestPart *
find_in (GListModel *list,
         const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (list, i);

      if (strcmp (part->name, name) == 0)
        return part;   /* the list keeps its reference */
    }
  return NULL;
}

PmManifestPart *
pm_manifest_find_part (PmManifest *self,
                       const char *name)
{
  PmManifestPart *part;

  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  part = find_in (G_LIST_MODEL (self->parts), name);
  return part != NULL ? part : find_in (G_LIST_MODEL (self->left_out), name);
}

guint64
pm_manifest_get_total_size (PmManifest *self)
{
  guint64 total = 0;

  g_return_val_if_fail (PM_IS_MANIFEST (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->parts)); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (G_LIST_MODEL (self->parts), i);
      total += part->size;
    }
  return total;
}

guint
pm_manifest_get_n_replacements (PmManifest *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST (self), 0);
  if (self->loaded_replacements != NULL)
    return self->loaded_replacements->len;
  if (self->redactor == NULL || self->refusal != NULL)
    return 0;
  return pm_redactor_get_replacements (self->redactor)->len;
}

gboolean
pm_manifest_get_replacement (PmManifest  *self,
                             guint        index,
                             const char **what,
                             const char **original,
                             const char **placeholder,
                             guint       *count)
{
  PmRedactReplacement *r;

  g_return_val_if_fail (PM_IS_MANIFEST (self), FALSE);

  if (index >= pm_manifest_get_n_replacements (self))
    return FALSE;
  r = g_ptr_array_index (self->loaded_replacements != NULL ? self->loaded_replacements
                                                          : pm_redactor_get_replacements (self->redactor),
                         index);
  if (what != NULL)
    *what = r->what;
  if (original != NULL)
    *original = r->original;
  if (placeholder != NULL)
    *placeholder = r->placeholder;
  if (count != NULL)
    *count = r->count;
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Computing                                                               */

typedef struct
{
  PmManifest *manifest;
  PmStore *store;
  PmReport *report;
  GPtrArray *candidates;     /* PmManifestPart*: every part, in sending order */
} Builder;

/* Redacts @value into the part (when redaction is on). */
static void
set_field_value (Builder        *b,
                 PmManifestPart *part,
                 const char     *value)
{
  g_autofree char *valid = g_utf8_validate (value, -1, NULL) ? NULL : g_utf8_make_valid (value, -1);
  const char *text = valid != NULL ? valid : value;
  char *redacted = NULL;

  if (b->manifest->redactor != NULL && part->status == PM_MANIFEST_PART_SENT)
    redacted = pm_redactor_apply (b->manifest->redactor, text, strlen (text), NULL);
  if (redacted != NULL)
    {
      part->value = redacted;
      part->original_value = g_strdup (text);
      part->redacted = TRUE;
    }
  else
    part->value = g_strdup (text);
  part->size = strlen (part->value);
}

static gboolean
has_candidate (Builder    *b,
               const char *name)
{
  for (guint i = 0; i < b->candidates->len; i++)
    if (strcmp (((PmManifestPart *) g_ptr_array_index (b->candidates, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
add_field (Builder    *b,
           const char *name,
           const char *value,
           const char *description)
{
  PmManifestPart *part = g_object_new (PM_TYPE_MANIFEST_PART, NULL);

  part->kind = PM_MANIFEST_PART_FIELD;
  part->name = g_strdup (name);
  part->is_text = TRUE;
  part->description = g_strdup (description);
  if (pm_manifest_choices_get_part_removed (b->manifest->choices, name))
    {
      part->status = PM_MANIFEST_PART_REMOVED;
      part->reason = g_strdup (_("left out by you"));
    }
  set_field_value (b, part, value);
  g_ptr_array_add (b->candidates, part);
}

/* "Application Build-ID" -> "ApplicationBuildID": a field name any multipart parser
 * accepts, derived the same way for every signature parameter. */
static char *
camel_name (const char *name)
{
  GString *out = g_string_new (NULL);
  gboolean upper = TRUE;

  for (const char *p = name; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
      else
        upper = TRUE;
    }
  return g_string_free (out, FALSE);
}

/* A name from the report made safe for a multipart name or filename. */
static char *
safe_part_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p && out->len < 120; p++)
    g_string_append_c (out, (g_ascii_isalnum (*p) || strchr ("-_.", *p)) ? *p : '_');
  return g_string_free (out, FALSE);
}

/* The id a server deduplicates on: the report's own, or the original one of an
 * imported report (so a copy imported elsewhere is still recognised). */
static const char *
stable_report_id (PmReport *report)
{
  const char *imported = pm_report_get_value (report, "Postmortem.ImportedReportIdentifier");

  return imported != NULL ? imported : pm_report_get_report_id (report);
}

static void
add_text_fields (Builder *b)
{
  PmReport *report = b->report;
  const char *app = pm_report_get_app_name (report);
  const char *version = NULL;
  const char *event_type = pm_report_get_event_type (report);
  const char *report_id = stable_report_id (report);
  GDateTime *event_time = pm_report_get_event_time (report);
  guint count = pm_report_get_count (report);
  const char *comment = pm_manifest_choices_get_comment (b->manifest->choices);

  for (guint i = 0; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      const char *name, *value;
      if (pm_report_get_signature (report, i, &name, &value) &&
          g_strcmp0 (name, "Application Version") == 0)
        version = value;
    }
  if (app == NULL || *app == '\0')
    app = "unknown";
  if (version == NULL || *version == '\0')
    version = "unknown";

  /* Product fields in the spellings Socorro, Crashpad and Breakpad use. */
  add_field (b, "ProductName", app, _("application name"));
  add_field (b, "Version", version, _("application version"));
  add_field (b, "prod", app, _("application name (Breakpad's spelling)"));
  add_field (b, "ver", version, _("application version (Breakpad's spelling)"));
  add_field (b, "EventType", event_type ? event_type : "APPCRASH", _("kind of problem"));
  /* The stable id: a server drops a second copy after a lost reply. */
  if (report_id != NULL)
    {
      add_field (b, "guid", report_id, _("report identifier"));
      add_field (b, "report_id", report_id, _("report identifier"));
    }
  if (event_time != NULL)
    {
      g_autofree char *t = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (event_time));
      add_field (b, "CrashTime", t, _("time of the crash"));
    }
  if (count > 1)
    {
      g_autofree char *c = g_strdup_printf ("%u", count);
      add_field (b, "CrashCount", c, _("number of identical crashes"));
    }

  /* Signature parameters (Sig[N]) and OS signature (DynamicSig[N]). */
  for (guint i = 0; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      const char *name, *value;
      g_autofree char *field = NULL;

      if (!pm_report_get_signature (report, i, &name, &value) || name == NULL || value == NULL)
        continue;
      field = camel_name (name);
      if (*field == '\0' || has_candidate (b, field))
        {
          g_free (field);
          field = g_strdup_printf ("Sig%u", i);
        }
      add_field (b, field, value, _("problem signature"));
    }
  for (guint i = 0; i < MAX_EXTRA_SIG; i++)
    {
      g_autofree char *kn = g_strdup_printf ("DynamicSig[%u].Name", i);
      g_autofree char *kv = g_strdup_printf ("DynamicSig[%u].Value", i);
      const char *name = pm_report_get_value (report, kn);
      const char *value = pm_report_get_value (report, kv);
      g_autofree char *field = NULL;

      if (name == NULL || value == NULL)
        continue;
      field = camel_name (name);
      if (*field == '\0' || has_candidate (b, field))
        {
          g_free (field);
          field = g_strdup_printf ("DynamicSig%u", i);
        }
      add_field (b, field, value, _("system information"));
    }

  /* Custom metadata registered by the application, under its own key; a key that
   * clashes with a field above goes as "Metadata.<key>". */
  for (guint i = 0; i < MAX_EXTRA_SIG; i++)
    {
      g_autofree char *kk = g_strdup_printf ("Metadata[%u].Key", i);
      g_autofree char *kv = g_strdup_printf ("Metadata[%u].Value", i);
      const char *mkey = pm_report_get_value (report, kk);
      const char *value = pm_report_get_value (report, kv);
      g_autofree char *field = NULL;

      if (mkey == NULL || value == NULL)
        continue;
      field = safe_part_name (mkey);
      if (*field == '\0' || has_candidate (b, field) || strcmp (field, PM_MANIFEST_FIELD_COMMENTS) == 0)
        {
          g_autofree char *prefixed = g_strdup_printf ("Metadata.%s", field);
          g_free (field);
          field = g_steal_pointer (&prefixed);
        }
      if (!has_candidate (b, field))
        add_field (b, field, value, _("information from the application"));
    }

  if (comment != NULL && *comment != '\0')
    add_field (b, PM_MANIFEST_FIELD_COMMENTS, comment, _("your comment"));
}

/* What File[N].Type says of @name, or NULL. */
static const char *
file_type_of (PmReport   *report,
              const char *name)
{
  for (guint i = 0; i < MAX_FILE_KEYS; i++)
    {
      char kn[32], kt[32];
      const char *n;

      g_snprintf (kn, sizeof kn, "File[%u].Name", i);
      g_snprintf (kt, sizeof kt, "File[%u].Type", i);
      n = pm_report_get_value (report, kn);
      if (n == NULL)
        break;
      if (strcmp (n, name) == 0)
        return pm_report_get_value (report, kt);
    }
  return NULL;
}

static gboolean
is_dump_type (const char *type)
{
  return type != NULL && (strcmp (type, "MiniDump") == 0 || strcmp (type, "HeapDump") == 0 ||
                          strcmp (type, "TriageDump") == 0 || strcmp (type, "MicroDump") == 0);
}

static const char *
describe_dump (const char *type,
               gboolean    is_main,
               gboolean    sanitized)
{
  if (g_strcmp0 (type, "HeapDump") == 0)
    return _("full memory dump: every private page of the process, environment and open files included");
  if (sanitized)
    return g_strcmp0 (type, "TriageDump") == 0
      ? _("dump of a related process with stacks only, environment and command line removed")
      : _("minidump with stacks only, environment and command line removed");
  if (g_strcmp0 (type, "TriageDump") == 0)
    return _("dump of a related process: threads, stacks and modules, with what the stacks hold");
  return is_main || g_strcmp0 (type, "MiniDump") == 0 || g_strcmp0 (type, "MicroDump") == 0
    ? _("minidump: threads, stacks and modules, with what the stacks hold (the environment and command line among them)")
    : _("dump");
}

/* Reads an attached file as text when it is UTF-8 without NUL bytes; NULL when binary
 * or too big. */
static GBytes *
read_text_file (PmReport   *report,
                const char *name,
                guint64     size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  int fd;

  if (size > MAX_TEXT_FILE)
    return NULL;
  fd = pm_report_open_file (report, name, &error);
  if (fd < 0)
    return NULL;
  data = g_malloc (size + 1);
  while (length < size)
    {
      ssize_t n = read (fd, data + length, size - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += n;
    }
  close (fd);
  if (length != size || memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/* The report folder of @report, opened. */
static int
open_report_dir (PmStore   *store,
                 PmReport  *report,
                 GError   **error)
{
  g_autofree char *what = g_strdup_printf ("report %s", pm_report_get_key (report));

  return pm_fs_open_dir (pm_store_get_state_fd (store, pm_report_get_state (report)),
                         pm_report_get_key (report), FALSE, what, error);
}

/* Makes (once per report) the sanitized copy of the dump @name, "Upload.sanitized-NAME"
 * in the report folder: written under a hidden name, fsync()ed and renamed into place
 * without replacing, so a copy that exists is whole, and two processes making it at
 * once keep the first. Fills the part with the copy; FALSE with @error when the dump
 * cannot be sanitized. */
static gboolean
use_sanitized_copy (Builder        *b,
                    PmManifestPart *part,
                    GError        **error)
{
  g_autofree char *copy_name = g_strdup_printf ("%ssanitized-%s", PM_MANIFEST_OWN_FILE_PREFIX, part->source_name);
  g_autofree char *hidden = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *what = NULL;
  struct stat st;
  char reason[256] = "";
  int dirfd, in_fd, out_fd, r;

  if (!pm_store_name_is_valid (copy_name))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the name of the dump “%s” is too long for its sanitized copy", part->source_name);
      return FALSE;
    }
  dirfd = open_report_dir (b->store, b->report, error);
  if (dirfd < 0)
    return FALSE;
  what = g_strdup_printf ("%s of report %s", copy_name, pm_report_get_key (b->report));
  out_fd = pm_fs_open_read (dirfd, copy_name, what, &st, NULL);
  if (out_fd >= 0)
    goto done;

  in_fd = pm_report_open_file (b->report, part->source_name, error);
  if (in_fd < 0)
    {
      close (dirfd);
      return FALSE;
    }
  uuid = pm_fs_random_uuid ();
  hidden = g_strdup_printf (".sanitize-%s", uuid);
  out_fd = pm_fs_create (dirfd, hidden, what, error);
  if (out_fd < 0)
    {
      close (in_fd);
      close (dirfd);
      return FALSE;
    }
  r = pm_minidump_sanitize (in_fd, out_fd, NULL, reason, sizeof reason);
  close (in_fd);
  if (r == 0 && pm_fs_fsync (out_fd) != 0)
    {
      r = -errno;
      g_strlcpy (reason, g_strerror (errno), sizeof reason);
    }
  if (r == 0 && renameat2 (dirfd, hidden, dirfd, copy_name, RENAME_NOREPLACE) != 0)
    {
      r = -errno;
      g_strlcpy (reason, g_strerror (errno), sizeof reason);
      if (r == -EEXIST)
        {
          /* Another process made it first: use theirs. */
          unlinkat (dirfd, hidden, 0);
          close (out_fd);
          out_fd = pm_fs_open_read (dirfd, copy_name, what, &st, error);
          if (out_fd < 0)
            {
              close (dirfd);
              return FALSE;
            }
          goto done;
        }
    }
  if (r != 0)
    {
      unlinkat (dirfd, hidden, 0);
      close (out_fd);
      close (dirfd);
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s cannot be sanitized: %s", part->source_name, reason);
      return FALSE;
    }
  pm_fs_fsync (dirfd);
  if (fstat (out_fd, &st) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "stat");
      close (out_fd);
      close (dirfd);
      return FALSE;
    }

done:
  close (out_fd);
  close (dirfd);
  g_free (part->open_name);
  part->open_name = g_steal_pointer (&copy_name);
  part->size = st.st_size;
  part->sanitized = TRUE;
  return TRUE;
}

/* Fills the bytes of an attached file (text or binary) that is going to be sent. */
static void
prepare_attachment (Builder        *b,
                    PmManifestPart *part)
{
  g_autoptr(GBytes) text = read_text_file (b->report, part->source_name, part->size);

  if (text == NULL)
    {
      part->description = g_strdup (_("attached file"));
      return;
    }
  part->is_text = TRUE;
  part->description = g_strdup (_("attached file, text"));
  if (b->manifest->redactor != NULL)
    {
      gsize length = 0;
      char *redacted = pm_redactor_apply (b->manifest->redactor, g_bytes_get_data (text, NULL),
                                          g_bytes_get_size (text), &length);
      if (redacted != NULL)
        {
          part->text = g_bytes_new_take (redacted, length);
          part->size = length;
          part->redacted = TRUE;
          return;
        }
    }
  part->text = g_steal_pointer (&text);
}

static void
add_file_parts (Builder *b)
{
  PmReport *report = b->report;
  PmManifestChoices *choices = b->manifest->choices;
  const char *main_dump = pm_report_get_minidump_name (report);
  const char *report_id = stable_report_id (report);
  PmConsentLevel level = b->manifest->level;

  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    {
      const char *name = pm_report_get_file_name (report, i);
      const char *type = file_type_of (report, name);
      gboolean is_main = g_strcmp0 (name, main_dump) == 0;
      gboolean is_dump = is_main || is_dump_type (type);
      gboolean is_heap = g_strcmp0 (type, "HeapDump") == 0;
      g_autofree char *safe = NULL;
      PmManifestPart *part;

      if (strcmp (name, PM_REPORT_WER_NAME) == 0 || g_str_has_prefix (name, PM_MANIFEST_OWN_FILE_PREFIX))
        continue;

      part = g_object_new (PM_TYPE_MANIFEST_PART, NULL);
      part->kind = PM_MANIFEST_PART_FILE;
      part->report = g_object_ref (report);
      part->source_name = g_strdup (name);
      part->open_name = g_strdup (name);
      part->size = pm_report_get_file_size (report, i);
      /* Every file part is application/octet-stream: that is how the Socorro
       * specification tells a dump from an annotation. */
      part->content_type = g_strdup ("application/octet-stream");
      safe = safe_part_name (name);
      if (is_main)
        {
          part->name = g_strdup ("upload_file_minidump");
          part->file_name = g_strdup_printf ("%s.dmp", report_id ? report_id : safe);
        }
      else if (is_dump)
        {
          /* Crashpad's and Socorro's name for further dumps. */
          g_autofree char *stem = g_strdup (safe);
          char *dot = strrchr (stem, '.');
          if (dot != NULL && dot != stem)
            *dot = '\0';
          part->name = g_strdup_printf ("upload_file_minidump_%s", stem);
          part->file_name = g_strdup (safe);
        }
      else
        {
          part->name = g_strdup_printf ("attachment_%s", safe);
          part->file_name = g_strdup (safe);
        }
      if (has_candidate (b, part->name))
        {
          char *numbered = g_strdup_printf ("%s_%u", part->name, i);
          g_free (part->name);
          part->name = numbered;
        }
      g_ptr_array_add (b->candidates, part);

      /* Dumps below all data go as their sanitized copy; heap dumps and attached files
       * (which can hold anything) only with all data. */
      part->needed_level = (is_dump && !is_heap) ? PM_CONSENT_PARAMETERS_SAFE_DATA : PM_CONSENT_ALL_DATA;
      if (pm_manifest_choices_get_part_removed (choices, part->name) ||
          pm_manifest_choices_get_file_excluded (choices, name))
        {
          part->status = PM_MANIFEST_PART_REMOVED;
          part->reason = g_strdup (_("left out by you"));
        }
      else if (level < part->needed_level)
        {
          part->status = PM_MANIFEST_PART_ABOVE_LEVEL;
          part->reason = g_strdup (part->needed_level == PM_CONSENT_ALL_DATA
                                   ? _("sent only with all data")
                                   : _("sent only with parameters and safe data or more"));
        }
      else if (is_dump && level < PM_CONSENT_ALL_DATA)
        {
          g_autoptr(GError) sanitize_error = NULL;

          /* Never the unsanitized dump below all data. */
          if (!use_sanitized_copy (b, part, &sanitize_error))
            {
              part->status = PM_MANIFEST_PART_UNAVAILABLE;
              part->reason = g_strdup_printf (_("no sanitized copy of this dump could be made (%s); the dump is sent only with all data"),
                                              sanitize_error->message);
            }
        }
      if (is_dump)
        {
          /* A dump left out below all data would have gone as its sanitized copy: say
           * so, not what the original holds. */
          gboolean would_be_sanitized = part->sanitized || (!is_heap && level < PM_CONSENT_ALL_DATA);

          part->description = g_strdup (describe_dump (type, is_main, would_be_sanitized));
        }
      else if (part->status == PM_MANIFEST_PART_SENT)
        prepare_attachment (b, part);
      else
        part->description = g_strdup (_("attached file"));
      if (part->status != PM_MANIFEST_PART_SENT)
        part->needed_level = part->status == PM_MANIFEST_PART_ABOVE_LEVEL ? part->needed_level : 0;
      else
        part->needed_level = 0;
    }
}

/* The level the parts are chosen for, or a refusal in @self->refusal. */
static void
decide_level (PmManifest      *self,
              PmStore         *store,
              PmReport        *report,
              PmManifestFlags  flags)
{
  PmSettings *settings = pm_store_get_settings (store);
  const char *app = pm_report_get_app_name (report);
  const char *consent = pm_report_get_value (report, "Consent");
  PmConsentLevel chosen = pm_manifest_choices_get_level (self->choices);
  g_autoptr(GError) reload_error = NULL;

  /* The settings may have changed since the report was queued. */
  if (!pm_settings_reload (settings, &reload_error))
    {
      g_set_error (&self->refusal, PM_ERROR, PM_ERROR_CONSENT,
                   "cannot tell whether sending is allowed: %s", reload_error->message);
      return;
    }
  self->app_level = pm_settings_get_consent (settings, app);
  if (app != NULL && pm_settings_is_excluded (settings, app))
    {
      g_set_error (&self->refusal, PM_ERROR, PM_ERROR_EXCLUDED,
                   "%s is excluded from error reporting; its reports are not sent", app);
      return;
    }
  /* WER_CONSENT: 3 is WerConsentDenied. */
  if (g_strcmp0 (consent, "3") == 0)
    {
      g_set_error (&self->refusal, PM_ERROR, PM_ERROR_CONSENT,
                   "consent to send report %s was denied (Consent=3 in its Report.wer)",
                   pm_report_get_key (report));
      return;
    }
  if (self->app_level == PM_CONSENT_NEVER_SEND)
    {
      g_set_error (&self->refusal, PM_ERROR, PM_ERROR_CONSENT,
                   "reports of %s are never sent (its consent is “never”; change it with "
                   "postmortemctl consent %s LEVEL)", app ? app : "this application", app ? app : "APP");
      return;
    }
  if (flags & PM_MANIFEST_APPROVED)
    self->level = chosen != 0 ? chosen
      : self->app_level == PM_CONSENT_ALWAYS_ASK ? PM_CONSENT_PARAMETERS_SAFE_DATA : self->app_level;
  else if (self->app_level == PM_CONSENT_ALWAYS_ASK)
    {
      g_set_error (&self->refusal, PM_ERROR, PM_ERROR_CONSENT,
                   "consent for %s is “ask” and nobody approved sending report %s "
                   "(approve it in Postmortem, or with postmortemctl submit --approve KEY)",
                   app ? app : "this application", pm_report_get_key (report));
      return;
    }
  else
    /* Without approval a choice can only narrow what the application's level allows. */
    self->level = chosen != 0 ? MIN (chosen, self->app_level) : self->app_level;
}

PmManifest *
pm_manifest_compute (PmStore                 *store,
                     PmReport                *report,
                     const PmManifestChoices *choices,
                     PmManifestFlags          flags,
                     GError                 **error)
{
  g_autoptr(PmManifest) self = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  Builder b;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pm_report_get_load_error (report) != NULL)
    {
      g_propagate_error (error, g_error_copy (pm_report_get_load_error (report)));
      return NULL;
    }

  self = g_object_new (PM_TYPE_MANIFEST, NULL);
  self->key = g_strdup (pm_report_get_key (report));
  self->choices = choices != NULL ? pm_manifest_choices_copy (choices)
                                  : pm_manifest_choices_new_from_report (report);
  decide_level (self, store, report, flags);
  if (self->refusal == NULL && pm_manifest_choices_get_redact (self->choices))
    self->redactor = pm_redactor_new (g_get_home_dir (), g_get_user_name (), g_get_host_name ());

  candidates = g_ptr_array_new_with_free_func (g_object_unref);
  b.manifest = self;
  b.store = store;
  b.report = report;
  b.candidates = candidates;
  add_text_fields (&b);
  add_file_parts (&b);

  for (guint i = 0; i < candidates->len; i++)
    {
      PmManifestPart *part = g_ptr_array_index (candidates, i);

      if (part->status == PM_MANIFEST_PART_SENT && self->refusal != NULL)
        {
          part->status = PM_MANIFEST_PART_REFUSED;
          part->reason = g_strdup (self->refusal->message);
        }
      g_list_store_append (part->status == PM_MANIFEST_PART_SENT ? self->parts : self->left_out, part);
    }
  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

static const char *
status_name (PmManifestPartStatus status)
{
  switch (status)
    {
    case PM_MANIFEST_PART_SENT: return "sent";
    case PM_MANIFEST_PART_REMOVED: return "removed";
    case PM_MANIFEST_PART_ABOVE_LEVEL: return "above-level";
    case PM_MANIFEST_PART_UNAVAILABLE: return "unavailable";
    case PM_MANIFEST_PART_REFUSED: return "refused";
    default: return "unknown";
    }
}

static void
append_part_json (GString        *out,
                  PmManifestPart *part)
{
  g_string_append (out, "{\"kind\":");
  g_string_append (out, part->kind == PM_MANIFEST_PART_FIELD ? "\"field\"" : "\"file\"");
  g_string_append (out, ",\"name\":");
  pm_json_append_string (out, part->name);
  if (part->kind == PM_MANIFEST_PART_FIELD)
    {
      g_string_append (out, ",\"value\":");
      pm_json_append_string (out, part->value);
      g_string_append (out, ",\"original_value\":");
      pm_json_append_string (out, part->original_value);
    }
  else
    {
      g_string_append (out, ",\"file_name\":");
      pm_json_append_string (out, part->file_name);
      g_string_append (out, ",\"source_name\":");
      pm_json_append_string (out, part->source_name);
      g_string_append (out, ",\"content_type\":");
      pm_json_append_string (out, part->content_type);
    }
  g_string_append_printf (out, ",\"size\":%" G_GUINT64_FORMAT ",\"text\":%s,\"redacted\":%s,\"sanitized\":%s",
                          part->size, part->is_text ? "true" : "false",
                          part->redacted ? "true" : "false", part->sanitized ? "true" : "false");
  g_string_append (out, ",\"description\":");
  pm_json_append_string (out, part->description);
  g_string_append (out, ",\"status\":");
  pm_json_append_string (out, status_name (part->status));
  if (part->status != PM_MANIFEST_PART_SENT)
    {
      g_string_append (out, ",\"reason\":");
      pm_json_append_string (out, part->reason);
      g_string_append (out, ",\"needed_level\":");
      pm_json_append_string (out, part->needed_level ? pm_consent_level_to_string (part->needed_level) : NULL);
    }
  g_string_append_c (out, '}');
}

static void
append_list_json (GString    *out,
                  GListModel *list)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (list, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_part_json (out, part);
    }
  g_string_append_c (out, ']');
}

char *
pm_manifest_to_json (PmManifest *self,
                     gsize      *length)
{
  GString *out;

  g_return_val_if_fail (PM_IS_MANIFEST (self), NULL);

  out = g_string_new ("{\"report\":");
  pm_json_append_string (out, self->key);
  g_string_append (out, ",\"app_level\":");
  pm_json_append_string (out, pm_consent_level_to_string (self->app_level));
  g_string_append (out, ",\"level\":");
  pm_json_append_string (out, self->level ? pm_consent_level_to_string (self->level) : NULL);
  g_string_append (out, ",\"refusal\":");
  pm_json_append_string (out, self->refusal ? self->refusal->message : NULL);
  g_string_append_printf (out, ",\"redact\":%s", pm_manifest_choices_get_redact (self->choices) ? "true" : "false");
  g_string_append (out, ",\"comment\":");
  pm_json_append_string (out, pm_manifest_choices_get_comment (self->choices));
  g_string_append_printf (out, ",\"total_size\":%" G_GUINT64_FORMAT, pm_manifest_get_total_size (self));
  g_string_append (out, ",\"parts\":");
  append_list_json (out, G_LIST_MODEL (self->parts));
  g_string_append (out, ",\"left_out\":");
  append_list_json (out, G_LIST_MODEL (self->left_out));
  g_string_append (out, ",\"replacements\":[");
  for (guint i = 0; i < pm_manifest_get_n_replacements (self); i++)
    {
      const char *what, *original, *placeholder;
      guint count;

      pm_manifest_get_replacement (self, i, &what, &original, &placeholder, &count);
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"what\":");
      pm_json_append_string (out, what);
      g_string_append (out, ",\"original\":");
      pm_json_append_string (out, original);
      g_string_append (out, ",\"placeholder\":");
      pm_json_append_string (out, placeholder);
      g_string_append_printf (out, ",\"count\":%u}", count);
    }
  g_string_append (out, "]}\n");
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
pm_manifest_save_sent (PmManifest  *self,
                       PmStore     *store,
                       GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *what = NULL;
  gsize length = 0;
  gboolean ok;
  int dirfd;

  g_return_val_if_fail (PM_IS_MANIFEST (self), FALSE);
  g_return_val_if_fail (PM_IS_STORE (store), FALSE);

  what = g_strdup_printf ("report %s", self->key);
  dirfd = pm_fs_open_dir (pm_store_get_state_fd (store, PM_REPORT_STATE_QUEUE), self->key, FALSE, what, error);
  if (dirfd < 0)
    return FALSE;
  json = pm_manifest_to_json (self, &length);
  g_free (what);
  what = g_strdup_printf ("%s of report %s", PM_MANIFEST_SENT_FILE_NAME, self->key);
  ok = pm_fs_replace_file (dirfd, PM_MANIFEST_SENT_FILE_NAME, json, length, TRUE, what, error);
  close (dirfd);
  return ok;
}

/* --- Reading back what was sent --- */

static char *
dup_member (GVariant   *dict,
            const char *name)
{
  const char *value = NULL;

  if (g_variant_lookup (dict, name, "&s", &value))
    return g_strdup (value);
  return NULL;
}

static gboolean
bool_member (GVariant   *dict,
             const char *name)
{
  gboolean value = FALSE;

  g_variant_lookup (dict, name, "b", &value);
  return value;
}

static PmConsentLevel
level_member (GVariant   *dict,
              const char *name)
{
  const char *text = NULL;
  PmConsentLevel level = 0;

  if (g_variant_lookup (dict, name, "&s", &text))
    pm_consent_level_from_string (text, &level);
  return level;
}

static PmManifestPartStatus
status_from_name (const char *name)
{
  for (int s = PM_MANIFEST_PART_SENT; s <= PM_MANIFEST_PART_REFUSED; s++)
    if (g_strcmp0 (name, status_name (s)) == 0)
      return s;
  return PM_MANIFEST_PART_UNAVAILABLE;
}

static gboolean
load_parts (GListStore  *store,
            GVariant    *root,
            const char  *member,
            gboolean     sent,
            GError     **error)
{
  g_autoptr(GVariant) list = g_variant_lookup_value (root, member, G_VARIANT_TYPE ("av"));
  GVariantIter iter;
  GVariant *item;

  if (list == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "it has no “%s” list", member);
      return FALSE;
    }
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_loop (&iter, "v", &item))
    {
      g_autoptr(PmManifestPart) part = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *status = NULL;
      guint64 size = 0;

      if (!g_variant_is_of_type (item, G_VARIANT_TYPE_VARDICT))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "an entry of “%s” is not an object", member);
          g_variant_unref (item);
          return FALSE;
        }
      part = g_object_new (PM_TYPE_MANIFEST_PART, NULL);
      kind = dup_member (item, "kind");
      part->kind = g_strcmp0 (kind, "file") == 0 ? PM_MANIFEST_PART_FILE : PM_MANIFEST_PART_FIELD;
      part->name = dup_member (item, "name");
      if (part->name == NULL || (g_strcmp0 (kind, "file") != 0 && g_strcmp0 (kind, "field") != 0))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "an entry of “%s” has no name or kind", member);
          g_variant_unref (item);
          return FALSE;
        }
      part->value = dup_member (item, "value");
      part->original_value = dup_member (item, "original_value");
      part->file_name = dup_member (item, "file_name");
      part->source_name = dup_member (item, "source_name");
      part->content_type = dup_member (item, "content_type");
      part->description = dup_member (item, "description");
      part->reason = dup_member (item, "reason");
      g_variant_lookup (item, "size", "t", &size);
      part->size = size;
      part->is_text = bool_member (item, "text");
      part->redacted = bool_member (item, "redacted");
      part->sanitized = bool_member (item, "sanitized");
      part->needed_level = level_member (item, "needed_level");
      status = dup_member (item, "status");
      part->status = sent ? PM_MANIFEST_PART_SENT : status_from_name (status);
      g_list_store_append (store, part);
    }
  return TRUE;
}

PmManifest *
pm_manifest_load_sent (PmReport  *report,
                       GError   **error)
{
  g_autoptr(PmManifest) self = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) replacements = NULL;
  g_autofree char *data = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *comment = NULL;
  gsize length = 0;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  data = pm_json_read_sent (report, &length, error);
  if (data == NULL)
    return NULL;
  root = pm_json_parse_object (data, length, error);
  if (root == NULL)
    {
      g_prefix_error (error, "%s of report %s: ", PM_MANIFEST_SENT_FILE_NAME, pm_report_get_key (report));
      return NULL;
    }

  self = g_object_new (PM_TYPE_MANIFEST, NULL);
  self->key = g_strdup (pm_report_get_key (report));
  self->app_level = level_member (root, "app_level");
  self->level = level_member (root, "level");
  refusal = dup_member (root, "refusal");
  if (refusal != NULL)
    self->refusal = g_error_new_literal (PM_ERROR, PM_ERROR_CONSENT, refusal);
  self->choices = pm_manifest_choices_new ();
  pm_manifest_choices_set_redact (self->choices, bool_member (root, "redact"));
  comment = dup_member (root, "comment");
  pm_manifest_choices_set_comment (self->choices, comment);
  if (!load_parts (self->parts, root, "parts", TRUE, error) ||
      !load_parts (self->left_out, root, "left_out", FALSE, error))
    {
      g_prefix_error (error, "%s of report %s: ", PM_MANIFEST_SENT_FILE_NAME, pm_report_get_key (report));
      return NULL;
    }

  self->loaded_replacements = g_ptr_array_new_with_free_func (g_free);
  replacements = g_variant_lookup_value (root, "replacements", G_VARIANT_TYPE ("av"));
  if (replacements != NULL)
    {
      GVariantIter iter;
      GVariant *item;

      g_variant_iter_init (&iter, replacements);
      while (g_variant_iter_loop (&iter, "v", &item))
        {
          const char *what = NULL, *original = NULL, *placeholder = NULL;
          guint64 count = 0;
          PmRedactReplacement *r;

          if (!g_variant_is_of_type (item, G_VARIANT_TYPE_VARDICT) ||
              !g_variant_lookup (item, "what", "&s", &what) ||
              !g_variant_lookup (item, "original", "&s", &original) ||
              !g_variant_lookup (item, "placeholder", "&s", &placeholder))
            continue;
          g_variant_lookup (item, "count", "t", &count);
          /* One allocation holds the entry and its strings. */
          r = g_malloc0 (sizeof *r + strlen (what) + strlen (original) + strlen (placeholder) + 3);
          {
            char *strings = (char *) (r + 1);
            r->what = strcpy (strings, what);
            strings += strlen (what) + 1;
            r->placeholder = strcpy (strings, placeholder);
            strings += strlen (placeholder) + 1;
            r->original = strcpy (strings, original);
          }
          r->count = (guint) MIN (count, G_MAXUINT);
          g_ptr_array_add (self->loaded_replacements, r);
        }
    }
  return g_steal_pointer (&self);
}
