/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-elf-build-id.c — the libc reader of ELF build-ids (pm-elf-build-id.h)
 * against elfutils' dwelf_elf_gnu_build_id, the oracle, on this machine's real
 * files (executables, libraries, a 32-bit loader, separate .debug files); on
 * files written here in the four class/byte-order combinations with notes in
 * a segment only; and on hostile copies (every truncation of a real library's
 * headers, flipped header bytes), which must never be read past (ASan) and
 * give either no build-id or the true one.
 *
 * Runs in: meson test (suite symbolize, quick), also under ASan/UBSan.
 */
#include "pm-config.h"

#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pm-elf-build-id.h"

/* elfutils' answer for path: the build-id length (0: none), id in out. */
static size_t
oracle_build_id (const char *path, guint8 *out)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  Elf *elf;
  const void *id = NULL;
  ssize_t len = 0;

  g_assert_cmpint (fd, >=, 0);
  elf_version (EV_CURRENT);
  elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
  if (elf != NULL)
    {
      len = dwelf_elf_gnu_build_id (elf, &id);
      if (len > 0 && len <= PM_ELF_BUILD_ID_MAX)
        memcpy (out, id, (size_t) len);
      elf_end (elf);
    }
  close (fd);
  return len > 0 ? (size_t) len : 0;
}

static size_t
read_build_id (const char *path, guint8 *out)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  size_t len;

  g_assert_cmpint (fd, >=, 0);
  len = pm_elf_file_build_id (fd, out);
  close (fd);
  return len;
}

static void
assert_same_as_oracle (const char *path)
{
  guint8 want[PM_ELF_BUILD_ID_MAX], got[PM_ELF_BUILD_ID_MAX];
  size_t want_len = oracle_build_id (path, want);
  size_t got_len = read_build_id (path, got);

  g_test_message ("%s: %zu bytes", path, got_len);
  g_assert_cmpuint (got_len, ==, want_len);
  g_assert_cmpmem (got, got_len, want, want_len);
}

static void
test_real_files (void)
{
  const char *files[] = {
    "/proc/self/exe", "/bin/ls", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
    "/usr/lib32/ld-linux.so.2", "/lib/x86_64-linux-gnu/libz.so.1",
  };
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/debug/.build-id", 0, NULL);
  guint n_checked = 0, n_debug = 0;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    if (g_file_test (files[i], G_FILE_TEST_EXISTS))
      {
        assert_same_as_oracle (files[i]);
        n_checked++;
      }
  g_assert_cmpuint (n_checked, >=, 4);
  /* Separate debug files (libc6-dbg): sections only, most of them NOBITS. */
  for (const char *sub; dir != NULL && n_debug < 12 && (sub = g_dir_read_name (dir)) != NULL;)
    {
      g_autofree char *subdir = g_build_filename ("/usr/lib/debug/.build-id", sub, NULL);
      g_autoptr(GDir) d = g_dir_open (subdir, 0, NULL);
      for (const char *name; d != NULL && n_debug < 12 && (name = g_dir_read_name (d)) != NULL;)
        if (g_str_has_suffix (name, ".debug"))
          {
            g_autofree char *path = g_build_filename (subdir, name, NULL);
            assert_same_as_oracle (path);
            n_debug++;
          }
    }
  if (n_debug == 0)
    g_test_message ("no /usr/lib/debug/.build-id files (libc6-dbg): separate debug files not checked");
}

/* Writes a minimal ELF with one PT_NOTE segment holding a build-id (no
 * section headers), in the given class and byte order. */
static void
put (guint8 *p, guint64 v, size_t size, gboolean be)
{
  for (size_t i = 0; i < size; i++)
    p[be ? size - 1 - i : i] = (guint8) (v >> (8 * i));
}

static char *
write_segment_only_elf (gboolean is_64, gboolean be, const guint8 *id, size_t id_len)
{
  guint8 file[512] = { 0 };
  size_t ehsize = is_64 ? 64 : 52, phsize = is_64 ? 56 : 32, note_at = ehsize + phsize;
  size_t note_len = 12 + 4 + id_len;
  g_autofree char *dir = g_dir_make_tmp ("pm-elf-build-id-XXXXXX", NULL);
  char *path = g_build_filename (dir, "segment-only", NULL);
  guint8 *ph = file + ehsize, *note = file + note_at;

  memcpy (file, ELFMAG, SELFMAG);
  file[EI_CLASS] = is_64 ? ELFCLASS64 : ELFCLASS32;
  file[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
  file[EI_VERSION] = EV_CURRENT;
  put (file + 16, ET_DYN, 2, be);
  put (file + 18, is_64 ? EM_AARCH64 : EM_ARM, 2, be);
  put (file + 20, EV_CURRENT, 4, be);
  put (file + (is_64 ? 32 : 28), ehsize, is_64 ? 8 : 4, be);          /* e_phoff */
  put (file + (is_64 ? 52 : 40), ehsize, 2, be);                        /* e_ehsize */
  put (file + (is_64 ? 54 : 42), phsize, 2, be);                        /* e_phentsize */
  put (file + (is_64 ? 56 : 44), 1, 2, be);                             /* e_phnum */
  put (ph, PT_NOTE, 4, be);
  put (ph + (is_64 ? 8 : 4), note_at, is_64 ? 8 : 4, be);               /* p_offset */
  put (ph + (is_64 ? 32 : 16), note_len, is_64 ? 8 : 4, be);            /* p_filesz */
  put (ph + (is_64 ? 48 : 28), 4, is_64 ? 8 : 4, be);                   /* p_align */
  put (note, 4, 4, be);
  put (note + 4, id_len, 4, be);
  put (note + 8, NT_GNU_BUILD_ID, 4, be);
  memcpy (note + 12, "GNU", 4);
  memcpy (note + 16, id, id_len);
  g_assert_true (g_file_set_contents (path, (const char *) file, (gssize) (note_at + note_len), NULL));
  return path;
}

static void
remove_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_classes_and_byte_orders (void)
{
  static const guint8 id[20] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

  for (int is_64 = 0; is_64 <= 1; is_64++)
    for (int be = 0; be <= 1; be++)
      {
        g_autofree char *path = write_segment_only_elf (is_64, be, id, sizeof id);
        guint8 got[PM_ELF_BUILD_ID_MAX];

        g_test_message ("ELF%d %s", is_64 ? 64 : 32, be ? "big-endian" : "little-endian");
        g_assert_cmpuint (read_build_id (path, got), ==, sizeof id);
        g_assert_cmpmem (got, sizeof id, id, sizeof id);
        assert_same_as_oracle (path);
        remove_file (path);
      }
}

/* Every prefix of a real library up to past its program headers and notes,
 * and every prefix ending inside its section headers: no read past the end,
 * and the answer is nothing or the true id. */
static void
test_truncated_and_flipped (void)
{
  const char *source = "/lib/x86_64-linux-gnu/libz.so.1";
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint8 want[PM_ELF_BUILD_ID_MAX];
  size_t want_len;
  g_autofree char *dir = g_dir_make_tmp ("pm-elf-build-id-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile", NULL);
  GRand *rand = g_rand_new_with_seed (20261205);
  guint n_found = 0;

  if (!g_file_get_contents (source, &contents, &length, NULL))
    {
      g_test_skip ("no libz.so.1 to cut");
      g_rand_free (rand);
      g_rmdir (dir);
      return;
    }
  want_len = oracle_build_id (source, want);
  g_assert_cmpuint (want_len, >, 0);
  for (gsize cut = 0; cut < length; cut += cut < 4096 ? 3 : cut < length - 8192 ? 4093 : 61)
    {
      guint8 got[PM_ELF_BUILD_ID_MAX];
      size_t got_len;

      g_assert_true (g_file_set_contents (path, contents, (gssize) cut, NULL));
      got_len = read_build_id (path, got);
      g_assert_true (got_len == 0 || (got_len == want_len && memcmp (got, want, want_len) == 0));
      n_found += got_len > 0;
    }
  /* Notes sit in the first pages: a cut after them with no section headers
   * still finds the id through PT_NOTE. */
  g_assert_cmpuint (n_found, >, 0);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *copy = g_memdup2 (contents, length);
      guint8 got[PM_ELF_BUILD_ID_MAX];
      size_t got_len;
      /* A byte of the ELF header or the first program headers, or anywhere. */
      gsize at = i % 2 == 0 ? (gsize) g_rand_int_range (rand, 0, 512) : (gsize) g_rand_int_range (rand, 0, (gint32) length);

      copy[at] = (char) g_rand_int_range (rand, 0, 256);
      g_assert_true (g_file_set_contents (path, copy, (gssize) length, NULL));
      got_len = read_build_id (path, got);
      g_assert_cmpuint (got_len, <=, PM_ELF_BUILD_ID_MAX);
    }
  g_rand_free (rand);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_elf (void)
{
  guint8 got[PM_ELF_BUILD_ID_MAX];
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  g_assert_cmpuint (pm_elf_file_build_id (fd, got), ==, 0);
  close (fd);
  fd = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpuint (pm_elf_file_build_id (fd, got), ==, 0);
  close (fd);
  g_assert_cmpuint (read_build_id ("/etc/os-release", got), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/elf-build-id/real-files", test_real_files);
  g_test_add_func ("/elf-build-id/classes-and-byte-orders", test_classes_and_byte_orders);
  g_test_add_func ("/elf-build-id/truncated-and-flipped", test_truncated_and_flipped);
  g_test_add_func ("/elf-build-id/not-elf", test_not_elf);
  return g_test_run ();
}
