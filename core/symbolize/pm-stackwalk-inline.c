/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-inline.c — inline frames from a module's DWARF: the
 * functions inlined at a frame's pc, as frames of their own before it.
 *
 * Runs in: postmortemctl and the application's backtrace worker (libc and
 * libdw). The DWARF comes from a local file matched by build-id (or its
 * separate debug file), but is still read defensively: every chain is
 * bounded (PM_STACKWALK_MAX_INLINE_FRAMES, and the walk's frame limit), every
 * attribute may be missing or out of range.
 *
 * The scopes at an address (dwarf_getscopes) give its innermost DIE; the
 * DIE tree above it (dwarf_getscopes_die) gives the inlined subroutines that
 * contain it up to the real function, as eu-addr2line -i reads them. Each
 * inlined function executes at the line of the one inside it (the innermost
 * at the address's own line), and the real function at the call site of its
 * outermost inlined child, as LLDB, GDB and Breakpad show them.
 */
#include "pm-config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>

#include "pm-stackwalk-elf.h"
#include "pm-stackwalk-private.h"
#include "pm-xalloc.h"

/* The name a frame shows for an inlined or real function: its linkage name
 * when it has one (what the symbol table gives the real frames, so a C++
 * function reads the same whether inlined or not), else its DW_AT_name;
 * both read through DW_AT_abstract_origin and DW_AT_specification. */
static const char *
function_name_of (Dwarf_Die *die)
{
  static const int attributes[] = { DW_AT_linkage_name, DW_AT_MIPS_linkage_name, DW_AT_name };

  for (size_t i = 0; i < G_N_ELEMENTS (attributes); i++)
    {
      Dwarf_Attribute attr;
      const char *name = dwarf_formstring (dwarf_attr_integrate (die, attributes[i], &attr));

      if (name != NULL && name[0] != '\0')
        return name;
    }
  return NULL;
}

/* Where an inlined subroutine was called from: DW_AT_call_file (an index in
 * its unit's file table) and DW_AT_call_line. *file is NULL when either is
 * missing or the index is outside the table. */
static void
call_site_of (Dwarf_Die   *inlined,
              const char **file,
              int         *line)
{
  Dwarf_Attribute attr;
  Dwarf_Word file_index, line_number;
  Dwarf_Die cu;
  Dwarf_Files *files;
  size_t n_files = 0;

  *file = NULL;
  *line = 0;
  if (dwarf_formudata (dwarf_attr (inlined, DW_AT_call_file, &attr), &file_index) != 0
      || dwarf_formudata (dwarf_attr (inlined, DW_AT_call_line, &attr), &line_number) != 0
      || line_number > G_MAXINT
      || dwarf_diecu (inlined, &cu, NULL, NULL) == NULL
      || dwarf_getsrcfiles (&cu, &files, &n_files) != 0
      || file_index >= n_files)
    return;
  *file = dwarf_filesrc (files, file_index, NULL, NULL);
  if (*file != NULL)
    *line = (int) line_number;
}

static void
set_source (PmStackFrame *frame,
            const char   *file,
            int           line)
{
  free (frame->source_file);
  frame->source_file = pm_xstrdup (file);
  frame->source_line = file != NULL ? line : 0;
}

gboolean
pm_stackwalker_symbolize_dwarf_inlines (Dwfl_Module   *mod,
                                        PmStackFrame  *frame,
                                        guint64        lookup,
                                        PmStackFrames *frames)
{
  Dwarf_Addr bias = 0;
  Dwarf_Die *cudie = dwfl_module_addrdie (mod, lookup, &bias);
  Dwarf_Die *scopes = NULL, *chain = NULL;
  Dwarf_Die *inlined[PM_STACKWALK_MAX_INLINE_FRAMES];
  Dwarf_Die *outermost = NULL;
  guint n_inlined = 0, n_shown, room;
  int n_scopes, n_chain;
  gboolean found_function = FALSE;
  const char *file;
  int line;

  if (cudie == NULL)
    return FALSE;
  n_scopes = dwarf_getscopes (cudie, lookup - bias, &scopes);
  if (n_scopes <= 0)
    {
      free (scopes);
      return FALSE;
    }
  /* dwarf_getscopes continues an inlined subroutine's scopes in its
   * abstract definition (for variables); the concrete nesting is the DIE
   * tree above the innermost scope. */
  n_chain = dwarf_getscopes_die (&scopes[0], &chain);
  for (int i = 0; i < n_chain && !found_function; i++)
    {
      switch (dwarf_tag (&chain[i]))
        {
        case DW_TAG_inlined_subroutine:
          /* A deeper chain shows its innermost frames; the real frame
           * still gets the call site of the outermost. */
          if (n_inlined < G_N_ELEMENTS (inlined))
            inlined[n_inlined++] = &chain[i];
          outermost = &chain[i];
          break;
        case DW_TAG_subprogram:
        case DW_TAG_entry_point:
          found_function = TRUE;
          break;
        default:
          /* Lexical blocks and the like: no frame. */
          break;
        }
    }
  if (!found_function || outermost == NULL)
    {
      free (chain);
      free (scopes);
      return FALSE;
    }

  /* The frame limit counts inline frames too; the real frame always fits
   * (the walk only starts a frame below the limit). */
  room = frames->len + 1 < PM_STACKWALK_MAX_FRAMES ? PM_STACKWALK_MAX_FRAMES - 1 - frames->len : 0;
  n_shown = MIN (n_inlined, room);
  file = frame->source_file;
  line = frame->source_line;
  for (guint i = 0; i < n_shown; i++)
    {
      PmStackFrame in = { 0 };
      const char *name = function_name_of (inlined[i]);

      in.pc = frame->pc;
      in.sp = frame->sp;
      in.trust = PM_FRAME_TRUST_INLINE;
      in.module = pm_xstrdup (frame->module);
      in.module_offset = frame->module_offset;
      in.function = pm_xstrdup (name != NULL ? name : "<inline>");
      in.source_file = pm_xstrdup (file);
      in.source_line = file != NULL ? line : 0;
      pm_stack_frames_take (frames, &in);
      call_site_of (inlined[i], &file, &line);
    }
  /* The real function executes at the call of its outermost inlined child,
   * whether or not the limit let every inline frame be shown. */
  call_site_of (outermost, &file, &line);
  set_source (frame, file, line);
  free (chain);
  free (scopes);
  return TRUE;
}
