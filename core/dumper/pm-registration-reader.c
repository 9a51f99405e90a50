/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-registration-reader.c — read and validate a registration table from a
 * stopped process; find it by symbol when nobody gave us its address.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 */
#include "pm-registration-reader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postmortem.h"

static void
copy_text (char       *dst,
           const char *src,
           size_t      size)
{
  /* The source is the target's buffer: never trust its NUL. */
  memcpy (dst, src, size);
  dst[size - 1] = '\0';
}

int
pm_registrations_read (PmRegistrations *regs,
                       PmProcess       *proc,
                       uint64_t         address)
{
  PmRegistrationTable *table;
  size_t header = PM_REGISTRATION_TABLE_HEADER_SIZE;
  uint32_t high;
  int odd;

  memset (regs, 0, sizeof *regs);
  if (address == 0)
    return 0;
  table = malloc (sizeof *table);
  if (table == NULL)
    return -ENOMEM;
  if (pm_process_read_memory (proc, address, table, header) != (ssize_t) header)
    {
      pm_process_note (proc, "registration table at 0x%llx is unreadable", (unsigned long long) address);
      free (table);
      return -EFAULT;
    }
  if (memcmp (table->magic, PM_REGISTRATION_TABLE_MAGIC, sizeof table->magic) != 0 ||
      table->version != PM_REGISTRATION_TABLE_VERSION ||
      table->header_size != header ||
      table->entry_size != sizeof (PmRegistrationEntry) ||
      table->max_entries != PM_REGISTRATION_MAX_ENTRIES)
    {
      pm_process_note (proc, "registration table at 0x%llx has a bad magic, version or layout: ignored",
                       (unsigned long long) address);
      free (table);
      return -EINVAL;
    }
  high = table->high_water;
  if (high > PM_REGISTRATION_MAX_ENTRIES)
    {
      pm_process_note (proc, "registration table: high_water %u beyond %u: clamped", high, PM_REGISTRATION_MAX_ENTRIES);
      high = PM_REGISTRATION_MAX_ENTRIES;
    }
  if (high > 0 &&
      pm_process_read_memory (proc, address + header, table->entries, high * sizeof (PmRegistrationEntry))
      != (ssize_t) (high * sizeof (PmRegistrationEntry)))
    {
      pm_process_note (proc, "registration table entries are unreadable");
      free (table);
      return -EFAULT;
    }
  /* The process is stopped: an odd generation means a writer was cut off
   * in the middle of changing dirty_index; all other entries are whole. */
  odd = (table->generation & 1) != 0;
  if (odd)
    pm_process_note (proc, "registration table was being changed (entry %u): that entry is skipped", table->dirty_index);

  regs->found = 1;
  regs->wer_flags = table->wer_flags;
  for (uint32_t i = 0; i < high; i++)
    {
      const PmRegistrationEntry *e = &table->entries[i];

      if (odd && i == table->dirty_index)
        continue;
      switch (e->kind)
        {
        case PM_REGISTRATION_KIND_NONE:
          break;
        case PM_REGISTRATION_KIND_MEMORY_BLOCK:
        case PM_REGISTRATION_KIND_EXCLUDED_BLOCK:
          {
            int excluded = e->kind == PM_REGISTRATION_KIND_EXCLUDED_BLOCK;
            PmRegisteredBlock *b = excluded ? &regs->excluded[regs->n_excluded++] : &regs->blocks[regs->n_blocks++];

            b->address = e->address;
            b->size = e->size;
            /* Only registered blocks are capped (WER's 64 KiB); an
             * excluded block may be any size. */
            if (!excluded && b->size > PM_REGISTRATION_MAX_BLOCK_SIZE)
              {
                pm_process_note (proc, "registered block at 0x%llx is %llu bytes, over the %u limit: cut",
                                 (unsigned long long) b->address, (unsigned long long) b->size,
                                 PM_REGISTRATION_MAX_BLOCK_SIZE);
                b->size = PM_REGISTRATION_MAX_BLOCK_SIZE;
              }
            if (b->address + b->size < b->address)
              b->size = UINT64_MAX - b->address;
          }
          break;
        case PM_REGISTRATION_KIND_FILE:
          if (regs->n_files < sizeof regs->files / sizeof regs->files[0])
            {
              PmRegisteredFile *f = &regs->files[regs->n_files++];
              copy_text (f->path, e->text, sizeof f->path);
              f->file_type = e->file_type;
              f->flags = e->flags;
            }
          else
            regs->n_files_dropped++;
          break;
        case PM_REGISTRATION_KIND_METADATA:
          if (regs->n_metadata < PM_REGISTRATION_MAX_METADATA)
            {
              PmRegisteredMetadata *m = &regs->metadata[regs->n_metadata++];
              copy_text (m->key, e->key, sizeof m->key);
              copy_text (m->value, e->text, sizeof m->value);
            }
          else
            pm_process_note (proc, "registration table holds more than %u metadata pairs: extra ignored",
                             PM_REGISTRATION_MAX_METADATA);
          break;
        case PM_REGISTRATION_KIND_PROCESS:
          if (regs->n_processes < PM_REGISTRATION_MAX_PROCESSES && e->address > 0 && e->address < INT32_MAX)
            {
              regs->processes[regs->n_processes].pid = (int32_t) e->address;
              regs->processes[regs->n_processes].tid = e->size < INT32_MAX ? (int32_t) e->size : 0;
              regs->n_processes++;
            }
          else
            pm_process_note (proc, "registration table: additional process entry %u ignored", i);
          break;
        case PM_REGISTRATION_KIND_RESTART:
          regs->has_restart = 1;
          regs->restart_flags = e->flags;
          copy_text (regs->restart_command_line, e->text, sizeof regs->restart_command_line);
          break;
        case PM_REGISTRATION_KIND_RECOVERY:
          /* Only the interval matters here: the handler runs the callback. */
          regs->has_recovery = 1;
          regs->recovery_ping_interval_ms = e->size == 0 ? PM_RECOVERY_DEFAULT_PING_INTERVAL
                                            : e->size > PM_RECOVERY_MAX_PING_INTERVAL ? PM_RECOVERY_MAX_PING_INTERVAL
                                            : (uint32_t) e->size;
          break;
        default:
          pm_process_note (proc, "registration table: entry %u has unknown kind %u", i, e->kind);
          break;
        }
    }
  if (regs->n_files_dropped > 0)
    pm_process_note (proc, "%u registered files beyond the first %zu were not attached",
                     regs->n_files_dropped, sizeof regs->files / sizeof regs->files[0]);
  free (table);
  return 0;
}

/* Looks a symbol up in one ELF file's .dynsym and .symtab. Returns its
 * st_value (relative to the file's load address) or 0. */
static uint64_t
lookup_symbol (int         fd,
               const char *name,
               uint64_t   *first_load_vaddr)
{
  Elf64_Ehdr eh;
  Elf64_Shdr sh[128];
  size_t n_sh, name_len = strlen (name);
  uint64_t found = 0;

  if (pread (fd, &eh, sizeof eh, 0) != (ssize_t) sizeof eh ||
      memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_shentsize != sizeof (Elf64_Shdr) || eh.e_phentsize != sizeof (Elf64_Phdr))
    return 0;
  *first_load_vaddr = 0;
  for (unsigned i = 0; i < eh.e_phnum && i < 64; i++)
    {
      Elf64_Phdr ph;
      if (pread (fd, &ph, sizeof ph, (off_t) (eh.e_phoff + i * sizeof ph)) != (ssize_t) sizeof ph)
        return 0;
      if (ph.p_type == PT_LOAD)
        {
          *first_load_vaddr = ph.p_vaddr & ~(uint64_t) 0xfff;
          break;
        }
    }
  n_sh = eh.e_shnum < 128 ? eh.e_shnum : 128;
  if (n_sh == 0 || pread (fd, sh, n_sh * sizeof sh[0], (off_t) eh.e_shoff) != (ssize_t) (n_sh * sizeof sh[0]))
    return 0;
  for (size_t s = 0; s < n_sh && found == 0; s++)
    {
      Elf64_Sym syms[256];
      const Elf64_Shdr *strtab;
      uint64_t count;

      if ((sh[s].sh_type != SHT_DYNSYM && sh[s].sh_type != SHT_SYMTAB) ||
          sh[s].sh_entsize != sizeof (Elf64_Sym) || sh[s].sh_link >= n_sh)
        continue;
      strtab = &sh[sh[s].sh_link];
      count = sh[s].sh_size / sizeof (Elf64_Sym);
      for (uint64_t at = 0; at < count && found == 0; at += 256)
        {
          size_t chunk = count - at < 256 ? (size_t) (count - at) : 256;
          ssize_t got = pread (fd, syms, chunk * sizeof syms[0], (off_t) (sh[s].sh_offset + at * sizeof syms[0]));

          if (got != (ssize_t) (chunk * sizeof syms[0]))
            break;
          for (size_t k = 0; k < chunk; k++)
            {
              char buf[64];

              if (syms[k].st_value == 0 || syms[k].st_name >= strtab->sh_size ||
                  ELF64_ST_TYPE (syms[k].st_info) != STT_OBJECT)
                continue;
              if (pread (fd, buf, name_len + 1, (off_t) (strtab->sh_offset + syms[k].st_name)) != (ssize_t) (name_len + 1))
                continue;
              if (memcmp (buf, name, name_len + 1) == 0)
                {
                  found = syms[k].st_value;
                  break;
                }
            }
        }
    }
  return found;
}

uint64_t
pm_registrations_find (PmProcess          *proc,
                       const PmModuleList *modules)
{
  for (size_t i = 0; i < modules->n_modules; i++)
    {
      const PmModule *mod = &modules->modules[i];
      const char *base = pm_module_basename (mod);
      const PmMapping *first = pm_process_find_mapping (proc, mod->base);
      uint64_t value, first_vaddr = 0;
      int fd;

      /* libpostmortem itself, or the main executable (linked statically). */
      if (first == NULL || mod->path[0] != '/' ||
          (strncmp (base, "libpostmortem.so", 16) != 0 &&
           strcmp (mod->path, proc->exe_path) != 0))
        continue;
      fd = pm_process_open_mapped_file (proc, first);
      if (fd < 0)
        continue;
      value = lookup_symbol (fd, PM_REGISTRATION_TABLE_SYMBOL, &first_vaddr);
      close (fd);
      if (value != 0)
        return mod->base - first_vaddr + value;
    }
  return 0;
}
