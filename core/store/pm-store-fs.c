/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-fs.c — private: safe, directory-fd-relative file access (see pm-store-fs.h).
 *
 * Runs in: any GLib process using the store. The store may hold files planted by whoever
 * could write to it (another process of the same user, a bug); nothing here follows a
 * symlink, blocks on a FIFO or writes through a hardlink.
 */
#include "pm-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "pm-env.h"
#include "pm-error.h"
#include "pm-store-fs.h"
#include "pm-store-io-check.h"

static gint64 fsync_ns;       /* only ever touched by the thread that publishes */
static int sync_mode = -1;    /* -1: not decided yet */

void
pm_fs_set_errno_error (GError    **error,
                       int         err,
                       const char *what,
                       const char *action)
{
  int code;

  switch (err)
    {
    case ENOENT:
      code = PM_ERROR_NOT_FOUND;
      break;
    case EEXIST:
    case ENOTEMPTY:
      code = PM_ERROR_EXISTS;
      break;
    case ELOOP:
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s is a symbolic link; refusing to %s it", what, action);
      return;
    case ENOSPC:
    case EDQUOT:
      code = PM_ERROR_QUOTA;
      break;
    default:
      code = PM_ERROR_FAILED;
      break;
    }
  g_set_error (error, PM_ERROR, code, "Cannot %s %s: %s", action, what, g_strerror (err));
}

static const char *
file_kind (mode_t mode)
{
  if (S_ISREG (mode))
    return "a regular file";
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISLNK (mode))
    return "a symbolic link";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISSOCK (mode))
    return "a socket";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  return "an unknown kind of file";
}

int
pm_fs_open_dir (int         dirfd,
                const char *name,
                gboolean    create,
                const char *what,
                GError    **error)
{
  return pm_fs_open_dir_stat (dirfd, name, create, what, NULL, error);
}

int
pm_fs_open_dir_stat (int          dirfd,
                     const char  *name,
                     gboolean     create,
                     const char  *what,
                     struct stat *out_st,
                     GError     **error)
{
  static uid_t euid = (uid_t) -1;
  struct stat st;
  int fd;

  pm_io_check_note ("open", what);

  if (euid == (uid_t) -1)
    euid = geteuid ();

  if (create && mkdirat (dirfd, name, 0700) != 0 && errno != EEXIST)
    {
      pm_fs_set_errno_error (error, errno, what, "create");
      return -1;
    }
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int err = errno;
      if ((err == ELOOP || err == ENOTDIR) && fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                       "%s is %s, not a directory; refusing to use it", what, file_kind (st.st_mode));
          return -1;
        }
      pm_fs_set_errno_error (error, err, what, "open");
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "examine");
      close (fd);
      return -1;
    }
  if (st.st_uid != euid)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s belongs to user %u, not to this user (%u); refusing to use it",
                   what, (guint) st.st_uid, (guint) euid);
      close (fd);
      return -1;
    }
  if ((st.st_mode & 07777) != 0700 && fchmod (fd, 0700) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "set the mode 0700 of");
      close (fd);
      return -1;
    }
  if (out_st != NULL)
    *out_st = st;
  return fd;
}

gboolean
pm_fs_owner_is_trusted (uid_t uid)
{
  return uid == geteuid () || uid == 0;
}

int
pm_fs_open_read (int          dirfd,
                 const char  *name,
                 const char  *what,
                 struct stat *st,
                 GError     **error)
{
  struct stat local;
  int fd;

  pm_io_check_note ("read", what);

  if (st == NULL)
    st = &local;
  fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int err = errno;
      if (err == ELOOP)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                       "%s is a symbolic link; refusing to read it", what);
          return -1;
        }
      pm_fs_set_errno_error (error, err, what, "open");
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "examine");
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s is %s, not a regular file; refusing to read it", what, file_kind (st->st_mode));
      close (fd);
      return -1;
    }
  if (st->st_nlink != 1)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s has %u hard links (expected 1); refusing to read it",
                   what, (guint) st->st_nlink);
      close (fd);
      return -1;
    }
  if (!pm_fs_owner_is_trusted (st->st_uid))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s belongs to another user (uid %u); refusing to read it", what, (guint) st->st_uid);
      close (fd);
      return -1;
    }
  /* Ours but readable by others (an older version, a copy, a umask): the store's files are
   * private, so tighten it, as pm_fs_open_dir() does for directories. */
  if (st->st_uid == geteuid () && (st->st_mode & 077) != 0 && fchmod (fd, st->st_mode & 0700) == 0)
    st->st_mode &= ~(mode_t) 077;
  /* O_NONBLOCK stays: it only guarded the open (a FIFO); reads of a regular file ignore it. */
  return fd;
}

int
pm_fs_create (int         dirfd,
              const char *name,
              const char *what,
              GError    **error)
{
  int fd = openat (dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);

  pm_io_check_note ("create", what);

  if (fd < 0)
    {
      int err = errno;
      struct stat st;
      if (err == EEXIST && fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG (st.st_mode))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_EXISTS,
                       "Cannot create %s: %s is already there", what, file_kind (st.st_mode));
          return -1;
        }
      pm_fs_set_errno_error (error, err, what, "create");
      return -1;
    }
  return fd;
}

char *
pm_fs_read_file (int         dirfd,
                 const char *name,
                 gsize       max_size,
                 gsize      *length,
                 const char *what,
                 GError    **error)
{
  struct stat st;
  g_autofree char *data = NULL;
  gsize done = 0;
  int fd;

  fd = pm_fs_open_read (dirfd, name, what, &st, error);
  if (fd < 0)
    return NULL;
  if ((guint64) st.st_size > max_size)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "%s is %" G_GUINT64_FORMAT " bytes, more than the limit of %" G_GSIZE_FORMAT,
                   what, (guint64) st.st_size, max_size);
      close (fd);
      return NULL;
    }
  /* Read one byte past the size seen, to notice a file that grew meanwhile. */
  data = g_malloc ((gsize) st.st_size + 2);
  while (done < (gsize) st.st_size + 1)
    {
      gsize wanted = (gsize) st.st_size + 1 - done;
      ssize_t n = read (fd, data + done, wanted);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          pm_fs_set_errno_error (error, errno, what, "read");
          close (fd);
          return NULL;
        }
      done += n;
      /* A short read of a regular file is its end: no second read() to hear 0. */
      if (n == 0 || (gsize) n < wanted)
        break;
    }
  close (fd);
  if (done > max_size)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "%s grew beyond the limit of %" G_GSIZE_FORMAT " bytes while read", what, max_size);
      return NULL;
    }
  data[done] = '\0';
  if (length != NULL)
    *length = done;
  return g_steal_pointer (&data);
}

gboolean
pm_fs_dir_iter_next (PmFsDirIter  *iter,
                     const char  **name,
                     guchar       *type)
{
  for (;;)
    {
      struct dirent64 *de;

      if (iter->pos >= iter->len)
        {
          ssize_t n = getdents64 (iter->fd, iter->buffer, sizeof iter->buffer);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              iter->error = n < 0 ? errno : 0;
              return FALSE;
            }
          iter->len = n;
          iter->pos = 0;
        }
      de = (struct dirent64 *) (iter->buffer + iter->pos);
      iter->pos += de->d_reclen;
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      *name = de->d_name;
      if (type != NULL)
        *type = de->d_type;
      return TRUE;
    }
}

void
pm_fs_dir_iter_init (PmFsDirIter *iter,
                     int          fd)
{
  pm_io_check_note ("list", "a store directory");
  iter->fd = fd;
  iter->pos = iter->len = 0;
  iter->error = 0;
  lseek (fd, 0, SEEK_SET);
}

gboolean
pm_fs_write_all (int         fd,
                 const void *data,
                 gsize       length,
                 const char *what,
                 GError    **error)
{
  const char *p = data;

  while (length > 0)
    {
      ssize_t n = write (fd, p, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          pm_fs_set_errno_error (error, errno, what, "write");
          return FALSE;
        }
      p += n;
      length -= n;
    }
  return TRUE;
}

void
pm_fs_set_sync (gboolean sync)
{
  sync_mode = sync ? 1 : 0;
}

int
pm_fs_fsync (int fd)
{
  gint64 start;
  int ret;

  pm_io_check_note ("fsync", "a store file");
  if (sync_mode < 0)
    sync_mode = g_strcmp0 (pm_env_get ("PM_STORE_NO_FSYNC"), "1") != 0;
  if (sync_mode == 0)
    return 0;
  start = g_get_monotonic_time ();
  ret = fsync (fd);
  fsync_ns += (g_get_monotonic_time () - start) * 1000;
  return ret;
}

guint64
pm_fs_get_fsync_ns (void)
{
  return fsync_ns;
}

char *
pm_fs_random_uuid (void)
{
  guint8 b[16];
  gsize done = 0;

  /* Not g_uuid_string_random(): GLib's generator is seeded once per process, so a process
   * and its fork()ed child would produce the same "random" names. */
  while (done < sizeof b)
    {
      ssize_t n = getrandom (b + done, sizeof b - done, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_autofree char *fallback = g_uuid_string_random ();
          g_warning ("getrandom() failed (%s); using GLib's generator", g_strerror (errno));
          return g_steal_pointer (&fallback);
        }
      done += n;
    }
  b[6] = (b[6] & 0x0f) | 0x40;   /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
pm_fs_replace_file (int         dirfd,
                    const char *name,
                    const void *data,
                    gsize       length,
                    gboolean    sync,
                    const char *what,
                    GError    **error)
{
  g_autofree char *tmp_name = NULL;
  int fd;

  pm_io_check_note ("replace", what);

  g_autofree char *uuid = pm_fs_random_uuid ();

  tmp_name = g_strdup_printf (".%s.%s", name, uuid);
  fd = pm_fs_create (dirfd, tmp_name, what, error);
  if (fd < 0)
    return FALSE;
  if (!pm_fs_write_all (fd, data, length, what, error))
    goto fail;
  if (sync && pm_fs_fsync (fd) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "flush");
      goto fail;
    }
  close (fd);
  fd = -1;
  if (renameat (dirfd, tmp_name, dirfd, name) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "replace");
      goto fail;
    }
  if (sync)
    pm_fs_fsync (dirfd);
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  unlinkat (dirfd, tmp_name, 0);
  return FALSE;
}

static gboolean
remove_contents (int     fd,
                 guint   depth,
                 GError **error)
{
  DIR *dir;
  struct dirent *de;
  gboolean ok = TRUE;
  int dfd = dup (fd);

  if (dfd < 0 || (dir = fdopendir (dfd)) == NULL)
    {
      if (dfd >= 0)
        close (dfd);
      pm_fs_set_errno_error (error, errno, "a report directory", "list");
      return FALSE;
    }
  while ((de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      if (unlinkat (fd, de->d_name, 0) == 0 || errno == ENOENT)
        continue;
      if (errno == EISDIR && depth < 8)
        {
          int sub = openat (fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (sub >= 0)
            {
              ok = remove_contents (sub, depth + 1, error) && ok;
              close (sub);
            }
          if (unlinkat (fd, de->d_name, AT_REMOVEDIR) != 0 && errno != ENOENT && ok)
            {
              pm_fs_set_errno_error (error, errno, de->d_name, "remove");
              ok = FALSE;
            }
          continue;
        }
      if (ok)
        pm_fs_set_errno_error (error, errno, de->d_name, "remove");
      ok = FALSE;
    }
  closedir (dir);
  return ok;
}

gboolean
pm_fs_remove_tree (int         dirfd,
                   const char *name,
                   GError    **error)
{
  int fd;
  gboolean ok;

  pm_io_check_note ("remove", name);

  if (unlinkat (dirfd, name, 0) == 0 || errno == ENOENT)
    return TRUE;
  if (errno != EISDIR)
    {
      pm_fs_set_errno_error (error, errno, name, "remove");
      return FALSE;
    }
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return TRUE;
      pm_fs_set_errno_error (error, errno, name, "open");
      return FALSE;
    }
  ok = remove_contents (fd, 0, error);
  close (fd);
  if (ok && unlinkat (dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    {
      pm_fs_set_errno_error (error, errno, name, "remove");
      return FALSE;
    }
  return ok;
}
