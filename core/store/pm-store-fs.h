/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-fs.h — private: safe, directory-fd-relative file access for the store.
 *
 * Runs in: any GLib process using the store. Not installed.
 *
 * Every helper works relative to a directory fd, never follows a symlink in the last
 * component, creates only with O_EXCL, and accepts a file only when fstat() says it is what
 * was expected (a regular file with one link, or a directory owned by us). Errors are
 * PM_ERROR_UNSAFE for anything planted, PM_ERROR_NOT_FOUND for ENOENT, PM_ERROR_EXISTS
 * for EEXIST, PM_ERROR_FAILED otherwise, each naming the file.
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Opens (with @create: creating, 0700) the directory @name in @dirfd. @what names it in
 * messages. Refuses symlinks, non-directories, directories not owned by us or writable
 * by others; sets the mode to 0700 when it is ours and looser. */
int       pm_fs_open_dir        (int          dirfd,
                                 const char  *name,
                                 gboolean     create,
                                 const char  *what,
                                 GError     **error);
/* The same, and fills @st with the directory's fstat() (may be NULL). */
int       pm_fs_open_dir_stat   (int          dirfd,
                                 const char  *name,
                                 gboolean     create,
                                 const char  *what,
                                 struct stat *st,
                                 GError     **error);
/* Lists a directory fd with getdents64(2) directly (no dup, no DIR): cheap enough to run on
 * every report of a large store. "." and ".." are skipped; @error holds errno on failure. */
typedef struct
{
  int    fd;
  gsize  pos;
  gsize  len;
  int    error;
  char   buffer[8192] __attribute__ ((aligned (8)));
} PmFsDirIter;
void      pm_fs_dir_iter_init   (PmFsDirIter *iter,
                                 int          fd);
gboolean  pm_fs_dir_iter_next   (PmFsDirIter *iter,
                                 const char **name,
                                 guchar      *type);
/* TRUE for files the store may read: ours, or root's (a system file; root could plant
 * anything anyway). Another user's file inside our store is planted. */
gboolean  pm_fs_owner_is_trusted (uid_t       uid);
/* Opens a regular file with one link for reading (O_NOFOLLOW|O_NONBLOCK), owned by us (or
 * root: pm_fs_owner_is_trusted()); a file of ours readable by others is made 0600 (its
 * owner bits kept). Fills @st. */
int       pm_fs_open_read       (int          dirfd,
                                 const char  *name,
                                 const char  *what,
                                 struct stat *st,
                                 GError     **error);
/* Creates a new file, O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0600. */
int       pm_fs_create          (int          dirfd,
                                 const char  *name,
                                 const char  *what,
                                 GError     **error);
/* Reads a whole regular file of at most @max_size bytes (pm_fs_open_read rules). */
char     *pm_fs_read_file       (int          dirfd,
                                 const char  *name,
                                 gsize        max_size,
                                 gsize       *length,
                                 const char  *what,
                                 GError     **error);
/* Writes all of @data to @fd. */
gboolean  pm_fs_write_all       (int          fd,
                                 const void  *data,
                                 gsize        length,
                                 const char  *what,
                                 GError     **error);
/* Replaces @name in @dirfd with @data atomically: a new randomly named file (O_EXCL),
 * written, fsync()ed, renamed over @name, directory fsync()ed. */
gboolean  pm_fs_replace_file    (int          dirfd,
                                 const char  *name,
                                 const void  *data,
                                 gsize        length,
                                 gboolean     sync,
                                 const char  *what,
                                 GError     **error);
/* Removes @name in @dirfd: a file, a symlink (not followed) or a directory tree (each
 * level opened with O_NOFOLLOW; never leaves @dirfd's subtree). ENOENT is success. */
gboolean  pm_fs_remove_tree     (int          dirfd,
                                 const char  *name,
                                 GError     **error);
/* A random (version 4) UUID from getrandom(2), lowercase. Newly allocated. */
char     *pm_fs_random_uuid     (void);
/* fsync(), timed into the store's fsync counter (for the benchmark). */
int       pm_fs_fsync           (int          fd);
/* Total nanoseconds spent in pm_fs_fsync() by this process. */
guint64   pm_fs_get_fsync_ns    (void);
/* Turns fsync off for this process (benchmarks only: PM_STORE_NO_FSYNC=1 in the environment
 * does the same). */
void      pm_fs_set_sync        (gboolean     sync);

/* A GError from errno @err for @what (which names the file). */
void      pm_fs_set_errno_error (GError     **error,
                                 int          err,
                                 const char  *what,
                                 const char  *action);

G_END_DECLS
