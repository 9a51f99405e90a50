/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-modules.c — find the ELF modules of a stopped process and their
 * build-ids.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 */
#include "pm-modules.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
same_file (const PmMapping *a,
           const PmMapping *b)
{
  return a->path != NULL && b->path != NULL && a->inode == b->inode &&
         a->dev_major == b->dev_major && a->dev_minor == b->dev_minor &&
         strcmp (a->path, b->path) == 0;
}

/* Looks for an NT_GNU_BUILD_ID note in a buffer of notes. */
static int
find_build_id_note (const uint8_t *notes,
                    size_t         len,
                    PmModule      *module)
{
  size_t off = 0;

  while (off + sizeof (Elf64_Nhdr) <= len)
    {
      Elf64_Nhdr nh;
      size_t name_at, desc_at, next;

      memcpy (&nh, notes + off, sizeof nh);
      name_at = off + sizeof nh;
      desc_at = name_at + ((nh.n_namesz + 3u) & ~3u);
      next = desc_at + ((nh.n_descsz + 3u) & ~3u);
      if (nh.n_namesz > len || nh.n_descsz > len || next > len || next <= off)
        return 0;
      if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
          memcmp (notes + name_at, "GNU", 4) == 0 &&
          nh.n_descsz > 0 && nh.n_descsz <= PM_MODULE_MAX_BUILD_ID)
        {
          memcpy (module->build_id, notes + desc_at, nh.n_descsz);
          module->build_id_len = nh.n_descsz;
          return 1;
        }
      off = next;
    }
  return 0;
}

/* Reads the build-id from the loaded image: the ELF header and program
 * headers sit in the first mapped page, PT_NOTE segments in a read-only
 * segment of the image. */
static int
build_id_from_memory (PmProcess *proc,
                      PmModule  *module)
{
  Elf64_Ehdr eh;
  Elf64_Phdr ph[64];
  uint64_t bias = 0;
  size_t n_ph;
  int have_bias = 0;

  if (pm_process_read_memory (proc, module->base, &eh, sizeof eh) != (ssize_t) sizeof eh)
    return 0;
  if (memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_phentsize != sizeof (Elf64_Phdr) || eh.e_phnum == 0)
    return 0;
  n_ph = eh.e_phnum < 64 ? eh.e_phnum : 64;
  if (pm_process_read_memory (proc, module->base + eh.e_phoff, ph, n_ph * sizeof ph[0])
      != (ssize_t) (n_ph * sizeof ph[0]))
    return 0;
  for (size_t i = 0; i < n_ph; i++)
    if (ph[i].p_type == PT_LOAD)
      {
        bias = module->base - (ph[i].p_vaddr & ~(uint64_t) 0xfff);
        have_bias = 1;
        break;
      }
  if (!have_bias)
    return 0;
  for (size_t i = 0; i < n_ph; i++)
    {
      uint8_t notes[1024];
      size_t len;

      if (ph[i].p_type != PT_NOTE)
        continue;
      len = ph[i].p_memsz < sizeof notes ? ph[i].p_memsz : sizeof notes;
      if (pm_process_read_memory (proc, bias + ph[i].p_vaddr, notes, len) != (ssize_t) len)
        continue;
      if (find_build_id_note (notes, len, module))
        return 1;
    }
  return 0;
}

/* The same from the file, through /proc/PID/map_files so we read the very
 * file that is mapped even if its path was replaced (for a core: the file
 * at the mapping's path, see PmProcessSource). */
static int
build_id_from_file (PmProcess       *proc,
                    PmModule        *module,
                    const PmMapping *first)
{
  Elf64_Ehdr eh;
  int fd, found = 0;

  fd = pm_process_open_mapped_file (proc, first);
  if (fd < 0)
    return 0;
  if (pread (fd, &eh, sizeof eh, 0) == (ssize_t) sizeof eh &&
      memcmp (eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
      eh.e_phentsize == sizeof (Elf64_Phdr))
    {
      for (unsigned i = 0; i < eh.e_phnum && i < 64 && !found; i++)
        {
          Elf64_Phdr ph;
          uint8_t notes[1024];
          size_t len;

          if (pread (fd, &ph, sizeof ph, (off_t) (eh.e_phoff + i * sizeof ph)) != (ssize_t) sizeof ph)
            break;
          if (ph.p_type != PT_NOTE)
            continue;
          len = ph.p_filesz < sizeof notes ? ph.p_filesz : sizeof notes;
          if (pread (fd, notes, len, (off_t) ph.p_offset) == (ssize_t) len)
            found = find_build_id_note (notes, len, module);
        }
    }
  close (fd);
  return found;
}

/* Last resort, as Breakpad does for files without a build-id: XOR the first
 * page of executable code into 16 bytes, so the module is still identified
 * consistently between dumps of the same binary. */
static void
build_id_from_text_hash (PmProcess       *proc,
                         PmModule        *module,
                         const PmMapping *text)
{
  uint8_t page[4096];
  ssize_t n;

  memset (module->build_id, 0, 16);
  module->build_id_len = 16;
  module->build_id_is_hash = 1;
  if (text == NULL)
    return;
  n = pm_process_read_memory (proc, text->start, page,
                              text->end - text->start < sizeof page ? text->end - text->start : sizeof page);
  for (ssize_t i = 0; i < n; i++)
    module->build_id[i % 16] ^= page[i];
}

static int
starts_with_elf (PmProcess       *proc,
                 const PmMapping *m)
{
  char magic[SELFMAG];

  if (!(m->perms & PM_MAP_READ))
    return 0;
  return pm_process_read_memory (proc, m->start, magic, SELFMAG) == SELFMAG &&
         memcmp (magic, ELFMAG, SELFMAG) == 0;
}

int
pm_module_list_collect (PmModuleList *list,
                        PmProcess    *proc)
{
  size_t alloc = 0;

  memset (list, 0, sizeof *list);
  for (size_t i = 0; i < proc->n_maps; i++)
    {
      const PmMapping *m = &proc->maps[i];
      const PmMapping *text = NULL;
      PmModule *mod;
      size_t j;
      int is_vdso;

      if (m->path == NULL || m->offset != 0)
        continue;
      is_vdso = strcmp (m->path, "[vdso]") == 0;
      if (m->path[0] != '/' && !is_vdso)
        continue;
      if (!starts_with_elf (proc, m))
        continue;

      if (list->n_modules == alloc)
        {
          size_t n = alloc ? alloc * 2 : 64;
          PmModule *grown = realloc (list->modules, n * sizeof *grown);
          if (grown == NULL)
            return -ENOMEM;
          list->modules = grown;
          alloc = n;
        }
      mod = &list->modules[list->n_modules++];
      memset (mod, 0, sizeof *mod);
      mod->base = m->start;
      mod->end = m->end;
      mod->path = is_vdso ? "linux-vdso.so.1" : m->path;
      if (m->perms & PM_MAP_EXEC)
        text = m;

      /* Extend over the rest of the same file, and an anonymous mapping
       * right after its last piece (.bss). Gaps (---p guard regions between
       * segments) belong to the module too, up to its last piece. */
      for (j = i + 1; j < proc->n_maps; j++)
        {
          const PmMapping *n = &proc->maps[j];

          if (same_file (m, n))
            {
              if (n->offset == 0 && starts_with_elf (proc, n))
                break;  /* the same file mapped again: another module */
              mod->end = n->end;
              if (text == NULL && (n->perms & PM_MAP_EXEC))
                text = n;
              continue;
            }
          if (n->path == NULL && n->start == mod->end)
            {
              mod->end = n->end;
              j++;
            }
          break;
        }

      if (!build_id_from_memory (proc, mod) &&
          !build_id_from_file (proc, mod, m))
        build_id_from_text_hash (proc, mod, text);
      if (mod->build_id_is_hash)
        pm_process_note (proc, "module %s has no GNU build-id note: identified by a hash of its text", mod->path);
    }

  /* Clip so no two ranges overlap (the same file mapped twice, or odd
   * layouts): a module ends where the next starts. */
  for (size_t k = 0; k + 1 < list->n_modules; k++)
    if (list->modules[k].end > list->modules[k + 1].base)
      list->modules[k].end = list->modules[k + 1].base;
  return 0;
}

const PmModule *
pm_module_list_find (const PmModuleList *list,
                     uint64_t            addr)
{
  for (size_t i = 0; i < list->n_modules; i++)
    if (addr >= list->modules[i].base && addr < list->modules[i].end)
      return &list->modules[i];
  return NULL;
}

void
pm_module_list_clear (PmModuleList *list)
{
  free (list->modules);
  list->modules = NULL;
  list->n_modules = 0;
}

const char *
pm_module_basename (const PmModule *module)
{
  const char *slash = strrchr (module->path, '/');
  return slash ? slash + 1 : module->path;
}
