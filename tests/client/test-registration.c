/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-registration.c — the native registration API: every limit and error
 * case, replace-on-same-key, the table's contents and counters, many threads
 * at once, and a reader in another process (process_vm_readv) that sees
 * exactly what a child registered, also while the child keeps changing it.
 *
 * Runs in: a test process linking the static libpostmortem (so it can look
 * at pm_registration_table directly) and GLib's test framework.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "postmortem.h"
#include "pm-client-private.h"
#include "pm-registration-table.h"

static char blocks[PM_MAX_REGISTERED_ENTRIES + 8][16];
static char big_block[PM_MAX_MEM_BLOCK_SIZE + 1];

/* Counts live entries of @kind (0: all kinds) by looking at the slots. */
static guint
count_live (const PmRegistrationTable *t, guint32 kind)
{
  guint n = 0;

  for (guint i = 0; i < PM_REGISTRATION_MAX_ENTRIES; i++)
    if (t->entries[i].kind != PM_REGISTRATION_KIND_NONE && (kind == 0 || t->entries[i].kind == kind))
      n++;
  return n;
}

/* Checks the counters against the slots. */
static void
assert_table_consistent (const PmRegistrationTable *t)
{
  g_assert_cmpuint (t->n_entries, ==, count_live (t, 0));
  g_assert_cmpuint (t->n_metadata, ==, count_live (t, PM_REGISTRATION_KIND_METADATA));
  g_assert_cmpuint (t->n_processes, ==, count_live (t, PM_REGISTRATION_KIND_PROCESS));
  for (guint i = t->high_water; i < PM_REGISTRATION_MAX_ENTRIES; i++)
    g_assert_cmpuint (t->entries[i].kind, ==, PM_REGISTRATION_KIND_NONE);
  g_assert_cmpuint (t->generation % 2, ==, 0);
  g_assert_cmpuint (t->dirty_index, ==, PM_REGISTRATION_NO_ENTRY);
}

/* Unregisters everything through the public API, so each test starts empty. */
static void
reset_table (void)
{
  PmRegistrationTable *t = &pm_registration_table;

  for (guint i = 0; i < PM_REGISTRATION_MAX_ENTRIES; i++)
    {
      PmRegistrationEntry e = t->entries[i];
      PmResult r = PM_RESULT_OK;

      switch (e.kind)
        {
        case PM_REGISTRATION_KIND_NONE:
          continue;
        case PM_REGISTRATION_KIND_MEMORY_BLOCK:
          r = pm_unregister_memory_block ((void *) (uintptr_t) e.address);
          break;
        case PM_REGISTRATION_KIND_EXCLUDED_BLOCK:
          r = pm_unregister_excluded_memory_block ((void *) (uintptr_t) e.address);
          break;
        case PM_REGISTRATION_KIND_FILE:
          r = pm_unregister_file (e.text);
          break;
        case PM_REGISTRATION_KIND_METADATA:
          r = pm_unregister_custom_metadata (e.key);
          break;
        case PM_REGISTRATION_KIND_PROCESS:
          r = pm_unregister_additional_process ((pid_t) e.address);
          break;
        case PM_REGISTRATION_KIND_CRASH_SERVER:
          r = pm_unregister_crash_server ();
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpint (r, ==, PM_RESULT_OK);
    }
  g_assert_cmpuint (t->n_entries, ==, 0);
  g_assert_cmpuint (t->high_water, ==, 0);
  pm_set_flags (0);
}

static void
test_header (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  g_assert_cmpmem (t->magic, 8, PM_REGISTRATION_TABLE_MAGIC, 8);
  g_assert_cmpuint (t->version, ==, PM_REGISTRATION_TABLE_VERSION);
  g_assert_cmpuint (t->header_size, ==, 88);
  g_assert_cmpuint (t->entry_size, ==, sizeof (PmRegistrationEntry));
  g_assert_cmpuint (t->max_entries, ==, 512);
}

static void
test_result_strings (void)
{
  const PmResult all[] = { PM_RESULT_OK, PM_RESULT_INVALID_ARGUMENT, PM_RESULT_LIMIT_REACHED,
                           PM_RESULT_NOT_FOUND, PM_RESULT_INVALID_STATE, PM_RESULT_FAILED };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    {
      const char *s = pm_result_to_string (all[i]);
      g_assert_nonnull (s);
      g_assert_cmpuint (strlen (s), >, 5);
      g_assert_false (g_hash_table_contains (seen, s));
      g_hash_table_add (seen, (gpointer) s);
    }
  g_assert_cmpstr (pm_result_to_string ((PmResult) 42), ==, "unknown result");
}

static void
test_memory_blocks (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  reset_table ();
  g_assert_cmpint (pm_register_memory_block (NULL, 16), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_memory_block (blocks[0], 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_memory_block (big_block, PM_MAX_MEM_BLOCK_SIZE + 1), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_memory_block ((void *) (uintptr_t) (UINTPTR_MAX - 8), 16), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpuint (t->n_entries, ==, 0);

  g_assert_cmpint (pm_register_memory_block (big_block, PM_MAX_MEM_BLOCK_SIZE), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_memory_block (blocks[0], 1), ==, PM_RESULT_OK);
  /* The same block twice, as included or excluded: invalid state. */
  g_assert_cmpint (pm_register_memory_block (blocks[0], 1), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_register_memory_block (blocks[0], 8), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_register_excluded_memory_block (blocks[0], 8), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpuint (t->n_entries, ==, 2);

  g_assert_cmpuint (t->entries[0].kind, ==, PM_REGISTRATION_KIND_MEMORY_BLOCK);
  g_assert_cmpuint (t->entries[0].address, ==, (uintptr_t) big_block);
  g_assert_cmpuint (t->entries[0].size, ==, PM_MAX_MEM_BLOCK_SIZE);

  g_assert_cmpint (pm_unregister_memory_block (NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_memory_block (blocks[1]), ==, PM_RESULT_NOT_FOUND);
  /* An included block is not an excluded one. */
  g_assert_cmpint (pm_unregister_excluded_memory_block (blocks[0]), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_unregister_memory_block (blocks[0]), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_memory_block (blocks[0]), ==, PM_RESULT_NOT_FOUND);
  assert_table_consistent (t);
  reset_table ();
}

static void
test_excluded_blocks (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  reset_table ();
  g_assert_cmpint (pm_register_excluded_memory_block (NULL, 16), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_excluded_memory_block (blocks[0], 0), ==, PM_RESULT_INVALID_ARGUMENT);
  /* No size cap for excluded blocks: they exist to leave big data out. */
  g_assert_cmpint (pm_register_excluded_memory_block (big_block, sizeof big_block), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_excluded_memory_block (big_block, 8), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_register_memory_block (big_block, 8), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpuint (t->entries[0].kind, ==, PM_REGISTRATION_KIND_EXCLUDED_BLOCK);
  g_assert_cmpuint (t->entries[0].size, ==, sizeof big_block);
  g_assert_cmpint (pm_unregister_memory_block (big_block), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_unregister_excluded_memory_block (NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_excluded_memory_block (big_block), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_excluded_memory_block (big_block), ==, PM_RESULT_NOT_FOUND);
  assert_table_consistent (t);
}

static void
test_entry_limit (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  reset_table ();
  /* Metadata and processes count against the same 512. */
  g_assert_cmpint (pm_register_custom_metadata ("Key", "v"), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_additional_process (1, 0), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_file ("/tmp/a", PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_OK);
  for (guint i = 0; i < PM_MAX_REGISTERED_ENTRIES - 3; i++)
    g_assert_cmpint (pm_register_memory_block (blocks[i], 4), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_entries, ==, 512);
  g_assert_cmpint (pm_register_memory_block (blocks[509], 4), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_excluded_memory_block (blocks[509], 4), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_file ("/tmp/b", PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_custom_metadata ("Other", "v"), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_additional_process (2, 0), ==, PM_RESULT_LIMIT_REACHED);
  /* Replacing an existing key needs no new slot. */
  g_assert_cmpint (pm_register_custom_metadata ("Key", "w"), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_additional_process (1, 7), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_file ("/tmp/a", PM_FILE_TYPE_USER_DOCUMENT, 0), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_entries, ==, 512);
  /* A freed slot in the middle is reused. */
  g_assert_cmpint (pm_unregister_memory_block (blocks[100]), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_memory_block (blocks[509], 4), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->high_water, ==, 512);
  assert_table_consistent (t);
  reset_table ();
}

static void
test_crash_server (void)
{
  const PmRegistrationTable *t = &pm_registration_table;
  const char *bad[] = { "", "crash.example.org", "ftp://crash.example.org/", "http://", "https:///submit",
                        "https://user@crash.example.org/", "https://u:p@crash.example.org/submit",
                        "https://crash.example.org/a b", "https://crash.example.org/\t",
                        "https://caf\xc3\xa9.example/", "file:///etc/passwd" };
  char long_url[1100];

  reset_table ();
  g_assert_cmpint (pm_register_crash_server (NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad crash server %s", bad[i]);
      g_assert_cmpint (pm_register_crash_server (bad[i]), ==, PM_RESULT_INVALID_ARGUMENT);
    }
  memcpy (long_url, "https://h/", 10);
  memset (long_url + 10, 'a', sizeof long_url - 11);
  long_url[1024] = '\0';
  g_assert_cmpint (pm_register_crash_server (long_url), ==, PM_RESULT_INVALID_ARGUMENT);
  long_url[1023] = '\0';
  g_assert_cmpint (pm_register_crash_server (long_url), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_crash_server (), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_crash_server (), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpuint (t->n_entries, ==, 0);

  /* One per process: a second registration replaces the first in its slot. An
   * "@" after the host (in a query) is not user information. */
  g_assert_cmpint (pm_register_crash_server ("http://127.0.0.1:8080/submit"), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_crash_server ("https://crash.example.org/submit?to=a@b"), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_entries, ==, 1);
  g_assert_cmpuint (t->entries[0].kind, ==, PM_REGISTRATION_KIND_CRASH_SERVER);
  g_assert_cmpstr (t->entries[0].text, ==, "https://crash.example.org/submit?to=a@b");
  assert_table_consistent (t);
  reset_table ();
}

static void
test_metadata (void)
{
  const PmRegistrationTable *t = &pm_registration_table;
  char key64[65], key65[66], value128[129], value129[130];

  reset_table ();
  memset (key64, 'k', 64); key64[64] = '\0';
  memset (key65, 'k', 65); key65[65] = '\0';
  memset (value128, 'v', 128); value128[128] = '\0';
  memset (value129, 'v', 129); value129[129] = '\0';

  g_assert_cmpint (pm_register_custom_metadata (NULL, "v"), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_custom_metadata ("Key", NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_custom_metadata ("", "v"), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_custom_metadata (key65, "v"), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_custom_metadata (key64, value129), ==, PM_RESULT_INVALID_ARGUMENT);
  /* Not XML element names. */
  const char *bad_keys[] = { "1abc", "-abc", ".abc", "a b", "a:b", "a<b", "a/b", "xmlThing", "XMLthing",
                             "a\tb", "caf\xc3\xa9", "a\"b", "a&b" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_test_message ("bad key %s", bad_keys[i]);
      g_assert_cmpint (pm_register_custom_metadata (bad_keys[i], "v"), ==, PM_RESULT_INVALID_ARGUMENT);
    }
  /* Not printable ASCII. */
  const char *bad_values[] = { "a\tb", "line\n", "\x7f", "caf\xc3\xa9", "\x01" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    g_assert_cmpint (pm_register_custom_metadata ("Key", bad_values[i]), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpuint (t->n_entries, ==, 0);

  g_assert_cmpint (pm_register_custom_metadata (key64, value128), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_custom_metadata ("_a-b.c9", ""), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_custom_metadata ("Version", " !~ printable ASCII <>&\"' "), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_metadata, ==, 3);
  g_assert_cmpstr (t->entries[0].key, ==, key64);
  g_assert_cmpstr (t->entries[0].text, ==, value128);

  /* Same key: replaced in place, not added. */
  g_assert_cmpint (pm_register_custom_metadata ("Version", "2.0"), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_metadata, ==, 3);
  g_assert_cmpstr (t->entries[2].key, ==, "Version");
  g_assert_cmpstr (t->entries[2].text, ==, "2.0");

  /* Eight pairs at most. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("Extra%d", i);
      g_assert_cmpint (pm_register_custom_metadata (key, "x"), ==, PM_RESULT_OK);
    }
  g_assert_cmpuint (t->n_metadata, ==, 8);
  g_assert_cmpint (pm_register_custom_metadata ("Ninth", "x"), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_custom_metadata ("Extra0", "replaced"), ==, PM_RESULT_OK);
  /* Other kinds are not limited by the metadata limit. */
  g_assert_cmpint (pm_register_memory_block (blocks[0], 4), ==, PM_RESULT_OK);

  g_assert_cmpint (pm_unregister_custom_metadata (NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_custom_metadata (""), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_custom_metadata (key65), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_custom_metadata ("Missing"), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_unregister_custom_metadata ("Extra0"), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_custom_metadata ("Extra0"), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_register_custom_metadata ("Ninth", "x"), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_metadata, ==, 8);
  assert_table_consistent (t);
  reset_table ();
}

static void
test_files (void)
{
  const PmRegistrationTable *t = &pm_registration_table;
  char long_path[PM_FILE_PATH_MAX_LENGTH + 2];

  reset_table ();
  memset (long_path, 'p', sizeof long_path - 1);
  long_path[sizeof long_path - 1] = '\0';

  g_assert_cmpint (pm_register_file (NULL, PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file ("", PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file (long_path, PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file ("/tmp/x\n", PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file ("/tmp/x", (PmFileType) 0, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file ("/tmp/x", (PmFileType) 3, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_file ("/tmp/x", PM_FILE_TYPE_OTHER, 4), ==, PM_RESULT_INVALID_ARGUMENT);
  long_path[PM_FILE_PATH_MAX_LENGTH] = '\0';
  g_assert_cmpint (pm_register_file (long_path, PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_file ("/tmp/doc \xc3\xa9.txt", PM_FILE_TYPE_USER_DOCUMENT,
                                     PM_FILE_FLAG_DELETE_WHEN_DONE | PM_FILE_FLAG_ANONYMOUS_DATA), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->entries[1].kind, ==, PM_REGISTRATION_KIND_FILE);
  g_assert_cmpstr (t->entries[1].text, ==, "/tmp/doc \xc3\xa9.txt");
  g_assert_cmpuint (t->entries[1].file_type, ==, PM_FILE_TYPE_USER_DOCUMENT);
  g_assert_cmpuint (t->entries[1].flags, ==, 3);
  /* Same path: type and flags replaced. */
  g_assert_cmpint (pm_register_file ("/tmp/doc \xc3\xa9.txt", PM_FILE_TYPE_OTHER, 0), ==, PM_RESULT_OK);
  g_assert_cmpuint (t->n_entries, ==, 2);
  g_assert_cmpuint (t->entries[1].file_type, ==, PM_FILE_TYPE_OTHER);
  g_assert_cmpuint (t->entries[1].flags, ==, 0);
  g_assert_cmpint (pm_unregister_file (NULL), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_file ("/tmp/none"), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_unregister_file ("/tmp/doc \xc3\xa9.txt"), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_unregister_file ("/tmp/doc \xc3\xa9.txt"), ==, PM_RESULT_NOT_FOUND);
  assert_table_consistent (t);
  reset_table ();
}

static void
test_processes (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  reset_table ();
  g_assert_cmpint (pm_register_additional_process (0, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_additional_process (-5, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_additional_process (5, -1), ==, PM_RESULT_INVALID_ARGUMENT);
  for (int pid = 100; pid < 104; pid++)
    g_assert_cmpint (pm_register_additional_process (pid, pid + 1), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_additional_process (104, 0), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpint (pm_register_additional_process (101, 0), ==, PM_RESULT_OK);   /* replace tid */
  g_assert_cmpuint (t->n_processes, ==, 4);
  g_assert_cmpuint (t->entries[1].address, ==, 101);
  g_assert_cmpuint (t->entries[1].size, ==, 0);
  g_assert_cmpint (pm_unregister_additional_process (0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_unregister_additional_process (999), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_unregister_additional_process (101), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_register_additional_process (104, 0), ==, PM_RESULT_OK);
  assert_table_consistent (t);
  reset_table ();
}

static void
test_flags (void)
{
  guint64 before = pm_registration_table.generation;

  pm_set_flags (1 | 512);
  g_assert_cmpuint (pm_get_flags (), ==, 513);
  g_assert_cmpuint (pm_registration_table.wer_flags, ==, 513);
  g_assert_cmpuint (pm_registration_table.generation, ==, before + 2);
  pm_set_flags (0);
  g_assert_cmpuint (pm_get_flags (), ==, 0);
}

/* ---- many threads ---- */

#define N_THREADS 8
#define BLOCKS_PER_THREAD 60
#define ROUNDS 3000

static volatile gboolean stop_reader;

static gpointer
churn_thread (gpointer data)
{
  guint base = GPOINTER_TO_UINT (data) * BLOCKS_PER_THREAD;
  GRand *rand = g_rand_new_with_seed (base + 1);
  gboolean mine[BLOCKS_PER_THREAD] = { FALSE };

  for (guint round = 0; round < ROUNDS; round++)
    {
      guint i = g_rand_int_range (rand, 0, BLOCKS_PER_THREAD);
      if (mine[i])
        {
          g_assert_cmpint (pm_unregister_memory_block (blocks[base + i]), ==, PM_RESULT_OK);
          g_assert_cmpint (pm_unregister_memory_block (blocks[base + i]), ==, PM_RESULT_NOT_FOUND);
        }
      else
        {
          g_assert_cmpint (pm_register_memory_block (blocks[base + i], 16), ==, PM_RESULT_OK);
          g_assert_cmpint (pm_register_memory_block (blocks[base + i], 16), ==, PM_RESULT_INVALID_STATE);
        }
      mine[i] = !mine[i];
    }
  /* End with the even-numbered blocks registered, the odd ones not. */
  for (guint i = 0; i < BLOCKS_PER_THREAD; i++)
    {
      gboolean want = i % 2 == 0;
      if (mine[i] && !want)
        g_assert_cmpint (pm_unregister_memory_block (blocks[base + i]), ==, PM_RESULT_OK);
      else if (!mine[i] && want)
        g_assert_cmpint (pm_register_memory_block (blocks[base + i], 16), ==, PM_RESULT_OK);
    }
  g_rand_free (rand);
  return NULL;
}

/* Takes seqlock snapshots while the writers run, as the remote reader would,
 * and checks every consistent one. */
static gpointer
snapshot_thread (gpointer data)
{
  PmRegistrationTable *snap = g_new (PmRegistrationTable, 1);
  guint *n_good = data;

  while (!stop_reader)
    {
      guint64 g1 = __atomic_load_n (&pm_registration_table.generation, __ATOMIC_ACQUIRE);
      if (g1 % 2 != 0)
        continue;
      memcpy (snap, (const void *) &pm_registration_table, sizeof *snap);
      __atomic_thread_fence (__ATOMIC_ACQUIRE);
      if (__atomic_load_n (&pm_registration_table.generation, __ATOMIC_ACQUIRE) != g1)
        continue;
      g_assert_cmpuint (snap->n_entries, ==, count_live (snap, 0));
      (*n_good)++;
    }
  g_free (snap);
  return NULL;
}

static void
test_threads (void)
{
  const PmRegistrationTable *t = &pm_registration_table;
  GThread *threads[N_THREADS];
  GThread *reader;
  guint n_good = 0;

  reset_table ();
  stop_reader = FALSE;
  reader = g_thread_new ("reader", snapshot_thread, &n_good);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("churn", churn_thread, GUINT_TO_POINTER (i));
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  stop_reader = TRUE;
  g_thread_join (reader);
  g_test_message ("%u consistent snapshots taken during the churn", n_good);
  g_assert_cmpuint (n_good, >, 0);

  /* Exactly the even blocks of every thread, each once, nothing else. */
  assert_table_consistent (t);
  g_assert_cmpuint (t->n_entries, ==, N_THREADS * BLOCKS_PER_THREAD / 2);
  for (guint b = 0; b < N_THREADS * BLOCKS_PER_THREAD; b++)
    {
      guint found = 0;
      for (guint i = 0; i < t->high_water; i++)
        if (t->entries[i].kind == PM_REGISTRATION_KIND_MEMORY_BLOCK &&
            t->entries[i].address == (uintptr_t) blocks[b])
          {
            found++;
            g_assert_cmpuint (t->entries[i].size, ==, 16);
          }
      g_assert_cmpuint (found, ==, (b % BLOCKS_PER_THREAD) % 2 == 0 ? 1 : 0);
    }
  reset_table ();
}

/* ---- a reader in another process ---- */

/* Reads the child's table with the seqlock protocol. Returns FALSE if no
 * consistent copy was seen in @tries attempts. */
static gboolean
read_remote_table (pid_t pid, PmRegistrationTable *out, guint tries)
{
  for (guint i = 0; i < tries; i++)
    {
      guint64 g1, g2;
      struct iovec local = { &g1, sizeof g1 };
      struct iovec remote = { (void *) &pm_registration_table.generation, sizeof g1 };
      struct iovec local_all = { out, sizeof *out };
      struct iovec remote_all = { (void *) &pm_registration_table, sizeof *out };

      g_assert_cmpint (process_vm_readv (pid, &local, 1, &remote, 1, 0), ==, sizeof g1);
      if (g1 % 2 != 0)
        continue;
      g_assert_cmpint (process_vm_readv (pid, &local_all, 1, &remote_all, 1, 0), ==, sizeof *out);
      local.iov_base = &g2;
      g_assert_cmpint (process_vm_readv (pid, &local, 1, &remote, 1, 0), ==, sizeof g2);
      if (g1 == g2)
        return TRUE;
    }
  return FALSE;
}

static void
child_register_fixed_set (void)
{
  if (pm_register_custom_metadata ("AppVersion", "1.2.3") != PM_RESULT_OK ||
      pm_register_custom_metadata ("Channel", "beta") != PM_RESULT_OK ||
      pm_register_memory_block (blocks[3], 16) != PM_RESULT_OK ||
      pm_register_excluded_memory_block (big_block, sizeof big_block) != PM_RESULT_OK ||
      pm_register_file ("/var/tmp/app.log", PM_FILE_TYPE_OTHER, PM_FILE_FLAG_ANONYMOUS_DATA) != PM_RESULT_OK ||
      pm_register_additional_process (4242, 4243) != PM_RESULT_OK)
    _exit (3);
}

static void
assert_fixed_set (const PmRegistrationTable *t)
{
  guint seen = 0;

  g_assert_cmpmem (t->magic, 8, PM_REGISTRATION_TABLE_MAGIC, 8);
  for (guint i = 0; i < t->high_water; i++)
    {
      const PmRegistrationEntry *e = &t->entries[i];
      switch (e->kind)
        {
        case PM_REGISTRATION_KIND_METADATA:
          if (strcmp (e->key, "AppVersion") == 0)
            {
              g_assert_cmpstr (e->text, ==, "1.2.3");
              seen |= 1;
            }
          else if (strcmp (e->key, "Channel") == 0)
            {
              g_assert_cmpstr (e->text, ==, "beta");
              seen |= 2;
            }
          break;
        case PM_REGISTRATION_KIND_MEMORY_BLOCK:
          if (e->address == (uintptr_t) blocks[3])
            {
              g_assert_cmpuint (e->size, ==, 16);
              seen |= 4;
            }
          break;
        case PM_REGISTRATION_KIND_EXCLUDED_BLOCK:
          g_assert_cmpuint (e->address, ==, (uintptr_t) big_block);
          g_assert_cmpuint (e->size, ==, sizeof big_block);
          seen |= 8;
          break;
        case PM_REGISTRATION_KIND_FILE:
          g_assert_cmpstr (e->text, ==, "/var/tmp/app.log");
          g_assert_cmpuint (e->flags, ==, PM_FILE_FLAG_ANONYMOUS_DATA);
          seen |= 16;
          break;
        case PM_REGISTRATION_KIND_PROCESS:
          g_assert_cmpuint (e->address, ==, 4242);
          g_assert_cmpuint (e->size, ==, 4243);
          seen |= 32;
          break;
        default:
          break;
        }
    }
  g_assert_cmpuint (seen, ==, 63);
}

static void
test_remote_reader (void)
{
  PmRegistrationTable *remote = g_new0 (PmRegistrationTable, 1);
  int ready[2];
  char byte;
  pid_t pid;
  int status;

  reset_table ();
  g_assert_no_errno (pipe (ready));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      child_register_fixed_set ();
      if (write (ready[1], "r", 1) != 1)
        _exit (3);
      pause ();
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  g_assert_true (read_remote_table (pid, remote, 10));
  g_assert_cmpuint (remote->n_entries, ==, 6);
  g_assert_cmpuint (remote->n_metadata, ==, 2);
  g_assert_cmpuint (remote->n_processes, ==, 1);
  g_assert_cmpuint (remote->high_water, ==, 6);
  assert_fixed_set (remote);
  /* Our own table is untouched: the reader really read the child. */
  g_assert_cmpuint (pm_registration_table.n_entries, ==, 0);

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  close (ready[0]);
  close (ready[1]);
  g_free (remote);
}

/* The child keeps changing its table: a metadata value whose two halves must
 * match, and memory blocks coming and going. Every consistent snapshot must
 * be whole; snapshots of the child stopped at random instants must be whole
 * except the one entry named by dirty_index when the generation is odd. */
static void
test_remote_reader_mutating (void)
{
  PmRegistrationTable *remote = g_new0 (PmRegistrationTable, 1);
  guint good = 0, stopped_odd = 0;
  int ready[2];
  char byte;
  pid_t pid;
  int status;

  reset_table ();
  g_assert_no_errno (pipe (ready));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      child_register_fixed_set ();
      if (write (ready[1], "r", 1) != 1)
        _exit (3);
      for (guint64 i = 0;; i++)
        {
          char value[64];
          snprintf (value, sizeof value, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, i, i);
          if (pm_register_custom_metadata ("Counter", value) != PM_RESULT_OK)
            _exit (4);
          if (pm_register_memory_block (blocks[10 + i % 200], 8) != PM_RESULT_OK)
            _exit (5);
          if (i >= 100 && pm_unregister_memory_block (blocks[10 + (i - 100) % 200]) != PM_RESULT_OK)
            _exit (6);
        }
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  for (guint round = 0; round < 400; round++)
    {
      gboolean stop = round % 2 == 1;
      guint skip = PM_REGISTRATION_NO_ENTRY;

      if (stop)
        {
          /* A stopped process, like the dumper sees after a crash: one read. */
          siginfo_t si;
          g_assert_no_errno (kill (pid, SIGSTOP));
          g_assert_no_errno (waitid (P_PID, pid, &si, WSTOPPED));
          struct iovec local = { remote, sizeof *remote };
          struct iovec rem = { (void *) &pm_registration_table, sizeof *remote };
          g_assert_cmpint (process_vm_readv (pid, &local, 1, &rem, 1, 0), ==, sizeof *remote);
          if (remote->generation % 2 != 0)
            {
              stopped_odd++;
              skip = remote->dirty_index;
            }
        }
      else if (!read_remote_table (pid, remote, 1000))
        continue;

      guint live = 0, meta = 0;
      for (guint i = 0; i < PM_REGISTRATION_MAX_ENTRIES; i++)
        {
          const PmRegistrationEntry *e = &remote->entries[i];
          if (i == skip)
            continue;
          if (e->kind != PM_REGISTRATION_KIND_NONE)
            live++;
          if (e->kind == PM_REGISTRATION_KIND_METADATA)
            {
              meta++;
              if (strcmp (e->key, "Counter") == 0)
                {
                  guint64 a, b;
                  g_assert_cmpint (sscanf (e->text, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, &a, &b), ==, 2);
                  g_assert_cmpuint (a, ==, b);
                }
            }
          else if (e->kind == PM_REGISTRATION_KIND_MEMORY_BLOCK)
            g_assert_cmpuint (e->size, ==, e->address == (uintptr_t) blocks[3] ? 16 : 8);
        }
      if (skip == PM_REGISTRATION_NO_ENTRY && remote->generation % 2 == 0)
        {
          g_assert_cmpuint (remote->n_entries, ==, live);
          g_assert_cmpuint (remote->n_metadata, ==, meta);
          good++;
        }
      if (stop)
        g_assert_no_errno (kill (pid, SIGCONT));
    }
  g_test_message ("%u whole snapshots, %u stopped mid-change (dirty entry skipped)", good, stopped_odd);
  g_assert_cmpuint (good, >, 100);

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  close (ready[0]);
  close (ready[1]);
  g_free (remote);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/registration/header", test_header);
  g_test_add_func ("/client/registration/result-strings", test_result_strings);
  g_test_add_func ("/client/registration/memory-blocks", test_memory_blocks);
  g_test_add_func ("/client/registration/excluded-blocks", test_excluded_blocks);
  g_test_add_func ("/client/registration/entry-limit", test_entry_limit);
  g_test_add_func ("/client/registration/metadata", test_metadata);
  g_test_add_func ("/client/registration/crash-server", test_crash_server);
  g_test_add_func ("/client/registration/files", test_files);
  g_test_add_func ("/client/registration/processes", test_processes);
  g_test_add_func ("/client/registration/flags", test_flags);
  g_test_add_func ("/client/registration/threads", test_threads);
  g_test_add_func ("/client/registration/remote-reader", test_remote_reader);
  g_test_add_func ("/client/registration/remote-reader-mutating", test_remote_reader_mutating);
  return g_test_run ();
}
