/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-elf-build-id.c — the GNU build-id of an ELF file, read with libc alone
 * (pm-elf-build-id.h says why and how far the file is trusted).
 *
 * Runs in: postmortemctl and the application (any thread).
 */
#include "pm-config.h"

#include "pm-elf-build-id.h"

#include <elf.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Headers are read this many at a time. */
#define HEADERS_PER_READ 32
/* No real file has more section or program headers than this. */
#define MAX_HEADERS 65535

typedef struct
{
  int      fd;
  uint64_t file_size;
  bool     is_64;
  bool     big_endian;
} ElfFile;

static uint64_t
get_u (const ElfFile *elf, const uint8_t *p, size_t size)
{
  uint64_t v = 0;

  for (size_t i = 0; i < size; i++)
    v = elf->big_endian ? (v << 8) | p[i] : v | ((uint64_t) p[i] << (8 * i));
  return v;
}

/* Reads exactly len bytes at offset, which must lie inside the file. */
static bool
read_at (const ElfFile *elf, uint64_t offset, void *buf, size_t len)
{
  uint8_t *out = buf;
  size_t done = 0;

  if (offset > elf->file_size || len > elf->file_size - offset)
    return false;
  while (done < len)
    {
      ssize_t n = pread (elf->fd, out + done, len - done, (off_t) (offset + done));
      if (n <= 0)
        return false;
      done += (size_t) n;
    }
  return true;
}

static size_t
align_up (size_t v, size_t align)
{
  return (v + align - 1) & ~(align - 1);
}

/* Looks for NT_GNU_BUILD_ID owned by "GNU" in notes (alignment 4 or 8). */
static size_t
find_in_notes (const ElfFile *elf, const uint8_t *notes, size_t len, size_t align, uint8_t *out)
{
  size_t pos = 0;

  while (len - pos >= 12)
    {
      uint64_t namesz = get_u (elf, notes + pos, 4);
      uint64_t descsz = get_u (elf, notes + pos + 4, 4);
      uint64_t type = get_u (elf, notes + pos + 8, 4);
      size_t name_at = pos + 12, desc_at, next;

      if (namesz > len - name_at)
        return 0;
      desc_at = align_up (name_at + (size_t) namesz, align);
      if (desc_at > len || descsz > len - desc_at)
        return 0;
      next = align_up (desc_at + (size_t) descsz, align);
      if (type == NT_GNU_BUILD_ID && namesz == 4 && memcmp (notes + name_at, "GNU", 4) == 0)
        {
          if (descsz == 0 || descsz > PM_ELF_BUILD_ID_MAX)
            return 0;
          memcpy (out, notes + desc_at, (size_t) descsz);
          return (size_t) descsz;
        }
      if (next <= pos || next > len)
        return 0;
      pos = next;
    }
  return 0;
}

static size_t
read_notes (const ElfFile *elf, uint64_t offset, uint64_t size, uint64_t align, uint8_t *out)
{
  uint8_t notes[PM_ELF_BUILD_ID_MAX_NOTES_BYTES];
  size_t len = size > sizeof notes ? sizeof notes : (size_t) size;

  if (len < 12 || !read_at (elf, offset, notes, len))
    return 0;
  return find_in_notes (elf, notes, len, align == 8 ? 8 : 4, out);
}

/* Walks n headers of entsize bytes at offset: SHT_NOTE sections (sections)
 * or PT_NOTE segments. */
static size_t
find_in_headers (const ElfFile *elf, uint64_t offset, uint64_t entsize, uint64_t n, bool sections,
                 uint8_t *out)
{
  size_t want = elf->is_64 ? (sections ? sizeof (Elf64_Shdr) : sizeof (Elf64_Phdr))
                           : (sections ? sizeof (Elf32_Shdr) : sizeof (Elf32_Phdr));
  uint8_t buf[HEADERS_PER_READ * sizeof (Elf64_Shdr)];

  if (entsize < want || entsize > sizeof (Elf64_Shdr) || n > MAX_HEADERS)
    return 0;
  for (uint64_t first = 0; first < n; first += HEADERS_PER_READ)
    {
      uint64_t count = n - first < HEADERS_PER_READ ? n - first : HEADERS_PER_READ;

      if (!read_at (elf, offset + first * entsize, buf, (size_t) (count * entsize)))
        return 0;
      for (uint64_t i = 0; i < count; i++)
        {
          const uint8_t *h = buf + i * entsize;
          uint64_t type, at, size, align;
          size_t found;

          if (sections)
            {
              type = get_u (elf, h + 4, 4);
              at = elf->is_64 ? get_u (elf, h + 24, 8) : get_u (elf, h + 16, 4);
              size = elf->is_64 ? get_u (elf, h + 32, 8) : get_u (elf, h + 20, 4);
              align = elf->is_64 ? get_u (elf, h + 48, 8) : get_u (elf, h + 32, 4);
              if (type != SHT_NOTE)
                continue;
            }
          else
            {
              type = get_u (elf, h, 4);
              at = elf->is_64 ? get_u (elf, h + 8, 8) : get_u (elf, h + 4, 4);
              size = elf->is_64 ? get_u (elf, h + 32, 8) : get_u (elf, h + 16, 4);
              align = elf->is_64 ? get_u (elf, h + 48, 8) : get_u (elf, h + 28, 4);
              if (type != PT_NOTE)
                continue;
            }
          if ((found = read_notes (elf, at, size, align, out)) > 0)
            return found;
        }
    }
  return 0;
}

size_t
pm_elf_file_build_id (int      fd,
                      uint8_t *out)
{
  ElfFile elf = { .fd = fd };
  uint8_t ehdr[sizeof (Elf64_Ehdr)];
  struct stat st;
  uint64_t shoff, shnum, shentsize, phoff, phnum, phentsize;
  size_t found;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size < (off_t) sizeof (Elf32_Ehdr))
    return 0;
  elf.file_size = (uint64_t) st.st_size;
  if (!read_at (&elf, 0, ehdr, elf.file_size < sizeof ehdr ? sizeof (Elf32_Ehdr) : sizeof ehdr)
      || memcmp (ehdr, ELFMAG, SELFMAG) != 0
      || (ehdr[EI_CLASS] != ELFCLASS32 && ehdr[EI_CLASS] != ELFCLASS64)
      || (ehdr[EI_DATA] != ELFDATA2LSB && ehdr[EI_DATA] != ELFDATA2MSB))
    return 0;
  elf.is_64 = ehdr[EI_CLASS] == ELFCLASS64;
  elf.big_endian = ehdr[EI_DATA] == ELFDATA2MSB;
  if (elf.is_64 && elf.file_size < sizeof (Elf64_Ehdr))
    return 0;
  phoff = elf.is_64 ? get_u (&elf, ehdr + 32, 8) : get_u (&elf, ehdr + 28, 4);
  shoff = elf.is_64 ? get_u (&elf, ehdr + 40, 8) : get_u (&elf, ehdr + 32, 4);
  phentsize = get_u (&elf, ehdr + (elf.is_64 ? 54 : 42), 2);
  phnum = get_u (&elf, ehdr + (elf.is_64 ? 56 : 44), 2);
  shentsize = get_u (&elf, ehdr + (elf.is_64 ? 58 : 46), 2);
  shnum = get_u (&elf, ehdr + (elf.is_64 ? 60 : 48), 2);

  if (shoff != 0)
    {
      /* More than 0xff00 sections: the real count is the first header's size. */
      if (shnum == 0)
        {
          uint8_t first[sizeof (Elf64_Shdr)];
          if (shentsize > sizeof first || shentsize < (elf.is_64 ? 40u : 24u)
              || !read_at (&elf, shoff, first, (size_t) shentsize))
            return 0;
          shnum = elf.is_64 ? get_u (&elf, first + 32, 8) : get_u (&elf, first + 20, 4);
        }
      /* dwelf_elf_gnu_build_id reads the sections of a file that has them;
       * a file cut before its section headers may still have its notes. */
      if (shnum > 0 && (found = find_in_headers (&elf, shoff, shentsize, shnum, true, out)) > 0)
        return found;
    }
  if (phoff != 0 && phnum > 0 && phnum != 0xffff)
    return find_in_headers (&elf, phoff, phentsize, phnum, false, out);
  return 0;
}
