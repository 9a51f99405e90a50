/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-reader-roundtrip.c — what the writer writes, the reader reads back
 * byte for byte:
 *  1. every record type written with pm_minidump_writer (the dumper's
 *     streaming writer) into a real file, read back and compared with
 *     memcmp against what was written;
 *  2. a live process of this test (threads with names, a heap block with a
 *     known pattern) dumped by the real postmortem-dumper (--type heap and
 *     mini), read back: threads and names, this executable's build-id, the
 *     pattern's bytes, the PostmortemInfo stream.
 *
 * Runs in: a test process (GLib test framework); the child it dumps is a
 * fork of itself. The dumper is found at $PM_DUMPER_PATH, else in the build
 * tree ($PM_BUILD_DIR/core/dumper/postmortem-dumper).
 */
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "pm-minidump-reader.h"
#include "pm-minidump-writer.h"
#include "pm-reader-exercise.h"

/* ---- 1. writer -> reader ------------------------------------------------- */

static void
test_writer_roundtrip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-roundtrip-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "w.dmp", NULL);
  PmMinidumpWriter *w = g_new0 (PmMinidumpWriter, 1);
  PmMdError error = { 0 };
  PmMinidump *md;
  int fd;
  uint32_t name_rva, cv_rva, ctx_rva, stack_rva, mem_rva, tname_rva, key_rva, value_rva, dict_rva;
  uint32_t writer_rva, note_rva;
  PmMdSystemInfo si = { 0 }, si_back;
  PmMdContextAmd64 ctx = { 0 };
  PmMdThread thread = { 0 };
  PmMdModule module = { 0 };
  PmMdExceptionStream ex = { 0 }, ex_back;
  PmMdMiscInfo misc = { 0 }, misc_back;
  PmMdPostmortemInfo pi = { 0 }, pi_back;
  PmMdMemoryDescriptor desc;
  PmMdThreadName tn;
  PmMdSimpleStringDictionaryEntry entry;
  uint8_t build_id[4 + 20];
  uint8_t stack[256], heap[4096];
  uint32_t one = 1;
  PmMdThreadRecord rec;
  PmMdContext ctx_back;
  PmMdModule module_back;
  PmMdModuleIds ids;
  char text[256];
  uint8_t back[4096];
  size_t n;
  const char *k, *v;
  size_t kl, vl;
  const char *maps = "00400000-00401000 r-xp 00000000 08:01 1 /usr/bin/roundtrip\n";
  const uint8_t *data;
  size_t size;
  PmMdHeader header;

  g_assert_nonnull (dir);
  fd = open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pm_minidump_writer_init (w, fd, 1700000000, PM_MD_TYPE_WITH_FULL_MEMORY), ==, 0);

  /* Payloads with recognisable bytes everywhere. */
  for (size_t i = 0; i < sizeof stack; i++)
    stack[i] = (uint8_t) (i * 7 + 3);
  for (size_t i = 0; i < sizeof heap; i++)
    heap[i] = (uint8_t) (i * 13 + 5);
  memcpy (build_id, "LEpB", 4);
  for (size_t i = 0; i < 20; i++)
    build_id[4 + i] = (uint8_t) (0xa0 + i);

  g_assert_cmpint (pm_minidump_writer_append_string (w, "/usr/bin/roundtrip", &name_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, build_id, sizeof build_id, &cv_rva), ==, 0);
  ctx.context_flags = PM_MD_CONTEXT_AMD64_FULL;
  ctx.rip = 0x401234;
  ctx.rsp = 0x7ffc0000;
  ctx.rbp = 0x7ffc0040;
  ctx.rax = 0x1122334455667788;
  ctx.flt_save.mx_csr = 0x1f80;
  ctx.vector_register[3].high = 0xdeadbeef;
  g_assert_cmpint (pm_minidump_writer_align (w, 16), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &ctx, sizeof ctx, &ctx_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, stack, sizeof stack, &stack_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, heap, sizeof heap, &mem_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_string (w, "roundtrip-main", &tname_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_utf8 (w, "Component", &key_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_utf8 (w, "reader \xc3\xa9t\xc3\xa9", &value_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_utf8 (w, "postmortem-dumper test", &writer_rva), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append_utf8 (w, "thread 99 vanished", &note_rva), ==, 0);

  si.processor_architecture = PM_MD_CPU_ARCH_AMD64;
  si.platform_id = PM_MD_OS_LINUX;
  si.number_of_processors = 8;
  si.processor_level = 6;
  si.processor_revision = 0x5504;
  memcpy (si.cpu.x86.vendor_id, "GenuineIntel", 12);
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_SYSTEM_INFO, &si, sizeof si), ==, 0);

  thread.thread_id = 4242;
  thread.stack.start_of_memory_range = 0x7ffc0000;
  thread.stack.memory = (PmMdLocation) { sizeof stack, stack_rva };
  thread.thread_context = (PmMdLocation) { sizeof ctx, ctx_rva };
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &one, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &thread, sizeof thread, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_THREAD_LIST), ==, 0);

  module.base_of_image = 0x400000;
  module.size_of_image = 0x1000;
  module.module_name_rva = name_rva;
  module.cv_record = (PmMdLocation) { sizeof build_id, cv_rva };
  module.version_info.signature = PM_MD_VS_FFI_SIGNATURE;
  module.version_info.file_version_hi = 0x00020003;
  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &one, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &module, sizeof module, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_MODULE_LIST), ==, 0);

  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, (uint32_t[]) { 2 }, 4, NULL), ==, 0);
  desc = (PmMdMemoryDescriptor) { 0x7ffc0000, { sizeof stack, stack_rva } };
  g_assert_cmpint (pm_minidump_writer_append (w, &desc, sizeof desc, NULL), ==, 0);
  desc = (PmMdMemoryDescriptor) { 0x10000000, { sizeof heap, mem_rva } };
  g_assert_cmpint (pm_minidump_writer_append (w, &desc, sizeof desc, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY_LIST), ==, 0);

  ex.thread_id = 4242;
  ex.exception_record.exception_code = 11;
  ex.exception_record.exception_flags = 1;
  ex.exception_record.exception_address = 0x10;
  ex.thread_context = thread.thread_context;
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_EXCEPTION, &ex, sizeof ex), ==, 0);

  misc.size_of_info = PM_MD_MISC_INFO_SIZE_1;
  misc.flags1 = PM_MD_MISC1_PROCESS_ID | PM_MD_MISC1_PROCESS_TIMES;
  misc.process_id = 777;
  misc.process_create_time = 1699999999;
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_MISC_INFO, &misc, PM_MD_MISC_INFO_SIZE_1), ==, 0);

  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &one, 4, NULL), ==, 0);
  tn = (PmMdThreadName) { 4242, tname_rva };
  g_assert_cmpint (pm_minidump_writer_append (w, &tn, sizeof tn, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_THREAD_NAMES), ==, 0);

  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_LINUX_MAPS, maps, strlen (maps)), ==, 0);

  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  dict_rva = pm_minidump_writer_tell (w);
  g_assert_cmpint (pm_minidump_writer_append (w, &one, 4, NULL), ==, 0);
  entry = (PmMdSimpleStringDictionaryEntry) { key_rva, value_rva };
  g_assert_cmpint (pm_minidump_writer_append (w, &entry, sizeof entry, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, 0x7777aaaa), ==, 0);   /* an unknown type */

  pi.version = PM_MD_POSTMORTEM_INFO_VERSION;
  pi.size_of_header = sizeof pi;
  pi.dump_type = PM_MD_POSTMORTEM_DUMP_TYPE_HEAP;
  pi.flags = PM_MD_POSTMORTEM_FLAG_CRASH;
  pi.process_id = 777;
  pi.crashing_thread_id = 4242;
  pi.signal_number = 11;
  pi.signal_code = 1;
  pi.fault_address = 0x10;
  pi.metadata = (PmMdLocation) { 12, dict_rva };
  pi.writer_rva = writer_rva;
  g_assert_cmpint (pm_minidump_writer_add_stream (w, PM_MD_STREAM_POSTMORTEM_INFO, &pi, sizeof pi), ==, 0);

  g_assert_cmpint (pm_minidump_writer_begin_stream (w), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &one, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_append (w, &note_rva, 4, NULL), ==, 0);
  g_assert_cmpint (pm_minidump_writer_end_stream (w, PM_MD_STREAM_POSTMORTEM_NOTES), ==, 0);

  g_assert_cmpint (pm_minidump_writer_finish (w), ==, 0);
  close (fd);
  g_free (w);

  md = pm_minidump_open (path, &error);
  if (md == NULL)
    g_error ("%s", error.message);
  pm_test_exercise_minidump (md);
  g_assert_cmpuint (pm_minidump_get_n_warnings (md), ==, 0);
  pm_minidump_get_header (md, &header);
  g_assert_cmpuint (header.time_date_stamp, ==, 1700000000);
  g_assert_cmphex (header.flags, ==, PM_MD_TYPE_WITH_FULL_MEMORY);
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, 11);

  g_assert_cmpint (pm_minidump_get_system_info (md, &si_back), ==, PM_MD_OK);
  g_assert_cmpmem (&si_back, sizeof si_back, &si, sizeof si);
  g_assert_cmpint (pm_minidump_format_cpu_info (md, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "GenuineIntel family 6 model 85 stepping 4");

  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 1);
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &rec), ==, PM_MD_OK);
  g_assert_cmpuint (rec.thread_id, ==, 4242);
  g_assert_cmpmem (&rec.context, sizeof rec.context, &thread.thread_context, sizeof thread.thread_context);
  g_assert_cmpint (pm_minidump_read_context (md, rec.context, &ctx_back), ==, PM_MD_OK);
  g_assert_cmpmem (&ctx_back.regs.amd64, sizeof ctx, &ctx, sizeof ctx);
  g_assert_cmphex (ctx_back.pc, ==, 0x401234);
  g_assert_cmpint (pm_minidump_get_thread_name (md, 4242, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "roundtrip-main");

  g_assert_cmpint (pm_minidump_get_module (md, 0, &module_back), ==, PM_MD_OK);
  g_assert_cmpmem (&module_back, sizeof module_back, &module, sizeof module);
  g_assert_cmpint (pm_minidump_read_string (md, module_back.module_name_rva, text, sizeof text, NULL), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "/usr/bin/roundtrip");
  g_assert_cmpint (pm_minidump_get_module_ids (md, &module_back, &ids), ==, PM_MD_OK);
  g_assert_cmpuint (ids.build_id_len, ==, 20);
  g_assert_cmpmem (ids.build_id, 20, build_id + 4, 20);
  g_assert_cmpstr (ids.code_id, ==, "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3");
  g_assert_cmpstr (ids.debug_id, ==, "A3A2A1A0A5A4A7A6A8A9AAABACADAEAF0");
  g_assert_cmpstr (ids.debug_file, ==, "roundtrip");

  g_assert_cmpint (pm_minidump_read_memory (md, 0x10000000, back, sizeof heap, &n), ==, PM_MD_OK);
  g_assert_cmpmem (back, n, heap, sizeof heap);
  g_assert_cmpint (pm_minidump_read_memory (md, 0x7ffc0000, back, sizeof stack, &n), ==, PM_MD_OK);
  g_assert_cmpmem (back, n, stack, sizeof stack);

  g_assert_cmpint (pm_minidump_get_exception (md, &ex_back), ==, PM_MD_OK);
  g_assert_cmpmem (&ex_back, sizeof ex_back, &ex, sizeof ex);
  g_assert_cmpint (pm_minidump_get_misc_info (md, &misc_back, NULL), ==, PM_MD_OK);
  g_assert_cmpmem (&misc_back, sizeof misc_back, &misc, sizeof misc);

  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &data, &size), ==, PM_MD_OK);
  g_assert_cmpmem (data, size, maps, strlen (maps));

  g_assert_cmpint (pm_minidump_get_postmortem_info (md, &pi_back), ==, PM_MD_OK);
  g_assert_cmpmem (&pi_back, sizeof pi_back, &pi, sizeof pi);
  g_assert_cmpint (pm_minidump_dictionary_get (md, pi_back.metadata, 0, &k, &kl, &v, &vl), ==, PM_MD_OK);
  g_assert_cmpmem (k, kl, "Component", 9);
  g_assert_cmpmem (v, vl, "reader \xc3\xa9t\xc3\xa9", 12);
  {
    PmMdLocation loc;
    g_assert_cmpint (pm_minidump_find_stream (md, PM_MD_STREAM_POSTMORTEM_NOTES, &loc), ==, PM_MD_OK);
    g_assert_cmpuint (pm_minidump_string_list_size (md, loc), ==, 1);
    g_assert_cmpint (pm_minidump_string_list_get (md, loc, 0, &k, &kl), ==, PM_MD_OK);
    g_assert_cmpmem (k, kl, "thread 99 vanished", 18);
  }
  pm_minidump_close (md);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- 2. a live process, dumped by postmortem-dumper ----------------------- */

#define PATTERN_SIZE (256 * 1024)
#define N_WORKERS 3

static int release_pipe[2];
static pthread_barrier_t named_barrier;

static void *
worker (void *data)
{
  char name[16];
  char c;

  g_snprintf (name, sizeof name, "rt-worker-%d", GPOINTER_TO_INT (data));
  pthread_setname_np (pthread_self (), name);
  pthread_barrier_wait (&named_barrier);   /* named before the child says it is ready */
  while (read (release_pipe[0], &c, 1) > 0)
    ;
  return NULL;
}

/* The child: a pattern on the heap, named threads; reports the pattern's
 * address on ready_fd and waits for the pipe to close. */
static G_GNUC_NORETURN void
child_main (int ready_fd)
{
  uint8_t *pattern = malloc (PATTERN_SIZE);
  pthread_t threads[N_WORKERS];
  uint64_t address;
  char c;

  for (size_t i = 0; i < PATTERN_SIZE; i++)
    pattern[i] = (uint8_t) ((i * 131u + 7u) ^ (i >> 9));
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);   /* EINVAL without Yama: fine */
  pthread_setname_np (pthread_self (), "rt-main");
  pthread_barrier_init (&named_barrier, NULL, N_WORKERS + 1);
  for (int i = 0; i < N_WORKERS; i++)
    pthread_create (&threads[i], NULL, worker, GINT_TO_POINTER (i));
  pthread_barrier_wait (&named_barrier);
  address = (uint64_t) (uintptr_t) pattern;
  if (write (ready_fd, &address, sizeof address) != sizeof address)
    _exit (3);
  while (read (release_pipe[0], &c, 1) > 0)
    ;
  _exit (pattern[12345] == (uint8_t) ((12345u * 131u + 7u) ^ (12345u >> 9)) ? 0 : 1);
}

static int
note_build_id (struct dl_phdr_info *info, size_t size, void *data)
{
  GByteArray *out = data;

  /* The first object is this executable. */
  for (int i = 0; i < info->dlpi_phnum && out->len == 0; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      const uint8_t *p, *end;

      if (ph->p_type != PT_NOTE)
        continue;
      p = (const uint8_t *) (info->dlpi_addr + ph->p_vaddr);
      end = p + ph->p_memsz;
      while (p + sizeof (ElfW (Nhdr)) <= end)
        {
          const ElfW (Nhdr) *nh = (const ElfW (Nhdr) *) p;
          const uint8_t *name = p + sizeof *nh;
          const uint8_t *desc = name + ((nh->n_namesz + 3) & ~3u);

          if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp (name, "GNU", 4) == 0)
            {
              g_byte_array_append (out, desc, nh->n_descsz);
              break;
            }
          p = desc + ((nh->n_descsz + 3) & ~3u);
        }
    }
  return 1;
}

static char *
dumper_path (void)
{
  const char *env = g_getenv ("PM_DUMPER_PATH");
  const char *build = g_getenv ("PM_BUILD_DIR");

  if (env != NULL)
    return g_strdup (env);
  if (build != NULL)
    return g_build_filename (build, "core", "dumper", "postmortem-dumper", NULL);
  return NULL;
}

static void
dump_live_child (const char *type)
{
  g_autofree char *dumper = dumper_path ();
  g_autofree char *dir = g_dir_make_tmp ("pm-roundtrip-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "live.dmp", NULL);
  g_autofree char *pid_text = NULL;
  g_autofree char *std_err = NULL;
  g_autoptr (GError) gerror = NULL;
  g_autoptr (GByteArray) build_id = g_byte_array_new ();
  int ready[2], status = 0;
  pid_t pid;
  uint64_t pattern_address = 0;
  PmMdError error = { 0 };
  PmMinidump *md;
  PmMdPostmortemInfo pi;
  gboolean heap = g_str_equal (type, "heap");
  guint named = 0, main_named = 0;
  gboolean module_found = FALSE;

  if (dumper == NULL || !g_file_test (dumper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("postmortem-dumper not built (set PM_DUMPER_PATH or PM_BUILD_DIR)");
      return;
    }
  dl_iterate_phdr (note_build_id, build_id);
  g_assert_cmpuint (build_id->len, >=, 8);

  g_assert_cmpint (pipe (release_pipe), ==, 0);
  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (release_pipe[1]);
      close (ready[0]);
      child_main (ready[1]);
    }
  close (release_pipe[0]);
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &pattern_address, sizeof pattern_address), ==, sizeof pattern_address);
  close (ready[0]);

  pid_text = g_strdup_printf ("%d", (int) pid);
  {
    const char *argv[] = { dumper, "--pid", pid_text, "--type", type, "--output", out, NULL };
    gboolean ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, &std_err, &status, &gerror);
    g_assert_no_error (gerror);
    g_assert_true (ran);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("postmortem-dumper --type %s failed: %s", type, std_err);
  }
  /* The child must survive the dump and find its pattern intact. */
  close (release_pipe[1]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  md = pm_minidump_open (out, &error);
  if (md == NULL)
    g_error ("reading the %s dump: %s", type, error.message);
  pm_test_exercise_minidump (md);
  for (size_t i = 0; i < pm_minidump_get_n_warnings (md); i++)
    g_test_message ("warning: %s", pm_minidump_get_warning (md, i));
  g_assert_cmpuint (pm_minidump_get_n_warnings (md), ==, 0);

  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 1 + N_WORKERS);
  for (size_t i = 0; i < pm_minidump_get_n_threads (md); i++)
    {
      PmMdThreadRecord t;
      PmMdContext ctx;
      char name[64];

      g_assert_cmpint (pm_minidump_get_thread (md, i, &t), ==, PM_MD_OK);
      g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
      g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_AMD64);
      g_assert_cmpuint (t.context.data_size, ==, 1232);
      /* The stack pointer lies in the captured stack. */
      g_assert_cmpuint (ctx.sp, >=, t.stack_start);
      g_assert_cmpuint (ctx.sp, <, t.stack_start + t.stack_size);
      if (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name) == PM_MD_OK)
        {
          if (g_str_has_prefix (name, "rt-worker-"))
            named++;
          if (g_str_equal (name, "rt-main"))
            {
              main_named++;
              g_assert_cmpuint (t.thread_id, ==, (uint32_t) pid);
            }
        }
    }
  g_assert_cmpuint (named, ==, N_WORKERS);
  g_assert_cmpuint (main_named, ==, 1);

  for (size_t i = 0; i < pm_minidump_get_n_modules (md); i++)
    {
      PmMdModule m;
      PmMdModuleIds ids;

      g_assert_cmpint (pm_minidump_get_module (md, i, &m), ==, PM_MD_OK);
      g_assert_cmpint (pm_minidump_get_module_ids (md, &m, &ids), ==, PM_MD_OK);
      if (ids.build_id_len == build_id->len && memcmp (ids.build_id, build_id->data, build_id->len) == 0)
        module_found = TRUE;
    }
  g_assert_true (module_found);

  g_assert_cmpint (pm_minidump_get_postmortem_info (md, &pi), ==, PM_MD_OK);
  g_assert_cmpuint (pi.process_id, ==, (uint32_t) pid);
  g_assert_cmpuint (pi.dump_type, ==, heap ? PM_MD_POSTMORTEM_DUMP_TYPE_HEAP : PM_MD_POSTMORTEM_DUMP_TYPE_MINI);
  g_assert_cmpuint (pi.flags & PM_MD_POSTMORTEM_FLAG_CRASH, ==, 0);

  {
    g_autofree uint8_t *back = g_malloc (PATTERN_SIZE);
    size_t n = 0;
    PmMdStatus st = pm_minidump_read_memory (md, pattern_address, back, PATTERN_SIZE, &n);

    if (heap)
      {
        /* Private read-write memory is in a heap dump: byte for byte. */
        g_assert_cmpint (st, ==, PM_MD_OK);
        g_assert_cmpuint (n, ==, PATTERN_SIZE);
        for (size_t i = 0; i < PATTERN_SIZE; i++)
          if (back[i] != (uint8_t) ((i * 131u + 7u) ^ (i >> 9)))
            g_error ("pattern byte %zu differs in the heap dump", i);
        g_assert_true (pm_minidump_has_stream (md, PM_MD_STREAM_MEMORY64_LIST));
      }
    else
      g_assert_cmpuint (n, <, PATTERN_SIZE);   /* a mini dump does not carry the heap */
  }
  pm_minidump_close (md);
  g_unlink (out);
  g_rmdir (dir);
}

static void
test_live_heap (void)
{
#if defined(__SANITIZE_ADDRESS__)
  /* The child is a fork of this test: under AddressSanitizer its private
   * writable memory includes the sanitizer's shadow (terabytes reserved). */
  g_test_skip ("a heap dump of an AddressSanitizer process would hold its shadow memory");
  return;
#endif
  dump_live_child ("heap");
}

static void
test_live_mini (void)
{
  dump_live_child ("mini");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/minidump/roundtrip/writer", test_writer_roundtrip);
  g_test_add_func ("/minidump/roundtrip/live-heap", test_live_heap);
  g_test_add_func ("/minidump/roundtrip/live-mini", test_live_mini);
  return g_test_run ();
}
