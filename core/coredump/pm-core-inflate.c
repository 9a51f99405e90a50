/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core-inflate.c — inflate a core compressed as systemd-coredump stores
 * them (zstd, xz, lz4 frames) into an unlinked temporary file.
 *
 * Runs in: postmortemctl and the listener service; libc and the
 * decompression libraries only.
 *
 * The output goes to disk, not memory: cores are as large as the process
 * was. A compressed file can claim any size, so the output is capped by the
 * free space of the temporary directory (less a margin), and refused with a
 * clear message beyond that.
 */
#include "pm-core-inflate.h"

#include <errno.h>
#include <fcntl.h>
#include <lz4frame.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zstd.h>

#define IN_CHUNK   (1u << 20)
#define OUT_CHUNK  (4u << 20)
#define FREE_SPACE_MARGIN  (256ull << 20)

PmCoreCompression
pm_core_compression_of (const uint8_t *head,
                        size_t         len)
{
  static const uint8_t zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };
  static const uint8_t xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
  static const uint8_t lz4[] = { 0x04, 0x22, 0x4d, 0x18 };

  if (len >= sizeof zstd && memcmp (head, zstd, sizeof zstd) == 0)
    return PM_CORE_ZSTD;
  if (len >= sizeof xz && memcmp (head, xz, sizeof xz) == 0)
    return PM_CORE_XZ;
  if (len >= sizeof lz4 && memcmp (head, lz4, sizeof lz4) == 0)
    return PM_CORE_LZ4;
  return PM_CORE_PLAIN;
}

const char *
pm_core_compression_name (PmCoreCompression c)
{
  switch (c)
    {
    case PM_CORE_ZSTD: return "zstd";
    case PM_CORE_XZ: return "xz";
    case PM_CORE_LZ4: return "lz4";
    case PM_CORE_PLAIN:
    default: return "plain";
    }
}

static int
open_temporary (uint64_t *space)
{
  const char *dirs[3] = { secure_getenv ("TMPDIR"), "/var/tmp", "/tmp" };

  for (int i = 0; i < 3; i++)
    {
      struct statvfs st;
      int fd;

      if (dirs[i] == NULL || dirs[i][0] == '\0')
        continue;
      fd = open (dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      if (fd < 0)
        continue;
      *space = fstatvfs (fd, &st) == 0 ? (uint64_t) st.f_bavail * st.f_frsize : UINT64_MAX;
      *space = *space > FREE_SPACE_MARGIN ? *space - FREE_SPACE_MARGIN : 0;
      return fd;
    }
  return -errno;
}

static int
write_all (int         fd,
           const void *buf,
           size_t      len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      buf = (const char *) buf + n;
      len -= (size_t) n;
    }
  return 0;
}

typedef struct
{
  int       in;
  int       out;
  uint64_t  written;
  uint64_t  space;
  uint8_t  *ibuf;
  uint8_t  *obuf;
  char     *error;
  size_t    error_size;
} Inflate;

static int
emit (Inflate    *z,
      const void *buf,
      size_t      len)
{
  if (z->written + len > z->space)
    {
      snprintf (z->error, z->error_size,
                "the core inflates to more than the %llu MiB free for temporary files",
                (unsigned long long) (z->space >> 20));
      return -EFBIG;
    }
  z->written += len;
  return write_all (z->out, buf, len);
}

static ssize_t
read_some (Inflate *z)
{
  for (;;)
    {
      ssize_t n = read (z->in, z->ibuf, IN_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        snprintf (z->error, z->error_size, "cannot read the core: %s", strerror (errno));
      return n < 0 ? -errno : n;
    }
}

static int
inflate_zstd (Inflate *z)
{
  ZSTD_DStream *ds = ZSTD_createDStream ();
  size_t ret = 1;
  ssize_t n;
  int r = 0;

  if (ds == NULL)
    return -ENOMEM;
  while (r == 0 && (n = read_some (z)) > 0)
    {
      ZSTD_inBuffer in = { z->ibuf, (size_t) n, 0 };

      while (r == 0 && in.pos < in.size)
        {
          ZSTD_outBuffer out = { z->obuf, OUT_CHUNK, 0 };

          ret = ZSTD_decompressStream (ds, &out, &in);
          if (ZSTD_isError (ret))
            {
              snprintf (z->error, z->error_size, "bad zstd data: %s", ZSTD_getErrorName (ret));
              r = -EBADMSG;
              break;
            }
          r = emit (z, z->obuf, out.pos);
        }
    }
  if (r == 0 && n < 0)
    r = (int) n;
  if (r == 0 && ret != 0)
    {
      snprintf (z->error, z->error_size, "the zstd data ends early: the core is truncated");
      r = -EBADMSG;
    }
  ZSTD_freeDStream (ds);
  return r;
}

static int
inflate_xz (Inflate *z)
{
  lzma_stream s = LZMA_STREAM_INIT;
  lzma_ret ret = LZMA_OK;
  int r = 0, eof = 0;

  if (lzma_stream_decoder (&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
    return -ENOMEM;
  while (r == 0 && ret != LZMA_STREAM_END)
    {
      if (s.avail_in == 0 && !eof)
        {
          ssize_t n = read_some (z);
          if (n < 0)
            {
              r = (int) n;
              break;
            }
          s.next_in = z->ibuf;
          s.avail_in = (size_t) n;
          eof = n == 0;
        }
      s.next_out = z->obuf;
      s.avail_out = OUT_CHUNK;
      ret = lzma_code (&s, eof ? LZMA_FINISH : LZMA_RUN);
      if (ret != LZMA_OK && ret != LZMA_STREAM_END)
        {
          snprintf (z->error, z->error_size, ret == LZMA_BUF_ERROR
                    ? "the xz data ends early: the core is truncated" : "bad xz data (lzma error %d)", (int) ret);
          r = -EBADMSG;
          break;
        }
      r = emit (z, z->obuf, OUT_CHUNK - s.avail_out);
    }
  lzma_end (&s);
  return r;
}

static int
inflate_lz4 (Inflate *z)
{
  LZ4F_dctx *dctx = NULL;
  size_t ret = 1;
  ssize_t n;
  int r = 0;

  if (LZ4F_isError (LZ4F_createDecompressionContext (&dctx, LZ4F_VERSION)))
    return -ENOMEM;
  while (r == 0 && (n = read_some (z)) > 0)
    {
      size_t at = 0;

      while (r == 0 && at < (size_t) n)
        {
          size_t out_len = OUT_CHUNK, in_len = (size_t) n - at;

          ret = LZ4F_decompress (dctx, z->obuf, &out_len, z->ibuf + at, &in_len, NULL);
          if (LZ4F_isError (ret))
            {
              snprintf (z->error, z->error_size, "bad lz4 data: %s", LZ4F_getErrorName (ret));
              r = -EBADMSG;
              break;
            }
          at += in_len;
          r = emit (z, z->obuf, out_len);
          if (ret == 0 && at < (size_t) n)
            break;   /* end of frame: anything after it is not ours */
        }
    }
  if (r == 0 && n < 0)
    r = (int) n;
  /* Drain what the context still holds. */
  while (r == 0 && ret != 0)
    {
      size_t out_len = OUT_CHUNK, in_len = 0;

      ret = LZ4F_decompress (dctx, z->obuf, &out_len, NULL, &in_len, NULL);
      if (LZ4F_isError (ret) || out_len == 0)
        {
          snprintf (z->error, z->error_size, "the lz4 data ends early: the core is truncated");
          r = -EBADMSG;
          break;
        }
      r = emit (z, z->obuf, out_len);
    }
  LZ4F_freeDecompressionContext (dctx);
  return r;
}

int
pm_core_inflate (int                in_fd,
                 PmCoreCompression  compression,
                 int               *out_fd,
                 char              *error,
                 size_t             error_size)
{
  Inflate z;
  int r;

  memset (&z, 0, sizeof z);
  z.in = in_fd;
  z.error = error;
  z.error_size = error_size;
  z.out = open_temporary (&z.space);
  if (z.out < 0)
    {
      snprintf (error, error_size, "cannot create a temporary file to inflate the core: %s", strerror (-z.out));
      return z.out;
    }
  z.ibuf = malloc (IN_CHUNK);
  z.obuf = malloc (OUT_CHUNK);
  if (z.ibuf == NULL || z.obuf == NULL)
    r = -ENOMEM;
  else if (lseek (in_fd, 0, SEEK_SET) < 0)
    r = -errno;
  else if (compression == PM_CORE_ZSTD)
    r = inflate_zstd (&z);
  else if (compression == PM_CORE_XZ)
    r = inflate_xz (&z);
  else
    r = inflate_lz4 (&z);
  free (z.ibuf);
  free (z.obuf);
  if (r < 0)
    {
      if (error[0] == '\0')
        snprintf (error, error_size, "cannot inflate the %s core: %s", pm_core_compression_name (compression), strerror (-r));
      close (z.out);
      return r;
    }
  *out_fd = z.out;
  return 0;
}
