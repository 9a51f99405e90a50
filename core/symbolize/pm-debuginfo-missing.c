/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo-missing.c — the modules of a walked stack that have no debug
 * information here; see pm-debuginfo-missing.h.
 *
 * Runs in: postmortemctl's `debuginfod` command and the application (any
 * thread). Uses GLib (its callers' hash table), so it is kept out of
 * pm-debuginfo.c, which `postmortemctl info` links without GLib.
 */
#include "pm-config.h"

#include "pm-debuginfo-missing.h"

#include "pm-debuginfo.h"

void
pm_debuginfo_collect_missing (PmMinidump          *md,
                              const PmStackFrames *frames,
                              GHashTable          *missing)
{
  for (guint i = 0; frames != NULL && i < frames->len; i++)
    {
      const PmStackFrame *frame = &frames->data[i];
      size_t index;
      PmMdModule module;
      PmMdModuleIds ids;
      /* malloc'd, which g_free() (the table's) frees too. */
      g_autofree char *hex = NULL;

      if (frame->function != NULL || frame->module == NULL || frame->trust == PM_FRAME_TRUST_INLINE
          || pm_minidump_find_module (md, frame->pc, &index) != PM_MD_OK
          || pm_minidump_get_module (md, index, &module) != PM_MD_OK
          || pm_minidump_get_module_ids (md, &module, &ids) != PM_MD_OK
          || ids.build_id_len < 2 || ids.build_id_len > sizeof ids.build_id)
        continue;
      hex = pm_debuginfo_build_id_hex (ids.build_id, ids.build_id_len);
      if (!g_hash_table_contains (missing, hex))
        g_hash_table_insert (missing, g_steal_pointer (&hex), g_strdup (frame->module));
    }
}
