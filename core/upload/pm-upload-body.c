/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-body.c — a multipart/form-data request body streamed from disk.
 *
 * Runs in: postmortemctl and the application (GLib allowed); the stream's
 * reads may run in a GIO worker thread (GInputStream's default async read).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-upload-body.h"

#define CHUNK_SIZE (64 * 1024)
/* Level 1: minidumps are mostly zero pages and pointer tables; the fastest
 * level gets most of the gain, and a gzip body is compressed twice (measure,
 * then send). */
#define GZIP_LEVEL 1

typedef struct
{
  GBytes *bytes;      /* part headers, a field's text, the closing boundary */
  int fd;             /* or a file's contents, -1 for none */
  goffset size;
  char *filename;     /* for error messages */
} Segment;

struct _PmUploadBody
{
  GPtrArray *segments;   /* of Segment*, shared with open streams */
  GPtrArray *names;      /* field and file part names, to refuse duplicates */
  char *boundary;
  char *content_type;
  goffset raw_length;
  gboolean closed;       /* the final boundary was appended */
  GPtrArray *spooled;    /* one Segment: the gzip body in an unnamed file, or NULL */
};

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_clear_pointer (&segment->bytes, g_bytes_unref);
  if (segment->fd >= 0)
    close (segment->fd);
  g_free (segment->filename);
  g_free (segment);
}

PmUploadBody *
pm_upload_body_new (void)
{
  PmUploadBody *self = g_new0 (PmUploadBody, 1);
  GString *boundary = g_string_new ("------------------------postmortem");

  /* 128 random bits: a boundary that occurs inside a dump by chance is not a concern. */
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (boundary, "%08x", g_random_int ());
  self->boundary = g_string_free (boundary, FALSE);
  self->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", self->boundary);
  self->segments = g_ptr_array_new_with_free_func (segment_free);
  self->names = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
pm_upload_body_free (PmUploadBody *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->segments);
  g_clear_pointer (&self->spooled, g_ptr_array_unref);
  g_ptr_array_unref (self->names);
  g_free (self->boundary);
  g_free (self->content_type);
  g_free (self);
}

static void
append_bytes (PmUploadBody *self,
              GString      *text)
{
  Segment *segment = g_new0 (Segment, 1);

  segment->size = text->len;
  segment->bytes = g_string_free_to_bytes (text);
  segment->fd = -1;
  self->raw_length += segment->size;
  g_ptr_array_add (self->segments, segment);
}

static gboolean
check_name (PmUploadBody  *self,
            const char    *what,
            const char    *name,
            GError       **error)
{
  if (name == NULL || *name == '\0' || strlen (name) > 256)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "a multipart %s must be 1 to 256 characters long", what);
      return FALSE;
    }
  for (const char *p = name; *p; p++)
    if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
      {
        g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                     "the multipart %s “%s” may hold only printable ASCII without quotes or backslashes",
                     what, name);
        return FALSE;
      }
  return TRUE;
}

gboolean
pm_upload_body_has_field (PmUploadBody *self,
                          const char   *name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->names->len; i++)
    if (strcmp (g_ptr_array_index (self->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
begin_part (PmUploadBody  *self,
            const char    *name,
            GError       **error)
{
  if (self->closed)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the multipart body was already sent; no part can be added");
      return FALSE;
    }
  if (!check_name (self, "field name", name, error))
    return FALSE;
  if (pm_upload_body_has_field (self, name))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_EXISTS,
                   "the multipart body already has a part named “%s”", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
pm_upload_body_add_field (PmUploadBody  *self,
                          const char    *name,
                          const char    *value,
                          GError       **error)
{
  GString *text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!begin_part (self, name, error))
    return FALSE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the value of the field “%s” is not valid UTF-8", name);
      return FALSE;
    }
  if (strstr (value, self->boundary) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the value of the field “%s” contains the multipart boundary", name);
      return FALSE;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                          self->boundary, name, value);
  append_bytes (self, text);
  g_ptr_array_add (self->names, g_strdup (name));
  return TRUE;
}

gboolean
pm_upload_body_add_file (PmUploadBody  *self,
                         const char    *name,
                         const char    *filename,
                         const char    *content_type,
                         int            fd,
                         GError       **error)
{
  struct stat st;
  GString *text;
  Segment *segment;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);

  if (!begin_part (self, name, error) ||
      !check_name (self, "file name", filename, error))
    {
      close (fd);
      return FALSE;
    }
  if (content_type == NULL)
    content_type = "application/octet-stream";
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "“%s” is not a regular file%s%s", filename,
                   saved_errno ? ": " : "", saved_errno ? g_strerror (saved_errno) : "");
      return FALSE;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                          "Content-Type: %s\r\n\r\n",
                          self->boundary, name, filename, content_type);
  append_bytes (self, text);

  segment = g_new0 (Segment, 1);
  segment->fd = fd;
  segment->size = st.st_size;
  segment->filename = g_strdup (filename);
  self->raw_length += segment->size;
  g_ptr_array_add (self->segments, segment);

  append_bytes (self, g_string_new ("\r\n"));
  g_ptr_array_add (self->names, g_strdup (name));
  return TRUE;
}

static void
close_body (PmUploadBody *self)
{
  GString *text;

  if (self->closed)
    return;
  text = g_string_new (NULL);
  g_string_append_printf (text, "--%s--\r\n", self->boundary);
  append_bytes (self, text);
  self->closed = TRUE;
}

const char *
pm_upload_body_get_content_type (PmUploadBody *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->content_type;
}

goffset
pm_upload_body_get_raw_length (PmUploadBody *self)
{
  g_return_val_if_fail (self != NULL, 0);
  close_body (self);
  return self->raw_length;
}

/* The stream: a GInputStream over the segments, read with pread() so several
 * streams over one body (a measure pass, a restart) never share a file offset. */

#define PM_TYPE_UPLOAD_BODY_STREAM (pm_upload_body_stream_get_type ())
G_GNUC_INTERNAL GType pm_upload_body_stream_get_type (void);
G_DECLARE_FINAL_TYPE (PmUploadBodyStream, pm_upload_body_stream, PM, UPLOAD_BODY_STREAM, GInputStream)

struct _PmUploadBodyStream
{
  GInputStream parent_instance;
  GPtrArray *segments;
  guint index;        /* current segment */
  goffset offset;     /* within it */
};

G_DEFINE_FINAL_TYPE (PmUploadBodyStream, pm_upload_body_stream, G_TYPE_INPUT_STREAM)

static gssize
pm_upload_body_stream_read (GInputStream  *stream,
                            void          *buffer,
                            gsize          count,
                            GCancellable  *cancellable,
                            GError       **error)
{
  PmUploadBodyStream *self = PM_UPLOAD_BODY_STREAM (stream);
  gsize done = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  while (done < count && self->index < self->segments->len)
    {
      Segment *segment = g_ptr_array_index (self->segments, self->index);
      gsize want = MIN (count - done, (gsize) (segment->size - self->offset));

      if (want == 0)
        {
          self->index++;
          self->offset = 0;
          continue;
        }
      if (segment->bytes != NULL)
        {
          memcpy ((char *) buffer + done,
                  (const char *) g_bytes_get_data (segment->bytes, NULL) + self->offset, want);
          done += want;
          self->offset += want;
        }
      else
        {
          ssize_t n;

          /* One file read per call keeps each read bounded to the caller's buffer. */
          do
            n = pread (segment->fd, (char *) buffer + done, MIN (want, CHUNK_SIZE), self->offset);
          while (n < 0 && errno == EINTR);
          if (n < 0)
            {
              int saved_errno = errno;

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           "could not read “%s”: %s", segment->filename, g_strerror (saved_errno));
              return -1;
            }
          if (n == 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "“%s” shrank while it was being sent (%" G_GINT64_FORMAT " of %"
                           G_GINT64_FORMAT " bytes)", segment->filename,
                           (gint64) self->offset, (gint64) segment->size);
              return -1;
            }
          done += n;
          self->offset += n;
          /* Return what a file read gave rather than looping for more. */
          break;
        }
    }
  return done;
}

static gboolean
pm_upload_body_stream_close (GInputStream  *stream,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return TRUE;
}

static void
pm_upload_body_stream_finalize (GObject *object)
{
  PmUploadBodyStream *self = PM_UPLOAD_BODY_STREAM (object);

  g_clear_pointer (&self->segments, g_ptr_array_unref);
  G_OBJECT_CLASS (pm_upload_body_stream_parent_class)->finalize (object);
}

static void
pm_upload_body_stream_class_init (PmUploadBodyStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = pm_upload_body_stream_finalize;
  stream_class->read_fn = pm_upload_body_stream_read;
  stream_class->close_fn = pm_upload_body_stream_close;
}

static void
pm_upload_body_stream_init (PmUploadBodyStream *self)
{
}

GInputStream *
pm_upload_body_open (PmUploadBody *self,
                     gboolean      gzip)
{
  PmUploadBodyStream *raw;
  g_autoptr(GZlibCompressor) compressor = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  close_body (self);
  raw = g_object_new (PM_TYPE_UPLOAD_BODY_STREAM, NULL);
  if (gzip && self->spooled != NULL)
    {
      raw->segments = g_ptr_array_ref (self->spooled);
      return G_INPUT_STREAM (raw);
    }
  raw->segments = g_ptr_array_ref (self->segments);
  if (!gzip)
    return G_INPUT_STREAM (raw);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
  {
    GInputStream *converted = g_converter_input_stream_new (G_INPUT_STREAM (raw),
                                                            G_CONVERTER (compressor));
    g_object_unref (raw);
    return converted;
  }
}

gboolean
pm_upload_body_measure (PmUploadBody  *self,
                        gboolean       gzip,
                        goffset       *length,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  goffset total = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (length != NULL, FALSE);

  close_body (self);
  if (!gzip)
    {
      *length = self->raw_length;
      return TRUE;
    }

  stream = pm_upload_body_open (self, TRUE);
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      total += n;
    }
  *length = total;
  return TRUE;
}

gboolean
pm_upload_body_spool_gzip (PmUploadBody  *self,
                           int            dir_fd,
                           goffset       *length,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  Segment *segment;
  goffset total = 0;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (length != NULL, FALSE);

  fd = openat (dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR,
                   (saved_errno == EOPNOTSUPP || saved_errno == EISDIR || saved_errno == EINVAL)
                     ? G_IO_ERROR_NOT_SUPPORTED : g_io_error_from_errno (saved_errno),
                   "cannot create an unnamed file for the compressed body: %s", g_strerror (saved_errno));
      return FALSE;
    }

  stream = pm_upload_body_open (self, TRUE);
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);
      gssize written = 0;

      if (n < 0)
        {
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      while (written < n)
        {
          ssize_t w = write (fd, buffer + written, n - written);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved_errno = errno;
              close (fd);
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           "cannot write the compressed body: %s", g_strerror (saved_errno));
              return FALSE;
            }
          written += w;
        }
      total += n;
    }

  segment = g_new0 (Segment, 1);
  segment->fd = fd;
  segment->size = total;
  segment->filename = g_strdup ("the compressed request body");
  g_clear_pointer (&self->spooled, g_ptr_array_unref);
  self->spooled = g_ptr_array_new_with_free_func (segment_free);
  g_ptr_array_add (self->spooled, segment);
  *length = total;
  return TRUE;
}
