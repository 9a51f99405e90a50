/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-info.c — `postmortemctl info FILE|REPORT-KEY [--json] [--symbols DIR]…`:
 * what a minidump says, for people (a summary) or for programs (one JSON
 * object). Each --symbols names a directory of Breakpad symbol files
 * (NAME/DEBUG-ID/NAME.sym) for the backtraces.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed). The dump is
 * read with the libc-only reader (core/minidump/pm-minidump-reader.h), which
 * maps the file and reads lazily, so even a 1 GiB heap dump is summarised
 * without reading its memory.
 *
 * JSON shape (addresses are "0x…" strings, counts and ids are numbers):
 *   { "file", "file_size", "timestamp",
 *     "streams": [ {type, name, size, rva, readable} ],
 *     "system_info": {os, os_version, cpu, cpu_info, cpu_count, platform_id} | null,
 *     "exception": {thread_id, code, code_name, detail, flags, address, crash_address} | null,
 *     "crashing_thread": index | null,
 *     "threads": [ {id, name, pc, sp, stack_start, stack_size, crashed,
 *                   frames: [ {pc, sp, trust, module, module_offset, function,
 *                              function_offset, file, line} ] | null} ],
 *                  (frames: the walked stack, core/symbolize/pm-stackwalk.h;
 *                   null when built without libdw or the CPU cannot be walked)
 *     "modules": [ {base, size, name, debug_id, debug_file, code_id, version} ],
 *     "unloaded_modules": [ {base, size, name} ],
 *     "process": {pid, create_time} | null,
 *     "annotations": { key: string value },
 *     "assertion": {expression, function, file, line, type} | null,
 *     "notes": [ string ]      (postmortem-dumper's notes stream),
 *     "warnings": [ string ]   (what the reader skipped) }
 */
#include "pm-config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-minidump-reader.h"
#include "pm-error.h"
#ifdef PM_HAVE_SYMBOLIZE
#include "pm-backtrace-text.h"
#include "pm-ctl-backtrace.h"
#include "pm-debuginfo.h"
#endif

/* ------------------------------------------------------------------------ */
/* JSON output                                                              */
/* ------------------------------------------------------------------------ */

static void
json_hex (GString *out, guint64 value)
{
  g_string_append_printf (out, "\"0x%" G_GINT64_MODIFIER "x\"", value);
}

/* Text that came from the file, made printable for a terminal. */
static char *
printable (const char *s, gssize len)
{
  g_autofree char *valid = g_utf8_make_valid (s, len);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Collected facts                                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char *key;
  char *value;
} Annotation;

static void
annotation_free (gpointer data)
{
  Annotation *a = data;

  g_free (a->key);
  g_free (a->value);
  g_free (a);
}

typedef struct
{
  GPtrArray  *list;   /* of Annotation, in file order */
  GHashTable *keys;   /* the keys in list (borrowed), to find duplicates in O(1) */
} Annotations;

static void
annotations_free (Annotations *a)
{
  g_hash_table_unref (a->keys);
  g_ptr_array_unref (a->list);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Annotations, annotations_free)

static void
add_annotation (Annotations *all, const char *key, gssize key_len, const char *value, gssize value_len)
{
  Annotation *a = g_new0 (Annotation, 1);

  a->key = g_utf8_make_valid (key, key_len);
  a->value = g_utf8_make_valid (value, value_len);
  /* Later duplicates (module-level after process-level) are kept with a
   * suffix: "key#N" where N is the annotation's position. */
  if (g_hash_table_contains (all->keys, a->key))
    {
      char *k = g_strdup_printf ("%s#%u", a->key, all->list->len);
      g_free (a->key);
      a->key = k;
    }
  g_hash_table_add (all->keys, a->key);
  g_ptr_array_add (all->list, a);
}

static char *
module_basename (PmMinidump *md, size_t index)
{
  PmMdModule m;
  char name[1024];
  const char *slash;

  if (pm_minidump_get_module (md, index, &m) != PM_MD_OK
      || pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) != PM_MD_OK)
    return g_strdup_printf ("module%zu", index);
  slash = strrchr (name, '/');
  if (slash == NULL)
    slash = strrchr (name, '\\');
  return g_strdup (slash != NULL ? slash + 1 : name);
}

/* Crashpad's process and module annotations, and Postmortem's metadata. */
static Annotations *
collect_annotations (PmMinidump *md)
{
  Annotations *list = g_new0 (Annotations, 1);
  PmMdCrashpadInfo cp;
  PmMdPostmortemInfo pi;

  list->list = g_ptr_array_new_with_free_func (annotation_free);
  list->keys = g_hash_table_new (g_str_hash, g_str_equal);
  if (pm_minidump_get_postmortem_info (md, &pi) == PM_MD_OK)
    {
      size_t n = pm_minidump_dictionary_size (md, pi.metadata);
      for (size_t i = 0; i < n; i++)
        {
          const char *k, *v;
          size_t kl, vl;
          if (pm_minidump_dictionary_get (md, pi.metadata, i, &k, &kl, &v, &vl) == PM_MD_OK)
            add_annotation (list, k, (gssize) kl, v, (gssize) vl);
        }
    }

  if (pm_minidump_get_crashpad_info (md, &cp) != PM_MD_OK)
    return list;
  {
    size_t n = pm_minidump_dictionary_size (md, cp.simple_annotations);
    for (size_t i = 0; i < n; i++)
      {
        const char *k, *v;
        size_t kl, vl;
        if (pm_minidump_dictionary_get (md, cp.simple_annotations, i, &k, &kl, &v, &vl) == PM_MD_OK)
          add_annotation (list, k, (gssize) kl, v, (gssize) vl);
      }
  }
  for (size_t m = 0, nm = pm_minidump_get_n_crashpad_modules (md); m < nm; m++)
    {
      PmMdModuleCrashpadInfo mi;
      uint32_t module_index;
      g_autofree char *modname = NULL;

      if (pm_minidump_get_crashpad_module (md, m, &module_index, &mi) != PM_MD_OK)
        continue;
      modname = module_basename (md, module_index);
      for (size_t i = 0, n = pm_minidump_string_list_size (md, mi.list_annotations); i < n; i++)
        {
          const char *s;
          size_t l;
          if (pm_minidump_string_list_get (md, mi.list_annotations, i, &s, &l) == PM_MD_OK)
            {
              g_autofree char *key = g_strdup_printf ("%s.list_annotations[%zu]", modname, i);
              add_annotation (list, key, -1, s, (gssize) l);
            }
        }
      for (size_t i = 0, n = pm_minidump_dictionary_size (md, mi.simple_annotations); i < n; i++)
        {
          const char *k, *v;
          size_t kl, vl;
          if (pm_minidump_dictionary_get (md, mi.simple_annotations, i, &k, &kl, &v, &vl) == PM_MD_OK)
            add_annotation (list, k, (gssize) kl, v, (gssize) vl);
        }
      for (size_t i = 0, n = pm_minidump_annotation_list_size (md, mi.annotation_objects); i < n; i++)
        {
          const char *name;
          const uint8_t *value;
          size_t nl, vl;
          uint16_t type;

          if (pm_minidump_annotation_list_get (md, mi.annotation_objects, i, &name, &nl, &type,
                                               &value, &vl) != PM_MD_OK)
            continue;
          if (type == PM_MD_ANNOTATION_TYPE_STRING)
            add_annotation (list, name, (gssize) nl, (const char *) value, (gssize) vl);
          else
            {
              /* Not text: show the bytes in hex, with the type. */
              GString *hex = g_string_new (NULL);
              g_string_append_printf (hex, "(type 0x%x) ", type);
              for (size_t j = 0; j < vl && j < 256; j++)
                g_string_append_printf (hex, "%02x", value[j]);
              if (vl > 256)
                g_string_append (hex, "…");
              add_annotation (list, name, (gssize) nl, hex->str, -1);
              g_string_free (hex, TRUE);
            }
        }
    }
  return list;
}

static char *
module_version (const PmMdModule *m)
{
  const PmMdVsFixedFileInfo *v = &m->version_info;

  if (v->signature != PM_MD_VS_FFI_SIGNATURE)
    return NULL;
  return g_strdup_printf ("%u.%u.%u.%u", v->file_version_hi >> 16, v->file_version_hi & 0xffff,
                          v->file_version_lo >> 16, v->file_version_lo & 0xffff);
}

/* The registers of thread t: for the crashing thread, the context saved
 * at the fault (Exception stream) rather than the one the writer recorded
 * inside its own handler, as Breakpad and LLDB show it. */
static gboolean
thread_context (PmMinidump *md, const PmMdThreadRecord *t, PmMdContext *ctx)
{
  return pm_minidump_read_thread_context (md, t, ctx, NULL) == PM_MD_OK;
}

#ifdef PM_HAVE_SYMBOLIZE
/* The --symbols directories, in the order given. */
static GPtrArray *symbol_dirs;

/* A walker for md (free it with pm_stackwalker_free), or NULL. Module files
 * here are read through the backtrace module (libdw), loaded only when the
 * dump has one. */
static PmStackwalker *
walker_new (PmMinidump *md, GError **error)
{
  const PmStackwalkFiles *files = NULL;
  PmStackwalker *walker;

  if (!pm_stackwalk_supports_cpu (md, error))
    return NULL;
  if (pm_debuginfo_dump_has_local_files (md))
    {
      g_autofree char *load_error = NULL;
      PmCtlBacktraceFiles get_files = (PmCtlBacktraceFiles) pm_ctl_module_symbol (PM_CTL_BACKTRACE_MODULE,
                                                                                  PM_CTL_BACKTRACE_SYMBOL,
                                                                                  &load_error);
      if (get_files == NULL)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "%s", load_error);
          return NULL;
        }
      files = get_files ();
    }
  walker = pm_stackwalker_new_with_files (md, files, error);
  for (guint i = 0; walker != NULL && symbol_dirs != NULL && i < symbol_dirs->len; i++)
    pm_stackwalker_add_symbol_dir (walker, g_ptr_array_index (symbol_dirs, i));
  return walker;
}

/* The walked stack of t, or NULL (the reason in *error). */
static GArray *
walk_thread (PmStackwalker *walker, PmMinidump *md, const PmMdThreadRecord *t, GError **error)
{
  PmMdContext ctx;

  if (!thread_context (md, t, &ctx))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s", pm_minidump_get_error_message (md));
      return NULL;
    }
  return pm_stackwalker_walk (walker, &ctx, error);
}

static void
json_frames (GString *out, GArray *frames)
{
  g_string_append (out, "[");
  for (guint f = 0; f < frames->len; f++)
    {
      PmStackFrame *frame = &g_array_index (frames, PmStackFrame, f);

      g_string_append (out, f > 0 ? ",{\"pc\":" : "{\"pc\":");
      json_hex (out, frame->pc);
      g_string_append (out, ",\"sp\":");
      json_hex (out, frame->sp);
      g_string_append (out, ",\"trust\":");
      pm_ctl_json_string (out, pm_frame_trust_to_string (frame->trust), -1);
      g_string_append (out, ",\"module\":");
      pm_ctl_json_string (out, frame->module, -1);
      g_string_append (out, ",\"module_offset\":");
      if (frame->module != NULL)
        json_hex (out, frame->module_offset);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"function\":");
      pm_ctl_json_string (out, frame->function, -1);
      g_string_append (out, ",\"function_offset\":");
      if (frame->function != NULL)
        json_hex (out, frame->function_offset);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"file\":");
      pm_ctl_json_string (out, frame->source_file, -1);
      if (frame->source_file != NULL)
        g_string_append_printf (out, ",\"line\":%d}", frame->source_line);
      else
        g_string_append (out, ",\"line\":null}");
    }
  g_string_append (out, "]");
}
#endif

/* ------------------------------------------------------------------------ */
/* The two outputs                                                          */
/* ------------------------------------------------------------------------ */

static void
print_json (PmMinidump *md, const char *label)
{
  GString *out = g_string_new ("{");
  PmMdHeader header;
  PmMdSystemInfo si;
  PmMdCrashReason reason;
  PmMdMiscInfo misc;
  PmMdAssertionInfo assertion;
  gboolean have_reason;
  g_autoptr (Annotations) annotations = NULL;
  gssize crashing_index = -1;
#ifdef PM_HAVE_SYMBOLIZE
  /* NULL for a CPU the walker does not know (or no threads): frames are then null. */
  PmStackwalker *walker = pm_minidump_get_n_threads (md) > 0 ? walker_new (md, NULL) : NULL;
#endif

  pm_minidump_get_header (md, &header);
  g_string_append (out, "\"file\":");
  pm_ctl_json_string (out, label, -1);
  g_string_append_printf (out, ",\"file_size\":%" G_GUINT64_FORMAT ",\"timestamp\":%u",
                          pm_minidump_get_file_size (md), header.time_date_stamp);

  g_string_append (out, ",\"streams\":[");
  for (size_t i = 0, n = pm_minidump_get_n_streams (md); i < n; i++)
    {
      PmMdStreamInfo s;

      pm_minidump_get_stream_info (md, i, &s);
      g_string_append_printf (out, "%s{\"type\":", i > 0 ? "," : "");
      json_hex (out, s.type);
      g_string_append (out, ",\"name\":");
      pm_ctl_json_string (out, s.name, -1);
      g_string_append_printf (out, ",\"size\":%u,\"rva\":", s.size);
      json_hex (out, s.rva);
      g_string_append_printf (out, ",\"readable\":%s}", s.state == PM_MD_STREAM_OK ? "true" : "false");
    }
  g_string_append (out, "]");

  g_string_append (out, ",\"system_info\":");
  if (pm_minidump_get_system_info (md, &si) == PM_MD_OK)
    {
      char os_version[512], cpu_info[128];
      const char *os = pm_md_os_name (si.platform_id);
      const char *cpu = pm_md_cpu_arch_name (si.processor_architecture);
      g_autofree char *os_fallback = g_strdup_printf ("unknown (0x%x)", si.platform_id);
      g_autofree char *cpu_fallback = g_strdup_printf ("unknown (0x%x)", si.processor_architecture);

      pm_minidump_format_os_version (md, os_version, sizeof os_version);
      pm_minidump_format_cpu_info (md, cpu_info, sizeof cpu_info);
      g_string_append (out, "{\"os\":");
      pm_ctl_json_string (out, os != NULL ? os : os_fallback, -1);
      g_string_append (out, ",\"os_version\":");
      pm_ctl_json_string (out, os_version, -1);
      g_string_append (out, ",\"cpu\":");
      pm_ctl_json_string (out, cpu != NULL ? cpu : cpu_fallback, -1);
      g_string_append (out, ",\"cpu_info\":");
      pm_ctl_json_string (out, cpu_info, -1);
      g_string_append_printf (out, ",\"cpu_count\":%u,\"platform_id\":", si.number_of_processors);
      json_hex (out, si.platform_id);
      g_string_append (out, "}");
    }
  else
    g_string_append (out, "null");

  have_reason = pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK;
  g_string_append (out, ",\"exception\":");
  if (have_reason)
    {
      g_string_append_printf (out, "{\"thread_id\":%u,\"code\":", reason.thread_id);
      json_hex (out, reason.code);
      g_string_append (out, ",\"code_name\":");
      pm_ctl_json_string (out, reason.code_name, -1);
      g_string_append (out, ",\"detail\":");
      pm_ctl_json_string (out, reason.detail_name, -1);
      g_string_append (out, ",\"flags\":");
      json_hex (out, reason.flags);
      g_string_append (out, ",\"address\":");
      json_hex (out, reason.address);
      g_string_append (out, ",\"crash_address\":");
      json_hex (out, reason.crash_address);
      g_string_append (out, "}");
    }
  else
    g_string_append (out, "null");

  g_string_append (out, ",\"threads\":[");
  for (size_t i = 0, n = pm_minidump_get_n_threads (md); i < n; i++)
    {
      PmMdThreadRecord t;
      PmMdContext ctx;
      char name[256];
      gboolean have_ctx;

      if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK)
        continue;
      have_ctx = thread_context (md, &t, &ctx);
      if (have_reason && t.thread_id == reason.thread_id && crashing_index < 0)
        crashing_index = (gssize) i;
      g_string_append_printf (out, "%s{\"id\":%u,\"name\":", i > 0 ? "," : "", t.thread_id);
      if (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name) == PM_MD_OK)
        pm_ctl_json_string (out, name, -1);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"pc\":");
      if (have_ctx)
        json_hex (out, ctx.pc);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"sp\":");
      if (have_ctx)
        json_hex (out, ctx.sp);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"stack_start\":");
      json_hex (out, t.stack_start);
      g_string_append_printf (out, ",\"stack_size\":%" G_GUINT64_FORMAT ",\"crashed\":%s",
                              t.stack_size,
                              have_reason && t.thread_id == reason.thread_id ? "true" : "false");
      g_string_append (out, ",\"frames\":");
#ifdef PM_HAVE_SYMBOLIZE
      {
        g_autoptr (GArray) frames = walker != NULL ? walk_thread (walker, md, &t, NULL) : NULL;
        if (frames != NULL)
          json_frames (out, frames);
        else
          g_string_append (out, "null");
      }
#else
      g_string_append (out, "null");
#endif
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
  if (crashing_index >= 0)
    g_string_append_printf (out, ",\"crashing_thread\":%" G_GSSIZE_FORMAT, crashing_index);
  else
    g_string_append (out, ",\"crashing_thread\":null");

  g_string_append (out, ",\"modules\":[");
  for (size_t i = 0, n = pm_minidump_get_n_modules (md); i < n; i++)
    {
      PmMdModule m;
      PmMdModuleIds ids;
      char name[1024];
      g_autofree char *version = NULL;
      gboolean have_ids;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      have_ids = pm_minidump_get_module_ids (md, &m, &ids) == PM_MD_OK;
      g_string_append_printf (out, "%s{\"base\":", i > 0 ? "," : "");
      json_hex (out, m.base_of_image);
      g_string_append_printf (out, ",\"size\":%u,\"name\":", m.size_of_image);
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) == PM_MD_OK)
        pm_ctl_json_string (out, name, -1);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"debug_id\":");
      pm_ctl_json_string (out, have_ids && ids.debug_id[0] ? ids.debug_id : NULL, -1);
      g_string_append (out, ",\"debug_file\":");
      pm_ctl_json_string (out, have_ids && ids.debug_file[0] ? ids.debug_file : NULL, -1);
      g_string_append (out, ",\"code_id\":");
      pm_ctl_json_string (out, have_ids && ids.code_id[0] ? ids.code_id : NULL, -1);
      version = module_version (&m);
      g_string_append (out, ",\"version\":");
      pm_ctl_json_string (out, version, -1);
      g_string_append (out, "}");
    }
  g_string_append (out, "]");

  g_string_append (out, ",\"unloaded_modules\":[");
  for (size_t i = 0, n = pm_minidump_get_n_unloaded_modules (md); i < n; i++)
    {
      PmMdUnloadedModule m;
      char name[1024];

      if (pm_minidump_get_unloaded_module (md, i, &m) != PM_MD_OK)
        continue;
      g_string_append_printf (out, "%s{\"base\":", i > 0 ? "," : "");
      json_hex (out, m.base_of_image);
      g_string_append_printf (out, ",\"size\":%u,\"name\":", m.size_of_image);
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) == PM_MD_OK)
        pm_ctl_json_string (out, name, -1);
      else
        g_string_append (out, "null");
      g_string_append (out, "}");
    }
  g_string_append (out, "]");

  g_string_append (out, ",\"process\":");
  if (pm_minidump_get_misc_info (md, &misc, NULL) == PM_MD_OK && (misc.flags1 & PM_MD_MISC1_PROCESS_ID))
    {
      g_string_append_printf (out, "{\"pid\":%u,\"create_time\":", misc.process_id);
      if (misc.flags1 & PM_MD_MISC1_PROCESS_TIMES)
        g_string_append_printf (out, "%u}", misc.process_create_time);
      else
        g_string_append (out, "null}");
    }
  else
    g_string_append (out, "null");

  annotations = collect_annotations (md);
  g_string_append (out, ",\"annotations\":{");
  for (guint i = 0; i < annotations->list->len; i++)
    {
      Annotation *a = annotations->list->pdata[i];

      if (i > 0)
        g_string_append_c (out, ',');
      pm_ctl_json_string (out, a->key, -1);
      g_string_append_c (out, ':');
      pm_ctl_json_string (out, a->value, -1);
    }
  g_string_append (out, "}");

  g_string_append (out, ",\"assertion\":");
  if (pm_minidump_get_assertion_info (md, &assertion) == PM_MD_OK)
    {
      char buf[512];

      g_string_append (out, "{\"expression\":");
      pm_md_utf16_to_utf8 (assertion.expression, G_N_ELEMENTS (assertion.expression), buf, sizeof buf);
      pm_ctl_json_string (out, buf, -1);
      g_string_append (out, ",\"function\":");
      pm_md_utf16_to_utf8 (assertion.function, G_N_ELEMENTS (assertion.function), buf, sizeof buf);
      pm_ctl_json_string (out, buf, -1);
      g_string_append (out, ",\"file\":");
      pm_md_utf16_to_utf8 (assertion.file, G_N_ELEMENTS (assertion.file), buf, sizeof buf);
      pm_ctl_json_string (out, buf, -1);
      g_string_append_printf (out, ",\"line\":%u,\"type\":%u}", assertion.line, assertion.type);
    }
  else
    g_string_append (out, "null");

  g_string_append (out, ",\"notes\":[");
  {
    PmMdLocation loc;
    if (pm_minidump_find_stream (md, PM_MD_STREAM_POSTMORTEM_NOTES, &loc) == PM_MD_OK)
      for (size_t i = 0, n = pm_minidump_string_list_size (md, loc), k = 0; i < n; i++)
        {
          const char *note;
          size_t len;
          if (pm_minidump_string_list_get (md, loc, i, &note, &len) != PM_MD_OK)
            continue;
          if (k++ > 0)
            g_string_append_c (out, ',');
          pm_ctl_json_string (out, note, (gssize) len);
        }
  }
  g_string_append (out, "]");

  g_string_append (out, ",\"warnings\":[");
  for (size_t i = 0, n = pm_minidump_get_n_warnings (md); i < n && i < PM_MD_MAX_WARNINGS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pm_ctl_json_string (out, pm_minidump_get_warning (md, i), -1);
    }
  if (pm_minidump_get_n_warnings (md) > PM_MD_MAX_WARNINGS)
    {
      g_autofree char *more = g_strdup_printf ("%zu more problems not listed",
                                               pm_minidump_get_n_warnings (md) - PM_MD_MAX_WARNINGS);
      g_string_append_c (out, ',');
      pm_ctl_json_string (out, more, -1);
    }
  g_string_append (out, "]}\n");
#ifdef PM_HAVE_SYMBOLIZE
  pm_stackwalker_free (walker);
#endif

  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
}

#ifdef PM_HAVE_SYMBOLIZE
/* "Backtrace of the crashing thread": one line per frame, with how it was
 * found (context, cfi, frame-pointer, scan: the last is a guess). */
static void
print_backtrace (PmMinidump *md, const PmMdCrashReason *reason)
{
  g_autoptr (GError) error = NULL;
  PmStackwalker *walker = NULL;
  g_autoptr (GArray) frames = NULL;
  g_autofree char *text = NULL;
  PmMdThreadRecord t;
  gboolean found = FALSE;

  if (reason == NULL)
    return;
  for (size_t i = 0, n = pm_minidump_get_n_threads (md); i < n && !found; i++)
    found = pm_minidump_get_thread (md, i, &t) == PM_MD_OK && t.thread_id == reason->thread_id;
  if (!found)
    return;
  walker = walker_new (md, &error);
  if (walker != NULL)
    frames = walk_thread (walker, md, &t, &error);
  /* The application's Copy Backtrace gives this same text (pm-backtrace-text.h). */
  text = frames != NULL ? pm_backtrace_to_text (t.thread_id, frames)
                        : pm_backtrace_failure_to_text (t.thread_id, error->message);
  printf ("\n%s", text);
  g_clear_pointer (&frames, g_array_unref);
  pm_stackwalker_free (walker);
}
#endif

static void
print_human (PmMinidump *md, const char *label)
{
  PmMdHeader header;
  PmMdSystemInfo si;
  PmMdCrashReason reason;
  PmMdMiscInfo misc;
  PmMdAssertionInfo assertion;
  gboolean have_reason;
  g_autoptr (Annotations) annotations = NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *label_p = printable (label, -1);

  pm_minidump_get_header (md, &header);
  when = g_date_time_new_from_unix_utc (header.time_date_stamp);
  when_text = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
  printf (_("Minidump:   %s (%llu bytes, %zu streams, written %s)\n"),
          label_p, (unsigned long long) pm_minidump_get_file_size (md), pm_minidump_get_n_streams (md), when_text);

  if (pm_minidump_get_system_info (md, &si) == PM_MD_OK)
    {
      char os_version[512], cpu_info[128];
      const char *os = pm_md_os_name (si.platform_id);
      const char *cpu = pm_md_cpu_arch_name (si.processor_architecture);
      g_autofree char *os_version_p = NULL;

      pm_minidump_format_os_version (md, os_version, sizeof os_version);
      pm_minidump_format_cpu_info (md, cpu_info, sizeof cpu_info);
      os_version_p = printable (os_version, -1);
      printf (_("OS:         %s %s\n"), os != NULL ? os : "unknown", os_version_p);
      printf (_("CPU:        %s, %s, %u CPUs\n"), cpu != NULL ? cpu : "unknown", cpu_info,
              si.number_of_processors);
    }
  else
    printf (_("OS:         unknown (no SystemInfo stream)\n"));

  if (pm_minidump_get_misc_info (md, &misc, NULL) == PM_MD_OK && (misc.flags1 & PM_MD_MISC1_PROCESS_ID))
    printf (_("Process:    %u\n"), misc.process_id);

  have_reason = pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK;
  if (have_reason)
    {
      printf (_("Crash:      %s"), reason.code_name != NULL ? reason.code_name : "unknown exception");
      printf (" (0x%x", reason.code);
      if (reason.detail_name != NULL)
        printf (" / %s", reason.detail_name);
      printf (")\n");
      printf (_("Address:    0x%llx"), (unsigned long long) reason.crash_address);
      if (reason.crash_address != reason.address)
        printf (_(" (at instruction 0x%llx)"), (unsigned long long) reason.address);
      printf (_("\nThread:     %u\n"), reason.thread_id);
    }
  else
    {
      PmMdPostmortemInfo pi;

      if (pm_minidump_get_postmortem_info (md, &pi) == PM_MD_OK && (pi.flags & PM_MD_POSTMORTEM_FLAG_HANG))
        printf (_("Hang:       thread %u stopped responding (the process was left running)\n"),
                pi.crashing_thread_id);
      else
        printf (_("Crash:      none (no Exception stream: a dump taken on request)\n"));
    }

  if (pm_minidump_get_assertion_info (md, &assertion) == PM_MD_OK)
    {
      char e[512], f[512], file[512];

      pm_md_utf16_to_utf8 (assertion.expression, G_N_ELEMENTS (assertion.expression), e, sizeof e);
      pm_md_utf16_to_utf8 (assertion.function, G_N_ELEMENTS (assertion.function), f, sizeof f);
      pm_md_utf16_to_utf8 (assertion.file, G_N_ELEMENTS (assertion.file), file, sizeof file);
      printf (_("Assertion:  %s in %s at %s:%u\n"), e, f, file, assertion.line);
    }

  printf (_("\nThreads (%zu):\n"), pm_minidump_get_n_threads (md));
  for (size_t i = 0, n = pm_minidump_get_n_threads (md); i < n; i++)
    {
      PmMdThreadRecord t;
      PmMdContext ctx;
      char name[256];
      g_autofree char *name_p = NULL;
      gboolean crashed;

      if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK)
        continue;
      crashed = have_reason && t.thread_id == reason.thread_id;
      if (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name) == PM_MD_OK)
        name_p = printable (name, -1);
      printf ("  %s %-8u %-20s", crashed ? "*" : " ", t.thread_id, name_p != NULL ? name_p : "");
      if (thread_context (md, &t, &ctx))
        printf (" pc 0x%016" G_GINT64_MODIFIER "x  sp 0x%016" G_GINT64_MODIFIER "x\n", ctx.pc, ctx.sp);
      else
        printf (_(" (no registers: %s)\n"), pm_minidump_get_error_message (md));
    }

#ifdef PM_HAVE_SYMBOLIZE
  print_backtrace (md, have_reason ? &reason : NULL);
#endif

  printf (_("\nModules (%zu):\n"), pm_minidump_get_n_modules (md));
  for (size_t i = 0, n = pm_minidump_get_n_modules (md); i < n; i++)
    {
      PmMdModule m;
      PmMdModuleIds ids;
      char name[1024];
      g_autofree char *name_p = NULL;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) != PM_MD_OK)
        g_strlcpy (name, "?", sizeof name);
      name_p = printable (name, -1);
      if (pm_minidump_get_module_ids (md, &m, &ids) != PM_MD_OK)
        memset (&ids, 0, sizeof ids);
      printf ("  0x%016" G_GINT64_MODIFIER "x-0x%016" G_GINT64_MODIFIER "x %s\n",
              m.base_of_image, m.base_of_image + m.size_of_image, name_p);
      if (ids.cv_signature == PM_MD_CV_SIGNATURE_ELF)
        printf (_("      build-id %s\n"), ids.code_id);
      else if (ids.code_id[0] != '\0')
        printf (_("      code id %s\n"), ids.code_id);
      if (ids.debug_id[0] != '\0')
        {
          g_autofree char *df = printable (ids.debug_file, -1);
          printf (_("      debug id %s %s\n"), ids.debug_id, df);
        }
    }

  annotations = collect_annotations (md);
  if (annotations->list->len > 0)
    {
      printf (_("\nAnnotations (%u):\n"), annotations->list->len);
      for (guint i = 0; i < annotations->list->len; i++)
        {
          Annotation *a = annotations->list->pdata[i];
          g_autofree char *k = printable (a->key, -1);
          g_autofree char *v = printable (a->value, -1);
          printf ("  %s = %s\n", k, v);
        }
    }

  {
    PmMdLocation loc;
    if (pm_minidump_find_stream (md, PM_MD_STREAM_POSTMORTEM_NOTES, &loc) == PM_MD_OK
        && pm_minidump_string_list_size (md, loc) > 0)
      {
        printf (_("\nNotes of the dump writer:\n"));
        for (size_t i = 0, n = pm_minidump_string_list_size (md, loc); i < n; i++)
          {
            const char *note;
            size_t len;
            if (pm_minidump_string_list_get (md, loc, i, &note, &len) == PM_MD_OK)
              {
                g_autofree char *p = printable (note, (gssize) len);
                printf ("  %s\n", p);
              }
          }
      }
  }

  printf (_("\nStreams (%zu):\n"), pm_minidump_get_n_streams (md));
  for (size_t i = 0, n = pm_minidump_get_n_streams (md); i < n; i++)
    {
      PmMdStreamInfo s;

      pm_minidump_get_stream_info (md, i, &s);
      printf ("  0x%08x %-22s %10u bytes at 0x%x%s\n", s.type, s.name != NULL ? s.name : _("(unknown)"),
              s.size, s.rva, s.state == PM_MD_STREAM_OK ? "" : _("  (beyond the end of the file)"));
    }

  if (pm_minidump_get_n_warnings (md) > 0)
    {
      printf (_("\nProblems (%zu; what could be read is shown):\n"), pm_minidump_get_n_warnings (md));
      for (size_t i = 0, n = pm_minidump_get_n_warnings (md); i < n && i < PM_MD_MAX_WARNINGS; i++)
        printf ("  %s\n", pm_minidump_get_warning (md, i));
    }
}

/* ------------------------------------------------------------------------ */
/* Opening a dump by file name or by report key (shared with `memory`)      */
/* ------------------------------------------------------------------------ */

/* The main minidump of the report with that key. The store (GIO) is in the
 * store module: reading a file, the common case, never loads it. */
static PmMinidump *
open_report_minidump (const char *key, char **label, char **error)
{
  PmCtlOpenReportMinidump open_report;
  g_autofree char *name = NULL;
  PmMdError mderr = { 0 };
  PmMinidump *md;
  int fd;

  open_report = (PmCtlOpenReportMinidump) pm_ctl_module_symbol ("store", "pm_ctl_open_report_minidump", error);
  if (open_report == NULL)
    return NULL;
  fd = open_report (key, &name, error);
  if (fd < 0)
    return NULL;
  md = pm_minidump_open_fd (fd, &mderr);
  close (fd);
  if (md == NULL)
    {
      *error = g_strdup_printf (_("report %s: %s: %s"), key, name, mderr.message);
      return NULL;
    }
  *label = g_strdup_printf ("%s/%s", key, name);
  return md;
}

/* For tests of a file that changes while it is read: with PM_CTL_TEST_STOP_AFTER_OPEN=1,
 * stop (SIGSTOP) once the dump is open and mapped, so a test can truncate it at exactly that
 * point and let us go on (SIGCONT). */
static void
pm_ctl_test_stop_after_open (void)
{
  if (g_strcmp0 (g_getenv ("PM_CTL_TEST_STOP_AFTER_OPEN"), "1") == 0)
    raise (SIGSTOP);
}

/* Opens TARGET: a minidump file, or else the main minidump of the report
 * with that key in the store. On failure *error says what was wrong. */
PmMinidump *
pm_ctl_open_minidump (const char *target, char **label, char **error)
{
  PmMdError mderr = { 0 };
  PmMinidump *md;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (label != NULL && error != NULL, NULL);

  *label = NULL;
  *error = NULL;
  /* A report key never contains a slash; anything else that exists is a file. */
  if (strchr (target, '/') != NULL || g_file_test (target, G_FILE_TEST_EXISTS))
    {
      md = pm_minidump_open (target, &mderr);
      if (md == NULL)
        {
          *error = g_strdup_printf ("%s: %s", target, mderr.message);
          return NULL;
        }
      *label = g_strdup (target);
      pm_ctl_test_stop_after_open ();
      return md;
    }
  md = open_report_minidump (target, label, error);
  if (md != NULL)
    pm_ctl_test_stop_after_open ();
  return md;
}

int
pm_ctl_info (int argc, char **argv)
{
  gboolean json = FALSE;
  const char *target = NULL;
  g_autofree char *label = NULL;
  g_autofree char *error = NULL;
  PmMinidump *md;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (strcmp (argv[i], "--symbols") == 0 || g_str_has_prefix (argv[i], "--symbols="))
        {
          const char *dir = argv[i][9] == '=' ? argv[i] + 10 : (i + 1 < argc ? argv[++i] : NULL);
          if (dir == NULL || dir[0] == '\0')
            return pm_ctl_usage ("info", _("--symbols needs a directory"));
          if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
            return pm_ctl_usage ("info", _("--symbols: “%s” is not a directory"), dir);
          if (symbol_dirs == NULL)
            symbol_dirs = g_ptr_array_new ();
          g_ptr_array_add (symbol_dirs, (char *) dir);
        }
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          printf (_("Usage: postmortemctl info FILE|REPORT-KEY [--json] [--symbols DIR]…\n"
                    "Summarise a minidump: system, crash reason, threads, modules, annotations.\n"
                    "--symbols DIR: Breakpad symbol files (NAME/DEBUG-ID/NAME.sym) for the backtraces.\n"));
          return 0;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return pm_ctl_usage ("info", _("unknown option “%s”"), argv[i]);
      else if (target == NULL)
        target = argv[i];
      else
        return pm_ctl_usage ("info", _("one FILE or REPORT-KEY only"));
    }
  if (target == NULL)
    return pm_ctl_usage ("info", _("a minidump FILE or a REPORT-KEY is needed"));

  /* Reading a dump never reaches the network: the walker looks for debug
   * files on this machine only (pm-debuginfo.h), and `postmortemctl
   * debuginfod` is the command that asks servers. Hiding Debian's system-wide
   * DEBUGINFOD_URLS also keeps libdw from loading its debuginfod client. */
  g_unsetenv ("DEBUGINFOD_URLS");

  md = pm_ctl_open_minidump (target, &label, &error);
  if (md == NULL)
    return pm_ctl_fail ("%s", error);

  if (json)
    print_json (md, label);
  else
    print_human (md, label);
  if (pm_minidump_is_damaged (md))
    {
      /* What was printed may hold zeros where the file was: say so, and fail. */
      g_autofree char *message = g_strdup_printf ("%s: %s", label, pm_minidump_get_error_message (md));
      pm_minidump_close (md);
      fflush (stdout);
      return pm_ctl_fail ("%s", message);
    }
  pm_minidump_close (md);
  return fflush (stdout) == 0 ? 0 : pm_ctl_fail (_("cannot write the output: %s"), g_strerror (errno));
}
