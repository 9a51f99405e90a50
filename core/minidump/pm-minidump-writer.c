/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-writer.c — a streaming minidump writer: header first, data
 * appended, directory patched at the end.
 *
 * Runs in: postmortem-dumper (an ordinary process); libc only.
 */
#include "pm-minidump-writer.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-minidump-format.h"

/* The header and directory are fixed by the format; the directory is
 * reserved right after the header for the most streams we ever write. */
#define DIRECTORY_RVA ((uint32_t) sizeof (PmMdHeader))
#define DATA_START    (DIRECTORY_RVA + PM_MINIDUMP_WRITER_MAX_STREAMS * (uint32_t) sizeof (PmMdDirectory))

static int
fail (PmMinidumpWriter *writer,
      int               error)
{
  if (writer->error == 0)
    writer->error = error;
  return writer->error;
}

static int
write_all_at (int         fd,
              const void *data,
              size_t      len,
              uint64_t    offset)
{
  const uint8_t *p = data;

  while (len > 0)
    {
      ssize_t n = pwrite (fd, p, len, (off_t) offset);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -errno;
        }
      if (n == 0)
        return -EIO;
      p += n;
      len -= (size_t) n;
      offset += (uint64_t) n;
    }
  return 0;
}

static int
flush (PmMinidumpWriter *writer)
{
  int r;

  if (writer->buffered == 0)
    return 0;
  r = write_all_at (writer->fd, writer->buf, writer->buffered,
                    writer->base + writer->offset - writer->buffered);
  writer->buffered = 0;
  if (r < 0)
    return fail (writer, r);
  return 0;
}

int
pm_minidump_writer_init (PmMinidumpWriter *writer,
                         int               fd,
                         uint32_t          time_date_stamp,
                         uint64_t          flags)
{
  off_t here;

  memset (writer, 0, offsetof (PmMinidumpWriter, buf));
  writer->n_streams = 0;
  writer->stream_open = 0;
  writer->fd = fd;
  writer->time_date_stamp = time_date_stamp;
  writer->flags = flags;
  if (fd < 0)
    return fail (writer, -EBADF);
  here = lseek (fd, 0, SEEK_CUR);
  writer->base = here < 0 ? 0 : (uint64_t) here;   /* a pipe cannot hold a minidump anyway */
  if (here < 0)
    return fail (writer, -ESPIPE);
  /* The header goes first, saying "no streams yet", with the directory
   * space reserved after it; finish() patches the count and fills the
   * directory. A dump cut short is then a valid, empty minidump rather than
   * garbage. */
  {
    PmMdHeader header;
    int r;

    memset (&header, 0, sizeof header);
    header.signature = PM_MD_SIGNATURE;
    header.version = PM_MD_VERSION;
    header.number_of_streams = 0;
    header.stream_directory_rva = DIRECTORY_RVA;
    header.time_date_stamp = time_date_stamp;
    header.flags = flags;
    r = write_all_at (fd, &header, sizeof header, writer->base);
    if (r < 0)
      return fail (writer, r);
  }
  writer->offset = DIRECTORY_RVA;
  return pm_minidump_writer_append_zeros (writer, DATA_START - DIRECTORY_RVA);
}

uint32_t
pm_minidump_writer_tell (PmMinidumpWriter *writer)
{
  return (uint32_t) writer->offset;
}

int
pm_minidump_writer_append (PmMinidumpWriter *writer,
                           const void       *data,
                           size_t            len,
                           uint32_t         *rva)
{
  if (writer->error)
    return writer->error;
  /* RVAs are 32-bit: everything but Memory64List data must stay below 4 GiB.
   * Memory64List data is the last thing written and may go beyond. */
  if (rva != NULL)
    {
      if (writer->offset > UINT32_MAX)
        return fail (writer, -EFBIG);
      *rva = (uint32_t) writer->offset;
    }
  if (len == 0)
    return 0;
  if (len >= PM_MINIDUMP_WRITER_BUFFER_SIZE / 2)
    {
      int r = flush (writer);
      if (r < 0)
        return r;
      r = write_all_at (writer->fd, data, len, writer->base + writer->offset);
      if (r < 0)
        return fail (writer, r);
      writer->offset += len;
      return 0;
    }
  if (writer->buffered + len > sizeof writer->buf)
    {
      int r = flush (writer);
      if (r < 0)
        return r;
    }
  memcpy (writer->buf + writer->buffered, data, len);
  writer->buffered += len;
  writer->offset += len;
  return 0;
}

int
pm_minidump_writer_append_zeros (PmMinidumpWriter *writer,
                                 uint64_t          len)
{
  static const uint8_t zeros[4096];

  while (len > 0)
    {
      size_t n = len < sizeof zeros ? (size_t) len : sizeof zeros;
      int r = pm_minidump_writer_append (writer, zeros, n, NULL);
      if (r < 0)
        return r;
      len -= n;
    }
  return 0;
}

int
pm_minidump_writer_align (PmMinidumpWriter *writer,
                          uint32_t          alignment)
{
  uint64_t pad = (alignment - (writer->offset & (alignment - 1))) & (alignment - 1);
  return pm_minidump_writer_append_zeros (writer, pad);
}

int
pm_minidump_writer_reserve (PmMinidumpWriter *writer,
                            uint64_t          len,
                            uint64_t         *file_offset)
{
  int r;

  if (writer->error)
    return writer->error;
  r = flush (writer);
  if (r < 0)
    return r;
  *file_offset = writer->base + writer->offset;
  writer->offset += len;
  return 0;
}

int
pm_minidump_writer_patch (PmMinidumpWriter *writer,
                          uint32_t          rva,
                          const void       *data,
                          size_t            len)
{
  uint64_t buffered_start = writer->offset - writer->buffered;

  if (writer->error)
    return writer->error;
  if ((uint64_t) rva + len > writer->offset || rva < DATA_START)
    return fail (writer, -EINVAL);
  /* Still in the buffer: patch there, else on disk. */
  if (rva >= buffered_start)
    {
      memcpy (writer->buf + (rva - buffered_start), data, len);
      return 0;
    }
  if ((uint64_t) rva + len > buffered_start)
    {
      int r = flush (writer);
      if (r < 0)
        return r;
    }
  {
    int r = write_all_at (writer->fd, data, len, writer->base + rva);
    if (r < 0)
      return fail (writer, r);
  }
  return 0;
}

/* Decodes one UTF-8 sequence; returns its length, or 1 with U+FFFD for a
 * malformed byte, so any input produces a valid string. */
static size_t
decode_utf8 (const unsigned char *s,
             uint32_t            *cp)
{
  unsigned char c = s[0];
  size_t len;
  uint32_t v, min;

  if (c < 0x80)
    {
      *cp = c;
      return 1;
    }
  if ((c & 0xe0) == 0xc0) { len = 2; v = c & 0x1f; min = 0x80; }
  else if ((c & 0xf0) == 0xe0) { len = 3; v = c & 0x0f; min = 0x800; }
  else if ((c & 0xf8) == 0xf0) { len = 4; v = c & 0x07; min = 0x10000; }
  else { *cp = 0xfffd; return 1; }
  for (size_t i = 1; i < len; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        {
          *cp = 0xfffd;
          return 1;
        }
      v = (v << 6) | (s[i] & 0x3f);
    }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
    {
      *cp = 0xfffd;
      return 1;
    }
  *cp = v;
  return len;
}

int
pm_minidump_writer_append_string (PmMinidumpWriter *writer,
                                  const char       *utf8,
                                  uint32_t         *rva)
{
  const unsigned char *s = (const unsigned char *) (utf8 ? utf8 : "");
  uint32_t units = 0, length_rva, length;
  uint16_t chunk[256];
  size_t n = 0;
  int r;

  r = pm_minidump_writer_align (writer, 4);
  if (r < 0)
    return r;
  length = 0;
  r = pm_minidump_writer_append (writer, &length, sizeof length, &length_rva);
  if (r < 0)
    return r;
  if (rva != NULL)
    *rva = length_rva;
  while (*s)
    {
      uint32_t cp;

      s += decode_utf8 (s, &cp);
      if (n + 2 > sizeof chunk / sizeof chunk[0])
        {
          r = pm_minidump_writer_append (writer, chunk, n * 2, NULL);
          if (r < 0)
            return r;
          n = 0;
        }
      if (cp >= 0x10000)
        {
          cp -= 0x10000;
          chunk[n++] = (uint16_t) (0xd800 + (cp >> 10));
          chunk[n++] = (uint16_t) (0xdc00 + (cp & 0x3ff));
          units += 2;
        }
      else
        {
          chunk[n++] = (uint16_t) cp;
          units += 1;
        }
    }
  chunk[n++] = 0;
  r = pm_minidump_writer_append (writer, chunk, n * 2, NULL);
  if (r < 0)
    return r;
  length = units * 2;   /* bytes, without the terminating NUL */
  return pm_minidump_writer_patch (writer, length_rva, &length, sizeof length);
}

int
pm_minidump_writer_append_utf8 (PmMinidumpWriter *writer,
                                const char       *utf8,
                                uint32_t         *rva)
{
  uint32_t length = (uint32_t) strlen (utf8 ? utf8 : "");
  int r;

  r = pm_minidump_writer_align (writer, 4);
  if (r == 0)
    r = pm_minidump_writer_append (writer, &length, sizeof length, rva);
  if (r == 0)
    r = pm_minidump_writer_append (writer, utf8 ? utf8 : "", length + 1, NULL);
  return r;
}

int
pm_minidump_writer_begin_stream (PmMinidumpWriter *writer)
{
  int r;

  if (writer->error)
    return writer->error;
  if (writer->stream_open)
    return fail (writer, -EINVAL);
  r = pm_minidump_writer_align (writer, 8);
  if (r < 0)
    return r;
  writer->stream_open = 1;
  writer->stream_start = writer->offset;
  return 0;
}

int
pm_minidump_writer_end_stream (PmMinidumpWriter *writer,
                               uint32_t          type)
{
  PmMinidumpWriterStream *s;
  uint64_t size;

  if (writer->error)
    return writer->error;
  if (!writer->stream_open)
    return fail (writer, -EINVAL);
  writer->stream_open = 0;
  if (writer->n_streams == PM_MINIDUMP_WRITER_MAX_STREAMS)
    return fail (writer, -ENOSPC);
  size = writer->offset - writer->stream_start;
  if (writer->stream_start > UINT32_MAX || size > UINT32_MAX)
    return fail (writer, -EFBIG);
  s = &writer->streams[writer->n_streams++];
  s->type = type;
  s->rva = (uint32_t) writer->stream_start;
  s->size = (uint32_t) size;
  return 0;
}

int
pm_minidump_writer_add_stream_at (PmMinidumpWriter *writer,
                                  uint32_t          type,
                                  uint32_t          rva,
                                  uint32_t          size)
{
  PmMinidumpWriterStream *s;

  if (writer->error)
    return writer->error;
  if (writer->stream_open || rva < DATA_START || (uint64_t) rva + size > writer->offset)
    return fail (writer, -EINVAL);
  if (writer->n_streams == PM_MINIDUMP_WRITER_MAX_STREAMS)
    return fail (writer, -ENOSPC);
  s = &writer->streams[writer->n_streams++];
  s->type = type;
  s->rva = rva;
  s->size = size;
  return 0;
}

int
pm_minidump_writer_add_stream (PmMinidumpWriter *writer,
                               uint32_t          type,
                               const void       *data,
                               size_t            len)
{
  int r = pm_minidump_writer_begin_stream (writer);

  if (r == 0)
    r = pm_minidump_writer_append (writer, data, len, NULL);
  if (r == 0)
    r = pm_minidump_writer_end_stream (writer, type);
  return r;
}

int
pm_minidump_writer_finish (PmMinidumpWriter *writer)
{
  PmMdDirectory dir[PM_MINIDUMP_WRITER_MAX_STREAMS];
  int r;

  if (writer->error)
    return writer->error;
  if (writer->stream_open)
    return fail (writer, -EINVAL);
  r = flush (writer);
  if (r < 0)
    return r;
  /* A reserved block at the end may have holes never written: make the
   * file cover them (they read as zeros). */
  {
    struct stat st;

    if (fstat (writer->fd, &st) == 0 && S_ISREG (st.st_mode) &&
        (uint64_t) st.st_size < writer->base + writer->offset &&
        ftruncate (writer->fd, (off_t) (writer->base + writer->offset)) != 0)
      return fail (writer, -errno);
  }

  /* Unused reserved directory slots stay zero-filled (type 0, UnusedStream),
   * which every reader skips; the count only names the real ones. */
  memset (dir, 0, sizeof dir);
  for (uint32_t i = 0; i < writer->n_streams; i++)
    {
      dir[i].stream_type = writer->streams[i].type;
      dir[i].location.data_size = writer->streams[i].size;
      dir[i].location.rva = writer->streams[i].rva;
    }
  r = write_all_at (writer->fd, dir, sizeof dir, writer->base + DIRECTORY_RVA);
  if (r < 0)
    return fail (writer, r);

  {
    uint32_t count = writer->n_streams;
    r = write_all_at (writer->fd, &count, sizeof count,
                      writer->base + offsetof (PmMdHeader, number_of_streams));
    if (r < 0)
      return fail (writer, r);
  }
  return 0;
}
