/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-info.c — `postmortemctl info FILE|REPORT-KEY [--json] [--symbols DIR]…`:
 * what a minidump says, for people (a summary) or for programs (one JSON
 * object). Each --symbols names a directory of Breakpad symbol files
 * (NAME/DEBUG-ID/NAME.sym) for the backtraces.
 *
 * Runs in: postmortemctl, an ordinary process, built into the executable.
 * Calls libc only (GLib's types and macros, none of its functions): `info`
 * runs once per file in scripts, and loading GLib (with libpcre2 and libm)
 * would be a third of its time (app/meson.build). The dump is
 * read with the libc-only reader (core/minidump/pm-minidump-reader.h), which
 * maps the file and reads lazily, so even a 1 GiB heap dump is summarised
 * without reading its memory. The JSON is written to stdout as it is made.
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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

/* pm_ctl_json_write_string() here, never the GString pm_ctl_json_string(). */
#define PM_CTL_LIBC_ONLY
#include "pm-ctl.h"
#include "pm-minidump-reader.h"
#include "pm-text.h"
#include "pm-xalloc.h"
#ifdef PM_HAVE_SYMBOLIZE
#include "pm-backtrace-text.h"
#include "pm-ctl-backtrace.h"
#include "pm-debuginfo.h"
#endif

/* ------------------------------------------------------------------------ */
/* JSON output                                                              */
/* ------------------------------------------------------------------------ */

static void
json_hex (FILE *out, guint64 value)
{
  fprintf (out, "\"0x%" G_GINT64_MODIFIER "x\"", value);
}

/* ------------------------------------------------------------------------ */
/* Collected facts                                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char *key;
  char *value;
} Annotation;

/* The annotations in file order, and the set of their keys to find
 * duplicates in O(1): a hostile dump may hold very many. The set is open
 * addressing with linear probing over indices into items. */
typedef struct
{
  Annotation *items;
  guint       len;
  guint       allocated;   /* items */
  guint      *slots;       /* an index into items + 1, 0 when empty */
  guint       n_slots;     /* a power of two, over twice the keys in it */
} Annotations;

static void
annotations_clear (Annotations *all)
{
  for (guint i = 0; i < all->len; i++)
    {
      free (all->items[i].key);
      free (all->items[i].value);
    }
  free (all->items);
  free (all->slots);
}

/* GLib's string hash (djb2), as the table here used before. */
static guint
key_hash (const char *key)
{
  guint h = 5381;

  for (const unsigned char *p = (const unsigned char *) key; *p != '\0'; p++)
    h = (h << 5) + h + *p;
  return h;
}

/* The slot that holds key, or the empty slot where it would go. */
static guint *
key_slot (Annotations *all, const char *key)
{
  guint mask = all->n_slots - 1;
  guint i = key_hash (key) & mask;

  while (all->slots[i] != 0 && strcmp (all->items[all->slots[i] - 1].key, key) != 0)
    i = (i + 1) & mask;
  return &all->slots[i];
}

static void
grow_key_set (Annotations *all)
{
  guint *old = all->slots;
  guint n_old = all->n_slots;

  all->n_slots = n_old != 0 ? 2 * n_old : 64;
  all->slots = pm_xcalloc (all->n_slots, sizeof (guint));
  for (guint i = 0; i < n_old; i++)
    if (old[i] != 0)
      *key_slot (all, all->items[old[i] - 1].key) = old[i];
  free (old);
}

static void
add_annotation (Annotations *all, const char *key, gssize key_len, const char *value, gssize value_len)
{
  Annotation a = { pm_text_make_valid (key, key_len), pm_text_make_valid (value, value_len) };
  guint *slot;

  if (2 * (all->len + 1) > all->n_slots)
    grow_key_set (all);
  slot = key_slot (all, a.key);
  /* Later duplicates (module-level after process-level) are kept with a
   * suffix: "key#N" where N is the annotation's position. */
  if (*slot != 0)
    {
      char *k = pm_xasprintf ("%s#%u", a.key, all->len);
      free (a.key);
      a.key = k;
      slot = key_slot (all, a.key);
    }
  if (all->len == all->allocated)
    {
      all->allocated = all->allocated != 0 ? 2 * all->allocated : 16;
      all->items = pm_xrealloc (all->items, all->allocated * sizeof (Annotation));
    }
  all->items[all->len++] = a;
  /* A renamed key may be taken too ("key#N" itself was in the file): the
   * set holds it already, the list has both. */
  if (*slot == 0)
    *slot = all->len;
}

static char *
module_basename (PmMinidump *md, size_t index)
{
  PmMdModule m;
  char name[1024];
  const char *slash;

  if (pm_minidump_get_module (md, index, &m) != PM_MD_OK
      || pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) != PM_MD_OK)
    return pm_xasprintf ("module%zu", index);
  slash = strrchr (name, '/');
  if (slash == NULL)
    slash = strrchr (name, '\\');
  return pm_xstrdup (slash != NULL ? slash + 1 : name);
}

/* Crashpad's process and module annotations, and Postmortem's metadata, into
 * list (zeroed; free them with annotations_clear). */
static void
collect_annotations (PmMinidump *md, Annotations *list)
{
  PmMdCrashpadInfo cp;
  PmMdPostmortemInfo pi;

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
    return;
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
      char *modname;

      if (pm_minidump_get_crashpad_module (md, m, &module_index, &mi) != PM_MD_OK)
        continue;
      modname = module_basename (md, module_index);
      for (size_t i = 0, n = pm_minidump_string_list_size (md, mi.list_annotations); i < n; i++)
        {
          const char *s;
          size_t l;
          if (pm_minidump_string_list_get (md, mi.list_annotations, i, &s, &l) == PM_MD_OK)
            {
              char *key = pm_xasprintf ("%s.list_annotations[%zu]", modname, i);
              add_annotation (list, key, -1, s, (gssize) l);
              free (key);
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
              /* Not text: show the bytes in hex (the first 256), with the type. */
              char hex[sizeof "(type 0xffff) " + 2 * 256 + sizeof "…"];
              int at = snprintf (hex, sizeof hex, "(type 0x%x) ", type);

              for (size_t j = 0; j < vl && j < 256; j++)
                at += snprintf (hex + at, sizeof hex - (size_t) at, "%02x", value[j]);
              if (vl > 256)
                snprintf (hex + at, sizeof hex - (size_t) at, "%s", "…");
              add_annotation (list, name, (gssize) nl, hex, -1);
            }
        }
      free (modname);
    }
}

static char *
module_version (const PmMdModule *m)
{
  const PmMdVsFixedFileInfo *v = &m->version_info;

  if (v->signature != PM_MD_VS_FFI_SIGNATURE)
    return NULL;
  return pm_xasprintf ("%u.%u.%u.%u", v->file_version_hi >> 16, v->file_version_hi & 0xffff,
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

/* The --symbols directories, in the order given (strings of argv). */
static const char **symbol_dirs;
static guint n_symbol_dirs;

#ifdef PM_HAVE_SYMBOLIZE
/* *error = a copy of message, when the caller wants it. */
static void
set_error (char **error, const char *message)
{
  if (error != NULL)
    *error = pm_xstrdup (message);
}

/* A walker for md (free it with pm_stackwalker_free), or NULL and the reason
 * in *error (free it; error may be NULL). Module files here are read through
 * the backtrace module (libdw), loaded only when the dump has one. The
 * reason is a string rather than a PmMdError: the module's may be longer
 * than its message. */
static PmStackwalker *
walker_new (PmMinidump *md, char **error)
{
  const PmStackwalkFiles *files = NULL;
  PmMdError mderr = { 0 };
  PmStackwalker *walker;

  if (!pm_stackwalk_supports_cpu (md, &mderr))
    {
      set_error (error, mderr.message);
      return NULL;
    }
  if (pm_debuginfo_dump_has_local_files (md))
    {
      char *load_error = NULL;
      PmCtlBacktraceFiles get_files = (PmCtlBacktraceFiles) pm_ctl_module_symbol (PM_CTL_BACKTRACE_MODULE,
                                                                                  PM_CTL_BACKTRACE_SYMBOL,
                                                                                  &load_error);
      if (get_files == NULL)
        {
          set_error (error, load_error != NULL ? load_error : "");
          free (load_error);
          return NULL;
        }
      files = get_files ();
    }
  walker = pm_stackwalker_new_with_files (md, files, &mderr);
  if (walker == NULL)
    {
      set_error (error, mderr.message);
      return NULL;
    }
  for (guint i = 0; i < n_symbol_dirs; i++)
    pm_stackwalker_add_symbol_dir (walker, symbol_dirs[i]);
  return walker;
}

/* The walked stack of t (free it with pm_stack_frames_free), or NULL and the
 * reason in *error (free it; error may be NULL). */
static PmStackFrames *
walk_thread (PmStackwalker *walker, PmMinidump *md, const PmMdThreadRecord *t, char **error)
{
  PmMdError mderr = { 0 };
  PmStackFrames *frames;
  PmMdContext ctx;

  if (!thread_context (md, t, &ctx))
    {
      set_error (error, pm_minidump_get_error_message (md));
      return NULL;
    }
  frames = pm_stackwalker_walk (walker, &ctx, &mderr);
  if (frames == NULL)
    set_error (error, mderr.message);
  return frames;
}

static void
json_frames (FILE *out, const PmStackFrames *frames)
{
  fputs ("[", out);
  for (guint f = 0; f < frames->len; f++)
    {
      const PmStackFrame *frame = &frames->data[f];

      fputs (f > 0 ? ",{\"pc\":" : "{\"pc\":", out);
      json_hex (out, frame->pc);
      fputs (",\"sp\":", out);
      json_hex (out, frame->sp);
      fputs (",\"trust\":", out);
      pm_ctl_json_write_string (out, pm_frame_trust_to_string (frame->trust), -1);
      fputs (",\"module\":", out);
      pm_ctl_json_write_string (out, frame->module, -1);
      fputs (",\"module_offset\":", out);
      if (frame->module != NULL)
        json_hex (out, frame->module_offset);
      else
        fputs ("null", out);
      fputs (",\"function\":", out);
      pm_ctl_json_write_string (out, frame->function, -1);
      fputs (",\"function_offset\":", out);
      if (frame->function != NULL)
        json_hex (out, frame->function_offset);
      else
        fputs ("null", out);
      fputs (",\"file\":", out);
      pm_ctl_json_write_string (out, frame->source_file, -1);
      if (frame->source_file != NULL)
        fprintf (out, ",\"line\":%d}", frame->source_line);
      else
        fputs (",\"line\":null}", out);
    }
  fputs ("]", out);
}
#endif

/* ------------------------------------------------------------------------ */
/* The two outputs                                                          */
/* ------------------------------------------------------------------------ */

static void
print_json (PmMinidump *md, const char *label)
{
  FILE *out = stdout;
  PmMdHeader header;
  PmMdSystemInfo si;
  PmMdCrashReason reason;
  PmMdMiscInfo misc;
  PmMdAssertionInfo assertion;
  gboolean have_reason;
  Annotations annotations = { 0 };
  gssize crashing_index = -1;
  size_t n_written;   /* entries of the array being written: a comma before each but the first */
#ifdef PM_HAVE_SYMBOLIZE
  /* NULL for a CPU the walker does not know (or no threads): frames are then null. */
  PmStackwalker *walker = pm_minidump_get_n_threads (md) > 0 ? walker_new (md, NULL) : NULL;
#endif

  pm_minidump_get_header (md, &header);
  fputs ("{\"file\":", out);
  pm_ctl_json_write_string (out, label, -1);
  fprintf (out, ",\"file_size\":%" G_GUINT64_FORMAT ",\"timestamp\":%u",
           pm_minidump_get_file_size (md), header.time_date_stamp);

  fputs (",\"streams\":[", out);
  for (size_t i = 0, n = pm_minidump_get_n_streams (md); i < n; i++)
    {
      PmMdStreamInfo s;

      pm_minidump_get_stream_info (md, i, &s);
      fprintf (out, "%s{\"type\":", i > 0 ? "," : "");
      json_hex (out, s.type);
      fputs (",\"name\":", out);
      pm_ctl_json_write_string (out, s.name, -1);
      fprintf (out, ",\"size\":%u,\"rva\":", s.size);
      json_hex (out, s.rva);
      fprintf (out, ",\"readable\":%s}", s.state == PM_MD_STREAM_OK ? "true" : "false");
    }
  fputs ("]", out);

  fputs (",\"system_info\":", out);
  if (pm_minidump_get_system_info (md, &si) == PM_MD_OK)
    {
      char os_version[512], cpu_info[128];
      const char *os = pm_md_os_name (si.platform_id);
      const char *cpu = pm_md_cpu_arch_name (si.processor_architecture);
      char os_fallback[sizeof "unknown (0xffffffff)"], cpu_fallback[sizeof "unknown (0xffffffff)"];

      snprintf (os_fallback, sizeof os_fallback, "unknown (0x%x)", si.platform_id);
      snprintf (cpu_fallback, sizeof cpu_fallback, "unknown (0x%x)", si.processor_architecture);
      pm_minidump_format_os_version (md, os_version, sizeof os_version);
      pm_minidump_format_cpu_info (md, cpu_info, sizeof cpu_info);
      fputs ("{\"os\":", out);
      pm_ctl_json_write_string (out, os != NULL ? os : os_fallback, -1);
      fputs (",\"os_version\":", out);
      pm_ctl_json_write_string (out, os_version, -1);
      fputs (",\"cpu\":", out);
      pm_ctl_json_write_string (out, cpu != NULL ? cpu : cpu_fallback, -1);
      fputs (",\"cpu_info\":", out);
      pm_ctl_json_write_string (out, cpu_info, -1);
      fprintf (out, ",\"cpu_count\":%u,\"platform_id\":", si.number_of_processors);
      json_hex (out, si.platform_id);
      fputs ("}", out);
    }
  else
    fputs ("null", out);

  have_reason = pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK;
  fputs (",\"exception\":", out);
  if (have_reason)
    {
      fprintf (out, "{\"thread_id\":%u,\"code\":", reason.thread_id);
      json_hex (out, reason.code);
      fputs (",\"code_name\":", out);
      pm_ctl_json_write_string (out, reason.code_name, -1);
      fputs (",\"detail\":", out);
      pm_ctl_json_write_string (out, reason.detail_name, -1);
      fputs (",\"flags\":", out);
      json_hex (out, reason.flags);
      fputs (",\"address\":", out);
      json_hex (out, reason.address);
      fputs (",\"crash_address\":", out);
      json_hex (out, reason.crash_address);
      fputs ("}", out);
    }
  else
    fputs ("null", out);

  fputs (",\"threads\":[", out);
  n_written = 0;
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
      fprintf (out, "%s{\"id\":%u,\"name\":", n_written++ > 0 ? "," : "", t.thread_id);
      if (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name) == PM_MD_OK)
        pm_ctl_json_write_string (out, name, -1);
      else
        fputs ("null", out);
      fputs (",\"pc\":", out);
      if (have_ctx)
        json_hex (out, ctx.pc);
      else
        fputs ("null", out);
      fputs (",\"sp\":", out);
      if (have_ctx)
        json_hex (out, ctx.sp);
      else
        fputs ("null", out);
      fputs (",\"stack_start\":", out);
      json_hex (out, t.stack_start);
      fprintf (out, ",\"stack_size\":%" G_GUINT64_FORMAT ",\"crashed\":%s",
               t.stack_size,
               have_reason && t.thread_id == reason.thread_id ? "true" : "false");
      fputs (",\"frames\":", out);
#ifdef PM_HAVE_SYMBOLIZE
      {
        PmStackFrames *frames = walker != NULL ? walk_thread (walker, md, &t, NULL) : NULL;
        if (frames != NULL)
          json_frames (out, frames);
        else
          fputs ("null", out);
        pm_stack_frames_free (frames);
      }
#else
      fputs ("null", out);
#endif
      fputs ("}", out);
    }
  fputs ("]", out);
  if (crashing_index >= 0)
    fprintf (out, ",\"crashing_thread\":%" G_GSSIZE_FORMAT, crashing_index);
  else
    fputs (",\"crashing_thread\":null", out);

  fputs (",\"modules\":[", out);
  n_written = 0;
  for (size_t i = 0, n = pm_minidump_get_n_modules (md); i < n; i++)
    {
      PmMdModule m;
      PmMdModuleIds ids;
      char name[1024];
      char *version;
      gboolean have_ids;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      have_ids = pm_minidump_get_module_ids (md, &m, &ids) == PM_MD_OK;
      fprintf (out, "%s{\"base\":", n_written++ > 0 ? "," : "");
      json_hex (out, m.base_of_image);
      fprintf (out, ",\"size\":%u,\"name\":", m.size_of_image);
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) == PM_MD_OK)
        pm_ctl_json_write_string (out, name, -1);
      else
        fputs ("null", out);
      fputs (",\"debug_id\":", out);
      pm_ctl_json_write_string (out, have_ids && ids.debug_id[0] ? ids.debug_id : NULL, -1);
      fputs (",\"debug_file\":", out);
      pm_ctl_json_write_string (out, have_ids && ids.debug_file[0] ? ids.debug_file : NULL, -1);
      fputs (",\"code_id\":", out);
      pm_ctl_json_write_string (out, have_ids && ids.code_id[0] ? ids.code_id : NULL, -1);
      version = module_version (&m);
      fputs (",\"version\":", out);
      pm_ctl_json_write_string (out, version, -1);
      free (version);
      fputs ("}", out);
    }
  fputs ("]", out);

  fputs (",\"unloaded_modules\":[", out);
  n_written = 0;
  for (size_t i = 0, n = pm_minidump_get_n_unloaded_modules (md); i < n; i++)
    {
      PmMdUnloadedModule m;
      char name[1024];

      if (pm_minidump_get_unloaded_module (md, i, &m) != PM_MD_OK)
        continue;
      fprintf (out, "%s{\"base\":", n_written++ > 0 ? "," : "");
      json_hex (out, m.base_of_image);
      fprintf (out, ",\"size\":%u,\"name\":", m.size_of_image);
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) == PM_MD_OK)
        pm_ctl_json_write_string (out, name, -1);
      else
        fputs ("null", out);
      fputs ("}", out);
    }
  fputs ("]", out);

  fputs (",\"process\":", out);
  if (pm_minidump_get_misc_info (md, &misc, NULL) == PM_MD_OK && (misc.flags1 & PM_MD_MISC1_PROCESS_ID))
    {
      fprintf (out, "{\"pid\":%u,\"create_time\":", misc.process_id);
      if (misc.flags1 & PM_MD_MISC1_PROCESS_TIMES)
        fprintf (out, "%u}", misc.process_create_time);
      else
        fputs ("null}", out);
    }
  else
    fputs ("null", out);

  collect_annotations (md, &annotations);
  fputs (",\"annotations\":{", out);
  for (guint i = 0; i < annotations.len; i++)
    {
      const Annotation *a = &annotations.items[i];

      if (i > 0)
        putc (',', out);
      pm_ctl_json_write_string (out, a->key, -1);
      putc (':', out);
      pm_ctl_json_write_string (out, a->value, -1);
    }
  fputs ("}", out);
  annotations_clear (&annotations);

  fputs (",\"assertion\":", out);
  if (pm_minidump_get_assertion_info (md, &assertion) == PM_MD_OK)
    {
      char buf[512];

      fputs ("{\"expression\":", out);
      pm_md_utf16_to_utf8 (assertion.expression, G_N_ELEMENTS (assertion.expression), buf, sizeof buf);
      pm_ctl_json_write_string (out, buf, -1);
      fputs (",\"function\":", out);
      pm_md_utf16_to_utf8 (assertion.function, G_N_ELEMENTS (assertion.function), buf, sizeof buf);
      pm_ctl_json_write_string (out, buf, -1);
      fputs (",\"file\":", out);
      pm_md_utf16_to_utf8 (assertion.file, G_N_ELEMENTS (assertion.file), buf, sizeof buf);
      pm_ctl_json_write_string (out, buf, -1);
      fprintf (out, ",\"line\":%u,\"type\":%u}", assertion.line, assertion.type);
    }
  else
    fputs ("null", out);

  fputs (",\"notes\":[", out);
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
            putc (',', out);
          pm_ctl_json_write_string (out, note, (gssize) len);
        }
  }
  fputs ("]", out);

  fputs (",\"warnings\":[", out);
  for (size_t i = 0, n = pm_minidump_get_n_warnings (md); i < n && i < PM_MD_MAX_WARNINGS; i++)
    {
      if (i > 0)
        putc (',', out);
      pm_ctl_json_write_string (out, pm_minidump_get_warning (md, i), -1);
    }
  if (pm_minidump_get_n_warnings (md) > PM_MD_MAX_WARNINGS)
    {
      char more[64];

      snprintf (more, sizeof more, "%zu more problems not listed",
                pm_minidump_get_n_warnings (md) - PM_MD_MAX_WARNINGS);
      putc (',', out);
      pm_ctl_json_write_string (out, more, -1);
    }
  fputs ("]}\n", out);
#ifdef PM_HAVE_SYMBOLIZE
  pm_stackwalker_free (walker);
#endif
}

#ifdef PM_HAVE_SYMBOLIZE
/* "Backtrace of the crashing thread": one line per frame, with how it was
 * found (context, cfi, frame-pointer, scan: the last is a guess). */
static void
print_backtrace (PmMinidump *md, const PmMdCrashReason *reason)
{
  char *error = NULL;
  PmStackwalker *walker = NULL;
  PmStackFrames *frames = NULL;
  char *text;
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
                        : pm_backtrace_failure_to_text (t.thread_id, error != NULL ? error : "");
  printf ("\n%s", text);
  free (text);
  free (error);
  pm_stack_frames_free (frames);
  pm_stackwalker_free (walker);
}
#endif

/* seconds since 1970 as "YYYY-MM-DD HH:MM:SS UTC". Computed here: gmtime_r()
 * reads /etc/localtime at its first call, seven system calls that were a
 * tenth of what info itself costs. Days become a date by counting in
 * 400-year eras of 146097 days whose years start on 1 March, so that the leap
 * day ends a year (as in H. Hinnant's civil_from_days). */
static void
format_utc (guint32 seconds, char *out, size_t size)
{
  guint32 days = seconds / 86400, in_day = seconds % 86400;
  guint32 z = days + 719468;                  /* days since 0000-03-01 */
  guint32 era = z / 146097, day_of_era = z % 146097;
  guint32 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  guint32 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  guint32 month_from_march = (5 * day_of_year + 2) / 153;
  guint32 day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  guint32 month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  guint32 year = era * 400 + year_of_era + (month <= 2);

  snprintf (out, size, "%04u-%02u-%02u %02u:%02u:%02u UTC", year, month, day,
            in_day / 3600, in_day / 60 % 60, in_day % 60);
}

static void
print_human (PmMinidump *md, const char *label)
{
  PmMdHeader header;
  PmMdSystemInfo si;
  PmMdCrashReason reason;
  PmMdMiscInfo misc;
  PmMdAssertionInfo assertion;
  gboolean have_reason;
  Annotations annotations = { 0 };
  char when_text[80];   /* what any guint32 can print */
  char *label_p = pm_text_printable (label, -1);

  pm_minidump_get_header (md, &header);
  format_utc (header.time_date_stamp, when_text, sizeof when_text);
  printf (_("Minidump:   %s (%llu bytes, %zu streams, written %s)\n"),
          label_p, (unsigned long long) pm_minidump_get_file_size (md), pm_minidump_get_n_streams (md), when_text);
  free (label_p);

  if (pm_minidump_get_system_info (md, &si) == PM_MD_OK)
    {
      char os_version[512], cpu_info[128];
      const char *os = pm_md_os_name (si.platform_id);
      const char *cpu = pm_md_cpu_arch_name (si.processor_architecture);
      char *os_version_p;

      pm_minidump_format_os_version (md, os_version, sizeof os_version);
      pm_minidump_format_cpu_info (md, cpu_info, sizeof cpu_info);
      os_version_p = pm_text_printable (os_version, -1);
      printf (_("OS:         %s %s\n"), os != NULL ? os : "unknown", os_version_p);
      free (os_version_p);
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
      char *name_p = NULL;
      gboolean crashed;

      if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK)
        continue;
      crashed = have_reason && t.thread_id == reason.thread_id;
      if (pm_minidump_get_thread_name (md, t.thread_id, name, sizeof name) == PM_MD_OK)
        name_p = pm_text_printable (name, -1);
      printf ("  %s %-8u %-20s", crashed ? "*" : " ", t.thread_id, name_p != NULL ? name_p : "");
      free (name_p);
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
      char *name_p;

      if (pm_minidump_get_module (md, i, &m) != PM_MD_OK)
        continue;
      if (pm_minidump_read_string (md, m.module_name_rva, name, sizeof name, NULL) != PM_MD_OK)
        snprintf (name, sizeof name, "?");
      name_p = pm_text_printable (name, -1);
      if (pm_minidump_get_module_ids (md, &m, &ids) != PM_MD_OK)
        memset (&ids, 0, sizeof ids);
      printf ("  0x%016" G_GINT64_MODIFIER "x-0x%016" G_GINT64_MODIFIER "x %s\n",
              m.base_of_image, m.base_of_image + m.size_of_image, name_p);
      free (name_p);
      if (ids.cv_signature == PM_MD_CV_SIGNATURE_ELF)
        printf (_("      build-id %s\n"), ids.code_id);
      else if (ids.code_id[0] != '\0')
        printf (_("      code id %s\n"), ids.code_id);
      if (ids.debug_id[0] != '\0')
        {
          char *df = pm_text_printable (ids.debug_file, -1);
          printf (_("      debug id %s %s\n"), ids.debug_id, df);
          free (df);
        }
    }

  collect_annotations (md, &annotations);
  if (annotations.len > 0)
    {
      printf (_("\nAnnotations (%u):\n"), annotations.len);
      for (guint i = 0; i < annotations.len; i++)
        {
          char *k = pm_text_printable (annotations.items[i].key, -1);
          char *v = pm_text_printable (annotations.items[i].value, -1);
          printf ("  %s = %s\n", k, v);
          free (k);
          free (v);
        }
    }
  annotations_clear (&annotations);

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
                char *p = pm_text_printable (note, (gssize) len);
                printf ("  %s\n", p);
                free (p);
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
 * store module: reading a file, the common case, never loads it. Its strings
 * come from g_malloc(), which is malloc() (GLib >= 2.46): free() frees them. */
static PmMinidump *
open_report_minidump (const char *key, char **label, char **error)
{
  PmCtlOpenReportMinidump open_report;
  char *name = NULL;
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
    *error = pm_xasprintf (_("report %s: %s: %s"), key, name, mderr.message);
  else
    *label = pm_xasprintf ("%s/%s", key, name);
  free (name);
  return md;
}

/* For tests of a file that changes while it is read: with PM_CTL_TEST_STOP_AFTER_OPEN=1,
 * stop (SIGSTOP) once the dump is open and mapped, so a test can truncate it at exactly that
 * point and let us go on (SIGCONT). */
static void
pm_ctl_test_stop_after_open (void)
{
  const char *stop = secure_getenv ("PM_CTL_TEST_STOP_AFTER_OPEN");

  if (stop != NULL && strcmp (stop, "1") == 0)
    raise (SIGSTOP);
}

/* Opens TARGET: a minidump file, or else the main minidump of the report
 * with that key in the store. On failure *error says what was wrong. Both
 * strings are malloc'd (pm-ctl.h). */
PmMinidump *
pm_ctl_open_minidump (const char *target, char **label, char **error)
{
  PmMdError mderr = { 0 };
  PmMinidump *md;

  *label = NULL;
  *error = NULL;
  /* A report key never contains a slash; anything else that exists is a file. */
  if (strchr (target, '/') != NULL || access (target, F_OK) == 0)
    {
      md = pm_minidump_open (target, &mderr);
      if (md == NULL)
        {
          *error = pm_xasprintf ("%s: %s", target, mderr.message);
          return NULL;
        }
      *label = pm_xstrdup (target);
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
  char *label = NULL;
  char *error = NULL;
  PmMinidump *md;
  int status;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (strcmp (argv[i], "--symbols") == 0 || strncmp (argv[i], "--symbols=", 10) == 0)
        {
          const char *dir = argv[i][9] == '=' ? argv[i] + 10 : (i + 1 < argc ? argv[++i] : NULL);
          struct stat st;

          if (dir == NULL || dir[0] == '\0')
            return pm_ctl_usage ("info", _("--symbols needs a directory"));
          if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
            return pm_ctl_usage ("info", _("--symbols: “%s” is not a directory"), dir);
          symbol_dirs = pm_xrealloc (symbol_dirs, (n_symbol_dirs + 1) * sizeof *symbol_dirs);
          symbol_dirs[n_symbol_dirs++] = dir;
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
  unsetenv ("DEBUGINFOD_URLS");

  md = pm_ctl_open_minidump (target, &label, &error);
  if (md == NULL)
    {
      status = pm_ctl_fail ("%s", error);
      free (error);
      return status;
    }

  if (json)
    print_json (md, label);
  else
    print_human (md, label);
  if (pm_minidump_is_damaged (md))
    {
      /* What was printed may hold zeros where the file was: say so, and fail. */
      char *message = pm_xasprintf ("%s: %s", label, pm_minidump_get_error_message (md));

      pm_minidump_close (md);
      fflush (stdout);
      status = pm_ctl_fail ("%s", message);
      free (message);
    }
  else
    {
      pm_minidump_close (md);
      status = fflush (stdout) == 0 ? 0 : pm_ctl_fail (_("cannot write the output: %s"), strerror (errno));
    }
  free (label);
  return status;
}
