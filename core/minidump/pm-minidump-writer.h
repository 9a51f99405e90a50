/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-writer.h — a streaming minidump writer.
 *
 * Runs in: postmortem-dumper (an ordinary process); libc only, no GLib, so it
 * can also serve code that must stay small.
 *
 * The file is written front to back exactly once: the header and a reserved
 * stream directory first, then stream data appended as it is produced (small
 * records through a reused 64 KiB buffer, large blocks of memory straight to
 * the file), and at the end the directory and the header's stream count are
 * patched in place with pwrite() at their offsets. Nothing proportional to the
 * size of the dump is ever held in memory.
 *
 * Every function returns 0 (or a non-negative value) on success and a
 * negative errno on failure; after a failure the writer stays failed and
 * pm_minidump_writer_finish() reports the first error.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PM_MINIDUMP_WRITER_BUFFER_SIZE  (64 * 1024)
#define PM_MINIDUMP_WRITER_MAX_STREAMS  64

typedef struct
{
  uint32_t type;
  uint32_t size;
  uint32_t rva;
} PmMinidumpWriterStream;

typedef struct
{
  int       fd;
  int       error;                /* first negative errno, sticky */
  uint64_t  offset;               /* file offset where the next byte goes */
  uint64_t  base;                 /* file offset of the minidump header */
  uint32_t  time_date_stamp;
  uint64_t  flags;                /* MINIDUMP_TYPE bits for the header */

  size_t    buffered;             /* bytes of buf not yet written */
  uint8_t   buf[PM_MINIDUMP_WRITER_BUFFER_SIZE];

  PmMinidumpWriterStream streams[PM_MINIDUMP_WRITER_MAX_STREAMS];
  uint32_t  n_streams;
  int       stream_open;          /* between begin_stream and end_stream */
  uint64_t  stream_start;
} PmMinidumpWriter;

/* Starts a minidump at the current position of fd (normally 0). */
int      pm_minidump_writer_init          (PmMinidumpWriter *writer, int fd, uint32_t time_date_stamp, uint64_t flags);

/* The RVA the next appended byte will have. Meaningful only while the file
 * is below 4 GiB (RVAs are 32-bit); only reserved data may lie beyond. */
uint32_t pm_minidump_writer_tell          (PmMinidumpWriter *writer);
/* Pads with zeros to a multiple of alignment (a power of two). */
int      pm_minidump_writer_align         (PmMinidumpWriter *writer, uint32_t alignment);
/* Appends bytes; *rva (may be NULL) receives where they start. */
int      pm_minidump_writer_append        (PmMinidumpWriter *writer, const void *data, size_t len, uint32_t *rva);
/* Appends len zero bytes. */
int      pm_minidump_writer_append_zeros  (PmMinidumpWriter *writer, uint64_t len);
/* Reserves len bytes at the end for the caller to fill with pwrite() on
 * the writer's fd (e.g. from several threads at once); *file_offset
 * receives the fd offset where they start. Bytes never written read as
 * zeros (finish() extends the file over them). */
int      pm_minidump_writer_reserve       (PmMinidumpWriter *writer, uint64_t len, uint64_t *file_offset);
/* Overwrites already-appended bytes at rva (e.g. a count known only later). */
int      pm_minidump_writer_patch         (PmMinidumpWriter *writer, uint32_t rva, const void *data, size_t len);

/* MINIDUMP_STRING: UTF-16LE with a byte length and a NUL; invalid UTF-8
 * bytes become U+FFFD. */
int      pm_minidump_writer_append_string (PmMinidumpWriter *writer, const char *utf8, uint32_t *rva);
/* Crashpad's MinidumpUTF8String: a byte length, the bytes and a NUL. */
int      pm_minidump_writer_append_utf8   (PmMinidumpWriter *writer, const char *utf8, uint32_t *rva);

/* A stream is everything appended between begin and end. */
int      pm_minidump_writer_begin_stream  (PmMinidumpWriter *writer);
int      pm_minidump_writer_end_stream    (PmMinidumpWriter *writer, uint32_t type);
/* Lists bytes already appended at rva as a stream (a list whose entries
 * were reserved before the strings they point at, then patched). */
int      pm_minidump_writer_add_stream_at (PmMinidumpWriter *writer, uint32_t type, uint32_t rva, uint32_t size);
/* Shorthand: begin, append, end. */
int      pm_minidump_writer_add_stream    (PmMinidumpWriter *writer, uint32_t type, const void *data, size_t len);

/* Flushes, writes the directory and the header. Returns the first error. */
int      pm_minidump_writer_finish        (PmMinidumpWriter *writer);
