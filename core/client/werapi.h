/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* werapi.h — Windows Error Reporting's API names on Linux, over Postmortem.
 *
 * Runs in: the application. The registration functions (WerRegister*,
 * WerUnregister*, WerSetFlags, WerGetFlags) live in libpostmortem, like
 * kernel32 on Windows; the report and store functions (WerReport*, WerStore*,
 * WerAddExcludedApplication…) live in libpostmortem-store, like wer.dll, and
 * are declared in the last sections, with Wait Chain Traversal (OpenThreadWaitChainSession,
 * GetThreadWaitChain, CloseThreadWaitChainSession; advapi32 on Windows).
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
typedef int             BOOL, *PBOOL;
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
#define WER_FAULT_REPORTING_DISABLE_SNAPSHOT_HANG          256  /* accepted; no effect (hang dumps are live anyway) */
#define WER_FAULT_REPORTING_CRITICAL                       512
#define WER_FAULT_REPORTING_DURABLE                        1024

/* Hangs: WER has no API for them in the application (Windows notices a hung window itself);
 * Postmortem's own heartbeat watchdog is in postmortem.h (pm_hang_watchdog_start,
 * pm_hang_heartbeat, pm_hang_watchdog_stop) and postmortem-glib.h. Its reports carry WER's
 * AppHangB1 event type and parameters. */

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
 * character outside printable ASCII, a file path longer than MAX_PATH (260)
 * characters (or 1023 bytes of UTF-8), an unpaired surrogate or a code point
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

/* ---- Application restart and recovery (kernel32 on Windows; libpostmortem) ----
 * Semantics in postmortem.h (pm_register_application_restart,
 * pm_register_recovery_callback). pwzCommandline: the arguments without the
 * program, at most RESTART_MAX_CMD_LINE characters with the NUL (and 1023
 * bytes of UTF-8), no control characters; NULL or L"": no arguments.
 * Unknown flags, a ping interval above RECOVERY_MAX_PING_INTERVAL or dwFlags
 * != 0 for recovery: E_INVALIDARG. hProcess: GetCurrentProcess () or NULL
 * (another process: E_HANDLE). Nothing registered: WER_E_NOT_FOUND
 * (HRESULT_FROM_WIN32 (ERROR_NOT_FOUND)). GetApplicationRestartSettings:
 * *pcchSize is in characters with the NUL; a NULL or too small buffer gives
 * WER_E_INSUFFICIENT_BUFFER with the size needed in *pcchSize.
 * ApplicationRecoveryInProgress outside a recovery: E_FAIL. */
#define RESTART_MAX_CMD_LINE             1024
#define RESTART_NO_CRASH                 1
#define RESTART_NO_HANG                  2
#define RESTART_NO_PATCH                 4
#define RESTART_NO_REBOOT                8
#define RECOVERY_DEFAULT_PING_INTERVAL   5000
#define RECOVERY_MAX_PING_INTERVAL       (5 * 60 * 1000)

typedef DWORD (WINAPI *APPLICATION_RECOVERY_CALLBACK) (PVOID pvParameter);

PM_EXPORT HRESULT WINAPI RegisterApplicationRestart            (PCWSTR pwzCommandline, DWORD dwFlags);
PM_EXPORT HRESULT WINAPI UnregisterApplicationRestart          (void);
PM_EXPORT HRESULT WINAPI GetApplicationRestartSettings         (HANDLE hProcess, PWSTR pwzCommandline,
                                                                PDWORD pcchSize, PDWORD pdwFlags);
PM_EXPORT HRESULT WINAPI RegisterApplicationRecoveryCallback   (APPLICATION_RECOVERY_CALLBACK pRecoveyCallback,
                                                                PVOID pvParameter, DWORD dwPingInterval,
                                                                DWORD dwFlags);
PM_EXPORT HRESULT WINAPI UnregisterApplicationRecoveryCallback (void);
PM_EXPORT HRESULT WINAPI GetApplicationRecoveryCallback        (HANDLE hProcess,
                                                                APPLICATION_RECOVERY_CALLBACK *pRecoveryCallback,
                                                                PVOID *ppvParameter, PDWORD pdwPingInterval,
                                                                PDWORD pdwFlags);
PM_EXPORT HRESULT WINAPI ApplicationRecoveryInProgress         (PBOOL pbCancelled);
PM_EXPORT void    WINAPI ApplicationRecoveryFinished           (BOOL bSuccess);

/* Maps a PmResult to its HRESULT (the table above). */
PM_EXPORT HRESULT pm_result_to_hresult (PmResult result);

/* ---- Report and store API (libpostmortem-store, like wer.dll) ----
 * WerReport*, WerStore*, WerFreeString, WerAdd/RemoveExcludedApplication:
 * link with pkg-config postmortem-store-1. They carry the store's export mark,
 * PM_STORE_AVAILABLE_IN_ALL (defined as in <postmortem-store.h>, so this header
 * needs no header of the store). */
#ifndef PM_STORE_AVAILABLE_IN_ALL
# ifndef _PM_STORE_EXTERN
#  define _PM_STORE_EXTERN extern
# endif
# define PM_STORE_AVAILABLE_IN_ALL _PM_STORE_EXTERN
#endif

/* Semantics on Linux (see core/store/pm-wer-report.c and pm-wer-store.c):
 * - A report handle is a draft in the user's store ($PM_STORE_DIR, else
 *   $XDG_DATA_HOME/postmortem); WerReportSubmit publishes it into queue/
 *   (every accepted report is queued; nothing is uploaded synchronously: the
 *   application or `postmortemctl submit` sends queued reports).
 * - A process HANDLE is GetCurrentProcess (), NULL (the same), a pid cast to
 *   HANDLE (WER_PROCESS_HANDLE_FROM_PID) or a pidfd (WER_PROCESS_HANDLE_FROM_PIDFD).
 * - Strings returned to the caller (report keys) are freed with WerFreeString.
 * - Lengths are counted in characters (wchar_t) without the terminating NUL. */

/* Windows structs used below (skipped if another header already gave them). */
#ifndef PM_WIN32_WER_TYPES_DEFINED
#define PM_WIN32_WER_TYPES_DEFINED 1
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef struct _FILETIME
{
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME;
typedef struct _GUID
{
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t  Data4[8];
} GUID;
#endif

#define WER_PROCESS_HANDLE_FROM_PID(pid)    ((HANDLE) (intptr_t) (pid))
#define WER_PROCESS_HANDLE_FROM_PIDFD(fd)   ((HANDLE) (intptr_t) (-2 - (intptr_t) (fd)))

typedef HANDLE HREPORT;
typedef HANDLE HREPORTSTORE, *PHREPORTSTORE;

#define APPCRASH_EVENT                     L"APPCRASH"
#define WER_MAX_SIGNATURE_NAME_LENGTH      128
#define WER_MAX_EVENT_NAME_LENGTH          64
#define WER_MAX_PARAM_LENGTH               MAX_PATH
#define WER_MAX_PARAM_COUNT                10
#define WER_MAX_FRIENDLY_EVENT_NAME_LENGTH 128
#define WER_MAX_APPLICATION_NAME_LENGTH    128
#define WER_MAX_DESCRIPTION_LENGTH         512
#define WER_MAX_BUCKET_ID_STRING_LENGTH    MAX_PATH
#define WER_MAX_TOTAL_PARAM_LENGTH         1720
#define WER_MAX_PREFERRED_MODULES          128
#define WER_MAX_PREFERRED_MODULES_BUFFER   256

#define WER_P0 0
#define WER_P1 1
#define WER_P2 2
#define WER_P3 3
#define WER_P4 4
#define WER_P5 5
#define WER_P6 6
#define WER_P7 7
#define WER_P8 8
#define WER_P9 9

/* Win32 codes returned by the store functions. */
#ifndef ERROR_FILE_NOT_FOUND
# define ERROR_FILE_NOT_FOUND  2L
#endif
#ifndef ERROR_ACCESS_DENIED
# define ERROR_ACCESS_DENIED   5L
#endif
#ifndef ERROR_NO_MORE_FILES
# define ERROR_NO_MORE_FILES   18L
#endif
#ifndef ERROR_DISK_FULL
# define ERROR_DISK_FULL       112L
#endif
#ifndef E_ACCESSDENIED
# define E_ACCESSDENIED        ((HRESULT) 0x80070005u)
#endif

typedef enum _WER_REPORT_TYPE
{
  WerReportNonCritical      = 0,
  WerReportCritical         = 1,
  WerReportApplicationCrash = 2,
  WerReportApplicationHang  = 3,
  WerReportKernel           = 4,
  WerReportInvalid          = 5
} WER_REPORT_TYPE;

typedef struct _WER_REPORT_INFORMATION
{
  DWORD  dwSize;                                        /* sizeof (WER_REPORT_INFORMATION) */
  HANDLE hProcess;                                      /* NULL: the calling process */
  WCHAR  wzConsentKey[64];
  WCHAR  wzFriendlyEventName[128];
  WCHAR  wzApplicationName[128];                        /* empty: the process's executable name */
  WCHAR  wzApplicationPath[MAX_PATH];                   /* empty: the process's executable path */
  WCHAR  wzDescription[512];
  HWND   hwndParent;                                    /* ignored */
} WER_REPORT_INFORMATION, *PWER_REPORT_INFORMATION;

typedef enum _WER_FILE_TYPE
{
  WerFileTypeMicrodump     = 1,
  WerFileTypeMinidump      = 2,
  WerFileTypeHeapdump      = 3,
  WerFileTypeUserDocument  = 4,
  WerFileTypeOther         = 5,
  WerFileTypeTriagedump    = 6,
  WerFileTypeCustomDump    = 7,
  WerFileTypeAuxiliaryDump = 8,
  WerFileTypeEtlTrace      = 9,
  WerFileTypeMax
} WER_FILE_TYPE;

typedef enum _WER_REPORT_UI
{
  WerUIAdditionalDataDlgHeader  = 1,
  WerUIIconFilePath             = 2,
  WerUIConsentDlgHeader         = 3,
  WerUIConsentDlgBody           = 4,
  WerUIOnlineSolutionCheckText  = 5,
  WerUIOfflineSolutionCheckText = 6,
  WerUICloseText                = 7,
  WerUICloseDlgHeader           = 8,
  WerUICloseDlgBody             = 9,
  WerUICloseDlgButtonText       = 10,
  WerUICustomActionButtonText   = 11,
  WerUIMax
} WER_REPORT_UI;

typedef enum _WER_CONSENT
{
  WerConsentNotAsked     = 1,
  WerConsentApproved     = 2,
  WerConsentDenied       = 3,
  WerConsentAlwaysPrompt = 4,
  WerConsentMax
} WER_CONSENT;

typedef enum _WER_SUBMIT_RESULT
{
  WerReportQueued            = 1,
  WerReportUploaded          = 2,
  WerReportDebug             = 3,
  WerReportFailed            = 4,
  WerDisabled                = 5,
  WerReportCancelled         = 6,
  WerDisabledQueue           = 7,
  WerReportAsync             = 8,
  WerCustomAction            = 9,
  WerThrottled               = 10,
  WerReportUploadedCab       = 11,
  WerStorageLocationNotFound = 12,
  WerSubmitResultMax
} WER_SUBMIT_RESULT, *PWER_SUBMIT_RESULT;

#define WER_SUBMIT_HONOR_RECOVERY                 1
#define WER_SUBMIT_HONOR_RESTART                  2
#define WER_SUBMIT_QUEUE                          4
#define WER_SUBMIT_SHOW_DEBUG                     8
#define WER_SUBMIT_ADD_REGISTERED_DATA            16
#define WER_SUBMIT_OUTOFPROCESS                   32
#define WER_SUBMIT_NO_CLOSE_UI                    64
#define WER_SUBMIT_NO_QUEUE                       128
#define WER_SUBMIT_NO_ARCHIVE                     256
#define WER_SUBMIT_START_MINIMIZED                512
#define WER_SUBMIT_OUTOFPROCESS_ASYNC             1024
#define WER_SUBMIT_BYPASS_DATA_THROTTLING         2048
#define WER_SUBMIT_ARCHIVE_PARAMETERS_ONLY        4096
#define WER_SUBMIT_REPORT_MACHINE_ID              8192
#define WER_SUBMIT_BYPASS_POWER_THROTTLING        16384
#define WER_SUBMIT_BYPASS_NETWORK_COST_THROTTLING 32768

/* WerReportAddDump flags. */
#define WER_DUMP_MASK_START        1
#define WER_DUMP_NOHEAP_ONQUEUE    (WER_DUMP_MASK_START << 0)
#define WER_DUMP_AUXILIARY         (WER_DUMP_MASK_START << 1)

/* Accepted for source compatibility; their contents are not used on Linux. */
typedef struct _WER_EXCEPTION_INFORMATION
{
  void *pExceptionPointers;
  BOOL  bClientPointers;
} WER_EXCEPTION_INFORMATION, *PWER_EXCEPTION_INFORMATION;

typedef struct _WER_DUMP_CUSTOM_OPTIONS
{
  DWORD dwSize;
  DWORD dwMask;
  DWORD dwDumpFlags;
  BOOL  bOnlyThisThread;
  DWORD dwExceptionThreadFlags;
  DWORD dwOtherThreadFlags;
  DWORD dwExceptionThreadExFlags;
  DWORD dwOtherThreadExFlags;
  DWORD dwPreferredModuleFlags;
  DWORD dwOtherModuleFlags;
  WCHAR wzPreferredModuleList[WER_MAX_PREFERRED_MODULES_BUFFER];
} WER_DUMP_CUSTOM_OPTIONS, *PWER_DUMP_CUSTOM_OPTIONS;

typedef enum _REPORT_STORE_TYPES
{
  E_STORE_USER_ARCHIVE    = 0,
  E_STORE_USER_QUEUE      = 1,
  E_STORE_MACHINE_ARCHIVE = 2,
  E_STORE_MACHINE_QUEUE   = 3,
  E_STORE_INVALID         = 4
} REPORT_STORE_TYPES;

typedef struct _WER_REPORT_PARAMETER
{
  WCHAR Name[WER_MAX_SIGNATURE_NAME_LENGTH + 1];
  WCHAR Value[WER_MAX_PARAM_LENGTH];
} WER_REPORT_PARAMETER, *PWER_REPORT_PARAMETER;

typedef struct _WER_REPORT_SIGNATURE
{
  WCHAR                EventName[WER_MAX_EVENT_NAME_LENGTH + 1];
  WER_REPORT_PARAMETER Parameters[WER_MAX_PARAM_COUNT];
} WER_REPORT_SIGNATURE, *PWER_REPORT_SIGNATURE;

/* FileNames: SizeOfFileNames bytes the caller allocates after a first call with
 * SizeOfFileNames 0 (which fails with HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER)
 * and sets SizeOfFileNames and NumberOfFiles); filled with the names, each
 * NUL-terminated, and one more NUL at the end. */
typedef struct _WER_REPORT_METADATA_V2
{
  WER_REPORT_SIGNATURE Signature;
  GUID                 BucketId;        /* the 64-bit bucket in its first 8 bytes */
  GUID                 ReportId;        /* ReportIdentifier */
  FILETIME             CreationTime;    /* EventTime */
  ULONGLONG            SizeInBytes;
  WCHAR                CabId[MAX_PATH];
  DWORD                ReportStatus;
  GUID                 ReportIntegratorId;
  DWORD                NumberOfFiles;
  DWORD                SizeOfFileNames;
  WCHAR               *FileNames;
} WER_REPORT_METADATA_V2, *PWER_REPORT_METADATA_V2;

typedef struct _WER_REPORT_METADATA_V3
{
  WER_REPORT_SIGNATURE Signature;
  GUID                 BucketId;
  GUID                 ReportId;
  FILETIME             CreationTime;
  ULONGLONG            SizeInBytes;
  WCHAR                CabId[MAX_PATH];
  DWORD                ReportStatus;
  GUID                 ReportIntegratorId;
  DWORD                NumberOfFiles;
  DWORD                SizeOfFileNames;
  WCHAR               *FileNames;
  WCHAR                FriendlyEventName[WER_MAX_FRIENDLY_EVENT_NAME_LENGTH];
  WCHAR                ApplicationName[WER_MAX_APPLICATION_NAME_LENGTH];
  WCHAR                ApplicationPath[MAX_PATH];
  WCHAR                Description[WER_MAX_DESCRIPTION_LENGTH];
  WCHAR                BucketIdString[WER_MAX_BUCKET_ID_STRING_LENGTH];  /* Response.BucketId */
  ULONGLONG            LegacyBucketId;                                    /* the same, as a number */
} WER_REPORT_METADATA_V3, *PWER_REPORT_METADATA_V3;

/* ---- Reports (libpostmortem-store) ---- */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportCreate               (PCWSTR pwzEventType, WER_REPORT_TYPE repType,
                                                                        PWER_REPORT_INFORMATION pReportInformation,
                                                                        HREPORT *phReportHandle);
/* Px needs P0..Px-1 set first (E_INVALIDARG otherwise). */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportSetParameter         (HREPORT hReportHandle, DWORD dwparamID,
                                                                        PCWSTR pwzName, PCWSTR pwzValue);
/* The file is copied into the report now; WER_FILE_DELETE_WHEN_DONE deletes the
 * original once the report is submitted. */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportAddFile              (HREPORT hReportHandle, PCWSTR pwzPath,
                                                                        WER_FILE_TYPE repFileType, DWORD dwFileFlags);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportSetUIOption          (HREPORT hReportHandle, WER_REPORT_UI repUITypeID,
                                                                        PCWSTR pwzValue);
/* Runs postmortem-dumper on the process now and adds the dump to the report.
 * With WER_DUMP_NOHEAP_ONQUEUE a heap dump becomes a minidump (reports are always
 * queued here). hThread, pExceptionParam and pDumpCustomOptions are not used. */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportAddDump              (HREPORT hReportHandle, HANDLE hProcess, HANDLE hThread,
                                                                        WER_DUMP_TYPE dumpType,
                                                                        PWER_EXCEPTION_INFORMATION pExceptionParam,
                                                                        PWER_DUMP_CUSTOM_OPTIONS pDumpCustomOptions,
                                                                        DWORD dwFlags);
/* Queues the report (WerReportQueued), or counts it on a queued report of the same
 * bucket (WerThrottled, unless WER_SUBMIT_BYPASS_DATA_THROTTLING). An excluded
 * application: WerDisabled. WER_SUBMIT_NO_QUEUE: WerDisabledQueue (nothing kept).
 * WerConsentDenied: archived as declined (nothing kept with WER_SUBMIT_NO_ARCHIVE),
 * WerReportCancelled. */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportSubmit               (HREPORT hReportHandle, WER_CONSENT consent,
                                                                        DWORD dwFlags, PWER_SUBMIT_RESULT pSubmitResult);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerReportCloseHandle          (HREPORT hReportHandle);

/* ---- The report store (libpostmortem-store) ---- */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreOpen                  (REPORT_STORE_TYPES repStoreType, PHREPORTSTORE phReportStore);
PM_STORE_AVAILABLE_IN_ALL void    WINAPI WerStoreClose                 (HREPORTSTORE hReportStore);
/* HRESULT_FROM_WIN32 (ERROR_NO_MORE_FILES) when there is none (more). Oldest first. */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreGetFirstReportKey     (HREPORTSTORE hReportStore, PCWSTR *ppszReportKey);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreGetNextReportKey      (HREPORTSTORE hReportStore, PCWSTR *ppszReportKey);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreQueryReportMetadataV2 (HREPORTSTORE hReportStore, PCWSTR pszReportKey,
                                                                        PWER_REPORT_METADATA_V2 pReportMetadata);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreQueryReportMetadataV3 (HREPORTSTORE hReportStore, PCWSTR pszReportKey,
                                                                        PWER_REPORT_METADATA_V3 pReportMetadata);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreGetReportCount        (HREPORTSTORE hReportStore, DWORD *pdwReportCount);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStoreGetSizeOnDisk         (HREPORTSTORE hReportStore, ULONGLONG *pqwSizeInBytes);
/* Deletes every report of the user's store (queue and archive). */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerStorePurge                 (void);
PM_STORE_AVAILABLE_IN_ALL void    WINAPI WerFreeString                 (PCWSTR pwszStr);

/* pwzExeName: the application name (the executable's file name). bAllUsers: the
 * system settings ($PM_SYSTEM_SETTINGS_FILE, else /etc/postmortem/settings.ini;
 * E_ACCESSDENIED unless root). Removing one that is not excluded: WER_E_NOT_FOUND. */
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerAddExcludedApplication     (PCWSTR pwzExeName, BOOL bAllUsers);
PM_STORE_AVAILABLE_IN_ALL HRESULT WINAPI WerRemoveExcludedApplication  (PCWSTR pwzExeName, BOOL bAllUsers);

/* ---- Wait Chain Traversal (libpostmortem-store, like advapi32's wct.h) ----
 * What a thread waits for, as pm_wait_chain_session_get_chain() computes it (see
 * pm-wait-chain.h for what is followed on Linux: glibc and PI mutexes to their owner,
 * pipes and Unix sockets to the process at the other end, children, tracers).
 *
 * - Synchronous sessions only: OpenThreadWaitChainSession with WCT_ASYNC_OPEN_FLAG
 *   returns NULL with errno ENOTSUP (Windows' ERROR_NOT_SUPPORTED); the callback is not
 *   used.
 * - Where Windows sets the thread's last error these set errno: EINVAL
 *   (ERROR_INVALID_PARAMETER: a NULL handle or pointer, unknown flags), ESRCH (no such
 *   thread), ENOBUFS (ERROR_MORE_DATA: the array is too small; *NodeCount then holds the
 *   number needed), ENOMEM, EIO (/proc unreadable).
 * - ThreadId is a Linux thread ID (TIDs are unique system-wide, as on Windows).
 * - Without WCT_OUT_OF_PROC_FLAG the chain stops at the first node of another process
 *   (as on Windows); WCT_OUT_OF_PROC_COM_FLAG, WCT_OUT_OF_PROC_CS_FLAG and
 *   WCT_NETWORK_IO_FLAG are accepted and change nothing. Context is not used.
 * - Node types: thread → WctThreadType (a process that cannot be read: WctThreadType with
 *   WctStatusPidOnly and ThreadId 0); glibc mutex → WctCriticalSectionType; PI futex →
 *   WctMutexType; another futex (condition variable, semaphore) → WctUnknownType; pipe →
 *   WctAlpcType; Unix socket → WctSocketIoType; waitpid/waitid → WctProcessWaitType; a
 *   tracer's stop and pthread_join → WctThreadWaitType. LockObject.ObjectName is the object of
 *   pm_wait_node_get_object() ("0x7f…", "pipe:[INODE]", "child PID"…); Timeout is 0 and
 *   Alertable FALSE. ThreadObject.WaitTime and ContextSwitches are 0.
 * - Status: a thread that runs WctStatusRunning, waits (on anything) WctStatusBlocked,
 *   cannot be read WctStatusNoAccess, has exited WctStatusError; objects WctStatusOwned,
 *   WctStatusNotOwned, WctStatusAbandoned (owner exited), WctStatusNoAccess. */
#define WCT_MAX_NODE_COUNT        16
#define WCT_OBJNAME_LENGTH        128
#define WCT_ASYNC_OPEN_FLAG       0x1
#define WCTP_OPEN_ALL_FLAGS       WCT_ASYNC_OPEN_FLAG
#define WCT_OUT_OF_PROC_FLAG      0x1
#define WCT_OUT_OF_PROC_COM_FLAG  0x2
#define WCT_OUT_OF_PROC_CS_FLAG   0x4
#define WCT_NETWORK_IO_FLAG       0x8
#define WCTP_GETINFO_ALL_FLAGS    (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG)

#ifndef PM_WIN32_WCT_TYPES_DEFINED
#define PM_WIN32_WCT_TYPES_DEFINED 1
typedef DWORD          *LPDWORD;
typedef BOOL           *LPBOOL;
typedef uintptr_t       DWORD_PTR;
typedef int64_t         LONGLONG;
typedef union _LARGE_INTEGER
{
  struct
  {
    DWORD LowPart;
    LONG  HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER;
#endif

typedef enum _WCT_OBJECT_TYPE
{
  WctCriticalSectionType = 1,
  WctSendMessageType,
  WctMutexType,
  WctAlpcType,
  WctComType,
  WctThreadWaitType,
  WctProcessWaitType,
  WctThreadType,
  WctComActivationType,
  WctUnknownType,
  WctSocketIoType,
  WctSmbIoType,
  WctMaxType
} WCT_OBJECT_TYPE;

typedef enum _WCT_OBJECT_STATUS
{
  WctStatusNoAccess = 1,
  WctStatusRunning,
  WctStatusBlocked,
  WctStatusPidOnly,
  WctStatusPidOnlyRpcss,
  WctStatusOwned,
  WctStatusNotOwned,
  WctStatusAbandoned,
  WctStatusUnknown,
  WctStatusError,
  WctStatusMax
} WCT_OBJECT_STATUS;

typedef struct _WAITCHAIN_NODE_INFO
{
  WCT_OBJECT_TYPE   ObjectType;
  WCT_OBJECT_STATUS ObjectStatus;
  union
  {
    struct
    {
      WCHAR         ObjectName[WCT_OBJNAME_LENGTH];
      LARGE_INTEGER Timeout;
      BOOL          Alertable;
    } LockObject;
    struct
    {
      DWORD ProcessId;
      DWORD ThreadId;
      DWORD WaitTime;
      DWORD ContextSwitches;
    } ThreadObject;
  };
} WAITCHAIN_NODE_INFO, *PWAITCHAIN_NODE_INFO;

typedef void *HWCT;
typedef void (WINAPI *PWAITCHAINCALLBACK) (HWCT WctHandle, DWORD_PTR Context, DWORD CallbackStatus,
                                           LPDWORD NodeCount, PWAITCHAIN_NODE_INFO NodeInfoArray,
                                           LPBOOL IsCycle);

/* NULL with errno ENOTSUP for WCT_ASYNC_OPEN_FLAG, EINVAL for other flags. */
PM_STORE_AVAILABLE_IN_ALL HWCT    WINAPI OpenThreadWaitChainSession    (DWORD Flags, PWAITCHAINCALLBACK callback);
PM_STORE_AVAILABLE_IN_ALL void    WINAPI CloseThreadWaitChainSession   (HWCT WctHandle);
/* *NodeCount: on input the number of elements of NodeInfoArray, on output the number of
 * nodes written (or needed, with ENOBUFS). */
PM_STORE_AVAILABLE_IN_ALL BOOL    WINAPI GetThreadWaitChain            (HWCT WctHandle, DWORD_PTR Context, DWORD Flags,
                                                                        DWORD ThreadId, LPDWORD NodeCount,
                                                                        PWAITCHAIN_NODE_INFO NodeInfoArray,
                                                                        LPBOOL IsCycle);

#ifdef __cplusplus
}
#endif
