/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-sanitize-corpus.c — pm_minidump_sanitize() against ../shared/corpus:
 * every file is sanitized or refused with a reason; every copy is read back
 * by the reader with the same threads and modules, without the environment,
 * command line or Memory64List, and without any environment or command-line
 * string the original carried; truncated and byte-flipped variants give a
 * readable copy or an error, never a crash; bad arguments are refused.
 *
 * Runs in: a test process (GLib test framework). Skips (77) without the corpus.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "pm-minidump-reader.h"
#include "pm-minidump-sanitize.h"
#include "pm-reader-exercise.h"

static char *corpus_dir;

static int
memfd_with (const guint8 *data,
            gsize         len)
{
  int fd = memfd_create ("pm-sanitize-test", MFD_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  if (len > 0)
    g_assert_cmpint (write (fd, data, len), ==, (gssize) len);
  return fd;
}

/* Sanitizes data; on success *out holds the copy (free it). */
static int
sanitize_bytes (const guint8            *data,
                gsize                    len,
                GBytes                 **out,
                PmMinidumpSanitizeStats *stats,
                char                    *error,
                gsize                    error_size)
{
  int in_fd = memfd_with (data, len);
  int out_fd = memfd_with (NULL, 0);
  int r = pm_minidump_sanitize (in_fd, out_fd, stats, error, error_size);

  *out = NULL;
  if (r == 0)
    {
      off_t size = lseek (out_fd, 0, SEEK_END);
      guint8 *copy = g_malloc (size > 0 ? (gsize) size : 1);

      g_assert_cmpint (size, >, 0);
      g_assert_cmpint (pread (out_fd, copy, (size_t) size, 0), ==, size);
      *out = g_bytes_new_take (copy, (gsize) size);
    }
  close (in_fd);
  close (out_fd);
  return r;
}

static GPtrArray *
corpus_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (corpus_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".dmp"))
      g_ptr_array_add (files, g_build_filename (corpus_dir, name, NULL));
  g_dir_close (dir);
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  return files;
}

/* Every NUL-separated string of at least 12 bytes in the stream must be
 * absent from the copy. */
static void
assert_strings_gone (PmMinidump *md,
                     uint32_t    type,
                     GBytes     *copy,
                     const char *label)
{
  const uint8_t *data;
  size_t len;
  gsize copy_len;
  const guint8 *copy_data = g_bytes_get_data (copy, &copy_len);

  if (pm_minidump_get_stream_data (md, type, &data, &len) != PM_MD_OK)
    return;
  for (size_t start = 0; start < len; )
    {
      const uint8_t *nul = memchr (data + start, '\0', len - start);
      size_t end = nul ? (size_t) (nul - data) : len;

      if (end - start >= 12 && memmem (copy_data, copy_len, data + start, end - start) != NULL)
        g_error ("%s: the string “%.*s” of stream 0x%x is still in the sanitized copy",
                 label, (int) (end - start), (const char *) data + start, type);
      start = end + 1;
    }
}

static void
test_corpus (void)
{
  g_autoptr (GPtrArray) files = corpus_files ();
  guint sanitized = 0, refused = 0, environments = 0;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *label = g_path_get_basename (path);
      g_autofree char *data = NULL;
      gsize len;
      PmMinidumpSanitizeStats stats;
      char error[512];
      GBytes *copy = NULL;
      PmMdError md_error;
      PmMinidump *md, *out;
      int r;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      r = sanitize_bytes ((const guint8 *) data, len, &copy, &stats, error, sizeof error);
      md = pm_minidump_open_memory (data, len, &md_error);
      if (r < 0)
        {
          g_test_message ("%s: refused: %s", label, error);
          g_assert_cmpstr (error, !=, "");
          refused++;
          pm_minidump_close (md);
          continue;
        }
      g_assert_nonnull (md);        /* a file the reader refuses cannot be sanitized */
      out = pm_minidump_open_memory (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), &md_error);
      if (out == NULL)
        g_error ("%s: the sanitized copy does not open: %s", label, md_error.message);
      pm_test_exercise_minidump (out);
      g_assert_cmpuint (pm_minidump_get_n_threads (out), ==, pm_minidump_get_n_threads (md));
      g_assert_cmpuint (pm_minidump_get_n_modules (out), ==, pm_minidump_get_n_modules (md));
      g_assert_true (stats.pointer_size == 4 || stats.pointer_size == 8);
      g_assert_false (pm_minidump_has_stream (out, PM_MD_STREAM_LINUX_ENVIRON));
      g_assert_false (pm_minidump_has_stream (out, PM_MD_STREAM_LINUX_CMD_LINE));
      g_assert_false (pm_minidump_has_stream (out, PM_MD_STREAM_MEMORY64_LIST));
      if (pm_minidump_has_stream (md, PM_MD_STREAM_LINUX_ENVIRON))
        environments++;
      assert_strings_gone (md, PM_MD_STREAM_LINUX_ENVIRON, copy, label);
      assert_strings_gone (md, PM_MD_STREAM_LINUX_CMD_LINE, copy, label);
      /* Every remaining memory range is a thread's stack. */
      g_assert_cmpuint (pm_minidump_get_n_memory_ranges (out), <=, pm_minidump_get_n_threads (out));
      /* Annotations are form fields: kept. */
      {
        PmMdCrashpadInfo a, b;
        if (pm_minidump_get_crashpad_info (md, &a) == PM_MD_OK)
          {
            g_assert_cmpint (pm_minidump_get_crashpad_info (out, &b), ==, PM_MD_OK);
            g_assert_cmpuint (pm_minidump_dictionary_size (out, b.simple_annotations), ==,
                              pm_minidump_dictionary_size (md, a.simple_annotations));
            g_assert_cmpuint (pm_minidump_get_n_crashpad_modules (out), ==,
                              pm_minidump_get_n_crashpad_modules (md));
          }
      }
      g_test_message ("%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " stack words replaced, "
                      "%u streams dropped", label, stats.stack_words_replaced,
                      stats.stack_words_replaced + stats.stack_words_kept, stats.streams_dropped);
      sanitized++;
      pm_minidump_close (out);
      pm_minidump_close (md);
      g_bytes_unref (copy);
    }
  g_test_message ("%u sanitized, %u refused", sanitized, refused);
  g_assert_cmpuint (sanitized, >=, 20);
  g_assert_cmpuint (environments, >, 0);
}

/* Truncations and flipped bytes of every file: a readable copy or an error. */
static void
test_damaged (void)
{
  g_autoptr (GPtrArray) files = corpus_files ();
  GRand *rand = g_rand_new_with_seed (11);
  guint ok = 0, failed = 0;

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (files->pdata[i], &data, &len, NULL));
      for (guint variant = 0; variant < 48; variant++)
        {
          g_autofree guint8 *copy = g_memdup2 (data, len);
          gsize n = len;
          char error[512];
          GBytes *out = NULL;
          int r;

          if (variant < 16)
            n = len * variant / 16;
          else
            for (int k = 0; k < 8; k++)
              copy[g_rand_int_range (rand, 0, (gint32) MAX (len, 1))] ^= (guint8) g_rand_int_range (rand, 1, 256);
          r = sanitize_bytes (copy, n, &out, NULL, error, sizeof error);
          if (r == 0)
            {
              PmMdError md_error;
              PmMinidump *md = pm_minidump_open_memory (g_bytes_get_data (out, NULL), g_bytes_get_size (out), &md_error);

              if (md == NULL)
                g_error ("%s variant %u: the copy does not open: %s", (char *) files->pdata[i], variant,
                         md_error.message);
              pm_test_exercise_minidump (md);
              pm_minidump_close (md);
              g_bytes_unref (out);
              ok++;
            }
          else
            {
              g_assert_cmpint (r, <, 0);
              g_assert_cmpstr (error, !=, "");
              failed++;
            }
        }
    }
  g_rand_free (rand);
  g_test_message ("damaged variants: %u sanitized, %u refused", ok, failed);
  g_assert_cmpuint (ok, >, 0);
  g_assert_cmpuint (failed, >, 0);
}

static void
test_refusals (void)
{
  static const guint8 not_a_dump[] = "this is not a minidump at all, just text";
  char error[512];
  GBytes *out = NULL;
  g_autofree char *padded = g_build_filename (corpus_dir, "lldb__thread-list-padded.dmp", NULL);

  g_assert_cmpint (sanitize_bytes (not_a_dump, sizeof not_a_dump, &out, NULL, error, sizeof error), ==, -EINVAL);
  g_assert_nonnull (strstr (error, "not a readable minidump"));
  g_assert_cmpint (sanitize_bytes (not_a_dump, 0, &out, NULL, error, sizeof error), ==, -EINVAL);
  g_assert_cmpint (pm_minidump_sanitize (-1, -1, NULL, error, sizeof error), ==, -EBADF);
  g_assert_cmpstr (error, !=, "");
  /* A small error buffer is still NUL-terminated; none at all is allowed. */
  g_assert_cmpint (sanitize_bytes (not_a_dump, sizeof not_a_dump, &out, NULL, error, 4), ==, -EINVAL);
  g_assert_cmpuint (strlen (error), ==, 3);
  g_assert_cmpint (sanitize_bytes (not_a_dump, sizeof not_a_dump, &out, NULL, NULL, 0), ==, -EINVAL);
  if (g_file_test (padded, G_FILE_TEST_EXISTS))
    {
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (padded, &data, &len, NULL));
      g_assert_cmpint (sanitize_bytes ((guint8 *) data, len, &out, NULL, error, sizeof error), ==, -ENOTSUP);
      g_assert_nonnull (strstr (error, "CPU"));
    }
}

int
main (int argc, char **argv)
{
  const char *dir = g_getenv ("PM_CORPUS_DIR");

  g_test_init (&argc, &argv, NULL);
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_print ("PM_CORPUS_DIR (%s) is not a directory: the third-party minidump corpus is absent; skipping\n",
               dir != NULL ? dir : "unset");
      return 77;
    }
  corpus_dir = g_strdup (dir);
  g_test_add_func ("/minidump/sanitize/corpus", test_corpus);
  g_test_add_func ("/minidump/sanitize/damaged", test_damaged);
  g_test_add_func ("/minidump/sanitize/refusals", test_refusals);
  return g_test_run ();
}
