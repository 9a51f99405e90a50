/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-test-writer.c — a separate process that publishes reports into a store, for the
 * store tests: many at once (concurrency, flood control) and in a loop that the test kills
 * at random moments (atomic publish).
 *
 * Runs in: a test child process.
 *
 *   pm-store-test-writer publish STORE SIGNATURE COUNT DUMP_BYTES
 *       publishes COUNT reports whose Sig[0].Value is SIGNATURE (SIGNATURE-<i> when
 *       SIGNATURE ends in '+'), each with a dump of DUMP_BYTES bytes; prints each key.
 *   pm-store-test-writer loop STORE DUMP_BYTES
 *       publishes distinct reports until killed.
 *   pm-store-test-writer steps STORE DUMP_BYTES
 *       the same, one step at a time: before each step of a report (begin, create the
 *       dump, each 16 KiB write, the values, publish) it prints "step NAME" and waits
 *       for a line on stdin; after each publish it prints "published KEY". A test that
 *       kills it then knows where it was (killed-writer test); end of stdin ends it.
 *
 * Every report carries Test.DumpSha256 (the dump's checksum) and ends with
 * Test.Complete=yes, so a test can tell a whole report from a partial one.
 */
#include "pm-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm-store.h"

/* In steps mode: says which step comes next and waits for the go-ahead. */
static gboolean stepping;

static void
step (const char *name)
{
  char go[16];

  if (!stepping)
    return;
  printf ("step %s\n", name);
  fflush (stdout);
  if (fgets (go, sizeof go, stdin) == NULL)
    exit (0);
}

static void
fill (guchar     *data,
      gsize       size,
      const char *seed)
{
  guint32 x = g_str_hash (seed) | 1;

  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = x & 0xff;
    }
}

static char *
publish_one (PmStore    *store,
             const char *signature,
             gsize       dump_bytes,
             GError    **error)
{
  g_autoptr(PmReportDraft) draft = NULL;
  g_autofree guchar *dump = g_malloc (MAX (dump_bytes, 1));
  g_autofree char *sum = NULL;
  gsize done = 0;
  int fd;

  step ("begin");
  draft = pm_store_begin_report (store, error);
  if (draft == NULL)
    return NULL;
  fill (dump, dump_bytes, pm_report_draft_get_id (draft));
  step ("create");
  fd = pm_report_draft_create_file (draft, "minidump.dmp", error);
  if (fd < 0)
    return NULL;
  /* Small writes, so a kill lands inside the file as well as between steps. */
  while (done < dump_bytes)
    {
      gsize n = MIN (dump_bytes - done, 16384);
      step ("write");
      if (write (fd, dump + done, n) != (ssize_t) n)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "write failed");
          close (fd);
          return NULL;
        }
      done += n;
    }
  close (fd);
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, dump, dump_bytes);
  step ("values");
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", "test-writer");
  pm_report_draft_set (draft, "AppPath", "/usr/bin/test-writer");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", signature);
  pm_report_draft_add_file (draft, "minidump.dmp", "MiniDump", 0);
  pm_report_draft_set (draft, "Test.DumpSha256", sum);
  pm_report_draft_set (draft, "Test.Complete", "yes");
  step ("publish");
  return pm_store_publish_report (store, draft, error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s publish STORE SIGNATURE COUNT DUMP_BYTES | loop|steps STORE DUMP_BYTES\n", argv[0]);
      return 2;
    }
  store = pm_store_open (argv[2], &error);
  if (store == NULL)
    {
      fprintf (stderr, "open: %s\n", error->message);
      return 1;
    }

  if (strcmp (argv[1], "publish") == 0 && argc == 6)
    {
      guint count = atoi (argv[4]);
      gsize bytes = strtoul (argv[5], NULL, 10);
      gboolean distinct = g_str_has_suffix (argv[3], "+");

      for (guint i = 0; i < count; i++)
        {
          g_autofree char *sig = distinct ? g_strdup_printf ("%s%u-%d", argv[3], i, (int) getpid ())
                                          : g_strdup (argv[3]);
          g_autofree char *key = publish_one (store, sig, bytes, &error);
          if (key == NULL)
            {
              fprintf (stderr, "publish: %s\n", error->message);
              return 1;
            }
          printf ("%s\n", key);
        }
      return 0;
    }
  if ((strcmp (argv[1], "loop") == 0 || strcmp (argv[1], "steps") == 0) && argc == 4)
    {
      gsize bytes = strtoul (argv[3], NULL, 10);

      stepping = strcmp (argv[1], "steps") == 0;
      for (guint i = 0; ; i++)
        {
          g_autofree char *sig = g_strdup_printf ("loop-%d-%u", (int) getpid (), i);
          g_autofree char *key = publish_one (store, sig, bytes, &error);
          if (key == NULL)
            {
              fprintf (stderr, "publish: %s\n", error->message);
              return 1;
            }
          printf (stepping ? "published %s\n" : "%s\n", key);
          fflush (stdout);
        }
    }
  fprintf (stderr, "bad arguments\n");
  return 2;
}
