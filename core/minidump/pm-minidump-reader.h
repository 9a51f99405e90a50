/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-reader.h — a bounds-checked, lazy reader of minidump files.
 *
 * Runs in: any ordinary process (postmortemctl, the application, tests,
 * fuzzers). libc only: no GLib. Memory: the reader object (one fixed-size
 * malloc) and, on the first thread-name lookup, an index of the ThreadNames
 * entries sorted by thread id (16 bytes per 12-byte entry that actually fits
 * in the stream, so bounded by the file's own size, never by a count it
 * merely claims). Nothing else is allocated; memory ranges are never copied.
 *
 * The file is mapped read-only. pm_minidump_open() checks the header and
 * the stream directory and locates every known stream, checking each list's
 * count against its size; nothing else is read until asked for. Every
 * accessor checks offsets, counts and lengths against the mapping before it
 * touches a byte, and copies fixed-size records out of the mapping into the
 * caller's struct (the on-disk structs of pm-minidump-format.h), so callers
 * never see a pointer into the file except where an API says so (raw stream
 * bytes, memory ranges, UTF-8 annotation strings: all with a length).
 *
 * Hostile input policy (every file is untrusted):
 *  - Refused at open (pm_minidump_open* returns NULL with a PmMdError): a
 *    file smaller than the header, a wrong signature, a wrong version, a
 *    stream directory outside the file, and two streams of the same known
 *    type (Breakpad and LLDB refuse these too; which one is meant is
 *    unknowable). Unused (type 0) entries may repeat; unknown types may too.
 *  - Partial reads, each recorded as a warning (pm_minidump_get_warning):
 *    a stream that extends beyond the end of the file is listed but marked
 *    unreadable (its accessors return PM_MD_ERROR_TRUNCATED); a list whose
 *    count does not fit its stream keeps the entries that fit; overlapping
 *    streams are read as they are; memory descriptors that point outside
 *    the file, wrap around the address space or have size zero are skipped.
 *  - Overlapping memory ranges: a read is served by the first range, in
 *    file order (MemoryList before Memory64List), that contains the address.
 *  - Unknown stream types and enum values are listed, never rejected.
 *
 * Errors: functions return a PmMdStatus (PM_MD_OK is 0). The message of the
 * last failure, naming the stream and file offset, is at
 * pm_minidump_get_error_message(); pm_md_status_to_string() names the class.
 * A PmMinidump may be used from one thread at a time.
 *
 * A file that shrinks or is rewritten while it is mapped (another program truncating it, a
 * dump still being written) would raise SIGBUS on the next access. A process-wide SIGBUS
 * handler (pm-minidump-guard.h, installed at the first open, chained to any earlier one)
 * replaces such a mapping with zeros instead, and the reader is then "damaged": every
 * accessor fails, pm_minidump_is_damaged() says so and pm_minidump_get_error_message()
 * says that the file changed while it was read. Callers check it after reading.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm-minidump-format.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  PM_MD_OK = 0,
  PM_MD_ERROR_IO,               /* open/fstat/mmap failed (errno text in the message) */
  PM_MD_ERROR_NOT_MINIDUMP,     /* no "MDMP" signature */
  PM_MD_ERROR_VERSION,          /* header version's low word is not 0xA793 */
  PM_MD_ERROR_TRUNCATED,        /* something extends beyond the end of the file */
  PM_MD_ERROR_OVERFLOW,         /* an offset or count * size overflows */
  PM_MD_ERROR_DUPLICATE_STREAM, /* two streams of one known type */
  PM_MD_ERROR_BAD_SIZE,         /* a stream or record size that does not fit its contents */
  PM_MD_ERROR_BAD_STRING,       /* odd UTF-16 length, missing terminator, string beyond EOF */
  PM_MD_ERROR_BAD_CONTEXT,      /* unknown CPU, or context too small for its flags */
  PM_MD_ERROR_NOT_FOUND,        /* no such stream, index, or memory at that address */
  PM_MD_ERROR_INVALID_ARGUMENT, /* the caller passed NULL or a bad size */
  PM_MD_ERROR_NO_MEMORY,
  PM_MD_ERROR_CHANGED,          /* the file shrank or changed while it was read */
} PmMdStatus;

typedef struct
{
  PmMdStatus status;
  uint64_t   offset;          /* file offset involved, when meaningful */
  char       message[256];    /* "stream directory at 0x20 (12 × 4 bytes) extends beyond the end of the file (100 bytes)" */
} PmMdError;

typedef struct PmMinidump PmMinidump;

const char *pm_md_status_to_string  (PmMdStatus status);
/* Sets *error (when not NULL): status, offset and the formatted message (cut
 * to fit). For code that reports its errors as the reader does (the walker,
 * symbol files). */
void        pm_md_set_error         (PmMdError *error, PmMdStatus status, uint64_t offset,
                                     const char *format, ...) __attribute__ ((format (printf, 4, 5)));
/* True once the mapped file shrank or changed while it was read: everything read since may
 * be zeros, every accessor now fails. Check it before trusting what was read. */
bool        pm_minidump_is_damaged  (const PmMinidump *md);
/* "ThreadList", "LinuxMaps", "CrashpadInfo"...; NULL for an unknown type. */
const char *pm_md_stream_type_name  (uint32_t stream_type);

/* ---- opening ----------------------------------------------------------- */

PmMinidump *pm_minidump_open         (const char *path, PmMdError *error);
/* The fd is not closed or kept (the mapping stays valid after close(fd)). */
PmMinidump *pm_minidump_open_fd      (int fd, PmMdError *error);
/* Reads from a caller-owned buffer that must outlive the reader (fuzzing, tests). */
PmMinidump *pm_minidump_open_memory  (const void *data, size_t size, PmMdError *error);
void        pm_minidump_close        (PmMinidump *md);

const char *pm_minidump_get_error_message (const PmMinidump *md);
uint64_t    pm_minidump_get_file_size     (const PmMinidump *md);
void        pm_minidump_get_header        (const PmMinidump *md, PmMdHeader *out);

/* Problems found while opening (partial reads), in file order. At most
 * PM_MD_MAX_WARNINGS are kept; get_n_warnings counts all of them. */
#define PM_MD_MAX_WARNINGS 32
size_t      pm_minidump_get_n_warnings    (const PmMinidump *md);
const char *pm_minidump_get_warning       (const PmMinidump *md, size_t index);

/* ---- the stream directory --------------------------------------------- */

typedef enum
{
  PM_MD_STREAM_OK = 0,
  PM_MD_STREAM_BEYOND_EOF,     /* data_size/rva point outside the file: not readable */
} PmMdStreamState;

typedef struct
{
  uint32_t        type;
  const char     *name;        /* pm_md_stream_type_name(), or NULL when unknown */
  uint32_t        rva;
  uint32_t        size;
  PmMdStreamState state;
} PmMdStreamInfo;

size_t     pm_minidump_get_n_streams   (const PmMinidump *md);
PmMdStatus pm_minidump_get_stream_info (PmMinidump *md, size_t index, PmMdStreamInfo *out);
bool       pm_minidump_has_stream      (const PmMinidump *md, uint32_t stream_type);
/* The raw bytes of the first readable stream of that type (a pointer into the
 * mapping, valid until pm_minidump_close). For the Linux text streams, the
 * Facebook ones, unknown types. */
PmMdStatus pm_minidump_get_stream_data (PmMinidump *md, uint32_t stream_type,
                                        const uint8_t **data, size_t *size);

/* The location of the first readable stream of that type, e.g. to read
 * Postmortem's notes stream (PM_MD_STREAM_POSTMORTEM_NOTES, a u32 count of
 * UTF-8 string RVAs) with pm_minidump_string_list_get(). */
PmMdStatus pm_minidump_find_stream     (PmMinidump *md, uint32_t stream_type, PmMdLocation *out);

/* ---- strings ------------------------------------------------------------- */

/* Converts the MINIDUMP_STRING (UTF-16LE) at rva to UTF-8 in buf, always
 * NUL-terminated; unpaired surrogates become U+FFFD. *needed (may be NULL)
 * gets the full UTF-8 length, so needed >= buf_size means truncation. */
PmMdStatus pm_minidump_read_string      (PmMinidump *md, uint64_t rva,
                                         char *buf, size_t buf_size, size_t *needed);
/* A Breakpad/Crashpad UTF-8 string (u32 length + bytes) at rva, in place:
 * *str points into the mapping and is NOT NUL-terminated; use *len. */
PmMdStatus pm_minidump_get_utf8_string  (PmMinidump *md, uint32_t rva,
                                         const char **str, size_t *len);
/* Converts a fixed UTF-16LE array (AssertionInfo, MiscInfo build strings:
 * pass the packed member itself, e.g. info.expression, with its element
 * count), stopping at the first NUL. Returns the full UTF-8 length. */
size_t     pm_md_utf16_to_utf8          (const void *src, size_t n_units,
                                         char *buf, size_t buf_size);

/* ---- system information ------------------------------------------------ */

PmMdStatus pm_minidump_get_system_info  (PmMinidump *md, PmMdSystemInfo *out);
/* "Linux", "Windows NT", "Mac OS X", "iOS", "Android"…; NULL when unknown. */
const char *pm_md_os_name               (uint32_t platform_id);
/* "x86", "amd64", "arm", "arm64", "ppc"…; NULL when unknown. */
const char *pm_md_cpu_arch_name         (uint32_t processor_architecture);
/* The OS version "10.0.17763 Service Pack 2" or "0.0.0 Linux 4.9.60 #1 SMP…"
 * (major.minor.build plus the CSD string), and a CPU description
 * ("GenuineIntel family 6 model 13 stepping 8" for x86, else the level and
 * revision). Both return PM_MD_ERROR_NOT_FOUND without a SystemInfo stream. */
PmMdStatus pm_minidump_format_os_version (PmMinidump *md, char *buf, size_t buf_size);
PmMdStatus pm_minidump_format_cpu_info   (PmMinidump *md, char *buf, size_t buf_size);

/* MiscInfo of any of the five sizes: the fields the file has are copied,
 * the rest zeroed; *size_on_disk tells which version it was. */
PmMdStatus pm_minidump_get_misc_info    (PmMinidump *md, PmMdMiscInfo *out, uint32_t *size_on_disk);

PmMdStatus pm_minidump_get_breakpad_info  (PmMinidump *md, PmMdBreakpadInfo *out);
PmMdStatus pm_minidump_get_assertion_info (PmMinidump *md, PmMdAssertionInfo *out);
PmMdStatus pm_minidump_get_postmortem_info (PmMinidump *md, PmMdPostmortemInfo *out);

/* ---- exception ------------------------------------------------------------ */

PmMdStatus pm_minidump_get_exception    (PmMinidump *md, PmMdExceptionStream *out);

typedef struct
{
  uint32_t    thread_id;
  uint32_t    code;
  uint32_t    flags;
  uint64_t    address;          /* exception_address as recorded */
  uint64_t    crash_address;    /* the faulting data address when known (Windows access
                                   violation: parameter 1), 32-bit CPUs masked; else address */
  const char *code_name;        /* "SIGSEGV", "EXCEPTION_ACCESS_VIOLATION_WRITE", "EXC_BAD_ACCESS"… or NULL */
  const char *detail_name;      /* "SEGV_MAPERR", "KERN_INVALID_ADDRESS"… or NULL */
} PmMdCrashReason;

/* Interprets the exception for the dump's platform (Linux signals, Windows
 * NTSTATUS, Mach exceptions, Crashpad's own codes). */
PmMdStatus pm_minidump_get_crash_reason (PmMinidump *md, PmMdCrashReason *out);

/* ---- threads ---------------------------------------------------------------- */

typedef struct
{
  uint32_t     thread_id;
  uint32_t     suspend_count;
  uint32_t     priority_class;
  uint32_t     priority;
  uint64_t     teb;
  uint64_t     stack_start;
  uint64_t     stack_size;      /* as recorded (stack.memory.data_size) */
  PmMdLocation stack_memory;    /* where the stack bytes are in the file */
  PmMdLocation context;
} PmMdThreadRecord;

/* From ThreadList, or ThreadExList when there is no ThreadList. */
size_t     pm_minidump_get_n_threads    (const PmMinidump *md);
PmMdStatus pm_minidump_get_thread       (PmMinidump *md, size_t index, PmMdThreadRecord *out);
/* From the ThreadNames stream; PM_MD_ERROR_NOT_FOUND when the thread has no name. */
PmMdStatus pm_minidump_get_thread_name  (PmMinidump *md, uint32_t thread_id,
                                         char *buf, size_t buf_size);
size_t     pm_minidump_get_n_thread_infos (const PmMinidump *md);
PmMdStatus pm_minidump_get_thread_info  (PmMinidump *md, size_t index, PmMdThreadInfo *out);

/* ---- CPU contexts --------------------------------------------------------- */

typedef enum
{
  PM_MD_CPU_UNKNOWN = 0,
  PM_MD_CPU_X86,
  PM_MD_CPU_AMD64,
  PM_MD_CPU_ARM,
  PM_MD_CPU_ARM64,
} PmMdCpu;

typedef struct
{
  PmMdCpu  cpu;
  bool     arm64_old_layout;    /* read from Breakpad's old ARM64 layout, converted */
  uint32_t size;                /* bytes on disk (may exceed the struct: XSAVE data) */
  uint32_t flags;               /* context_flags (the old ARM64 u64 flags, low word) */
  uint64_t pc, sp, fp;          /* instruction, stack and frame pointer */
  union
  {
    PmMdContextX86   x86;
    PmMdContextAmd64 amd64;
    PmMdContextArm   arm;
    PmMdContextArm64 arm64;     /* old layout converted to this one */
  } regs;                       /* registers the file does not have are zero */
} PmMdContext;

/* Reads the context at loc (a thread's or the exception's). The CPU comes
 * from SystemInfo, else from the context flags. */
PmMdStatus pm_minidump_read_context     (PmMinidump *md, PmMdLocation loc, PmMdContext *out);
/* The registers to show and walk for a thread: for the crashing thread (the
 * Exception stream's thread id) the context saved at the fault, as WinDbg's
 * .ecxr, minidump_stackwalk and LLDB use it (the thread list's context of that
 * thread was taken inside the crash handler, e.g. in ntdll); for other threads,
 * or when the exception's context cannot be read, the thread list's.
 * *from_exception (may be NULL) says which one was read. */
PmMdStatus pm_minidump_read_thread_context (PmMinidump *md, const PmMdThreadRecord *thread,
                                            PmMdContext *out, bool *from_exception);
PmMdCpu    pm_minidump_get_cpu          (PmMinidump *md);

/* ---- modules -------------------------------------------------------------- */

size_t     pm_minidump_get_n_modules    (const PmMinidump *md);
PmMdStatus pm_minidump_get_module       (PmMinidump *md, size_t index, PmMdModule *out);

#define PM_MD_DEBUG_ID_MAX 48
#define PM_MD_CODE_ID_MAX  136          /* a 64-byte build-id in hex, or timestamp+size */
typedef struct
{
  char     debug_id[PM_MD_DEBUG_ID_MAX];  /* Breakpad form: 32 hex GUID + hex age, or "" */
  char     code_id[PM_MD_CODE_ID_MAX];    /* ELF build-id hex / Windows TIMESTAMPsize / "" */
  char     debug_file[256];               /* PDB name, or the module's file name for ELF */
  uint32_t cv_signature;                  /* PM_MD_CV_SIGNATURE_*, 0 when absent */
  uint8_t  build_id[64];                  /* ELF build-id bytes (first 64) */
  size_t   build_id_len;                  /* full length in the file */
} PmMdModuleIds;

/* Debug and code identifiers from the module's CodeView record. A module
 * without a record gives PM_MD_OK with empty strings. */
PmMdStatus pm_minidump_get_module_ids   (PmMinidump *md, const PmMdModule *module, PmMdModuleIds *out);
/* The module containing address, or PM_MD_ERROR_NOT_FOUND. */
PmMdStatus pm_minidump_find_module      (PmMinidump *md, uint64_t address, size_t *index);

size_t     pm_minidump_get_n_unloaded_modules (const PmMinidump *md);
PmMdStatus pm_minidump_get_unloaded_module    (PmMinidump *md, size_t index, PmMdUnloadedModule *out);

/* ---- memory --------------------------------------------------------------- */

typedef struct
{
  uint64_t start;
  uint64_t size;                /* bytes present in the file */
  uint64_t rva;                 /* file offset of the first byte */
  bool     from_memory64;
} PmMdMemoryRange;

/* All usable ranges of MemoryList then Memory64List, in file order. */
size_t     pm_minidump_get_n_memory_ranges (const PmMinidump *md);
PmMdStatus pm_minidump_get_memory_range    (PmMinidump *md, size_t index, PmMdMemoryRange *out);
/* Zero-copy: a pointer into the mapping at address and how many bytes follow
 * it in the same range. */
PmMdStatus pm_minidump_get_memory       (PmMinidump *md, uint64_t address,
                                         const uint8_t **data, uint64_t *available);
/* Copies up to size bytes from address, across adjacent ranges; *n_read
 * gets how many were present (stops at the first gap). PM_MD_ERROR_NOT_FOUND
 * when not even the first byte is in the dump. */
PmMdStatus pm_minidump_read_memory      (PmMinidump *md, uint64_t address,
                                         void *buf, size_t size, size_t *n_read);

size_t     pm_minidump_get_n_memory_infos (const PmMinidump *md);
PmMdStatus pm_minidump_get_memory_info  (PmMinidump *md, size_t index, PmMdMemoryInfo *out);

/* ---- handles ---------------------------------------------------------------- */

size_t     pm_minidump_get_n_handles    (const PmMinidump *md);
/* Version-1 descriptors come back with object_info_rva = 0. */
PmMdStatus pm_minidump_get_handle       (PmMinidump *md, size_t index, PmMdHandleDescriptor2 *out);

/* ---- Crashpad annotations and other dictionaries --------------------------- */

PmMdStatus pm_minidump_get_crashpad_info (PmMinidump *md, PmMdCrashpadInfo *out);

/* A PmMdSimpleStringDictionary at loc (Crashpad's simple annotations,
 * Postmortem's metadata). Strings point into the mapping, not NUL-terminated. */
size_t     pm_minidump_dictionary_size  (PmMinidump *md, PmMdLocation loc);
PmMdStatus pm_minidump_dictionary_get   (PmMinidump *md, PmMdLocation loc, size_t index,
                                         const char **key, size_t *key_len,
                                         const char **value, size_t *value_len);

/* Per-module Crashpad info from CrashpadInfo.module_list. */
size_t     pm_minidump_get_n_crashpad_modules (PmMinidump *md);
PmMdStatus pm_minidump_get_crashpad_module    (PmMinidump *md, size_t index,
                                               uint32_t *module_index, PmMdModuleCrashpadInfo *out);
/* A MinidumpRVAList of UTF-8 strings (module list_annotations). */
size_t     pm_minidump_string_list_size (PmMinidump *md, PmMdLocation loc);
PmMdStatus pm_minidump_string_list_get  (PmMinidump *md, PmMdLocation loc, size_t index,
                                         const char **str, size_t *len);
/* A MinidumpAnnotationList (module annotation_objects). */
size_t     pm_minidump_annotation_list_size (PmMinidump *md, PmMdLocation loc);
PmMdStatus pm_minidump_annotation_list_get  (PmMinidump *md, PmMdLocation loc, size_t index,
                                             const char **name, size_t *name_len, uint16_t *type,
                                             const uint8_t **value, size_t *value_len);

#ifdef __cplusplus
}
#endif
