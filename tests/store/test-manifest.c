/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-manifest.c — pm_manifest_compute() and its parts without a network: the levels
 * and refusals, the person's choices kept in Report.wer, redaction of fields and text
 * files (and what it must not touch), the JSON written after sending read back.
 *
 * Runs in: the test process, with an isolated HOME, XDG dirs, store and settings.
 * The end-to-end proof with a real crash and a receiver is tests/upload/test-consent-manifest.py.
 */
#include "pm-config.h"

#include <string.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-manifest.h"
#include "pm-manifest-private.h"
#include "pm-store.h"

static char *tmp_home;

typedef struct
{
  PmStore *store;
  char *key;
  char *notes;      /* the attached text file's contents */
} Fixture;

static void
write_file (PmReportDraft *draft,
            const char    *name,
            const void    *data,
            gsize          length)
{
  g_autoptr(GError) error = NULL;
  int fd = pm_report_draft_create_file (draft, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (write (fd, data, length), ==, (gssize) length);
  close (fd);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autofree char *dir = g_strdup_printf ("%s/store-%u", tmp_home, n);
  g_autofree char *settings_path = g_strdup_printf ("%s/settings-%u.ini", tmp_home, n++);
  g_autoptr(PmSettings) settings = pm_settings_new (settings_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *metadata = g_strdup_printf ("%s/.config/app.conf", g_get_home_dir ());
  static const guint8 binary[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 3 };
  PmReportDraft *draft;

  f->store = pm_store_open (dir, &error);
  g_assert_no_error (error);
  pm_store_set_settings (f->store, settings);
  f->notes = g_strdup_printf ("log of %s in %s/work\nmail: someone.else@example.com\n",
                              g_get_user_name (), g_get_home_dir ());
  draft = pm_store_begin_report (f->store, &error);
  g_assert_no_error (error);
  write_file (draft, "minidump.dmp", "MDMP\x93\xa7\0\0", 8);
  pm_report_draft_add_file (draft, "minidump.dmp", "MiniDump", 0);
  write_file (draft, "notes.txt", f->notes, strlen (f->notes));
  pm_report_draft_add_file (draft, "notes.txt", "UserDocument", 0);
  write_file (draft, "blob.bin", binary, sizeof binary);
  pm_report_draft_add_file (draft, "blob.bin", "Other", 0);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", "editor");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", "editor");
  pm_report_draft_set (draft, "Metadata[0].Key", "ConfigFile");
  pm_report_draft_set (draft, "Metadata[0].Value", metadata);
  f->key = pm_store_publish_report (f->store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->key);
  g_free (f->notes);
}

static PmManifest *
compute (Fixture                 *f,
         const PmManifestChoices *choices,
         PmManifestFlags          flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (f->store, f->key, &error);
  PmManifest *manifest;

  g_assert_no_error (error);
  manifest = pm_manifest_compute (f->store, report, choices, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  return manifest;
}

static gboolean
sends (PmManifest *manifest,
       const char *name)
{
  PmManifestPart *part = pm_manifest_find_part (manifest, name);
  return part != NULL && pm_manifest_part_get_status (part) == PM_MANIFEST_PART_SENT;
}

static void
set_consent (Fixture        *f,
             const char     *app,
             PmConsentLevel  level)
{
  g_autoptr(GError) error = NULL;

  pm_settings_set_consent (pm_store_get_settings (f->store), app, level, &error);
  g_assert_no_error (error);
}

/* The levels and the refusals, with and without the person's approval. */
static void
test_levels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PmManifest) ask = NULL;
  g_autoptr(PmManifest) approved = NULL;
  g_autoptr(PmManifest) narrowed = NULL;
  g_autoptr(PmManifest) all = NULL;
  g_autoptr(PmManifest) never = NULL;
  g_autoptr(PmManifestChoices) choices = pm_manifest_choices_new ();
  g_autoptr(GError) error = NULL;
  PmManifestPart *dump;

  /* "ask" without approval: nothing. */
  ask = compute (f, NULL, 0);
  g_assert_true (g_error_matches (pm_manifest_get_refusal (ask), PM_ERROR, PM_ERROR_CONSENT));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ask)), ==, 0);
  g_assert_cmpint (pm_manifest_part_get_status (pm_manifest_find_part (ask, "ProductName")), ==,
                   PM_MANIFEST_PART_REFUSED);

  /* Approved: safe-data. The test dump has no system info, so no sanitized copy can be
   * made: it is left out, never sent whole. */
  approved = compute (f, NULL, PM_MANIFEST_APPROVED);
  g_assert_null (pm_manifest_get_refusal (approved));
  g_assert_cmpint (pm_manifest_get_level (approved), ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  g_assert_true (sends (approved, "ProductName"));
  dump = pm_manifest_find_part (approved, "upload_file_minidump");
  g_assert_cmpint (pm_manifest_part_get_status (dump), ==, PM_MANIFEST_PART_UNAVAILABLE);
  g_assert_cmpint (pm_manifest_part_get_status (pm_manifest_find_part (approved, "attachment_notes.txt")), ==,
                   PM_MANIFEST_PART_ABOVE_LEVEL);
  g_assert_cmpint (pm_manifest_part_get_needed_level (pm_manifest_find_part (approved, "attachment_notes.txt")), ==,
                   PM_CONSENT_ALL_DATA);

  /* Without approval a chosen level only narrows the application's. */
  set_consent (f, "editor", PM_CONSENT_PARAMETERS_ONLY);
  g_assert_true (pm_manifest_choices_set_level (choices, PM_CONSENT_ALL_DATA, &error));
  narrowed = compute (f, choices, 0);
  g_assert_cmpint (pm_manifest_get_level (narrowed), ==, PM_CONSENT_PARAMETERS_ONLY);
  g_assert_false (sends (narrowed, "attachment_notes.txt"));
  all = compute (f, choices, PM_MANIFEST_APPROVED);
  g_assert_cmpint (pm_manifest_get_level (all), ==, PM_CONSENT_ALL_DATA);
  g_assert_true (sends (all, "upload_file_minidump"));
  g_assert_false (pm_manifest_part_get_sanitized (pm_manifest_find_part (all, "upload_file_minidump")));
  g_assert_true (sends (all, "attachment_notes.txt"));
  g_assert_true (sends (all, "attachment_blob.bin"));

  /* "never" refuses whatever was approved; the default cannot be "never". */
  set_consent (f, "editor", PM_CONSENT_NEVER_SEND);
  never = compute (f, choices, PM_MANIFEST_APPROVED);
  g_assert_true (g_error_matches (pm_manifest_get_refusal (never), PM_ERROR, PM_ERROR_CONSENT));
  g_assert_nonnull (strstr (pm_manifest_get_refusal (never)->message, "never"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (never)), ==, 0);
  g_assert_cmpint (pm_manifest_get_app_level (never), ==, PM_CONSENT_NEVER_SEND);
  g_assert_false (pm_settings_set_consent (pm_store_get_settings (f->store), NULL, PM_CONSENT_NEVER_SEND, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
}

/* Redaction of fields and text files; binary files and the report's own file untouched. */
static void
test_redaction (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PmManifestChoices) choices = pm_manifest_choices_new ();
  g_autoptr(PmManifest) manifest = NULL;
  g_autoptr(PmManifest) plain = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("log of <user> in ~/work\nmail: <email>\n");
  g_autofree char *sent = NULL;
  PmManifestPart *notes, *config, *blob;
  char buffer[256];
  gssize n;
  int fd;

  pm_manifest_choices_set_level (choices, PM_CONSENT_ALL_DATA, NULL);
  pm_manifest_choices_set_comment (choices, "crashed in my home folder; I am \\ back\nsecond line");
  manifest = compute (f, choices, PM_MANIFEST_APPROVED);

  config = pm_manifest_find_part (manifest, "ConfigFile");
  g_assert_cmpstr (pm_manifest_part_get_value (config), ==, "~/.config/app.conf");
  g_assert_true (g_str_has_prefix (pm_manifest_part_get_original_value (config), g_get_home_dir ()));
  g_assert_null (pm_manifest_part_get_original_value (pm_manifest_find_part (manifest, "ProductName")));

  notes = pm_manifest_find_part (manifest, "attachment_notes.txt");
  g_assert_true (pm_manifest_part_get_is_text (notes));
  g_assert_true (pm_manifest_part_get_redacted (notes));
  g_assert_cmpuint (pm_manifest_part_get_size (notes), ==, strlen (expected));
  text = pm_manifest_part_get_text (notes);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text), expected, strlen (expected));
  /* The bytes sent are the redacted copy; the report's file is unchanged. */
  fd = pm_manifest_part_open (notes, &error);
  g_assert_no_error (error);
  n = read (fd, buffer, sizeof buffer);
  close (fd);
  g_assert_cmpmem (buffer, n, expected, strlen (expected));
  {
    g_autoptr(PmReport) report = pm_store_load_report (f->store, f->key, &error);
    fd = pm_report_open_file (report, "notes.txt", &error);
    g_assert_no_error (error);
    n = read (fd, buffer, sizeof buffer);
    close (fd);
    g_assert_cmpmem (buffer, n, f->notes, strlen (f->notes));
  }

  {
    g_autofree char *name = NULL;
    guint64 size = 0;
    gboolean redacted = FALSE;

    g_object_get (notes, "name", &name, "size", &size, "redacted", &redacted, NULL);
    g_assert_cmpstr (name, ==, "attachment_notes.txt");
    g_assert_cmpuint (size, ==, strlen (expected));
    g_assert_true (redacted);
  }

  blob = pm_manifest_find_part (manifest, "attachment_blob.bin");
  g_assert_false (pm_manifest_part_get_is_text (blob));
  g_assert_false (pm_manifest_part_get_redacted (blob));
  g_assert_cmpuint (pm_manifest_part_get_size (blob), ==, 8);

  /* The comment is the field "Comments", line break and backslash kept. */
  g_assert_cmpstr (pm_manifest_part_get_value (pm_manifest_find_part (manifest, PM_MANIFEST_FIELD_COMMENTS)), ==,
                   "crashed in my home folder; I am \\ back\nsecond line");
  g_assert_cmpuint (pm_manifest_get_n_replacements (manifest), >=, 3);

  /* Off: everything as it is, no replacement listed. */
  pm_manifest_choices_set_redact (choices, FALSE);
  plain = compute (f, choices, PM_MANIFEST_APPROVED);
  g_assert_cmpuint (pm_manifest_get_n_replacements (plain), ==, 0);
  g_assert_false (pm_manifest_part_get_redacted (pm_manifest_find_part (plain, "attachment_notes.txt")));
  g_assert_cmpuint (pm_manifest_part_get_size (pm_manifest_find_part (plain, "attachment_notes.txt")), ==,
                    strlen (f->notes));
  sent = g_strdup (pm_manifest_part_get_value (pm_manifest_find_part (plain, "ConfigFile")));
  g_assert_true (g_str_has_prefix (sent, g_get_home_dir ()));
}

/* The choices go into Report.wer and come back; what was sent is read back. */
static void
test_choices_and_sent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PmManifestChoices) choices = pm_manifest_choices_new ();
  g_autoptr(PmManifestChoices) loaded = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(PmManifest) manifest = NULL;
  g_autoptr(PmManifest) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_back = NULL;

  pm_manifest_choices_set_level (choices, PM_CONSENT_ALL_DATA, NULL);
  pm_manifest_choices_set_part_removed (choices, "attachment_blob.bin", TRUE);
  pm_manifest_choices_set_file_excluded (choices, "notes.txt", TRUE);
  pm_manifest_choices_set_redact (choices, FALSE);
  pm_manifest_choices_set_comment (choices, "two\nlines \\ and a backslash");
  g_assert_true (pm_manifest_choices_save (choices, f->store, f->key, &error));
  g_assert_no_error (error);

  report = pm_store_load_report (f->store, f->key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pm_report_get_value (report, PM_MANIFEST_KEY_USER_CONSENT), ==, "all-data");
  g_assert_cmpstr (pm_report_get_value (report, PM_MANIFEST_KEY_REDACT), ==, "false");
  loaded = pm_manifest_choices_new_from_report (report);
  g_assert_cmpint (pm_manifest_choices_get_level (loaded), ==, PM_CONSENT_ALL_DATA);
  g_assert_true (pm_manifest_choices_get_part_removed (loaded, "attachment_blob.bin"));
  g_assert_true (pm_manifest_choices_get_file_excluded (loaded, "notes.txt"));
  g_assert_false (pm_manifest_choices_get_redact (loaded));
  g_assert_cmpstr (pm_manifest_choices_get_comment (loaded), ==, "two\nlines \\ and a backslash");

  /* NULL choices: the report's. */
  manifest = compute (f, NULL, PM_MANIFEST_APPROVED);
  g_assert_cmpint (pm_manifest_part_get_status (pm_manifest_find_part (manifest, "attachment_blob.bin")), ==,
                   PM_MANIFEST_PART_REMOVED);
  g_assert_cmpint (pm_manifest_part_get_status (pm_manifest_find_part (manifest, "attachment_notes.txt")), ==,
                   PM_MANIFEST_PART_REMOVED);
  g_assert_true (sends (manifest, "upload_file_minidump"));

  /* A dump left out below all data is described as what would have gone: its sanitized
   * copy, not the original with what its stacks hold. */
  {
    g_autoptr(PmManifestChoices) safe = pm_manifest_choices_new ();
    g_autoptr(PmManifest) left_out = NULL;
    PmManifestPart *dump;

    pm_manifest_choices_set_level (safe, PM_CONSENT_PARAMETERS_SAFE_DATA, NULL);
    pm_manifest_choices_set_part_removed (safe, "upload_file_minidump", TRUE);
    left_out = compute (f, safe, PM_MANIFEST_APPROVED);
    dump = pm_manifest_find_part (left_out, "upload_file_minidump");
    g_assert_nonnull (dump);
    g_assert_cmpint (pm_manifest_part_get_status (dump), ==, PM_MANIFEST_PART_REMOVED);
    g_assert_nonnull (strstr (pm_manifest_part_get_description (dump), "environment and command line removed"));
  }

  /* Nothing sent yet; then kept and read back to the same JSON. */
  g_assert_null (pm_manifest_load_sent (report, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (pm_manifest_save_sent (manifest, f->store, &error));
  g_assert_no_error (error);
  back = pm_manifest_load_sent (report, &error);
  g_assert_no_error (error);
  json = pm_manifest_to_json (manifest, NULL);
  json_back = pm_manifest_to_json (back, NULL);
  g_assert_cmpstr (json_back, ==, json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (manifest)));
  /* The store's own files are never parts. */
  {
    g_autoptr(PmReport) again = pm_store_load_report (f->store, f->key, &error);
    g_autoptr(PmManifest) recomputed = pm_manifest_compute (f->store, again, NULL, PM_MANIFEST_APPROVED, &error);
    g_assert_no_error (error);
    g_assert_null (pm_manifest_find_part (recomputed, "attachment_Upload.manifest.json"));
  }
}

/* The reader of Upload.manifest.json takes anything: every prefix of a real manifest
 * and thousands of byte flips are refused or read, never a crash or a leak. */
static void
test_json_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PmManifestChoices) choices = pm_manifest_choices_new ();
  g_autoptr(PmManifest) manifest = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GVariant) whole = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint accepted = 0;

  pm_manifest_choices_set_level (choices, PM_CONSENT_ALL_DATA, NULL);
  pm_manifest_choices_set_comment (choices, "quote \" backslash \\ tab \t é ✓");
  manifest = compute (f, choices, PM_MANIFEST_APPROVED);
  json = pm_manifest_to_json (manifest, &length);
  whole = pm_json_parse_object (json, length, &error);
  g_assert_no_error (error);
  {
    const char *comment = NULL;
    g_assert_true (g_variant_lookup (whole, "comment", "&s", &comment));
    g_assert_cmpstr (comment, ==, "quote \" backslash \\ tab \t é ✓");
  }

  for (gsize cut = 0; cut < length - 1; cut++)
    {
      g_autoptr(GVariant) v = pm_json_parse_object (json, cut, &error);
      g_assert_null (v);
      g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
      g_clear_error (&error);
    }
  for (guint round = 0; round < 5000; round++)
    {
      g_autofree char *copy = g_memdup2 (json, length);
      g_autoptr(GVariant) v = NULL;

      for (guint k = 0; k < 1 + round % 4; k++)
        copy[g_test_rand_int_range (0, length)] = (char) g_test_rand_int_range (0, 256);
      v = pm_json_parse_object (copy, length, &error);
      g_assert_true ((v == NULL) == (error != NULL));
      accepted += v != NULL;
      g_clear_error (&error);
    }
  g_test_message ("%u of 5000 damaged copies still parsed", accepted);
  /* Nesting is bounded. */
  {
    g_autofree char *deep = g_strnfill (10000, '[');
    g_autoptr(GVariant) v = pm_json_parse_object (deep, strlen (deep), &error);
    g_assert_null (v);
    g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_home = g_dir_make_tmp ("pm-manifest-test-XXXXXX", NULL);
  config = g_build_filename (tmp_home, "config", NULL);
  g_setenv ("HOME", tmp_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_home, TRUE);

  g_test_add ("/manifest/levels", Fixture, NULL, fixture_setup, test_levels, fixture_teardown);
  g_test_add ("/manifest/redaction", Fixture, NULL, fixture_setup, test_redaction, fixture_teardown);
  g_test_add ("/manifest/json-reader", Fixture, NULL, fixture_setup, test_json_reader, fixture_teardown);
  g_test_add ("/manifest/choices-and-sent", Fixture, NULL, fixture_setup, test_choices_and_sent, fixture_teardown);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_home);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_home);
  }
  return ret;
}
