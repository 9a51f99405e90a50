/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-sanitize.c — writes a copy of a minidump without the
 * process's strings: sanitized stacks, numbers, annotations (see the header
 * for what is kept and why).
 *
 * Runs in: any ordinary process; libc only. The input is read through the
 * bounds-checked reader (records) and pread() (stack bytes, CodeView
 * records); the output goes through the streaming writer. Every byte copied
 * is charged to a budget proportional to the input's size, so records that
 * point many times at one large string cannot blow the output up.
 */
#include "pm-minidump-sanitize.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm-minidump-format.h"
#include "pm-minidump-reader.h"
#include "pm-minidump-writer.h"

#define CHUNK_SIZE        (64 * 1024)
/* The auxiliary vector is validated in the bytes after a candidate: at
 * most this many (key, value) pairs, keys below AUXV_MAX_KEY. */
#define AUXV_MAX_PAIRS    64
#define AUXV_MAX_KEY      64
#define AUXV_AT_NULL      0
#define AUXV_AT_PAGESZ    6
/* Crashpad keeps words up to this value: small numbers (counts, flags,
 * characters) say nothing and help reading a frame. */
#define SMALL_WORD_MAX    4096
#define MAX_CV_RECORD     (64 * 1024)
#define MAX_NAME_UTF8     (16 * 1024)

typedef struct
{
  uint64_t start;
  uint64_t end;                 /* exclusive */
} Range;

typedef struct
{
  Range  *items;
  size_t  n;
  size_t  capacity;
} RangeSet;

typedef struct
{
  PmMinidump              *md;
  int                      in_fd;
  int                      out_fd;
  uint64_t                 file_size;
  PmMinidumpWriter        *w;
  PmMinidumpSanitizeStats *stats;
  char                    *error;
  size_t                   error_size;

  PmMdCpu                  cpu;
  unsigned                 ptr_size;
  uint64_t                 budget;        /* bytes the output may still take */

  RangeSet                 pointers;      /* where a kept word may point */
  RangeSet                 modules;       /* module ranges (LinuxMaps names) */

  bool                     have_pid;
  uint32_t                 pid;

  size_t                   n_threads;
  PmMdThread              *threads;       /* output records, one per input thread */
  PmMdLocation             exception_context;

  uint8_t                  chunk[CHUNK_SIZE + AUXV_MAX_PAIRS * 16];
  char                     name[MAX_NAME_UTF8];
} Job;

static int
fail (Job        *job,
      int         err,
      const char *format,
      ...)
{
  va_list ap;

  if (job->error_size > 0 && job->error[0] == '\0')
    {
      va_start (ap, format);
      vsnprintf (job->error, job->error_size, format, ap);
      va_end (ap);
    }
  return err;
}

static int
writer_fail (Job        *job,
             int         r,
             const char *what)
{
  return fail (job, r, "writing the sanitized copy (%s): %s", what, strerror (-r));
}

/* ---- address ranges --------------------------------------------------- */

static int
range_set_add (RangeSet *set,
               uint64_t  start,
               uint64_t  size)
{
  if (size == 0)
    return 0;
  if (start + size < start)
    size = UINT64_MAX - start;
  if (set->n == set->capacity)
    {
      size_t capacity = set->capacity ? set->capacity * 2 : 64;
      Range *grown = realloc (set->items, capacity * sizeof *grown);

      if (grown == NULL)
        return -ENOMEM;
      set->items = grown;
      set->capacity = capacity;
    }
  set->items[set->n].start = start;
  set->items[set->n].end = start + size;
  set->n++;
  return 0;
}

static int
compare_ranges (const void *a,
                const void *b)
{
  const Range *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts and merges overlapping ranges so lookups can bisect. */
static void
range_set_normalize (RangeSet *set)
{
  size_t out = 0;

  if (set->n == 0)
    return;
  qsort (set->items, set->n, sizeof *set->items, compare_ranges);
  for (size_t i = 1; i < set->n; i++)
    {
      if (set->items[i].start <= set->items[out].end)
        {
          if (set->items[i].end > set->items[out].end)
            set->items[out].end = set->items[i].end;
        }
      else
        set->items[++out] = set->items[i];
    }
  set->n = out + 1;
}

static int
compare_u64 (const void *a,
             const void *b)
{
  uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

  return x < y ? -1 : x > y;
}

static bool
range_set_contains (const RangeSet *set,
                    uint64_t        address)
{
  size_t lo = 0, hi = set->n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (address < set->items[mid].start)
        hi = mid;
      else if (address >= set->items[mid].end)
        lo = mid + 1;
      else
        return true;
    }
  return false;
}

static void
range_set_clear (RangeSet *set)
{
  free (set->items);
  memset (set, 0, sizeof *set);
}

static uint64_t
parse_hex (const char **p,
           const char  *end,
           bool        *ok)
{
  uint64_t v = 0;
  int digits = 0;

  while (*p < end && digits < 17)
    {
      char c = **p;
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0)
        break;
      v = v << 4 | (uint64_t) d;
      digits++;
      (*p)++;
    }
  *ok = digits > 0 && digits <= 16;
  return v;
}

/* One line of /proc/PID/maps: "start-end perms offset dev inode   path".
 * *path points at the path (or end when there is none). */
static bool
parse_maps_line (const char  *line,
                 const char  *end,
                 uint64_t    *start,
                 uint64_t    *stop,
                 const char **path)
{
  const char *p = line;
  bool ok;
  int field;

  *start = parse_hex (&p, end, &ok);
  if (!ok || p >= end || *p != '-')
    return false;
  p++;
  *stop = parse_hex (&p, end, &ok);
  if (!ok || *stop < *start)
    return false;
  /* perms, offset, dev, inode: four space-separated fields */
  for (field = 0; field < 4; field++)
    {
      if (p >= end || *p != ' ')
        return false;
      while (p < end && *p == ' ')
        p++;
      if (p >= end)
        return false;
      while (p < end && *p != ' ')
        p++;
    }
  while (p < end && *p == ' ')
    p++;
  *path = p;
  return true;
}

static bool
is_anonymous_name (const char *path,
                   size_t      len)
{
  return len == 0 ||
         (len >= 6 && memcmp (path, "[heap]", 6) == 0) ||
         (len >= 6 && memcmp (path, "[stack", 6) == 0) ||
         (len >= 6 && memcmp (path, "[anon:", 6) == 0);
}

/* Kernel-named mappings whose names are the same in every process. */
static bool
is_kernel_name (const char *path,
                size_t      len)
{
  static const char *const names[] = { "[heap]", "[stack]", "[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]" };

  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (len == strlen (names[i]) && memcmp (path, names[i], len) == 0)
      return true;
  return len > 7 && memcmp (path, "[stack:", 7) == 0;
}

static int
collect_pointer_ranges (Job *job)
{
  PmMinidump *md = job->md;
  const uint8_t *maps;
  size_t maps_len;
  int r = 0;

  for (size_t i = 0; i < pm_minidump_get_n_modules (md) && r == 0; i++)
    {
      PmMdModule m;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      r = range_set_add (&job->pointers, m.base_of_image, m.size_of_image);
      if (r == 0)
        r = range_set_add (&job->modules, m.base_of_image, m.size_of_image);
    }
  for (size_t i = 0; i < pm_minidump_get_n_threads (md) && r == 0; i++)
    {
      PmMdThreadRecord t;

      if (pm_minidump_get_thread (md, i, &t) == PM_MD_OK)
        r = range_set_add (&job->pointers, t.stack_start, t.stack_size);
    }
  for (size_t i = 0; i < pm_minidump_get_n_memory_infos (md) && r == 0; i++)
    {
      PmMdMemoryInfo info;

      if (pm_minidump_get_memory_info (md, i, &info) != PM_MD_OK)
        continue;
      if ((info.state & PM_MD_MEM_COMMIT) && (info.type & (PM_MD_MEM_PRIVATE | PM_MD_MEM_IMAGE)))
        r = range_set_add (&job->pointers, info.base_address, info.region_size);
    }
  if (r == 0 && pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_MAPS, &maps, &maps_len) == PM_MD_OK)
    {
      const char *p = (const char *) maps, *end = p + maps_len;

      while (p < end && r == 0)
        {
          const char *eol = memchr (p, '\n', (size_t) (end - p));
          const char *line_end = eol ? eol : end, *path;
          uint64_t start, stop;

          if (parse_maps_line (p, line_end, &start, &stop, &path) &&
              is_anonymous_name (path, (size_t) (line_end - path)))
            r = range_set_add (&job->pointers, start, stop - start);
          p = eol ? eol + 1 : end;
        }
    }
  if (r < 0)
    return fail (job, r, "out of memory collecting address ranges");
  range_set_normalize (&job->pointers);
  range_set_normalize (&job->modules);
  return 0;
}

/* ---- reading and copying ------------------------------------------------ */

static bool
file_range_ok (Job      *job,
               uint64_t  rva,
               uint64_t  size)
{
  return rva <= job->file_size && size <= job->file_size - rva;
}

static int
read_at (Job      *job,
         uint64_t  rva,
         void     *buf,
         size_t    len)
{
  uint8_t *p = buf;

  while (len > 0)
    {
      ssize_t n = pread (job->in_fd, p, len, (off_t) rva);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail (job, -errno, "reading the minidump at 0x%llx: %s", (unsigned long long) rva, strerror (errno));
      if (n == 0)
        return fail (job, -EINVAL, "the minidump ended at 0x%llx while reading it (was it truncated meanwhile?)",
                     (unsigned long long) rva);
      p += n;
      len -= (size_t) n;
      rva += (uint64_t) n;
    }
  return 0;
}

static int
charge (Job      *job,
        uint64_t  bytes)
{
  if (bytes > job->budget)
    return fail (job, -EFBIG, "the minidump's records point at the same data over and over: "
                 "the copy would be far larger than the file (%llu bytes)",
                 (unsigned long long) job->file_size);
  job->budget -= bytes;
  return 0;
}

/* A MinidumpUTF8String (u32 length, bytes, NUL), 4-aligned. */
static int
append_utf8 (Job        *job,
             const char *str,
             size_t      len,
             uint32_t   *rva)
{
  uint32_t n = (uint32_t) len;
  uint8_t nul = 0;
  int r;

  if (len > UINT32_MAX)
    return fail (job, -EFBIG, "a string of %zu bytes cannot be written", len);
  r = charge (job, len + 5);
  if (r == 0)
    r = pm_minidump_writer_align (job->w, 4);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &n, sizeof n, rva);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, str, len, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &nul, 1, NULL);
  return r;
}

/* Copies the UTF-8 string at rva; an unreadable one becomes "". */
static int
copy_utf8 (Job      *job,
           uint32_t  rva,
           uint32_t *out_rva)
{
  const char *str = "";
  size_t len = 0;

  *out_rva = 0;
  if (rva == 0)
    return 0;
  if (pm_minidump_get_utf8_string (job->md, rva, &str, &len) != PM_MD_OK)
    str = "", len = 0;
  return append_utf8 (job, str, len, out_rva);
}

/* Copies the MINIDUMP_STRING at rva (UTF-16); an unreadable one becomes "". */
static int
copy_string (Job      *job,
             uint32_t  rva,
             uint32_t *out_rva)
{
  size_t needed = 0;
  int r;

  if (pm_minidump_read_string (job->md, rva, job->name, sizeof job->name, &needed) != PM_MD_OK)
    job->name[0] = '\0';
  r = charge (job, 2 * strlen (job->name) + 6);
  if (r == 0)
    r = pm_minidump_writer_append_string (job->w, job->name, out_rva);
  return r;
}

/* A zeroed list of count entries of entry_size after a u32 count, to be
 * patched entry by entry: no memory proportional to the count is held. */
static int
reserve_list (Job      *job,
              uint32_t  count,
              size_t    entry_size,
              uint32_t *rva)
{
  uint64_t bytes = 4 + (uint64_t) count * entry_size;
  int r = charge (job, bytes);

  if (r == 0)
    r = pm_minidump_writer_align (job->w, 4);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &count, sizeof count, rva);
  if (r == 0)
    r = pm_minidump_writer_append_zeros (job->w, (uint64_t) count * entry_size);
  return r;
}

static int
copy_dictionary (Job          *job,
                 PmMdLocation  loc,
                 PmMdLocation *out)
{
  size_t n = pm_minidump_dictionary_size (job->md, loc);
  uint32_t rva = 0;
  int r;

  memset (out, 0, sizeof *out);
  if (loc.rva == 0 || loc.data_size < 4)
    return 0;
  r = reserve_list (job, (uint32_t) n, sizeof (PmMdSimpleStringDictionaryEntry), &rva);
  for (size_t i = 0; i < n && r == 0; i++)
    {
      PmMdSimpleStringDictionaryEntry e = { 0, 0 };
      const char *key = "", *value = "";
      size_t key_len = 0, value_len = 0;

      if (pm_minidump_dictionary_get (job->md, loc, i, &key, &key_len, &value, &value_len) != PM_MD_OK)
        key = value = "", key_len = value_len = 0;
      uint32_t key_rva = 0, value_rva = 0;

      r = append_utf8 (job, key, key_len, &key_rva);
      if (r == 0)
        r = append_utf8 (job, value, value_len, &value_rva);
      e.key_rva = key_rva;
      e.value_rva = value_rva;
      if (r == 0)
        r = pm_minidump_writer_patch (job->w, rva + 4 + (uint32_t) (i * sizeof e), &e, sizeof e);
    }
  out->rva = rva;
  out->data_size = (uint32_t) (4 + n * sizeof (PmMdSimpleStringDictionaryEntry));
  return r;
}

static int
copy_string_list (Job          *job,
                  PmMdLocation  loc,
                  PmMdLocation *out)
{
  size_t n = pm_minidump_string_list_size (job->md, loc);
  uint32_t rva = 0;
  int r;

  memset (out, 0, sizeof *out);
  if (loc.rva == 0 || loc.data_size < 4)
    return 0;
  r = reserve_list (job, (uint32_t) n, sizeof (uint32_t), &rva);
  for (size_t i = 0; i < n && r == 0; i++)
    {
      const char *str = "";
      size_t len = 0;
      uint32_t str_rva = 0;

      if (pm_minidump_string_list_get (job->md, loc, i, &str, &len) != PM_MD_OK)
        str = "", len = 0;
      r = append_utf8 (job, str, len, &str_rva);
      if (r == 0)
        r = pm_minidump_writer_patch (job->w, rva + 4 + (uint32_t) (i * 4), &str_rva, 4);
    }
  out->rva = rva;
  out->data_size = (uint32_t) (4 + n * 4);
  return r;
}

static int
copy_annotation_list (Job          *job,
                      PmMdLocation  loc,
                      PmMdLocation *out)
{
  size_t n = pm_minidump_annotation_list_size (job->md, loc);
  uint32_t rva = 0;
  int r;

  memset (out, 0, sizeof *out);
  if (loc.rva == 0 || loc.data_size < 4)
    return 0;
  r = reserve_list (job, (uint32_t) n, sizeof (PmMdAnnotation), &rva);
  for (size_t i = 0; i < n && r == 0; i++)
    {
      PmMdAnnotation a;
      const char *name = "";
      const uint8_t *value = NULL;
      size_t name_len = 0, value_len = 0;
      uint16_t type = PM_MD_ANNOTATION_TYPE_INVALID;

      memset (&a, 0, sizeof a);
      if (pm_minidump_annotation_list_get (job->md, loc, i, &name, &name_len, &type, &value, &value_len) != PM_MD_OK)
        name = "", name_len = 0, value = NULL, value_len = 0, type = PM_MD_ANNOTATION_TYPE_INVALID;
      a.type = type;
      uint32_t name_rva = 0, value_rva = 0;

      r = append_utf8 (job, name, name_len, &name_rva);
      /* The value is a MinidumpByteArray: the same shape as a UTF-8 string
       * without the NUL, which readers ignore. */
      if (r == 0)
        r = append_utf8 (job, value_len ? (const char *) value : "", value_len, &value_rva);
      a.name_rva = name_rva;
      a.value_rva = value_rva;
      if (r == 0)
        r = pm_minidump_writer_patch (job->w, rva + 4 + (uint32_t) (i * sizeof a), &a, sizeof a);
    }
  out->rva = rva;
  out->data_size = (uint32_t) (4 + n * sizeof (PmMdAnnotation));
  return r;
}

static void
note_dropped (Job      *job,
              uint32_t  type)
{
  PmMinidumpSanitizeStats *s = job->stats;

  s->streams_dropped++;
  if (s->n_listed < PM_MINIDUMP_SANITIZE_MAX_LISTED)
    s->dropped_types[s->n_listed++] = type;
}

/* ---- contexts ----------------------------------------------------------- */

/* Writes ctx in its CPU's on-disk layout with the floating point and vector
 * registers zeroed (x87/MMX, SSE, NEON/VFP hold copies of recent data, such
 * as 16 bytes of a string memcpy moved). The integer registers, the flags
 * and the control words stay: the stack walk starts from them. */
static int
append_context (Job               *job,
                const PmMdContext *ctx,
                PmMdLocation      *out)
{
  union
  {
    PmMdContextX86   x86;
    PmMdContextAmd64 amd64;
    PmMdContextArm   arm;
    PmMdContextArm64 arm64;
  } c;
  size_t size;
  uint32_t rva = 0;
  int r;

  memcpy (&c, &ctx->regs, sizeof c < sizeof ctx->regs ? sizeof c : sizeof ctx->regs);
  switch (ctx->cpu)
    {
    case PM_MD_CPU_X86:
      memset (c.x86.float_save.register_area, 0, sizeof c.x86.float_save.register_area);
      memset (c.x86.extended_registers + 32, 0, sizeof c.x86.extended_registers - 32);
      size = sizeof c.x86;
      break;
    case PM_MD_CPU_AMD64:
      memset (c.amd64.flt_save.float_registers, 0, sizeof c.amd64.flt_save.float_registers);
      memset (c.amd64.flt_save.xmm_registers, 0, sizeof c.amd64.flt_save.xmm_registers);
      memset (c.amd64.flt_save.reserved4, 0, sizeof c.amd64.flt_save.reserved4);
      memset (c.amd64.vector_register, 0, sizeof c.amd64.vector_register);
      size = sizeof c.amd64;
      break;
    case PM_MD_CPU_ARM:
      memset (c.arm.float_save.regs, 0, sizeof c.arm.float_save.regs);
      memset (c.arm.float_save.extra, 0, sizeof c.arm.float_save.extra);
      size = sizeof c.arm;
      break;
    case PM_MD_CPU_ARM64:
      memset (c.arm64.v, 0, sizeof c.arm64.v);
      size = sizeof c.arm64;
      break;
    case PM_MD_CPU_UNKNOWN:
    default:
      memset (out, 0, sizeof *out);
      return 0;
    }
  r = charge (job, size + 16);
  if (r == 0)
    r = pm_minidump_writer_align (job->w, 16);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &c, size, &rva);
  if (r < 0)
    return r;
  job->stats->contexts_fp_cleared++;
  out->rva = rva;
  out->data_size = (uint32_t) size;
  return 0;
}

/* ---- stacks ------------------------------------------------------------- */

/* Where a stack's bytes are: at an RVA of the file (read with pread), or,
 * for writers that leave the thread's RVA empty and keep the stack only in
 * Memory64List (Windows full-memory dumps), in the reader's mapping. */
typedef struct
{
  const uint8_t *mapped;
  uint64_t       rva;
} StackSource;

static int
read_stack (Job               *job,
            const StackSource *src,
            uint64_t           pos,
            uint8_t           *buf,
            size_t             n)
{
  if (src->mapped != NULL)
    {
      memcpy (buf, src->mapped + pos, n);
      return 0;
    }
  return read_at (job, src->rva + pos, buf, n);
}

static uint64_t
load_word (const uint8_t *p,
           unsigned       ptr_size)
{
  if (ptr_size == 8)
    {
      uint64_t v;
      memcpy (&v, p, 8);
      return v;
    }
  else
    {
      uint32_t v;
      memcpy (&v, p, 4);
      return v;
    }
}

/* Whether the pairs at p (n_bytes available), starting with AT_PAGESZ, are
 * the rest of an auxiliary vector: a power-of-two page size, small keys, at
 * least one more entry, then AT_NULL. Returns the byte length up to and
 * including AT_NULL, or 0. */
static size_t
auxv_length_at (const uint8_t *p,
                size_t         n_bytes,
                unsigned       ptr_size)
{
  size_t pair = 2 * (size_t) ptr_size;
  bool saw_pagesz = false;

  for (size_t i = 0; i < AUXV_MAX_PAIRS && (i + 1) * pair <= n_bytes; i++)
    {
      uint64_t key = load_word (p + i * pair, ptr_size);
      uint64_t value = load_word (p + i * pair + ptr_size, ptr_size);

      if (key == AUXV_AT_NULL)
        return saw_pagesz && i >= 2 ? (i + 1) * pair : 0;
      if (key >= AUXV_MAX_KEY)
        return 0;
      if (key == AUXV_AT_PAGESZ)
        {
          if (value < 4096 || value > (1u << 24) || (value & (value - 1)) != 0)
            return 0;
          saw_pagesz = true;
        }
    }
  return 0;
}

/* The address where the process's initial strings begin on this stack (the
 * end of the auxiliary vector: argv and envp strings, AT_RANDOM, the
 * platform and the executable's name follow it up to the top), or 0.
 * The AT_PAGESZ pair is the anchor (Linux puts it among the first entries). */
static int
find_initial_strings (Job               *job,
                      uint64_t           stack_start,
                      const StackSource *src,
                      uint64_t           size,
                      uint64_t          *strings_start)
{
  unsigned w = job->ptr_size;
  size_t pair = 2 * (size_t) w;
  uint64_t lead = (w - stack_start % w) % w;

  *strings_start = 0;
  for (uint64_t pos = lead; pos < size; pos += CHUNK_SIZE)
    {
      uint64_t n = size - pos;
      int r;

      if (n > sizeof job->chunk)
        n = sizeof job->chunk;
      r = read_stack (job, src, pos, job->chunk, (size_t) n);
      if (r < 0)
        return r;
      for (uint64_t i = 0; i + pair <= n && i < CHUNK_SIZE; i += w)
        {
          if (load_word (job->chunk + i, w) != AUXV_AT_PAGESZ)
            continue;
          /* Checked forward from the AT_PAGESZ pair, so each candidate
           * costs at most AUXV_MAX_PAIRS pairs: work stays linear in the
           * stack's size even when every word is 6. */
          {
            size_t len = auxv_length_at (job->chunk + i, (size_t) (n - i), w);

            /* The highest match wins: the real vector sits just below the
             * strings at the top of the stack, so a look-alike in a frame
             * further down never zeroes the frames above it. */
            if (len > 0)
              *strings_start = stack_start + pos + i + len;
          }
        }
    }
  return 0;
}

static bool
is_main_thread (Job                    *job,
                const PmMdThreadRecord *t)
{
  return !job->have_pid || t->thread_id == job->pid;
}

/* Copies one thread's stack, word by word: small numbers and plausible
 * pointers stay, every other word becomes the marker; bytes that are not a
 * whole aligned word, and the initial strings, become zeros. */
static int
copy_stack (Job                    *job,
            const PmMdThreadRecord *t,
            PmMdMemoryDescriptor   *out)
{
  PmMinidumpSanitizeStats *s = job->stats;
  unsigned w = job->ptr_size;
  uint64_t size = t->stack_memory.data_size, rva = t->stack_memory.rva, start = t->stack_start;
  uint64_t marker = w == 8 ? ((uint64_t) PM_MINIDUMP_SANITIZE_MARKER << 32 | PM_MINIDUMP_SANITIZE_MARKER)
                           : PM_MINIDUMP_SANITIZE_MARKER;
  uint64_t zero_from = UINT64_MAX, lead;
  uint32_t out_rva = 0;
  StackSource src = { NULL, rva };
  int r;

  memset (out, 0, sizeof *out);
  out->start_of_memory_range = start;
  if (size == 0 || start + size < start)
    return 0;
  if (rva == 0 || !file_range_ok (job, rva, size))
    {
      const uint8_t *p;
      uint64_t available;

      if (pm_minidump_get_memory (job->md, start, &p, &available) != PM_MD_OK || available == 0)
        return 0;
      src.mapped = p;
      if (size > available)
        size = available;
    }
  r = charge (job, size + 16);
  if (r < 0)
    return r;
  if (is_main_thread (job, t))
    {
      uint64_t strings = 0;

      r = find_initial_strings (job, start, &src, size, &strings);
      if (r < 0)
        return r;
      if (strings != 0)
        {
          zero_from = strings;
          s->initial_stack_bytes_zeroed += start + size - strings;
        }
    }
  r = pm_minidump_writer_align (job->w, 16);
  if (r < 0)
    return writer_fail (job, r, "stack");
  out_rva = pm_minidump_writer_tell (job->w);

  lead = (w - start % w) % w;
  for (uint64_t pos = 0; pos < size; )
    {
      uint64_t n = pos == 0 && lead > 0 ? lead : CHUNK_SIZE;

      if (n > size - pos)
        n = size - pos;
      r = read_stack (job, &src, pos, job->chunk, (size_t) n);
      if (r < 0)
        return r;
      for (uint64_t i = 0; i < n; )
        {
          uint64_t address = start + pos + i;

          if (address % w != 0 || i + w > n)
            {
              job->chunk[i++] = 0;      /* part of a word: never a pointer */
              continue;
            }
          if (address >= zero_from)
            memset (job->chunk + i, 0, w);
          else
            {
              uint64_t word = load_word (job->chunk + i, w);

              if (word <= SMALL_WORD_MAX || range_set_contains (&job->pointers, word))
                s->stack_words_kept++;
              else
                {
                  memcpy (job->chunk + i, &marker, w);
                  s->stack_words_replaced++;
                }
            }
          i += w;
        }
      r = pm_minidump_writer_append (job->w, job->chunk, (size_t) n, NULL);
      if (r < 0)
        return writer_fail (job, r, "stack");
      pos += n;
    }
  s->stack_bytes += size;
  out->memory.rva = out_rva;
  out->memory.data_size = (uint32_t) size;
  return 0;
}

/* ---- streams ------------------------------------------------------------ */

static int
write_threads_and_memory (Job *job)
{
  PmMinidump *md = job->md;
  PmMinidumpSanitizeStats *s = job->stats;
  PmMdExceptionStream e;
  size_t n = pm_minidump_get_n_threads (md);
  uint32_t count, n_stacks = 0;
  int r = 0;

  /* The reader caps the count by what fits in the stream. */
  job->threads = calloc (n + 1, sizeof *job->threads);
  if (job->threads == NULL)
    return fail (job, -ENOMEM, "out of memory for %zu threads", n);
  job->n_threads = n;
  s->n_threads = (uint32_t) n;

  for (size_t i = 0; i < n && r == 0; i++)
    {
      PmMdThreadRecord t;
      PmMdThread *out = &job->threads[i];
      PmMdContext ctx;

      if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK)
        continue;
      out->thread_id = t.thread_id;
      out->suspend_count = t.suspend_count;
      out->priority_class = t.priority_class;
      out->priority = t.priority;
      out->teb = t.teb;
      if (pm_minidump_read_context (md, t.context, &ctx) == PM_MD_OK)
        r = append_context (job, &ctx, &out->thread_context);
      if (r == 0)
        r = copy_stack (job, &t, &out->stack);
      if (out->stack.memory.data_size > 0)
        n_stacks++;
    }
  if (r == 0 && pm_minidump_get_exception (md, &e) == PM_MD_OK)
    {
      PmMdContext ctx;

      if (pm_minidump_read_context (md, e.thread_context, &ctx) == PM_MD_OK)
        r = append_context (job, &ctx, &job->exception_context);
    }
  if (r < 0)
    return r;

  /* Ranges that are not a thread's stack are dropped: found by bisecting
   * the sorted stack RVAs, not by comparing every pair. */
  {
    uint64_t *stack_rvas = calloc (n + 1, sizeof *stack_rvas);
    size_t n_rvas = 0;

    if (stack_rvas == NULL)
      return fail (job, -ENOMEM, "out of memory for %zu threads", n);
    for (size_t i = 0; i < n; i++)
      {
        PmMdThreadRecord t;
        if (pm_minidump_get_thread (md, i, &t) == PM_MD_OK && t.stack_memory.data_size > 0)
          stack_rvas[n_rvas++] = t.stack_memory.rva;
      }
    qsort (stack_rvas, n_rvas, sizeof *stack_rvas, compare_u64);
    for (size_t i = 0; i < pm_minidump_get_n_memory_ranges (md); i++)
      {
        PmMdMemoryRange range;

        if (pm_minidump_get_memory_range (md, i, &range) != PM_MD_OK)
          continue;
        if (range.from_memory64 || bsearch (&range.rva, stack_rvas, n_rvas, sizeof *stack_rvas, compare_u64) == NULL)
          {
            s->memory_ranges_dropped++;
            s->memory_bytes_dropped += range.size;
          }
      }
    free (stack_rvas);
  }

  /* ThreadList */
  count = (uint32_t) n;
  r = pm_minidump_writer_begin_stream (job->w);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &count, sizeof count, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, job->threads, n * sizeof *job->threads, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (job->w, PM_MD_STREAM_THREAD_LIST);
  if (r < 0)
    return writer_fail (job, r, "ThreadList");
  s->streams_kept++;

  /* MemoryList: the stacks only */
  r = pm_minidump_writer_begin_stream (job->w);
  if (r == 0)
    r = pm_minidump_writer_append (job->w, &n_stacks, sizeof n_stacks, NULL);
  for (size_t i = 0; i < n && r == 0; i++)
    if (job->threads[i].stack.memory.data_size > 0)
      r = pm_minidump_writer_append (job->w, &job->threads[i].stack, sizeof job->threads[i].stack, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (job->w, PM_MD_STREAM_MEMORY_LIST);
  if (r < 0)
    return writer_fail (job, r, "MemoryList");
  return 0;
}

static int
write_module_list (Job *job)
{
  PmMinidump *md = job->md;
  size_t n = pm_minidump_get_n_modules (md);
  uint32_t list_rva = 0;
  int r;

  r = reserve_list (job, (uint32_t) n, sizeof (PmMdModule), &list_rva);
  for (size_t i = 0; i < n && r == 0; i++)
    {
      PmMdModule m;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        memset (&m, 0, sizeof m);
      uint32_t name_rva = 0;

      r = copy_string (job, m.module_name_rva, &name_rva);
      m.module_name_rva = name_rva;
      if (r == 0 && m.cv_record.data_size > 0 && m.cv_record.data_size <= MAX_CV_RECORD &&
          file_range_ok (job, m.cv_record.rva, m.cv_record.data_size))
        {
          uint32_t cv_rva = 0;

          r = read_at (job, m.cv_record.rva, job->chunk, m.cv_record.data_size);
          if (r == 0)
            r = charge (job, m.cv_record.data_size + 4);
          if (r == 0)
            r = pm_minidump_writer_align (job->w, 4);
          if (r == 0)
            r = pm_minidump_writer_append (job->w, job->chunk, m.cv_record.data_size, &cv_rva);
          m.cv_record.rva = cv_rva;
        }
      else
        memset (&m.cv_record, 0, sizeof m.cv_record);
      memset (&m.misc_record, 0, sizeof m.misc_record);
      if (r == 0)
        r = pm_minidump_writer_patch (job->w, list_rva + 4 + (uint32_t) (i * sizeof m), &m, sizeof m);
    }
  if (r == 0)
    r = pm_minidump_writer_add_stream_at (job->w, PM_MD_STREAM_MODULE_LIST, list_rva,
                                          (uint32_t) (4 + n * sizeof (PmMdModule)));
  return r;
}

static int
write_exception (Job *job)
{
  PmMdExceptionStream e;

  if (pm_minidump_get_exception (job->md, &e) != PM_MD_OK)
    return 1;
  e.thread_context = job->exception_context;
  return pm_minidump_writer_add_stream (job->w, PM_MD_STREAM_EXCEPTION, &e, sizeof e);
}

static int
write_system_info (Job *job)
{
  PmMdSystemInfo si;
  uint32_t csd_rva = 0;
  int r;

  if (pm_minidump_get_system_info (job->md, &si) != PM_MD_OK)
    return 1;
  /* The CSD text is the kernel's uname (or a service pack): the machine's. */
  r = copy_string (job, si.csd_version_rva, &csd_rva);
  si.csd_version_rva = csd_rva;
  if (r == 0)
    r = pm_minidump_writer_add_stream (job->w, PM_MD_STREAM_SYSTEM_INFO, &si, sizeof si);
  return r;
}

static int
write_crashpad_info (Job *job)
{
  PmMinidump *md = job->md;
  PmMdCrashpadInfo ci;
  PmMdStreamInfo info;
  size_t n_modules = pm_minidump_get_n_crashpad_modules (md);
  uint32_t links_rva = 0;
  int r;

  if (pm_minidump_get_crashpad_info (md, &ci) != PM_MD_OK)
    return 1;
  memset (&info, 0, sizeof info);
  for (size_t i = 0; i < pm_minidump_get_n_streams (md); i++)
    if (pm_minidump_get_stream_info (md, i, &info) == PM_MD_OK && info.type == PM_MD_STREAM_CRASHPAD_INFO)
      break;
  r = copy_dictionary (job, ci.simple_annotations, &ci.simple_annotations);
  if (r == 0 && ci.module_list.rva != 0)
    {
      r = reserve_list (job, (uint32_t) n_modules, sizeof (PmMdModuleCrashpadInfoLink), &links_rva);
      for (size_t i = 0; i < n_modules && r == 0; i++)
        {
          PmMdModuleCrashpadInfoLink link;
          PmMdModuleCrashpadInfo mci;
          uint32_t module_index = 0, mci_rva = 0;

          memset (&link, 0, sizeof link);
          if (pm_minidump_get_crashpad_module (md, i, &module_index, &mci) != PM_MD_OK)
            memset (&mci, 0, sizeof mci);
          r = copy_string_list (job, mci.list_annotations, &mci.list_annotations);
          if (r == 0)
            r = copy_dictionary (job, mci.simple_annotations, &mci.simple_annotations);
          if (r == 0)
            r = copy_annotation_list (job, mci.annotation_objects, &mci.annotation_objects);
          mci.version = 1;
          if (r == 0)
            r = pm_minidump_writer_align (job->w, 4);
          if (r == 0)
            r = pm_minidump_writer_append (job->w, &mci, sizeof mci, &mci_rva);
          link.minidump_module_list_index = module_index;
          link.location.rva = mci_rva;
          link.location.data_size = sizeof mci;
          if (r == 0)
            r = pm_minidump_writer_patch (job->w, links_rva + 4 + (uint32_t) (i * sizeof link), &link, sizeof link);
        }
      ci.module_list.rva = links_rva;
      ci.module_list.data_size = (uint32_t) (4 + n_modules * sizeof (PmMdModuleCrashpadInfoLink));
    }
  else
    memset (&ci.module_list, 0, sizeof ci.module_list);
  if (r == 0)
    r = pm_minidump_writer_add_stream (job->w, PM_MD_STREAM_CRASHPAD_INFO, &ci,
                                       info.size >= sizeof ci ? sizeof ci : PM_MD_CRASHPAD_INFO_SIZE_1);
  return r;
}

static int
write_postmortem_info (Job *job)
{
  PmMdPostmortemInfo pi;
  uint32_t writer_rva = 0;
  int r;

  if (pm_minidump_get_postmortem_info (job->md, &pi) != PM_MD_OK)
    return 1;
  r = copy_dictionary (job, pi.metadata, &pi.metadata);
  if (r == 0)
    r = copy_utf8 (job, pi.writer_rva, &writer_rva);
  pi.writer_rva = writer_rva;
  pi.size_of_header = sizeof pi;
  pi.flags &= ~(PM_MD_POSTMORTEM_FLAG_ENVIRON | PM_MD_POSTMORTEM_FLAG_REGISTERED_MEMORY);
  pi.flags |= PM_MD_POSTMORTEM_FLAG_SANITIZED;
  pi.reserved = 0;
  if (r == 0)
    r = pm_minidump_writer_add_stream (job->w, PM_MD_STREAM_POSTMORTEM_INFO, &pi, sizeof pi);
  return r;
}

static int
write_notes (Job *job)
{
  PmMdLocation loc, out;
  int r;

  if (pm_minidump_find_stream (job->md, PM_MD_STREAM_POSTMORTEM_NOTES, &loc) != PM_MD_OK)
    return 1;
  r = copy_string_list (job, loc, &out);
  if (r < 0)
    return r;
  /* The stream is the RVA list itself. */
  return pm_minidump_writer_add_stream_at (job->w, PM_MD_STREAM_POSTMORTEM_NOTES, out.rva, out.data_size);
}

/* Streams of numbers, or of the machine rather than the process: copied. */
static int
copy_raw_stream (Job      *job,
                 uint32_t  type)
{
  const uint8_t *data;
  size_t len;
  int r;

  if (pm_minidump_get_stream_data (job->md, type, &data, &len) != PM_MD_OK)
    return 1;
  r = charge (job, len);
  if (r == 0)
    r = pm_minidump_writer_add_stream (job->w, type, data, len);
  return r;
}

/* /proc/PID/status without its Name line (the program can set its name to
 * anything with prctl); the rest are numbers and states. */
static int
write_proc_status (Job *job)
{
  const uint8_t *data;
  size_t len;
  const char *p, *end;
  int r;

  if (pm_minidump_get_stream_data (job->md, PM_MD_STREAM_LINUX_PROC_STATUS, &data, &len) != PM_MD_OK)
    return 1;
  r = charge (job, len);
  if (r == 0)
    r = pm_minidump_writer_begin_stream (job->w);
  for (p = (const char *) data, end = p + len; p < end && r == 0; )
    {
      const char *eol = memchr (p, '\n', (size_t) (end - p));
      const char *next = eol ? eol + 1 : end;

      if (!((size_t) (end - p) >= 5 && memcmp (p, "Name:", 5) == 0))
        r = pm_minidump_writer_append (job->w, p, (size_t) (next - p), NULL);
      p = next;
    }
  if (r == 0)
    r = pm_minidump_writer_end_stream (job->w, PM_MD_STREAM_LINUX_PROC_STATUS);
  if (r == 0)
    job->stats->streams_filtered++;
  return r;
}

/* /proc/PID/maps keeping addresses, permissions and the names of modules
 * and kernel mappings; the names of other files (documents, databases the
 * program mapped) and of named anonymous memory are removed. */
static int
write_maps (Job *job)
{
  const uint8_t *data;
  size_t len;
  const char *p, *end;
  int r;

  if (pm_minidump_get_stream_data (job->md, PM_MD_STREAM_LINUX_MAPS, &data, &len) != PM_MD_OK)
    return 1;
  r = charge (job, len);
  if (r == 0)
    r = pm_minidump_writer_begin_stream (job->w);
  for (p = (const char *) data, end = p + len; p < end && r == 0; )
    {
      const char *eol = memchr (p, '\n', (size_t) (end - p));
      const char *line_end = eol ? eol : end, *path;
      uint64_t start, stop;

      if (parse_maps_line (p, line_end, &start, &stop, &path))
        {
          size_t path_len = (size_t) (line_end - path);
          bool keep_name = path_len == 0 || is_kernel_name (path, path_len) ||
                           (path[0] == '/' && range_set_contains (&job->modules, start));
          const char *cut = keep_name ? line_end : path;

          /* Without a name the line ends after the inode, as for anonymous memory. */
          while (!keep_name && cut > p && cut[-1] == ' ')
            cut--;
          r = pm_minidump_writer_append (job->w, p, (size_t) (cut - p), NULL);
          if (r == 0)
            r = pm_minidump_writer_append (job->w, "\n", 1, NULL);
        }
      p = eol ? eol + 1 : end;
    }
  if (r == 0)
    r = pm_minidump_writer_end_stream (job->w, PM_MD_STREAM_LINUX_MAPS);
  if (r == 0)
    job->stats->streams_filtered++;
  return r;
}

/* Returns 0 when written, 1 when the stream is dropped, <0 on error. */
static int
write_stream (Job      *job,
              uint32_t  type)
{
  switch (type)
    {
    case PM_MD_STREAM_THREAD_LIST:
    case PM_MD_STREAM_MEMORY_LIST:
      return 0;                                 /* written first */
    case PM_MD_STREAM_MODULE_LIST:
      return write_module_list (job);
    case PM_MD_STREAM_EXCEPTION:
      return write_exception (job);
    case PM_MD_STREAM_SYSTEM_INFO:
      return write_system_info (job);
    case PM_MD_STREAM_CRASHPAD_INFO:
      return write_crashpad_info (job);
    case PM_MD_STREAM_POSTMORTEM_INFO:
      return write_postmortem_info (job);
    case PM_MD_STREAM_POSTMORTEM_NOTES:
      return write_notes (job);             /* the dumper's own words about the dump */
    case PM_MD_STREAM_LINUX_PROC_STATUS:
      return write_proc_status (job);
    case PM_MD_STREAM_LINUX_MAPS:
      return write_maps (job);
    case PM_MD_STREAM_MISC_INFO:                /* process id, times, Windows build text */
    case PM_MD_STREAM_BREAKPAD_INFO:            /* thread ids */
    case PM_MD_STREAM_THREAD_INFO_LIST:         /* times, affinity, start addresses */
    case PM_MD_STREAM_MEMORY_INFO_LIST:         /* addresses, protections */
    case PM_MD_STREAM_SYSTEM_MEMORY_INFO:       /* machine counters */
    case PM_MD_STREAM_PROCESS_VM_COUNTERS:      /* counters */
    case PM_MD_STREAM_LINUX_CPU_INFO:           /* the machine's /proc/cpuinfo */
    case PM_MD_STREAM_LINUX_LSB_RELEASE:        /* the system's os-release */
    case PM_MD_STREAM_LINUX_AUXV:               /* numbers; the strings it points at are zeroed */
    case PM_MD_STREAM_LINUX_PROC_UPTIME:        /* the machine's uptime */
      return copy_raw_stream (job, type);
    default:
      /* Environment, command line, /proc/PID/stat (the program's name),
       * fd listings and handle data (file names), thread names, link maps,
       * comments, assertion text, Memory64List, unloaded modules and every
       * stream this code does not know. */
      return 1;
    }
}

static int
cpu_pointer_size (Job *job)
{
  PmMdSystemInfo si;

  job->cpu = pm_minidump_get_cpu (job->md);
  switch (job->cpu)
    {
    case PM_MD_CPU_X86:
    case PM_MD_CPU_ARM:
      job->ptr_size = 4;
      return 0;
    case PM_MD_CPU_AMD64:
    case PM_MD_CPU_ARM64:
      job->ptr_size = 8;
      return 0;
    case PM_MD_CPU_UNKNOWN:
    default:
      if (pm_minidump_get_system_info (job->md, &si) == PM_MD_OK)
        {
          const char *name = pm_md_cpu_arch_name (si.processor_architecture);
          if (name != NULL)
            return fail (job, -ENOTSUP, "cannot sanitize a minidump of a %s CPU: only x86, amd64, arm and arm64 are known",
                         name);
          return fail (job, -ENOTSUP, "cannot sanitize a minidump of an unknown CPU (architecture 0x%x)",
                       (unsigned) si.processor_architecture);
        }
      return fail (job, -ENOTSUP, "cannot sanitize a minidump whose CPU is unknown (no SystemInfo stream, no thread context)");
    }
}

static void
find_process_id (Job *job)
{
  PmMdPostmortemInfo pi;
  PmMdMiscInfo mi;
  uint32_t size = 0;

  if (pm_minidump_get_postmortem_info (job->md, &pi) == PM_MD_OK && pi.process_id != 0)
    {
      job->have_pid = true;
      job->pid = pi.process_id;
    }
  else if (pm_minidump_get_misc_info (job->md, &mi, &size) == PM_MD_OK &&
           (mi.flags1 & PM_MD_MISC1_PROCESS_ID) && mi.process_id != 0)
    {
      job->have_pid = true;
      job->pid = mi.process_id;
    }
}

static int
sanitize (Job *job)
{
  uint32_t written[64];
  size_t n_written = 0;
  PmMdHeader header;
  uint64_t flags;
  int r;

  r = cpu_pointer_size (job);
  if (r < 0)
    return r;
  job->stats->pointer_size = job->ptr_size;
  find_process_id (job);
  r = collect_pointer_ranges (job);
  if (r < 0)
    return r;

  pm_minidump_get_header (job->md, &header);
  flags = header.flags & ~(uint64_t) (PM_MD_TYPE_WITH_DATA_SEGS | PM_MD_TYPE_WITH_FULL_MEMORY |
                                      PM_MD_TYPE_WITH_HANDLE_DATA | PM_MD_TYPE_WITH_UNLOADED_MODULES |
                                      PM_MD_TYPE_WITH_INDIRECTLY_REFERENCED_MEMORY |
                                      PM_MD_TYPE_WITH_PROCESS_THREAD_DATA |
                                      PM_MD_TYPE_WITH_PRIVATE_READ_WRITE_MEMORY |
                                      PM_MD_TYPE_WITH_CODE_SEGS | PM_MD_TYPE_WITH_PRIVATE_WRITE_COPY_MEMORY |
                                      PM_MD_TYPE_WITH_TOKEN_INFORMATION | PM_MD_TYPE_WITH_IPT_TRACE);
  flags |= PM_MD_TYPE_FILTER_MEMORY;
  r = pm_minidump_writer_init (job->w, job->out_fd, header.time_date_stamp, flags);
  if (r < 0)
    return writer_fail (job, r, "header");

  r = write_threads_and_memory (job);
  if (r < 0)
    return r;
  job->stats->streams_kept++;                   /* the MemoryList */

  for (size_t i = 0; i < pm_minidump_get_n_streams (job->md); i++)
    {
      PmMdStreamInfo info;
      bool seen = false;

      if (pm_minidump_get_stream_info (job->md, i, &info) != PM_MD_OK || info.type == PM_MD_STREAM_UNUSED)
        continue;
      if (info.type == PM_MD_STREAM_THREAD_LIST || info.type == PM_MD_STREAM_THREAD_EX_LIST ||
          info.type == PM_MD_STREAM_MEMORY_LIST)
        continue;                               /* rewritten by write_threads_and_memory */
      /* Each type is written once (the first readable one): a repeated
       * unknown type, or a second of a kind the reader tolerates, is
       * dropped. The types written are few: a short list. */
      for (size_t j = 0; j < n_written && !seen; j++)
        seen = written[j] == info.type;
      if (seen || info.state != PM_MD_STREAM_OK)
        r = 1;
      else
        r = write_stream (job, info.type);
      if (r == 0 && n_written < sizeof written / sizeof written[0])
        written[n_written++] = info.type;
      if (r < 0)
        return job->error[0] ? r : writer_fail (job, r, info.name ? info.name : "stream");
      if (r == 1)
        note_dropped (job, info.type);
      else
        job->stats->streams_kept++;
    }
  if (pm_minidump_writer_tell (job->w) == UINT32_MAX || job->w->offset > UINT32_MAX)
    return fail (job, -EFBIG, "the sanitized copy would be larger than 4 GiB");
  r = pm_minidump_writer_finish (job->w);
  if (r < 0)
    return writer_fail (job, r, "directory");
  return 0;
}

int
pm_minidump_sanitize (int                      in_fd,
                      int                      out_fd,
                      PmMinidumpSanitizeStats *stats,
                      char                    *error,
                      size_t                   error_size)
{
  PmMinidumpSanitizeStats local_stats;
  PmMdError md_error;
  char local_error[8];
  Job *job;
  int r;

  if (error == NULL || error_size == 0)
    error = local_error, error_size = sizeof local_error;
  error[0] = '\0';
  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);
  if (in_fd < 0 || out_fd < 0)
    {
      snprintf (error, error_size, "no input or output file");
      return -EBADF;
    }
  /* The job holds 64 KiB of work area, the writer as much: off the stack. */
  job = calloc (1, sizeof *job);
  if (job == NULL)
    {
      snprintf (error, error_size, "out of memory");
      return -ENOMEM;
    }
  job->w = malloc (sizeof *job->w);
  job->md = pm_minidump_open_fd (in_fd, &md_error);
  job->in_fd = in_fd;
  job->out_fd = out_fd;
  job->stats = stats;
  job->error = error;
  job->error_size = error_size;
  if (job->w == NULL)
    r = fail (job, -ENOMEM, "out of memory");
  else if (job->md == NULL)
    r = fail (job, md_error.status == PM_MD_ERROR_IO ? -EIO : -EINVAL, "not a readable minidump: %s",
              md_error.message);
  else
    {
      job->file_size = pm_minidump_get_file_size (job->md);
      /* Every byte written is a byte of the input, at most rewritten once
       * (UTF-16 names, contexts grown to their full layout): four times the
       * file plus room for headers bounds any honest copy. */
      job->budget = 4 * job->file_size + (16u << 20);
      r = sanitize (job);
      if (r < 0 && error[0] == '\0')
        snprintf (error, error_size, "writing the sanitized copy: %s", strerror (-r));
    }
  if (job->md != NULL)
    pm_minidump_close (job->md);
  range_set_clear (&job->pointers);
  range_set_clear (&job->modules);
  free (job->threads);
  free (job->w);
  free (job);
  return r;
}
