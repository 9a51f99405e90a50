/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-reader.c — the bounds-checked, lazy minidump reader.
 *
 * Runs in: any ordinary process (postmortemctl, the application, tests,
 * fuzzers). libc only. One malloc per reader, plus the thread-name index
 * (sized by the entries that fit in the ThreadNames stream); nothing is ever
 * sized by a count the file claims.
 *
 * How it stays safe: every access to the file goes through file_range(),
 * which checks offset + length against the mapped size with overflow-free
 * arithmetic, and records are memcpy'd out of the mapping into
 * caller-provided structs. Lists are validated once at open (count against
 * stream size); per-entry data (strings, contexts, memory) is checked when
 * asked for.
 */
#include "pm-minidump-reader.h"
#include "pm-minidump-guard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* A list stream after validation: count entries of entry_size bytes at rva. */
typedef struct
{
  bool     present;
  uint64_t rva;
  uint64_t count;
  uint32_t entry_size;
} PmMdList;

/* A singleton stream located in the directory. */
typedef struct
{
  bool     seen;          /* in the directory */
  bool     present;       /* ... and inside the file */
  uint32_t rva;
  uint32_t size;
} PmMdSpan;

struct PmMinidump
{
  const uint8_t *data;
  uint64_t       size;
  bool           mapped;
  /* A mapped file is guarded against SIGBUS (pm-minidump-guard.h): the slot, and its flag,
   * set when the file shrank or changed under the mapping and the data became zeros. */
  int            guard_slot;
  const volatile int *damaged;

  PmMdHeader     header;
  uint32_t       n_streams;

  PmMdSpan       thread_list;
  PmMdSpan       thread_ex_list;
  PmMdSpan       module_list;
  PmMdSpan       memory_list;
  PmMdSpan       memory64_list;
  PmMdSpan       exception;
  PmMdSpan       system_info;
  PmMdSpan       misc_info;
  PmMdSpan       memory_info_list;
  PmMdSpan       thread_info_list;
  PmMdSpan       unloaded_module_list;
  PmMdSpan       handle_data;
  PmMdSpan       thread_names;
  PmMdSpan       breakpad_info;
  PmMdSpan       assertion_info;
  PmMdSpan       crashpad_info;
  PmMdSpan       postmortem_info;

  PmMdList       threads;          /* PmMdThread or PmMdThreadEx */
  PmMdList       modules;
  PmMdList       memory;           /* PmMdMemoryDescriptor */
  PmMdList       memory64;         /* PmMdMemoryDescriptor64 */
  uint64_t       memory64_base_rva;
  uint64_t       memory64_usable;  /* descriptors whose data lies (at least partly) in the file */
  PmMdList       memory_infos;
  PmMdList       thread_infos;
  PmMdList       unloaded_modules;
  PmMdList       handles;
  PmMdList       thread_name_list;
  /* Thread names sorted by thread id, built on the first name lookup so a
   * dump with many threads and names is not quadratic. Its size is that of
   * the ThreadNames entries that fit in the stream (at most the stream's
   * own size), never a count the file merely claims. */
  struct PmMdNameIndex *name_index;
  bool           name_index_failed;

  bool           have_system_info;
  PmMdSystemInfo system_info_copy;

  /* Iterating Memory64List by index in order stays linear: remember where
   * the last looked-up descriptor's data started. */
  uint64_t       m64_cursor_index;
  uint64_t       m64_cursor_rva;

  size_t         n_warnings;
  char           warnings[PM_MD_MAX_WARNINGS][192];
  char           error[256];
};

/* The file changed under the mapping (pm-minidump-guard.h). */
static inline bool
is_damaged (const PmMinidump *md)
{
  return md->damaged != NULL && __atomic_load_n (md->damaged, __ATOMIC_ACQUIRE) != 0;
}

/* ------------------------------------------------------------------------ */
/* Names                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  uint32_t    type;
  const char *name;
} PmMdName;

static const PmMdName stream_names[] = {
  { PM_MD_STREAM_UNUSED, "Unused" },
  { PM_MD_STREAM_RESERVED0, "Reserved0" },
  { PM_MD_STREAM_RESERVED1, "Reserved1" },
  { PM_MD_STREAM_THREAD_LIST, "ThreadList" },
  { PM_MD_STREAM_MODULE_LIST, "ModuleList" },
  { PM_MD_STREAM_MEMORY_LIST, "MemoryList" },
  { PM_MD_STREAM_EXCEPTION, "Exception" },
  { PM_MD_STREAM_SYSTEM_INFO, "SystemInfo" },
  { PM_MD_STREAM_THREAD_EX_LIST, "ThreadExList" },
  { PM_MD_STREAM_MEMORY64_LIST, "Memory64List" },
  { PM_MD_STREAM_COMMENT_A, "CommentA" },
  { PM_MD_STREAM_COMMENT_W, "CommentW" },
  { PM_MD_STREAM_HANDLE_DATA, "HandleData" },
  { PM_MD_STREAM_FUNCTION_TABLE, "FunctionTable" },
  { PM_MD_STREAM_UNLOADED_MODULE_LIST, "UnloadedModuleList" },
  { PM_MD_STREAM_MISC_INFO, "MiscInfo" },
  { PM_MD_STREAM_MEMORY_INFO_LIST, "MemoryInfoList" },
  { PM_MD_STREAM_THREAD_INFO_LIST, "ThreadInfoList" },
  { PM_MD_STREAM_HANDLE_OPERATION_LIST, "HandleOperationList" },
  { PM_MD_STREAM_TOKEN, "Token" },
  { PM_MD_STREAM_JAVASCRIPT_DATA, "JavaScriptData" },
  { PM_MD_STREAM_SYSTEM_MEMORY_INFO, "SystemMemoryInfo" },
  { PM_MD_STREAM_PROCESS_VM_COUNTERS, "ProcessVmCounters" },
  { PM_MD_STREAM_IPT_TRACE, "IptTrace" },
  { PM_MD_STREAM_THREAD_NAMES, "ThreadNames" },
  { PM_MD_STREAM_CE_NULL, "ceNull" },
  { PM_MD_STREAM_CE_SYSTEM_INFO, "ceSystemInfo" },
  { PM_MD_STREAM_CE_EXCEPTION, "ceException" },
  { PM_MD_STREAM_CE_MODULE_LIST, "ceModuleList" },
  { PM_MD_STREAM_CE_PROCESS_LIST, "ceProcessList" },
  { PM_MD_STREAM_CE_THREAD_LIST, "ceThreadList" },
  { PM_MD_STREAM_CE_THREAD_CONTEXT_LIST, "ceThreadContextList" },
  { PM_MD_STREAM_CE_THREAD_CALL_STACK_LIST, "ceThreadCallStackList" },
  { PM_MD_STREAM_CE_MEMORY_VIRTUAL_LIST, "ceMemoryVirtualList" },
  { PM_MD_STREAM_CE_MEMORY_PHYSICAL_LIST, "ceMemoryPhysicalList" },
  { PM_MD_STREAM_CE_BUCKET_PARAMETERS, "ceBucketParameters" },
  { PM_MD_STREAM_CE_PROCESS_MODULE_MAP, "ceProcessModuleMap" },
  { PM_MD_STREAM_CE_DIAGNOSIS_LIST, "ceDiagnosisList" },
  { PM_MD_STREAM_BREAKPAD_INFO, "BreakpadInfo" },
  { PM_MD_STREAM_ASSERTION_INFO, "AssertionInfo" },
  { PM_MD_STREAM_LINUX_CPU_INFO, "LinuxCpuInfo" },
  { PM_MD_STREAM_LINUX_PROC_STATUS, "LinuxProcStatus" },
  { PM_MD_STREAM_LINUX_LSB_RELEASE, "LinuxLsbRelease" },
  { PM_MD_STREAM_LINUX_CMD_LINE, "LinuxCmdLine" },
  { PM_MD_STREAM_LINUX_ENVIRON, "LinuxEnviron" },
  { PM_MD_STREAM_LINUX_AUXV, "LinuxAuxv" },
  { PM_MD_STREAM_LINUX_MAPS, "LinuxMaps" },
  { PM_MD_STREAM_LINUX_DSO_DEBUG, "LinuxDsoDebug" },
  { PM_MD_STREAM_LINUX_PROC_STAT, "LinuxProcStat" },
  { PM_MD_STREAM_LINUX_PROC_UPTIME, "LinuxProcUptime" },
  { PM_MD_STREAM_LINUX_PROC_FD, "LinuxProcFD" },
  { PM_MD_STREAM_CRASHPAD_INFO, "CrashpadInfo" },
  { PM_MD_STREAM_MOZ_MACOS_CRASH_INFO, "MozMacosCrashInfo" },
  { PM_MD_STREAM_MOZ_MACOS_BOOTARGS, "MozMacosBootargs" },
  { PM_MD_STREAM_MOZ_LINUX_LIMITS, "MozLinuxLimits" },
  { PM_MD_STREAM_MOZ_SOFT_ERRORS, "MozSoftErrors" },
  { PM_MD_STREAM_FACEBOOK_APP_CUSTOM_DATA, "FacebookAppCustomData" },
  { PM_MD_STREAM_FACEBOOK_BUILD_ID, "FacebookBuildID" },
  { PM_MD_STREAM_FACEBOOK_APP_VERSION_NAME, "FacebookAppVersionName" },
  { PM_MD_STREAM_FACEBOOK_JAVA_STACK, "FacebookJavaStack" },
  { PM_MD_STREAM_FACEBOOK_DALVIK_INFO, "FacebookDalvikInfo" },
  { PM_MD_STREAM_FACEBOOK_UNWIND_SYMBOLS, "FacebookUnwindSymbols" },
  { PM_MD_STREAM_FACEBOOK_DUMP_ERROR_LOG, "FacebookDumpErrorLog" },
  { PM_MD_STREAM_FACEBOOK_APP_STATE_LOG, "FacebookAppStateLog" },
  { PM_MD_STREAM_FACEBOOK_ABORT_REASON, "FacebookAbortReason" },
  { PM_MD_STREAM_FACEBOOK_THREAD_NAME, "FacebookThreadName" },
  { PM_MD_STREAM_FACEBOOK_LOGCAT, "FacebookLogcat" },
  { PM_MD_STREAM_POSTMORTEM_INFO, "PostmortemInfo" },
  { PM_MD_STREAM_POSTMORTEM_NOTES, "PostmortemNotes" },
  { PM_MD_STREAM_POSTMORTEM_WAIT_CHAINS, "PostmortemWaitChains" },
};

const char *
pm_md_stream_type_name (uint32_t stream_type)
{
  for (size_t i = 0; i < sizeof stream_names / sizeof stream_names[0]; i++)
    if (stream_names[i].type == stream_type)
      return stream_names[i].name;
  return NULL;
}

const char *
pm_md_status_to_string (PmMdStatus status)
{
  switch (status)
    {
    case PM_MD_OK: return "no error";
    case PM_MD_ERROR_IO: return "input/output error";
    case PM_MD_ERROR_NOT_MINIDUMP: return "not a minidump";
    case PM_MD_ERROR_VERSION: return "unsupported minidump version";
    case PM_MD_ERROR_TRUNCATED: return "truncated";
    case PM_MD_ERROR_OVERFLOW: return "size overflow";
    case PM_MD_ERROR_DUPLICATE_STREAM: return "duplicate stream";
    case PM_MD_ERROR_BAD_SIZE: return "bad size";
    case PM_MD_ERROR_BAD_STRING: return "bad string";
    case PM_MD_ERROR_BAD_CONTEXT: return "bad CPU context";
    case PM_MD_ERROR_NOT_FOUND: return "not found";
    case PM_MD_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case PM_MD_ERROR_NO_MEMORY: return "out of memory";
    case PM_MD_ERROR_CHANGED: return "file changed while read";
    default: return "unknown error";
    }
}

const char *
pm_md_os_name (uint32_t platform_id)
{
  switch (platform_id)
    {
    case PM_MD_OS_WIN32S: return "Windows 3.1 (Win32s)";
    case PM_MD_OS_WIN32_WINDOWS: return "Windows 9x";
    case PM_MD_OS_WIN32_NT: return "Windows NT";
    case PM_MD_OS_WIN32_CE: return "Windows CE";
    case PM_MD_OS_UNIX: return "Unix";
    case PM_MD_OS_MAC_OS_X: return "Mac OS X";
    case PM_MD_OS_IOS: return "iOS";
    case PM_MD_OS_LINUX: return "Linux";
    case PM_MD_OS_SOLARIS: return "Solaris";
    case PM_MD_OS_ANDROID: return "Android";
    case PM_MD_OS_PS3: return "PS3";
    case PM_MD_OS_NACL: return "NaCl";
    case PM_MD_OS_FUCHSIA: return "Fuchsia";
    default: return NULL;
    }
}

const char *
pm_md_cpu_arch_name (uint32_t processor_architecture)
{
  switch (processor_architecture)
    {
    case PM_MD_CPU_ARCH_X86: return "x86";
    case PM_MD_CPU_ARCH_MIPS: return "mips";
    case PM_MD_CPU_ARCH_ALPHA: return "alpha";
    case PM_MD_CPU_ARCH_PPC: return "ppc";
    case PM_MD_CPU_ARCH_SHX: return "shx";
    case PM_MD_CPU_ARCH_ARM: return "arm";
    case PM_MD_CPU_ARCH_IA64: return "ia64";
    case PM_MD_CPU_ARCH_ALPHA64: return "alpha64";
    case PM_MD_CPU_ARCH_MSIL: return "msil";
    case PM_MD_CPU_ARCH_AMD64: return "amd64";
    case PM_MD_CPU_ARCH_X86_WIN64: return "x86-win64";
    case PM_MD_CPU_ARCH_ARM64: return "arm64";
    case PM_MD_CPU_ARCH_SPARC: return "sparc";
    case PM_MD_CPU_ARCH_PPC64: return "ppc64";
    case PM_MD_CPU_ARCH_ARM64_OLD: return "arm64";
    case PM_MD_CPU_ARCH_MIPS64: return "mips64";
    case PM_MD_CPU_ARCH_RISCV: return "riscv";
    case PM_MD_CPU_ARCH_RISCV64: return "riscv64";
    default: return NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* Errors and warnings                                                      */
/* ------------------------------------------------------------------------ */

static PmMdStatus pm_md_fail (PmMinidump *md, PmMdStatus status, const char *format, ...)
  __attribute__ ((format (printf, 3, 4)));

static PmMdStatus
pm_md_fail (PmMinidump *md, PmMdStatus status, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (md->error, sizeof md->error, format, args);
  va_end (args);
  return status;
}

static void pm_md_warn (PmMinidump *md, const char *format, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
pm_md_warn (PmMinidump *md, const char *format, ...)
{
  va_list args;

  if (md->n_warnings < PM_MD_MAX_WARNINGS)
    {
      va_start (args, format);
      vsnprintf (md->warnings[md->n_warnings], sizeof md->warnings[0], format, args);
      va_end (args);
    }
  md->n_warnings++;
}

void
pm_md_set_error (PmMdError *error, PmMdStatus status, uint64_t offset, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return;
  error->status = status;
  error->offset = offset;
  va_start (args, format);
  vsnprintf (error->message, sizeof error->message, format, args);
  va_end (args);
}

#define PM_MD_CHANGED_MESSAGE "the file changed while it was read (it shrank or was rewritten); open it again"

const char *
pm_minidump_get_error_message (const PmMinidump *md)
{
  if (md == NULL)
    return "no minidump";
  return is_damaged (md) ? PM_MD_CHANGED_MESSAGE : md->error;
}

bool
pm_minidump_is_damaged (const PmMinidump *md)
{
  return md != NULL && is_damaged (md);
}

size_t
pm_minidump_get_n_warnings (const PmMinidump *md)
{
  return md != NULL ? md->n_warnings : 0;
}

const char *
pm_minidump_get_warning (const PmMinidump *md, size_t index)
{
  if (md == NULL || index >= md->n_warnings || index >= PM_MD_MAX_WARNINGS)
    return NULL;
  return md->warnings[index];
}

/* ------------------------------------------------------------------------ */
/* Bounds-checked access                                                    */
/* ------------------------------------------------------------------------ */

/* True when [offset, offset + length) lies inside the file; never overflows. Nothing lies
 * inside a file that changed while it was read: every accessor then fails. */
static inline bool
file_range (const PmMinidump *md, uint64_t offset, uint64_t length)
{
  return offset <= md->size && length <= md->size - offset && !is_damaged (md);
}

static inline const uint8_t *
file_ptr (const PmMinidump *md, uint64_t offset, uint64_t length)
{
  return file_range (md, offset, length) ? md->data + offset : NULL;
}

static inline bool
read_bytes (const PmMinidump *md, uint64_t offset, void *out, size_t length)
{
  const uint8_t *p = file_ptr (md, offset, length);

  if (p == NULL)
    {
      memset (out, 0, length);   /* callers that checked bounds earlier still see zeros, never garbage */
      return false;
    }
  memcpy (out, p, length);
  return true;
}

static inline bool
read_u32 (const PmMinidump *md, uint64_t offset, uint32_t *out)
{
  return read_bytes (md, offset, out, sizeof *out);
}

static inline bool
read_u64 (const PmMinidump *md, uint64_t offset, uint64_t *out)
{
  return read_bytes (md, offset, out, sizeof *out);
}

static const char *
stream_label (uint32_t type, char *buf, size_t size)
{
  const char *name = pm_md_stream_type_name (type);

  if (name != NULL)
    snprintf (buf, size, "%s (0x%x)", name, type);
  else
    snprintf (buf, size, "stream type 0x%x", type);
  return buf;
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                  */
/* ------------------------------------------------------------------------ */

static PmMdSpan *
span_for_type (PmMinidump *md, uint32_t type)
{
  switch (type)
    {
    case PM_MD_STREAM_THREAD_LIST: return &md->thread_list;
    case PM_MD_STREAM_THREAD_EX_LIST: return &md->thread_ex_list;
    case PM_MD_STREAM_MODULE_LIST: return &md->module_list;
    case PM_MD_STREAM_MEMORY_LIST: return &md->memory_list;
    case PM_MD_STREAM_MEMORY64_LIST: return &md->memory64_list;
    case PM_MD_STREAM_EXCEPTION: return &md->exception;
    case PM_MD_STREAM_SYSTEM_INFO: return &md->system_info;
    case PM_MD_STREAM_MISC_INFO: return &md->misc_info;
    case PM_MD_STREAM_MEMORY_INFO_LIST: return &md->memory_info_list;
    case PM_MD_STREAM_THREAD_INFO_LIST: return &md->thread_info_list;
    case PM_MD_STREAM_UNLOADED_MODULE_LIST: return &md->unloaded_module_list;
    case PM_MD_STREAM_HANDLE_DATA: return &md->handle_data;
    case PM_MD_STREAM_THREAD_NAMES: return &md->thread_names;
    case PM_MD_STREAM_BREAKPAD_INFO: return &md->breakpad_info;
    case PM_MD_STREAM_ASSERTION_INFO: return &md->assertion_info;
    case PM_MD_STREAM_CRASHPAD_INFO: return &md->crashpad_info;
    case PM_MD_STREAM_POSTMORTEM_INFO: return &md->postmortem_info;
    default: return NULL;
    }
}

/* A "u32 count, [4 bytes padding], entries" list (ThreadList, ModuleList,
 * MemoryList, ThreadNames). Keeps the entries that fit, with a warning. */
static void
parse_counted_list (PmMinidump *md, const PmMdSpan *span, uint32_t type,
                    uint32_t entry_size, PmMdList *out)
{
  char label[64];
  uint32_t count;
  uint64_t header = 4, fit;

  memset (out, 0, sizeof *out);
  if (!span->present)
    return;
  stream_label (type, label, sizeof label);
  if (span->size < 4 || !read_u32 (md, span->rva, &count))
    {
      pm_md_warn (md, "%s at 0x%x is %u bytes, too small for its entry count; ignored",
                  label, span->rva, span->size);
      return;
    }
  /* LLDB's writer and old dbghelp pad the count to 8 bytes. */
  if ((uint64_t) span->size == 8 + (uint64_t) count * entry_size && count > 0)
    header = 8;
  fit = (span->size - header) / entry_size;
  if (count > fit)
    {
      pm_md_warn (md, "%s at 0x%x claims %u entries but its %u bytes hold only %llu; reading %llu",
                  label, span->rva, count, span->size, (unsigned long long) fit,
                  (unsigned long long) fit);
      count = (uint32_t) fit;
    }
  out->present = true;
  out->rva = span->rva + header;
  out->count = count;
  out->entry_size = entry_size;
}

/* A "size_of_header, size_of_entry, count" list (MemoryInfoList,
 * ThreadInfoList, UnloadedModuleList, HandleData). count_is_64 for
 * MemoryInfoList. min_entry is the smallest entry we can use. */
static void
parse_sized_list (PmMinidump *md, const PmMdSpan *span, uint32_t type,
                  uint32_t min_header, uint32_t min_entry, bool count_is_64, PmMdList *out)
{
  char label[64];
  uint32_t size_of_header, size_of_entry;
  uint64_t count, fit;

  memset (out, 0, sizeof *out);
  if (!span->present)
    return;
  stream_label (type, label, sizeof label);
  if (span->size < min_header
      || !read_u32 (md, span->rva, &size_of_header)
      || !read_u32 (md, span->rva + 4, &size_of_entry))
    {
      pm_md_warn (md, "%s at 0x%x is %u bytes, smaller than its %u-byte header; ignored",
                  label, span->rva, span->size, min_header);
      return;
    }
  if (count_is_64)
    read_u64 (md, span->rva + 8, &count);
  else
    {
      uint32_t c32 = 0;
      read_u32 (md, span->rva + 8, &c32);
      count = c32;
    }
  if (size_of_header < min_header || size_of_header > span->size)
    {
      pm_md_warn (md, "%s at 0x%x has a header size of %u (expected at least %u, at most the stream's %u bytes); ignored",
                  label, span->rva, size_of_header, min_header, span->size);
      return;
    }
  if (size_of_entry < min_entry || size_of_entry > 0x10000)
    {
      pm_md_warn (md, "%s at 0x%x has an entry size of %u (expected %u to 65536); ignored",
                  label, span->rva, size_of_entry, min_entry);
      return;
    }
  fit = (span->size - size_of_header) / size_of_entry;
  if (count > fit)
    {
      pm_md_warn (md, "%s at 0x%x claims %llu entries but its %u bytes hold only %llu; reading %llu",
                  label, span->rva, (unsigned long long) count, span->size,
                  (unsigned long long) fit, (unsigned long long) fit);
      count = fit;
    }
  out->present = true;
  out->rva = (uint64_t) span->rva + size_of_header;
  out->count = count;
  out->entry_size = size_of_entry;
}

static void
parse_memory_lists (PmMinidump *md)
{
  uint64_t skipped_zero = 0, skipped_wrap = 0, skipped_eof = 0, clipped = 0;

  parse_counted_list (md, &md->memory_list, PM_MD_STREAM_MEMORY_LIST,
                      sizeof (PmMdMemoryDescriptor), &md->memory);
  for (uint64_t i = 0; i < md->memory.count; i++)
    {
      PmMdMemoryDescriptor d;

      read_bytes (md, md->memory.rva + i * sizeof d, &d, sizeof d);
      if (d.memory.data_size == 0)
        skipped_zero++;
      else if (d.start_of_memory_range + d.memory.data_size - 1 < d.start_of_memory_range)
        skipped_wrap++;
      else if (d.memory.rva >= md->size)
        skipped_eof++;
      else if (!file_range (md, d.memory.rva, d.memory.data_size))
        clipped++;
    }

  if (md->memory64_list.present)
    {
      PmMdMemory64List h;
      uint64_t fit, rva;

      memset (&md->memory64, 0, sizeof md->memory64);
      if (md->memory64_list.size < sizeof h
          || !read_bytes (md, md->memory64_list.rva, &h, sizeof h))
        pm_md_warn (md, "Memory64List (0x9) at 0x%x is %u bytes, smaller than its 16-byte header; ignored",
                    md->memory64_list.rva, md->memory64_list.size);
      else
        {
          fit = (md->memory64_list.size - sizeof h) / sizeof (PmMdMemoryDescriptor64);
          if (h.number_of_memory_ranges > fit)
            {
              pm_md_warn (md, "Memory64List (0x9) at 0x%x claims %llu ranges but its %u bytes hold only %llu; reading %llu",
                          md->memory64_list.rva, (unsigned long long) h.number_of_memory_ranges,
                          md->memory64_list.size, (unsigned long long) fit, (unsigned long long) fit);
              h.number_of_memory_ranges = fit;
            }
          md->memory64.present = true;
          md->memory64.rva = md->memory64_list.rva + sizeof h;
          md->memory64.count = h.number_of_memory_ranges;
          md->memory64.entry_size = sizeof (PmMdMemoryDescriptor64);
          md->memory64_base_rva = h.base_rva;
          md->m64_cursor_index = 0;
          md->m64_cursor_rva = h.base_rva;

          /* The data of range i starts where range i - 1 ended: once one
           * runs past the end of the file, none after it can be read. */
          rva = h.base_rva;
          md->memory64_usable = 0;
          for (uint64_t i = 0; i < md->memory64.count; i++)
            {
              PmMdMemoryDescriptor64 d;

              read_bytes (md, md->memory64.rva + i * sizeof d, &d, sizeof d);
              if (rva >= md->size && d.data_size > 0)
                {
                  pm_md_warn (md, "Memory64List (0x9): range %llu and the %llu after it start beyond the end of the file (data offset 0x%llx); not readable",
                              (unsigned long long) i, (unsigned long long) (md->memory64.count - i - 1),
                              (unsigned long long) rva);
                  break;
                }
              md->memory64_usable = i + 1;
              if (d.data_size == 0)
                skipped_zero++;
              else if (d.start_of_memory_range + d.data_size - 1 < d.start_of_memory_range)
                skipped_wrap++;
              else if (!file_range (md, rva, d.data_size))
                clipped++;
              if (d.data_size > UINT64_MAX - rva)
                {
                  pm_md_warn (md, "Memory64List (0x9): range %llu's size 0x%llx overflows the file offset; later ranges not readable",
                              (unsigned long long) i, (unsigned long long) d.data_size);
                  break;
                }
              rva += d.data_size;
            }
        }
    }

  if (skipped_zero > 0)
    pm_md_warn (md, "%llu memory ranges of size zero skipped", (unsigned long long) skipped_zero);
  if (skipped_wrap > 0)
    pm_md_warn (md, "%llu memory ranges that wrap around the address space skipped",
                (unsigned long long) skipped_wrap);
  if (skipped_eof > 0)
    pm_md_warn (md, "%llu memory ranges whose data lies beyond the end of the file skipped",
                (unsigned long long) skipped_eof);
  if (clipped > 0)
    pm_md_warn (md, "%llu memory ranges cut short by the end of the file; only the bytes present are read",
                (unsigned long long) clipped);
}

#define PM_MD_OVERLAP_CHECK_MAX 256u

static bool
known_singleton (uint32_t type)
{
  /* Every type we have a name for is meant to appear once, except the
   * placeholders writers use to pad the directory. */
  return type != PM_MD_STREAM_UNUSED && type != PM_MD_STREAM_RESERVED0
         && type != PM_MD_STREAM_RESERVED1 && pm_md_stream_type_name (type) != NULL;
}

static PmMinidump *
pm_minidump_open_data (const uint8_t *data, uint64_t size, bool mapped, PmMdError *error)
{
  PmMinidump *md;
  uint64_t dir_size;
  uint64_t overlaps = 0;

  if (size < sizeof (PmMdHeader))
    {
      pm_md_set_error (error, PM_MD_ERROR_TRUNCATED, 0,
                       "file of %llu bytes is too small for the 32-byte minidump header",
                       (unsigned long long) size);
      return NULL;
    }

  md = calloc (1, sizeof *md);
  if (md == NULL)
    {
      pm_md_set_error (error, PM_MD_ERROR_NO_MEMORY, 0, "out of memory");
      return NULL;
    }
  md->data = data;
  md->size = size;
  md->mapped = mapped;
  md->guard_slot = -1;
  memcpy (&md->header, data, sizeof md->header);

  if (md->header.signature != PM_MD_SIGNATURE)
    {
      pm_md_set_error (error, PM_MD_ERROR_NOT_MINIDUMP, 0,
                       "header signature is 0x%08x, not \"MDMP\" (0x504d444d): not a minidump",
                       md->header.signature);
      goto fail;
    }
  if ((md->header.version & PM_MD_VERSION_MASK) != PM_MD_VERSION)
    {
      pm_md_set_error (error, PM_MD_ERROR_VERSION, 4,
                       "header version 0x%08x: the low word must be 0xa793",
                       md->header.version);
      goto fail;
    }
  dir_size = (uint64_t) md->header.number_of_streams * sizeof (PmMdDirectory);
  if (!file_range (md, md->header.stream_directory_rva, dir_size))
    {
      pm_md_set_error (error, PM_MD_ERROR_TRUNCATED, md->header.stream_directory_rva,
                       "stream directory at 0x%x (%u entries of 12 bytes) extends beyond the end of the file (%llu bytes)",
                       md->header.stream_directory_rva, md->header.number_of_streams,
                       (unsigned long long) size);
      goto fail;
    }
  md->n_streams = md->header.number_of_streams;

  for (uint32_t i = 0; i < md->n_streams; i++)
    {
      PmMdDirectory d;
      PmMdSpan *span;
      char label[64];

      read_bytes (md, md->header.stream_directory_rva + (uint64_t) i * sizeof d, &d, sizeof d);
      if (d.stream_type == PM_MD_STREAM_UNUSED)
        continue;
      stream_label (d.stream_type, label, sizeof label);

      if (known_singleton (d.stream_type))
        {
          /* Refuse a second stream of one type: which is meant is unknowable. */
          for (uint32_t j = 0; j < i; j++)
            {
              PmMdDirectory e;

              read_bytes (md, md->header.stream_directory_rva + (uint64_t) j * sizeof e, &e, sizeof e);
              if (e.stream_type == d.stream_type)
                {
                  pm_md_set_error (error, PM_MD_ERROR_DUPLICATE_STREAM,
                                   md->header.stream_directory_rva + (uint64_t) i * sizeof d,
                                   "the directory has two %s streams (entries %u and %u)",
                                   label, j, i);
                  goto fail;
                }
            }
        }

      span = span_for_type (md, d.stream_type);
      if (span != NULL)
        span->seen = true;
      if (!file_range (md, d.location.rva, d.location.data_size))
        {
          pm_md_warn (md, "%s (directory entry %u) at 0x%x, %u bytes, extends beyond the end of the file (%llu bytes); not readable",
                      label, i, d.location.rva, d.location.data_size, (unsigned long long) size);
          continue;
        }
      if (span == NULL)
        continue;
      span->present = true;
      span->rva = d.location.rva;
      span->size = d.location.data_size;
    }

  /* Overlapping streams are read as they stand (Breakpad and LLDB 16 do
   * too), but said once. Pairwise over the first PM_MD_OVERLAP_CHECK_MAX
   * entries keeps this bounded for a hostile directory; real dumps have
   * fewer than 64 streams. */
  {
    uint32_t n = md->n_streams < PM_MD_OVERLAP_CHECK_MAX ? md->n_streams : PM_MD_OVERLAP_CHECK_MAX;
    uint32_t first_a = 0, first_b = 0, type_a = 0, type_b = 0;

    for (uint32_t a = 0; a < n; a++)
      {
        PmMdDirectory da;

        read_bytes (md, md->header.stream_directory_rva + (uint64_t) a * sizeof da, &da, sizeof da);
        if (da.stream_type == PM_MD_STREAM_UNUSED || da.location.data_size == 0
            || !file_range (md, da.location.rva, da.location.data_size))
          continue;
        for (uint32_t b = a + 1; b < n; b++)
          {
            PmMdDirectory db;

            read_bytes (md, md->header.stream_directory_rva + (uint64_t) b * sizeof db, &db, sizeof db);
            if (db.stream_type == PM_MD_STREAM_UNUSED || db.location.data_size == 0
                || !file_range (md, db.location.rva, db.location.data_size))
              continue;
            if ((uint64_t) da.location.rva < (uint64_t) db.location.rva + db.location.data_size
                && (uint64_t) db.location.rva < (uint64_t) da.location.rva + da.location.data_size)
              {
                if (overlaps == 0)
                  first_a = a, first_b = b, type_a = da.stream_type, type_b = db.stream_type;
                overlaps++;
              }
          }
      }
    if (overlaps > 0)
      {
        char la[64], lb[64];
        pm_md_warn (md, "%llu pairs of streams overlap in the file (first: %s, entry %u, and %s, entry %u); each is read as it stands",
                    (unsigned long long) overlaps, stream_label (type_a, la, sizeof la), first_a,
                    stream_label (type_b, lb, sizeof lb), first_b);
      }
    if (md->n_streams > PM_MD_OVERLAP_CHECK_MAX)
      pm_md_warn (md, "the directory has %u entries; overlaps checked among the first %u only",
                  md->n_streams, PM_MD_OVERLAP_CHECK_MAX);
  }

  /* Lists: counts checked against sizes once, entries read on demand. */
  if (md->thread_list.present)
    parse_counted_list (md, &md->thread_list, PM_MD_STREAM_THREAD_LIST,
                        sizeof (PmMdThread), &md->threads);
  else
    parse_counted_list (md, &md->thread_ex_list, PM_MD_STREAM_THREAD_EX_LIST,
                        sizeof (PmMdThreadEx), &md->threads);
  parse_counted_list (md, &md->module_list, PM_MD_STREAM_MODULE_LIST,
                      sizeof (PmMdModule), &md->modules);
  parse_counted_list (md, &md->thread_names, PM_MD_STREAM_THREAD_NAMES,
                      sizeof (PmMdThreadName), &md->thread_name_list);
  parse_memory_lists (md);
  parse_sized_list (md, &md->memory_info_list, PM_MD_STREAM_MEMORY_INFO_LIST,
                    sizeof (PmMdMemoryInfoList), 8, true, &md->memory_infos);
  parse_sized_list (md, &md->thread_info_list, PM_MD_STREAM_THREAD_INFO_LIST,
                    sizeof (PmMdThreadInfoList), 4, false, &md->thread_infos);
  parse_sized_list (md, &md->unloaded_module_list, PM_MD_STREAM_UNLOADED_MODULE_LIST,
                    sizeof (PmMdUnloadedModuleList), 8, false, &md->unloaded_modules);
  parse_sized_list (md, &md->handle_data, PM_MD_STREAM_HANDLE_DATA,
                    sizeof (PmMdHandleDataStream), 8, false, &md->handles);

  if (md->system_info.present)
    {
      if (md->system_info.size >= sizeof (PmMdSystemInfo))
        {
          read_bytes (md, md->system_info.rva, &md->system_info_copy, sizeof md->system_info_copy);
          md->have_system_info = true;
        }
      else
        pm_md_warn (md, "SystemInfo (0x7) at 0x%x is %u bytes, smaller than its 56-byte record; ignored",
                    md->system_info.rva, md->system_info.size);
    }
  return md;

fail:
  free (md);
  return NULL;
}

PmMinidump *
pm_minidump_open_memory (const void *data, size_t size, PmMdError *error)
{
  if (data == NULL && size > 0)
    {
      pm_md_set_error (error, PM_MD_ERROR_INVALID_ARGUMENT, 0, "no data");
      return NULL;
    }
  return pm_minidump_open_data (data, size, false, error);
}

PmMinidump *
pm_minidump_open_fd (int fd, PmMdError *error)
{
  struct stat st;
  void *map;
  PmMinidump *md;
  int slot;

  if (fstat (fd, &st) < 0)
    {
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "cannot stat the file: %s", strerror (errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "not a regular file");
      return NULL;
    }
  if (st.st_size < (off_t) sizeof (PmMdHeader))
    {
      pm_md_set_error (error, PM_MD_ERROR_TRUNCATED, 0,
                       "file of %lld bytes is too small for the 32-byte minidump header",
                       (long long) st.st_size);
      return NULL;
    }
  /* MAP_PRIVATE + PROT_READ: pages come in only when an accessor touches
   * them, so opening a 1 GiB heap dump reads a few pages. */
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED)
    {
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "cannot map the file: %s", strerror (errno));
      return NULL;
    }
  /* Guarded before the first byte is read: the file may shrink at any moment. */
  slot = pm_md_guard_register (map, (size_t) st.st_size);
  if (slot < 0)
    {
      munmap (map, (size_t) st.st_size);
      pm_md_set_error (error, PM_MD_ERROR_IO, 0,
                       "cannot guard the mapping against the file changing (%d minidumps open at once)",
                       PM_MD_GUARD_MAX);
      return NULL;
    }
  md = pm_minidump_open_data (map, (uint64_t) st.st_size, true, error);
  if (md != NULL)
    {
      md->guard_slot = slot;
      md->damaged = pm_md_guard_damaged_flag (slot);
      if (!is_damaged (md))
        return md;
      free (md->name_index);
      free (md);
      md = NULL;
    }
  if (*pm_md_guard_damaged_flag (slot))
    pm_md_set_error (error, PM_MD_ERROR_CHANGED, 0, PM_MD_CHANGED_MESSAGE);
  pm_md_guard_unregister (slot);
  munmap (map, (size_t) st.st_size);
  return NULL;
}

PmMinidump *
pm_minidump_open (const char *path, PmMdError *error)
{
  PmMinidump *md;
  int fd;

  if (path == NULL)
    {
      pm_md_set_error (error, PM_MD_ERROR_INVALID_ARGUMENT, 0, "no file name");
      return NULL;
    }
  /* O_NONBLOCK: a FIFO planted at the path must not block us (fstat then refuses it). */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    {
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "cannot open %s: %s", path, strerror (errno));
      return NULL;
    }
  md = pm_minidump_open_fd (fd, error);
  close (fd);
  return md;
}

void
pm_minidump_close (PmMinidump *md)
{
  if (md == NULL)
    return;
  if (md->mapped)
    {
      pm_md_guard_unregister (md->guard_slot);
      munmap ((void *) md->data, (size_t) md->size);
    }
  free (md->name_index);
  free (md);
}

uint64_t
pm_minidump_get_file_size (const PmMinidump *md)
{
  return md != NULL ? md->size : 0;
}

void
pm_minidump_get_header (const PmMinidump *md, PmMdHeader *out)
{
  if (md != NULL && out != NULL)
    *out = md->header;
}

/* ------------------------------------------------------------------------ */
/* Directory                                                                */
/* ------------------------------------------------------------------------ */

size_t
pm_minidump_get_n_streams (const PmMinidump *md)
{
  return md != NULL ? md->n_streams : 0;
}

PmMdStatus
pm_minidump_get_stream_info (PmMinidump *md, size_t index, PmMdStreamInfo *out)
{
  PmMdDirectory d;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (index >= md->n_streams)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no stream directory entry %zu (there are %u)",
                       index, md->n_streams);
  read_bytes (md, md->header.stream_directory_rva + (uint64_t) index * sizeof d, &d, sizeof d);
  out->type = d.stream_type;
  out->name = pm_md_stream_type_name (d.stream_type);
  out->rva = d.location.rva;
  out->size = d.location.data_size;
  out->state = file_range (md, d.location.rva, d.location.data_size)
               ? PM_MD_STREAM_OK : PM_MD_STREAM_BEYOND_EOF;
  return PM_MD_OK;
}

bool
pm_minidump_has_stream (const PmMinidump *md, uint32_t stream_type)
{
  if (md == NULL)
    return false;
  for (uint32_t i = 0; i < md->n_streams; i++)
    {
      uint32_t type;

      read_u32 (md, md->header.stream_directory_rva + (uint64_t) i * sizeof (PmMdDirectory), &type);
      if (type == stream_type)
        return true;
    }
  return false;
}

PmMdStatus
pm_minidump_get_stream_data (PmMinidump *md, uint32_t stream_type,
                             const uint8_t **data, size_t *size)
{
  bool seen = false;
  char label[64];

  if (md == NULL || data == NULL || size == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  stream_label (stream_type, label, sizeof label);
  for (uint32_t i = 0; i < md->n_streams; i++)
    {
      PmMdDirectory d;

      read_bytes (md, md->header.stream_directory_rva + (uint64_t) i * sizeof d, &d, sizeof d);
      if (d.stream_type != stream_type)
        continue;
      seen = true;
      if (file_range (md, d.location.rva, d.location.data_size))
        {
          *data = md->data + d.location.rva;
          *size = d.location.data_size;
          return PM_MD_OK;
        }
    }
  if (seen)
    return pm_md_fail (md, PM_MD_ERROR_TRUNCATED,
                       "%s extends beyond the end of the file", label);
  return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "the dump has no %s stream", label);
}

PmMdStatus
pm_minidump_find_stream (PmMinidump *md, uint32_t stream_type, PmMdLocation *out)
{
  const uint8_t *data;
  size_t size;
  PmMdStatus status;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  status = pm_minidump_get_stream_data (md, stream_type, &data, &size);
  if (status != PM_MD_OK)
    return status;
  out->rva = (uint32_t) (data - md->data);
  out->data_size = (uint32_t) size;
  return PM_MD_OK;
}

/* Copies a singleton stream's record: want bytes, or fewer when the stream
 * is shorter (the rest zeroed) but never fewer than min_size. */
static PmMdStatus
read_span (PmMinidump *md, const PmMdSpan *span, uint32_t type, void *out, size_t want,
           size_t min_size)
{
  char label[64];
  size_t n;

  if (!span->present)
    {
      stream_label (type, label, sizeof label);
      if (span->seen)
        return pm_md_fail (md, PM_MD_ERROR_TRUNCATED, "%s extends beyond the end of the file", label);
      return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "the dump has no %s stream", label);
    }
  if (span->size < min_size)
    {
      stream_label (type, label, sizeof label);
      return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE, "%s at 0x%x is %u bytes, smaller than its %zu-byte record",
                         label, span->rva, span->size, min_size);
    }
  n = span->size < want ? span->size : want;
  memset (out, 0, want);
  read_bytes (md, span->rva, out, n);
  return PM_MD_OK;
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                  */
/* ------------------------------------------------------------------------ */

/* Converts n_units UTF-16LE code units read from src (unaligned bytes) to
 * UTF-8. Only whole characters go into buf, which is always terminated;
 * returns the full UTF-8 length. */
static size_t
utf16le_to_utf8 (const uint8_t *src, size_t n_units, bool stop_at_nul, char *buf, size_t buf_size)
{
  size_t len = 0, filled = 0;
  bool full = (buf == NULL || buf_size == 0);

  for (size_t i = 0; i < n_units; i++)
    {
      uint32_t u = (uint32_t) src[2 * i] | ((uint32_t) src[2 * i + 1] << 8);
      uint32_t cp = u;
      uint8_t tmp[4];
      size_t n;

      if (u == 0 && stop_at_nul)
        break;
      if (u >= 0xd800 && u < 0xdc00 && i + 1 < n_units)
        {
          uint32_t v = (uint32_t) src[2 * i + 2] | ((uint32_t) src[2 * i + 3] << 8);
          if (v >= 0xdc00 && v < 0xe000)
            {
              cp = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
              i++;
            }
          else
            cp = 0xfffd;
        }
      else if (u >= 0xd800 && u < 0xe000)
        cp = 0xfffd;

      if (cp < 0x80)
        {
          tmp[0] = (uint8_t) cp;
          n = 1;
        }
      else if (cp < 0x800)
        {
          tmp[0] = (uint8_t) (0xc0 | (cp >> 6));
          tmp[1] = (uint8_t) (0x80 | (cp & 0x3f));
          n = 2;
        }
      else if (cp < 0x10000)
        {
          tmp[0] = (uint8_t) (0xe0 | (cp >> 12));
          tmp[1] = (uint8_t) (0x80 | ((cp >> 6) & 0x3f));
          tmp[2] = (uint8_t) (0x80 | (cp & 0x3f));
          n = 3;
        }
      else
        {
          tmp[0] = (uint8_t) (0xf0 | (cp >> 18));
          tmp[1] = (uint8_t) (0x80 | ((cp >> 12) & 0x3f));
          tmp[2] = (uint8_t) (0x80 | ((cp >> 6) & 0x3f));
          tmp[3] = (uint8_t) (0x80 | (cp & 0x3f));
          n = 4;
        }
      if (!full && filled + n < buf_size)
        {
          memcpy (buf + filled, tmp, n);
          filled += n;
        }
      else
        full = true;
      len += n;
    }
  if (buf != NULL && buf_size > 0)
    buf[filled] = '\0';
  return len;
}

size_t
pm_md_utf16_to_utf8 (const void *src, size_t n_units, char *buf, size_t buf_size)
{
  if (src == NULL)
    {
      if (buf != NULL && buf_size > 0)
        buf[0] = '\0';
      return 0;
    }
  return utf16le_to_utf8 (src, n_units, true, buf, buf_size);
}

PmMdStatus
pm_minidump_read_string (PmMinidump *md, uint64_t rva, char *buf, size_t buf_size, size_t *needed)
{
  uint32_t length;
  const uint8_t *p;
  size_t n;

  if (buf != NULL && buf_size > 0)
    buf[0] = '\0';
  if (md == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (!read_u32 (md, rva, &length))
    return pm_md_fail (md, PM_MD_ERROR_BAD_STRING,
                       "string at 0x%llx: its length field lies beyond the end of the file",
                       (unsigned long long) rva);
  if (length % 2 != 0)
    return pm_md_fail (md, PM_MD_ERROR_BAD_STRING,
                       "string at 0x%llx has an odd UTF-16 byte length (%u)",
                       (unsigned long long) rva, length);
  p = file_ptr (md, rva + 4, length);
  if (p == NULL)
    return pm_md_fail (md, PM_MD_ERROR_BAD_STRING,
                       "string at 0x%llx of %u bytes extends beyond the end of the file",
                       (unsigned long long) rva, length);
  n = utf16le_to_utf8 (p, length / 2, false, buf, buf_size);
  if (needed != NULL)
    *needed = n;
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_get_utf8_string (PmMinidump *md, uint32_t rva, const char **str, size_t *len)
{
  uint32_t length;
  const uint8_t *p;

  if (md == NULL || str == NULL || len == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (!read_u32 (md, rva, &length))
    return pm_md_fail (md, PM_MD_ERROR_BAD_STRING,
                       "UTF-8 string at 0x%x: its length field lies beyond the end of the file", rva);
  p = file_ptr (md, (uint64_t) rva + 4, length);
  if (p == NULL)
    return pm_md_fail (md, PM_MD_ERROR_BAD_STRING,
                       "UTF-8 string at 0x%x of %u bytes extends beyond the end of the file",
                       rva, length);
  *str = (const char *) p;
  *len = length;
  return PM_MD_OK;
}

/* ------------------------------------------------------------------------ */
/* System information                                                       */
/* ------------------------------------------------------------------------ */

PmMdStatus
pm_minidump_get_system_info (PmMinidump *md, PmMdSystemInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (!md->have_system_info)
    return read_span (md, &md->system_info, PM_MD_STREAM_SYSTEM_INFO, out,
                      sizeof *out, sizeof *out);
  *out = md->system_info_copy;
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_format_os_version (PmMinidump *md, char *buf, size_t buf_size)
{
  PmMdSystemInfo si;
  PmMdStatus status;
  char csd[256] = "";
  int n;

  if (md == NULL || buf == NULL || buf_size == 0)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  buf[0] = '\0';
  status = pm_minidump_get_system_info (md, &si);
  if (status != PM_MD_OK)
    return status;
  if (si.csd_version_rva != 0)
    pm_minidump_read_string (md, si.csd_version_rva, csd, sizeof csd, NULL);

  /* Breakpad's Linux writer leaves the numbers 0 and puts uname's
   * "Linux <release> <version> <machine>" in the CSD string: show
   * "<release> <version>" as rust-minidump does. */
  if ((si.platform_id == PM_MD_OS_LINUX || si.platform_id == PM_MD_OS_ANDROID)
      && si.major_version == 0 && si.minor_version == 0 && si.build_number == 0
      && strncmp (csd, "Linux ", 6) == 0)
    {
      static const char *const machines[] = {
        " x86_64", " i386", " i486", " i586", " i686", " aarch64", " arm64", " armv7l",
        " armv8l", " armv6l", " mips", " mips64", " ppc64le", " riscv64",
      };
      size_t len = strlen (csd);

      for (size_t i = 0; i < sizeof machines / sizeof machines[0]; i++)
        {
          size_t ml = strlen (machines[i]);
          if (len > ml + 6 && strcmp (csd + len - ml, machines[i]) == 0)
            {
              csd[len - ml] = '\0';
              break;
            }
        }
      snprintf (buf, buf_size, "%s", csd + 6);
      return PM_MD_OK;
    }
  n = snprintf (buf, buf_size, "%u.%u.%u", si.major_version, si.minor_version, si.build_number);
  if (csd[0] != '\0' && n >= 0 && (size_t) n < buf_size)
    snprintf (buf + n, buf_size - (size_t) n, " %s", csd);
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_format_cpu_info (PmMinidump *md, char *buf, size_t buf_size)
{
  PmMdSystemInfo si;
  PmMdStatus status;

  if (md == NULL || buf == NULL || buf_size == 0)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  buf[0] = '\0';
  status = pm_minidump_get_system_info (md, &si);
  if (status != PM_MD_OK)
    return status;
  if (si.processor_architecture == PM_MD_CPU_ARCH_X86
      || si.processor_architecture == PM_MD_CPU_ARCH_AMD64)
    {
      char vendor[13];
      bool printable = true;

      memcpy (vendor, si.cpu.x86.vendor_id, 12);
      vendor[12] = '\0';
      for (int i = 0; i < 12; i++)
        if (vendor[i] < 0x20 || vendor[i] > 0x7e)
          printable = false;
      snprintf (buf, buf_size, "%s%sfamily %u model %u stepping %u",
                printable && vendor[0] != '\0' ? vendor : "",
                printable && vendor[0] != '\0' ? " " : "",
                si.processor_level, si.processor_revision >> 8, si.processor_revision & 0xff);
    }
  else
    snprintf (buf, buf_size, "level 0x%x revision 0x%x", si.processor_level, si.processor_revision);
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_get_misc_info (PmMinidump *md, PmMdMiscInfo *out, uint32_t *size_on_disk)
{
  static const uint32_t sizes[] = {
    PM_MD_MISC_INFO_SIZE_5, PM_MD_MISC_INFO_SIZE_4, PM_MD_MISC_INFO_SIZE_3,
    PM_MD_MISC_INFO_SIZE_2, PM_MD_MISC_INFO_SIZE_1,
  };
  uint32_t size_of_info = 0, use = 0;
  PmMdStatus status;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  status = read_span (md, &md->misc_info, PM_MD_STREAM_MISC_INFO, out, sizeof *out,
                      PM_MD_MISC_INFO_SIZE_1);
  if (status != PM_MD_OK)
    return status;
  size_of_info = out->size_of_info;
  /* Trust size_of_info when it is a known size the stream holds; else take
   * the largest known size that fits (LLDB's test files write 0 there). */
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    if (size_of_info == sizes[i] && sizes[i] <= md->misc_info.size)
      use = sizes[i];
  if (use == 0)
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0] && use == 0; i++)
      if (sizes[i] <= md->misc_info.size)
        use = sizes[i];
  if (use < sizeof *out)
    memset ((uint8_t *) out + use, 0, sizeof *out - use);
  out->size_of_info = size_of_info;
  if (size_on_disk != NULL)
    *size_on_disk = use;
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_get_breakpad_info (PmMinidump *md, PmMdBreakpadInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_span (md, &md->breakpad_info, PM_MD_STREAM_BREAKPAD_INFO, out, sizeof *out, sizeof *out);
}

PmMdStatus
pm_minidump_get_assertion_info (PmMinidump *md, PmMdAssertionInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_span (md, &md->assertion_info, PM_MD_STREAM_ASSERTION_INFO, out, sizeof *out, sizeof *out);
}

PmMdStatus
pm_minidump_get_postmortem_info (PmMinidump *md, PmMdPostmortemInfo *out)
{
  PmMdStatus status;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  status = read_span (md, &md->postmortem_info, PM_MD_STREAM_POSTMORTEM_INFO, out, sizeof *out,
                      PM_MD_POSTMORTEM_INFO_SIZE_1);
  if (status == PM_MD_OK && out->size_of_header < PM_MD_POSTMORTEM_INFO_SIZE_1)
    return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                       "PostmortemInfo (0x504d0001) at 0x%x says its header is %u bytes (at least %u expected)",
                       md->postmortem_info.rva, out->size_of_header, PM_MD_POSTMORTEM_INFO_SIZE_1);
  return status;
}

PmMdStatus
pm_minidump_get_crashpad_info (PmMinidump *md, PmMdCrashpadInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_span (md, &md->crashpad_info, PM_MD_STREAM_CRASHPAD_INFO, out, sizeof *out,
                    PM_MD_CRASHPAD_INFO_SIZE_1);
}

/* ------------------------------------------------------------------------ */
/* Exception and crash reason                                               */
/* ------------------------------------------------------------------------ */

PmMdStatus
pm_minidump_get_exception (PmMinidump *md, PmMdExceptionStream *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_span (md, &md->exception, PM_MD_STREAM_EXCEPTION, out, sizeof *out, sizeof *out);
}

static const char *
linux_signal_name (uint32_t sig)
{
  static const char *const names[] = {
    NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
  };

  if (sig == PM_MD_EXCEPTION_CODE_DUMP_REQUESTED)
    return "DUMP_REQUESTED";
  if (sig < sizeof names / sizeof names[0])
    return names[sig];
  return NULL;
}

static const char *
linux_si_code_name (uint32_t sig, int32_t code)
{
  static const char *const segv[] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR" };
  static const char *const bus[] = { NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO" };
  static const char *const ill[] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
                                     "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK" };
  static const char *const fpe[] = { NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF",
                                     "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB" };
  static const char *const trap[] = { NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT" };

  /* Old Breakpad Linux writers leave si_code 0 for faults: not a kill(). */
  if (code == 0 && (sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11))
    return NULL;
  switch (code)
    {
    case 0: return "SI_USER";
    case 0x80: return "SI_KERNEL";
    case -1: return "SI_QUEUE";
    case -2: return "SI_TIMER";
    case -3: return "SI_MESGQ";
    case -4: return "SI_ASYNCIO";
    case -6: return "SI_TKILL";
    default: break;
    }
  if (code < 0)
    return NULL;
#define PICK(table) ((size_t) code < sizeof table / sizeof table[0] ? table[code] : NULL)
  switch (sig)
    {
    case 11: return PICK (segv);
    case 7: return PICK (bus);
    case 4: return PICK (ill);
    case 8: return PICK (fpe);
    case 5: return PICK (trap);
    default: return NULL;
    }
#undef PICK
}

static const char *
mach_exception_name (uint32_t code)
{
  static const char *const names[] = {
    NULL, "EXC_BAD_ACCESS", "EXC_BAD_INSTRUCTION", "EXC_ARITHMETIC", "EXC_EMULATION",
    "EXC_SOFTWARE", "EXC_BREAKPOINT", "EXC_SYSCALL", "EXC_MACH_SYSCALL", "EXC_RPC_ALERT",
    "EXC_CRASH", "EXC_RESOURCE", "EXC_GUARD", "EXC_CORPSE_NOTIFY",
  };

  if (code == PM_MD_EXCEPTION_CODE_CRASHPAD_SIGNAL)
    return "EXC_CRASHPAD_SIGNAL";
  if (code == PM_MD_EXCEPTION_CODE_CRASHPAD_NSEXCEPTION)
    return "EXC_CRASHPAD_NSEXCEPTION";
  if (code == PM_MD_EXCEPTION_CODE_DUMP_REQUESTED)
    return "DUMP_REQUESTED";
  if (code < sizeof names / sizeof names[0])
    return names[code];
  return NULL;
}

static const char *
mach_code_name (uint32_t exc, uint32_t code)
{
  if (exc == 1) /* EXC_BAD_ACCESS: a kern_return_t */
    switch (code)
      {
      case 1: return "KERN_INVALID_ADDRESS";
      case 2: return "KERN_PROTECTION_FAILURE";
      case 8: return "KERN_NO_ACCESS";
      case 9: return "KERN_MEMORY_FAILURE";
      case 10: return "KERN_MEMORY_ERROR";
      case 13: return "EXC_I386_GPFLT";
      default: return NULL;
      }
  if (exc == PM_MD_EXCEPTION_CODE_CRASHPAD_SIGNAL)
    return linux_signal_name (code); /* the low signal numbers match */
  return NULL;
}

static const char *
windows_exception_name (uint32_t code)
{
  switch (code)
    {
    case 0x80000001u: return "EXCEPTION_GUARD_PAGE";
    case 0x80000002u: return "EXCEPTION_DATATYPE_MISALIGNMENT";
    case 0x80000003u: return "EXCEPTION_BREAKPOINT";
    case 0x80000004u: return "EXCEPTION_SINGLE_STEP";
    case 0xc0000005u: return "EXCEPTION_ACCESS_VIOLATION";
    case 0xc0000006u: return "EXCEPTION_IN_PAGE_ERROR";
    case 0xc0000008u: return "EXCEPTION_INVALID_HANDLE";
    case 0xc000000du: return "EXCEPTION_INVALID_PARAMETER";
    case 0xc0000017u: return "EXCEPTION_NO_MEMORY";
    case 0xc000001du: return "EXCEPTION_ILLEGAL_INSTRUCTION";
    case 0xc0000025u: return "EXCEPTION_NONCONTINUABLE_EXCEPTION";
    case 0xc0000026u: return "EXCEPTION_INVALID_DISPOSITION";
    case 0xc000008cu: return "EXCEPTION_ARRAY_BOUNDS_EXCEEDED";
    case 0xc000008du: return "EXCEPTION_FLT_DENORMAL_OPERAND";
    case 0xc000008eu: return "EXCEPTION_FLT_DIVIDE_BY_ZERO";
    case 0xc000008fu: return "EXCEPTION_FLT_INEXACT_RESULT";
    case 0xc0000090u: return "EXCEPTION_FLT_INVALID_OPERATION";
    case 0xc0000091u: return "EXCEPTION_FLT_OVERFLOW";
    case 0xc0000092u: return "EXCEPTION_FLT_STACK_CHECK";
    case 0xc0000093u: return "EXCEPTION_FLT_UNDERFLOW";
    case 0xc0000094u: return "EXCEPTION_INT_DIVIDE_BY_ZERO";
    case 0xc0000095u: return "EXCEPTION_INT_OVERFLOW";
    case 0xc0000096u: return "EXCEPTION_PRIV_INSTRUCTION";
    case 0xc00000fdu: return "EXCEPTION_STACK_OVERFLOW";
    case 0xc0000135u: return "STATUS_DLL_NOT_FOUND";
    case 0xc000013au: return "STATUS_CONTROL_C_EXIT";
    case 0xc0000142u: return "STATUS_DLL_INIT_FAILED";
    case 0xc0000194u: return "EXCEPTION_POSSIBLE_DEADLOCK";
    case 0xc0000374u: return "STATUS_HEAP_CORRUPTION";
    case 0xc0000409u: return "STATUS_STACK_BUFFER_OVERRUN";
    case 0xc0000417u: return "STATUS_INVALID_CRUNTIME_PARAMETER";
    case 0xc0000420u: return "STATUS_ASSERTION_FAILURE";
    case 0x40000015u: return "STATUS_FATAL_APP_EXIT";
    case 0xe06d7363u: return "EXCEPTION_CPP_EH";   /* a Visual C++ throw that nobody caught */
    case 0xffffffffu: return "DUMP_REQUESTED";
    default: return NULL;
    }
}

PmMdCpu
pm_minidump_get_cpu (PmMinidump *md)
{
  if (md == NULL || !md->have_system_info)
    return PM_MD_CPU_UNKNOWN;
  switch (md->system_info_copy.processor_architecture)
    {
    case PM_MD_CPU_ARCH_X86:
    case PM_MD_CPU_ARCH_X86_WIN64: return PM_MD_CPU_X86;
    case PM_MD_CPU_ARCH_AMD64: return PM_MD_CPU_AMD64;
    case PM_MD_CPU_ARCH_ARM: return PM_MD_CPU_ARM;
    case PM_MD_CPU_ARCH_ARM64:
    case PM_MD_CPU_ARCH_ARM64_OLD: return PM_MD_CPU_ARM64;
    default: return PM_MD_CPU_UNKNOWN;
    }
}

PmMdStatus
pm_minidump_get_crash_reason (PmMinidump *md, PmMdCrashReason *out)
{
  PmMdExceptionStream ex;
  PmMdStatus status;
  uint32_t platform;
  PmMdCpu cpu;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  memset (out, 0, sizeof *out);
  status = pm_minidump_get_exception (md, &ex);
  if (status != PM_MD_OK)
    return status;
  platform = md->have_system_info ? md->system_info_copy.platform_id : 0xffffffffu;
  cpu = pm_minidump_get_cpu (md);

  out->thread_id = ex.thread_id;
  out->code = ex.exception_record.exception_code;
  out->flags = ex.exception_record.exception_flags;
  out->address = ex.exception_record.exception_address;
  out->crash_address = out->address;

  switch (platform)
    {
    case PM_MD_OS_WIN32S:
    case PM_MD_OS_WIN32_WINDOWS:
    case PM_MD_OS_WIN32_NT:
    case PM_MD_OS_WIN32_CE:
      out->code_name = windows_exception_name (out->code);
      if ((out->code == 0xc0000005u || out->code == 0xc0000006u)
          && ex.exception_record.number_parameters >= 2)
        {
          uint64_t kind = ex.exception_record.exception_information[0];

          if (out->code == 0xc0000005u)
            out->code_name = kind == 0 ? "EXCEPTION_ACCESS_VIOLATION_READ"
                             : kind == 1 ? "EXCEPTION_ACCESS_VIOLATION_WRITE"
                             : kind == 8 ? "EXCEPTION_ACCESS_VIOLATION_EXEC"
                             : "EXCEPTION_ACCESS_VIOLATION";
          out->crash_address = ex.exception_record.exception_information[1];
        }
      break;
    case PM_MD_OS_MAC_OS_X:
    case PM_MD_OS_IOS:
      out->code_name = mach_exception_name (out->code);
      out->detail_name = mach_code_name (out->code, out->flags);
      break;
    case PM_MD_OS_LINUX:
    case PM_MD_OS_ANDROID:
    case PM_MD_OS_SOLARIS:
    case PM_MD_OS_UNIX:
    case PM_MD_OS_NACL:
    case PM_MD_OS_FUCHSIA:
    case PM_MD_OS_PS3:
      out->code_name = linux_signal_name (out->code);
      out->detail_name = linux_si_code_name (out->code, (int32_t) out->flags);
      break;
    default:
      /* No SystemInfo: an NTSTATUS-looking code is Windows, a small one a signal. */
      if (out->code >= 0x40000000u && out->code != PM_MD_EXCEPTION_CODE_DUMP_REQUESTED)
        out->code_name = windows_exception_name (out->code);
      else
        out->code_name = linux_signal_name (out->code);
      break;
    }
  /* A 32-bit CPU cannot fault above 4 GiB: writers leave garbage up there. */
  if (cpu == PM_MD_CPU_X86 || cpu == PM_MD_CPU_ARM)
    out->crash_address &= 0xffffffffu;
  return PM_MD_OK;
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */
/* ------------------------------------------------------------------------ */

size_t
pm_minidump_get_n_threads (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->threads.count : 0;
}

PmMdStatus
pm_minidump_get_thread (PmMinidump *md, size_t index, PmMdThreadRecord *out)
{
  PmMdThreadEx t;

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (index >= md->threads.count)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no thread %zu (the dump has %llu)",
                       index, (unsigned long long) md->threads.count);
  memset (&t, 0, sizeof t);
  read_bytes (md, md->threads.rva + (uint64_t) index * md->threads.entry_size, &t, md->threads.entry_size);
  memset (out, 0, sizeof *out);
  out->thread_id = t.thread_id;
  out->suspend_count = t.suspend_count;
  out->priority_class = t.priority_class;
  out->priority = t.priority;
  out->teb = t.teb;
  out->stack_start = t.stack.start_of_memory_range;
  out->stack_size = t.stack.memory.data_size;
  out->stack_memory = t.stack.memory;
  out->context = t.thread_context;
  return PM_MD_OK;
}

struct PmMdNameIndex
{
  uint32_t thread_id;
  uint32_t order;          /* position in the stream: the first name of a thread wins */
  uint64_t rva;
};

static int
name_index_compare (const void *a, const void *b)
{
  const struct PmMdNameIndex *x = a, *y = b;

  if (x->thread_id != y->thread_id)
    return x->thread_id < y->thread_id ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
build_name_index (PmMinidump *md)
{
  uint64_t n = md->thread_name_list.count;

  if (md->name_index != NULL || md->name_index_failed || n == 0)
    return;
  md->name_index = malloc ((size_t) n * sizeof *md->name_index);
  if (md->name_index == NULL)
    {
      md->name_index_failed = true;   /* fall back to a linear scan */
      return;
    }
  for (uint64_t i = 0; i < n; i++)
    {
      PmMdThreadName t;

      read_bytes (md, md->thread_name_list.rva + i * sizeof t, &t, sizeof t);
      md->name_index[i].thread_id = t.thread_id;
      md->name_index[i].order = (uint32_t) i;
      md->name_index[i].rva = t.rva_of_thread_name;
    }
  qsort (md->name_index, (size_t) n, sizeof *md->name_index, name_index_compare);
}

PmMdStatus
pm_minidump_get_thread_name (PmMinidump *md, uint32_t thread_id, char *buf, size_t buf_size)
{
  if (buf != NULL && buf_size > 0)
    buf[0] = '\0';
  if (md == NULL || buf == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  build_name_index (md);
  if (md->name_index != NULL)
    {
      size_t lo = 0, hi = (size_t) md->thread_name_list.count;

      /* The first entry with this id (lower bound). */
      while (lo < hi)
        {
          size_t mid = lo + (hi - lo) / 2;
          if (md->name_index[mid].thread_id < thread_id)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < md->thread_name_list.count && md->name_index[lo].thread_id == thread_id)
        return pm_minidump_read_string (md, md->name_index[lo].rva, buf, buf_size, NULL);
    }
  else
    for (uint64_t i = 0; i < md->thread_name_list.count; i++)
      {
        PmMdThreadName n;

        read_bytes (md, md->thread_name_list.rva + i * sizeof n, &n, sizeof n);
        if (n.thread_id == thread_id)
          return pm_minidump_read_string (md, n.rva_of_thread_name, buf, buf_size, NULL);
      }
  return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "thread 0x%x has no name", thread_id);
}

size_t
pm_minidump_get_n_thread_infos (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->thread_infos.count : 0;
}

static PmMdStatus
read_list_entry (PmMinidump *md, const PmMdList *list, const char *what, size_t index,
                 void *out, size_t out_size)
{
  size_t n;

  if (index >= list->count)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no %s %zu (the dump has %llu)",
                       what, index, (unsigned long long) list->count);
  n = list->entry_size < out_size ? list->entry_size : out_size;
  memset (out, 0, out_size);
  read_bytes (md, list->rva + (uint64_t) index * list->entry_size, out, n);
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_get_thread_info (PmMinidump *md, size_t index, PmMdThreadInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_list_entry (md, &md->thread_infos, "thread info", index, out, sizeof *out);
}

/* ------------------------------------------------------------------------ */
/* Contexts                                                                 */
/* ------------------------------------------------------------------------ */

static PmMdCpu
guess_cpu_from_context (const uint8_t *p, uint32_t size)
{
  uint32_t f0 = 0, f48 = 0;

  if (size >= 4)
    memcpy (&f0, p, 4);
  if (size >= 52)
    memcpy (&f48, p + 48, 4);
  if (size >= 256 && (f48 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_AMD64)
    return PM_MD_CPU_AMD64;
  switch (f0 & PM_MD_CONTEXT_CPU_MASK)
    {
    case PM_MD_CONTEXT_X86: return PM_MD_CPU_X86;
    case PM_MD_CONTEXT_ARM: return PM_MD_CPU_ARM;
    case PM_MD_CONTEXT_ARM64: return PM_MD_CPU_ARM64;
    case PM_MD_CONTEXT_ARM64_OLD: return PM_MD_CPU_ARM64;
    default: break;
    }
  /* Flags zero: the sizes are distinct. */
  switch (size)
    {
    case sizeof (PmMdContextX86): return PM_MD_CPU_X86;
    case sizeof (PmMdContextAmd64): return PM_MD_CPU_AMD64;
    case sizeof (PmMdContextArm): return PM_MD_CPU_ARM;
    case sizeof (PmMdContextArm64): return PM_MD_CPU_ARM64;
    case sizeof (PmMdContextArm64Old): return PM_MD_CPU_ARM64;
    default: return PM_MD_CPU_UNKNOWN;
    }
}

/* Does the context look like the CPU's? (its flags name that CPU) */
static bool
context_matches_cpu (const uint8_t *p, uint32_t size, PmMdCpu cpu)
{
  uint32_t f0 = 0, f48 = 0;

  if (size >= 4)
    memcpy (&f0, p, 4);
  if (size >= 52)
    memcpy (&f48, p + 48, 4);
  switch (cpu)
    {
    case PM_MD_CPU_X86: return (f0 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_X86;
    case PM_MD_CPU_AMD64: return (f48 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_AMD64;
    case PM_MD_CPU_ARM: return (f0 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_ARM;
    case PM_MD_CPU_ARM64:
      return (f0 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_ARM64
             || (f0 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_ARM64_OLD;
    case PM_MD_CPU_UNKNOWN:
    default: return false;
    }
}

PmMdStatus
pm_minidump_read_context (PmMinidump *md, PmMdLocation loc, PmMdContext *out)
{
  const uint8_t *p;
  PmMdCpu cpu;
  uint32_t need;
  const char *cpu_name = "?";

  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  memset (out, 0, sizeof *out);
  if (loc.data_size == 0)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no CPU context (size 0 at 0x%x)", loc.rva);
  p = file_ptr (md, loc.rva, loc.data_size);
  if (p == NULL)
    return pm_md_fail (md, PM_MD_ERROR_TRUNCATED,
                       "CPU context at 0x%x of %u bytes extends beyond the end of the file",
                       loc.rva, loc.data_size);

  cpu = pm_minidump_get_cpu (md);
  /* A 32-bit process on a 64-bit system, or a missing SystemInfo: believe
   * the context's own flags when they name another CPU. */
  if (cpu == PM_MD_CPU_UNKNOWN || !context_matches_cpu (p, loc.data_size, cpu))
    {
      PmMdCpu guess = guess_cpu_from_context (p, loc.data_size);
      if (guess != PM_MD_CPU_UNKNOWN && (cpu == PM_MD_CPU_UNKNOWN || context_matches_cpu (p, loc.data_size, guess)))
        cpu = guess;
    }
  out->cpu = cpu;
  out->size = loc.data_size;

  switch (cpu)
    {
    case PM_MD_CPU_X86:
      {
        PmMdContextX86 *c = &out->regs.x86;
        cpu_name = "x86";
        if (loc.data_size < 4)
          need = 4;
        else
          {
            memcpy (&out->flags, p, 4);
            need = (out->flags & PM_MD_CONTEXT_X86_EXTENDED_REGISTERS) == PM_MD_CONTEXT_X86_EXTENDED_REGISTERS
                   ? sizeof *c : offsetof (PmMdContextX86, extended_registers);
          }
        if (loc.data_size < need)
          break;
        memcpy (c, p, loc.data_size < sizeof *c ? loc.data_size : sizeof *c);
        out->pc = c->eip, out->sp = c->esp, out->fp = c->ebp;
        return PM_MD_OK;
      }
    case PM_MD_CPU_AMD64:
      {
        PmMdContextAmd64 *c = &out->regs.amd64;
        cpu_name = "amd64";
        if (loc.data_size < 52)
          need = 52;
        else
          {
            memcpy (&out->flags, p + 48, 4);
            /* Floating point and debug registers sit after rip: a context
             * that claims them must be whole (Windows and Breakpad write 1232). */
            need = (out->flags & (PM_MD_CONTEXT_AMD64_FLOATING_POINT | PM_MD_CONTEXT_AMD64_DEBUG_REGISTERS) & 0xff)
                   ? sizeof *c : offsetof (PmMdContextAmd64, flt_save);
          }
        if (loc.data_size < need)
          break;
        memcpy (c, p, loc.data_size < sizeof *c ? loc.data_size : sizeof *c);
        out->pc = c->rip, out->sp = c->rsp, out->fp = c->rbp;
        return PM_MD_OK;
      }
    case PM_MD_CPU_ARM:
      {
        PmMdContextArm *c = &out->regs.arm;
        cpu_name = "arm";
        if (loc.data_size < 4)
          need = 4;
        else
          {
            memcpy (&out->flags, p, 4);
            need = (out->flags & PM_MD_CONTEXT_ARM_FLOATING_POINT & 0xff)
                   ? sizeof *c : offsetof (PmMdContextArm, float_save);
          }
        if (loc.data_size < need)
          break;
        memcpy (c, p, loc.data_size < sizeof *c ? loc.data_size : sizeof *c);
        out->pc = c->iregs[PM_MD_CONTEXT_ARM_REG_PC];
        out->sp = c->iregs[PM_MD_CONTEXT_ARM_REG_SP];
        out->fp = (md->have_system_info && md->system_info_copy.platform_id == PM_MD_OS_IOS)
                  ? c->iregs[PM_MD_CONTEXT_ARM_REG_IOS_FP] : c->iregs[PM_MD_CONTEXT_ARM_REG_FP];
        return PM_MD_OK;
      }
    case PM_MD_CPU_ARM64:
      {
        uint32_t f0 = 0;

        if (loc.data_size >= 4)
          memcpy (&f0, p, 4);
        if ((f0 & PM_MD_CONTEXT_CPU_MASK) == PM_MD_CONTEXT_ARM64_OLD
            || ((f0 & PM_MD_CONTEXT_CPU_MASK) == 0 && loc.data_size == sizeof (PmMdContextArm64Old)))
          {
            PmMdContextArm64Old old;
            PmMdContextArm64 *c = &out->regs.arm64;

            cpu_name = "arm64 (old Breakpad layout)";
            out->flags = f0;
            out->arm64_old_layout = true;
            need = (f0 & PM_MD_CONTEXT_ARM64_OLD_FLOATING_POINT & 0xff)
                   ? sizeof old : offsetof (PmMdContextArm64Old, fpsr);
            if (loc.data_size < need)
              break;
            memset (&old, 0, sizeof old);
            memcpy (&old, p, loc.data_size < sizeof old ? loc.data_size : sizeof old);
            /* Convert to the current layout; keep the low flag bits. */
            c->context_flags = PM_MD_CONTEXT_ARM64 | (f0 & 0xff);
            c->cpsr = old.cpsr;
            memcpy (c->x, old.iregs, sizeof c->x);
            c->sp = old.iregs[31];
            c->pc = old.pc;
            memcpy (c->v, old.regs, sizeof c->v);
            c->fpcr = old.fpcr;
            c->fpsr = old.fpsr;
          }
        else
          {
            PmMdContextArm64 *c = &out->regs.arm64;

            cpu_name = "arm64";
            out->flags = f0;
            need = (f0 & PM_MD_CONTEXT_ARM64_DEBUG & 0xff) ? sizeof *c
                   : (f0 & PM_MD_CONTEXT_ARM64_FLOATING_POINT & 0xff) ? offsetof (PmMdContextArm64, bcr)
                   : offsetof (PmMdContextArm64, v);
            if (loc.data_size < need)
              break;
            memcpy (c, p, loc.data_size < sizeof *c ? loc.data_size : sizeof *c);
          }
        out->pc = out->regs.arm64.pc;
        out->sp = out->regs.arm64.sp;
        out->fp = out->regs.arm64.x[29];
        return PM_MD_OK;
      }
    case PM_MD_CPU_UNKNOWN:
    default:
      {
        uint32_t f0 = 0;
        if (loc.data_size >= 4)
          memcpy (&f0, p, 4);
        return pm_md_fail (md, PM_MD_ERROR_BAD_CONTEXT,
                           "CPU context at 0x%x (%u bytes, flags 0x%08x) is for no CPU this reader knows",
                           loc.rva, loc.data_size, f0);
      }
    }
  {
    uint32_t flags = out->flags;

    memset (out, 0, sizeof *out);   /* nothing half-read is handed out */
    return pm_md_fail (md, PM_MD_ERROR_BAD_CONTEXT,
                       "%s CPU context at 0x%x is %u bytes, too small for its flags 0x%08x (needs %u)",
                       cpu_name, loc.rva, loc.data_size, flags, need);
  }
}

PmMdStatus
pm_minidump_read_thread_context (PmMinidump *md, const PmMdThreadRecord *thread,
                                 PmMdContext *out, bool *from_exception)
{
  PmMdExceptionStream ex;

  if (from_exception != NULL)
    *from_exception = false;
  if (md == NULL || thread == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (pm_minidump_get_exception (md, &ex) == PM_MD_OK && ex.thread_id == thread->thread_id
      && pm_minidump_read_context (md, ex.thread_context, out) == PM_MD_OK)
    {
      if (from_exception != NULL)
        *from_exception = true;
      return PM_MD_OK;
    }
  return pm_minidump_read_context (md, thread->context, out);
}

/* ------------------------------------------------------------------------ */
/* Modules                                                                  */
/* ------------------------------------------------------------------------ */

size_t
pm_minidump_get_n_modules (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->modules.count : 0;
}

PmMdStatus
pm_minidump_get_module (PmMinidump *md, size_t index, PmMdModule *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_list_entry (md, &md->modules, "module", index, out, sizeof *out);
}

PmMdStatus
pm_minidump_find_module (PmMinidump *md, uint64_t address, size_t *index)
{
  if (md == NULL || index == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  for (uint64_t i = 0; i < md->modules.count; i++)
    {
      PmMdModule m;

      read_bytes (md, md->modules.rva + i * sizeof m, &m, sizeof m);
      if (address >= m.base_of_image && address - m.base_of_image < m.size_of_image)
        {
          *index = (size_t) i;
          return PM_MD_OK;
        }
    }
  return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no module contains 0x%llx",
                     (unsigned long long) address);
}

static void
format_guid_age (char *buf, size_t size, const uint8_t g[16], uint32_t age)
{
  PmMdGuid guid;

  memcpy (&guid, g, sizeof guid);
  snprintf (buf, size, "%08X%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X%X",
            guid.data1, guid.data2, guid.data3,
            guid.data4[0], guid.data4[1], guid.data4[2], guid.data4[3],
            guid.data4[4], guid.data4[5], guid.data4[6], guid.data4[7], age);
}

static void
copy_c_name (char *dst, size_t dst_size, const uint8_t *src, size_t src_len)
{
  size_t n = 0;

  while (n < src_len && src[n] != '\0' && n + 1 < dst_size)
    n++;
  memcpy (dst, src, n);
  dst[n] = '\0';
}

static const char *
path_basename (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *backslash = strrchr (path, '\\');

  if (backslash != NULL && (slash == NULL || backslash > slash))
    slash = backslash;
  return slash != NULL ? slash + 1 : path;
}

PmMdStatus
pm_minidump_get_module_ids (PmMinidump *md, const PmMdModule *module, PmMdModuleIds *out)
{
  const uint8_t *cv;
  uint32_t sig;
  uint32_t platform;

  if (md == NULL || module == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  memset (out, 0, sizeof *out);
  platform = md->have_system_info ? md->system_info_copy.platform_id : 0xffffffffu;

  /* Windows code ids are the PE timestamp and image size. */
  if (platform == PM_MD_OS_WIN32_NT || platform == PM_MD_OS_WIN32_WINDOWS || platform == PM_MD_OS_WIN32_CE)
    snprintf (out->code_id, sizeof out->code_id, "%08X%x",
              module->time_date_stamp, module->size_of_image);

  if (module->cv_record.data_size == 0)
    return PM_MD_OK;
  cv = file_ptr (md, module->cv_record.rva, module->cv_record.data_size);
  if (cv == NULL)
    return pm_md_fail (md, PM_MD_ERROR_TRUNCATED,
                       "module at 0x%llx: CodeView record at 0x%x of %u bytes extends beyond the end of the file",
                       (unsigned long long) module->base_of_image, module->cv_record.rva,
                       module->cv_record.data_size);
  if (module->cv_record.data_size < 4)
    return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                       "module at 0x%llx: CodeView record of %u bytes has no signature",
                       (unsigned long long) module->base_of_image, module->cv_record.data_size);
  memcpy (&sig, cv, 4);
  out->cv_signature = sig;

  if (sig == PM_MD_CV_SIGNATURE_PDB70)
    {
      PmMdCvInfoPdb70 r;

      if (module->cv_record.data_size < sizeof r)
        return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                           "module at 0x%llx: PDB70 CodeView record of %u bytes is shorter than 24",
                           (unsigned long long) module->base_of_image, module->cv_record.data_size);
      memcpy (&r, cv, sizeof r);
      format_guid_age (out->debug_id, sizeof out->debug_id, (const uint8_t *) &r.signature, r.age);
      copy_c_name (out->debug_file, sizeof out->debug_file, cv + sizeof r,
                   module->cv_record.data_size - sizeof r);
    }
  else if (sig == PM_MD_CV_SIGNATURE_PDB20)
    {
      PmMdCvInfoPdb20 r;

      if (module->cv_record.data_size < sizeof r)
        return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                           "module at 0x%llx: PDB20 CodeView record of %u bytes is shorter than 16",
                           (unsigned long long) module->base_of_image, module->cv_record.data_size);
      memcpy (&r, cv, sizeof r);
      snprintf (out->debug_id, sizeof out->debug_id, "%08X%X", r.signature, r.age);
      copy_c_name (out->debug_file, sizeof out->debug_file, cv + sizeof r,
                   module->cv_record.data_size - sizeof r);
    }
  else if (sig == PM_MD_CV_SIGNATURE_ELF)
    {
      const uint8_t *id = cv + 4;
      size_t len = module->cv_record.data_size - 4;
      uint8_t g[16] = { 0 };
      size_t hex_len = 0;
      char name[1024];

      out->build_id_len = len;
      memcpy (out->build_id, id, len < sizeof out->build_id ? len : sizeof out->build_id);
      /* Breakpad's debug id: the first 16 bytes as a GUID (little-endian
       * fields), age 0; the code id is the whole build-id in hex. */
      memcpy (g, id, len < 16 ? len : 16);
      format_guid_age (out->debug_id, sizeof out->debug_id, g, 0);
      for (size_t i = 0; i < len && hex_len + 2 < sizeof out->code_id; i++)
        hex_len += (size_t) snprintf (out->code_id + hex_len, sizeof out->code_id - hex_len,
                                      "%02x", id[i]);
      if (pm_minidump_read_string (md, module->module_name_rva, name, sizeof name, NULL) == PM_MD_OK)
        {
          const char *base = path_basename (name);
          copy_c_name (out->debug_file, sizeof out->debug_file, (const uint8_t *) base, strlen (base));
        }
    }
  /* Other signatures (e.g. "NB09", Mach-O records) are kept in cv_signature only. */
  return PM_MD_OK;
}

size_t
pm_minidump_get_n_unloaded_modules (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->unloaded_modules.count : 0;
}

PmMdStatus
pm_minidump_get_unloaded_module (PmMinidump *md, size_t index, PmMdUnloadedModule *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_list_entry (md, &md->unloaded_modules, "unloaded module", index, out, sizeof *out);
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */
/* ------------------------------------------------------------------------ */

size_t
pm_minidump_get_n_memory_ranges (const PmMinidump *md)
{
  if (md == NULL)
    return 0;
  return (size_t) (md->memory.count + md->memory64_usable);
}

/* Fills out with range index (MemoryList entries first); returns false for
 * an entry that cannot be read (zero size, wraps, beyond the file). */
static bool
memory_range_at (PmMinidump *md, uint64_t index, PmMdMemoryRange *out)
{
  memset (out, 0, sizeof *out);
  if (index < md->memory.count)
    {
      PmMdMemoryDescriptor d;

      read_bytes (md, md->memory.rva + index * sizeof d, &d, sizeof d);
      out->start = d.start_of_memory_range;
      out->rva = d.memory.rva;
      out->size = d.memory.data_size;
    }
  else
    {
      PmMdMemoryDescriptor64 d;
      uint64_t i = index - md->memory.count, rva;

      if (i >= md->memory64_usable)
        return false;
      /* Walk from the cursor (sequential iteration costs O(1) per step). */
      if (i < md->m64_cursor_index)
        {
          md->m64_cursor_index = 0;
          md->m64_cursor_rva = md->memory64_base_rva;
        }
      rva = md->m64_cursor_rva;
      for (uint64_t j = md->m64_cursor_index; j < i; j++)
        {
          read_bytes (md, md->memory64.rva + j * sizeof d, &d, sizeof d);
          rva += d.data_size;   /* overflow excluded at open (usable count) */
        }
      md->m64_cursor_index = i;
      md->m64_cursor_rva = rva;
      read_bytes (md, md->memory64.rva + i * sizeof d, &d, sizeof d);
      out->start = d.start_of_memory_range;
      out->rva = rva;
      out->size = d.data_size;
      out->from_memory64 = true;
    }
  if (out->size == 0 || out->start + out->size - 1 < out->start || out->rva >= md->size)
    return false;
  if (out->size > md->size - out->rva)
    out->size = md->size - out->rva;   /* cut short by the end of the file */
  return true;
}

PmMdStatus
pm_minidump_get_memory_range (PmMinidump *md, size_t index, PmMdMemoryRange *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (index >= pm_minidump_get_n_memory_ranges (md))
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no memory range %zu", index);
  if (!memory_range_at (md, index, out))
    return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                       "memory range %zu (at 0x%llx, 0x%llx bytes, file offset 0x%llx) is empty, wraps around or lies beyond the end of the file",
                       index, (unsigned long long) out->start, (unsigned long long) out->size,
                       (unsigned long long) out->rva);
  return PM_MD_OK;
}

PmMdStatus
pm_minidump_get_memory (PmMinidump *md, uint64_t address, const uint8_t **data, uint64_t *available)
{
  uint64_t n;

  if (md == NULL || data == NULL || available == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  n = pm_minidump_get_n_memory_ranges (md);
  for (uint64_t i = 0; i < n; i++)
    {
      PmMdMemoryRange r;

      if (!memory_range_at (md, i, &r))
        continue;
      if (address >= r.start && address - r.start < r.size)
        {
          *data = md->data + r.rva + (address - r.start);
          *available = r.size - (address - r.start);
          return PM_MD_OK;
        }
    }
  return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "address 0x%llx is not in the dump's memory",
                     (unsigned long long) address);
}

PmMdStatus
pm_minidump_read_memory (PmMinidump *md, uint64_t address, void *buf, size_t size, size_t *n_read)
{
  size_t done = 0;

  if (md == NULL || (buf == NULL && size > 0))
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (n_read != NULL)
    *n_read = 0;
  while (done < size)
    {
      const uint8_t *p;
      uint64_t avail, take;

      if (pm_minidump_get_memory (md, address + done, &p, &avail) != PM_MD_OK)
        break;
      take = avail < size - done ? avail : size - done;
      memcpy ((uint8_t *) buf + done, p, take);
      done += take;
      if (address + done < address)   /* wrapped past the top of the address space */
        break;
    }
  if (n_read != NULL)
    *n_read = done;
  if (done == 0 && size > 0)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "address 0x%llx is not in the dump's memory",
                       (unsigned long long) address);
  return PM_MD_OK;
}

size_t
pm_minidump_get_n_memory_infos (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->memory_infos.count : 0;
}

PmMdStatus
pm_minidump_get_memory_info (PmMinidump *md, size_t index, PmMdMemoryInfo *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_list_entry (md, &md->memory_infos, "memory info", index, out, sizeof *out);
}

/* ------------------------------------------------------------------------ */
/* Handles                                                                  */
/* ------------------------------------------------------------------------ */

size_t
pm_minidump_get_n_handles (const PmMinidump *md)
{
  return md != NULL ? (size_t) md->handles.count : 0;
}

PmMdStatus
pm_minidump_get_handle (PmMinidump *md, size_t index, PmMdHandleDescriptor2 *out)
{
  if (md == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  return read_list_entry (md, &md->handles, "handle", index, out, sizeof *out);
}

/* ------------------------------------------------------------------------ */
/* Dictionaries, string lists, annotation lists                             */
/* ------------------------------------------------------------------------ */

/* A "u32 count, then entries" structure at loc: how many entries fit. */
static uint64_t
counted_at (PmMinidump *md, PmMdLocation loc, uint32_t entry_size, uint64_t *entries_rva)
{
  uint32_t count;
  uint64_t fit;

  if (loc.data_size < 4 || !file_range (md, loc.rva, loc.data_size) || !read_u32 (md, loc.rva, &count))
    return 0;
  fit = (loc.data_size - 4) / entry_size;
  *entries_rva = (uint64_t) loc.rva + 4;
  return count < fit ? count : fit;
}

size_t
pm_minidump_dictionary_size (PmMinidump *md, PmMdLocation loc)
{
  uint64_t rva;

  if (md == NULL)
    return 0;
  return (size_t) counted_at (md, loc, sizeof (PmMdSimpleStringDictionaryEntry), &rva);
}

PmMdStatus
pm_minidump_dictionary_get (PmMinidump *md, PmMdLocation loc, size_t index,
                            const char **key, size_t *key_len,
                            const char **value, size_t *value_len)
{
  PmMdSimpleStringDictionaryEntry e;
  uint64_t rva = 0, n;
  PmMdStatus status;

  if (md == NULL || key == NULL || key_len == NULL || value == NULL || value_len == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  n = counted_at (md, loc, sizeof e, &rva);
  if (index >= n)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no entry %zu in the dictionary at 0x%x", index, loc.rva);
  read_bytes (md, rva + (uint64_t) index * sizeof e, &e, sizeof e);
  status = pm_minidump_get_utf8_string (md, e.key_rva, key, key_len);
  if (status == PM_MD_OK)
    status = pm_minidump_get_utf8_string (md, e.value_rva, value, value_len);
  return status;
}

size_t
pm_minidump_get_n_crashpad_modules (PmMinidump *md)
{
  PmMdCrashpadInfo info;
  uint64_t rva;

  if (md == NULL || !md->crashpad_info.present
      || md->crashpad_info.size < PM_MD_CRASHPAD_INFO_SIZE_1)
    return 0;
  memset (&info, 0, sizeof info);
  read_bytes (md, md->crashpad_info.rva, &info, PM_MD_CRASHPAD_INFO_SIZE_1);
  return (size_t) counted_at (md, info.module_list, sizeof (PmMdModuleCrashpadInfoLink), &rva);
}

PmMdStatus
pm_minidump_get_crashpad_module (PmMinidump *md, size_t index, uint32_t *module_index,
                                 PmMdModuleCrashpadInfo *out)
{
  PmMdCrashpadInfo info;
  PmMdModuleCrashpadInfoLink link;
  uint64_t rva = 0, n;
  const uint8_t *p;

  if (md == NULL || module_index == NULL || out == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  if (pm_minidump_get_crashpad_info (md, &info) != PM_MD_OK)
    return PM_MD_ERROR_NOT_FOUND;
  n = counted_at (md, info.module_list, sizeof link, &rva);
  if (index >= n)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no Crashpad module info %zu", index);
  read_bytes (md, rva + (uint64_t) index * sizeof link, &link, sizeof link);
  *module_index = link.minidump_module_list_index;
  memset (out, 0, sizeof *out);
  if (link.location.data_size < PM_MD_MODULE_CRASHPAD_INFO_SIZE_1)
    return pm_md_fail (md, PM_MD_ERROR_BAD_SIZE,
                       "Crashpad module info %zu at 0x%x is %u bytes (at least 20 expected)",
                       index, link.location.rva, link.location.data_size);
  p = file_ptr (md, link.location.rva, link.location.data_size);
  if (p == NULL)
    return pm_md_fail (md, PM_MD_ERROR_TRUNCATED,
                       "Crashpad module info %zu at 0x%x extends beyond the end of the file",
                       index, link.location.rva);
  memcpy (out, p, link.location.data_size < sizeof *out ? link.location.data_size : sizeof *out);
  return PM_MD_OK;
}

size_t
pm_minidump_string_list_size (PmMinidump *md, PmMdLocation loc)
{
  uint64_t rva;

  if (md == NULL)
    return 0;
  return (size_t) counted_at (md, loc, 4, &rva);
}

PmMdStatus
pm_minidump_string_list_get (PmMinidump *md, PmMdLocation loc, size_t index,
                             const char **str, size_t *len)
{
  uint64_t rva = 0, n;
  uint32_t srva;

  if (md == NULL || str == NULL || len == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  n = counted_at (md, loc, 4, &rva);
  if (index >= n)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no entry %zu in the string list at 0x%x", index, loc.rva);
  read_u32 (md, rva + (uint64_t) index * 4, &srva);
  return pm_minidump_get_utf8_string (md, srva, str, len);
}

size_t
pm_minidump_annotation_list_size (PmMinidump *md, PmMdLocation loc)
{
  uint64_t rva;

  if (md == NULL)
    return 0;
  return (size_t) counted_at (md, loc, sizeof (PmMdAnnotation), &rva);
}

PmMdStatus
pm_minidump_annotation_list_get (PmMinidump *md, PmMdLocation loc, size_t index,
                                 const char **name, size_t *name_len, uint16_t *type,
                                 const uint8_t **value, size_t *value_len)
{
  PmMdAnnotation a;
  uint64_t rva = 0, n;
  PmMdStatus status;
  const char *v;

  if (md == NULL || name == NULL || name_len == NULL || type == NULL || value == NULL || value_len == NULL)
    return PM_MD_ERROR_INVALID_ARGUMENT;
  n = counted_at (md, loc, sizeof a, &rva);
  if (index >= n)
    return pm_md_fail (md, PM_MD_ERROR_NOT_FOUND, "no entry %zu in the annotation list at 0x%x", index, loc.rva);
  read_bytes (md, rva + (uint64_t) index * sizeof a, &a, sizeof a);
  *type = a.type;
  status = pm_minidump_get_utf8_string (md, a.name_rva, name, name_len);
  if (status != PM_MD_OK)
    return status;
  /* The value is a MinidumpByteArray: the same u32 length + bytes shape. */
  status = pm_minidump_get_utf8_string (md, a.value_rva, &v, value_len);
  *value = (const uint8_t *) v;
  return status;
}
