/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-package.c — a program's package and version (see pm-package.h).
 *
 * Runs in: postmortem-dumper's crash mode (after the crashed process was let
 * go), postmortemctl and the listener (GLib allowed).
 */
#include "pm-package.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NT_FDO_PACKAGING_METADATA 0xcafe1a7e
#define DPKG_INFO   "/var/lib/dpkg/info"
#define DPKG_STATUS "/var/lib/dpkg/status"

void
pm_package_free (PmPackage *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->version);
  g_free (p->source);
  g_free (p->flatpak_app);
  g_free (p->flatpak_branch);
  g_free (p->flatpak_commit);
  g_free (p);
}

/* "key":"value" in a small flat JSON object (the note's payload). */
static char *
json_string (const char *json,
             const char *key)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);
  const char *p = strstr (json, quoted), *end;

  if (p == NULL)
    return NULL;
  p += strlen (quoted);
  while (*p == ' ' || *p == ':')
    p++;
  if (*p != '"')
    return NULL;
  end = strchr (++p, '"');
  return end ? g_strndup (p, (gsize) (end - p)) : NULL;
}

/* The FDO_PACKAGING_METADATA note of the executable. */
static gboolean
from_elf_note (PmPackage  *pkg,
               const char *exe)
{
  Elf64_Ehdr eh;
  gboolean found = FALSE;
  int fd = open (exe, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

  if (fd < 0)
    return FALSE;
  if (pread (fd, &eh, sizeof eh, 0) == (ssize_t) sizeof eh && memcmp (eh.e_ident, ELFMAG, SELFMAG) == 0 &&
      eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof (Elf64_Phdr))
    for (unsigned i = 0; i < eh.e_phnum && i < 64 && !found; i++)
      {
        Elf64_Phdr ph;
        g_autofree char *notes = NULL;
        size_t at = 0, len;

        if (pread (fd, &ph, sizeof ph, (off_t) (eh.e_phoff + i * sizeof ph)) != (ssize_t) sizeof ph)
          break;
        if (ph.p_type != PT_NOTE || ph.p_filesz > 64 * 1024)
          continue;
        len = ph.p_filesz;
        notes = g_malloc (len + 1);
        if (pread (fd, notes, len, (off_t) ph.p_offset) != (ssize_t) len)
          continue;
        while (at + sizeof (Elf64_Nhdr) <= len && !found)
          {
            Elf64_Nhdr nh;
            size_t name_at, desc_at;

            memcpy (&nh, notes + at, sizeof nh);
            name_at = at + sizeof nh;
            desc_at = name_at + ((nh.n_namesz + 3) & ~3u);
            if (desc_at > len || nh.n_descsz > len - desc_at)
              break;
            if (nh.n_type == NT_FDO_PACKAGING_METADATA && nh.n_namesz == 4 &&
                memcmp (notes + name_at, "FDO", 4) == 0)
              {
                g_autofree char *json = g_strndup (notes + desc_at, nh.n_descsz);

                pkg->name = json_string (json, "name");
                pkg->version = json_string (json, "version");
                found = pkg->name != NULL && g_utf8_validate (pkg->name, -1, NULL) &&
                        (pkg->version == NULL || g_utf8_validate (pkg->version, -1, NULL));
              }
            at = desc_at + ((nh.n_descsz + 3) & ~3u);
          }
      }
  close (fd);
  if (found)
    pkg->source = g_strdup ("elf-note");
  else
    {
      g_clear_pointer (&pkg->name, g_free);
      g_clear_pointer (&pkg->version, g_free);
    }
  return found;
}

/* Whether the dpkg file list at path names one of the paths. */
static gboolean
list_has (const char  *path,
          const char **wanted)
{
  g_autofree char *text = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return FALSE;
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      gsize wlen = strlen (wanted[i]);
      const char *p = text;

      while ((p = strstr (p, wanted[i])) != NULL)
        {
          if ((p == text || p[-1] == '\n') && (p[wlen] == '\n' || p[wlen] == '\0'))
            return TRUE;
          p += wlen;
        }
    }
  return FALSE;
}

/* The Version of package (name, or name:arch) in dpkg's status file. */
static char *
dpkg_version (const char *package)
{
  g_autofree char *status = NULL;
  g_autofree char *name = g_strdup (package);
  char *colon = strchr (name, ':'), *arch = NULL;
  g_auto(GStrv) stanzas = NULL;

  if (colon != NULL)
    {
      *colon = '\0';
      arch = colon + 1;
    }
  if (!g_file_get_contents (DPKG_STATUS, &status, NULL, NULL))
    return NULL;
  stanzas = g_strsplit (status, "\n\n", -1);
  for (guint i = 0; stanzas[i] != NULL; i++)
    {
      g_autofree char *head = g_strdup_printf ("Package: %s\n", name);
      g_autofree char *arch_line = arch ? g_strdup_printf ("\nArchitecture: %s\n", arch) : NULL;
      const char *v;

      if (!g_str_has_prefix (stanzas[i], head) && strstr (stanzas[i], head) == NULL)
        continue;
      if (arch_line != NULL && strstr (stanzas[i], arch_line) == NULL)
        continue;
      v = strstr (stanzas[i], "\nVersion: ");
      if (v != NULL)
        return g_strndup (v + 10, strcspn (v + 10, "\n"));
    }
  return NULL;
}

/* The package whose file list has the executable, and its version. Both the
 * path the program was run as and its real path are tried (with merged /usr,
 * dpkg may list /bin/x for /usr/bin/x or the other way round). */
static gboolean
from_dpkg (PmPackage  *pkg,
           const char *exe)
{
  g_autofree char *real = realpath (exe, NULL);
  g_autofree char *unmerged = NULL;
  const char *wanted[4] = { exe, NULL, NULL, NULL };
  g_autoptr(GDir) dir = g_dir_open (DPKG_INFO, 0, NULL);
  const char *entry;
  int n = 1;

  if (dir == NULL)
    return FALSE;
  if (real != NULL && strcmp (real, exe) != 0)
    wanted[n++] = real;
  if (g_str_has_prefix (real ? real : exe, "/usr/"))
    wanted[n++] = unmerged = g_strdup ((real ? real : exe) + 4);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (entry, ".list"))
        continue;
      path = g_build_filename (DPKG_INFO, entry, NULL);
      if (list_has (path, wanted))
        {
          pkg->name = g_strndup (entry, strlen (entry) - 5);
          pkg->version = dpkg_version (pkg->name);
          pkg->source = g_strdup ("dpkg");
          /* "python3.11-minimal:amd64" shows as the package's name. */
          if (strchr (pkg->name, ':') != NULL)
            *strchr (pkg->name, ':') = '\0';
          return TRUE;
        }
    }
  return FALSE;
}

/* The rpm database, where there is one: `rpm -qf` knows which package owns
 * a file (there is no file list to read directly, as with dpkg). */
static gboolean
from_rpm (PmPackage  *pkg,
          const char *exe)
{
  g_autofree char *rpm = g_find_program_in_path ("rpm");
  const char *argv[] = { NULL, "-qf", "--queryformat", "%{NAME}\\n%{VERSION}-%{RELEASE}\\n", exe, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  if (rpm == NULL || !g_file_test ("/var/lib/rpm", G_FILE_TEST_IS_DIR))
    return FALSE;
  argv[0] = rpm;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL) || out == NULL || !g_utf8_validate (out, -1, NULL))
    return FALSE;
  lines = g_strsplit (out, "\n", 3);
  if (lines[0] == NULL || lines[0][0] == '\0' || lines[1] == NULL || strchr (lines[0], ' ') != NULL)
    return FALSE;   /* "file ... is not owned by any package" */
  pkg->name = g_strdup (lines[0]);
  pkg->version = g_strdup (lines[1]);
  pkg->source = g_strdup ("rpm");
  return TRUE;
}

char *
pm_package_flatpak_app_from_cgroup (const char *cgroup)
{
  const char *p = cgroup ? strstr (cgroup, "/app-flatpak-") : NULL;
  const char *start, *dash;

  if (p == NULL)
    return NULL;
  start = p + strlen ("/app-flatpak-");
  dash = strrchr (start, '-');
  if (dash == NULL || dash == start || strchr (start, '/') != NULL)
    return NULL;
  return g_strndup (start, (gsize) (dash - start));
}

/* What a Flatpak installation says about app: its branch and commit (the
 * "current" and "active" links of the deployment) and the version of its
 * newest release in its metainfo. */
static void
from_flatpak_installation (PmPackage  *pkg,
                           const char *app)
{
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "flatpak", "app", app, NULL);
  const char *roots[] = { user, NULL, NULL };
  g_autofree char *system = g_build_filename ("/var/lib/flatpak/app", app, NULL);

  roots[1] = system;
  for (guint i = 0; roots[i] != NULL; i++)
    {
      g_autofree char *current = g_build_filename (roots[i], "current", NULL);
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *active = NULL, *commit = NULL, *metainfo_path = NULL, *metainfo = NULL;

      if (target == NULL)
        continue;
      /* current -> ARCH/BRANCH, ARCH/BRANCH/active -> COMMIT */
      if (strchr (target, '/') != NULL)
        pkg->flatpak_branch = g_strdup (strchr (target, '/') + 1);
      active = g_build_filename (roots[i], target, "active", NULL);
      commit = g_file_read_link (active, NULL);
      pkg->flatpak_commit = g_steal_pointer (&commit);
      metainfo_path = g_strdup_printf ("%s/files/share/metainfo/%s.metainfo.xml", active, app);
      if (g_file_get_contents (metainfo_path, &metainfo, NULL, NULL))
        {
          const char *r = strstr (metainfo, "<release ");
          const char *v = r ? strstr (r, "version=\"") : NULL;

          if (v != NULL && v < strchr (r, '>'))
            pkg->version = g_strndup (v + 9, strcspn (v + 9, "\""));
        }
      return;
    }
}

/* /.flatpak-info of a running sandboxed process: [Application] name, and
 * [Instance] branch and app-commit. */
static char *
from_flatpak_info (PmPackage *pkg,
                   pid_t      pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/root/.flatpak-info", (int) pid);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  char *app;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  app = g_key_file_get_string (kf, "Application", "name", NULL);
  if (app != NULL)
    {
      pkg->flatpak_branch = g_key_file_get_string (kf, "Instance", "branch", NULL);
      pkg->flatpak_commit = g_key_file_get_string (kf, "Instance", "app-commit", NULL);
    }
  return app;
}

char *
pm_package_flatpak_app_of_process (pid_t pid)
{
  g_autoptr(PmPackage) scratch = g_new0 (PmPackage, 1);
  g_autofree char *cgroup_path = g_strdup_printf ("/proc/%d/cgroup", (int) pid);
  g_autofree char *cgroup = NULL;
  char *app = from_flatpak_info (scratch, pid);

  if (app == NULL && g_file_get_contents (cgroup_path, &cgroup, NULL, NULL))
    app = pm_package_flatpak_app_from_cgroup (cgroup);
  return app;
}

PmPackage *
pm_package_lookup (const char *exe,
                   const char *flatpak_app,
                   pid_t       pid)
{
  PmPackage *pkg = g_new0 (PmPackage, 1);
  g_autofree char *app = g_strdup (flatpak_app);

  if (app == NULL && pid > 0)
    app = from_flatpak_info (pkg, pid);
  if (app == NULL && pid > 0)
    {
      g_autofree char *cgroup_path = g_strdup_printf ("/proc/%d/cgroup", (int) pid);
      g_autofree char *cgroup = NULL;

      if (g_file_get_contents (cgroup_path, &cgroup, NULL, NULL))
        app = pm_package_flatpak_app_from_cgroup (cgroup);
    }
  if (app != NULL && g_utf8_validate (app, -1, NULL))
    {
      /* A Flatpak app: the program is inside its sandbox, not the host's
       * package database. */
      pkg->flatpak_app = g_strdup (app);
      pkg->name = g_strdup (app);
      pkg->source = g_strdup ("flatpak");
      if (pkg->flatpak_commit == NULL)
        from_flatpak_installation (pkg, app);
      return pkg;
    }
  if (exe == NULL || exe[0] != '/')
    return pkg;
  if (!from_elf_note (pkg, exe) && !from_dpkg (pkg, exe))
    from_rpm (pkg, exe);
  return pkg;
}

void
pm_package_add_values (const PmPackage *p,
                       GPtrArray       *pairs)
{
#define ADD(k, v) G_STMT_START { if ((v) != NULL) { g_ptr_array_add (pairs, g_strdup (k)); \
                                                     g_ptr_array_add (pairs, g_strdup (v)); } } G_STMT_END
  if (p->name == NULL)
    return;
  ADD ("Sig[1].Value", p->version);
  ADD ("Postmortem.Package", p->name);
  ADD ("Postmortem.PackageVersion", p->version);
  ADD ("Postmortem.PackageSource", p->source);
  ADD ("Postmortem.FlatpakApp", p->flatpak_app);
  ADD ("Postmortem.FlatpakBranch", p->flatpak_branch);
  ADD ("Postmortem.FlatpakCommit", p->flatpak_commit);
#undef ADD
}
