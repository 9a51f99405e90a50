/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core.c — read an ELF core into the dumper's process model (see
 * pm-core.h) and dump it.
 *
 * Runs in: postmortemctl and the listener service, ordinary processes of the
 * user; libc, libelf and the decompressors only. Memory reads may come from
 * several threads at once (heap dumps): they only read the mapping and
 * open their own file descriptors.
 */
#include "pm-core.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/procfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-core-inflate.h"
#include "pm-process.h"

#ifndef NT_SIGINFO
#define NT_SIGINFO 0x53494749
#endif
#ifndef NT_FILE
#define NT_FILE 0x46494c45
#endif
#ifndef NT_X86_XSTATE
#define NT_X86_XSTATE 0x202
#endif

#define MAX_SEGMENTS   (1u << 20)
#define MAX_ARGS       (1u << 16)
#define MAX_ARG_BYTES  (1u << 20)

typedef struct
{
  uint64_t vaddr;
  uint64_t memsz;
  uint64_t offset;
  uint64_t filesz;
  uint32_t flags;            /* PF_R / PF_W / PF_X */
  const char *path;          /* from NT_FILE, or NULL */
  uint64_t file_offset;      /* of vaddr in that file */
} Segment;

typedef struct
{
  pid_t tid;
  int   cursig;
  struct user_regs_struct   regs;
  struct user_fpregs_struct fpregs;
  int   have_fpregs;
} CoreThread;

struct PmCore
{
  int            fd;
  const uint8_t *data;
  uint64_t       size;
  Elf           *elf;

  Segment       *segs;
  size_t         n_segs;
  CoreThread    *threads;
  size_t         n_threads;
  const uint8_t *auxv;
  size_t         auxv_len;
  char          *file_names;    /* NT_FILE's names, copied */
  char           psargs[81];
  char           state;
  char          *exe_override;
  char           exe_path[4096];
  char          *cmdline;       /* NUL-separated, as /proc/PID/cmdline */
  size_t         cmdline_len;
  char          *environ;
  size_t         environ_len;
  PmCoreFacts    facts;
};

/* ---- memory ---------------------------------------------------------------- */

static const Segment *
find_segment (const PmCore *core,
              uint64_t      addr)
{
  size_t lo = 0, hi = core->n_segs;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      const Segment *s = &core->segs[mid];

      if (addr < s->vaddr)
        hi = mid;
      else if (addr - s->vaddr >= s->memsz)
        lo = mid + 1;
      else
        return s;
    }
  return NULL;
}

/* Bytes the core does not hold, from the file mapped there: only read-only
 * file mappings (code and constants), whose bytes are the file's. */
static ssize_t
read_from_file (const PmCore  *core,
                const Segment *s,
                uint64_t       addr,
                void          *buf,
                size_t         len)
{
  const char *path = s->path;
  ssize_t n;
  int fd;

  if (path == NULL || path[0] != '/' || (s->flags & PF_W))
    return -EFAULT;
  if (core->exe_override != NULL && strcmp (path, core->exe_path) == 0)
    path = core->exe_override;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return -EFAULT;
  n = pread (fd, buf, len, (off_t) (s->file_offset + (addr - s->vaddr)));
  close (fd);
  return n > 0 ? n : -EFAULT;
}

static ssize_t
core_read_memory (void     *data,
                  uint64_t  addr,
                  void     *buf,
                  size_t    len)
{
  const PmCore *core = data;
  size_t done = 0;

  while (done < len)
    {
      uint64_t at = addr + done;
      const Segment *s = find_segment (core, at);
      uint64_t in_seg, want;

      if (s == NULL || !(s->flags & PF_R))
        break;
      in_seg = at - s->vaddr;
      want = len - done;
      if (want > s->memsz - in_seg)
        want = s->memsz - in_seg;
      if (in_seg < s->filesz)
        {
          if (want > s->filesz - in_seg)
            want = s->filesz - in_seg;
          memcpy ((char *) buf + done, core->data + s->offset + in_seg, want);
          done += want;
        }
      else
        {
          ssize_t n = read_from_file (core, s, at, (char *) buf + done, want);
          if (n <= 0)
            break;
          done += (size_t) n;
          if ((uint64_t) n < want)
            break;
        }
    }
  return done > 0 ? (ssize_t) done : -EFAULT;
}

static int
core_next_present (void     *data,
                   uint64_t  addr,
                   uint64_t  end,
                   uint64_t *start_out,
                   uint64_t *end_out)
{
  const PmCore *core = data;

  for (size_t i = 0; i < core->n_segs; i++)
    {
      const Segment *s = &core->segs[i];
      uint64_t s_end = s->vaddr + s->filesz;
      uint64_t lo = addr > s->vaddr ? addr : s->vaddr;
      uint64_t hi = end < s_end ? end : s_end;

      if (lo < hi && (s->flags & PF_R))
        {
          *start_out = lo;
          *end_out = hi;
          return 0;
        }
    }
  return -ENOENT;
}

static int
core_open_mapped_file (void            *data,
                       const PmMapping *m)
{
  const PmCore *core = data;
  const char *path = m->path;
  struct stat st;
  int fd;

  if (path == NULL || path[0] != '/')
    return -ENOENT;
  if (core->exe_override != NULL && strcmp (path, core->exe_path) == 0)
    path = core->exe_override;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return -errno;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return -EINVAL;
    }
  return fd;
}

static int
copy_out (const void *src,
          size_t      len,
          size_t      max,
          char      **out,
          size_t     *out_len)
{
  if (len > max)
    len = max;
  *out = malloc (len + 1);
  if (*out == NULL)
    return -ENOMEM;
  memcpy (*out, src, len);
  (*out)[len] = '\0';
  *out_len = len;
  return 0;
}

static int
core_read_file (void        *data,
                const char  *name,
                char       **out,
                size_t      *out_len,
                size_t       max)
{
  PmCore *core = data;

  if (strcmp (name, "auxv") == 0 && core->auxv != NULL)
    return copy_out (core->auxv, core->auxv_len, max, out, out_len);
  if (strcmp (name, "cmdline") == 0 && core->cmdline != NULL)
    return copy_out (core->cmdline, core->cmdline_len, max, out, out_len);
  if (strcmp (name, "environ") == 0 && core->environ != NULL)
    return copy_out (core->environ, core->environ_len, max, out, out_len);
  if (strcmp (name, "status") == 0)
    {
      char text[512];
      int n = snprintf (text, sizeof text,
                        "Name:\t%s\nState:\t%c\nTgid:\t%d\nPid:\t%d\nUid:\t%u\t%u\t%u\t%u\n"
                        "Gid:\t%u\t%u\t%u\t%u\nThreads:\t%zu\n",
                        core->facts.comm, core->state ? core->state : 'R', (int) core->facts.pid,
                        (int) core->facts.pid, core->facts.uid, core->facts.uid, core->facts.uid,
                        core->facts.uid, core->facts.gid, core->facts.gid, core->facts.gid,
                        core->facts.gid, core->n_threads);
      return copy_out (text, (size_t) n, max, out, out_len);
    }
  return -ENOENT;
}

static const PmProcessSource core_source = {
  core_read_memory,
  core_read_file,
  core_open_mapped_file,
  core_next_present,
};

/* ---- notes ----------------------------------------------------------------- */

static int
fail (char       *error,
      size_t      error_size,
      int         r,
      const char *format,
      ...) __attribute__ ((format (printf, 4, 5)));

static int
fail (char       *error,
      size_t      error_size,
      int         r,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (error, error_size, format, args);
  va_end (args);
  return r;
}

static CoreThread *
add_thread (PmCore *core)
{
  CoreThread *grown;

  if (core->n_threads >= PM_PROCESS_MAX_THREADS)
    return NULL;
  grown = realloc (core->threads, (core->n_threads + 1) * sizeof *grown);
  if (grown == NULL)
    return NULL;
  core->threads = grown;
  memset (&grown[core->n_threads], 0, sizeof *grown);
  return &grown[core->n_threads++];
}

/* NT_FILE: count, page size, count × (start, end, page offset), names. */
static int
parse_file_note (PmCore        *core,
                 const uint8_t *desc,
                 size_t         len,
                 char          *error,
                 size_t         error_size)
{
  uint64_t count, page_size;
  const char *names, *end;

  if (len < 16)
    return fail (error, error_size, -EBADMSG, "the core's file list (NT_FILE) is too short");
  memcpy (&count, desc, 8);
  memcpy (&page_size, desc + 8, 8);
  if (count > MAX_SEGMENTS || 16 + count * 24 > len || page_size == 0 || page_size > (1u << 30))
    return fail (error, error_size, -EBADMSG, "the core's file list (NT_FILE) has a bad count or page size");
  core->file_names = malloc (len - 16 - count * 24 + 1);
  if (core->file_names == NULL)
    return -ENOMEM;
  memcpy (core->file_names, desc + 16 + count * 24, len - 16 - count * 24);
  core->file_names[len - 16 - count * 24] = '\0';
  names = core->file_names;
  end = core->file_names + (len - 16 - count * 24);
  for (uint64_t i = 0; i < count; i++)
    {
      uint64_t e[3];
      const Segment *s;

      if (names >= end)
        return fail (error, error_size, -EBADMSG, "the core's file list (NT_FILE) has fewer names than entries");
      memcpy (e, desc + 16 + i * 24, sizeof e);
      s = find_segment (core, e[0]);
      if (s != NULL && s->vaddr == e[0] && e[2] <= UINT64_MAX / page_size)
        {
          Segment *w = (Segment *) s;
          w->path = names;
          w->file_offset = e[2] * page_size;
        }
      names += strlen (names) + 1;
    }
  return 0;
}

static int
parse_notes (PmCore     *core,
             GElf_Phdr  *ph,
             char       *error,
             size_t      error_size)
{
  Elf_Data *data = elf_getdata_rawchunk (core->elf, (int64_t) ph->p_offset, ph->p_filesz, ELF_T_NHDR);
  size_t off = 0, name_off, desc_off;
  GElf_Nhdr nh;
  CoreThread *last = NULL;
  int r;

  if (data == NULL)
    return fail (error, error_size, -EBADMSG, "the core's notes cannot be read: %s", elf_errmsg (-1));
  while ((off = gelf_getnote (data, off, &nh, &name_off, &desc_off)) > 0)
    {
      const char *name = (const char *) data->d_buf + name_off;
      const uint8_t *desc = (const uint8_t *) data->d_buf + desc_off;
      int is_core = nh.n_namesz == 5 && memcmp (name, "CORE", 5) == 0;
      int is_linux = nh.n_namesz == 6 && memcmp (name, "LINUX", 6) == 0;

      if (is_core && nh.n_type == NT_PRSTATUS)
        {
          struct elf_prstatus st;

          if (nh.n_descsz < sizeof st)
            return fail (error, error_size, -EBADMSG, "a thread's registers (NT_PRSTATUS) are cut short");
          memcpy (&st, desc, sizeof st);
          last = add_thread (core);
          if (last == NULL)
            return fail (error, error_size, -E2BIG, "the core has more than %u threads", PM_PROCESS_MAX_THREADS);
          last->tid = st.pr_pid;
          last->cursig = st.pr_cursig;
          _Static_assert (sizeof st.pr_reg == sizeof last->regs, "pr_reg is user_regs_struct");
          memcpy (&last->regs, &st.pr_reg, sizeof last->regs);
          if (core->facts.pid == 0)
            core->facts.pid = st.pr_pid;
        }
      else if (is_core && nh.n_type == NT_FPREGSET && last != NULL && nh.n_descsz >= sizeof last->fpregs)
        {
          memcpy (&last->fpregs, desc, sizeof last->fpregs);
          last->have_fpregs = 1;
        }
      else if (is_linux && nh.n_type == NT_X86_XSTATE && last != NULL && !last->have_fpregs &&
               nh.n_descsz >= sizeof last->fpregs)
        {
          /* The legacy area of an XSAVE image is the FXSAVE image. */
          memcpy (&last->fpregs, desc, sizeof last->fpregs);
          last->have_fpregs = 1;
        }
      else if (is_core && nh.n_type == NT_PRPSINFO && nh.n_descsz >= sizeof (struct elf_prpsinfo))
        {
          struct elf_prpsinfo ps;

          memcpy (&ps, desc, sizeof ps);
          memcpy (core->facts.comm, ps.pr_fname, sizeof ps.pr_fname);
          core->facts.comm[sizeof ps.pr_fname] = '\0';
          memcpy (core->psargs, ps.pr_psargs, sizeof ps.pr_psargs);
          core->psargs[sizeof ps.pr_psargs] = '\0';
          core->facts.uid = ps.pr_uid;
          core->facts.gid = ps.pr_gid;
          core->state = ps.pr_sname;
          if (ps.pr_pid > 0)
            core->facts.pid = ps.pr_pid;
        }
      else if (is_core && nh.n_type == NT_SIGINFO && nh.n_descsz >= sizeof (siginfo_t))
        {
          siginfo_t si;

          memcpy (&si, desc, sizeof si);
          core->facts.signal = si.si_signo;
          core->facts.si_code = si.si_code;
          if (si.si_signo == SIGSEGV || si.si_signo == SIGBUS || si.si_signo == SIGILL ||
              si.si_signo == SIGFPE || si.si_signo == SIGTRAP)
            core->facts.fault_address = (uint64_t) (uintptr_t) si.si_addr;
        }
      else if (is_core && nh.n_type == NT_AUXV)
        {
          core->auxv = desc;
          core->auxv_len = nh.n_descsz & ~(size_t) 15;
        }
      else if (is_core && nh.n_type == NT_FILE)
        {
          r = parse_file_note (core, desc, nh.n_descsz, error, error_size);
          if (r < 0)
            return r;
        }
    }
  return 0;
}

/* ---- the initial stack: argv and envp --------------------------------------- */

static uint64_t
auxv_value (const PmCore *core,
            uint64_t      key)
{
  for (size_t i = 0; i + 16 <= core->auxv_len; i += 16)
    {
      uint64_t k, v;
      memcpy (&k, core->auxv + i, 8);
      memcpy (&v, core->auxv + i + 8, 8);
      if (k == key)
        return v;
    }
  return 0;
}

static int
read_word (PmCore   *core,
           uint64_t  addr,
           uint64_t *value)
{
  return core_read_memory (core, addr, value, 8) == 8 ? 0 : -EFAULT;
}

/* The strings of a NULL-terminated pointer array, NUL-separated. */
static char *
read_strings (PmCore   *core,
              uint64_t  array,
              uint64_t  count,
              size_t   *len_out)
{
  char *out = malloc (MAX_ARG_BYTES + 1);
  size_t len = 0;

  if (out == NULL)
    return NULL;
  for (uint64_t i = 0; i < count && len < MAX_ARG_BYTES; i++)
    {
      uint64_t p;
      ssize_t n;
      char *nul;

      if (read_word (core, array + 8 * i, &p) < 0)
        break;
      n = core_read_memory (core, p, out + len, MAX_ARG_BYTES - len);
      if (n <= 0)
        break;
      nul = memchr (out + len, '\0', (size_t) n);
      if (nul == NULL)
        break;
      len = (size_t) (nul - out) + 1;
    }
  out[len] = '\0';
  *len_out = len;
  return out;
}

/* The kernel puts argc, argv[], NULL, envp[], NULL, then auxv at the start
 * of the initial stack; NT_AUXV is a copy of that auxv. Find it in the
 * stack's memory and walk back. */
static void
recover_arguments (PmCore  *core,
                   uint64_t stack_pointer)
{
  const Segment *s = find_segment (core, stack_pointer);
  const uint8_t *base, *hit;
  uint64_t auxv_addr, at, word, envc = 0, argc = 0;

  if (s == NULL || core->auxv_len < 32 || s->filesz < core->auxv_len)
    return;
  /* The auxv sits just below the argument and environment strings at the
   * top of the stack: search down from there, 8-byte aligned. */
  base = core->data + s->offset;
  hit = NULL;
  for (uint64_t off = (s->filesz - 32) & ~(uint64_t) 7; ; off -= 8)
    {
      if (memcmp (base + off, core->auxv, 32) == 0)
        {
          hit = base + off;
          break;
        }
      if (off < 8)
        break;
    }
  if (hit == NULL)
    return;
  auxv_addr = s->vaddr + (uint64_t) (hit - base);
  at = auxv_addr - 8;                       /* envp's NULL */
  if (read_word (core, at, &word) < 0 || word != 0)
    return;
  while (envc < MAX_ARGS && read_word (core, at - 8 * (envc + 1), &word) == 0 && word != 0)
    envc++;
  at -= 8 * (envc + 1);                     /* argv's NULL */
  while (argc < MAX_ARGS && read_word (core, at - 8 * (argc + 1), &word) == 0 && word != argc)
    argc++;
  if (word != argc || argc == 0)
    return;
  core->cmdline = read_strings (core, at - 8 * argc, argc, &core->cmdline_len);
  core->environ = read_strings (core, at + 8, envc, &core->environ_len);
}

/* ---- the memory map ------------------------------------------------------- */

static int
compare_segments (const void *a,
                  const void *b)
{
  const Segment *x = a, *y = b;
  return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static char *
maps_text (PmCore *core,
           size_t *len_out)
{
  uint64_t vdso = auxv_value (core, AT_SYSINFO_EHDR);
  uint64_t sp = core->n_threads > 0 ? core->threads[0].regs.rsp : 0;
  size_t alloc = core->n_segs * 64 + 1, len = 0;
  char *text = malloc (alloc);

  for (size_t i = 0; text != NULL && i < core->n_segs; i++)
    {
      const Segment *s = &core->segs[i];
      const char *name = s->path ? s->path : "";
      size_t need;
      int n;

      if (s->path == NULL && vdso != 0 && s->vaddr == vdso)
        name = "[vdso]";
      else if (s->path == NULL && vdso != 0 && s->vaddr + s->memsz == vdso && s->filesz == 0)
        name = "[vvar]";
      else if (s->path == NULL && sp >= s->vaddr && sp - s->vaddr < s->memsz)
        name = "[stack]";
      need = 100 + strlen (name);
      if (len + need > alloc)
        {
          char *grown;
          alloc = (len + need) * 2;
          grown = realloc (text, alloc);
          if (grown == NULL)
            {
              free (text);
              return NULL;
            }
          text = grown;
        }
      n = snprintf (text + len, alloc - len, "%08llx-%08llx %c%c%cp %08llx 00:00 0 %s%s\n",
                    (unsigned long long) s->vaddr, (unsigned long long) (s->vaddr + s->memsz),
                    (s->flags & PF_R) ? 'r' : '-', (s->flags & PF_W) ? 'w' : '-',
                    (s->flags & PF_X) ? 'x' : '-', (unsigned long long) s->file_offset,
                    name[0] ? "                   " : "", name);
      len += (size_t) n;
    }
  if (text != NULL)
    text[len] = '\0';
  *len_out = len;
  return text;
}

/* The executable: the file mapped where AT_PHDR points (the program headers
 * are in its first mapping), else the first file mapping. */
static void
find_executable (PmCore *core)
{
  const Segment *s = find_segment (core, auxv_value (core, AT_PHDR));

  if (s == NULL || s->path == NULL)
    for (size_t i = 0; i < core->n_segs && (s == NULL || s->path == NULL); i++)
      s = &core->segs[i];
  snprintf (core->exe_path, sizeof core->exe_path, "%s", s != NULL && s->path != NULL ? s->path : "");
  core->facts.exe_path = core->exe_path;
}

/* ---- opening -------------------------------------------------------------- */

static int
check_and_index (PmCore *core,
                 char   *error,
                 size_t  error_size)
{
  GElf_Ehdr eh;
  size_t phnum;
  int r;

  core->elf = elf_memory ((char *) core->data, core->size);
  if (core->elf == NULL || elf_kind (core->elf) != ELF_K_ELF || gelf_getehdr (core->elf, &eh) == NULL)
    return fail (error, error_size, -EBADMSG, "not an ELF file");
  if (eh.e_type != ET_CORE)
    return fail (error, error_size, -EBADMSG, "an ELF file but not a core (type %u)", (unsigned) eh.e_type);
  if (gelf_getclass (core->elf) != ELFCLASS64 || eh.e_machine != EM_X86_64)
    return fail (error, error_size, -ENOTSUP, "a core of another architecture (machine %u): only x86-64 is supported",
                 (unsigned) eh.e_machine);
  if (elf_getphdrnum (core->elf, &phnum) != 0 || phnum == 0)
    return fail (error, error_size, -EBADMSG, "the core has no program headers");
  if (eh.e_phoff > core->size || phnum > MAX_SEGMENTS || phnum * sizeof (Elf64_Phdr) > core->size - eh.e_phoff)
    return fail (error, error_size, -EBADMSG, "the core is truncated: its program headers end past the file");
  core->segs = calloc (phnum, sizeof *core->segs);
  if (core->segs == NULL)
    return -ENOMEM;
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;

      if (gelf_getphdr (core->elf, (int) i, &ph) == NULL)
        return fail (error, error_size, -EBADMSG, "program header %zu is unreadable", i);
      if (ph.p_type != PT_LOAD)
        continue;
      if (ph.p_filesz > ph.p_memsz || ph.p_vaddr + ph.p_memsz < ph.p_vaddr)
        return fail (error, error_size, -EBADMSG, "segment %zu has impossible sizes", i);
      if (ph.p_offset > core->size || ph.p_filesz > core->size - ph.p_offset)
        return fail (error, error_size, -EBADMSG,
                     "the core is truncated: it has %llu bytes, but its memory at 0x%llx needs %llu",
                     (unsigned long long) core->size, (unsigned long long) ph.p_vaddr,
                     (unsigned long long) (ph.p_offset + ph.p_filesz));
      core->segs[core->n_segs++] = (Segment) { ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags, NULL, 0 };
    }
  qsort (core->segs, core->n_segs, sizeof *core->segs, compare_segments);
  for (size_t i = 1; i < core->n_segs; i++)
    if (core->segs[i].vaddr < core->segs[i - 1].vaddr + core->segs[i - 1].memsz)
      return fail (error, error_size, -EBADMSG, "segments at 0x%llx and 0x%llx overlap",
                   (unsigned long long) core->segs[i - 1].vaddr, (unsigned long long) core->segs[i].vaddr);
  for (size_t i = 0; i < phnum; i++)
    {
      GElf_Phdr ph;

      if (gelf_getphdr (core->elf, (int) i, &ph) == NULL || ph.p_type != PT_NOTE)
        continue;
      if (ph.p_offset > core->size || ph.p_filesz > core->size - ph.p_offset)
        return fail (error, error_size, -EBADMSG, "the core is truncated: its notes end past the file");
      r = parse_notes (core, &ph, error, error_size);
      if (r < 0)
        return r;
    }
  if (core->n_threads == 0)
    return fail (error, error_size, -EBADMSG, "the core records no thread (no NT_PRSTATUS note)");
  return 0;
}

int
pm_core_open (const char  *path,
              const char  *exe,
              PmCore     **out,
              char        *error,
              size_t       error_size)
{
  PmCore *core;
  uint8_t head[8] = { 0 };
  struct stat st;
  PmCoreCompression compression;
  int fd, r;

  *out = NULL;
  if (error_size > 0)
    error[0] = '\0';
  elf_version (EV_CURRENT);
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return fail (error, error_size, -errno, "%s", strerror (errno));
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return fail (error, error_size, -EINVAL, "not a regular file");
    }
  if (pread (fd, head, sizeof head, 0) < 6)
    {
      close (fd);
      return fail (error, error_size, -EBADMSG, "too short to be a core (%lld bytes)", (long long) st.st_size);
    }
  compression = pm_core_compression_of (head, sizeof head);
  if (compression != PM_CORE_PLAIN)
    {
      int plain;

      r = pm_core_inflate (fd, compression, &plain, error, error_size);
      close (fd);
      if (r < 0)
        return r;
      fd = plain;
      if (fstat (fd, &st) != 0)
        {
          close (fd);
          return fail (error, error_size, -errno, "%s", strerror (errno));
        }
    }
  if (st.st_size < (off_t) sizeof (Elf64_Ehdr))
    {
      close (fd);
      return fail (error, error_size, -EBADMSG, "too short to be an ELF core (%lld bytes)", (long long) st.st_size);
    }
  core = calloc (1, sizeof *core);
  if (core == NULL)
    {
      close (fd);
      return -ENOMEM;
    }
  core->fd = fd;
  core->size = (uint64_t) st.st_size;
  core->facts.size = core->size;
  core->data = mmap (NULL, core->size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (core->data == MAP_FAILED)
    {
      core->data = NULL;
      r = fail (error, error_size, -errno, "cannot map the core: %s", strerror (errno));
      pm_core_free (core);
      return r;
    }
  core->exe_override = exe != NULL ? strdup (exe) : NULL;
  r = check_and_index (core, error, error_size);
  if (r < 0)
    {
      if (error[0] == '\0')
        snprintf (error, error_size, "%s", strerror (-r));
      pm_core_free (core);
      return r;
    }
  find_executable (core);
  core->facts.crash_tid = core->threads[0].tid;
  core->facts.n_threads = core->n_threads;
  if (core->facts.signal == 0)
    core->facts.signal = core->threads[0].cursig;
  /* gcore of a running process: gdb stopped it with SIGSTOP. Not a crash. */
  if (core->facts.signal == SIGSTOP)
    core->facts.signal = 0;
  recover_arguments (core, core->threads[0].regs.rsp);
  if (core->cmdline == NULL && core->psargs[0] != '\0')
    {
      /* pr_psargs: the first 80 bytes of the arguments, joined by spaces. */
      core->cmdline = strdup (core->psargs);
      core->cmdline_len = core->cmdline ? strlen (core->cmdline) : 0;
    }
  *out = core;
  return 0;
}

void
pm_core_free (PmCore *core)
{
  if (core == NULL)
    return;
  if (core->elf != NULL)
    elf_end (core->elf);
  if (core->data != NULL)
    munmap ((void *) core->data, core->size);
  if (core->fd >= 0)
    close (core->fd);
  free (core->segs);
  free (core->threads);
  free (core->file_names);
  free (core->exe_override);
  free (core->cmdline);
  free (core->environ);
  free (core);
}

const PmCoreFacts *
pm_core_get_facts (const PmCore *core)
{
  return &core->facts;
}

/* ---- dumping ---------------------------------------------------------------- */

int
pm_core_dump (PmCore        *core,
              PmDumperType   type,
              int            include_environ,
              int            fd,
              PmDumpResult  *result,
              char          *error,
              size_t         error_size)
{
  PmProcess *proc = calloc (1, sizeof *proc);
  PmDumpOptions options;
  char *maps;
  size_t maps_len;
  int r = 0;

  if (proc == NULL)
    return -ENOMEM;
  pm_process_open_image (proc, core->facts.pid, &core_source, core);
  snprintf (proc->exe_path, sizeof proc->exe_path, "%s", core->exe_path);
  for (size_t i = 0; i < core->n_threads && r == 0; i++)
    {
      PmThread *t = pm_process_add_thread (proc, core->threads[i].tid);

      if (t == NULL)
        {
          r = -ENOMEM;
          break;
        }
      t->regs = core->threads[i].regs;
      t->fpregs = core->threads[i].fpregs;
      t->regs_ok = 1;
      /* Kernel cores name only the process (pr_fname), which is the main
       * thread's name. */
      if (core->threads[i].tid == core->facts.pid)
        memcpy (t->name, core->facts.comm, sizeof t->name - 1);
    }
  maps = r == 0 ? maps_text (core, &maps_len) : NULL;
  if (r == 0 && maps == NULL)
    r = -ENOMEM;
  if (r == 0)
    r = pm_process_set_maps (proc, maps, maps_len);
  if (r < 0)
    {
      snprintf (error, error_size, "cannot build the process from the core: %s", strerror (-r));
      pm_process_close (proc);
      free (proc);
      return r;
    }

  pm_dump_options_init (&options, type);
  options.include_environ = include_environ;
  if (core->facts.signal != 0)
    {
      options.crash_tid = core->facts.crash_tid;
      options.signal = core->facts.signal;
      options.si_code = core->facts.si_code;
      options.fault_address = core->facts.fault_address;
    }
  r = pm_dump_image (proc, &options, fd, result, error, error_size);
  pm_process_close (proc);
  free (proc);
  return r;
}
