/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump.c — PmDump: one opened minidump, shared by the dump view's pages.
 *
 * Runs in: the postmortem GUI process (opened in a GTask worker thread, then
 * used from the GTK main thread only).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "pm-dump.h"
#include "pm-error.h"

struct _PmDump
{
  GObject     parent_instance;

  /* Owned */
  PmMinidump *reader;
  char       *name;
  PmMdCpu     cpu;
  int         fd;       /* kept for pm_dump_open_reader(): a worker's own mapping */
};

G_DEFINE_FINAL_TYPE (PmDump, pm_dump, G_TYPE_OBJECT)

static void
pm_dump_finalize (GObject *object)
{
  PmDump *self = PM_DUMP (object);

  g_clear_pointer (&self->reader, pm_minidump_close);
  g_clear_pointer (&self->name, g_free);
  if (self->fd >= 0)
    close (self->fd);

  G_OBJECT_CLASS (pm_dump_parent_class)->finalize (object);
}

static void
pm_dump_class_init (PmDumpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_dump_finalize;
}

static void
pm_dump_init (PmDump *self)
{
  self->fd = -1;
}

/* Takes @fd. */
static PmDump *
pm_dump_new_for_reader (PmMinidump *reader,
                        int         fd,
                        const char *name)
{
  PmDump *self = g_object_new (PM_TYPE_DUMP, NULL);

  self->reader = reader;
  self->fd = fd;
  self->name = g_strdup (name);
  self->cpu = pm_minidump_get_cpu (reader);
  return self;
}

/* In plain words first; the reader's own message (offsets, sizes) only as the detail. */
static void
set_error_from_md (GError         **error,
                   const char      *name,
                   const PmMdError *md_error)
{
  int code = md_error->status == PM_MD_ERROR_IO ? PM_ERROR_FAILED : PM_ERROR_CORRUPT;

  switch (md_error->status)
    {
    case PM_MD_ERROR_VERSION:
      g_set_error (error, PM_ERROR, code,
                   _("“%s” is a minidump of a kind this version of Postmortem does not know, "
                     "so it cannot be shown."), name);
      break;
    case PM_MD_ERROR_NOT_MINIDUMP:
      g_set_error (error, PM_ERROR, code,
                   _("“%s” is not a minidump: it holds some other kind of data, "
                     "so there is no crash to show in it."), name);
      break;
    case PM_MD_ERROR_TRUNCATED:
      g_set_error (error, PM_ERROR, code,
                   _("“%s” is cut short: the file ends before the crash dump does. "
                     "It was probably not completely written or copied.\n\nDetail: %s"),
                   name, md_error->message);
      break;
    case PM_MD_ERROR_IO:
      g_set_error (error, PM_ERROR, code,
                   _("“%s” cannot be read: %s"), name, md_error->message);
      break;
    default:
      g_set_error (error, PM_ERROR, code,
                   _("“%s” is a damaged crash dump: its contents do not fit together.\n\nDetail: %s"),
                   name, md_error->message);
      break;
    }
}

/* Takes @fd. */
static PmDump *
pm_dump_new_for_fd (int          fd,
                    const char  *name,
                    GError     **error)
{
  PmMdError md_error = { 0 };
  PmMinidump *reader;

  reader = pm_minidump_open_fd (fd, &md_error);
  if (reader == NULL)
    {
      close (fd);
      set_error_from_md (error, name, &md_error);
      return NULL;
    }
  return pm_dump_new_for_reader (reader, fd, name);
}

PmDump *
pm_dump_new_for_path (const char  *path,
                      GError     **error)
{
  g_autofree char *name = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  /* O_NONBLOCK: a FIFO planted under a .dmp name must not hang the window. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, PM_ERROR,
                   saved_errno == ENOENT ? PM_ERROR_NOT_FOUND : PM_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  {
    struct stat st;

    if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
      {
        close (fd);
        g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a regular file"), name);
        return NULL;
      }
  }
  return pm_dump_new_for_fd (fd, name, error);
}

typedef struct
{
  int   fd;
  char *name;
  char *path;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  if (load->fd >= 0)
    close (load->fd);
  g_free (load->name);
  g_free (load->path);
  g_free (load);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  PmDump *dump;

  if (load->path != NULL)
    dump = pm_dump_new_for_path (load->path, &error);
  else
    {
      dump = pm_dump_new_for_fd (load->fd, load->name, &error);
      load->fd = -1;
    }

  if (dump == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dump, g_object_unref);
}

void
pm_dump_load_fd_async (int                  fd,
                       const char          *name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (fd >= 0);

  load = g_new0 (LoadData, 1);
  load->fd = fd;
  load->name = g_strdup (name ? name : "minidump");
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_dump_load_fd_async);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_worker);
}

void
pm_dump_load_file_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_dump_load_fd_async);

  load = g_new0 (LoadData, 1);
  load->fd = -1;
  load->path = g_file_get_path (file);
  if (load->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      load_data_free (load);
      g_task_return_new_error (task, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a local file"), uri);
      return;
    }
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_worker);
}

PmDump *
pm_dump_load_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

PmMinidump *
pm_dump_open_reader (PmDump  *self,
                     GError **error)
{
  PmMdError md_error = { 0 };
  PmMinidump *reader;

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  reader = pm_minidump_open_fd (self->fd, &md_error);
  if (reader == NULL)
    set_error_from_md (error, self->name, &md_error);
  return reader;
}

PmMinidump *
pm_dump_get_reader (PmDump *self)
{
  g_return_val_if_fail (PM_IS_DUMP (self), NULL);
  return self->reader;
}

const char *
pm_dump_get_name (PmDump *self)
{
  g_return_val_if_fail (PM_IS_DUMP (self), NULL);
  return self->name;
}

gboolean
pm_dump_is_64bit (PmDump *self)
{
  g_return_val_if_fail (PM_IS_DUMP (self), TRUE);
  return self->cpu != PM_MD_CPU_X86 && self->cpu != PM_MD_CPU_ARM;
}

char *
pm_dump_format_address (PmDump  *self,
                        guint64  address)
{
  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_dump_is_64bit (self))
    return g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", address);
  return g_strdup_printf ("0x%08" G_GINT64_MODIFIER "x", address);
}

static GBytes *
bytes_in_dump (PmDump        *self,
               const uint8_t *data,
               gsize          size)
{
  /* The pointer is into the reader's mapping: keep the dump alive with it. */
  return g_bytes_new_with_free_func (data, size, g_object_unref, g_object_ref (self));
}

GBytes *
pm_dump_dup_memory_range (PmDump  *self,
                          gsize    index,
                          guint64 *start)
{
  PmMdMemoryRange range;
  const uint8_t *data = NULL;
  uint64_t available = 0;

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_minidump_get_memory_range (self->reader, index, &range) != PM_MD_OK ||
      range.size == 0 ||
      pm_minidump_get_memory (self->reader, range.start, &data, &available) != PM_MD_OK)
    return NULL;

  if (start != NULL)
    *start = range.start;
  return bytes_in_dump (self, data, MIN (available, range.size));
}

GBytes *
pm_dump_dup_memory_at (PmDump  *self,
                       guint64  address,
                       guint64 *start)
{
  gsize n = pm_minidump_get_n_memory_ranges (self->reader);

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  for (gsize i = 0; i < n; i++)
    {
      PmMdMemoryRange range;

      if (pm_minidump_get_memory_range (self->reader, i, &range) == PM_MD_OK &&
          address >= range.start && address - range.start < range.size)
        return pm_dump_dup_memory_range (self, i, start);
    }
  return NULL;
}

GBytes *
pm_dump_dup_stream (PmDump *self,
                    gsize   index)
{
  PmMdStreamInfo info;
  const uint8_t *data = NULL;
  size_t size = 0;

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_minidump_get_stream_info (self->reader, index, &info) != PM_MD_OK ||
      info.state != PM_MD_STREAM_OK)
    return NULL;

  /* The reader hands out the first readable stream of a type; a later stream
   * of the same (unknown) type is only listed. */
  if (pm_minidump_get_stream_data (self->reader, info.type, &data, &size) != PM_MD_OK)
    return NULL;
  if (size != info.size)
    return NULL;
  return bytes_in_dump (self, data, size);
}

char *
pm_dump_dup_module_path (PmDump *self,
                         gsize   index)
{
  PmMdModule module;
  char buf[4096];

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_minidump_get_module (self->reader, index, &module) != PM_MD_OK ||
      pm_minidump_read_string (self->reader, module.module_name_rva, buf, sizeof buf, NULL) != PM_MD_OK)
    return NULL;
  return g_strdup (buf);
}

char *
pm_dump_describe_address (PmDump  *self,
                          guint64  address)
{
  size_t index;
  PmMdModule module;

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_minidump_find_module (self->reader, address, &index) == PM_MD_OK &&
      pm_minidump_get_module (self->reader, index, &module) == PM_MD_OK)
    {
      g_autofree char *path = pm_dump_dup_module_path (self, index);
      g_autofree char *base = path ? g_path_get_basename (path) : g_strdup ("?");

      return g_strdup_printf ("%s+0x%" G_GINT64_MODIFIER "x", base, address - module.base_of_image);
    }
  return pm_dump_format_address (self, address);
}

char *
pm_dump_dup_thread_name (PmDump  *self,
                         guint32  thread_id)
{
  char buf[256];

  g_return_val_if_fail (PM_IS_DUMP (self), NULL);

  if (pm_minidump_get_thread_name (self->reader, thread_id, buf, sizeof buf) == PM_MD_OK && buf[0] != '\0')
    return g_strdup (buf);
  return NULL;
}

static void
add_register (GArray     *regs,
              const char *name,
              guint64     value,
              guint       width)
{
  PmRegister reg = { name, value, width };
  g_array_append_val (regs, reg);
}

GArray *
pm_dump_list_registers (PmDump            *self,
                        const PmMdContext *context)
{
  static const char *arm64_names[PM_MD_CONTEXT_ARM64_GPR_COUNT] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
    "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22",
    "x23", "x24", "x25", "x26", "x27", "x28", "fp", "lr",
  };
  static const char *arm_names[] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "fp",
    "ip", "sp", "lr", "pc",
  };
  GArray *regs = g_array_new (FALSE, FALSE, sizeof (PmRegister));

  g_return_val_if_fail (PM_IS_DUMP (self), regs);
  g_return_val_if_fail (context != NULL, regs);

  switch (context->cpu)
    {
    case PM_MD_CPU_AMD64:
      {
        const PmMdContextAmd64 *c = &context->regs.amd64;
        add_register (regs, "rip", c->rip, 8);
        add_register (regs, "rsp", c->rsp, 8);
        add_register (regs, "rbp", c->rbp, 8);
        add_register (regs, "rax", c->rax, 8);
        add_register (regs, "rbx", c->rbx, 8);
        add_register (regs, "rcx", c->rcx, 8);
        add_register (regs, "rdx", c->rdx, 8);
        add_register (regs, "rsi", c->rsi, 8);
        add_register (regs, "rdi", c->rdi, 8);
        add_register (regs, "r8", c->r8, 8);
        add_register (regs, "r9", c->r9, 8);
        add_register (regs, "r10", c->r10, 8);
        add_register (regs, "r11", c->r11, 8);
        add_register (regs, "r12", c->r12, 8);
        add_register (regs, "r13", c->r13, 8);
        add_register (regs, "r14", c->r14, 8);
        add_register (regs, "r15", c->r15, 8);
        add_register (regs, "eflags", c->eflags, 4);
        add_register (regs, "cs", c->cs, 2);
        add_register (regs, "ss", c->ss, 2);
        add_register (regs, "fs", c->fs, 2);
        add_register (regs, "gs", c->gs, 2);
        break;
      }
    case PM_MD_CPU_X86:
      {
        const PmMdContextX86 *c = &context->regs.x86;
        add_register (regs, "eip", c->eip, 4);
        add_register (regs, "esp", c->esp, 4);
        add_register (regs, "ebp", c->ebp, 4);
        add_register (regs, "eax", c->eax, 4);
        add_register (regs, "ebx", c->ebx, 4);
        add_register (regs, "ecx", c->ecx, 4);
        add_register (regs, "edx", c->edx, 4);
        add_register (regs, "esi", c->esi, 4);
        add_register (regs, "edi", c->edi, 4);
        add_register (regs, "eflags", c->eflags, 4);
        break;
      }
    case PM_MD_CPU_ARM64:
      {
        const PmMdContextArm64 *c = &context->regs.arm64;
        add_register (regs, "pc", c->pc, 8);
        add_register (regs, "sp", c->sp, 8);
        for (guint i = 0; i < PM_MD_CONTEXT_ARM64_GPR_COUNT; i++)
          add_register (regs, arm64_names[i], c->x[i], 8);
        add_register (regs, "cpsr", c->cpsr, 4);
        break;
      }
    case PM_MD_CPU_ARM:
      {
        const PmMdContextArm *c = &context->regs.arm;
        for (guint i = 0; i < G_N_ELEMENTS (arm_names) && i < PM_MD_CONTEXT_ARM_GPR_COUNT; i++)
          add_register (regs, arm_names[i], c->iregs[i], 4);
        add_register (regs, "cpsr", c->cpsr, 4);
        break;
      }
    case PM_MD_CPU_UNKNOWN:
    default:
      add_register (regs, "pc", context->pc, 8);
      add_register (regs, "sp", context->sp, 8);
      add_register (regs, "fp", context->fp, 8);
      break;
    }

  return regs;
}
