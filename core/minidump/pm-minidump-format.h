/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-format.h — the minidump file format: packed little-endian
 * on-disk structs and the constants that go with them.
 *
 * Runs in: anywhere. Types and constants only, no code; safe to include from
 * the crash path (postmortem-dumper's writer), the reader, tools and tests.
 *
 * This is the one place the layout is frozen. Every struct is packed (the
 * format is unaligned in places, e.g. MINIDUMP_MODULE has a u64 at offset 92)
 * and every size and field offset is checked by a _Static_assert at the end
 * of its definition, so a wrong edit fails to compile rather than writes or
 * reads garbage. Sources of the numbers: Microsoft's minidumpapiset.h
 * documentation (MINIDUMP_* structs, CONTEXT for x86/AMD64/ARM64), Breakpad's
 * minidump_format.h (0x4767xxxx streams, ARM and old ARM64 contexts, 'BpEL'
 * CodeView records), Crashpad's minidump_extensions.h (0x4350xxxx streams)
 * and rust-minidump's minidump-common format.rs; written here from those
 * specifications, not copied.
 *
 * Byte order: the format is little-endian and these structs are used in
 * place, so the host must be little-endian too (checked below). A reader
 * copies fixed-size records out of the file with memcpy() before use, so
 * packed members are never accessed through misaligned pointers.
 *
 * Naming: types PmMd<Thing>, constants PM_MD_<THING>. Field names follow the
 * Microsoft spelling in snake_case so they can be looked up in the docs.
 *
 * Structs only the writer needs (DSO_DEBUG, our notes stream) are in the
 * section at the end; everything above it is read by the reader.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pm-minidump-format.h maps the little-endian minidump format directly; a big-endian host needs byte swapping that is not written"
#endif

#define PM_MD_PACKED __attribute__ ((packed))

#define PM_MD_ASSERT_SIZE(type, size) \
  _Static_assert (sizeof (type) == (size), #type " must be " #size " bytes on disk")
#define PM_MD_ASSERT_OFFSET(type, field, offset) \
  _Static_assert (offsetof (type, field) == (offset), #type "." #field " must be at offset " #offset)

/* ------------------------------------------------------------------------ */
/* File header and stream directory                                         */
/* ------------------------------------------------------------------------ */

#define PM_MD_SIGNATURE          0x504d444du /* "MDMP" read as a little-endian u32 */
#define PM_MD_VERSION            0xa793u     /* low 16 bits of header.version */
#define PM_MD_VERSION_MASK       0xffffu     /* high 16 bits: implementation-specific */

typedef struct PM_MD_PACKED
{
  uint32_t signature;           /* PM_MD_SIGNATURE */
  uint32_t version;             /* low word PM_MD_VERSION, high word writer-specific */
  uint32_t number_of_streams;
  uint32_t stream_directory_rva;
  uint32_t checksum;            /* usually 0 */
  uint32_t time_date_stamp;     /* time_t, seconds since 1970 UTC */
  uint64_t flags;               /* MINIDUMP_TYPE flags (PM_MD_TYPE_*) */
} PmMdHeader;
PM_MD_ASSERT_SIZE (PmMdHeader, 32);
PM_MD_ASSERT_OFFSET (PmMdHeader, signature, 0);
PM_MD_ASSERT_OFFSET (PmMdHeader, version, 4);
PM_MD_ASSERT_OFFSET (PmMdHeader, number_of_streams, 8);
PM_MD_ASSERT_OFFSET (PmMdHeader, stream_directory_rva, 12);
PM_MD_ASSERT_OFFSET (PmMdHeader, checksum, 16);
PM_MD_ASSERT_OFFSET (PmMdHeader, time_date_stamp, 20);
PM_MD_ASSERT_OFFSET (PmMdHeader, flags, 24);

/* MINIDUMP_TYPE flags (header.flags): what a Windows writer was asked to include. */
#define PM_MD_TYPE_NORMAL                            0x00000000u
#define PM_MD_TYPE_WITH_DATA_SEGS                    0x00000001u
#define PM_MD_TYPE_WITH_FULL_MEMORY                  0x00000002u
#define PM_MD_TYPE_WITH_HANDLE_DATA                  0x00000004u
#define PM_MD_TYPE_FILTER_MEMORY                     0x00000008u
#define PM_MD_TYPE_SCAN_MEMORY                       0x00000010u
#define PM_MD_TYPE_WITH_UNLOADED_MODULES             0x00000020u
#define PM_MD_TYPE_WITH_INDIRECTLY_REFERENCED_MEMORY 0x00000040u
#define PM_MD_TYPE_FILTER_MODULE_PATHS               0x00000080u
#define PM_MD_TYPE_WITH_PROCESS_THREAD_DATA          0x00000100u
#define PM_MD_TYPE_WITH_PRIVATE_READ_WRITE_MEMORY    0x00000200u
#define PM_MD_TYPE_WITHOUT_OPTIONAL_DATA             0x00000400u
#define PM_MD_TYPE_WITH_FULL_MEMORY_INFO             0x00000800u
#define PM_MD_TYPE_WITH_THREAD_INFO                  0x00001000u
#define PM_MD_TYPE_WITH_CODE_SEGS                    0x00002000u
#define PM_MD_TYPE_WITHOUT_AUXILIARY_STATE           0x00004000u
#define PM_MD_TYPE_WITH_FULL_AUXILIARY_STATE         0x00008000u
#define PM_MD_TYPE_WITH_PRIVATE_WRITE_COPY_MEMORY    0x00010000u
#define PM_MD_TYPE_IGNORE_INACCESSIBLE_MEMORY        0x00020000u
#define PM_MD_TYPE_WITH_TOKEN_INFORMATION            0x00040000u
#define PM_MD_TYPE_WITH_MODULE_HEADERS               0x00080000u
#define PM_MD_TYPE_FILTER_TRIAGE                     0x00100000u
#define PM_MD_TYPE_WITH_AVX_XSTATE_CONTEXT           0x00200000u
#define PM_MD_TYPE_WITH_IPT_TRACE                    0x00400000u
#define PM_MD_TYPE_SCAN_INACCESSIBLE_PARTIAL_PAGES   0x00800000u

/* MINIDUMP_LOCATION_DESCRIPTOR: a byte range of the file (RVA = file offset). */
typedef struct PM_MD_PACKED
{
  uint32_t data_size;
  uint32_t rva;
} PmMdLocation;
PM_MD_ASSERT_SIZE (PmMdLocation, 8);
PM_MD_ASSERT_OFFSET (PmMdLocation, data_size, 0);
PM_MD_ASSERT_OFFSET (PmMdLocation, rva, 4);

/* MINIDUMP_LOCATION_DESCRIPTOR64 */
typedef struct PM_MD_PACKED
{
  uint64_t data_size;
  uint64_t rva;
} PmMdLocation64;
PM_MD_ASSERT_SIZE (PmMdLocation64, 16);
PM_MD_ASSERT_OFFSET (PmMdLocation64, data_size, 0);
PM_MD_ASSERT_OFFSET (PmMdLocation64, rva, 8);

/* MINIDUMP_DIRECTORY: one entry per stream, number_of_streams of them at
 * header.stream_directory_rva. */
typedef struct PM_MD_PACKED
{
  uint32_t     stream_type;     /* PM_MD_STREAM_* */
  PmMdLocation location;
} PmMdDirectory;
PM_MD_ASSERT_SIZE (PmMdDirectory, 12);
PM_MD_ASSERT_OFFSET (PmMdDirectory, stream_type, 0);
PM_MD_ASSERT_OFFSET (PmMdDirectory, location, 4);

/* Stream types. Microsoft's MINIDUMP_STREAM_TYPE ... */
#define PM_MD_STREAM_UNUSED                 0u
#define PM_MD_STREAM_RESERVED0              1u
#define PM_MD_STREAM_RESERVED1              2u
#define PM_MD_STREAM_THREAD_LIST            3u
#define PM_MD_STREAM_MODULE_LIST            4u
#define PM_MD_STREAM_MEMORY_LIST            5u
#define PM_MD_STREAM_EXCEPTION              6u
#define PM_MD_STREAM_SYSTEM_INFO            7u
#define PM_MD_STREAM_THREAD_EX_LIST         8u
#define PM_MD_STREAM_MEMORY64_LIST          9u
#define PM_MD_STREAM_COMMENT_A              10u
#define PM_MD_STREAM_COMMENT_W              11u
#define PM_MD_STREAM_HANDLE_DATA            12u
#define PM_MD_STREAM_FUNCTION_TABLE         13u
#define PM_MD_STREAM_UNLOADED_MODULE_LIST   14u
#define PM_MD_STREAM_MISC_INFO              15u
#define PM_MD_STREAM_MEMORY_INFO_LIST       16u
#define PM_MD_STREAM_THREAD_INFO_LIST       17u
#define PM_MD_STREAM_HANDLE_OPERATION_LIST  18u
#define PM_MD_STREAM_TOKEN                  19u
#define PM_MD_STREAM_JAVASCRIPT_DATA        20u
#define PM_MD_STREAM_SYSTEM_MEMORY_INFO     21u
#define PM_MD_STREAM_PROCESS_VM_COUNTERS    22u
#define PM_MD_STREAM_IPT_TRACE              23u
#define PM_MD_STREAM_THREAD_NAMES           24u
#define PM_MD_STREAM_CE_NULL                0x8000u
#define PM_MD_STREAM_CE_SYSTEM_INFO         0x8001u
#define PM_MD_STREAM_CE_EXCEPTION           0x8002u
#define PM_MD_STREAM_CE_MODULE_LIST         0x8003u
#define PM_MD_STREAM_CE_PROCESS_LIST        0x8004u
#define PM_MD_STREAM_CE_THREAD_LIST         0x8005u
#define PM_MD_STREAM_CE_THREAD_CONTEXT_LIST 0x8006u
#define PM_MD_STREAM_CE_THREAD_CALL_STACK_LIST 0x8007u
#define PM_MD_STREAM_CE_MEMORY_VIRTUAL_LIST 0x8008u
#define PM_MD_STREAM_CE_MEMORY_PHYSICAL_LIST 0x8009u
#define PM_MD_STREAM_CE_BUCKET_PARAMETERS   0x800au
#define PM_MD_STREAM_CE_PROCESS_MODULE_MAP  0x800bu
#define PM_MD_STREAM_CE_DIAGNOSIS_LIST      0x800cu
#define PM_MD_STREAM_LAST_RESERVED          0xffffu

/* ... Breakpad's (0x4767 = "Gg") ... */
#define PM_MD_STREAM_BREAKPAD_INFO          0x47670001u
#define PM_MD_STREAM_ASSERTION_INFO         0x47670002u
#define PM_MD_STREAM_LINUX_CPU_INFO         0x47670003u /* /proc/cpuinfo text */
#define PM_MD_STREAM_LINUX_PROC_STATUS      0x47670004u /* /proc/PID/status text */
#define PM_MD_STREAM_LINUX_LSB_RELEASE      0x47670005u /* /etc/lsb-release or os-release text */
#define PM_MD_STREAM_LINUX_CMD_LINE         0x47670006u /* /proc/PID/cmdline (NUL separated) */
#define PM_MD_STREAM_LINUX_ENVIRON          0x47670007u /* /proc/PID/environ (NUL separated) */
#define PM_MD_STREAM_LINUX_AUXV             0x47670008u /* /proc/PID/auxv (binary) */
#define PM_MD_STREAM_LINUX_MAPS             0x47670009u /* /proc/PID/maps text */
#define PM_MD_STREAM_LINUX_DSO_DEBUG        0x4767000au /* r_debug + link_map copies */
#define PM_MD_STREAM_LINUX_PROC_STAT        0x4767000bu /* LLDB/Facebook: /proc/PID/stat */
#define PM_MD_STREAM_LINUX_PROC_UPTIME      0x4767000cu /* LLDB/Facebook: /proc/uptime */
#define PM_MD_STREAM_LINUX_PROC_FD          0x4767000du /* LLDB/Facebook: fd listing */

/* ... Crashpad's (0x4350 = "CP") ... */
#define PM_MD_STREAM_CRASHPAD_INFO          0x43500001u

/* ... Mozilla's (0x4d7a = "Mz") ... */
#define PM_MD_STREAM_MOZ_MACOS_CRASH_INFO   0x4d7a0001u
#define PM_MD_STREAM_MOZ_MACOS_BOOTARGS     0x4d7a0002u
#define PM_MD_STREAM_MOZ_LINUX_LIMITS       0x4d7a0003u
#define PM_MD_STREAM_MOZ_SOFT_ERRORS        0x4d7a0004u

/* ... Facebook's (Android crash tooling; seen in LLDB's tests) ... */
#define PM_MD_STREAM_FACEBOOK_APP_CUSTOM_DATA    0xfacecafau
#define PM_MD_STREAM_FACEBOOK_BUILD_ID           0xfacecafbu
#define PM_MD_STREAM_FACEBOOK_APP_VERSION_NAME   0xfacecafcu
#define PM_MD_STREAM_FACEBOOK_JAVA_STACK         0xfacecafdu
#define PM_MD_STREAM_FACEBOOK_DALVIK_INFO        0xfacecafeu
#define PM_MD_STREAM_FACEBOOK_UNWIND_SYMBOLS     0xfacecaffu
#define PM_MD_STREAM_FACEBOOK_DUMP_ERROR_LOG     0xfacecb00u
#define PM_MD_STREAM_FACEBOOK_APP_STATE_LOG      0xfacecccc
#define PM_MD_STREAM_FACEBOOK_ABORT_REASON       0xfacedeadu
#define PM_MD_STREAM_FACEBOOK_THREAD_NAME        0xfacee000u
#define PM_MD_STREAM_FACEBOOK_LOGCAT             0xface1ca7u

/* ... and Postmortem's own (0x504d = "PM"), see PmMdPostmortemInfo below. */
#define PM_MD_STREAM_POSTMORTEM_INFO        0x504d0001u

/* ------------------------------------------------------------------------ */
/* Common pieces                                                            */
/* ------------------------------------------------------------------------ */

/* MINIDUMP_STRING: a u32 byte length (excluding the terminator) followed by
 * that many bytes of UTF-16LE and a 2-byte NUL. */
typedef struct PM_MD_PACKED
{
  uint32_t length;              /* in bytes, must be even */
  /* uint16_t buffer[length / 2 + 1]; */
} PmMdString;
PM_MD_ASSERT_SIZE (PmMdString, 4);

/* Breakpad/Crashpad MinidumpUTF8String: u32 length, bytes, then a NUL byte. */
typedef struct PM_MD_PACKED
{
  uint32_t length;              /* in bytes, excluding the NUL */
  /* char buffer[length + 1]; */
} PmMdUtf8String;
PM_MD_ASSERT_SIZE (PmMdUtf8String, 4);

/* MINIDUMP_MEMORY_DESCRIPTOR: a captured range of the process's memory. */
typedef struct PM_MD_PACKED
{
  uint64_t     start_of_memory_range;
  PmMdLocation memory;
} PmMdMemoryDescriptor;
PM_MD_ASSERT_SIZE (PmMdMemoryDescriptor, 16);
PM_MD_ASSERT_OFFSET (PmMdMemoryDescriptor, start_of_memory_range, 0);
PM_MD_ASSERT_OFFSET (PmMdMemoryDescriptor, memory, 8);

/* MINIDUMP_MEMORY_DESCRIPTOR64: in a Memory64List the data of all ranges is
 * contiguous from base_rva, in descriptor order. */
typedef struct PM_MD_PACKED
{
  uint64_t start_of_memory_range;
  uint64_t data_size;
} PmMdMemoryDescriptor64;
PM_MD_ASSERT_SIZE (PmMdMemoryDescriptor64, 16);
PM_MD_ASSERT_OFFSET (PmMdMemoryDescriptor64, start_of_memory_range, 0);
PM_MD_ASSERT_OFFSET (PmMdMemoryDescriptor64, data_size, 8);

/* A GUID as it lies on disk (CodeView PDB70 signature, Crashpad UUIDs). */
typedef struct PM_MD_PACKED
{
  uint32_t data1;
  uint16_t data2;
  uint16_t data3;
  uint8_t  data4[8];
} PmMdGuid;
PM_MD_ASSERT_SIZE (PmMdGuid, 16);
PM_MD_ASSERT_OFFSET (PmMdGuid, data1, 0);
PM_MD_ASSERT_OFFSET (PmMdGuid, data2, 4);
PM_MD_ASSERT_OFFSET (PmMdGuid, data3, 6);
PM_MD_ASSERT_OFFSET (PmMdGuid, data4, 8);

/* A 128-bit register (M128A / NEON128), low half first. */
typedef struct PM_MD_PACKED
{
  uint64_t low;
  uint64_t high;
} PmMdUint128;
PM_MD_ASSERT_SIZE (PmMdUint128, 16);
PM_MD_ASSERT_OFFSET (PmMdUint128, low, 0);
PM_MD_ASSERT_OFFSET (PmMdUint128, high, 8);

/* ------------------------------------------------------------------------ */
/* ThreadList (3), ThreadExList (8), ThreadInfoList (17), ThreadNames (24)  */
/* ------------------------------------------------------------------------ */

/* A list stream: u32 count, then the entries. Some writers (LLDB's tests,
 * older dbghelp) put 4 bytes of padding after the count so the entries are
 * 8-aligned: the stream is then exactly 8 + count * entry_size bytes. */
typedef struct PM_MD_PACKED
{
  uint32_t number_of_entries;
} PmMdListHeader;
PM_MD_ASSERT_SIZE (PmMdListHeader, 4);

/* MINIDUMP_THREAD */
typedef struct PM_MD_PACKED
{
  uint32_t             thread_id;
  uint32_t             suspend_count;
  uint32_t             priority_class;
  uint32_t             priority;
  uint64_t             teb;             /* Windows TEB; Linux writers put the TLS base here */
  PmMdMemoryDescriptor stack;
  PmMdLocation         thread_context;  /* a CPU context, see the contexts below */
} PmMdThread;
PM_MD_ASSERT_SIZE (PmMdThread, 48);
PM_MD_ASSERT_OFFSET (PmMdThread, thread_id, 0);
PM_MD_ASSERT_OFFSET (PmMdThread, suspend_count, 4);
PM_MD_ASSERT_OFFSET (PmMdThread, priority_class, 8);
PM_MD_ASSERT_OFFSET (PmMdThread, priority, 12);
PM_MD_ASSERT_OFFSET (PmMdThread, teb, 16);
PM_MD_ASSERT_OFFSET (PmMdThread, stack, 24);
PM_MD_ASSERT_OFFSET (PmMdThread, thread_context, 40);

/* MINIDUMP_THREAD_EX (ThreadExList, Itanium backing store) */
typedef struct PM_MD_PACKED
{
  uint32_t             thread_id;
  uint32_t             suspend_count;
  uint32_t             priority_class;
  uint32_t             priority;
  uint64_t             teb;
  PmMdMemoryDescriptor stack;
  PmMdLocation         thread_context;
  PmMdMemoryDescriptor backing_store;
} PmMdThreadEx;
PM_MD_ASSERT_SIZE (PmMdThreadEx, 64);
PM_MD_ASSERT_OFFSET (PmMdThreadEx, thread_id, 0);
PM_MD_ASSERT_OFFSET (PmMdThreadEx, teb, 16);
PM_MD_ASSERT_OFFSET (PmMdThreadEx, stack, 24);
PM_MD_ASSERT_OFFSET (PmMdThreadEx, thread_context, 40);
PM_MD_ASSERT_OFFSET (PmMdThreadEx, backing_store, 48);

/* MINIDUMP_THREAD_INFO_LIST header; entries are size_of_entry apart. */
typedef struct PM_MD_PACKED
{
  uint32_t size_of_header;
  uint32_t size_of_entry;
  uint32_t number_of_entries;
} PmMdThreadInfoList;
PM_MD_ASSERT_SIZE (PmMdThreadInfoList, 12);
PM_MD_ASSERT_OFFSET (PmMdThreadInfoList, size_of_header, 0);
PM_MD_ASSERT_OFFSET (PmMdThreadInfoList, size_of_entry, 4);
PM_MD_ASSERT_OFFSET (PmMdThreadInfoList, number_of_entries, 8);

/* MINIDUMP_THREAD_INFO */
typedef struct PM_MD_PACKED
{
  uint32_t thread_id;
  uint32_t dump_flags;
  uint32_t dump_error;
  uint32_t exit_status;
  uint64_t create_time;
  uint64_t exit_time;
  uint64_t kernel_time;
  uint64_t user_time;
  uint64_t start_address;
  uint64_t affinity;
} PmMdThreadInfo;
PM_MD_ASSERT_SIZE (PmMdThreadInfo, 64);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, thread_id, 0);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, dump_flags, 4);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, dump_error, 8);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, exit_status, 12);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, create_time, 16);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, exit_time, 24);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, kernel_time, 32);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, user_time, 40);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, start_address, 48);
PM_MD_ASSERT_OFFSET (PmMdThreadInfo, affinity, 56);

/* MINIDUMP_THREAD_NAME (ThreadNames stream: u32 count, then these). The name
 * is a PmMdString at a 64-bit RVA. */
typedef struct PM_MD_PACKED
{
  uint32_t thread_id;
  uint64_t rva_of_thread_name;
} PmMdThreadName;
PM_MD_ASSERT_SIZE (PmMdThreadName, 12);
PM_MD_ASSERT_OFFSET (PmMdThreadName, thread_id, 0);
PM_MD_ASSERT_OFFSET (PmMdThreadName, rva_of_thread_name, 4);

/* ------------------------------------------------------------------------ */
/* ModuleList (4), UnloadedModuleList (14), CodeView records                */
/* ------------------------------------------------------------------------ */

#define PM_MD_VS_FFI_SIGNATURE 0xfeef04bdu

/* VS_FIXEDFILEINFO */
typedef struct PM_MD_PACKED
{
  uint32_t signature;           /* PM_MD_VS_FFI_SIGNATURE when present, else 0 */
  uint32_t struct_version;
  uint32_t file_version_hi;     /* major << 16 | minor */
  uint32_t file_version_lo;     /* build << 16 | revision */
  uint32_t product_version_hi;
  uint32_t product_version_lo;
  uint32_t file_flags_mask;
  uint32_t file_flags;
  uint32_t file_os;
  uint32_t file_type;
  uint32_t file_subtype;
  uint32_t file_date_hi;
  uint32_t file_date_lo;
} PmMdVsFixedFileInfo;
PM_MD_ASSERT_SIZE (PmMdVsFixedFileInfo, 52);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, signature, 0);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, struct_version, 4);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_version_hi, 8);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_version_lo, 12);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, product_version_hi, 16);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, product_version_lo, 20);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_flags_mask, 24);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_flags, 28);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_os, 32);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_type, 36);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_subtype, 40);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_date_hi, 44);
PM_MD_ASSERT_OFFSET (PmMdVsFixedFileInfo, file_date_lo, 48);

/* MINIDUMP_MODULE (108 bytes; note the unaligned u64s at 92 and 100) */
typedef struct PM_MD_PACKED
{
  uint64_t            base_of_image;
  uint32_t            size_of_image;
  uint32_t            checksum;
  uint32_t            time_date_stamp;
  uint32_t            module_name_rva;  /* PmMdString */
  PmMdVsFixedFileInfo version_info;
  PmMdLocation        cv_record;        /* PmMdCvInfoPdb70 / PmMdCvInfoElf / PmMdCvInfoPdb20 */
  PmMdLocation        misc_record;      /* IMAGE_DEBUG_MISC, rarely used */
  uint64_t            reserved0;
  uint64_t            reserved1;
} PmMdModule;
PM_MD_ASSERT_SIZE (PmMdModule, 108);
PM_MD_ASSERT_OFFSET (PmMdModule, base_of_image, 0);
PM_MD_ASSERT_OFFSET (PmMdModule, size_of_image, 8);
PM_MD_ASSERT_OFFSET (PmMdModule, checksum, 12);
PM_MD_ASSERT_OFFSET (PmMdModule, time_date_stamp, 16);
PM_MD_ASSERT_OFFSET (PmMdModule, module_name_rva, 20);
PM_MD_ASSERT_OFFSET (PmMdModule, version_info, 24);
PM_MD_ASSERT_OFFSET (PmMdModule, cv_record, 76);
PM_MD_ASSERT_OFFSET (PmMdModule, misc_record, 84);
PM_MD_ASSERT_OFFSET (PmMdModule, reserved0, 92);
PM_MD_ASSERT_OFFSET (PmMdModule, reserved1, 100);

/* CodeView record signatures (first u32 of the cv_record bytes). */
#define PM_MD_CV_SIGNATURE_PDB70 0x53445352u /* "RSDS" */
#define PM_MD_CV_SIGNATURE_PDB20 0x3031424eu /* "NB10" */
#define PM_MD_CV_SIGNATURE_ELF   0x4270454cu /* "LEpB" in memory, "BpEL" as Breakpad spells it */

/* CV_INFO_PDB70: debug id = GUID + age, plus the PDB (or debug file) name. */
typedef struct PM_MD_PACKED
{
  uint32_t cv_signature;        /* PM_MD_CV_SIGNATURE_PDB70 */
  PmMdGuid signature;
  uint32_t age;
  /* char pdb_file_name[]; NUL terminated UTF-8 */
} PmMdCvInfoPdb70;
PM_MD_ASSERT_SIZE (PmMdCvInfoPdb70, 24);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb70, cv_signature, 0);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb70, signature, 4);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb70, age, 20);

/* CV_INFO_PDB20 (old Visual C++) */
typedef struct PM_MD_PACKED
{
  uint32_t cv_signature;        /* PM_MD_CV_SIGNATURE_PDB20 */
  uint32_t cv_offset;           /* always 0 */
  uint32_t signature;           /* time_t */
  uint32_t age;
  /* char pdb_file_name[]; */
} PmMdCvInfoPdb20;
PM_MD_ASSERT_SIZE (PmMdCvInfoPdb20, 16);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb20, cv_signature, 0);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb20, cv_offset, 4);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb20, signature, 8);
PM_MD_ASSERT_OFFSET (PmMdCvInfoPdb20, age, 12);

/* Breakpad's ELF record: the whole GNU build-id, any length (usually 20). The
 * code id is the build-id in hex; the debug id is its first 16 bytes (padded
 * with zeros) read as a GUID, plus age 0. */
typedef struct PM_MD_PACKED
{
  uint32_t cv_signature;        /* PM_MD_CV_SIGNATURE_ELF */
  /* uint8_t build_id[]; the rest of cv_record */
} PmMdCvInfoElf;
PM_MD_ASSERT_SIZE (PmMdCvInfoElf, 4);

/* MINIDUMP_UNLOADED_MODULE_LIST header; entries are size_of_entry apart. */
typedef struct PM_MD_PACKED
{
  uint32_t size_of_header;
  uint32_t size_of_entry;
  uint32_t number_of_entries;
} PmMdUnloadedModuleList;
PM_MD_ASSERT_SIZE (PmMdUnloadedModuleList, 12);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModuleList, size_of_header, 0);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModuleList, size_of_entry, 4);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModuleList, number_of_entries, 8);

/* MINIDUMP_UNLOADED_MODULE */
typedef struct PM_MD_PACKED
{
  uint64_t base_of_image;
  uint32_t size_of_image;
  uint32_t checksum;
  uint32_t time_date_stamp;
  uint32_t module_name_rva;
} PmMdUnloadedModule;
PM_MD_ASSERT_SIZE (PmMdUnloadedModule, 24);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModule, base_of_image, 0);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModule, size_of_image, 8);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModule, checksum, 12);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModule, time_date_stamp, 16);
PM_MD_ASSERT_OFFSET (PmMdUnloadedModule, module_name_rva, 20);

/* ------------------------------------------------------------------------ */
/* MemoryList (5), Memory64List (9), MemoryInfoList (16)                    */
/* ------------------------------------------------------------------------ */

/* MemoryList: u32 count (+ optional 4 bytes padding), then PmMdMemoryDescriptor. */

/* MINIDUMP_MEMORY64_LIST header, then number_of_memory_ranges descriptors. */
typedef struct PM_MD_PACKED
{
  uint64_t number_of_memory_ranges;
  uint64_t base_rva;
} PmMdMemory64List;
PM_MD_ASSERT_SIZE (PmMdMemory64List, 16);
PM_MD_ASSERT_OFFSET (PmMdMemory64List, number_of_memory_ranges, 0);
PM_MD_ASSERT_OFFSET (PmMdMemory64List, base_rva, 8);

/* MINIDUMP_MEMORY_INFO_LIST header; entries are size_of_entry apart. */
typedef struct PM_MD_PACKED
{
  uint32_t size_of_header;
  uint32_t size_of_entry;
  uint64_t number_of_entries;
} PmMdMemoryInfoList;
PM_MD_ASSERT_SIZE (PmMdMemoryInfoList, 16);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfoList, size_of_header, 0);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfoList, size_of_entry, 4);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfoList, number_of_entries, 8);

/* MINIDUMP_MEMORY_INFO (MEMORY_BASIC_INFORMATION64) */
typedef struct PM_MD_PACKED
{
  uint64_t base_address;
  uint64_t allocation_base;
  uint32_t allocation_protect;
  uint32_t alignment1;
  uint64_t region_size;
  uint32_t state;               /* PM_MD_MEM_COMMIT ... */
  uint32_t protect;             /* PM_MD_PAGE_* */
  uint32_t type;                /* PM_MD_MEM_PRIVATE ... */
  uint32_t alignment2;
} PmMdMemoryInfo;
PM_MD_ASSERT_SIZE (PmMdMemoryInfo, 48);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, base_address, 0);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, allocation_base, 8);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, allocation_protect, 16);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, alignment1, 20);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, region_size, 24);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, state, 32);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, protect, 36);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, type, 40);
PM_MD_ASSERT_OFFSET (PmMdMemoryInfo, alignment2, 44);

#define PM_MD_MEM_COMMIT              0x00001000u
#define PM_MD_MEM_RESERVE             0x00002000u
#define PM_MD_MEM_FREE                0x00010000u
#define PM_MD_MEM_PRIVATE             0x00020000u
#define PM_MD_MEM_MAPPED              0x00040000u
#define PM_MD_MEM_IMAGE               0x01000000u
#define PM_MD_PAGE_NOACCESS           0x01u
#define PM_MD_PAGE_READONLY           0x02u
#define PM_MD_PAGE_READWRITE          0x04u
#define PM_MD_PAGE_WRITECOPY          0x08u
#define PM_MD_PAGE_EXECUTE            0x10u
#define PM_MD_PAGE_EXECUTE_READ       0x20u
#define PM_MD_PAGE_EXECUTE_READWRITE  0x40u
#define PM_MD_PAGE_EXECUTE_WRITECOPY  0x80u
#define PM_MD_PAGE_GUARD              0x100u
#define PM_MD_PAGE_NOCACHE            0x200u
#define PM_MD_PAGE_WRITECOMBINE       0x400u

/* ------------------------------------------------------------------------ */
/* Exception (6)                                                            */
/* ------------------------------------------------------------------------ */

#define PM_MD_EXCEPTION_MAXIMUM_PARAMETERS 15

/* MINIDUMP_EXCEPTION. On Linux (Breakpad and ours) exception_code is the
 * signal number, exception_flags the si_code and exception_address the fault
 * address (si_addr); on macOS exception_code is the Mach exception type and
 * exception_flags the code (KERN_*); on Windows the NTSTATUS code. */
typedef struct PM_MD_PACKED
{
  uint32_t exception_code;
  uint32_t exception_flags;
  uint64_t exception_record;    /* address of a chained record, usually 0 */
  uint64_t exception_address;
  uint32_t number_parameters;
  uint32_t unused_alignment;
  uint64_t exception_information[PM_MD_EXCEPTION_MAXIMUM_PARAMETERS];
} PmMdException;
PM_MD_ASSERT_SIZE (PmMdException, 152);
PM_MD_ASSERT_OFFSET (PmMdException, exception_code, 0);
PM_MD_ASSERT_OFFSET (PmMdException, exception_flags, 4);
PM_MD_ASSERT_OFFSET (PmMdException, exception_record, 8);
PM_MD_ASSERT_OFFSET (PmMdException, exception_address, 16);
PM_MD_ASSERT_OFFSET (PmMdException, number_parameters, 24);
PM_MD_ASSERT_OFFSET (PmMdException, unused_alignment, 28);
PM_MD_ASSERT_OFFSET (PmMdException, exception_information, 32);

/* MINIDUMP_EXCEPTION_STREAM */
typedef struct PM_MD_PACKED
{
  uint32_t      thread_id;
  uint32_t      alignment;
  PmMdException exception_record;
  PmMdLocation  thread_context;  /* the context at the fault */
} PmMdExceptionStream;
PM_MD_ASSERT_SIZE (PmMdExceptionStream, 168);
PM_MD_ASSERT_OFFSET (PmMdExceptionStream, thread_id, 0);
PM_MD_ASSERT_OFFSET (PmMdExceptionStream, alignment, 4);
PM_MD_ASSERT_OFFSET (PmMdExceptionStream, exception_record, 8);
PM_MD_ASSERT_OFFSET (PmMdExceptionStream, thread_context, 160);

/* Exception codes with special meaning to writers. */
#define PM_MD_EXCEPTION_CODE_DUMP_REQUESTED   0xffffffffu /* Breakpad: no crash, dump on request */
#define PM_MD_EXCEPTION_CODE_CRASHPAD_SIGNAL  0x43507378u /* Crashpad macOS: "CPsx", a POSIX signal */
#define PM_MD_EXCEPTION_CODE_CRASHPAD_NSEXCEPTION 0x43506e78u /* Crashpad: "CPnx", uncaught NSException */

/* ------------------------------------------------------------------------ */
/* SystemInfo (7)                                                           */
/* ------------------------------------------------------------------------ */

/* MINIDUMP_SYSTEM_INFO */
typedef struct PM_MD_PACKED
{
  uint16_t processor_architecture;  /* PM_MD_CPU_ARCH_* */
  uint16_t processor_level;         /* x86: family */
  uint16_t processor_revision;      /* x86: model << 8 | stepping */
  uint8_t  number_of_processors;
  uint8_t  product_type;
  uint32_t major_version;
  uint32_t minor_version;
  uint32_t build_number;
  uint32_t platform_id;             /* PM_MD_OS_* */
  uint32_t csd_version_rva;         /* PmMdString: service pack / Linux kernel build text */
  uint16_t suite_mask;
  uint16_t reserved2;
  union PM_MD_PACKED
  {
    struct PM_MD_PACKED
    {
      uint32_t vendor_id[3];        /* "GenuineIntel" as 12 bytes */
      uint32_t version_information; /* CPUID 1 eax */
      uint32_t feature_information; /* CPUID 1 edx */
      uint32_t amd_extended_cpu_features;
    } x86;
    struct PM_MD_PACKED
    {
      uint64_t processor_features[2];
    } other;
  } cpu;
} PmMdSystemInfo;
PM_MD_ASSERT_SIZE (PmMdSystemInfo, 56);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, processor_architecture, 0);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, processor_level, 2);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, processor_revision, 4);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, number_of_processors, 6);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, product_type, 7);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, major_version, 8);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, minor_version, 12);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, build_number, 16);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, platform_id, 20);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, csd_version_rva, 24);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, suite_mask, 28);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, reserved2, 30);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, cpu, 32);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, cpu.x86.version_information, 44);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, cpu.x86.feature_information, 48);
PM_MD_ASSERT_OFFSET (PmMdSystemInfo, cpu.x86.amd_extended_cpu_features, 52);

/* processor_architecture: Windows' PROCESSOR_ARCHITECTURE_*, Breakpad's 0x80xx. */
#define PM_MD_CPU_ARCH_X86       0u
#define PM_MD_CPU_ARCH_MIPS      1u
#define PM_MD_CPU_ARCH_ALPHA     2u
#define PM_MD_CPU_ARCH_PPC       3u
#define PM_MD_CPU_ARCH_SHX       4u
#define PM_MD_CPU_ARCH_ARM       5u
#define PM_MD_CPU_ARCH_IA64      6u
#define PM_MD_CPU_ARCH_ALPHA64   7u
#define PM_MD_CPU_ARCH_MSIL      8u
#define PM_MD_CPU_ARCH_AMD64     9u
#define PM_MD_CPU_ARCH_X86_WIN64 10u
#define PM_MD_CPU_ARCH_ARM64     12u
#define PM_MD_CPU_ARCH_SPARC     0x8001u /* Breakpad */
#define PM_MD_CPU_ARCH_PPC64     0x8002u /* Breakpad */
#define PM_MD_CPU_ARCH_ARM64_OLD 0x8003u /* Breakpad, before Windows defined 12 */
#define PM_MD_CPU_ARCH_MIPS64    0x8004u /* Breakpad */
#define PM_MD_CPU_ARCH_RISCV     0x8005u /* Breakpad */
#define PM_MD_CPU_ARCH_RISCV64   0x8006u /* Breakpad */
#define PM_MD_CPU_ARCH_UNKNOWN   0xffffu

/* platform_id: Windows' VER_PLATFORM_*, Breakpad's 0x8xxx. */
#define PM_MD_OS_WIN32S          0u
#define PM_MD_OS_WIN32_WINDOWS   1u
#define PM_MD_OS_WIN32_NT        2u
#define PM_MD_OS_WIN32_CE        3u
#define PM_MD_OS_UNIX            0x8000u
#define PM_MD_OS_MAC_OS_X        0x8101u
#define PM_MD_OS_IOS             0x8102u
#define PM_MD_OS_LINUX           0x8201u
#define PM_MD_OS_SOLARIS         0x8202u
#define PM_MD_OS_ANDROID         0x8203u
#define PM_MD_OS_PS3             0x8204u
#define PM_MD_OS_NACL            0x8205u
#define PM_MD_OS_FUCHSIA         0x8206u

/* ------------------------------------------------------------------------ */
/* MiscInfo (15): five sizes, each a prefix of the next                     */
/* ------------------------------------------------------------------------ */

#define PM_MD_MISC1_PROCESS_ID            0x00000001u
#define PM_MD_MISC1_PROCESS_TIMES         0x00000002u
#define PM_MD_MISC1_PROCESSOR_POWER_INFO  0x00000004u
#define PM_MD_MISC3_PROCESS_INTEGRITY     0x00000010u
#define PM_MD_MISC3_PROCESS_EXECUTE_FLAGS 0x00000020u
#define PM_MD_MISC3_TIMEZONE              0x00000040u
#define PM_MD_MISC3_PROTECTED_PROCESS     0x00000080u
#define PM_MD_MISC4_BUILDSTRING           0x00000100u
#define PM_MD_MISC5_PROCESS_COOKIE        0x00000200u

/* SYSTEMTIME */
typedef struct PM_MD_PACKED
{
  uint16_t year;
  uint16_t month;
  uint16_t day_of_week;
  uint16_t day;
  uint16_t hour;
  uint16_t minute;
  uint16_t second;
  uint16_t milliseconds;
} PmMdSystemTime;
PM_MD_ASSERT_SIZE (PmMdSystemTime, 16);
PM_MD_ASSERT_OFFSET (PmMdSystemTime, year, 0);
PM_MD_ASSERT_OFFSET (PmMdSystemTime, milliseconds, 14);

/* TIME_ZONE_INFORMATION */
typedef struct PM_MD_PACKED
{
  int32_t        bias;
  uint16_t       standard_name[32];
  PmMdSystemTime standard_date;
  int32_t        standard_bias;
  uint16_t       daylight_name[32];
  PmMdSystemTime daylight_date;
  int32_t        daylight_bias;
} PmMdTimeZoneInformation;
PM_MD_ASSERT_SIZE (PmMdTimeZoneInformation, 172);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, bias, 0);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, standard_name, 4);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, standard_date, 68);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, standard_bias, 84);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, daylight_name, 88);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, daylight_date, 152);
PM_MD_ASSERT_OFFSET (PmMdTimeZoneInformation, daylight_bias, 168);

/* XSTATE_FEATURE / XSTATE_CONFIG_FEATURE_MSC_INFO (MiscInfo 5) */
typedef struct PM_MD_PACKED
{
  uint32_t offset;
  uint32_t size;
} PmMdXStateFeature;
PM_MD_ASSERT_SIZE (PmMdXStateFeature, 8);

typedef struct PM_MD_PACKED
{
  uint32_t          size_of_info;
  uint32_t          context_size;
  uint64_t          enabled_features;
  PmMdXStateFeature features[64];
} PmMdXStateConfigFeatureMscInfo;
PM_MD_ASSERT_SIZE (PmMdXStateConfigFeatureMscInfo, 528);
PM_MD_ASSERT_OFFSET (PmMdXStateConfigFeatureMscInfo, size_of_info, 0);
PM_MD_ASSERT_OFFSET (PmMdXStateConfigFeatureMscInfo, context_size, 4);
PM_MD_ASSERT_OFFSET (PmMdXStateConfigFeatureMscInfo, enabled_features, 8);
PM_MD_ASSERT_OFFSET (PmMdXStateConfigFeatureMscInfo, features, 16);

/* MINIDUMP_MISC_INFO_5; the earlier versions are its prefixes of the sizes
 * PM_MD_MISC_INFO_SIZE_1..5 (size_of_info tells which one is on disk). */
typedef struct PM_MD_PACKED
{
  /* MINIDUMP_MISC_INFO (1) */
  uint32_t size_of_info;
  uint32_t flags1;
  uint32_t process_id;
  uint32_t process_create_time;   /* time_t */
  uint32_t process_user_time;     /* seconds */
  uint32_t process_kernel_time;
  /* MINIDUMP_MISC_INFO_2 */
  uint32_t processor_max_mhz;
  uint32_t processor_current_mhz;
  uint32_t processor_mhz_limit;
  uint32_t processor_max_idle_state;
  uint32_t processor_current_idle_state;
  /* MINIDUMP_MISC_INFO_3 */
  uint32_t process_integrity_level;
  uint32_t process_execute_flags;
  uint32_t protected_process;
  uint32_t time_zone_id;
  PmMdTimeZoneInformation time_zone;
  /* MINIDUMP_MISC_INFO_4 */
  uint16_t build_string[260];     /* UTF-16, NUL terminated */
  uint16_t dbg_bld_str[40];
  /* MINIDUMP_MISC_INFO_5 */
  PmMdXStateConfigFeatureMscInfo xstate_data;
  uint32_t process_cookie;
} PmMdMiscInfo;
#define PM_MD_MISC_INFO_SIZE_1 24u
#define PM_MD_MISC_INFO_SIZE_2 44u
#define PM_MD_MISC_INFO_SIZE_3 232u
#define PM_MD_MISC_INFO_SIZE_4 832u
#define PM_MD_MISC_INFO_SIZE_5 1364u
PM_MD_ASSERT_SIZE (PmMdMiscInfo, 1364);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, size_of_info, 0);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, flags1, 4);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_id, 8);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_create_time, 12);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_user_time, 16);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_kernel_time, 20);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, processor_max_mhz, 24);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, processor_current_idle_state, 40);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_integrity_level, 44);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_execute_flags, 48);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, protected_process, 52);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, time_zone_id, 56);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, time_zone, 60);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, build_string, 232);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, dbg_bld_str, 752);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, xstate_data, 832);
PM_MD_ASSERT_OFFSET (PmMdMiscInfo, process_cookie, 1360);

/* ------------------------------------------------------------------------ */
/* HandleData (12)                                                          */
/* ------------------------------------------------------------------------ */

/* MINIDUMP_HANDLE_DATA_STREAM header; descriptors size_of_descriptor apart
 * (32 for PmMdHandleDescriptor, 40 for PmMdHandleDescriptor2). */
typedef struct PM_MD_PACKED
{
  uint32_t size_of_header;
  uint32_t size_of_descriptor;
  uint32_t number_of_descriptors;
  uint32_t reserved;
} PmMdHandleDataStream;
PM_MD_ASSERT_SIZE (PmMdHandleDataStream, 16);
PM_MD_ASSERT_OFFSET (PmMdHandleDataStream, size_of_header, 0);
PM_MD_ASSERT_OFFSET (PmMdHandleDataStream, size_of_descriptor, 4);
PM_MD_ASSERT_OFFSET (PmMdHandleDataStream, number_of_descriptors, 8);
PM_MD_ASSERT_OFFSET (PmMdHandleDataStream, reserved, 12);

/* MINIDUMP_HANDLE_DESCRIPTOR (Linux writers: handle = fd, object name = path) */
typedef struct PM_MD_PACKED
{
  uint64_t handle;
  uint32_t type_name_rva;       /* PmMdString or 0 */
  uint32_t object_name_rva;     /* PmMdString or 0 */
  uint32_t attributes;
  uint32_t granted_access;
  uint32_t handle_count;
  uint32_t pointer_count;
} PmMdHandleDescriptor;
PM_MD_ASSERT_SIZE (PmMdHandleDescriptor, 32);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, handle, 0);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, type_name_rva, 8);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, object_name_rva, 12);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, attributes, 16);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, granted_access, 20);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, handle_count, 24);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor, pointer_count, 28);

/* MINIDUMP_HANDLE_DESCRIPTOR_2 */
typedef struct PM_MD_PACKED
{
  PmMdHandleDescriptor base;
  uint32_t             object_info_rva;
  uint32_t             reserved0;
} PmMdHandleDescriptor2;
PM_MD_ASSERT_SIZE (PmMdHandleDescriptor2, 40);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor2, object_info_rva, 32);
PM_MD_ASSERT_OFFSET (PmMdHandleDescriptor2, reserved0, 36);

/* ------------------------------------------------------------------------ */
/* Breakpad: BreakpadInfo (0x47670001), AssertionInfo (0x47670002)          */
/* ------------------------------------------------------------------------ */

#define PM_MD_BREAKPAD_INFO_VALID_DUMP_THREAD_ID       0x1u
#define PM_MD_BREAKPAD_INFO_VALID_REQUESTING_THREAD_ID 0x2u

typedef struct PM_MD_PACKED
{
  uint32_t validity;              /* PM_MD_BREAKPAD_INFO_VALID_* */
  uint32_t dump_thread_id;        /* the thread that wrote the dump (not interesting) */
  uint32_t requesting_thread_id;  /* the thread that crashed or asked */
} PmMdBreakpadInfo;
PM_MD_ASSERT_SIZE (PmMdBreakpadInfo, 12);
PM_MD_ASSERT_OFFSET (PmMdBreakpadInfo, validity, 0);
PM_MD_ASSERT_OFFSET (PmMdBreakpadInfo, dump_thread_id, 4);
PM_MD_ASSERT_OFFSET (PmMdBreakpadInfo, requesting_thread_id, 8);

#define PM_MD_ASSERTION_TYPE_UNKNOWN             0u
#define PM_MD_ASSERTION_TYPE_INVALID_PARAMETER   1u
#define PM_MD_ASSERTION_TYPE_PURE_VIRTUAL_CALL   2u

typedef struct PM_MD_PACKED
{
  uint16_t expression[128];       /* UTF-16, NUL terminated unless full */
  uint16_t function[128];
  uint16_t file[128];
  uint32_t line;
  uint32_t type;                  /* PM_MD_ASSERTION_TYPE_* */
} PmMdAssertionInfo;
PM_MD_ASSERT_SIZE (PmMdAssertionInfo, 776);
PM_MD_ASSERT_OFFSET (PmMdAssertionInfo, expression, 0);
PM_MD_ASSERT_OFFSET (PmMdAssertionInfo, function, 256);
PM_MD_ASSERT_OFFSET (PmMdAssertionInfo, file, 512);
PM_MD_ASSERT_OFFSET (PmMdAssertionInfo, line, 768);
PM_MD_ASSERT_OFFSET (PmMdAssertionInfo, type, 772);

/* ------------------------------------------------------------------------ */
/* Crashpad: CrashpadInfo (0x43500001) and its annotations                  */
/* ------------------------------------------------------------------------ */

#define PM_MD_CRASHPAD_INFO_VERSION 1u

/* MinidumpCrashpadInfo. Version 1 is 52 bytes; newer writers append
 * address_mask (60 bytes). A reader takes what data_size covers. */
typedef struct PM_MD_PACKED
{
  uint32_t     version;
  PmMdGuid     report_id;
  PmMdGuid     client_id;
  PmMdLocation simple_annotations;  /* PmMdSimpleStringDictionary */
  PmMdLocation module_list;         /* PmMdModuleCrashpadInfoList */
  uint64_t     address_mask;        /* only when data_size >= 60 */
} PmMdCrashpadInfo;
#define PM_MD_CRASHPAD_INFO_SIZE_1 52u
PM_MD_ASSERT_SIZE (PmMdCrashpadInfo, 60);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, version, 0);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, report_id, 4);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, client_id, 20);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, simple_annotations, 36);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, module_list, 44);
PM_MD_ASSERT_OFFSET (PmMdCrashpadInfo, address_mask, 52);

/* MinidumpSimpleStringDictionary: u32 count, then entries whose RVAs point
 * at PmMdUtf8String. */
typedef struct PM_MD_PACKED
{
  uint32_t key_rva;
  uint32_t value_rva;
} PmMdSimpleStringDictionaryEntry;
PM_MD_ASSERT_SIZE (PmMdSimpleStringDictionaryEntry, 8);
PM_MD_ASSERT_OFFSET (PmMdSimpleStringDictionaryEntry, key_rva, 0);
PM_MD_ASSERT_OFFSET (PmMdSimpleStringDictionaryEntry, value_rva, 4);

/* MinidumpModuleCrashpadInfoList: u32 count, then these links. */
typedef struct PM_MD_PACKED
{
  uint32_t     minidump_module_list_index;
  PmMdLocation location;            /* PmMdModuleCrashpadInfo */
} PmMdModuleCrashpadInfoLink;
PM_MD_ASSERT_SIZE (PmMdModuleCrashpadInfoLink, 12);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfoLink, minidump_module_list_index, 0);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfoLink, location, 4);

/* MinidumpModuleCrashpadInfo: version 1 is 20 bytes, 28 with annotation objects. */
typedef struct PM_MD_PACKED
{
  uint32_t     version;
  PmMdLocation list_annotations;    /* MinidumpRVAList of PmMdUtf8String */
  PmMdLocation simple_annotations;  /* PmMdSimpleStringDictionary */
  PmMdLocation annotation_objects;  /* PmMdAnnotationList; only when data_size >= 28 */
} PmMdModuleCrashpadInfo;
#define PM_MD_MODULE_CRASHPAD_INFO_SIZE_1 20u
PM_MD_ASSERT_SIZE (PmMdModuleCrashpadInfo, 28);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfo, version, 0);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfo, list_annotations, 4);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfo, simple_annotations, 12);
PM_MD_ASSERT_OFFSET (PmMdModuleCrashpadInfo, annotation_objects, 20);

/* MinidumpAnnotationList: u32 count, then these. The value is a
 * MinidumpByteArray (u32 length + bytes); type 1 is a string. */
#define PM_MD_ANNOTATION_TYPE_INVALID 0u
#define PM_MD_ANNOTATION_TYPE_STRING  1u
typedef struct PM_MD_PACKED
{
  uint32_t name_rva;                /* PmMdUtf8String */
  uint16_t type;
  uint16_t reserved;
  uint32_t value_rva;               /* u32 length, then bytes */
} PmMdAnnotation;
PM_MD_ASSERT_SIZE (PmMdAnnotation, 12);
PM_MD_ASSERT_OFFSET (PmMdAnnotation, name_rva, 0);
PM_MD_ASSERT_OFFSET (PmMdAnnotation, type, 4);
PM_MD_ASSERT_OFFSET (PmMdAnnotation, reserved, 6);
PM_MD_ASSERT_OFFSET (PmMdAnnotation, value_rva, 8);

/* ------------------------------------------------------------------------ */
/* Postmortem's own stream (PM_MD_STREAM_POSTMORTEM_INFO, 0x504d0001)       */
/* ------------------------------------------------------------------------ */

/* Written by postmortem-dumper into every dump it makes; the reader lists it.
 * Readers must accept size_of_header >= PM_MD_POSTMORTEM_INFO_SIZE_1 and
 * ignore what follows the fields they know (later versions only append).
 * Custom metadata (pm_register_custom_metadata) is stored as a
 * PmMdSimpleStringDictionary at `metadata` (the same key/value pairs also go
 * to a Crashpad simple-annotation dictionary so other tools show them). */
#define PM_MD_POSTMORTEM_INFO_VERSION 1u

#define PM_MD_POSTMORTEM_DUMP_TYPE_MICRO  1u
#define PM_MD_POSTMORTEM_DUMP_TYPE_MINI   2u
#define PM_MD_POSTMORTEM_DUMP_TYPE_HEAP   3u
#define PM_MD_POSTMORTEM_DUMP_TYPE_TRIAGE 4u

#define PM_MD_POSTMORTEM_FLAG_CRASH       0x1u /* written for a crash (else a live dump) */
#define PM_MD_POSTMORTEM_FLAG_ENVIRON     0x2u /* the environment was included */
#define PM_MD_POSTMORTEM_FLAG_REGISTERED_MEMORY 0x4u /* registered memory blocks included */
#define PM_MD_POSTMORTEM_FLAG_SANITIZED   0x8u /* a sanitized copy (pm-minidump-sanitize.h) */
#define PM_MD_POSTMORTEM_FLAG_HANG        0x10u /* written for a hang (AppHang): the process was left
                                                   running; crashing_thread_id is the hung thread */

typedef struct PM_MD_PACKED
{
  uint32_t     version;             /* PM_MD_POSTMORTEM_INFO_VERSION */
  uint32_t     size_of_header;      /* sizeof (PmMdPostmortemInfo) as written */
  uint32_t     dump_type;           /* PM_MD_POSTMORTEM_DUMP_TYPE_* */
  uint32_t     flags;               /* PM_MD_POSTMORTEM_FLAG_* */
  uint32_t     process_id;
  uint32_t     crashing_thread_id;  /* 0 for a live dump; the hung thread with FLAG_HANG */
  int32_t      signal_number;       /* 0 for a live dump */
  int32_t      signal_code;         /* si_code */
  uint64_t     fault_address;       /* si_addr */
  PmMdLocation metadata;            /* PmMdSimpleStringDictionary, or {0, 0} */
  uint32_t     writer_rva;          /* PmMdUtf8String "postmortem-dumper X.Y.Z", or 0 */
  uint32_t     reserved;            /* 0 */
} PmMdPostmortemInfo;
#define PM_MD_POSTMORTEM_INFO_SIZE_1 56u
PM_MD_ASSERT_SIZE (PmMdPostmortemInfo, 56);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, version, 0);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, size_of_header, 4);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, dump_type, 8);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, flags, 12);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, process_id, 16);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, crashing_thread_id, 20);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, signal_number, 24);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, signal_code, 28);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, fault_address, 32);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, metadata, 40);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, writer_rva, 48);
PM_MD_ASSERT_OFFSET (PmMdPostmortemInfo, reserved, 52);

/* ------------------------------------------------------------------------ */
/* CPU contexts                                                             */
/* ------------------------------------------------------------------------ */

/* The CPU is in the context_flags (the x86, AMD64, ARM, ARM64 families use
 * distinct bits) and in SystemInfo.processor_architecture. The lower bits
 * say which register groups are valid. */
#define PM_MD_CONTEXT_X86                 0x00010000u
#define PM_MD_CONTEXT_AMD64               0x00100000u
#define PM_MD_CONTEXT_ARM64               0x00400000u
#define PM_MD_CONTEXT_ARM                 0x40000000u /* Breakpad */
#define PM_MD_CONTEXT_ARM64_OLD           0x80000000u /* Breakpad, in a u64 context_flags */
#define PM_MD_CONTEXT_CPU_MASK            0xffffff00u

#define PM_MD_CONTEXT_X86_CONTROL            (PM_MD_CONTEXT_X86 | 0x01u) /* ebp eip cs eflags esp ss */
#define PM_MD_CONTEXT_X86_INTEGER            (PM_MD_CONTEXT_X86 | 0x02u) /* edi esi ebx edx ecx eax */
#define PM_MD_CONTEXT_X86_SEGMENTS           (PM_MD_CONTEXT_X86 | 0x04u)
#define PM_MD_CONTEXT_X86_FLOATING_POINT     (PM_MD_CONTEXT_X86 | 0x08u)
#define PM_MD_CONTEXT_X86_DEBUG_REGISTERS    (PM_MD_CONTEXT_X86 | 0x10u)
#define PM_MD_CONTEXT_X86_EXTENDED_REGISTERS (PM_MD_CONTEXT_X86 | 0x20u)
#define PM_MD_CONTEXT_X86_XSTATE             (PM_MD_CONTEXT_X86 | 0x40u)
#define PM_MD_CONTEXT_X86_FULL \
  (PM_MD_CONTEXT_X86_CONTROL | PM_MD_CONTEXT_X86_INTEGER | PM_MD_CONTEXT_X86_SEGMENTS)
#define PM_MD_CONTEXT_X86_ALL \
  (PM_MD_CONTEXT_X86_FULL | PM_MD_CONTEXT_X86_FLOATING_POINT | \
   PM_MD_CONTEXT_X86_DEBUG_REGISTERS | PM_MD_CONTEXT_X86_EXTENDED_REGISTERS)

#define PM_MD_CONTEXT_AMD64_CONTROL          (PM_MD_CONTEXT_AMD64 | 0x01u) /* ss cs rsp eflags rip */
#define PM_MD_CONTEXT_AMD64_INTEGER          (PM_MD_CONTEXT_AMD64 | 0x02u) /* rax..r15 except rsp */
#define PM_MD_CONTEXT_AMD64_SEGMENTS         (PM_MD_CONTEXT_AMD64 | 0x04u)
#define PM_MD_CONTEXT_AMD64_FLOATING_POINT   (PM_MD_CONTEXT_AMD64 | 0x08u) /* flt_save */
#define PM_MD_CONTEXT_AMD64_DEBUG_REGISTERS  (PM_MD_CONTEXT_AMD64 | 0x10u)
#define PM_MD_CONTEXT_AMD64_XSTATE           (PM_MD_CONTEXT_AMD64 | 0x40u)
#define PM_MD_CONTEXT_AMD64_FULL \
  (PM_MD_CONTEXT_AMD64_CONTROL | PM_MD_CONTEXT_AMD64_INTEGER | PM_MD_CONTEXT_AMD64_FLOATING_POINT)
#define PM_MD_CONTEXT_AMD64_ALL \
  (PM_MD_CONTEXT_AMD64_FULL | PM_MD_CONTEXT_AMD64_SEGMENTS | PM_MD_CONTEXT_AMD64_DEBUG_REGISTERS)

#define PM_MD_CONTEXT_ARM_INTEGER            (PM_MD_CONTEXT_ARM | 0x02u)
#define PM_MD_CONTEXT_ARM_FLOATING_POINT     (PM_MD_CONTEXT_ARM | 0x04u)
#define PM_MD_CONTEXT_ARM_FULL  (PM_MD_CONTEXT_ARM_INTEGER | PM_MD_CONTEXT_ARM_FLOATING_POINT)

#define PM_MD_CONTEXT_ARM64_CONTROL          (PM_MD_CONTEXT_ARM64 | 0x01u) /* fp lr sp pc cpsr */
#define PM_MD_CONTEXT_ARM64_INTEGER          (PM_MD_CONTEXT_ARM64 | 0x02u) /* x0..x28 */
#define PM_MD_CONTEXT_ARM64_FLOATING_POINT   (PM_MD_CONTEXT_ARM64 | 0x04u)
#define PM_MD_CONTEXT_ARM64_DEBUG            (PM_MD_CONTEXT_ARM64 | 0x08u)
#define PM_MD_CONTEXT_ARM64_FULL \
  (PM_MD_CONTEXT_ARM64_CONTROL | PM_MD_CONTEXT_ARM64_INTEGER | PM_MD_CONTEXT_ARM64_FLOATING_POINT)

#define PM_MD_CONTEXT_ARM64_OLD_CONTROL        (PM_MD_CONTEXT_ARM64_OLD | 0x01u)
#define PM_MD_CONTEXT_ARM64_OLD_INTEGER        (PM_MD_CONTEXT_ARM64_OLD | 0x02u)
#define PM_MD_CONTEXT_ARM64_OLD_FLOATING_POINT (PM_MD_CONTEXT_ARM64_OLD | 0x04u)

/* x86 FLOATING_SAVE_AREA */
#define PM_MD_X86_SIZE_OF_80387_REGISTERS   80
#define PM_MD_X86_MAXIMUM_EXTENSION         512
typedef struct PM_MD_PACKED
{
  uint32_t control_word;
  uint32_t status_word;
  uint32_t tag_word;
  uint32_t error_offset;
  uint32_t error_selector;
  uint32_t data_offset;
  uint32_t data_selector;
  uint8_t  register_area[PM_MD_X86_SIZE_OF_80387_REGISTERS];
  uint32_t cr0_npx_state;
} PmMdX86FloatingSaveArea;
PM_MD_ASSERT_SIZE (PmMdX86FloatingSaveArea, 112);
PM_MD_ASSERT_OFFSET (PmMdX86FloatingSaveArea, register_area, 28);
PM_MD_ASSERT_OFFSET (PmMdX86FloatingSaveArea, cr0_npx_state, 108);

/* x86 CONTEXT (716 bytes; Windows may append XSAVE data after it) */
typedef struct PM_MD_PACKED
{
  uint32_t context_flags;
  uint32_t dr0, dr1, dr2, dr3, dr6, dr7;
  PmMdX86FloatingSaveArea float_save;
  uint32_t gs, fs, es, ds;
  uint32_t edi, esi, ebx, edx, ecx, eax;
  uint32_t ebp, eip, cs, eflags, esp, ss;
  uint8_t  extended_registers[PM_MD_X86_MAXIMUM_EXTENSION]; /* FXSAVE image */
} PmMdContextX86;
PM_MD_ASSERT_SIZE (PmMdContextX86, 716);
PM_MD_ASSERT_OFFSET (PmMdContextX86, context_flags, 0);
PM_MD_ASSERT_OFFSET (PmMdContextX86, dr0, 4);
PM_MD_ASSERT_OFFSET (PmMdContextX86, dr7, 24);
PM_MD_ASSERT_OFFSET (PmMdContextX86, float_save, 28);
PM_MD_ASSERT_OFFSET (PmMdContextX86, gs, 140);
PM_MD_ASSERT_OFFSET (PmMdContextX86, fs, 144);
PM_MD_ASSERT_OFFSET (PmMdContextX86, es, 148);
PM_MD_ASSERT_OFFSET (PmMdContextX86, ds, 152);
PM_MD_ASSERT_OFFSET (PmMdContextX86, edi, 156);
PM_MD_ASSERT_OFFSET (PmMdContextX86, esi, 160);
PM_MD_ASSERT_OFFSET (PmMdContextX86, ebx, 164);
PM_MD_ASSERT_OFFSET (PmMdContextX86, edx, 168);
PM_MD_ASSERT_OFFSET (PmMdContextX86, ecx, 172);
PM_MD_ASSERT_OFFSET (PmMdContextX86, eax, 176);
PM_MD_ASSERT_OFFSET (PmMdContextX86, ebp, 180);
PM_MD_ASSERT_OFFSET (PmMdContextX86, eip, 184);
PM_MD_ASSERT_OFFSET (PmMdContextX86, cs, 188);
PM_MD_ASSERT_OFFSET (PmMdContextX86, eflags, 192);
PM_MD_ASSERT_OFFSET (PmMdContextX86, esp, 196);
PM_MD_ASSERT_OFFSET (PmMdContextX86, ss, 200);
PM_MD_ASSERT_OFFSET (PmMdContextX86, extended_registers, 204);

/* XMM_SAVE_AREA32 (the FXSAVE image) */
typedef struct PM_MD_PACKED
{
  uint16_t    control_word;
  uint16_t    status_word;
  uint8_t     tag_word;
  uint8_t     reserved1;
  uint16_t    error_opcode;
  uint32_t    error_offset;
  uint16_t    error_selector;
  uint16_t    reserved2;
  uint32_t    data_offset;
  uint16_t    data_selector;
  uint16_t    reserved3;
  uint32_t    mx_csr;
  uint32_t    mx_csr_mask;
  PmMdUint128 float_registers[8];
  PmMdUint128 xmm_registers[16];
  uint8_t     reserved4[96];
} PmMdXmmSaveArea32;
PM_MD_ASSERT_SIZE (PmMdXmmSaveArea32, 512);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, error_opcode, 6);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, error_offset, 8);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, data_offset, 16);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, mx_csr, 24);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, mx_csr_mask, 28);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, float_registers, 32);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, xmm_registers, 160);
PM_MD_ASSERT_OFFSET (PmMdXmmSaveArea32, reserved4, 416);

/* AMD64 CONTEXT (1232 bytes; Windows may append XSAVE data after it) */
typedef struct PM_MD_PACKED
{
  uint64_t p1_home, p2_home, p3_home, p4_home, p5_home, p6_home;
  uint32_t context_flags;
  uint32_t mx_csr;
  uint16_t cs, ds, es, fs, gs, ss;
  uint32_t eflags;
  uint64_t dr0, dr1, dr2, dr3, dr6, dr7;
  uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rip;
  PmMdXmmSaveArea32 flt_save;
  PmMdUint128 vector_register[26];
  uint64_t vector_control;
  uint64_t debug_control;
  uint64_t last_branch_to_rip;
  uint64_t last_branch_from_rip;
  uint64_t last_exception_to_rip;
  uint64_t last_exception_from_rip;
} PmMdContextAmd64;
PM_MD_ASSERT_SIZE (PmMdContextAmd64, 1232);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, p1_home, 0);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, context_flags, 48);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, mx_csr, 52);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, cs, 56);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, ds, 58);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, es, 60);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, fs, 62);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, gs, 64);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, ss, 66);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, eflags, 68);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, dr0, 72);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, dr7, 112);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rax, 120);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rcx, 128);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rdx, 136);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rbx, 144);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rsp, 152);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rbp, 160);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rsi, 168);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rdi, 176);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, r8, 184);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, r15, 240);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, rip, 248);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, flt_save, 256);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, vector_register, 768);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, vector_control, 1184);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, debug_control, 1192);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, last_branch_to_rip, 1200);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, last_branch_from_rip, 1208);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, last_exception_to_rip, 1216);
PM_MD_ASSERT_OFFSET (PmMdContextAmd64, last_exception_from_rip, 1224);

/* ARM (32-bit) context, Breakpad's layout (368 bytes). iregs: r0..r12,
 * r13 = sp, r14 = lr, r15 = pc; the frame pointer is r11 (r7 on iOS). */
#define PM_MD_CONTEXT_ARM_GPR_COUNT   16
#define PM_MD_CONTEXT_ARM_REG_IOS_FP  7
#define PM_MD_CONTEXT_ARM_REG_FP      11
#define PM_MD_CONTEXT_ARM_REG_SP      13
#define PM_MD_CONTEXT_ARM_REG_LR      14
#define PM_MD_CONTEXT_ARM_REG_PC      15
typedef struct PM_MD_PACKED
{
  uint64_t fpscr;
  uint64_t regs[32];            /* d0..d31 */
  uint32_t extra[8];
} PmMdFloatingSaveAreaArm;
PM_MD_ASSERT_SIZE (PmMdFloatingSaveAreaArm, 296);
PM_MD_ASSERT_OFFSET (PmMdFloatingSaveAreaArm, regs, 8);
PM_MD_ASSERT_OFFSET (PmMdFloatingSaveAreaArm, extra, 264);

typedef struct PM_MD_PACKED
{
  uint32_t                context_flags;
  uint32_t                iregs[PM_MD_CONTEXT_ARM_GPR_COUNT];
  uint32_t                cpsr;
  PmMdFloatingSaveAreaArm float_save;
} PmMdContextArm;
PM_MD_ASSERT_SIZE (PmMdContextArm, 368);
PM_MD_ASSERT_OFFSET (PmMdContextArm, context_flags, 0);
PM_MD_ASSERT_OFFSET (PmMdContextArm, iregs, 4);
PM_MD_ASSERT_OFFSET (PmMdContextArm, cpsr, 68);
PM_MD_ASSERT_OFFSET (PmMdContextArm, float_save, 72);

/* ARM64 context, Windows' ARM64_NT_CONTEXT layout (912 bytes), which
 * Breakpad and Crashpad also write now. x[0..28], fp (x29), lr (x30). */
#define PM_MD_CONTEXT_ARM64_GPR_COUNT 31
typedef struct PM_MD_PACKED
{
  uint32_t    context_flags;
  uint32_t    cpsr;
  uint64_t    x[PM_MD_CONTEXT_ARM64_GPR_COUNT];
  uint64_t    sp;
  uint64_t    pc;
  PmMdUint128 v[32];
  uint32_t    fpcr;
  uint32_t    fpsr;
  uint32_t    bcr[8];
  uint64_t    bvr[8];
  uint32_t    wcr[2];
  uint64_t    wvr[2];
} PmMdContextArm64;
PM_MD_ASSERT_SIZE (PmMdContextArm64, 912);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, context_flags, 0);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, cpsr, 4);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, x, 8);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, sp, 256);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, pc, 264);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, v, 272);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, fpcr, 784);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, fpsr, 788);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, bcr, 792);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, bvr, 824);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, wcr, 888);
PM_MD_ASSERT_OFFSET (PmMdContextArm64, wvr, 896);

/* Breakpad's old ARM64 context (796 bytes, u64 flags with bit 31 set):
 * iregs x0..x28, fp, lr, sp, then pc; the float area has fpsr/fpcr first. */
typedef struct PM_MD_PACKED
{
  uint64_t    context_flags;
  uint64_t    iregs[32];        /* x0..x28, fp (29), lr (30), sp (31) */
  uint64_t    pc;
  uint32_t    cpsr;
  uint32_t    fpsr;
  uint32_t    fpcr;
  PmMdUint128 regs[32];         /* v0..v31 */
} PmMdContextArm64Old;
PM_MD_ASSERT_SIZE (PmMdContextArm64Old, 796);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, context_flags, 0);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, iregs, 8);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, pc, 264);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, cpsr, 272);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, fpsr, 276);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, fpcr, 280);
PM_MD_ASSERT_OFFSET (PmMdContextArm64Old, regs, 284);

/* ======================================================================== */
/* Writer-side additions, with the same                                     */
/* PM_MD_ASSERT_SIZE / PM_MD_ASSERT_OFFSET discipline.                      */
/* ======================================================================== */

/* Breakpad's DSO_DEBUG stream (PM_MD_STREAM_LINUX_DSO_DEBUG) for 64-bit
 * processes: a copy of the dynamic linker's r_debug and of each link_map
 * entry, so a reader can list the loaded objects as the linker saw them.
 * Breakpad declares these without packing, so they carry natural-alignment
 * padding, spelled out here. The link maps are an array at `map`. */
typedef struct PM_MD_PACKED
{
  uint32_t version;             /* r_debug.r_version */
  uint32_t map;                 /* RVA of dso_count PmMdLinkMap64 */
  uint32_t dso_count;
  uint32_t padding;             /* 0 */
  uint64_t brk;                 /* r_debug.r_brk */
  uint64_t ldbase;              /* r_debug.r_ldbase */
  uint64_t dynamic;             /* address of the executable's _DYNAMIC */
} PmMdDebug64;
PM_MD_ASSERT_SIZE (PmMdDebug64, 40);
PM_MD_ASSERT_OFFSET (PmMdDebug64, version, 0);
PM_MD_ASSERT_OFFSET (PmMdDebug64, map, 4);
PM_MD_ASSERT_OFFSET (PmMdDebug64, dso_count, 8);
PM_MD_ASSERT_OFFSET (PmMdDebug64, brk, 16);
PM_MD_ASSERT_OFFSET (PmMdDebug64, ldbase, 24);
PM_MD_ASSERT_OFFSET (PmMdDebug64, dynamic, 32);

typedef struct PM_MD_PACKED
{
  uint64_t addr;                /* link_map.l_addr (load bias) */
  uint32_t name;                /* RVA of a PmMdString: link_map.l_name */
  uint32_t padding;             /* 0 */
  uint64_t ld;                  /* link_map.l_ld (the object's _DYNAMIC) */
} PmMdLinkMap64;
PM_MD_ASSERT_SIZE (PmMdLinkMap64, 24);
PM_MD_ASSERT_OFFSET (PmMdLinkMap64, addr, 0);
PM_MD_ASSERT_OFFSET (PmMdLinkMap64, name, 8);
PM_MD_ASSERT_OFFSET (PmMdLinkMap64, ld, 16);

/* Postmortem's notes stream (0x504d0002): what went wrong while the dump was
 * written, in words (a thread that vanished, an unreadable region, a module
 * without a build-id, a registration table that did not validate...). A
 * partial failure never stops the dump; it is recorded here instead. The
 * stream is a u32 count followed by that many u32 RVAs of PmMdUtf8String.
 * Absent when nothing went wrong. */
#define PM_MD_STREAM_POSTMORTEM_NOTES       0x504d0002u

typedef struct PM_MD_PACKED
{
  uint32_t count;
  /* uint32_t note_rva[count]; each a PmMdUtf8String */
} PmMdPostmortemNotes;
PM_MD_ASSERT_SIZE (PmMdPostmortemNotes, 4);

/* Postmortem's wait-chains stream (0x504d0003), in the dump of a hung process: what each
 * thread waited for when the dump was written (locks and their owners, pipes, sockets,
 * children; a cycle is a deadlock). The payload is the UTF-8 JSON text of
 * pm_wait_chains_to_json() in libpostmortem-store (`{"pid":N,"threads":[...]}`, the same
 * line as Report.wer's Postmortem.WaitChains), without a terminating NUL; the stream's
 * DataSize is its length. Absent when no chains were computed. */
#define PM_MD_STREAM_POSTMORTEM_WAIT_CHAINS 0x504d0003u

