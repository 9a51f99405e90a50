/* werapi.h — Windows Error Reporting's API names on Linux, over Postmortem.
 *
 * Runs in: the application. The registration functions (WerRegister*,
 * WerUnregister*, WerSetFlags, WerGetFlags) live in libpostmortem, like
 * kernel32 on Windows; the report and store functions (WerReport*, WerStore*,
 * WerAddExcludedApplication…) live in libpostmortem-store, like wer.dll, and
 * are declared in the marked section at the end.
 *
 * Types are Windows' with Linux's sizes where they differ: HRESULT, LONG and
 * DWORD are 32-bit; WCHAR is wchar_t, which is 32-bit (UTF-32) on Linux, so
 * L"..." literals work unchanged and are converted to UTF-8. Return codes have
 * their Windows numeric values.
 *
 * The limits and error cases are those of postmortem.h, mapped as:
 *   PM_RESULT_OK               -> S_OK
 *   PM_RESULT_INVALID_ARGUMENT -> E_INVALIDARG
 *   PM_RESULT_LIMIT_REACHED    -> HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER)
 *   PM_RESULT_NOT_FOUND        -> WER_E_NOT_FOUND
 *   PM_RESULT_INVALID_STATE    -> WER_E_INVALID_STATE (e.g. the same memory
 *                                 block registered twice)
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "postmortem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Windows base types (skipped if another header already gave them) ---- */
#ifndef PM_WIN32_TYPES_DEFINED
#define PM_WIN32_TYPES_DEFINED 1
typedef int32_t         HRESULT;
typedef int32_t         LONG;
typedef uint32_t        DWORD, *PDWORD;
typedef uint32_t        ULONG;
typedef uint16_t        WORD;
typedef uint8_t         BYTE;
typedef int             BOOL;
typedef void           *PVOID;
typedef void           *HANDLE;
typedef void           *HWND;
typedef wchar_t         WCHAR;
typedef WCHAR          *PWSTR, *LPWSTR;
typedef const WCHAR    *PCWSTR, *LPCWSTR;
#ifndef TRUE
# define TRUE  1
#endif
#ifndef FALSE
# define FALSE 0
#endif
#ifndef WINAPI
# define WINAPI
#endif
#ifndef MAX_PATH
# define MAX_PATH 260
#endif
#endif /* PM_WIN32_TYPES_DEFINED */

#ifndef SUCCEEDED
# define SUCCEEDED(hr)         (((HRESULT) (hr)) >= 0)
#endif
#ifndef FAILED
# define FAILED(hr)            (((HRESULT) (hr)) < 0)
#endif
#ifndef FACILITY_WIN32
# define FACILITY_WIN32        7
#endif
#ifndef HRESULT_FROM_WIN32
# define HRESULT_FROM_WIN32(x) ((HRESULT) (x) <= 0 ? (HRESULT) (x) \
                                : (HRESULT) (((uint32_t) (x) & 0x0000FFFFu) | (FACILITY_WIN32 << 16) | 0x80000000u))
#endif

/* Win32 error codes used below (winerror.h's values). */
#ifndef ERROR_SUCCESS
# define ERROR_SUCCESS                   0L
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
# define ERROR_INSUFFICIENT_BUFFER       122L
#endif
#ifndef ERROR_NOT_FOUND
# define ERROR_NOT_FOUND                 1168L
#endif
#ifndef ERROR_INVALID_STATE
# define ERROR_INVALID_STATE             5023L
#endif

/* HRESULTs, as the Windows SDK defines them. */
#ifndef S_OK
# define S_OK                ((HRESULT) 0x00000000)
#endif
#ifndef S_FALSE
# define S_FALSE             ((HRESULT) 0x00000001)
#endif
#ifndef E_FAIL
# define E_FAIL              ((HRESULT) 0x80004005u)
#endif
#ifndef E_INVALIDARG
# define E_INVALIDARG        ((HRESULT) 0x80070057u)
#endif
#ifndef E_OUTOFMEMORY
# define E_OUTOFMEMORY       ((HRESULT) 0x8007000Eu)
#endif
#ifndef E_NOTIMPL
# define E_NOTIMPL           ((HRESULT) 0x80004001u)
#endif
#ifndef E_HANDLE
# define E_HANDLE            ((HRESULT) 0x80070006u)
#endif

/* WER's own HRESULTs: HRESULT_FROM_WIN32 of the Win32 codes, as in the SDK. */
#define WER_E_INSUFFICIENT_BUFFER ((HRESULT) 0x8007007Au)  /* HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER) */
#define WER_E_NOT_FOUND           ((HRESULT) 0x80070490u)  /* HRESULT_FROM_WIN32 (ERROR_NOT_FOUND) */
#define WER_E_INVALID_STATE       ((HRESULT) 0x8007139Fu)  /* HRESULT_FROM_WIN32 (ERROR_INVALID_STATE) */
#define WER_E_LENGTH_EXCEEDED     ((HRESULT) 0x80070503u)  /* HRESULT_FROM_WIN32 (ERROR_PARAMETER_QUOTA_EXCEEDED = 1283) */
#define WER_E_MISSING_DUMP        ((HRESULT) 0x8007023Du)  /* HRESULT_FROM_WIN32 (ERROR_MISSING_SYSTEMFILE = 573) */
#define WER_E_CABBING_FAILURE     ((HRESULT) 0x8007001Fu)  /* HRESULT_FROM_WIN32 (ERROR_GEN_FAILURE = 31) */

/* ---- Registration limits ---- */
#define WER_MAX_REGISTERED_ENTRIES         512
#define WER_MAX_MEM_BLOCK_SIZE             (64 * 1024)
#define WER_MAX_REGISTERED_METADATA        8
#define WER_MAX_REGISTERED_DUMPCOLLECTION  4
#define WER_METADATA_KEY_MAX_LENGTH        64
#define WER_METADATA_VALUE_MAX_LENGTH      128

/* Registered file types and flags. */
typedef enum _WER_REGISTER_FILE_TYPE
{
  WerRegFileTypeUserDocument = 1,
  WerRegFileTypeOther        = 2,
  WerRegFileTypeMax
} WER_REGISTER_FILE_TYPE;

#define WER_FILE_DELETE_WHEN_DONE  1  /* delete the file once it is in the report */
#define WER_FILE_ANONYMOUS_DATA    2  /* the file holds no personal data */
#define WER_FILE_COMPRESSED        4  /* (WerReportAddFile only) the file is already compressed */

/* Fault-reporting flags (WerSetFlags / WerGetFlags). */
#define WER_FAULT_REPORTING_FLAG_NOHEAP                    1
#define WER_FAULT_REPORTING_FLAG_QUEUE                     2
#define WER_FAULT_REPORTING_FLAG_DISABLE_THREAD_SUSPENSION 4
#define WER_FAULT_REPORTING_FLAG_QUEUE_UPLOAD              8
#define WER_FAULT_REPORTING_ALWAYS_SHOW_UI                 16
#define WER_FAULT_REPORTING_NO_UI                          32
#define WER_FAULT_REPORTING_FLAG_NO_HEAP_ON_QUEUE          64
#define WER_FAULT_REPORTING_DISABLE_SNAPSHOT_CRASH         128
#define WER_FAULT_REPORTING_DISABLE_SNAPSHOT_HANG          256
#define WER_FAULT_REPORTING_CRITICAL                       512
#define WER_FAULT_REPORTING_DURABLE                        1024

/* Dump types (also used by WerReportAddDump). */
typedef enum _WER_DUMP_TYPE
{
  WerDumpTypeNone       = 0,
  WerDumpTypeMicroDump  = 1,
  WerDumpTypeMiniDump   = 2,
  WerDumpTypeHeapDump   = 3,
  WerDumpTypeTriageDump = 4,
  WerDumpTypeMax        = 5
} WER_DUMP_TYPE;

/* GetCurrentProcess (): the pseudo-handle of the current process, as on
 * Windows; the only process handle WerGetFlags accepts here (NULL means the
 * same). GetCurrentProcessId/GetCurrentThreadId: getpid/gettid, for
 * WerRegisterAdditionalProcess. Define PM_NO_WIN32_PROCESS_HELPERS if another
 * header already provides them. */
#ifndef PM_NO_WIN32_PROCESS_HELPERS
#include <unistd.h>
static inline HANDLE GetCurrentProcess (void) { return (HANDLE) (intptr_t) -1; }
static inline DWORD  GetCurrentProcessId (void) { return (DWORD) getpid (); }
static inline DWORD  GetCurrentThreadId (void) { return (DWORD) pm_get_thread_id (); }
#endif

/* ---- Registration (libpostmortem) ----
 * Strings: UTF-32 wchar_t, converted to UTF-8 in fixed buffers (no allocation).
 * A key longer than 64 characters, a value longer than 128 or with a
 * character outside printable ASCII, an unpaired surrogate or a code point
 * above U+10FFFF in a path: E_INVALIDARG. */
PM_EXPORT HRESULT WINAPI WerRegisterMemoryBlock            (PVOID pvAddress, DWORD dwSize);
PM_EXPORT HRESULT WINAPI WerUnregisterMemoryBlock          (PVOID pvAddress);
PM_EXPORT HRESULT WINAPI WerRegisterExcludedMemoryBlock    (const void *address, DWORD size);
PM_EXPORT HRESULT WINAPI WerUnregisterExcludedMemoryBlock  (const void *address);
PM_EXPORT HRESULT WINAPI WerRegisterFile                   (PCWSTR pwzFile, WER_REGISTER_FILE_TYPE regFileType, DWORD dwFlags);
PM_EXPORT HRESULT WINAPI WerUnregisterFile                 (PCWSTR pwzFilePath);
PM_EXPORT HRESULT WINAPI WerRegisterCustomMetadata         (PCWSTR key, PCWSTR value);
PM_EXPORT HRESULT WINAPI WerUnregisterCustomMetadata       (PCWSTR key);
PM_EXPORT HRESULT WINAPI WerRegisterAdditionalProcess      (DWORD processId, DWORD captureExtraInfoForThreadId);
PM_EXPORT HRESULT WINAPI WerUnregisterAdditionalProcess    (DWORD processId);
/* dwFlags: WER_FAULT_REPORTING_* (unknown bits: E_INVALIDARG). */
PM_EXPORT HRESULT WINAPI WerSetFlags                       (DWORD dwFlags);
/* hProcess: GetCurrentProcess () or NULL (another process: E_HANDLE);
 * pdwFlags NULL: E_INVALIDARG. */
PM_EXPORT HRESULT WINAPI WerGetFlags                       (HANDLE hProcess, PDWORD pdwFlags);

/* Maps a PmResult to its HRESULT (the table above). */
PM_EXPORT HRESULT pm_result_to_hresult (PmResult result);

/* ==== BEGIN report and store API (libpostmortem-store; owner: the store) ====
 * WerReport*, WerStore*, WerAddExcludedApplication... are declared below this
 * line by the store part. Keep the registration part above untouched. */

/* ==== END report and store API ==== */

#ifdef __cplusplus
}
#endif
