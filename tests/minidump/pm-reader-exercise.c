/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-reader-exercise.c — calls every accessor of the minidump reader on
 * every entry of an opened dump, the way a viewer would: the shared body of
 * the fuzz target, the corpus tests and the truncation tests.
 *
 * Runs in: test and fuzzer processes (libc only, like the reader).
 *
 * It asserts nothing about the content (it must survive any file); it
 * returns a checksum over what it read so the compiler keeps every read and
 * a sanitizer sees every byte touched. Loops are capped so a file that
 * claims millions of entries still takes bounded time here; the reader
 * itself has no such caps (its counts are bounded by the file size).
 */
#include "pm-reader-exercise.h"

#include <string.h>

#define CAP 512

static uint64_t
mix (uint64_t h, uint64_t v)
{
  return (h ^ v) * 0x100000001b3ull;
}

/* Touches the first 16 and the last byte of a range the reader handed out:
 * the range is contiguous, so if its ends are inside the input (ASan checks
 * both) all of it is; hashing every byte would make the fuzzer crawl. */
static uint64_t
mix_bytes (uint64_t h, const void *data, size_t len)
{
  const uint8_t *p = data;

  h = mix (h, len);
  for (size_t i = 0; i < len && i < 16; i++)
    h = mix (h, p[i]);
  if (len > 0)
    h = mix (h, p[len - 1]);
  return h;
}

static uint64_t
exercise_context (PmMinidump *md, PmMdLocation loc, uint64_t h)
{
  PmMdContext ctx;

  if (pm_minidump_read_context (md, loc, &ctx) == PM_MD_OK)
    {
      const uint8_t *p;
      uint64_t avail;
      uint8_t buf[64];
      size_t n;

      h = mix (mix (mix (h, ctx.pc), ctx.sp), ctx.fp);
      /* What a stack walker does next: read memory at sp and pc. */
      if (pm_minidump_get_memory (md, ctx.sp, &p, &avail) == PM_MD_OK && avail > 0)
        h = mix (h, p[0] ^ p[avail - 1]);
      if (pm_minidump_read_memory (md, ctx.pc, buf, sizeof buf, &n) == PM_MD_OK)
        h = mix_bytes (h, buf, n);
    }
  return h;
}

static uint64_t
exercise_dictionary (PmMinidump *md, PmMdLocation loc, uint64_t h)
{
  size_t n = pm_minidump_dictionary_size (md, loc);

  for (size_t i = 0; i < n && i < CAP; i++)
    {
      const char *k, *v;
      size_t kl, vl;

      if (pm_minidump_dictionary_get (md, loc, i, &k, &kl, &v, &vl) == PM_MD_OK)
        h = mix_bytes (mix_bytes (h, k, kl), v, vl);
    }
  return h;
}

uint64_t
pm_test_exercise_minidump (PmMinidump *md)
{
  uint64_t h = 0xcbf29ce484222325ull;
  char text[512];
  size_t n;

  {
    PmMdHeader header;
    pm_minidump_get_header (md, &header);
    h = mix (h, header.flags);
  }
  for (size_t i = 0; i < pm_minidump_get_n_warnings (md) && i < PM_MD_MAX_WARNINGS; i++)
    h = mix_bytes (h, pm_minidump_get_warning (md, i), strlen (pm_minidump_get_warning (md, i)));

  n = pm_minidump_get_n_streams (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdStreamInfo s;
      const uint8_t *data;
      size_t size;

      if (pm_minidump_get_stream_info (md, i, &s) != PM_MD_OK)
        continue;
      h = mix (h, s.type);
      if (pm_minidump_get_stream_data (md, s.type, &data, &size) == PM_MD_OK && size > 0)
        h = mix (h, data[0] ^ data[size - 1]);
    }

  {
    PmMdSystemInfo si;
    PmMdMiscInfo misc;
    PmMdBreakpadInfo bi;
    PmMdAssertionInfo ai;
    PmMdPostmortemInfo pi;
    PmMdCrashReason reason;
    PmMdExceptionStream ex;
    uint32_t misc_size;

    if (pm_minidump_get_system_info (md, &si) == PM_MD_OK)
      h = mix (h, si.platform_id);
    if (pm_minidump_format_os_version (md, text, sizeof text) == PM_MD_OK)
      h = mix_bytes (h, text, strlen (text));
    if (pm_minidump_format_cpu_info (md, text, sizeof text) == PM_MD_OK)
      h = mix_bytes (h, text, strlen (text));
    if (pm_minidump_get_misc_info (md, &misc, &misc_size) == PM_MD_OK)
      {
        h = mix (h, misc.process_id + misc_size);
        pm_md_utf16_to_utf8 (misc.build_string, 260, text, sizeof text);
        h = mix_bytes (h, text, strlen (text));
      }
    if (pm_minidump_get_breakpad_info (md, &bi) == PM_MD_OK)
      h = mix (h, bi.requesting_thread_id);
    if (pm_minidump_get_assertion_info (md, &ai) == PM_MD_OK)
      {
        pm_md_utf16_to_utf8 (ai.expression, 128, text, sizeof text);
        h = mix_bytes (h, text, strlen (text));
      }
    if (pm_minidump_get_postmortem_info (md, &pi) == PM_MD_OK)
      {
        h = exercise_dictionary (md, pi.metadata, h);
        if (pi.writer_rva != 0)
          {
            const char *w;
            size_t wl;
            if (pm_minidump_get_utf8_string (md, pi.writer_rva, &w, &wl) == PM_MD_OK)
              h = mix_bytes (h, w, wl);
          }
      }
    if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
      h = mix (h, reason.crash_address);
    if (pm_minidump_get_exception (md, &ex) == PM_MD_OK)
      h = exercise_context (md, ex.thread_context, h);
  }

  n = pm_minidump_get_n_threads (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdThreadRecord t;

      if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK)
        continue;
      h = exercise_context (md, t.context, h);
      if (pm_minidump_get_thread_name (md, t.thread_id, text, sizeof text) == PM_MD_OK)
        h = mix_bytes (h, text, strlen (text));
      {
        const uint8_t *p;
        uint64_t avail;
        if (pm_minidump_get_memory (md, t.stack_start, &p, &avail) == PM_MD_OK && avail > 0)
          h = mix (h, p[avail - 1]);
      }
    }
  n = pm_minidump_get_n_thread_infos (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdThreadInfo ti;
      if (pm_minidump_get_thread_info (md, i, &ti) == PM_MD_OK)
        h = mix (h, ti.start_address);
    }

  n = pm_minidump_get_n_modules (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdModule m;
      PmMdModuleIds ids;
      size_t found;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      if (pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL) == PM_MD_OK)
        h = mix_bytes (h, text, strlen (text));
      if (pm_minidump_get_module_ids (md, &m, &ids) == PM_MD_OK)
        h = mix_bytes (mix_bytes (h, ids.debug_id, strlen (ids.debug_id)), ids.code_id, strlen (ids.code_id));
      if (pm_minidump_find_module (md, m.base_of_image, &found) == PM_MD_OK)
        h = mix (h, found);
    }
  n = pm_minidump_get_n_unloaded_modules (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdUnloadedModule m;
      if (pm_minidump_get_unloaded_module (md, i, &m) == PM_MD_OK
          && pm_minidump_read_string (md, m.module_name_rva, text, sizeof text, NULL) == PM_MD_OK)
        h = mix_bytes (h, text, strlen (text));
    }

  n = pm_minidump_get_n_memory_ranges (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdMemoryRange r;
      uint8_t buf[32];
      size_t got;

      if (pm_minidump_get_memory_range (md, i, &r) != PM_MD_OK)
        continue;
      /* First and last bytes of every range, and a read across its end. */
      if (pm_minidump_read_memory (md, r.start, buf, 1, &got) == PM_MD_OK)
        h = mix (h, buf[0]);
      if (pm_minidump_read_memory (md, r.start + r.size - 1, buf, sizeof buf, &got) == PM_MD_OK)
        h = mix_bytes (h, buf, got);
    }
  n = pm_minidump_get_n_memory_infos (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdMemoryInfo mi;
      if (pm_minidump_get_memory_info (md, i, &mi) == PM_MD_OK)
        h = mix (h, mi.base_address ^ mi.region_size);
    }
  n = pm_minidump_get_n_handles (md);
  for (size_t i = 0; i < n && i < CAP; i++)
    {
      PmMdHandleDescriptor2 hd;
      if (pm_minidump_get_handle (md, i, &hd) == PM_MD_OK
          && pm_minidump_read_string (md, hd.base.object_name_rva, text, sizeof text, NULL) == PM_MD_OK)
        h = mix_bytes (h, text, strlen (text));
    }

  {
    PmMdLocation notes;

    if (pm_minidump_find_stream (md, PM_MD_STREAM_POSTMORTEM_NOTES, &notes) == PM_MD_OK)
      for (size_t i = 0, m = pm_minidump_string_list_size (md, notes); i < m && i < CAP; i++)
        {
          const char *s;
          size_t l;
          if (pm_minidump_string_list_get (md, notes, i, &s, &l) == PM_MD_OK)
            h = mix_bytes (h, s, l);
        }
  }

  {
    PmMdCrashpadInfo cp;

    if (pm_minidump_get_crashpad_info (md, &cp) == PM_MD_OK)
      {
        h = exercise_dictionary (md, cp.simple_annotations, h);
        n = pm_minidump_get_n_crashpad_modules (md);
        for (size_t i = 0; i < n && i < CAP; i++)
          {
            PmMdModuleCrashpadInfo mi;
            uint32_t module_index;

            if (pm_minidump_get_crashpad_module (md, i, &module_index, &mi) != PM_MD_OK)
              continue;
            h = exercise_dictionary (md, mi.simple_annotations, h);
            for (size_t j = 0, m = pm_minidump_string_list_size (md, mi.list_annotations); j < m && j < CAP; j++)
              {
                const char *s;
                size_t l;
                if (pm_minidump_string_list_get (md, mi.list_annotations, j, &s, &l) == PM_MD_OK)
                  h = mix_bytes (h, s, l);
              }
            for (size_t j = 0, m = pm_minidump_annotation_list_size (md, mi.annotation_objects); j < m && j < CAP; j++)
              {
                const char *name;
                const uint8_t *value;
                size_t nl, vl;
                uint16_t type;
                if (pm_minidump_annotation_list_get (md, mi.annotation_objects, j, &name, &nl, &type,
                                                     &value, &vl) == PM_MD_OK)
                  h = mix_bytes (mix_bytes (h, name, nl), value, vl);
              }
          }
      }
  }
  return h;
}
