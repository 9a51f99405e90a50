/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump.h — PmDump: one opened minidump, shared by the dump view's pages.
 *
 * Runs in: the postmortem GUI process. Opened in a worker thread, then used
 * from the GTK main thread only (the reader is not thread-safe).
 *
 * A GObject around the libc reader (pm-minidump-reader.h). The file is
 * mapped, not read: opening a 1 GiB heap dump costs the stream directory,
 * and each page of the dump view reads only the rows it shows.
 */
#pragma once

#include <gio/gio.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

#define PM_TYPE_DUMP (pm_dump_get_type ())

G_DECLARE_FINAL_TYPE (PmDump, pm_dump, PM, DUMP, GObject)

/* Opens @path now. PM_ERROR_NOT_FOUND, PM_ERROR_CORRUPT (not a minidump, or
 * malformed: the message names what and where), PM_ERROR_FAILED (I/O). */
PmDump       *pm_dump_new_for_path        (const char          *path,
                                           GError             **error);
/* Opens @fd (taken: closed when done) in a worker thread; @name is for messages. */
void          pm_dump_load_fd_async       (int                  fd,
                                           const char          *name,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void          pm_dump_load_file_async     (GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PmDump       *pm_dump_load_finish         (GAsyncResult        *result,
                                           GError             **error);

PmMinidump   *pm_dump_get_reader          (PmDump              *self);
/* A second reader of the same file, for a worker thread (the first one is the
 * main thread's: the reader is not thread-safe). Close it with
 * pm_minidump_close() in that thread. */
PmMinidump   *pm_dump_open_reader         (PmDump              *self,
                                           GError             **error);
const char   *pm_dump_get_name            (PmDump              *self);
/* TRUE for 64-bit CPUs (addresses print with 16 digits). */
gboolean      pm_dump_is_64bit            (PmDump              *self);
/* "0x00007f…" with the width of the dump's CPU. */
char         *pm_dump_format_address      (PmDump              *self,
                                           guint64              address);
/* The bytes of captured memory range @index (zero-copy, keeps the dump alive). */
GBytes       *pm_dump_dup_memory_range    (PmDump              *self,
                                           gsize                index,
                                           guint64             *start);
/* The captured memory that contains @address, from that range's start (zero-copy). */
GBytes       *pm_dump_dup_memory_at       (PmDump              *self,
                                           guint64              address,
                                           guint64             *start);
/* The raw bytes of stream @index of the directory, or NULL when unreadable. */
GBytes       *pm_dump_dup_stream          (PmDump              *self,
                                           gsize                index);
/* "libc.so.6" for "/usr/lib/x86_64-linux-gnu/libc.so.6" (module @index). */
char         *pm_dump_dup_module_path     (PmDump              *self,
                                           gsize                index);
/* "libc.so.6+0x1234", or the address when no module holds it. */
char         *pm_dump_describe_address    (PmDump              *self,
                                           guint64              address);
/* The name of thread @thread_id, or NULL. */
char         *pm_dump_dup_thread_name     (PmDump              *self,
                                           guint32              thread_id);

typedef struct
{
  const char *name;
  guint64     value;
  guint       width;   /* bytes: 4 or 8 */
} PmRegister;

/* The general registers of @context, in the CPU's usual order. */
GArray       *pm_dump_list_registers      (PmDump              *self,
                                           const PmMdContext   *context);

G_END_DECLS
