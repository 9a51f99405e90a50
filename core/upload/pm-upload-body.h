/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-body.h — a multipart/form-data request body streamed from disk.
 *
 * Runs in: postmortemctl and the application (GLib allowed). Private to the
 * store library: not installed, and G_GNUC_INTERNAL keeps these functions out
 * of libpostmortem-store.so's exported symbols.
 *
 * The body is a list of parts kept as small headers in memory plus open file
 * descriptors; pm_upload_body_open() returns a fresh GInputStream that
 * concatenates them, reading each file with pread() in 64 KiB chunks and
 * optionally compressing through a GZlibCompressor (gzip), so memory does not
 * grow with the dump. Servers following the Socorro collector specification
 * need a Content-Length, so the length is always known before sending: summed
 * for a plain body; for a gzip body, the compressed body is spooled once to an
 * unnamed file on disk (pm_upload_body_spool_gzip()) or, where the filesystem
 * cannot do that, counted by a compression pass and compressed again while
 * sending (the compressor is deterministic; the stream fails if a file
 * changed size).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PmUploadBody PmUploadBody;

G_GNUC_INTERNAL PmUploadBody *pm_upload_body_new              (void);
G_GNUC_INTERNAL void          pm_upload_body_free             (PmUploadBody  *self);

/* A text field. @name: printable ASCII without quotes; @value: UTF-8 without NUL. */
G_GNUC_INTERNAL gboolean      pm_upload_body_add_field        (PmUploadBody  *self,
                                               const char    *name,
                                               const char    *value,
                                               GError       **error);
/* A file part; takes ownership of @fd (closed on error too). The file's size
 * is taken now with fstat(); it must be a regular file. */
G_GNUC_INTERNAL gboolean      pm_upload_body_add_file         (PmUploadBody  *self,
                                               const char    *name,
                                               const char    *filename,
                                               const char    *content_type,
                                               int            fd,
                                               GError       **error);
G_GNUC_INTERNAL gboolean      pm_upload_body_has_field        (PmUploadBody  *self,
                                               const char    *name);

/* "multipart/form-data; boundary=…" */
G_GNUC_INTERNAL const char   *pm_upload_body_get_content_type (PmUploadBody  *self);
/* Bytes of the body before compression. */
G_GNUC_INTERNAL goffset       pm_upload_body_get_raw_length   (PmUploadBody  *self);
/* The Content-Length for this encoding; for gzip this compresses the body
 * once and counts (bounded memory), so call it once per body. */
G_GNUC_INTERNAL gboolean      pm_upload_body_measure          (PmUploadBody  *self,
                                               gboolean       gzip,
                                               goffset       *length,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* Compresses the body once into an unnamed file (O_TMPFILE) in the directory
 * @dir_fd and sets @length to its size; later gzip streams read that file, so
 * a gzip upload costs one compression pass instead of two. The file has no
 * name, so nothing is left behind whatever happens. G_IO_ERROR_NOT_SUPPORTED
 * when the filesystem has no O_TMPFILE (use pm_upload_body_measure()). */
G_GNUC_INTERNAL gboolean      pm_upload_body_spool_gzip       (PmUploadBody  *self,
                                               int            dir_fd,
                                               goffset       *length,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* A new stream over the whole body from its first byte (call again after a
 * restart); with @gzip, the spooled copy when there is one. */
G_GNUC_INTERNAL GInputStream *pm_upload_body_open             (PmUploadBody  *self,
                                               gboolean       gzip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmUploadBody, pm_upload_body_free)

G_END_DECLS
