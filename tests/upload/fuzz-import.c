/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-import.c — fuzz target of pm_store_import_archive(): untrusted archive
 * bytes into a scratch store.
 *
 * Runs in: a test process. With -Dfuzzing=true (clang) a libFuzzer target;
 * always a plain test whose main() builds valid .tar, .tar.gz and .zip exports
 * of one report with libarchive, imports them, then imports 600 mutations of
 * them (a fixed random seed; bytes flipped, inserted, cut, and names in the
 * tar headers replaced by hostile ones: "../x", "/abs", "a/b/c", ".hidden").
 *
 * Invariants after every input: the import either fails with a PM_ERROR and a
 * message, or every key it returns loads as a queued report whose files are
 * regular files inside the store; .tmp/ is empty again; nothing appeared
 * outside the scratch directory's store (a sentinel directory stays empty).
 */
#include "pm-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pm-store.h"
#include "pm-store-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *scratch;
static PmStore *store;
static guint accepted;
static guint refused_unsafe;

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *sentinel = NULL;

  if (store != NULL)
    return;
  scratch = g_dir_make_tmp ("pm-fuzz-import-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (scratch, "store", NULL);
  settings = g_build_filename (scratch, "settings.ini", NULL);
  sentinel = g_build_filename (scratch, "sentinel", NULL);
  g_mkdir (sentinel, 0700);
  g_file_set_contents (settings, "[Quota]\nFloodWindowSeconds=0\nMaxQueueCount=0\nMaxBytes=67108864\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("PM_SETTINGS_FILE", settings, TRUE);
  store = pm_store_open (store_dir, &error);
  g_assert_no_error (error);
}

static void
check_empty_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name = g_dir_read_name (dir);
      if (name != NULL)
        g_error ("%s is not empty: %s", path, name);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *sentinel = NULL;

  setup ();
  path = g_build_filename (scratch, "input.tar.gz", NULL);
  g_unlink (path);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));

  keys = pm_store_import_archive (store, path, &error);
  if (keys == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PM_ERROR);
      g_assert_true (error->message != NULL && error->message[0] != '\0');
      if (error->code == PM_ERROR_UNSAFE)
        refused_unsafe++;
    }
  else
    {
      g_assert_null (error);
      for (guint i = 0; i < keys->len; i++)
        {
          g_autoptr(PmReport) report = pm_store_load_report (store, g_ptr_array_index (keys, i), &error);
          g_assert_no_error (error);
          g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
          for (guint f = 0; f < pm_report_get_n_files (report); f++)
            {
              int fd = pm_report_open_file (report, pm_report_get_file_name (report, f), &error);
              g_assert_no_error (error);
              close (fd);
            }
          /* Keep the scratch store small. */
          pm_store_delete_report (store, g_ptr_array_index (keys, i), NULL);
          accepted++;
        }
    }
  tmp = g_build_filename (pm_store_get_path (store), ".tmp", NULL);
  check_empty_dir (tmp);
  sentinel = g_build_filename (scratch, "sentinel", NULL);
  check_empty_dir (sentinel);
  return 0;
}

#ifndef PM_LIBFUZZER
static const char *wer =
  "Version=1\nEventType=APPCRASH\nEventTime=133000000000000000\n"
  "ReportIdentifier=11111111-2222-3333-4444-555555555555\nAppName=fuzz\n"
  "File[0].Name=minidump.dmp\nFile[0].Type=MiniDump\nFile[0].Flags=0\n";

static GBytes *
make_archive (int         format,
              gboolean    gzip)
{
  struct archive *a = archive_write_new ();
  static const char *names[] = { "r/Report.wer", "r/minidump.dmp", "r/notes.txt" };
  static const char *datas[3];
  g_autofree char *path = g_build_filename (scratch, "seed", NULL);
  char *contents;
  gsize length;

  datas[0] = wer;
  datas[1] = "MDMP\x93\xa7 a very small minidump";
  datas[2] = "some notes";
  g_unlink (path);
  archive_write_set_format (a, format);
  if (gzip)
    archive_write_add_filter_gzip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      archive_entry_set_pathname (entry, names[i]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0600);
      archive_entry_set_size (entry, strlen (datas[i]));
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      archive_write_data (a, datas[i], strlen (datas[i]));
      archive_entry_free (entry);
    }
  archive_write_close (a);
  archive_write_free (a);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

int
main (int argc, char **argv)
{
  GBytes *seeds[3];
  GRand *rand;
  guint runs = 0;
  guint hostile_names = 0;
  static const char *hostile[] = { "../x", "/abs/x", "a/b/c/d", "r/.hidden", "r/../r/x", "r//x" };

  setup ();
  seeds[0] = make_archive (ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, FALSE);
  seeds[1] = make_archive (ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, TRUE);
  seeds[2] = make_archive (ARCHIVE_FORMAT_ZIP, FALSE);
  for (guint i = 0; i < 3; i++, runs++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (seeds[i], &length);
      guint before = accepted;

      LLVMFuzzerTestOneInput (data, length);
      /* The unmutated seeds are valid exports: each imports one report. */
      g_assert_cmpuint (accepted, ==, before + 1);
    }

  rand = g_rand_new_with_seed (20261122);
  for (guint i = 0; i < 600; i++, runs++)
    {
      GBytes *seed = seeds[g_rand_int_range (rand, 0, 3)];
      gsize length;
      const guint8 *data = g_bytes_get_data (seed, &length);
      g_autofree guint8 *copy = g_memdup2 (data, length);
      guint n = g_rand_int_range (rand, 1, 6);
      gsize size = length;

      for (guint k = 0; k < n; k++)
        {
          guint op = g_rand_int_range (rand, 0, 4);
          gsize at = g_rand_int_range (rand, 0, size);

          if (op == 0)
            copy[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          else if (op == 1)
            copy[at] = g_rand_int_range (rand, 0, 256);
          else if (op == 2 && at > 0)
            size = at;   /* cut */
          else if (seed == seeds[0])
            {
              /* A hostile name over the first tar header's name field (offset 0, 100 bytes). */
              const char *name = hostile[g_rand_int_range (rand, 0, G_N_ELEMENTS (hostile))];
              guint sum = 0;
              char field[8];

              memset (copy, 0, 100);
              memcpy (copy, name, strlen (name));
              /* Recompute the header checksum so the name reaches our checks. */
              memset (copy + 148, ' ', 8);
              for (guint b = 0; b < 512; b++)
                sum += copy[b];
              g_snprintf (field, sizeof field, "%06o", sum);
              memcpy (copy + 148, field, 6);
              copy[154] = '\0';
              copy[155] = ' ';
              hostile_names++;
            }
        }
      LLVMFuzzerTestOneInput (copy, size);
    }
  g_rand_free (rand);
  printf ("fuzz-import: %u inputs (%u with a hostile tar name), %u imported, %u refused as unsafe, "
          "every invariant held\n", runs, hostile_names, accepted, refused_unsafe);
  /* The hostile names reached the checks (their checksums were fixed). */
  g_assert_cmpuint (refused_unsafe, >, 0);
  for (guint i = 0; i < 3; i++)
    g_bytes_unref (seeds[i]);
  g_object_unref (store);
  {
    const char *argv_rm[] = { "rm", "-rf", scratch, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (scratch);
  return 0;
}
#endif
