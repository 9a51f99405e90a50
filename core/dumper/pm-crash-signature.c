/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-signature.c — the stack signature of a crash (module + offset of the first
 * meaningful frames), read from the minidump just written; see pm-crash-signature.h.
 *
 * Runs in: postmortem-dumper's crash mode (GLib), on the crashed process's clock: bounded
 * work over the dump's mapping, no other files.
 */
#include "pm-config.h"

#include "pm-crash-signature.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ELF and PE headers come first in a module: no code in the first bytes. */
#define PM_CRASH_SIGNATURE_MIN_CODE_OFFSET 0x100

/* Module file names (the part before ".so", ".dll" or ".dylib", or before "-VERSION.so")
 * whose frames never name a problem: the C runtime (abort, raise, __GI_*, __assert_fail),
 * the C++ runtime and its unwinder (std::terminate, __cxa_throw), the dynamic loader, the
 * vDSO, the crash handler of libpostmortem itself, the sanitizer runtimes (ASan intercepts
 * signals and pthread_kill, so an abort() of a sanitized build passes through libasan); and,
 * for dumps from other systems, their runtimes (ntdll, kernelbase, the CRTs; libsystem_*, dyld). Compared without case. */
static const char *const skipped_modules[] = {
  "libc", "libc++", "libc++abi", "libstdc++", "libgcc_s", "libunwind", "libpthread",
  "ld-linux", "ld-linux-x86-64", "ld-linux-aarch64", "ld-linux-armhf", "ld", "ld-musl-x86_64",
  "linux-vdso", "linux-gate", "libpostmortem", "libpostmortem-preload",
  "libasan", "libubsan", "libtsan", "liblsan", "libhwasan", "libclang_rt",
  "ntdll", "kernelbase", "kernel32", "ucrtbase", "ucrtbased", "msvcrt", "vcruntime140",
  "vcruntime140d", "msvcp140", "libsystem_kernel", "libsystem_c", "libsystem_pthread",
  "libsystem_platform", "libdyld", "dyld",
};

static gboolean
stem_is_skipped (const char *name,
                 gsize       stem)
{
  for (gsize i = 0; i < G_N_ELEMENTS (skipped_modules); i++)
    if (strlen (skipped_modules[i]) == stem && g_ascii_strncasecmp (name, skipped_modules[i], stem) == 0)
      return TRUE;
  return FALSE;
}

gboolean
pm_crash_signature_module_is_skipped (const char *basename)
{
  const char *ext;
  gsize stem;

  if (basename == NULL)
    return FALSE;
  /* "libc.so.6", "ld-linux-x86-64.so.2", "ntdll.dll", "libsystem_c.dylib". */
  stem = strcspn (basename, ".");
  ext = basename + stem;
  if ((g_str_has_prefix (ext, ".so") || g_ascii_strcasecmp (ext, ".dll") == 0 ||
       g_ascii_strcasecmp (ext, ".dylib") == 0) && stem_is_skipped (basename, stem))
    return TRUE;
  /* Old glibc names its files libc-2.31.so, libpthread-2.31.so. */
  for (const char *dash = strchr (basename, '-'); dash != NULL; dash = strchr (dash + 1, '-'))
    if (g_ascii_isdigit (dash[1]) && stem_is_skipped (basename, (gsize) (dash - basename)))
      return TRUE;
  /* dyld has no extension. */
  return ext[0] == '\0' && stem_is_skipped (basename, stem);
}

typedef struct
{
  uint64_t start, end;
} Range;

/* The executable mappings of the LinuxMaps stream ("start-end perms ..."), at most
 * max_ranges; 0 when the dump has no such stream. */
static gsize
read_exec_ranges (PmMinidump *md,
                  Range      *ranges,
                  gsize       max_ranges)
{
  const uint8_t *data;
  size_t size;
  gsize n = 0;
  const char *p, *end;

  if (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &data, &size) != PM_MD_OK)
    return 0;
  p = (const char *) data;
  end = p + size;
  while (p < end && n < max_ranges)
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      gsize len = (gsize) ((nl != NULL ? nl : end) - p);
      char line[64];
      unsigned long long start, stop;
      char perms[5];

      memcpy (line, p, MIN (len, sizeof line - 1));
      line[MIN (len, sizeof line - 1)] = '\0';
      if (sscanf (line, "%llx-%llx %4s", &start, &stop, perms) == 3 && perms[2] == 'x' && stop > start)
        {
          ranges[n].start = start;
          ranges[n].end = stop;
          n++;
        }
      p += len + 1;
    }
  return n;
}

static gboolean
in_ranges (const Range *ranges,
           gsize        n,
           uint64_t     address)
{
  for (gsize i = 0; i < n; i++)
    if (address >= ranges[i].start && address < ranges[i].end)
      return TRUE;
  return FALSE;
}

/* The basename of the module holding address and the offset in it; FALSE outside every
 * module. */
static gboolean
module_of (PmMinidump *md,
           uint64_t    address,
           char       *name,
           gsize       name_size,
           uint64_t   *offset)
{
  PmMdModule module;
  size_t index;
  char path[1024];
  const char *base;

  if (pm_minidump_find_module (md, address, &index) != PM_MD_OK ||
      pm_minidump_get_module (md, index, &module) != PM_MD_OK ||
      pm_minidump_read_string (md, module.module_name_rva, path, sizeof path, NULL) != PM_MD_OK)
    return FALSE;
  /* Dumps written on Windows name modules with backslashes. */
  base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;
  if (strrchr (base, '\\') != NULL)
    base = strrchr (base, '\\') + 1;
  g_strlcpy (name, base[0] != '\0' ? base : "unknown", name_size);
  /* Report.wer values are one line: a file name with a control character or space is
   * written with '?' in their place (the signature is space-separated). */
  for (char *c = name; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == ' ' || *c == 0x7f)
      *c = '?';
  *offset = address - module.base_of_image;
  return TRUE;
}

/* The signature of the stack whose registers are at @context in the dump. */
static char *
signature_of_context (PmMinidump   *md,
                      PmMdLocation  context)
{
  PmMdContext ctx;
  Range ranges[512];
  gsize n_ranges;
  guint pointer_size;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *first = NULL;
  guint n_meaningful = 0;
  char name[256];
  uint64_t offset;

  if (pm_minidump_read_context (md, context, &ctx) != PM_MD_OK)
    return NULL;
  pointer_size = ctx.cpu == PM_MD_CPU_X86 || ctx.cpu == PM_MD_CPU_ARM ? 4 : 8;
  n_ranges = read_exec_ranges (md, ranges, G_N_ELEMENTS (ranges));

  /* Frame 0, then the return addresses the scan finds. */
  for (int i = -1; i < PM_CRASH_SIGNATURE_SCAN_WORDS && n_meaningful < PM_CRASH_SIGNATURE_FRAMES; i++)
    {
      uint64_t address = 0;

      if (i < 0)
        address = ctx.pc;
      else
        {
          size_t got = 0;

          if (pm_minidump_read_memory (md, ctx.sp + (uint64_t) i * pointer_size, &address,
                                       pointer_size, &got) != PM_MD_OK || got != pointer_size)
            break;
          address = GUINT64_FROM_LE (address);
          if (pointer_size == 4)
            address &= 0xffffffffu;
          if (n_ranges > 0 && !in_ranges (ranges, n_ranges, address))
            continue;
        }
      if (!module_of (md, address, name, sizeof name, &offset))
        continue;
      /* A word pointing into a module's headers (its base, say) is no return address. */
      if (i >= 0 && offset < PM_CRASH_SIGNATURE_MIN_CODE_OFFSET)
        continue;
      if (pm_crash_signature_module_is_skipped (name))
        {
          if (first == NULL)
            first = g_strdup_printf ("%s+0x%" PRIx64, name, offset);
          continue;
        }
      g_string_append_printf (out, "%s%s+0x%" PRIx64, out->len > 0 ? " " : "", name, offset);
      n_meaningful++;
    }
  if (out->len == 0)
    return g_steal_pointer (&first);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
pm_crash_signature_compute (PmMinidump *md)
{
  PmMdExceptionStream ex;

  if (pm_minidump_get_exception (md, &ex) != PM_MD_OK)
    return NULL;
  return signature_of_context (md, ex.thread_context);
}

char *
pm_crash_signature_compute_for_thread (PmMinidump *md,
                                       uint32_t    thread_id)
{
  size_t n = pm_minidump_get_n_threads (md);

  for (size_t i = 0; i < n; i++)
    {
      PmMdThreadRecord thread;

      if (pm_minidump_get_thread (md, i, &thread) == PM_MD_OK && thread.thread_id == thread_id)
        return signature_of_context (md, thread.context);
    }
  return NULL;
}
