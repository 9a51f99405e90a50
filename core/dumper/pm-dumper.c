/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper.c — turn a stopped process into a minidump of a WER dump type.
 *
 * Runs in: postmortem-dumper and tests, an ordinary process; libc only.
 *
 * Order of work: stop the threads, read maps, modules and the registration
 * table, plan the memory, then stream the file: thread contexts, memory
 * ranges, the lists that point at them, the small streams, and for heap dumps
 * the Memory64List last (its data is one contiguous block at the end, the
 * only part of the file allowed beyond 4 GiB). The threads are let go as
 * soon as the last byte of their memory has been read.
 */
#include "pm-dumper.h"

#include <cpuid.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ucontext.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "pm-config.h"
#include "pm-memory-copy.h"
#include "pm-memory-plan.h"
#include "pm-minidump-format.h"
#include "pm-minidump-writer.h"
#include "pm-modules.h"
#include "pm-process.h"
#include "pm-resident.h"

#define COPY_CHUNK          (1u << 20)   /* process_vm_readv is fastest around 1 MiB */
#define RED_ZONE            128u
#define AROUND_REGISTER     256u
#define STACK_CAP_MICRO     (64u * 1024u)
#define STACK_CAP_MINI      (512u * 1024u)
#define STACK_CAP_CRASHED   (16u * 1024u * 1024u)  /* the whole stack, even after an overflow */
#define MAX_HANDLES         4096u

typedef struct
{
  PmProcess       *proc;                /* live or an image (pm_dump_image) */
  PmModuleList     modules;
  PmMinidumpWriter writer;
  const PmDumpOptions *options;
  PmDumpResult    *result;
  uint8_t         *chunk;               /* COPY_CHUNK bytes, reused */

  PmMdContextAmd64 *contexts;           /* one per thread */
  uint32_t        *context_rvas;
  PmMemoryPlan     plan;                /* MemoryList ranges */
  PmMdMemoryDescriptor *written;        /* what was written for each plan range */
  size_t           n_written;
  uint32_t         metadata_rva;        /* PmMdSimpleStringDictionary, or 0 */
  uint32_t         metadata_size;
} PmDumpJob;

void
pm_dump_options_init (PmDumpOptions *options,
                      PmDumperType   type)
{
  memset (options, 0, sizeof *options);
  options->type = type;
}

const char *
pm_dumper_type_to_string (PmDumperType type)
{
  switch (type)
    {
    case PM_DUMPER_TYPE_MICRO: return "micro";
    case PM_DUMPER_TYPE_MINI: return "mini";
    case PM_DUMPER_TYPE_HEAP: return "heap";
    case PM_DUMPER_TYPE_TRIAGE: return "triage";
    default: return "unknown";
    }
}

int
pm_dumper_type_from_string (const char   *name,
                            PmDumperType *type)
{
  static const char *names[] = { NULL, "micro", "mini", "heap", "triage" };

  for (int i = 1; i <= 4; i++)
    if (name != NULL && strcmp (name, names[i]) == 0)
      {
        *type = (PmDumperType) i;
        return 0;
      }
  return -EINVAL;
}

static int
is_crash (const PmDumpJob *job)
{
  return job->options->crash_tid != 0;
}

static int
is_at_least_mini (const PmDumpJob *job)
{
  return job->options->type == PM_DUMPER_TYPE_MINI || job->options->type == PM_DUMPER_TYPE_HEAP;
}

static void
hex (char          *out,
     const uint8_t *bytes,
     size_t         len)
{
  static const char digits[] = "0123456789abcdef";

  for (size_t i = 0; i < len; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 15];
    }
  out[2 * len] = '\0';
}

/* ---- registers ---------------------------------------------------------- */

static void
context_from_ptrace (PmMdContextAmd64 *ctx,
                     const PmThread   *t)
{
  const struct user_regs_struct *r = &t->regs;

  memset (ctx, 0, sizeof *ctx);
  ctx->context_flags = PM_MD_CONTEXT_AMD64_FULL | PM_MD_CONTEXT_AMD64_SEGMENTS;
  ctx->cs = (uint16_t) r->cs;
  ctx->ds = (uint16_t) r->ds;
  ctx->es = (uint16_t) r->es;
  ctx->fs = (uint16_t) r->fs;
  ctx->gs = (uint16_t) r->gs;
  ctx->ss = (uint16_t) r->ss;
  ctx->eflags = (uint32_t) r->eflags;
  ctx->rax = r->rax; ctx->rcx = r->rcx; ctx->rdx = r->rdx; ctx->rbx = r->rbx;
  ctx->rsp = r->rsp; ctx->rbp = r->rbp; ctx->rsi = r->rsi; ctx->rdi = r->rdi;
  ctx->r8 = r->r8; ctx->r9 = r->r9; ctx->r10 = r->r10; ctx->r11 = r->r11;
  ctx->r12 = r->r12; ctx->r13 = r->r13; ctx->r14 = r->r14; ctx->r15 = r->r15;
  ctx->rip = r->rip;
  _Static_assert (sizeof (struct user_fpregs_struct) == sizeof (PmMdXmmSaveArea32), "FXSAVE image size");
  memcpy (&ctx->flt_save, &t->fpregs, sizeof ctx->flt_save);
  ctx->mx_csr = t->fpregs.mxcsr;
}

/* The crashing thread's registers at the fault, as the signal handler saw
 * them (its ptrace registers would show the handler instead). */
static void
context_from_crash (PmMdContextAmd64     *ctx,
                    const PmCrashContext *c,
                    uint32_t              flags)
{
  const uint64_t *g = c->gregs;

  ctx->rax = g[REG_RAX]; ctx->rcx = g[REG_RCX]; ctx->rdx = g[REG_RDX]; ctx->rbx = g[REG_RBX];
  ctx->rsp = g[REG_RSP]; ctx->rbp = g[REG_RBP]; ctx->rsi = g[REG_RSI]; ctx->rdi = g[REG_RDI];
  ctx->r8 = g[REG_R8]; ctx->r9 = g[REG_R9]; ctx->r10 = g[REG_R10]; ctx->r11 = g[REG_R11];
  ctx->r12 = g[REG_R12]; ctx->r13 = g[REG_R13]; ctx->r14 = g[REG_R14]; ctx->r15 = g[REG_R15];
  ctx->rip = g[REG_RIP];
  ctx->eflags = (uint32_t) g[REG_EFL];
  /* CSGSFS packs cs, gs, fs (and ss on newer kernels) 16 bits each. */
  ctx->cs = (uint16_t) g[REG_CSGSFS];
  ctx->gs = (uint16_t) (g[REG_CSGSFS] >> 16);
  ctx->fs = (uint16_t) (g[REG_CSGSFS] >> 32);
  if ((uint16_t) (g[REG_CSGSFS] >> 48) != 0)
    ctx->ss = (uint16_t) (g[REG_CSGSFS] >> 48);
  if (flags & PM_CRASH_INFO_FLAG_HAVE_FPREGS)
    {
      memcpy (&ctx->flt_save, c->fpregs, sizeof ctx->flt_save);
      ctx->mx_csr = ctx->flt_save.mx_csr;
    }
}

static void
context_registers (const PmMdContextAmd64 *ctx,
                   uint64_t                out[17])
{
  uint64_t v[17] = { ctx->rax, ctx->rcx, ctx->rdx, ctx->rbx, ctx->rsp, ctx->rbp, ctx->rsi,
                     ctx->rdi, ctx->r8, ctx->r9, ctx->r10, ctx->r11, ctx->r12, ctx->r13,
                     ctx->r14, ctx->r15, ctx->rip };
  memcpy (out, v, sizeof v);
}

/* ---- memory --------------------------------------------------------------- */

/* Other threads' stacks are capped; the crashing thread's is taken whole
 * (Breakpad does the same), so a walk through a deep recursion reaches its
 * start. */
static uint64_t
stack_cap (const PmDumpJob *job,
           size_t           thread_index)
{
  if (is_crash (job) && job->proc->threads[thread_index].tid == job->options->crash_tid)
    return STACK_CAP_CRASHED;
  return is_at_least_mini (job) ? STACK_CAP_MINI : STACK_CAP_MICRO;
}

static void
stack_bounds (const PmDumpJob        *job,
              size_t                  thread_index,
              uint64_t               *lo,
              uint64_t               *hi)
{
  uint64_t sp = job->contexts[thread_index].rsp;
  const PmMapping *m;

  *lo = (sp > RED_ZONE ? sp - RED_ZONE : 0) & ~(uint64_t) 0xfff;
  m = pm_process_find_mapping (job->proc, sp);
  if (m == NULL || !(m->perms & PM_MAP_READ))
    {
      /* A stack overflow: the stack pointer went below its stack, into the
       * guard page or the kernel's guard gap (256 pages). The deepest frames
       * are at the bottom of the readable stack just above: take that. */
      const PmMapping *above = NULL;

      for (size_t i = 0; i < job->proc->n_maps; i++)
        if (job->proc->maps[i].start > sp)
          {
            above = &job->proc->maps[i];
            break;
          }
      if (above != NULL && (above->perms & PM_MAP_READ) && above->start - sp <= (1u << 20) + 4096)
        {
          m = above;
          *lo = above->start;
        }
    }
  /* A stack pointer in no mapping at all (garbage) still gets the page it
   * points at, if that turns out to be readable. */
  *hi = m ? m->end : *lo + 4096;
  if (*hi - *lo > stack_cap (job, thread_index))
    *hi = *lo + stack_cap (job, thread_index);
}

static int
plan_memory_list (PmDumpJob *job)
{
  PmProcess *proc = job->proc;
  const PmRegistrations *regs = &job->result->registrations;
  int r = 0;

  pm_memory_plan_init (&job->plan);
  for (size_t i = 0; i < proc->n_threads && r == 0; i++)
    {
      uint64_t lo, hi, values[17];

      stack_bounds (job, i, &lo, &hi);
      r = pm_memory_plan_add (&job->plan, lo, hi);
      if (!is_at_least_mini (job))
        {
          /* Micro: the code around the instruction pointer only. */
          uint64_t ip = job->contexts[i].rip;
          if (r == 0 && ip > AROUND_REGISTER)
            r = pm_memory_plan_add (&job->plan, ip - AROUND_REGISTER, ip + AROUND_REGISTER);
          continue;
        }
      context_registers (&job->contexts[i], values);
      for (int k = 0; k < 17 && r == 0; k++)
        {
          const PmMapping *m = values[k] > AROUND_REGISTER && values[k] < UINT64_MAX - AROUND_REGISTER
                               ? pm_process_find_mapping (proc, values[k]) : NULL;

          /* [vvar] pages are the kernel's and cannot be read from outside. */
          if (m != NULL && !(m->path != NULL && strncmp (m->path, "[vvar", 5) == 0))
            r = pm_memory_plan_add (&job->plan, values[k] - AROUND_REGISTER, values[k] + AROUND_REGISTER);
        }
    }
  /* Registered blocks go into heap dumps only, as WER does. */
  if (job->options->type == PM_DUMPER_TYPE_HEAP)
    for (uint32_t i = 0; i < regs->n_blocks && r == 0; i++)
      r = pm_memory_plan_add (&job->plan, regs->blocks[i].address,
                              regs->blocks[i].address + regs->blocks[i].size);
  for (uint32_t i = 0; i < regs->n_excluded && r == 0; i++)
    r = pm_memory_plan_exclude (&job->plan, regs->excluded[i].address,
                                regs->excluded[i].address + regs->excluded[i].size);
  if (r == 0)
    r = pm_memory_plan_normalize (&job->plan, proc);
  return r;
}

/* Copies [start, end) of the process into the file. A short read ends the
 * copy: the caller decides whether to pad (Memory64List) or to clip. */
static int
copy_memory (PmDumpJob *job,
             uint64_t   start,
             uint64_t   end,
             uint64_t  *copied)
{
  uint64_t at = start;

  *copied = 0;
  while (at < end)
    {
      size_t want = end - at < COPY_CHUNK ? (size_t) (end - at) : COPY_CHUNK;
      ssize_t n = pm_process_read_memory (job->proc, at, job->chunk, want);
      int r;

      if (n <= 0)
        break;
      r = pm_minidump_writer_append (&job->writer, job->chunk, (size_t) n, NULL);
      if (r < 0)
        return r;
      at += (uint64_t) n;
      *copied += (uint64_t) n;
      if ((size_t) n < want)
        break;
    }
  job->result->memory_bytes += *copied;
  return 0;
}

static int
write_memory_ranges (PmDumpJob *job)
{
  job->written = calloc (job->plan.n_ranges + 1, sizeof *job->written);
  if (job->written == NULL)
    return -ENOMEM;
  for (size_t i = 0; i < job->plan.n_ranges; i++)
    {
      const PmRange *range = &job->plan.ranges[i];
      uint64_t copied;
      uint32_t rva;
      int r;

      r = pm_minidump_writer_align (&job->writer, 16);
      if (r < 0)
        return r;
      rva = pm_minidump_writer_tell (&job->writer);
      r = copy_memory (job, range->start, range->end, &copied);
      if (r < 0)
        return r;
      if (copied < range->end - range->start)
        pm_process_note (job->proc, "memory 0x%llx-0x%llx: only %llu of %llu bytes readable",
                         (unsigned long long) range->start, (unsigned long long) range->end,
                         (unsigned long long) copied, (unsigned long long) (range->end - range->start));
      if (copied == 0)
        continue;
      job->written[job->n_written].start_of_memory_range = range->start;
      job->written[job->n_written].memory.data_size = (uint32_t) copied;
      job->written[job->n_written].memory.rva = rva;
      job->n_written++;
    }
  return 0;
}

/* The part of the written memory that holds a thread's stack. */
static PmMdMemoryDescriptor
find_stack (const PmDumpJob *job,
            size_t           thread_index)
{
  PmMdMemoryDescriptor d = { 0 };
  uint64_t lo, hi;

  stack_bounds (job, thread_index, &lo, &hi);
  for (size_t i = 0; i < job->n_written; i++)
    {
      const PmMdMemoryDescriptor *w = &job->written[i];
      uint64_t w_end = w->start_of_memory_range + w->memory.data_size;
      uint64_t s = lo > w->start_of_memory_range ? lo : w->start_of_memory_range;
      uint64_t e = hi < w_end ? hi : w_end;

      if (s >= e)
        continue;
      d.start_of_memory_range = s;
      d.memory.data_size = (uint32_t) (e - s);
      d.memory.rva = w->memory.rva + (uint32_t) (s - w->start_of_memory_range);
      break;
    }
  return d;
}

/* ---- streams -------------------------------------------------------------- */

static int
write_contexts (PmDumpJob *job)
{
  PmProcess *proc = job->proc;

  job->contexts = calloc (proc->n_threads, sizeof *job->contexts);
  job->context_rvas = calloc (proc->n_threads, sizeof *job->context_rvas);
  if (job->contexts == NULL || job->context_rvas == NULL)
    return -ENOMEM;
  for (size_t i = 0; i < proc->n_threads; i++)
    {
      const PmThread *t = &proc->threads[i];

      context_from_ptrace (&job->contexts[i], t);
      if (is_crash (job) && t->tid == job->options->crash_tid &&
          job->options->crash_context != NULL &&
          (job->options->crash_info_flags & PM_CRASH_INFO_FLAG_HAVE_CONTEXT))
        context_from_crash (&job->contexts[i], job->options->crash_context, job->options->crash_info_flags);
      else if (!t->regs_ok)
        job->contexts[i].context_flags = PM_MD_CONTEXT_AMD64;   /* nothing valid */
    }
  return 0;
}

static int
append_contexts (PmDumpJob *job)
{
  for (size_t i = 0; i < job->proc->n_threads; i++)
    {
      int r = pm_minidump_writer_align (&job->writer, 16);
      if (r == 0)
        r = pm_minidump_writer_append (&job->writer, &job->contexts[i], sizeof job->contexts[i],
                                       &job->context_rvas[i]);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
write_thread_list (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  uint32_t count = (uint32_t) job->proc->n_threads;
  int r = pm_minidump_writer_begin_stream (w);

  if (r == 0)
    r = pm_minidump_writer_append (w, &count, sizeof count, NULL);
  for (size_t i = 0; i < job->proc->n_threads && r == 0; i++)
    {
      PmMdThread t;

      memset (&t, 0, sizeof t);
      t.thread_id = (uint32_t) job->proc->threads[i].tid;
      t.teb = job->proc->threads[i].regs.fs_base;  /* the TLS base, as Breakpad does */
      t.stack = find_stack (job, i);
      t.thread_context.data_size = sizeof (PmMdContextAmd64);
      t.thread_context.rva = job->context_rvas[i];
      r = pm_minidump_writer_append (w, &t, sizeof t, NULL);
    }
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_THREAD_LIST);
  return r;
}

static int
write_memory_list (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  uint32_t count = (uint32_t) job->n_written;
  int r = pm_minidump_writer_begin_stream (w);

  if (r == 0)
    r = pm_minidump_writer_append (w, &count, sizeof count, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (w, job->written, job->n_written * sizeof job->written[0], NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY_LIST);
  return r;
}

static int
write_thread_names (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  PmMdThreadName *names;
  uint32_t count = (uint32_t) job->proc->n_threads;
  int r = 0;

  names = calloc (count + 1, sizeof *names);
  if (names == NULL)
    return -ENOMEM;
  for (uint32_t i = 0; i < count && r == 0; i++)
    {
      uint32_t rva = 0;
      names[i].thread_id = (uint32_t) job->proc->threads[i].tid;
      r = pm_minidump_writer_append_string (w, job->proc->threads[i].name, &rva);
      names[i].rva_of_thread_name = rva;
    }
  if (r == 0)
    r = pm_minidump_writer_begin_stream (w);
  if (r == 0)
    r = pm_minidump_writer_append (w, &count, sizeof count, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (w, names, count * sizeof *names, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_THREAD_NAMES);
  free (names);
  return r;
}

static int
write_module_list (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  PmModuleList *mods = &job->modules;
  PmMdModule *out;
  uint32_t count = (uint32_t) mods->n_modules;
  int r = 0;

  out = calloc (count + 1, sizeof *out);
  if (out == NULL)
    return -ENOMEM;
  for (uint32_t i = 0; i < count && r == 0; i++)
    {
      const PmModule *m = &mods->modules[i];
      PmMdCvInfoElf cv = { PM_MD_CV_SIGNATURE_ELF };
      uint32_t name_rva = 0, cv_rva = 0;

      r = pm_minidump_writer_append_string (w, m->path, &name_rva);
      if (r == 0)
        r = pm_minidump_writer_align (w, 4);
      if (r == 0)
        r = pm_minidump_writer_append (w, &cv, sizeof cv, &cv_rva);
      if (r == 0)
        r = pm_minidump_writer_append (w, m->build_id, m->build_id_len, NULL);
      out[i].base_of_image = m->base;
      out[i].size_of_image = m->end - m->base > UINT32_MAX ? UINT32_MAX : (uint32_t) (m->end - m->base);
      out[i].module_name_rva = name_rva;
      out[i].cv_record.data_size = (uint32_t) sizeof cv + m->build_id_len;
      out[i].cv_record.rva = cv_rva;
    }
  if (r == 0)
    r = pm_minidump_writer_begin_stream (w);
  if (r == 0)
    r = pm_minidump_writer_append (w, &count, sizeof count, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (w, out, count * sizeof *out, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_MODULE_LIST);
  free (out);
  return r;
}

static int
write_exception (PmDumpJob *job)
{
  const PmDumpOptions *o = job->options;
  PmMdExceptionStream e;

  memset (&e, 0, sizeof e);
  e.thread_id = (uint32_t) o->crash_tid;
  e.exception_record.exception_code = (uint32_t) o->signal;
  e.exception_record.exception_flags = (uint32_t) o->si_code;
  e.exception_record.exception_address = o->fault_address;
  for (size_t i = 0; i < job->proc->n_threads; i++)
    if (job->proc->threads[i].tid == o->crash_tid)
      {
        e.thread_context.data_size = sizeof (PmMdContextAmd64);
        e.thread_context.rva = job->context_rvas[i];
      }
  if (e.thread_context.rva == 0)
    pm_process_note (job->proc, "the crashing thread %d was not found among the process's threads", (int) o->crash_tid);
  return pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_EXCEPTION, &e, sizeof e);
}

static int
write_system_info (PmDumpJob *job)
{
  PmMdSystemInfo si;
  struct utsname u;
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  unsigned int major = 0, minor = 0, patch = 0;
  uint32_t csd_rva = 0;
  char csd[512];
  long cpus;
  int r;

  memset (&si, 0, sizeof si);
  si.processor_architecture = PM_MD_CPU_ARCH_AMD64;
  if (__get_cpuid (0, &eax, &ebx, &ecx, &edx))
    {
      si.cpu.x86.vendor_id[0] = ebx;
      si.cpu.x86.vendor_id[1] = edx;
      si.cpu.x86.vendor_id[2] = ecx;
    }
  if (__get_cpuid (1, &eax, &ebx, &ecx, &edx))
    {
      unsigned family = (eax >> 8) & 0xf, model = (eax >> 4) & 0xf;

      if (family == 0xf)
        family += (eax >> 20) & 0xff;
      if (family >= 6)
        model += ((eax >> 16) & 0xf) << 4;
      si.processor_level = (uint16_t) family;
      si.processor_revision = (uint16_t) ((model << 8) | (eax & 0xf));
      si.cpu.x86.version_information = eax;
      si.cpu.x86.feature_information = edx;
    }
  if (__get_cpuid (0x80000001, &eax, &ebx, &ecx, &edx))
    si.cpu.x86.amd_extended_cpu_features = edx;
  cpus = sysconf (_SC_NPROCESSORS_CONF);
  si.number_of_processors = (uint8_t) (cpus > 255 ? 255 : cpus < 1 ? 1 : cpus);
  si.product_type = 1;  /* a workstation, as Breakpad writes */
  si.platform_id = PM_MD_OS_LINUX;
  if (uname (&u) == 0)
    {
      sscanf (u.release, "%u.%u.%u", &major, &minor, &patch);
      /* Breakpad's processor shows "major.minor.build csd": csd carries the
       * rest of uname, the way Breakpad's writer fills it. */
      snprintf (csd, sizeof csd, "%s %s %s %s", u.sysname, u.release, u.version, u.machine);
    }
  else
    snprintf (csd, sizeof csd, "Linux");
  si.major_version = major;
  si.minor_version = minor;
  si.build_number = patch;
  r = pm_minidump_writer_append_string (&job->writer, csd, &csd_rva);
  si.csd_version_rva = csd_rva;
  if (r == 0)
    r = pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_SYSTEM_INFO, &si, sizeof si);
  return r;
}

static int
write_misc_info (PmDumpJob *job)
{
  PmMdMiscInfo mi;
  char *stat = NULL;
  size_t len;

  memset (&mi, 0, sizeof mi);
  mi.size_of_info = PM_MD_MISC_INFO_SIZE_1;
  mi.flags1 = PM_MD_MISC1_PROCESS_ID;
  mi.process_id = (uint32_t) job->proc->pid;
  /* Times from /proc/PID/stat (fields 14, 15, 22) and the boot time. */
  if (pm_process_read_file (job->proc, "stat", &stat, &len, 4096) == 0)
    {
      const char *p = strrchr (stat, ')');
      unsigned long long utime = 0, stime = 0, start = 0;
      long hz = sysconf (_SC_CLK_TCK);

      if (p != NULL && hz > 0 &&
          sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu",
                  &utime, &stime, &start) == 3)
        {
          int fd = open ("/proc/stat", O_RDONLY | O_CLOEXEC);
          unsigned long long btime = 0;

          if (fd >= 0)
            {
              char buf[8192];
              ssize_t n = read (fd, buf, sizeof buf - 1);
              close (fd);
              if (n > 0)
                {
                  char *b;
                  buf[n] = '\0';
                  b = strstr (buf, "\nbtime ");
                  if (b != NULL)
                    btime = strtoull (b + 7, NULL, 10);
                }
            }
          mi.flags1 |= PM_MD_MISC1_PROCESS_TIMES;
          mi.process_user_time = (uint32_t) (utime / (unsigned long long) hz);
          mi.process_kernel_time = (uint32_t) (stime / (unsigned long long) hz);
          mi.process_create_time = (uint32_t) (btime + start / (unsigned long long) hz);
        }
    }
  free (stat);
  return pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_MISC_INFO, &mi, PM_MD_MISC_INFO_SIZE_1);
}

static int
write_proc_file_stream (PmDumpJob  *job,
                        const char *name,
                        uint32_t    type)
{
  char *data;
  size_t len;
  int r;

  r = pm_process_read_file (job->proc, name, &data, &len, 16u << 20);
  if (r < 0)
    {
      pm_process_note (job->proc, "/proc/%d/%s: %s", (int) job->proc->pid, name, strerror (-r));
      return 0;
    }
  r = pm_minidump_writer_add_stream (&job->writer, type, data, len);
  free (data);
  return r;
}

static int
write_system_file_stream (PmDumpJob  *job,
                          const char *path,
                          const char *fallback,
                          uint32_t    type)
{
  char buf[64 * 1024];
  uint64_t len = 0;
  int fd, r;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && fallback != NULL)
    fd = open (fallback, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      pm_process_note (job->proc, "%s: %s", path, strerror (errno));
      return 0;
    }
  /* Streamed into the dump: /proc/cpuinfo of a many-core machine is
   * hundreds of KiB. */
  r = pm_minidump_writer_begin_stream (&job->writer);
  while (r == 0)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      r = pm_minidump_writer_append (&job->writer, buf, (size_t) n, NULL);
      len += (uint64_t) n;
      if (len >= 16u << 20)
        {
          pm_process_note (job->proc, "%s is larger than 16 MiB: cut", path);
          break;
        }
    }
  close (fd);
  if (r == 0)
    r = pm_minidump_writer_end_stream (&job->writer, type);
  return r;
}

/* DSO_DEBUG: the dynamic linker's r_debug and link maps, found through the
 * executable's PT_DYNAMIC (AT_PHDR in auxv) and its DT_DEBUG entry. */
static int
write_dso_debug (PmDumpJob *job)
{
  PmProcess *proc = job->proc;
  PmMinidumpWriter *w = &job->writer;
  uint64_t phdr = 0, phnum = 0, bias = 0, dynamic = 0, r_debug = 0;
  int have_bias = 0;
  char *auxv;
  size_t len;
  struct { int32_t version; int32_t pad; uint64_t map, brk; int32_t state; int32_t pad2; uint64_t ldbase; } rd;
  PmMdDebug64 dbg;
  PmMdLinkMap64 *maps = NULL;
  uint32_t count = 0, map_rva = 0;
  uint64_t lm;
  int r;

  if (pm_process_read_file (proc, "auxv", &auxv, &len, 64 * 1024) < 0)
    return 0;
  for (size_t i = 0; i + 16 <= len; i += 16)
    {
      uint64_t key, value;
      memcpy (&key, auxv + i, 8);
      memcpy (&value, auxv + i + 8, 8);
      if (key == AT_PHDR) phdr = value;
      if (key == AT_PHNUM) phnum = value;
    }
  free (auxv);
  for (uint64_t i = 0; i < phnum && i < 64; i++)
    {
      Elf64_Phdr ph;
      if (pm_process_read_memory (proc, phdr + i * sizeof ph, &ph, sizeof ph) != (ssize_t) sizeof ph)
        break;
      if (ph.p_type == PT_PHDR)
        {
          bias = phdr - ph.p_vaddr;
          have_bias = 1;
        }
    }
  for (uint64_t i = 0; have_bias && i < phnum && i < 64; i++)
    {
      Elf64_Phdr ph;
      if (pm_process_read_memory (proc, phdr + i * sizeof ph, &ph, sizeof ph) != (ssize_t) sizeof ph)
        break;
      if (ph.p_type == PT_DYNAMIC)
        dynamic = bias + ph.p_vaddr;
    }
  for (uint64_t at = dynamic; at != 0 && at < dynamic + 4096 * sizeof (Elf64_Dyn); at += sizeof (Elf64_Dyn))
    {
      Elf64_Dyn d;
      if (pm_process_read_memory (proc, at, &d, sizeof d) != (ssize_t) sizeof d || d.d_tag == DT_NULL)
        break;
      if (d.d_tag == DT_DEBUG)
        {
          r_debug = d.d_un.d_ptr;
          break;
        }
    }
  if (r_debug == 0 || pm_process_read_memory (proc, r_debug, &rd, sizeof rd) != (ssize_t) sizeof rd)
    return 0;   /* static executable or no dynamic linker: nothing to say */

  for (lm = rd.map; lm != 0 && count < 4096; count++)
    {
      struct { uint64_t addr, name, ld, next, prev; } l;
      char name[4096];
      ssize_t n;
      PmMdLinkMap64 *grown;

      if (pm_process_read_memory (proc, lm, &l, sizeof l) != (ssize_t) sizeof l)
        break;
      grown = realloc (maps, (count + 1) * sizeof *maps);
      if (grown == NULL)
        {
          free (maps);
          return -ENOMEM;
        }
      maps = grown;
      memset (&maps[count], 0, sizeof maps[count]);
      maps[count].addr = l.addr;
      maps[count].ld = l.ld;
      n = l.name ? pm_process_read_memory (proc, l.name, name, sizeof name - 1) : -1;
      name[n > 0 ? n : 0] = '\0';
      {
        uint32_t name_rva = 0;
        r = pm_minidump_writer_append_string (w, name, &name_rva);
        maps[count].name = name_rva;
      }
      if (r < 0)
        {
          free (maps);
          return r;
        }
      lm = l.next;
    }
  r = pm_minidump_writer_align (w, 8);
  if (r == 0 && count > 0)
    r = pm_minidump_writer_append (w, maps, count * sizeof *maps, &map_rva);
  free (maps);
  memset (&dbg, 0, sizeof dbg);
  dbg.version = (uint32_t) rd.version;
  dbg.map = map_rva;
  dbg.dso_count = count;
  dbg.brk = rd.brk;
  dbg.ldbase = rd.ldbase;
  dbg.dynamic = dynamic;
  if (r == 0)
    r = pm_minidump_writer_add_stream (w, PM_MD_STREAM_LINUX_DSO_DEBUG, &dbg, sizeof dbg);
  return r;
}

static int
write_breakpad_info (PmDumpJob *job)
{
  PmMdBreakpadInfo bi;

  memset (&bi, 0, sizeof bi);
  bi.validity = PM_MD_BREAKPAD_INFO_VALID_DUMP_THREAD_ID;
  bi.dump_thread_id = (uint32_t) getpid ();
  if (is_crash (job))
    {
      bi.validity |= PM_MD_BREAKPAD_INFO_VALID_REQUESTING_THREAD_ID;
      bi.requesting_thread_id = (uint32_t) job->options->crash_tid;
    }
  return pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_BREAKPAD_INFO, &bi, sizeof bi);
}

/* The registered metadata as a simple string dictionary, shared by the
 * Crashpad info stream and ours. */
static int
write_metadata_dictionary (PmDumpJob *job)
{
  const PmRegistrations *regs = &job->result->registrations;
  PmMdSimpleStringDictionaryEntry entries[PM_REGISTRATION_MAX_METADATA];
  uint32_t count = regs->n_metadata;
  int r = 0;

  for (uint32_t i = 0; i < count && r == 0; i++)
    {
      uint32_t key_rva = 0, value_rva = 0;

      r = pm_minidump_writer_append_utf8 (&job->writer, regs->metadata[i].key, &key_rva);
      if (r == 0)
        r = pm_minidump_writer_append_utf8 (&job->writer, regs->metadata[i].value, &value_rva);
      entries[i].key_rva = key_rva;
      entries[i].value_rva = value_rva;
    }
  if (r == 0)
    r = pm_minidump_writer_align (&job->writer, 4);
  if (r == 0)
    r = pm_minidump_writer_append (&job->writer, &count, sizeof count, &job->metadata_rva);
  if (r == 0)
    r = pm_minidump_writer_append (&job->writer, entries, count * sizeof entries[0], NULL);
  job->metadata_size = (uint32_t) (sizeof count + count * sizeof entries[0]);
  return r;
}

static void
random_guid (PmMdGuid *guid)
{
  int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

  memset (guid, 0, sizeof *guid);
  if (fd >= 0)
    {
      if (read (fd, guid, sizeof *guid) != (ssize_t) sizeof *guid)
        memset (guid, 0, sizeof *guid);
      close (fd);
    }
}

static int
write_crashpad_info (PmDumpJob *job)
{
  PmMdCrashpadInfo ci;

  memset (&ci, 0, sizeof ci);
  ci.version = PM_MD_CRASHPAD_INFO_VERSION;
  random_guid (&ci.report_id);
  ci.simple_annotations.data_size = job->metadata_size;
  ci.simple_annotations.rva = job->metadata_rva;
  return pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_CRASHPAD_INFO, &ci, PM_MD_CRASHPAD_INFO_SIZE_1);
}

static int
write_postmortem_info (PmDumpJob *job)
{
  const PmDumpOptions *o = job->options;
  PmMdPostmortemInfo pi;
  uint32_t writer_rva = 0;
  int r;

  r = pm_minidump_writer_append_utf8 (&job->writer, "postmortem-dumper " PACKAGE_VERSION, &writer_rva);
  memset (&pi, 0, sizeof pi);
  pi.version = PM_MD_POSTMORTEM_INFO_VERSION;
  pi.size_of_header = sizeof pi;
  pi.dump_type = (uint32_t) o->type;
  if (is_crash (job))
    pi.flags |= PM_MD_POSTMORTEM_FLAG_CRASH;
  else if (o->hung_tid != 0)
    pi.flags |= PM_MD_POSTMORTEM_FLAG_HANG;
  if (o->include_environ)
    pi.flags |= PM_MD_POSTMORTEM_FLAG_ENVIRON;
  if (o->type == PM_DUMPER_TYPE_HEAP && job->result->registrations.n_blocks > 0)
    pi.flags |= PM_MD_POSTMORTEM_FLAG_REGISTERED_MEMORY;
  pi.process_id = (uint32_t) job->proc->pid;
  pi.crashing_thread_id = (uint32_t) (is_crash (job) ? o->crash_tid : o->hung_tid);
  pi.signal_number = o->signal;
  pi.signal_code = o->si_code;
  pi.fault_address = o->fault_address;
  pi.metadata.data_size = job->metadata_size;
  pi.metadata.rva = job->metadata_rva;
  pi.writer_rva = writer_rva;
  if (r == 0)
    r = pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_POSTMORTEM_INFO, &pi, sizeof pi);
  return r;
}

static int
write_notes (PmDumpJob *job)
{
  PmProcess *proc = job->proc;
  uint32_t rvas[PM_PROCESS_MAX_NOTES + 1];
  uint32_t count = 0;
  int r = 0;

  if (proc->n_notes_dropped > 0)
    pm_process_note (proc, "...and %zu more notes", proc->n_notes_dropped);
  if (proc->n_notes == 0)
    return 0;
  for (size_t i = 0; i < proc->n_notes && r == 0; i++)
    r = pm_minidump_writer_append_utf8 (&job->writer, proc->notes[i], &rvas[count++]);
  if (r == 0)
    r = pm_minidump_writer_begin_stream (&job->writer);
  if (r == 0)
    r = pm_minidump_writer_append (&job->writer, &count, sizeof count, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (&job->writer, rvas, count * sizeof rvas[0], NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (&job->writer, PM_MD_STREAM_POSTMORTEM_NOTES);
  job->result->n_notes = count;
  return r;
}

static uint32_t
protect_of (const PmMapping *m)
{
  int rd = (m->perms & PM_MAP_READ) != 0, wr = (m->perms & PM_MAP_WRITE) != 0;
  int ex = (m->perms & PM_MAP_EXEC) != 0;

  if (ex)
    return wr ? PM_MD_PAGE_EXECUTE_READWRITE : rd ? PM_MD_PAGE_EXECUTE_READ : PM_MD_PAGE_EXECUTE;
  if (wr)
    return PM_MD_PAGE_READWRITE;
  return rd ? PM_MD_PAGE_READONLY : PM_MD_PAGE_NOACCESS;
}

static int
write_memory_info_list (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  PmMdMemoryInfoList header = { sizeof (PmMdMemoryInfoList), sizeof (PmMdMemoryInfo), job->proc->n_maps };
  int r = pm_minidump_writer_begin_stream (w);

  if (r == 0)
    r = pm_minidump_writer_append (w, &header, sizeof header, NULL);
  for (size_t i = 0; i < job->proc->n_maps && r == 0; i++)
    {
      const PmMapping *m = &job->proc->maps[i];
      const PmModule *mod = pm_module_list_find (&job->modules, m->start);
      PmMdMemoryInfo info;

      memset (&info, 0, sizeof info);
      info.base_address = m->start;
      info.allocation_base = mod ? mod->base : m->start;
      info.protect = protect_of (m);
      info.allocation_protect = info.protect;
      info.region_size = m->end - m->start;
      info.state = PM_MD_MEM_COMMIT;
      info.type = mod ? PM_MD_MEM_IMAGE : (m->path && m->path[0] == '/') ? PM_MD_MEM_MAPPED : PM_MD_MEM_PRIVATE;
      r = pm_minidump_writer_append (w, &info, sizeof info, NULL);
    }
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY_INFO_LIST);
  return r;
}

static const char *
handle_type (const char *target)
{
  if (target[0] == '/')
    return "File";
  if (strncmp (target, "socket:", 7) == 0)
    return "Socket";
  if (strncmp (target, "pipe:", 5) == 0)
    return "Pipe";
  if (strncmp (target, "anon_inode:", 11) == 0)
    return "AnonInode";
  return "Other";
}

static int
write_handle_data (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  PmMdHandleDescriptor *handles;
  PmMdHandleDataStream header;
  uint32_t count = 0;
  DIR *dir;
  int fd_dir, r = 0;
  struct dirent *de;

  /* An image (a core) records no open files: an empty list says so. */
  fd_dir = job->proc->source != NULL ? -1
           : openat (pm_process_data_dir (job->proc), "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dir < 0 && job->proc->source != NULL)
    dir = NULL;
  else if (fd_dir < 0 || (dir = fdopendir (fd_dir)) == NULL)
    {
      pm_process_note (job->proc, "/proc/%d/fd: %s", (int) job->proc->pid, strerror (errno));
      if (fd_dir >= 0)
        close (fd_dir);
      return 0;
    }
  handles = calloc (MAX_HANDLES, sizeof *handles);
  if (handles == NULL)
    {
      if (dir != NULL)
        closedir (dir);
      return -ENOMEM;
    }
  while (dir != NULL && (de = readdir (dir)) != NULL && r == 0)
    {
      char target[4096];
      ssize_t n;
      char *end;
      long fd = strtol (de->d_name, &end, 10);

      if (de->d_name[0] == '.' || *end != '\0')
        continue;
      if (count == MAX_HANDLES)
        {
          pm_process_note (job->proc, "more than %u open files: the rest are not listed", MAX_HANDLES);
          break;
        }
      n = readlinkat (dirfd (dir), de->d_name, target, sizeof target - 1);
      target[n > 0 ? n : 0] = '\0';
      handles[count].handle = (uint64_t) fd;
      {
        uint32_t type_rva = 0, name_rva = 0;

        r = pm_minidump_writer_append_string (w, handle_type (target), &type_rva);
        if (r == 0)
          r = pm_minidump_writer_append_string (w, target, &name_rva);
        handles[count].type_name_rva = type_rva;
        handles[count].object_name_rva = name_rva;
      }
      handles[count].handle_count = 1;
      count++;
    }
  if (dir != NULL)
    closedir (dir);
  memset (&header, 0, sizeof header);
  header.size_of_header = sizeof header;
  header.size_of_descriptor = sizeof (PmMdHandleDescriptor);
  header.number_of_descriptors = count;
  if (r == 0)
    r = pm_minidump_writer_begin_stream (w);
  if (r == 0)
    r = pm_minidump_writer_append (w, &header, sizeof header, NULL);
  if (r == 0)
    r = pm_minidump_writer_append (w, handles, count * sizeof *handles, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_HANDLE_DATA);
  free (handles);
  return r;
}

/* The parts of mapping m that an image (a core) holds. */
static int
add_image_mapping (PmProcess       *proc,
                   PmMemoryPlan    *plan,
                   const PmMapping *m)
{
  uint64_t at = m->start, s, e;
  int r = 0;

  while (r == 0 && at < m->end &&
         proc->source->next_present (proc->source_data, at, m->end, &s, &e) == 0 && e > at)
    {
      r = pm_memory_plan_add (plan, s, e);
      at = e;
    }
  return r;
}

/* Heap: every private, readable and writable mapping (minus excluded
 * blocks, and minus anonymous pages never touched: pm-resident.h), as a
 * Memory64List whose data is the tail of the file. The
 * descriptors are written before the data, so a page that turns out to be
 * unreadable stays zeros (and is noted) to keep the layout. The data is
 * copied by a few threads at once (pm-memory-copy.h). */
static int
write_memory64_list (PmDumpJob *job)
{
  PmMinidumpWriter *w = &job->writer;
  const PmRegistrations *regs = &job->result->registrations;
  PmMemoryPlan heap;
  PmMdMemory64List header;
  int r = 0;

  uint64_t *touched;

  pm_memory_plan_init (&heap);
  touched = calloc (job->proc->n_maps + 1, sizeof *touched);
  if (touched == NULL)
    return -ENOMEM;
  if (job->proc->source != NULL)
    ;   /* an image: what it holds is what was there (add_image_mapping) */
  else if (pm_resident_read (job->proc, touched) < 0)
    pm_process_note (job->proc, "/proc/%d/smaps is unreadable: reserved memory is copied as zeros", (int) job->proc->pid);
  for (size_t i = 0; i < job->proc->n_maps && r == 0; i++)
    {
      const PmMapping *m = &job->proc->maps[i];
      uint32_t want = PM_MAP_READ | PM_MAP_WRITE | PM_MAP_PRIVATE;

      if ((m->perms & want) != want)
        continue;
      if (m->path != NULL && strncmp (m->path, "[vvar", 5) == 0)
        continue;
      /* Anonymous memory never touched is zeros: leave it out. A private
       * file mapping's untouched pages are the file's bytes: keep them. */
      if (job->proc->source != NULL)
        r = add_image_mapping (job->proc, &heap, m);
      else if (m->path == NULL || m->path[0] == '[')
        r = pm_resident_add_mapping (job->proc, &heap, m, touched[i]);
      else
        r = pm_memory_plan_add (&heap, m->start, m->end);
    }
  free (touched);
  for (uint32_t i = 0; i < regs->n_blocks && r == 0; i++)
    r = pm_memory_plan_add (&heap, regs->blocks[i].address, regs->blocks[i].address + regs->blocks[i].size);
  for (uint32_t i = 0; i < regs->n_excluded && r == 0; i++)
    r = pm_memory_plan_exclude (&heap, regs->excluded[i].address,
                                regs->excluded[i].address + regs->excluded[i].size);
  if (r == 0)
    r = pm_memory_plan_normalize (&heap, job->proc);

  if (r == 0)
    r = pm_minidump_writer_begin_stream (w);
  memset (&header, 0, sizeof header);
  header.number_of_memory_ranges = heap.n_ranges;
  header.base_rva = (uint64_t) pm_minidump_writer_tell (w) + sizeof header +
                    heap.n_ranges * sizeof (PmMdMemoryDescriptor64);
  if (r == 0)
    r = pm_minidump_writer_append (w, &header, sizeof header, NULL);
  for (size_t i = 0; i < heap.n_ranges && r == 0; i++)
    {
      PmMdMemoryDescriptor64 d = { heap.ranges[i].start, heap.ranges[i].end - heap.ranges[i].start };
      r = pm_minidump_writer_append (w, &d, sizeof d, NULL);
    }
  if (r == 0)
    r = pm_minidump_writer_end_stream (w, PM_MD_STREAM_MEMORY64_LIST);
  if (r == 0)
    {
      PmRangeCopyResult *results = calloc (heap.n_ranges + 1, sizeof *results);
      uint64_t file_offset;

      r = results == NULL ? -ENOMEM : pm_minidump_writer_reserve (w, pm_memory_plan_total (&heap), &file_offset);
      if (r == 0)
        r = pm_memory_copy_ranges (job->proc, &heap, w->fd, file_offset, results);
      for (size_t i = 0; r == 0 && i < heap.n_ranges; i++)
        {
          job->result->memory_bytes += results[i].copied;
          if (results[i].unreadable > 0)
            pm_process_note (job->proc, "heap memory 0x%llx-0x%llx: %llu bytes unreadable, left as zeros",
                             (unsigned long long) heap.ranges[i].start, (unsigned long long) heap.ranges[i].end,
                             (unsigned long long) results[i].unreadable);
        }
      free (results);
    }
  pm_memory_plan_clear (&heap);
  return r;
}

/* ---- the report's facts --------------------------------------------------- */

static void
fill_result (PmDumpJob *job)
{
  PmDumpResult *res = job->result;
  const PmModule *app = NULL, *fault;
  uint64_t ip = 0;

  res->pid = job->proc->pid;
  res->n_threads = (uint32_t) job->proc->n_threads;
  snprintf (res->app_path, sizeof res->app_path, "%s", job->proc->exe_path);
  for (size_t i = 0; i < job->modules.n_modules; i++)
    if (strcmp (job->modules.modules[i].path, job->proc->exe_path) == 0)
      {
        app = &job->modules.modules[i];
        break;
      }
  if (app != NULL && !app->build_id_is_hash)
    hex (res->app_build_id, app->build_id, app->build_id_len);

  for (size_t i = 0; i < job->proc->n_threads; i++)
    if (job->proc->threads[i].tid == (is_crash (job) ? job->options->crash_tid : job->proc->pid))
      ip = job->contexts[i].rip;
  res->fault_ip = ip;
  fault = pm_module_list_find (&job->modules, ip);
  if (fault != NULL)
    {
      snprintf (res->fault_module_path, sizeof res->fault_module_path, "%s", fault->path);
      if (!fault->build_id_is_hash)
        hex (res->fault_module_build_id, fault->build_id, fault->build_id_len);
      res->fault_module_offset = ip - fault->base;
    }
}

/* ---- the whole dump ------------------------------------------------------- */

static int
write_dump (PmDumpJob *job)
{
  const PmDumpOptions *o = job->options;
  int mini = is_at_least_mini (job);
  int r;

  r = write_contexts (job);
  if (r == 0) r = plan_memory_list (job);
  if (r == 0) r = append_contexts (job);
  if (r == 0) r = write_memory_ranges (job);
  if (r == 0) r = write_thread_list (job);
  if (r == 0) r = write_memory_list (job);
  if (r == 0) r = write_module_list (job);
  if (r == 0 && is_crash (job)) r = write_exception (job);
  if (r == 0) r = write_system_info (job);
  if (r == 0) r = write_misc_info (job);
  if (r == 0) r = write_breakpad_info (job);
  if (r == 0) r = write_metadata_dictionary (job);
  if (r == 0) r = write_crashpad_info (job);
  if (r == 0 && mini) r = write_thread_names (job);
  if (r == 0 && mini)
    {
      r = write_system_file_stream (job, "/proc/cpuinfo", NULL, PM_MD_STREAM_LINUX_CPU_INFO);
      if (r == 0) r = write_proc_file_stream (job, "status", PM_MD_STREAM_LINUX_PROC_STATUS);
      if (r == 0) r = write_system_file_stream (job, "/etc/os-release", "/usr/lib/os-release", PM_MD_STREAM_LINUX_LSB_RELEASE);
      if (r == 0) r = write_proc_file_stream (job, "cmdline", PM_MD_STREAM_LINUX_CMD_LINE);
      if (r == 0) r = write_proc_file_stream (job, "auxv", PM_MD_STREAM_LINUX_AUXV);
      if (r == 0) r = pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_LINUX_MAPS,
                                                      job->proc->maps_text, job->proc->maps_len);
      if (r == 0) r = write_dso_debug (job);
    }
  if (r == 0 && o->include_environ)
    r = write_proc_file_stream (job, "environ", PM_MD_STREAM_LINUX_ENVIRON);
  if (r == 0 && o->wait_chains_json != NULL)
    r = pm_minidump_writer_add_stream (&job->writer, PM_MD_STREAM_POSTMORTEM_WAIT_CHAINS,
                                       o->wait_chains_json, strlen (o->wait_chains_json));
  if (r == 0 && o->type == PM_DUMPER_TYPE_HEAP)
    {
      r = write_memory_info_list (job);
      if (r == 0) r = write_handle_data (job);
    }
  fill_result (job);
  if (r == 0) r = write_postmortem_info (job);
  /* The heap's Memory64List goes last: its data may run past 4 GiB, where
   * no 32-bit RVA reaches. The threads are let go right after it; the notes
   * come after that so they include failures met while copying the heap
   * (past 4 GiB they cannot be addressed: only counted in the result). */
  if (r == 0 && o->type == PM_DUMPER_TYPE_HEAP)
    r = write_memory64_list (job);
  pm_process_resume (job->proc);
  if (r == 0 && job->writer.offset < UINT32_MAX - (1u << 20))
    r = write_notes (job);
  else if (r == 0 && job->proc->n_notes > 0)
    job->result->n_notes = (uint32_t) job->proc->n_notes;  /* beyond 4 GiB: notes cannot be addressed */
  if (r == 0)
    r = pm_minidump_writer_finish (&job->writer);
  job->result->bytes_written = job->writer.offset;
  return r;
}

/* Everything after the process is held: modules, registrations, the file. */
static int
dump_held_process (PmDumpJob  *job,
                   int         fd,
                   char       *error,
                   size_t      error_size)
{
  const PmDumpOptions *options = job->options;
  PmDumpResult *result = job->result;
  uint64_t table;
  int r;

  r = pm_module_list_collect (&job->modules, job->proc);
  if (r < 0)
    {
      snprintf (error, error_size, "cannot list the modules of process %d: %s", (int) job->proc->pid, strerror (-r));
      return r;
    }
  if (!options->skip_registrations)
    {
      table = options->registration_table_address;
      if (table == 0)
        table = pm_registrations_find (job->proc, &job->modules);
      pm_registrations_read (&result->registrations, job->proc, table);
    }

  r = pm_minidump_writer_init (&job->writer, fd, (uint32_t) time (NULL),
                               options->type == PM_DUMPER_TYPE_HEAP
                               ? PM_MD_TYPE_WITH_FULL_MEMORY_INFO | PM_MD_TYPE_WITH_HANDLE_DATA |
                                 PM_MD_TYPE_WITH_PRIVATE_READ_WRITE_MEMORY
                               : PM_MD_TYPE_NORMAL);
  if (r == 0)
    r = write_dump (job);
  if (r < 0)
    snprintf (error, error_size, "cannot write the minidump: %s", strerror (-r));
  return r;
}

static PmDumpJob *
job_new (const PmDumpOptions *options,
         PmDumpResult        *result,
         char                *error,
         size_t               error_size)
{
  PmDumpJob *job;

  if (error_size > 0)
    error[0] = '\0';
  memset (result, 0, sizeof *result);
  if (options->type < PM_DUMPER_TYPE_MICRO || options->type > PM_DUMPER_TYPE_TRIAGE)
    {
      snprintf (error, error_size, "unknown dump type %d", (int) options->type);
      return NULL;
    }
  /* The job holds the writer's 64 KiB buffer: keep it off the stack. */
  job = calloc (1, sizeof *job);
  if (job == NULL)
    return NULL;
  job->options = options;
  job->result = result;
  job->chunk = malloc (COPY_CHUNK);
  if (job->chunk == NULL)
    {
      free (job);
      return NULL;
    }
  return job;
}

static void
job_free (PmDumpJob *job)
{
  pm_module_list_clear (&job->modules);
  pm_memory_plan_clear (&job->plan);
  free (job->written);
  free (job->contexts);
  free (job->context_rvas);
  free (job->chunk);
  free (job);
}

int
pm_dump_process (pid_t                pid,
                 const PmDumpOptions *options,
                 int                  fd,
                 PmDumpResult        *result,
                 char                *error,
                 size_t               error_size)
{
  PmProcess *proc;
  PmDumpJob *job;
  int r;

  job = job_new (options, result, error, error_size);
  if (job == NULL)
    return error_size > 0 && error[0] ? -EINVAL : -ENOMEM;
  proc = calloc (1, sizeof *proc);
  if (proc == NULL)
    {
      job_free (job);
      return -ENOMEM;
    }
  job->proc = proc;

  r = pm_process_open (proc, pid);
  if (r < 0)
    {
      snprintf (error, error_size, "process %d: %s", (int) pid, strerror (-r));
      goto out;
    }
  r = pm_process_suspend (proc);
  if (r < 0)
    {
      snprintf (error, error_size, "cannot stop the threads of process %d: %s%s", (int) pid, strerror (-r),
                r == -EPERM ? " (not allowed to ptrace it, or it is already being traced)" : "");
      goto out;
    }
  r = pm_process_read_maps (proc);
  if (r < 0)
    {
      snprintf (error, error_size, "cannot read the memory map of process %d: %s", (int) pid, strerror (-r));
      goto out;
    }
  r = dump_held_process (job, fd, error, error_size);

out:
  pm_process_close (proc);
  free (proc);
  job_free (job);
  return r;
}

int
pm_dump_image (PmProcess           *proc,
               const PmDumpOptions *options,
               int                  fd,
               PmDumpResult        *result,
               char                *error,
               size_t               error_size)
{
  PmDumpJob *job;
  int r;

  job = job_new (options, result, error, error_size);
  if (job == NULL)
    return error_size > 0 && error[0] ? -EINVAL : -ENOMEM;
  job->proc = proc;
  r = dump_held_process (job, fd, error, error_size);
  job_free (job);
  return r;
}
