/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-reader-malformed.c — one hand-made malformed minidump per class of
 * the reader's hostile input policy (pm-minidump-reader.h), built here byte by byte (no
 * committed binaries), each with the exact outcome the reader promises:
 * refused with a named error, or read partially with a warning.
 *
 * Runs in: a test process (GLib test framework). Each file is an exact-size
 * heap buffer, so under ASan any read past its end fails the test.
 */
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "pm-minidump-reader.h"
#include "pm-reader-exercise.h"

/* ---- a tiny minidump builder --------------------------------------------- */

typedef struct
{
  GByteArray *buf;
  guint       n_streams;
  guint       next_stream;
} Builder;

static Builder *
builder_new (guint n_streams)
{
  Builder *b = g_new0 (Builder, 1);
  PmMdHeader h = { 0 };

  b->buf = g_byte_array_new ();
  b->n_streams = n_streams;
  h.signature = PM_MD_SIGNATURE;
  h.version = PM_MD_VERSION;
  h.number_of_streams = n_streams;
  h.stream_directory_rva = sizeof h;
  h.time_date_stamp = 1700000000;
  g_byte_array_append (b->buf, (const guint8 *) &h, sizeof h);
  g_byte_array_set_size (b->buf, sizeof h + n_streams * sizeof (PmMdDirectory));
  memset (b->buf->data + sizeof h, 0, n_streams * sizeof (PmMdDirectory));
  return b;
}

/* Appends bytes (4-aligned) and returns their RVA. */
static guint32
builder_append (Builder *b, const void *data, gsize len)
{
  guint32 rva;

  while (b->buf->len % 4 != 0)
    g_byte_array_append (b->buf, (const guint8 *) "", 1);
  rva = b->buf->len;
  g_byte_array_append (b->buf, data, (guint) len);
  return rva;
}

/* Sets directory entry i (any type/location, including bogus ones). */
static void
builder_set_entry (Builder *b, guint i, guint32 type, guint32 rva, guint32 size)
{
  PmMdDirectory d = { .stream_type = type, .location = { .data_size = size, .rva = rva } };

  g_assert_cmpuint (i, <, b->n_streams);
  memcpy (b->buf->data + sizeof (PmMdHeader) + i * sizeof d, &d, sizeof d);
}

static void
builder_add_stream (Builder *b, guint32 type, const void *data, gsize len)
{
  guint32 rva = builder_append (b, data, len);

  builder_set_entry (b, b->next_stream++, type, rva, (guint32) len);
}

static guint32
builder_add_string (Builder *b, const char *ascii)
{
  gsize n = strlen (ascii);
  g_autofree guint8 *s = g_malloc0 (4 + 2 * n + 2);
  guint32 len = (guint32) (2 * n);

  memcpy (s, &len, 4);
  for (gsize i = 0; i < n; i++)
    s[4 + 2 * i] = (guint8) ascii[i];
  return builder_append (b, s, 4 + 2 * n + 2);
}

static void
builder_add_system_info (Builder *b, guint16 arch, guint32 platform)
{
  PmMdSystemInfo si = { 0 };

  si.processor_architecture = arch;
  si.platform_id = platform;
  si.number_of_processors = 2;
  builder_add_stream (b, PM_MD_STREAM_SYSTEM_INFO, &si, sizeof si);
}

/* The finished file as an exact-size copy (ASan sees the real end). */
static guint8 *
builder_finish (Builder *b, gsize *size)
{
  guint8 *data = g_memdup2 (b->buf->data, b->buf->len);

  *size = b->buf->len;
  g_byte_array_unref (b->buf);
  g_free (b);
  return data;
}

static PmMinidump *
open_ok (const guint8 *data, gsize size)
{
  PmMdError error = { 0 };
  PmMinidump *md = pm_minidump_open_memory (data, size, &error);

  if (md == NULL)
    g_error ("expected the file to open: %s", error.message);
  pm_test_exercise_minidump (md);
  return md;
}

static void
assert_refused (const guint8 *data, gsize size, PmMdStatus status, const char *fragment)
{
  PmMdError error = { 0 };
  PmMinidump *md = pm_minidump_open_memory (data, size, &error);

  g_assert_null (md);
  g_test_message ("refused: %s", error.message);
  g_assert_cmpint (error.status, ==, status);
  if (strstr (error.message, fragment) == NULL)
    g_error ("message \"%s\" does not mention \"%s\"", error.message, fragment);
}

static gboolean
has_warning (PmMinidump *md, const char *fragment)
{
  for (size_t i = 0; i < pm_minidump_get_n_warnings (md) && i < PM_MD_MAX_WARNINGS; i++)
    if (strstr (pm_minidump_get_warning (md, i), fragment) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- the classes -------------------------------------------------------- */

static void
test_truncated_header (void)
{
  Builder *b = builder_new (0);
  gsize size;
  g_autofree guint8 *data = builder_finish (b, &size);

  for (gsize cut = 0; cut < sizeof (PmMdHeader); cut++)
    assert_refused (data, cut, PM_MD_ERROR_TRUNCATED, "too small for the 32-byte minidump header");
  g_assert_null (pm_minidump_open_memory (NULL, 0, NULL));   /* no error struct: still no crash */
}

static void
test_not_minidump_and_version (void)
{
  Builder *b = builder_new (0);
  gsize size;
  g_autofree guint8 *data = builder_finish (b, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  PmMinidump *md;

  memcpy (copy, "PMDM", 4);
  assert_refused (copy, size, PM_MD_ERROR_NOT_MINIDUMP, "not a minidump");
  memcpy (copy, data, size);
  copy[4] = 0x94;   /* version 0xa794 */
  assert_refused (copy, size, PM_MD_ERROR_VERSION, "0xa793");
  /* The high word is the writer's own business. */
  memcpy (copy, data, size);
  copy[6] = 0x12;
  copy[7] = 0x34;
  md = open_ok (copy, size);
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, 0);
  pm_minidump_close (md);
}

static void
test_directory_beyond_eof (void)
{
  Builder *b = builder_new (4);
  gsize size;
  g_autofree guint8 *data = builder_finish (b, &size);
  PmMdHeader h;

  /* Cut inside the directory. */
  assert_refused (data, size - 1, PM_MD_ERROR_TRUNCATED, "stream directory");
  /* A count that claims the directory runs past the end (and would
   * overflow 32-bit arithmetic: 0xffffffff * 12). */
  memcpy (&h, data, sizeof h);
  h.number_of_streams = 0xffffffffu;
  memcpy (data, &h, sizeof h);
  assert_refused (data, size, PM_MD_ERROR_TRUNCATED, "stream directory");
  /* A directory RVA near 2^32. */
  h.number_of_streams = 1;
  h.stream_directory_rva = 0xfffffff8u;
  memcpy (data, &h, sizeof h);
  assert_refused (data, size, PM_MD_ERROR_TRUNCATED, "stream directory");
}

static void
test_stream_beyond_eof (void)
{
  Builder *b = builder_new (3);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  PmMdStreamInfo info;
  const uint8_t *p;
  size_t n;
  PmMdSystemInfo si;

  builder_add_system_info (b, PM_MD_CPU_ARCH_AMD64, PM_MD_OS_LINUX);
  builder_set_entry (b, 1, PM_MD_STREAM_THREAD_LIST, 0x1000, 100);            /* starts beyond */
  builder_set_entry (b, 2, PM_MD_STREAM_LINUX_MAPS, 0xfffffff0u, 0x20);      /* RVA + size wraps 32 bits */
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, 3);
  g_assert_cmpint (pm_minidump_get_stream_info (md, 1, &info), ==, PM_MD_OK);
  g_assert_cmpint (info.state, ==, PM_MD_STREAM_BEYOND_EOF);
  g_assert_cmpint (pm_minidump_get_stream_info (md, 2, &info), ==, PM_MD_OK);
  g_assert_cmpint (info.state, ==, PM_MD_STREAM_BEYOND_EOF);
  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 0);
  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &p, &n), ==, PM_MD_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (pm_minidump_get_error_message (md), "LinuxMaps"));
  g_assert_true (has_warning (md, "ThreadList (0x3) (directory entry 1) at 0x1000"));
  g_assert_true (has_warning (md, "LinuxMaps"));
  /* The valid stream is still read. */
  g_assert_cmpint (pm_minidump_get_system_info (md, &si), ==, PM_MD_OK);
  g_assert_cmpuint (si.number_of_processors, ==, 2);
  pm_minidump_close (md);
}

static void
test_count_overflow (void)
{
  Builder *b = builder_new (4);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  guint8 list[4 + sizeof (PmMdThread)] = { 0 };
  guint32 huge = 0xffffffffu;
  PmMdThread t = { .thread_id = 42 };
  PmMdMemoryInfoList mil = { .size_of_header = 16, .size_of_entry = 48,
                             .number_of_entries = G_MAXUINT64 };
  PmMdUnloadedModuleList uml = { .size_of_header = 12, .size_of_entry = 0, .number_of_entries = 5 };
  guint8 m64[16 + 16] = { 0 };
  PmMdMemory64List m64h = { .number_of_memory_ranges = G_MAXUINT64 / 8, .base_rva = 0 };
  PmMdThreadRecord rec;

  /* ThreadList: 2^32 - 1 threads claimed, room for one. */
  memcpy (list, &huge, 4);
  memcpy (list + 4, &t, sizeof t);
  builder_add_stream (b, PM_MD_STREAM_THREAD_LIST, list, sizeof list);
  /* MemoryInfoList: 2^64 - 1 entries (count * 48 overflows 64 bits), no room. */
  builder_add_stream (b, PM_MD_STREAM_MEMORY_INFO_LIST, &mil, sizeof mil);
  /* UnloadedModuleList with entries of size 0 (a division by zero waiting to happen). */
  builder_add_stream (b, PM_MD_STREAM_UNLOADED_MODULE_LIST, &uml, sizeof uml);
  /* Memory64List: a huge count, one descriptor of room. */
  memcpy (m64, &m64h, sizeof m64h);
  builder_add_stream (b, PM_MD_STREAM_MEMORY64_LIST, m64, sizeof m64);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 1);
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &rec), ==, PM_MD_OK);
  g_assert_cmpuint (rec.thread_id, ==, 42);
  g_assert_cmpint (pm_minidump_get_thread (md, 1, &rec), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_true (has_warning (md, "claims 4294967295 entries but its 52 bytes hold only 1"));
  g_assert_cmpuint (pm_minidump_get_n_memory_infos (md), ==, 0);
  g_assert_true (has_warning (md, "MemoryInfoList (0x10) at"));
  g_assert_cmpuint (pm_minidump_get_n_unloaded_modules (md), ==, 0);
  g_assert_true (has_warning (md, "entry size of 0"));
  g_assert_true (has_warning (md, "Memory64List (0x9)"));
  pm_minidump_close (md);
}

static void
test_rva_overflow (void)
{
  Builder *b = builder_new (2);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  guint8 list[4 + 2 * sizeof (PmMdMemoryDescriptor)] = { 0 };
  guint32 two = 2;
  PmMdMemoryDescriptor d[2] = {
    { .start_of_memory_range = 0x1000, .memory = { .data_size = 0x100, .rva = 0xffffff00u } },
    { .start_of_memory_range = 0x2000, .memory = { .data_size = 0xffffffffu, .rva = 0xffffffffu } },
  };
  PmMdModule m = { .base_of_image = 0x400000, .size_of_image = 0x1000,
                   .module_name_rva = 0xfffffffeu,
                   .cv_record = { .data_size = 0x40, .rva = 0xffffffe0u } };
  guint8 mlist[4 + sizeof m];
  guint32 one = 1;
  PmMdModule got;
  PmMdModuleIds ids;
  char name[64];
  uint8_t byte;
  size_t n;

  memcpy (list, &two, 4);
  memcpy (list + 4, d, sizeof d);
  builder_add_stream (b, PM_MD_STREAM_MEMORY_LIST, list, sizeof list);
  memcpy (mlist, &one, 4);
  memcpy (mlist + 4, &m, sizeof m);
  builder_add_stream (b, PM_MD_STREAM_MODULE_LIST, mlist, sizeof mlist);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_true (has_warning (md, "2 memory ranges whose data lies beyond the end of the file skipped"));
  g_assert_cmpint (pm_minidump_read_memory (md, 0x1000, &byte, 1, &n), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_read_memory (md, 0x2000, &byte, 1, &n), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_get_module (md, 0, &got), ==, PM_MD_OK);
  g_assert_cmpint (pm_minidump_read_string (md, got.module_name_rva, name, sizeof name, NULL), ==, PM_MD_ERROR_BAD_STRING);
  g_assert_cmpint (pm_minidump_get_module_ids (md, &got, &ids), ==, PM_MD_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (pm_minidump_get_error_message (md), "CodeView record at 0xffffffe0"));
  /* A 64-bit RVA (thread names) past 4 GiB. */
  g_assert_cmpint (pm_minidump_read_string (md, G_MAXUINT64 - 1, name, sizeof name, NULL), ==, PM_MD_ERROR_BAD_STRING);
  pm_minidump_close (md);
}

static void
test_strings (void)
{
  Builder *b = builder_new (0);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  guint32 odd_rva, long_rva, ok_rva, surrogate_rva, pair_rva;
  guint8 odd[4 + 6] = { 5, 0, 0, 0, 'a', 0, 'b', 0, 'c', 0 };
  guint8 too_long[4 + 4] = { 0xfe, 0xff, 0xff, 0x7f, 'x', 0, 'y', 0 };
  guint8 lone[4 + 4] = { 4, 0, 0, 0, 0x00, 0xd8, 'z', 0 };          /* unpaired high surrogate */
  guint8 pair[4 + 4] = { 4, 0, 0, 0, 0x3d, 0xd8, 0x00, 0xde };      /* U+1F600 */
  char buf[64];
  char tiny[4];
  size_t needed;

  odd_rva = builder_append (b, odd, sizeof odd);
  long_rva = builder_append (b, too_long, sizeof too_long);
  surrogate_rva = builder_append (b, lone, sizeof lone);
  pair_rva = builder_append (b, pair, sizeof pair);
  ok_rva = builder_add_string (b, "libexample.so.1");
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_cmpint (pm_minidump_read_string (md, odd_rva, buf, sizeof buf, NULL), ==, PM_MD_ERROR_BAD_STRING);
  g_assert_nonnull (strstr (pm_minidump_get_error_message (md), "odd UTF-16 byte length (5)"));
  g_assert_cmpint (pm_minidump_read_string (md, long_rva, buf, sizeof buf, NULL), ==, PM_MD_ERROR_BAD_STRING);
  g_assert_nonnull (strstr (pm_minidump_get_error_message (md), "extends beyond the end of the file"));
  g_assert_cmpint (pm_minidump_read_string (md, surrogate_rva, buf, sizeof buf, NULL), ==, PM_MD_OK);
  g_assert_cmpstr (buf, ==, "\xef\xbf\xbdz");
  g_assert_cmpint (pm_minidump_read_string (md, pair_rva, buf, sizeof buf, NULL), ==, PM_MD_OK);
  g_assert_cmpstr (buf, ==, "\xf0\x9f\x98\x80");
  g_assert_cmpint (pm_minidump_read_string (md, ok_rva, buf, sizeof buf, &needed), ==, PM_MD_OK);
  g_assert_cmpstr (buf, ==, "libexample.so.1");
  g_assert_cmpuint (needed, ==, 15);
  /* Truncation keeps whole characters and says how much was needed. */
  g_assert_cmpint (pm_minidump_read_string (md, ok_rva, tiny, sizeof tiny, &needed), ==, PM_MD_OK);
  g_assert_cmpstr (tiny, ==, "lib");
  g_assert_cmpuint (needed, ==, 15);
  g_assert_cmpint (pm_minidump_read_string (md, pair_rva, tiny, sizeof tiny, &needed), ==, PM_MD_OK);
  g_assert_cmpstr (tiny, ==, "");
  g_assert_cmpuint (needed, ==, 4);
  pm_minidump_close (md);
}

static void
test_duplicate_streams (void)
{
  Builder *b = builder_new (4);
  gsize size;
  g_autofree guint8 *data = NULL;
  guint8 bytes[8] = { 0 };
  PmMinidump *md;

  builder_add_system_info (b, PM_MD_CPU_ARCH_AMD64, PM_MD_OS_LINUX);
  builder_add_stream (b, 0x12345678, bytes, sizeof bytes);   /* unknown types may repeat */
  builder_add_stream (b, 0x12345678, bytes, sizeof bytes);
  builder_set_entry (b, 3, PM_MD_STREAM_UNUSED, 0, 0);
  data = builder_finish (b, &size);
  md = open_ok (data, size);
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, 4);
  pm_minidump_close (md);

  b = builder_new (3);
  builder_add_system_info (b, PM_MD_CPU_ARCH_AMD64, PM_MD_OS_LINUX);
  builder_add_stream (b, PM_MD_STREAM_LINUX_MAPS, bytes, sizeof bytes);
  builder_add_system_info (b, PM_MD_CPU_ARCH_X86, PM_MD_OS_WIN32_NT);
  g_clear_pointer (&data, g_free);
  data = builder_finish (b, &size);
  assert_refused (data, size, PM_MD_ERROR_DUPLICATE_STREAM, "two SystemInfo (0x7) streams (entries 0 and 2)");
}

static void
test_overlapping_ranges (void)
{
  Builder *b = builder_new (2);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  guint8 a[32], c[32];
  guint32 a_rva, c_rva;
  guint8 list[4 + 2 * sizeof (PmMdMemoryDescriptor)];
  guint32 two = 2;
  PmMdMemoryDescriptor d[2];
  guint8 m64[16 + 16];
  PmMdMemory64List h;
  PmMdMemoryDescriptor64 d64 = { .start_of_memory_range = 0x5000, .data_size = 16 };
  guint8 out[64];
  size_t n;

  memset (a, 0xaa, sizeof a);
  memset (c, 0xcc, sizeof c);
  a_rva = builder_append (b, a, sizeof a);
  c_rva = builder_append (b, c, sizeof c);
  /* [0x5000, 0x5020) = 0xaa..., [0x5010, 0x5030) = 0xcc...: they overlap. */
  d[0] = (PmMdMemoryDescriptor) { .start_of_memory_range = 0x5000, .memory = { .data_size = 32, .rva = a_rva } };
  d[1] = (PmMdMemoryDescriptor) { .start_of_memory_range = 0x5010, .memory = { .data_size = 32, .rva = c_rva } };
  memcpy (list, &two, 4);
  memcpy (list + 4, d, sizeof d);
  builder_add_stream (b, PM_MD_STREAM_MEMORY_LIST, list, sizeof list);
  /* And a Memory64List range over the same addresses, pointing at c. */
  h = (PmMdMemory64List) { .number_of_memory_ranges = 1, .base_rva = c_rva };
  memcpy (m64, &h, sizeof h);
  memcpy (m64 + sizeof h, &d64, sizeof d64);
  builder_add_stream (b, PM_MD_STREAM_MEMORY64_LIST, m64, sizeof m64);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  /* The first range in file order wins for every address it holds... */
  g_assert_cmpint (pm_minidump_read_memory (md, 0x5000, out, 0x30, &n), ==, PM_MD_OK);
  g_assert_cmpuint (n, ==, 0x30);
  for (size_t i = 0; i < 0x20; i++)
    g_assert_cmphex (out[i], ==, 0xaa);
  /* ...and the read continues in the next range that holds the next byte. */
  for (size_t i = 0x20; i < 0x30; i++)
    g_assert_cmphex (out[i], ==, 0xcc);
  g_assert_cmpint (pm_minidump_read_memory (md, 0x5018, out, 1, &n), ==, PM_MD_OK);
  g_assert_cmphex (out[0], ==, 0xaa);
  g_assert_cmpuint (pm_minidump_get_n_memory_ranges (md), ==, 3);
  pm_minidump_close (md);
}

static void
test_zero_and_huge_descriptors (void)
{
  Builder *b = builder_new (2);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  guint8 bytes[64];
  guint32 rva;
  guint8 list[4 + 3 * sizeof (PmMdMemoryDescriptor)];
  guint32 three = 3;
  PmMdMemoryDescriptor d[3];
  guint8 m64[16 + 3 * 16];
  PmMdMemory64List h;
  PmMdMemoryDescriptor64 d64[3];
  PmMdMemoryRange r;
  const uint8_t *p;
  uint64_t avail;
  guint8 out[8];
  size_t n;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) i;
  rva = builder_append (b, bytes, sizeof bytes);
  d[0] = (PmMdMemoryDescriptor) { .start_of_memory_range = 0x1000, .memory = { .data_size = 0, .rva = rva } };
  /* Claims 4 GiB - 1 from a 64-byte region near the end: cut to what exists. */
  d[1] = (PmMdMemoryDescriptor) { .start_of_memory_range = 0x2000, .memory = { .data_size = 0xffffffffu, .rva = rva } };
  /* Wraps around the top of the address space. */
  d[2] = (PmMdMemoryDescriptor) { .start_of_memory_range = G_MAXUINT64 - 4, .memory = { .data_size = 16, .rva = rva } };
  memcpy (list, &three, 4);
  memcpy (list + 4, d, sizeof d);
  builder_add_stream (b, PM_MD_STREAM_MEMORY_LIST, list, sizeof list);
  /* Memory64List: 8 bytes, then a range of 2^63 bytes (whose data runs past
   * the end of the file), then one that can no longer be located. */
  h = (PmMdMemory64List) { .number_of_memory_ranges = 3, .base_rva = rva };
  d64[0] = (PmMdMemoryDescriptor64) { .start_of_memory_range = 0x9000, .data_size = 8 };
  d64[1] = (PmMdMemoryDescriptor64) { .start_of_memory_range = 0xa000, .data_size = G_GUINT64_CONSTANT (1) << 63 };
  d64[2] = (PmMdMemoryDescriptor64) { .start_of_memory_range = 0xb000, .data_size = 8 };
  memcpy (m64, &h, sizeof h);
  memcpy (m64 + sizeof h, d64, sizeof d64);
  builder_add_stream (b, PM_MD_STREAM_MEMORY64_LIST, m64, sizeof m64);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_true (has_warning (md, "memory ranges of size zero skipped"));
  g_assert_true (has_warning (md, "wrap around the address space skipped"));
  g_assert_true (has_warning (md, "cut short by the end of the file"));
  g_assert_cmpint (pm_minidump_read_memory (md, 0x1000, out, 1, &n), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_get_memory (md, 0x2000, &p, &avail), ==, PM_MD_OK);
  g_assert_cmpuint (avail, ==, size - rva);
  g_assert_cmphex (p[1], ==, 1);
  g_assert_cmpint (pm_minidump_read_memory (md, G_MAXUINT64 - 2, out, 1, &n), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_read_memory (md, 0x9000, out, 8, &n), ==, PM_MD_OK);
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmphex (out[7], ==, 7);
  g_assert_cmpint (pm_minidump_get_memory (md, 0xa000, &p, &avail), ==, PM_MD_OK);
  g_assert_cmpuint (avail, ==, size - rva - 8);
  g_assert_cmpint (pm_minidump_read_memory (md, 0xb000, out, 1, &n), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_get_memory_range (md, 0, &r), ==, PM_MD_ERROR_BAD_SIZE);
  pm_minidump_close (md);
}

static void
test_context_too_small (void)
{
  Builder *b = builder_new (2);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  PmMdContextAmd64 full = { 0 };
  guint32 full_rva, small_rva, tiny_rva, partial_rva, garbage_rva;
  guint8 list[4 + 5 * sizeof (PmMdThread)];
  guint32 five = 5;
  PmMdThread t[5];
  PmMdContext ctx;
  guint8 garbage[64] = { 0 };

  builder_add_system_info (b, PM_MD_CPU_ARCH_AMD64, PM_MD_OS_LINUX);
  full.context_flags = PM_MD_CONTEXT_AMD64_FULL;
  full.rip = 0x401000;
  full.rsp = 0x7ffd0000;
  full_rva = builder_append (b, &full, sizeof full);
  /* Claims floating point but stops at 1000 bytes. */
  small_rva = builder_append (b, &full, 1000);
  /* Too small even for the flags field. */
  tiny_rva = builder_append (b, &full, 40);
  /* Control + integer only: the 256 bytes up to rip are enough. */
  full.context_flags = PM_MD_CONTEXT_AMD64_CONTROL | PM_MD_CONTEXT_AMD64_INTEGER;
  partial_rva = builder_append (b, &full, 256);
  garbage[0] = 0x77;
  garbage_rva = builder_append (b, garbage, sizeof garbage);

  memset (t, 0, sizeof t);
  t[0].thread_id = 1, t[0].thread_context = (PmMdLocation) { sizeof full, full_rva };
  t[1].thread_id = 2, t[1].thread_context = (PmMdLocation) { 1000, small_rva };
  t[2].thread_id = 3, t[2].thread_context = (PmMdLocation) { 40, tiny_rva };
  t[3].thread_id = 4, t[3].thread_context = (PmMdLocation) { 256, partial_rva };
  t[4].thread_id = 5, t[4].thread_context = (PmMdLocation) { sizeof garbage, garbage_rva };
  memcpy (list, &five, 4);
  memcpy (list + 4, t, sizeof t);
  builder_add_stream (b, PM_MD_STREAM_THREAD_LIST, list, sizeof list);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_cmpint (pm_minidump_read_context (md, t[0].thread_context, &ctx), ==, PM_MD_OK);
  g_assert_cmphex (ctx.pc, ==, 0x401000);
  g_assert_cmphex (ctx.sp, ==, 0x7ffd0000);
  g_assert_cmpint (pm_minidump_read_context (md, t[1].thread_context, &ctx), ==, PM_MD_ERROR_BAD_CONTEXT);
  g_assert_nonnull (strstr (pm_minidump_get_error_message (md), "1000 bytes, too small for its flags 0x0010000b (needs 1232)"));
  g_assert_cmphex (ctx.pc, ==, 0);   /* nothing half-read is handed out */
  g_assert_cmpint (pm_minidump_read_context (md, t[2].thread_context, &ctx), ==, PM_MD_ERROR_BAD_CONTEXT);
  g_assert_cmpint (pm_minidump_read_context (md, t[3].thread_context, &ctx), ==, PM_MD_OK);
  g_assert_cmphex (ctx.pc, ==, 0x401000);
  /* Flags that name no CPU, on an AMD64 system, 64 bytes: refused. */
  g_assert_cmpint (pm_minidump_read_context (md, t[4].thread_context, &ctx), ==, PM_MD_ERROR_BAD_CONTEXT);
  g_assert_cmpint (pm_minidump_read_context (md, (PmMdLocation) { 0x100, 0xffffff00u }, &ctx), ==, PM_MD_ERROR_TRUNCATED);
  pm_minidump_close (md);
}

static void
test_x86_and_unknown_cpu_contexts (void)
{
  Builder *b = builder_new (0);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  PmMdContextX86 x86 = { 0 };
  PmMdContextArm64 arm64 = { 0 };
  guint32 x86_rva, x86_short_rva, arm64_rva, arm64_short_rva;
  PmMdContext ctx;

  x86.context_flags = PM_MD_CONTEXT_X86_ALL;
  x86.eip = 0x8048000;
  x86.esp = 0xbfff0000;
  x86_rva = builder_append (b, &x86, sizeof x86);
  x86_short_rva = builder_append (b, &x86, 300);
  arm64.context_flags = PM_MD_CONTEXT_ARM64_FULL;
  arm64.pc = 0x1234;
  arm64.sp = 0x5678;
  arm64.x[29] = 0x9abc;
  arm64_rva = builder_append (b, &arm64, sizeof arm64);
  arm64_short_rva = builder_append (b, &arm64, 500);
  data = builder_finish (b, &size);

  /* No SystemInfo: the CPU comes from the context's own flags. */
  md = open_ok (data, size);
  g_assert_cmpint (pm_minidump_get_cpu (md), ==, PM_MD_CPU_UNKNOWN);
  g_assert_cmpint (pm_minidump_read_context (md, (PmMdLocation) { sizeof x86, x86_rva }, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_X86);
  g_assert_cmphex (ctx.pc, ==, 0x8048000);
  g_assert_cmphex (ctx.sp, ==, 0xbfff0000);
  g_assert_cmpint (pm_minidump_read_context (md, (PmMdLocation) { 300, x86_short_rva }, &ctx), ==, PM_MD_ERROR_BAD_CONTEXT);
  g_assert_cmpint (pm_minidump_read_context (md, (PmMdLocation) { sizeof arm64, arm64_rva }, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_ARM64);
  g_assert_false (ctx.arm64_old_layout);
  g_assert_cmphex (ctx.pc, ==, 0x1234);
  g_assert_cmphex (ctx.sp, ==, 0x5678);
  g_assert_cmphex (ctx.fp, ==, 0x9abc);
  g_assert_cmpint (pm_minidump_read_context (md, (PmMdLocation) { 500, arm64_short_rva }, &ctx), ==, PM_MD_ERROR_BAD_CONTEXT);
  pm_minidump_close (md);
}

/* Annotations whose counts and strings point anywhere. */
static void
test_crashpad_garbage (void)
{
  Builder *b = builder_new (1);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  PmMdCrashpadInfo cp = { .version = 1 };
  guint8 dict[4 + 2 * 8];
  guint32 two = 2, key_rva, val_rva;
  guint8 key[4 + 3] = { 3, 0, 0, 0, 'k', 'e', 'y' };
  guint8 bad[4] = { 0xff, 0xff, 0xff, 0xff };
  PmMdSimpleStringDictionaryEntry e[2];
  guint8 links[4 + 12];
  guint32 huge = 0x7fffffff;
  PmMdModuleCrashpadInfoLink link = { .minidump_module_list_index = 9,
                                      .location = { .data_size = 28, .rva = 0xfffffff0u } };
  const char *k, *v;
  size_t kl, vl;
  PmMdModuleCrashpadInfo mi;
  uint32_t module_index;

  key_rva = builder_append (b, key, sizeof key);
  val_rva = builder_append (b, bad, sizeof bad);
  e[0] = (PmMdSimpleStringDictionaryEntry) { key_rva, key_rva };
  e[1] = (PmMdSimpleStringDictionaryEntry) { key_rva, val_rva };
  memcpy (dict, &two, 4);
  memcpy (dict + 4, e, sizeof e);
  cp.simple_annotations = (PmMdLocation) { sizeof dict, builder_append (b, dict, sizeof dict) };
  memcpy (links, &huge, 4);
  memcpy (links + 4, &link, sizeof link);
  cp.module_list = (PmMdLocation) { sizeof links, builder_append (b, links, sizeof links) };
  builder_add_stream (b, PM_MD_STREAM_CRASHPAD_INFO, &cp, PM_MD_CRASHPAD_INFO_SIZE_1);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  g_assert_cmpuint (pm_minidump_dictionary_size (md, cp.simple_annotations), ==, 2);
  g_assert_cmpint (pm_minidump_dictionary_get (md, cp.simple_annotations, 0, &k, &kl, &v, &vl), ==, PM_MD_OK);
  g_assert_cmpmem (k, kl, "key", 3);
  g_assert_cmpint (pm_minidump_dictionary_get (md, cp.simple_annotations, 1, &k, &kl, &v, &vl), ==, PM_MD_ERROR_BAD_STRING);
  /* 2^31 - 1 module links claimed, one fits; it points outside the file. */
  g_assert_cmpuint (pm_minidump_get_n_crashpad_modules (md), ==, 1);
  g_assert_cmpint (pm_minidump_get_crashpad_module (md, 0, &module_index, &mi), ==, PM_MD_ERROR_TRUNCATED);
  g_assert_cmpuint (module_index, ==, 9);
  pm_minidump_close (md);
}

/* A huge stream directory of Unused entries, and many streams of one
 * unknown type: bounded work, no allocation, opens. */
static void
test_huge_directory (void)
{
  const guint n = 200000;
  Builder *b = builder_new (n);
  gsize size;
  g_autofree guint8 *data = NULL;
  PmMinidump *md;
  gint64 start;

  for (guint i = 0; i < n; i++)
    builder_set_entry (b, i, i % 2 ? 0x7777 : PM_MD_STREAM_UNUSED, 0, 32);
  data = builder_finish (b, &size);
  start = g_get_monotonic_time ();
  md = open_ok (data, size);
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, n);
  g_assert_true (has_warning (md, "overlaps checked among the first 256 only"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  pm_minidump_close (md);
}

/* 100000 threads and their names in reverse order: every lookup is fast
 * (an index, not a scan), and the first name of a thread wins. */
static void
test_many_thread_names (void)
{
  const guint n = 100000;
  Builder *b = builder_new (2);
  gsize size;
  g_autofree guint8 *data = NULL;
  g_autoptr (GByteArray) threads = g_byte_array_new ();
  g_autoptr (GByteArray) names = g_byte_array_new ();
  guint32 name_rva[2];
  guint32 count = n, name_count = n + 1;
  PmMinidump *md;
  gint64 start;
  char buf[32];

  name_rva[0] = builder_add_string (b, "even");
  name_rva[1] = builder_add_string (b, "odd");
  g_byte_array_append (threads, (const guint8 *) &count, 4);
  for (guint i = 0; i < n; i++)
    {
      PmMdThread t = { .thread_id = 1000 + i };
      g_byte_array_append (threads, (const guint8 *) &t, sizeof t);
    }
  g_byte_array_append (names, (const guint8 *) &name_count, 4);
  for (guint i = n; i-- > 0;)
    {
      PmMdThreadName tn = { .thread_id = 1000 + i, .rva_of_thread_name = name_rva[i % 2] };
      g_byte_array_append (names, (const guint8 *) &tn, sizeof tn);
    }
  {
    /* A second, later name for thread 1000: ignored. */
    PmMdThreadName tn = { .thread_id = 1000, .rva_of_thread_name = name_rva[1] };
    g_byte_array_append (names, (const guint8 *) &tn, sizeof tn);
  }
  builder_add_stream (b, PM_MD_STREAM_THREAD_LIST, threads->data, threads->len);
  builder_add_stream (b, PM_MD_STREAM_THREAD_NAMES, names->data, names->len);
  data = builder_finish (b, &size);

  md = open_ok (data, size);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      PmMdThreadRecord t;

      g_assert_cmpint (pm_minidump_get_thread (md, i, &t), ==, PM_MD_OK);
      g_assert_cmpint (pm_minidump_get_thread_name (md, t.thread_id, buf, sizeof buf), ==, PM_MD_OK);
      g_assert_cmpstr (buf, ==, i % 2 ? "odd" : "even");
    }
  g_assert_cmpint (pm_minidump_get_thread_name (md, 999, buf, sizeof buf), ==, PM_MD_ERROR_NOT_FOUND);
  g_test_message ("%u name lookups in %.1f ms", n, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  pm_minidump_close (md);
}

/* Files on disk: a directory, a FIFO and an empty file are refused without blocking. */
static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-reader-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.dmp", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.dmp", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.dmp", NULL);
  PmMdError error = { 0 };

  g_assert_nonnull (dir);
  g_assert_null (pm_minidump_open (dir, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_IO);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (pm_minidump_open (fifo, &error));
  g_assert_cmpstr (error.message, ==, "not a regular file");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (pm_minidump_open (empty, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_TRUNCATED);
  g_assert_null (pm_minidump_open (missing, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_IO);
  g_assert_nonnull (strstr (error.message, "No such file"));
  g_unlink (fifo);
  g_unlink (empty);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/minidump/malformed/truncated-header", test_truncated_header);
  g_test_add_func ("/minidump/malformed/signature-version", test_not_minidump_and_version);
  g_test_add_func ("/minidump/malformed/directory-beyond-eof", test_directory_beyond_eof);
  g_test_add_func ("/minidump/malformed/stream-beyond-eof", test_stream_beyond_eof);
  g_test_add_func ("/minidump/malformed/count-overflow", test_count_overflow);
  g_test_add_func ("/minidump/malformed/rva-overflow", test_rva_overflow);
  g_test_add_func ("/minidump/malformed/strings", test_strings);
  g_test_add_func ("/minidump/malformed/duplicate-streams", test_duplicate_streams);
  g_test_add_func ("/minidump/malformed/overlapping-ranges", test_overlapping_ranges);
  g_test_add_func ("/minidump/malformed/zero-and-huge-descriptors", test_zero_and_huge_descriptors);
  g_test_add_func ("/minidump/malformed/context-too-small", test_context_too_small);
  g_test_add_func ("/minidump/malformed/contexts-without-system-info", test_x86_and_unknown_cpu_contexts);
  g_test_add_func ("/minidump/malformed/crashpad-garbage", test_crashpad_garbage);
  g_test_add_func ("/minidump/malformed/huge-directory", test_huge_directory);
  g_test_add_func ("/minidump/malformed/many-thread-names", test_many_thread_names);
  g_test_add_func ("/minidump/malformed/files", test_files);
  return g_test_run ();
}
