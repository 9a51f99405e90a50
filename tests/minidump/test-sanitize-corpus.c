/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-sanitize-corpus.c — pm_minidump_sanitize() against ../shared/corpus:
 * every file is sanitized or refused with a reason; every copy is read back
 * by the reader with the same threads and modules, without the environment,
 * command line or Memory64List, and without any environment or command-line
 * string the original carried; truncated and byte-flipped variants give a
 * readable copy or an error, never a crash; bad arguments are refused.
 * And a hand-made dump (64- and 32-bit) whose every stack word has a known
 * fate: kept (small, module, stack, heap from MemoryInfoList, anonymous
 * memory from LinuxMaps), replaced (text, a file mapping, 4097), zeroed
 * (the strings above the auxiliary vector).
 *
 * Runs in: a test process (GLib test framework). Without the corpus only the
 * hand-made dumps are checked.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "pm-minidump-reader.h"
#include "pm-minidump-sanitize.h"
#include "pm-minidump-writer.h"
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

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The corpus's dumps in name order, so the damaged variants are the same
 * in every run. */
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
  g_ptr_array_sort (files, compare_paths);
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
      /* Every stack the original holds is in the copy, as long. */
      for (size_t t = 0; t < pm_minidump_get_n_threads (md); t++)
        {
          PmMdThreadRecord a, b;
          const uint8_t *p;
          uint64_t avail_a = 0, avail_b = 0;

          if (pm_minidump_get_thread (md, t, &a) != PM_MD_OK || a.stack_size == 0 ||
              pm_minidump_get_memory (md, a.stack_start, &p, &avail_a) != PM_MD_OK)
            continue;
          g_assert_cmpint (pm_minidump_get_thread (out, t, &b), ==, PM_MD_OK);
          g_assert_cmphex (b.stack_start, ==, a.stack_start);
          if (pm_minidump_get_memory (out, b.stack_start, &p, &avail_b) != PM_MD_OK)
            g_error ("%s: thread %zu lost its stack at 0x%" G_GINT64_MODIFIER "x", label, t, a.stack_start);
          g_assert_cmpuint (avail_b, ==, MIN (avail_a, a.stack_size));
        }
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

/* ---- a hand-made dump with a known fate for every word ------------------ */

#define STACK_START 0x7ffd0000u
#define STACK_WORDS 40

static void
put_word (guint8 *stack, unsigned ptr_size, unsigned index, guint64 value)
{
  memcpy (stack + index * ptr_size, &value, ptr_size);
}

static guint64
get_word (const guint8 *stack, unsigned ptr_size, unsigned index)
{
  guint64 value = 0;

  memcpy (&value, stack + index * ptr_size, ptr_size);
  return value;
}

static void
check_hand_made (unsigned ptr_size)
{
  static const char maps[] =
    "00400000-00410000 r-xp 00000000 08:01 123 /bin/pm-test\n"
    "20000000-20001000 rw-p 00000000 00:00 0 \n"
    "30000000-30001000 rw-p 00000000 08:01 99 /home/someone/secret.db\n"
    "7ffc0000-7ffe0000 rw-p 00000000 00:00 0 [stack]\n";
  static const char environ_text[] = "SECRET=do-not-send-this-value";
  const guint64 replaced = ptr_size == 8 ? G_GUINT64_CONSTANT (0x0defaced0defaced) : 0x0defacedu;
  PmMinidumpWriter *w = g_new0 (PmMinidumpWriter, 1);
  int fd = memfd_with (NULL, 0);
  guint8 stack[STACK_WORDS * 8];
  union { PmMdContextAmd64 amd64; PmMdContextX86 x86; } ctx;
  size_t ctx_size = ptr_size == 8 ? sizeof ctx.amd64 : sizeof ctx.x86;
  uint32_t ctx_rva = 0, stack_rva = 0, name_rva = 0, count = 1;
  PmMdSystemInfo si;
  PmMdThread thread;
  PmMdModule module;
  PmMdMemoryInfoList info_header = { sizeof (PmMdMemoryInfoList), sizeof (PmMdMemoryInfo), 1 };
  PmMdMemoryInfo heap;
  PmMdPostmortemInfo pi;
  PmMinidumpSanitizeStats stats;
  char error[512];
  GBytes *out = NULL;
  PmMdError md_error;
  PmMinidump *md;
  const guint8 *copy_stack;
  guint64 available;
  PmMdThreadRecord t;
  PmMdContext read_ctx;
  const uint8_t *maps_out;
  size_t maps_len;
  g_autofree char *maps_text = NULL;
  gsize file_len;
  g_autofree guint8 *file = NULL;

  /* The stack: one word of each kind, then an auxiliary vector, then the
   * process's initial strings. */
  memset (stack, 0, sizeof stack);
  put_word (stack, ptr_size, 0, ptr_size == 8 ? G_GUINT64_CONSTANT (0x4141414141414141) : 0x41414141u);
  put_word (stack, ptr_size, 1, 7);
  put_word (stack, ptr_size, 2, 0x401234);                     /* module */
  put_word (stack, ptr_size, 3, STACK_START + 16);              /* this stack */
  put_word (stack, ptr_size, 4, 0x10000010);                    /* heap (MemoryInfoList) */
  put_word (stack, ptr_size, 5, 0x20000010);                    /* anonymous (LinuxMaps) */
  put_word (stack, ptr_size, 6, 0x30000010);                    /* a file mapping: not a pointer kept */
  put_word (stack, ptr_size, 7, 4097);
  /* A look-alike of an auxiliary vector in a frame below the real one: it
   * must not win, or the module pointer after it would be zeroed. */
  put_word (stack, ptr_size, 8, 6);
  put_word (stack, ptr_size, 9, 4096);
  put_word (stack, ptr_size, 10, 9);
  put_word (stack, ptr_size, 11, 1);
  put_word (stack, ptr_size, 12, 0);
  put_word (stack, ptr_size, 13, 0);
  put_word (stack, ptr_size, 14, 0x401238);
  put_word (stack, ptr_size, 16, 3);                            /* AT_PHDR */
  put_word (stack, ptr_size, 17, 0x400040);
  put_word (stack, ptr_size, 18, 6);                            /* AT_PAGESZ */
  put_word (stack, ptr_size, 19, 4096);
  put_word (stack, ptr_size, 20, 9);                            /* AT_ENTRY */
  put_word (stack, ptr_size, 21, 0x401000);
  put_word (stack, ptr_size, 22, 0);                            /* AT_NULL */
  put_word (stack, ptr_size, 23, 0);
  memcpy (stack + 24 * ptr_size, "x86_64\0HOME=/home/someone\0", 27);

  g_assert_cmpint (pm_minidump_writer_init (w, fd, 1700000000, 0), ==, 0);
  memset (&ctx, 0, sizeof ctx);
  if (ptr_size == 8)
    {
      ctx.amd64.context_flags = PM_MD_CONTEXT_AMD64_FULL;
      ctx.amd64.rsp = STACK_START;
      ctx.amd64.rip = 0x401000;
      memcpy (&ctx.amd64.flt_save.xmm_registers[0], "secret-in-xmm0!!", 16);
      memcpy (&ctx.amd64.vector_register[0], "secret-in-vector", 16);
    }
  else
    {
      ctx.x86.context_flags = PM_MD_CONTEXT_X86_FULL | PM_MD_CONTEXT_X86_EXTENDED_REGISTERS;
      ctx.x86.esp = STACK_START;
      ctx.x86.eip = 0x401000;
      memcpy (ctx.x86.extended_registers + 160, "secret-in-xmm0!!", 16);
      memcpy (ctx.x86.float_save.register_area, "secret-in-x87!!!", 16);
    }
  g_assert_cmpint (pm_minidump_writer_align (w, 16), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &ctx, ctx_size, &ctx_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, stack, STACK_WORDS * ptr_size, &stack_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_string (w, "/bin/pm-test", &name_rva), ==, 0);

  memset (&thread, 0, sizeof thread);
  thread.thread_id = 100;
  thread.stack.start_of_memory_range = STACK_START;
  thread.stack.memory.data_size = STACK_WORDS * ptr_size;
  thread.stack.memory.rva = stack_rva;
  thread.thread_context.data_size = (uint32_t) ctx_size;
  thread.thread_context.rva = ctx_rva;
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &count, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &thread, sizeof thread, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_THREAD_LIST), ==, 0);
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &count, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &thread.stack, sizeof thread.stack, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY_LIST), ==, 0);

  memset (&module, 0, sizeof module);
  module.base_of_image = 0x400000;
  module.size_of_image = 0x10000;
  module.module_name_rva = name_rva;
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &count, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &module, sizeof module, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_MODULE_LIST), ==, 0);

  memset (&si, 0, sizeof si);
  si.processor_architecture = ptr_size == 8 ? PM_MD_CPU_ARCH_AMD64 : PM_MD_CPU_ARCH_X86;
  si.platform_id = PM_MD_OS_LINUX;
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_SYSTEM_INFO, &si, sizeof si), ==, 0);

  memset (&heap, 0, sizeof heap);
  heap.base_address = 0x10000000;
  heap.region_size = 0x1000;
  heap.state = PM_MD_MEM_COMMIT;
  heap.type = PM_MD_MEM_PRIVATE;
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &info_header, sizeof info_header, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &heap, sizeof heap, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY_INFO_LIST), ==, 0);
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_LINUX_MAPS, maps, strlen (maps)), ==, 0);
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_LINUX_ENVIRON, environ_text, sizeof environ_text), ==, 0);
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_LINUX_PROC_STATUS,
                                                  "Name:\tsecret-name\nPid:\t100\n", 27), ==, 0);
  memset (&pi, 0, sizeof pi);
  pi.version = PM_MD_POSTMORTEM_INFO_VERSION;
  pi.size_of_header = sizeof pi;
  pi.process_id = 100;
  pi.flags = PM_MD_POSTMORTEM_FLAG_ENVIRON;
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_POSTMORTEM_INFO, &pi, sizeof pi), ==, 0);
  g_assert_cmpint (pm_minidump_writer_finish (w), ==, 0);
  g_free (w);

  file_len = (gsize) lseek (fd, 0, SEEK_END);
  file = g_malloc (file_len);
  g_assert_cmpint (pread (fd, file, file_len, 0), ==, (gssize) file_len);
  close (fd);
  g_assert_cmpint (sanitize_bytes (file, file_len, &out, &stats, error, sizeof error), ==, 0);
  g_assert_cmpuint (stats.pointer_size, ==, ptr_size);

  md = pm_minidump_open_memory (g_bytes_get_data (out, NULL), g_bytes_get_size (out), &md_error);
  g_assert_nonnull (md);
  g_assert_cmpint (pm_minidump_get_memory (md, STACK_START, &copy_stack, &available), ==, PM_MD_OK);
  g_assert_cmpuint (available, ==, STACK_WORDS * ptr_size);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 0), ==, replaced);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 1), ==, 7);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 2), ==, 0x401234);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 3), ==, STACK_START + 16);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 4), ==, 0x10000010);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 5), ==, 0x20000010);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 6), ==, replaced);
  g_assert_cmphex (get_word (copy_stack, ptr_size, 7), ==, replaced);
  for (unsigned i = 8; i < 24; i++)
    g_assert_cmphex (get_word (copy_stack, ptr_size, i), ==, get_word (stack, ptr_size, i));
  for (unsigned i = 24; i < STACK_WORDS; i++)
    g_assert_cmphex (get_word (copy_stack, ptr_size, i), ==, 0);
  g_assert_cmpuint (stats.stack_words_replaced, ==, 3);
  g_assert_cmpuint (stats.initial_stack_bytes_zeroed, ==, (STACK_WORDS - 24) * ptr_size);

  /* Registers stay, FP/vector registers go. */
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpint (pm_minidump_read_context (md, t.context, &read_ctx), ==, PM_MD_OK);
  g_assert_cmphex (read_ctx.sp, ==, STACK_START);
  g_assert_cmphex (read_ctx.pc, ==, 0x401000);
  g_assert_null (memmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "secret", 6));

  /* Maps keep modules, kernel and anonymous names; other file names go. */
  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &maps_out, &maps_len), ==, PM_MD_OK);
  maps_text = g_strndup ((const char *) maps_out, maps_len);
  g_assert_cmpstr (maps_text, ==,
                   "00400000-00410000 r-xp 00000000 08:01 123 /bin/pm-test\n"
                   "20000000-20001000 rw-p 00000000 00:00 0 \n"
                   "30000000-30001000 rw-p 00000000 08:01 99\n"
                   "7ffc0000-7ffe0000 rw-p 00000000 00:00 0 [stack]\n");
  g_assert_false (pm_minidump_has_stream (md, PM_MD_STREAM_LINUX_ENVIRON));
  {
    PmMdPostmortemInfo copy_info;
    const uint8_t *status;
    size_t status_len;

    g_assert_cmpint (pm_minidump_get_postmortem_info (md, &copy_info), ==, PM_MD_OK);
    g_assert_cmphex (copy_info.flags, ==, PM_MD_POSTMORTEM_FLAG_SANITIZED);
    g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_PROC_STATUS, &status, &status_len), ==, PM_MD_OK);
    g_assert_cmpmem (status, status_len, "Pid:\t100\n", 9);
  }
  pm_minidump_close (md);
  g_bytes_unref (out);
}

static void
test_hand_made_64 (void)
{
  check_hand_made (8);
}

static void
test_hand_made_32 (void)
{
  check_hand_made (4);
}

int
main (int argc, char **argv)
{
  const char *dir = g_getenv ("PM_CORPUS_DIR");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/minidump/sanitize/hand-made-64", test_hand_made_64);
  g_test_add_func ("/minidump/sanitize/hand-made-32", test_hand_made_32);
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      /* The hand-made dumps still run. */
      g_print ("PM_CORPUS_DIR (%s) is not a directory: the third-party minidump corpus is absent; "
               "skipping the corpus tests\n", dir != NULL ? dir : "unset");
      return g_test_run ();
    }
  corpus_dir = g_strdup (dir);
  g_test_add_func ("/minidump/sanitize/corpus", test_corpus);
  g_test_add_func ("/minidump/sanitize/damaged", test_damaged);
  g_test_add_func ("/minidump/sanitize/refusals", test_refusals);
  return g_test_run ();
}
