/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-reader-corpus.c — the reader against ../shared/corpus: every real and
 * synthetic dump gives the thread count, module count, exception code and
 * address its MANIFEST.tsv row asserts; malformed and non-MDMP files are
 * refused with a message or read partially with warnings; plus the specific
 * facts the origin projects' own tests assert (registers, ids, annotations,
 * memory reads).
 *
 * Runs in: a test process (GLib test framework). Skips (77) without the corpus.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "pm-minidump-reader.h"
#include "pm-reader-exercise.h"

static char *corpus_dir;

typedef struct
{
  char *filename;
  char *category;
  char *threads;
  char *modules;
  char *exception;
} ManifestRow;

static void
manifest_row_free (gpointer data)
{
  ManifestRow *r = data;

  g_free (r->filename);
  g_free (r->category);
  g_free (r->threads);
  g_free (r->modules);
  g_free (r->exception);
  g_free (r);
}

static GPtrArray *
load_manifest (void)
{
  g_autofree char *path = g_build_filename (corpus_dir, "MANIFEST.tsv", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (manifest_row_free);
  int c_file = -1, c_kind = -1, c_cat = -1, c_thr = -1, c_mod = -1, c_exc = -1;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  header = g_strsplit (lines[0], "\t", -1);
  for (int i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "filename")) c_file = i;
      else if (g_str_equal (header[i], "kind")) c_kind = i;
      else if (g_str_equal (header[i], "category")) c_cat = i;
      else if (g_str_equal (header[i], "threads")) c_thr = i;
      else if (g_str_equal (header[i], "modules")) c_mod = i;
      else if (g_str_equal (header[i], "exception")) c_exc = i;
    }
  g_assert_cmpint (c_file, >=, 0);
  g_assert_cmpint (c_kind, >=, 0);
  g_assert_cmpint (c_cat, >=, 0);
  g_assert_cmpint (c_thr, >=, 0);
  g_assert_cmpint (c_mod, >=, 0);
  g_assert_cmpint (c_exc, >=, 0);

  for (int i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      ManifestRow *r;

      if (g_strv_length (f) <= (guint) MAX (MAX (c_file, c_cat), MAX (MAX (c_thr, c_mod), c_exc)))
        continue;
      if (!g_str_equal (f[c_kind], "minidump"))
        continue;
      r = g_new0 (ManifestRow, 1);
      r->filename = g_strdup (f[c_file]);
      r->category = g_strdup (f[c_cat]);
      r->threads = g_strdup (f[c_thr]);
      r->modules = g_strdup (f[c_mod]);
      r->exception = g_strdup (f[c_exc]);
      g_ptr_array_add (rows, r);
    }
  return rows;
}

static PmMinidump *
open_corpus (const char *name)
{
  g_autofree char *path = g_build_filename (corpus_dir, name, NULL);
  PmMdError error = { 0 };
  PmMinidump *md = pm_minidump_open (path, &error);

  if (md == NULL)
    g_error ("%s: %s", name, error.message);
  return md;
}

/* ---- every MANIFEST row ------------------------------------------------ */

static void
test_manifest_rows (void)
{
  g_autoptr (GPtrArray) rows = load_manifest ();
  guint n_good = 0, n_bad = 0;

  g_assert_cmpuint (rows->len, >=, 40);
  for (guint i = 0; i < rows->len; i++)
    {
      ManifestRow *r = rows->pdata[i];
      g_autofree char *path = g_build_filename (corpus_dir, r->filename, NULL);
      PmMdError error = { 0 };
      PmMinidump *md = pm_minidump_open (path, &error);

      if (g_str_has_prefix (r->category, "real-") || g_str_equal (r->category, "synthetic"))
        {
          guint64 want_threads = r->threads[0] ? g_ascii_strtoull (r->threads, NULL, 10) : 0;
          guint64 want_modules = r->modules[0] ? g_ascii_strtoull (r->modules, NULL, 10) : 0;

          g_test_message ("%s (%s)", r->filename, r->category);
          if (md == NULL)
            g_error ("%s must open: %s", r->filename, error.message);
          g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, want_threads);
          g_assert_cmpuint (pm_minidump_get_n_modules (md), ==, want_modules);
          if (r->exception[0] != '\0')
            {
              PmMdExceptionStream ex;
              guint64 code, address;
              const char *at = strchr (r->exception, '@');

              g_assert_nonnull (at);
              code = g_ascii_strtoull (r->exception, NULL, 16);
              address = g_ascii_strtoull (at + 1, NULL, 16);
              g_assert_cmpint (pm_minidump_get_exception (md, &ex), ==, PM_MD_OK);
              g_assert_cmphex (ex.exception_record.exception_code, ==, code);
              g_assert_cmphex (ex.exception_record.exception_address, ==, address);
            }
          else
            {
              PmMdExceptionStream ex;
              g_assert_cmpint (pm_minidump_get_exception (md, &ex), ==, PM_MD_ERROR_NOT_FOUND);
            }
          /* Every thread has readable registers in these files. */
          for (size_t t = 0; t < pm_minidump_get_n_threads (md); t++)
            {
              PmMdThreadRecord rec;
              PmMdContext ctx;

              g_assert_cmpint (pm_minidump_get_thread (md, t, &rec), ==, PM_MD_OK);
              if (rec.context.data_size == 0)
                continue;   /* LLDB's padded-list sample has no contexts */
              if (pm_minidump_read_context (md, rec.context, &ctx) != PM_MD_OK)
                g_error ("%s thread %zu: %s", r->filename, t, pm_minidump_get_error_message (md));
              g_assert_cmpint (ctx.cpu, !=, PM_MD_CPU_UNKNOWN);
            }
          pm_test_exercise_minidump (md);
          n_good++;
        }
      else
        {
          /* malformed-* and non-MDMP: refused with a reason, or opened with
           * the problem reported; never a crash (this process would die). */
          g_test_message ("%s (%s): %s", r->filename, r->category,
                          md == NULL ? error.message : "opened");
          if (md == NULL)
            {
              g_assert_cmpint (error.status, !=, PM_MD_OK);
              g_assert_cmpstr (error.message, !=, "");
            }
          else
            {
              /* Read partially: what was skipped is said. */
              g_assert_cmpuint (pm_minidump_get_n_warnings (md), >, 0);
              pm_test_exercise_minidump (md);
            }
          n_bad++;
        }
      pm_minidump_close (md);
    }
  g_assert_cmpuint (n_good, >=, 30);
  g_assert_cmpuint (n_bad, >=, 4);
}

/* ---- malformed files: what exactly happens ------------------------------ */

static void
test_malformed_corpus (void)
{
  g_autofree char *path = NULL;
  PmMdError error = { 0 };
  PmMinidump *md;
  const uint8_t *data;
  size_t size;

  /* A microdump is text, not MDMP. */
  path = g_build_filename (corpus_dir, "breakpad__microdump-arm64.dmp", NULL);
  g_assert_null (pm_minidump_open (path, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_NOT_MINIDUMP);
  g_clear_pointer (&path, g_free);

  /* Two ThreadList streams: refused, naming the type. */
  path = g_build_filename (corpus_dir, "lldb__bad_duplicate_streams.dmp", NULL);
  g_assert_null (pm_minidump_open (path, &error));
  g_assert_cmpint (error.status, ==, PM_MD_ERROR_DUPLICATE_STREAM);
  g_assert_nonnull (strstr (error.message, "ThreadList"));
  g_clear_pointer (&path, g_free);

  /* Overlapping streams: read as they stand, with a warning. */
  md = open_corpus ("lldb__bad_overlapping_streams.dmp");
  g_assert_cmpuint (pm_minidump_get_n_warnings (md), >, 0);
  g_assert_nonnull (strstr (pm_minidump_get_warning (md, 0), "overlap"));
  pm_minidump_close (md);

  /* cargo-fuzz output: the header parses; three directory entries point
   * outside the 276-byte file and are listed as unreadable (asking for one
   * is an error, not a read). The fourth, LinuxMaps at 0 for 258 bytes, is
   * inside the file, so its (garbage) bytes are returned as they are. */
  md = open_corpus ("rustmd__invalid-range.dmp");
  g_assert_cmpuint (pm_minidump_get_n_streams (md), ==, 4);
  for (size_t i = 0; i < 3; i++)
    {
      PmMdStreamInfo info;
      g_assert_cmpint (pm_minidump_get_stream_info (md, i, &info), ==, PM_MD_OK);
      g_assert_cmpint (info.state, ==, PM_MD_STREAM_BEYOND_EOF);
    }
  g_assert_cmpint (pm_minidump_get_stream_data (md, 0x03000000, &data, &size), ==, PM_MD_ERROR_TRUNCATED);
  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &data, &size), ==, PM_MD_OK);
  g_assert_cmpuint (size, ==, 258);
  g_assert_cmpuint (pm_minidump_get_n_warnings (md), ==, 3);
  pm_minidump_close (md);
}

/* ---- facts the origin projects' tests assert ------------------------------ */

static void
test_minidump2 (void)
{
  PmMinidump *md = open_corpus ("breakpad__minidump2.dmp");
  PmMdCrashReason reason;
  PmMdBreakpadInfo bi;
  PmMdMiscInfo misc;
  PmMdModule m;
  PmMdModuleIds ids;
  PmMdHeader header;
  char text[256];
  uint32_t misc_size;

  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpuint (reason.thread_id, ==, 0xbf4);
  g_assert_cmpstr (reason.code_name, ==, "EXCEPTION_ACCESS_VIOLATION_WRITE");
  g_assert_cmphex (reason.crash_address, ==, 0x45);
  g_assert_cmphex (reason.address, ==, 0x40429e);

  g_assert_cmpint (pm_minidump_get_breakpad_info (md, &bi), ==, PM_MD_OK);
  g_assert_cmphex (bi.dump_thread_id, ==, 0x11c0);
  g_assert_cmphex (bi.requesting_thread_id, ==, 0xbf4);

  g_assert_cmpint (pm_minidump_get_misc_info (md, &misc, &misc_size), ==, PM_MD_OK);
  g_assert_cmpuint (misc_size, ==, PM_MD_MISC_INFO_SIZE_1);
  g_assert_cmpuint (misc.process_id, ==, 3932);
  pm_minidump_get_header (md, &header);
  g_assert_cmpuint (misc.process_create_time, ==, 0x45d35f73);
  g_assert_cmpuint (header.time_date_stamp, ==, 1171480435);

  g_assert_cmpint (pm_minidump_format_os_version (md, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "5.1.2600 Service Pack 2");
  g_assert_cmpint (pm_minidump_format_cpu_info (md, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "GenuineIntel family 6 model 13 stepping 8");

  g_assert_cmpint (pm_minidump_get_module (md, 0, &m), ==, PM_MD_OK);
  g_assert_cmphex (m.base_of_image, ==, 0x400000);
  g_assert_cmphex (m.size_of_image, ==, 0x2d000);
  g_assert_cmpint (pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "c:\\test_app.exe");
  g_assert_cmpint (pm_minidump_get_module_ids (md, &m, &ids), ==, PM_MD_OK);
  g_assert_cmpstr (ids.code_id, ==, "45D35F6C2d000");
  g_assert_cmpstr (ids.debug_id, ==, "5A9832E5287241C1838ED98914E9B7FF1");
  g_assert_cmpstr (ids.debug_file, ==, "c:\\test_app.pdb");

  g_assert_cmpint (pm_minidump_get_module (md, 12, &m), ==, PM_MD_OK);
  g_assert_cmphex (m.base_of_image, ==, 0x76bf0000);
  g_assert_cmphex (m.version_info.file_version_hi, ==, (5u << 16) | 1);
  g_assert_cmphex (m.version_info.file_version_lo, ==, (2600u << 16) | 2180);

  /* The crashing thread's registers at the fault. */
  {
    PmMdExceptionStream ex;
    PmMdContext ctx;

    g_assert_cmpint (pm_minidump_get_exception (md, &ex), ==, PM_MD_OK);
    g_assert_cmpint (pm_minidump_read_context (md, ex.thread_context, &ctx), ==, PM_MD_OK);
    g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_X86);
    g_assert_cmphex (ctx.pc, ==, 0x40429e);
    g_assert_cmphex (ctx.sp, ==, 0x12fe84);
    g_assert_cmphex (ctx.regs.x86.eax, ==, 0x45);
    g_assert_cmphex (ctx.regs.x86.eflags, ==, 0x10246);
  }

  /* The context to show and walk per thread: the exception's for the crashing thread
   * (its ThreadList context is inside ntdll), the ThreadList's for the others. */
  {
    PmMdThreadRecord t;
    PmMdContext ctx;
    bool from_exception;

    g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
    g_assert_cmpuint (t.thread_id, ==, 0xbf4);
    g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
    g_assert_cmphex (ctx.pc, ==, 0x7c90eb94);
    g_assert_cmpint (pm_minidump_read_thread_context (md, &t, &ctx, &from_exception), ==, PM_MD_OK);
    g_assert_true (from_exception);
    g_assert_cmphex (ctx.pc, ==, 0x40429e);
    g_assert_cmphex (ctx.sp, ==, 0x12fe84);

    g_assert_cmpint (pm_minidump_get_thread (md, 1, &t), ==, PM_MD_OK);
    g_assert_cmpuint (t.thread_id, ==, 4544);
    g_assert_cmpint (pm_minidump_read_thread_context (md, &t, &ctx, &from_exception), ==, PM_MD_OK);
    g_assert_false (from_exception);
    g_assert_cmphex (ctx.pc, ==, 0x7c90eb94);
    g_assert_cmpint (pm_minidump_read_thread_context (md, NULL, &ctx, NULL), ==, PM_MD_ERROR_INVALID_ARGUMENT);
  }
  pm_minidump_close (md);

  /* Linux writers (Breakpad's, LLDB's tests', ours) record the crashing thread's
   * registers at the fault in both places: the two contexts agree. */
  for (const char *const *name = (const char *const[]) { "breakpad__linux_divide_by_zero.dmp",
                                                          "breakpad__linux_null_read_av.dmp",
                                                          "rustmd__linux-mini.dmp", NULL };
       *name != NULL; name++)
    {
      PmMdExceptionStream ex;
      PmMdThreadRecord t;
      PmMdContext list_ctx, ctx;
      bool from_exception = false;
      gboolean seen = FALSE;

      md = open_corpus (*name);
      g_assert_cmpint (pm_minidump_get_exception (md, &ex), ==, PM_MD_OK);
      for (size_t i = 0; i < pm_minidump_get_n_threads (md); i++)
        if (pm_minidump_get_thread (md, i, &t) == PM_MD_OK && t.thread_id == ex.thread_id)
          {
            g_assert_cmpint (pm_minidump_read_context (md, t.context, &list_ctx), ==, PM_MD_OK);
            g_assert_cmpint (pm_minidump_read_thread_context (md, &t, &ctx, &from_exception), ==, PM_MD_OK);
            g_assert_true (from_exception);
            g_assert_cmphex (ctx.pc, ==, list_ctx.pc);
            g_assert_cmphex (ctx.sp, ==, list_ctx.sp);
            seen = TRUE;
          }
      g_assert_true (seen);
      pm_minidump_close (md);
    }

  /* The same file with garbage in the upper half of the parameter: a
   * 32-bit CPU's crash address ignores it. */
  md = open_corpus ("breakpad__minidump_32bit_crash_addr.dmp");
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "EXCEPTION_ACCESS_VIOLATION_WRITE");
  g_assert_cmphex (reason.crash_address, ==, 0x45);
  pm_minidump_close (md);
}

static void
test_linux_dumps (void)
{
  PmMinidump *md;
  PmMdCrashReason reason;
  PmMdModule m;
  PmMdModuleIds ids;
  PmMdThreadRecord t;
  PmMdContext ctx;
  char text[256];
  uint8_t buf[512];
  size_t n;
  const uint8_t *data;
  size_t size;

  md = open_corpus ("lldb__Inputs_linux-x86_64.dmp");
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.thread_id, ==, 16001);
  g_assert_cmpuint (t.context.data_size, ==, 1232);
  g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_AMD64);
  g_assert_cmphex (ctx.regs.amd64.rip, ==, 0x401dc6);
  g_assert_cmphex (ctx.regs.amd64.rsp, ==, 0x7ffceb34a210);
  g_assert_cmphex (ctx.regs.amd64.eflags, ==, 0x10206);
  /* LLDB's GetMemory(0x401d46, 512) gets the 256 bytes the range holds. */
  g_assert_cmpint (pm_minidump_read_memory (md, 0x401d46, buf, 512, &n), ==, PM_MD_OK);
  g_assert_cmpuint (n, ==, 256);
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "SIGSEGV");
  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_PROC_STATUS, &data, &size), ==, PM_MD_OK);
  g_assert_nonnull (g_strstr_len ((const char *) data, (gssize) size, "Pid:\t16001"));
  for (const char *want[] = { "a.out", "libm-2.19.so", "libc-2.19.so", "libgcc_s.so.1",
                              "libstdc++.so.6.0.19", "libpthread-2.19.so", "ld-2.19.so",
                              "linux-gate.so", NULL }, **w = want; *w != NULL; w++)
    {
      gboolean found = FALSE;
      for (size_t i = 0; i < pm_minidump_get_n_modules (md); i++)
        {
          g_assert_cmpint (pm_minidump_get_module (md, i, &m), ==, PM_MD_OK);
          g_assert_cmpint (pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL), ==, PM_MD_OK);
          if (g_str_has_suffix (text, *w))
            found = TRUE;
        }
      if (!found)
        g_error ("module %s missing", *w);
    }
  pm_minidump_close (md);

  md = open_corpus ("lldb__linux-i386.dmp");
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_X86);
  g_assert_cmphex (ctx.regs.x86.eax, ==, 0);
  g_assert_cmphex (ctx.regs.x86.ebx, ==, 0xf7778000);
  g_assert_cmphex (ctx.regs.x86.ecx, ==, 1);
  g_assert_cmphex (ctx.regs.x86.edx, ==, 0xff9dd4a3);
  g_assert_cmphex (ctx.regs.x86.edi, ==, 0x080482a8);
  g_assert_cmphex (ctx.regs.x86.esi, ==, 0xff9dd55c);
  g_assert_cmphex (ctx.regs.x86.ebp, ==, 0xff9dd53c);
  g_assert_cmphex (ctx.regs.x86.esp, ==, 0xff9dd52c);
  g_assert_cmphex (ctx.regs.x86.eip, ==, 0x080482a0);
  g_assert_cmphex (ctx.regs.x86.eflags, ==, 0x10282);
  g_assert_cmphex (ctx.regs.x86.cs, ==, 0x23);
  g_assert_cmphex (ctx.regs.x86.gs, ==, 0x63);
  g_assert_cmphex (ctx.regs.x86.ss, ==, 0x2b);
  g_assert_cmphex (ctx.regs.x86.ds, ==, 0x2b);
  g_assert_cmphex (ctx.regs.x86.es, ==, 0x2b);
  pm_minidump_close (md);

  /* Crashpad Linux: an 8-byte build-id. */
  md = open_corpus ("breakpad__linux_inline.dmp");
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "SIGILL");
  g_assert_cmpstr (reason.detail_name, ==, "ILL_ILLOPN");
  g_assert_cmpint (pm_minidump_get_module (md, 0, &m), ==, PM_MD_OK);
  g_assert_cmpint (pm_minidump_get_module_ids (md, &m, &ids), ==, PM_MD_OK);
  g_assert_cmphex (ids.cv_signature, ==, PM_MD_CV_SIGNATURE_ELF);
  g_assert_cmpuint (ids.build_id_len, ==, 8);
  g_assert_cmpstr (ids.code_id, ==, "10faa6bbaab83db3");
  g_assert_cmpstr (ids.debug_id, ==, "BBA6FA10B8AAB33D00000000000000000");
  g_assert_cmpstr (ids.debug_file, ==, "linux_inline");
  pm_minidump_close (md);

  /* 20-byte build-ids on ARM. */
  md = open_corpus ("lldb__linux-arm-uuids-elf-build-id-20.dmp");
  g_assert_cmpuint (pm_minidump_get_n_modules (md), ==, 2);
  for (size_t i = 0; i < 2; i++)
    {
      g_assert_cmpint (pm_minidump_get_module (md, i, &m), ==, PM_MD_OK);
      g_assert_cmpint (pm_minidump_get_module_ids (md, &m, &ids), ==, PM_MD_OK);
      g_assert_cmpuint (ids.build_id_len, ==, 20);
      g_assert_cmpuint (strlen (ids.code_id), ==, 40);
      g_assert_cmpint (pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL), ==, PM_MD_OK);
      g_assert_cmpstr (text, ==, i == 0 ? "/tmp/a" : "/tmp/b");
    }
  pm_minidump_close (md);

  /* Breakpad Linux OS version and the Linux text streams. */
  md = open_corpus ("rustmd__linux-mini.dmp");
  g_assert_cmpint (pm_minidump_format_os_version (md, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "4.9.60-linuxkit-aufs #1 SMP Mon Nov 6 16:00:12 UTC 2017");
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.thread_id, ==, 1304);
  g_assert_cmpint (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &data, &size), ==, PM_MD_OK);
  {
    guint lines = 0;
    for (size_t i = 0; i < size; i++)
      lines += data[i] == '\n';
    g_assert_cmpuint (lines, ==, 35);
  }
  g_assert_true (pm_minidump_has_stream (md, PM_MD_STREAM_MOZ_SOFT_ERRORS));
  pm_minidump_close (md);

  /* getsentry/symbolic's test: libc's debug id 451a38b5-0679-79d2-0738-22a5ceb24c4b. */
  md = open_corpus ("symbolic__linux-mini.dmp");
  g_assert_cmpint (pm_minidump_get_module (md, 2, &m), ==, PM_MD_OK);
  g_assert_cmpint (pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "/lib/x86_64-linux-gnu/libc-2.23.so");
  g_assert_cmpint (pm_minidump_get_module_ids (md, &m, &ids), ==, PM_MD_OK);
  g_assert_cmpstr (ids.debug_id, ==, "451A38B5067979D2073822A5CEB24C4B0");
  {
    PmMdHeader header;
    pm_minidump_get_header (md, &header);
    g_assert_cmpuint (header.time_date_stamp, ==, 1522061032);
  }
  pm_minidump_close (md);

  /* Every Breakpad Linux text stream, and LLDB's extra ones. */
  md = open_corpus ("lldb__dump-content.dmp");
  {
    static const struct { uint32_t type; const char *text; } want[] = {
      { PM_MD_STREAM_LINUX_CPU_INFO, "cpu info output" },
      { PM_MD_STREAM_LINUX_PROC_STATUS, "/proc/<pid>/status output" },
      { PM_MD_STREAM_LINUX_LSB_RELEASE, "/etc/lsb-release output" },
      { PM_MD_STREAM_LINUX_CMD_LINE, "/proc/<pid>/cmdline output" },
      { PM_MD_STREAM_LINUX_ENVIRON, "/proc/<pid>/environ output" },
      { PM_MD_STREAM_LINUX_AUXV, "/proc/<pid>/auxv output" },
      { PM_MD_STREAM_LINUX_MAPS, "400dc000-400dd000 rw-p 00000000 00:00 0" },
      { PM_MD_STREAM_LINUX_PROC_STAT, "/proc/<pid>/stat output" },
      { PM_MD_STREAM_LINUX_PROC_UPTIME, "uptime output" },
      { PM_MD_STREAM_LINUX_PROC_FD, "/proc/<pid>/fd output" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (want); i++)
      {
        g_assert_cmpint (pm_minidump_get_stream_data (md, want[i].type, &data, &size), ==, PM_MD_OK);
        if (g_strstr_len ((const char *) data, (gssize) size, want[i].text) == NULL)
          g_error ("stream 0x%x lacks \"%s\": %.*s", want[i].type, want[i].text, (int) size, data);
      }
  }
  pm_minidump_close (md);
}

static void
test_arm_contexts (void)
{
  PmMinidump *md;
  PmMdThreadRecord t;
  PmMdContext ctx;

  /* Breakpad's old ARM64 layout (796 bytes), converted. */
  md = open_corpus ("lldb__arm64-macos.dmp");
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.context.data_size, ==, 796);
  g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_ARM64);
  g_assert_true (ctx.arm64_old_layout);
  for (guint64 i = 0; i < 29; i++)
    g_assert_cmphex (ctx.regs.arm64.x[i], ==, (i + 1) | ((i + 2) << 32) | ((i + 3) << 48));
  g_assert_cmphex (ctx.fp, ==, 30 | (31ull << 32) | (32ull << 48));
  g_assert_cmphex (ctx.regs.arm64.x[30], ==, 31 | (32ull << 32) | (33ull << 48));
  g_assert_cmphex (ctx.sp, ==, 32 | (33ull << 32) | (34ull << 48));
  g_assert_cmphex (ctx.pc, ==, 0x1000);
  g_assert_cmphex (ctx.regs.arm64.cpsr, ==, 0x11223344);
  pm_minidump_close (md);

  /* ARM (368 bytes): pc is r15, sp r13, fp r11 on Linux. */
  md = open_corpus ("lldb__arm-linux.dmp");
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.context.data_size, ==, 368);
  g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
  g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_ARM);
  /* LLDB's test: r0..r15 = 1..16, cpsr 0x11223344 (flags 0x40000006). */
  for (guint i = 0; i < 16; i++)
    g_assert_cmphex (ctx.regs.arm.iregs[i], ==, i + 1);
  g_assert_cmphex (ctx.regs.arm.cpsr, ==, 0x11223344);
  g_assert_cmphex (ctx.flags, ==, 0x40000006);
  g_assert_cmphex (ctx.pc, ==, 16);
  g_assert_cmphex (ctx.sp, ==, 14);
  g_assert_cmphex (ctx.fp, ==, 12);
  pm_minidump_close (md);
}

static void
test_padded_lists (void)
{
  PmMinidump *md;
  PmMdThreadRecord t;
  PmMdModule m;
  PmMdMemoryRange r;

  md = open_corpus ("lldb__thread-list-padded.dmp");
  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 2);
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmphex (t.thread_id, ==, 0x11223344);
  g_assert_cmpint (pm_minidump_get_thread (md, 1, &t), ==, PM_MD_OK);
  g_assert_cmphex (t.thread_id, ==, 0x55667788);
  pm_minidump_close (md);

  md = open_corpus ("lldb__module-list-padded.dmp");
  g_assert_cmpint (pm_minidump_get_module (md, 0, &m), ==, PM_MD_OK);
  g_assert_cmphex (m.base_of_image, ==, 0x1000);
  g_assert_cmphex (m.size_of_image, ==, 0x2000);
  g_assert_cmpint (pm_minidump_get_module (md, 1, &m), ==, PM_MD_OK);
  g_assert_cmphex (m.base_of_image, ==, 0x5000);
  g_assert_cmphex (m.size_of_image, ==, 0x3000);
  pm_minidump_close (md);

  md = open_corpus ("lldb__memory-list-padded.dmp");
  g_assert_cmpuint (pm_minidump_get_n_memory_ranges (md), ==, 2);
  g_assert_cmpint (pm_minidump_get_memory_range (md, 0, &r), ==, PM_MD_OK);
  g_assert_cmphex (r.start, ==, 0x8000);
  g_assert_cmpint (pm_minidump_get_memory_range (md, 1, &r), ==, PM_MD_OK);
  g_assert_cmphex (r.start, ==, 0x8010);
  pm_minidump_close (md);

  /* Memory64List only: ranges derived from the descriptors. */
  md = open_corpus ("lldb__regions-memlist64.dmp");
  g_assert_cmpuint (pm_minidump_get_n_memory_ranges (md), >, 0);
  for (size_t i = 0; i < pm_minidump_get_n_memory_ranges (md); i++)
    {
      g_assert_cmpint (pm_minidump_get_memory_range (md, i, &r), ==, PM_MD_OK);
      g_assert_true (r.from_memory64);
    }
  pm_minidump_close (md);
}

static void
test_windows_streams (void)
{
  PmMinidump *md;
  PmMdAssertionInfo ai;
  PmMdMiscInfo misc;
  PmMdCrashReason reason;
  PmMdThreadRecord t;
  char text[512];
  guint named = 0;
  uint32_t misc_size;

  md = open_corpus ("rustmd__invalid-parameter.dmp");
  g_assert_cmpint (pm_minidump_get_assertion_info (md, &ai), ==, PM_MD_OK);
  pm_md_utf16_to_utf8 (ai.expression, G_N_ELEMENTS (ai.expression), text, sizeof text);
  g_assert_cmpstr (text, ==, "format != nullptr");
  pm_md_utf16_to_utf8 (ai.function, G_N_ELEMENTS (ai.function), text, sizeof text);
  g_assert_cmpstr (text, ==, "common_vfprintf");
  pm_md_utf16_to_utf8 (ai.file, G_N_ELEMENTS (ai.file), text, sizeof text);
  g_assert_cmpstr (text, ==, "minkernel\\crts\\ucrt\\src\\appcrt\\stdio\\output.cpp");
  g_assert_cmpuint (ai.line, ==, 32);
  g_assert_cmpuint (ai.type, ==, PM_MD_ASSERTION_TYPE_INVALID_PARAMETER);
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "EXCEPTION_INVALID_PARAMETER");
  pm_minidump_close (md);

  md = open_corpus ("breakpad__thread_name_list.dmp");
  for (size_t i = 0; i < pm_minidump_get_n_threads (md); i++)
    {
      g_assert_cmpint (pm_minidump_get_thread (md, i, &t), ==, PM_MD_OK);
      if (pm_minidump_get_thread_name (md, t.thread_id, text, sizeof text) == PM_MD_OK)
        named++;
    }
  g_assert_cmpuint (named, ==, 3);
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "EXCEPTION_ACCESS_VIOLATION_READ");
  pm_minidump_close (md);

  /* Not crashed; a CONTEXT with XSAVE data (1407 bytes); MemoryInfoList,
   * HandleData and UnloadedModuleList present. */
  md = open_corpus ("breakpad__tiny-exe-with-cet-xsave.dmp");
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_ERROR_NOT_FOUND);
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.context.data_size, ==, 1407);
  {
    PmMdContext ctx;
    PmMdHeader header;
    g_assert_cmpint (pm_minidump_read_context (md, t.context, &ctx), ==, PM_MD_OK);
    g_assert_cmpint (ctx.cpu, ==, PM_MD_CPU_AMD64);
    pm_minidump_get_header (md, &header);
    g_assert_cmphex (header.flags & PM_MD_TYPE_WITH_AVX_XSTATE_CONTEXT, !=, 0);
  }
  g_assert_cmpint (pm_minidump_format_os_version (md, text, sizeof text), ==, PM_MD_OK);
  g_assert_cmpstr (text, ==, "10.0.22000 282");
  g_assert_cmpuint (pm_minidump_get_n_memory_infos (md), >, 0);
  g_assert_cmpuint (pm_minidump_get_n_handles (md), >, 0);
  g_assert_true (pm_minidump_has_stream (md, PM_MD_STREAM_UNLOADED_MODULE_LIST));
  {
    PmMdMemoryInfo mi;
    PmMdHandleDescriptor2 hd;
    g_assert_cmpint (pm_minidump_get_memory_info (md, 0, &mi), ==, PM_MD_OK);
    g_assert_cmpuint (mi.region_size, >, 0);
    g_assert_cmpint (pm_minidump_get_handle (md, 0, &hd), ==, PM_MD_OK);
  }
  g_assert_cmpint (pm_minidump_get_misc_info (md, &misc, &misc_size), ==, PM_MD_OK);
  g_assert_cmpuint (misc_size, >=, PM_MD_MISC_INFO_SIZE_2);
  pm_minidump_close (md);

  md = open_corpus ("lldb__fizzbuzz_no_heap.dmp");
  g_assert_cmpint (pm_minidump_get_misc_info (md, &misc, NULL), ==, PM_MD_OK);
  g_assert_cmpuint (misc.process_id, ==, 4440);
  g_assert_cmpuint (pm_minidump_get_n_thread_infos (md), ==, 1);
  pm_minidump_close (md);
}

static void
test_crashpad (void)
{
  PmMinidump *md;
  PmMdCrashpadInfo cp;
  const char *k, *v;
  size_t kl, vl;
  gboolean saw_abort = FALSE;
  guint objects_in_first = 0;
  static const char *const want_objects[] = {
    "exceptionReason", "exceptionName", "firstexception_bt", "firstexception", "CounterAnnotation",
  };

  md = open_corpus ("rustmd__simple-crashpad.dmp");
  g_assert_cmpint (pm_minidump_get_crashpad_info (md, &cp), ==, PM_MD_OK);
  g_assert_cmphex (cp.report_id.data1, ==, 0x42F9DE72);
  g_assert_cmphex (cp.client_id.data1, ==, 0x6FD2B3B9);
  g_assert_cmpuint (pm_minidump_dictionary_size (md, cp.simple_annotations), ==, 1);
  g_assert_cmpint (pm_minidump_dictionary_get (md, cp.simple_annotations, 0, &k, &kl, &v, &vl), ==, PM_MD_OK);
  g_assert_cmpmem (k, kl, "hello", 5);
  g_assert_cmpmem (v, vl, "world", 5);
  g_assert_cmpuint (pm_minidump_get_n_crashpad_modules (md), ==, 2);
  for (size_t i = 0; i < 2; i++)
    {
      PmMdModuleCrashpadInfo mi;
      uint32_t module_index;
      const char *s;
      size_t l;

      g_assert_cmpint (pm_minidump_get_crashpad_module (md, i, &module_index, &mi), ==, PM_MD_OK);
      if (i == 0)
        {
          g_assert_cmpuint (module_index, ==, 16);
          g_assert_cmpuint (pm_minidump_string_list_size (md, mi.list_annotations), ==, 1);
          g_assert_cmpint (pm_minidump_string_list_get (md, mi.list_annotations, 0, &s, &l), ==, PM_MD_OK);
          g_assert_cmpmem (s, l, "abort() called", 14);
          saw_abort = TRUE;
        }
    }
  g_assert_true (saw_abort);
  pm_minidump_close (md);

  /* iOS: two module annotation-object lists; the first has five. */
  md = open_corpus ("breakpad__minidump_crashpad_annotation.dmp");
  g_assert_cmpuint (pm_minidump_get_n_crashpad_modules (md), ==, 2);
  {
    PmMdModuleCrashpadInfo mi;
    uint32_t module_index;

    g_assert_cmpint (pm_minidump_get_crashpad_module (md, 0, &module_index, &mi), ==, PM_MD_OK);
    objects_in_first = (guint) pm_minidump_annotation_list_size (md, mi.annotation_objects);
    g_assert_cmpuint (objects_in_first, ==, 5);
    for (size_t j = 0; j < 5; j++)
      {
        const char *name;
        const uint8_t *value;
        size_t nl, vlen;
        uint16_t type;

        g_assert_cmpint (pm_minidump_annotation_list_get (md, mi.annotation_objects, j, &name, &nl,
                                                          &type, &value, &vlen), ==, PM_MD_OK);
        g_assert_cmpmem (name, nl, want_objects[j], strlen (want_objects[j]));
        g_assert_cmpuint (type, >, 0);
        g_assert_cmpuint (vlen, >, 0);
      }
  }
  g_assert_cmpuint (pm_minidump_get_n_threads (md), ==, 7);
  g_assert_true (pm_minidump_has_stream (md, PM_MD_STREAM_THREAD_NAMES));
  pm_minidump_close (md);
}

static void
test_macos (void)
{
  PmMinidump *md;
  PmMdCrashReason reason;
  PmMdThreadRecord t;
  char name[64];

  md = open_corpus ("rustmd__pipeline-inlines-macos-segv.dmp");
  g_assert_cmpint (pm_minidump_get_crash_reason (md, &reason), ==, PM_MD_OK);
  g_assert_cmpstr (reason.code_name, ==, "EXC_BAD_ACCESS");
  g_assert_cmpstr (reason.detail_name, ==, "KERN_INVALID_ADDRESS");
  g_assert_cmphex (reason.crash_address, ==, 0xffffffff80000042);
  g_assert_cmpint (pm_minidump_get_thread (md, 0, &t), ==, PM_MD_OK);
  g_assert_cmpuint (t.thread_id, ==, 4611);
  g_assert_cmpint (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name), ==, PM_MD_OK);
  g_assert_cmpstr (name, ==, "main");
  pm_minidump_close (md);
}

/* Truncate every real dump at many points: each prefix is refused or read
 * partially; none faults (ASan runs this too). */
static void
test_truncations (void)
{
  g_autoptr (GPtrArray) rows = load_manifest ();
  guint refused = 0, partial = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      ManifestRow *r = rows->pdata[i];
      g_autofree char *path = g_build_filename (corpus_dir, r->filename, NULL);
      g_autofree char *data = NULL;
      gsize size;
      gsize step;

      if (!g_str_has_prefix (r->category, "real-"))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &size, NULL));
      step = MAX (size / 97, 1);
      for (gsize cut = 0; cut < size; cut += step)
        {
          /* An exact-size copy so ASan catches any read past the cut. */
          g_autofree char *copy = g_memdup2 (data, MAX (cut, 1));
          PmMdError error = { 0 };
          PmMinidump *md = pm_minidump_open_memory (copy, cut, &error);

          if (md == NULL)
            {
              g_assert_cmpstr (error.message, !=, "");
              refused++;
              continue;
            }
          pm_test_exercise_minidump (md);
          pm_minidump_close (md);
          partial++;
        }
    }
  g_test_message ("truncated prefixes: %u refused, %u read partially", refused, partial);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (partial, >, 0);
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

  g_test_add_func ("/minidump/corpus/manifest", test_manifest_rows);
  g_test_add_func ("/minidump/corpus/malformed", test_malformed_corpus);
  g_test_add_func ("/minidump/corpus/minidump2", test_minidump2);
  g_test_add_func ("/minidump/corpus/linux", test_linux_dumps);
  g_test_add_func ("/minidump/corpus/arm", test_arm_contexts);
  g_test_add_func ("/minidump/corpus/padded-lists", test_padded_lists);
  g_test_add_func ("/minidump/corpus/windows", test_windows_streams);
  g_test_add_func ("/minidump/corpus/crashpad", test_crashpad);
  g_test_add_func ("/minidump/corpus/macos", test_macos);
  g_test_add_func ("/minidump/corpus/truncations", test_truncations);
  return g_test_run ();
}
