/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-package.h — which package a program came from, and its version: the
 * ELF package note (FDO_PACKAGING_METADATA), else the package manager's
 * database (dpkg, or rpm where present), else the Flatpak app it runs in.
 *
 * Runs in: postmortem-dumper's crash mode (after the crashed process was let
 * go: a dpkg lookup reads its whole file list), postmortemctl and the
 * listener (GLib allowed).
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;            /* the package, or the Flatpak app id; NULL when unknown */
  char *version;
  char *source;          /* "elf-note", "dpkg", "rpm" or "flatpak" */
  char *flatpak_app;     /* set for Flatpak apps, with: */
  char *flatpak_branch;
  char *flatpak_commit;
} PmPackage;

void       pm_package_free   (PmPackage *package);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmPackage, pm_package_free)

/* exe: the program's path. flatpak_app: the app id when known (from the
 * crash's cgroup), or NULL. pid > 0: a live (or just crashed) process whose
 * /.flatpak-info and cgroup can be read. Never NULL; name NULL when nothing
 * is known. */
PmPackage *pm_package_lookup (const char *exe,
                              const char *flatpak_app,
                              pid_t       pid);

/* The Report.wer values of package (Sig[1], Postmortem.Package*,
 * Postmortem.Flatpak*), appended to pairs as key, value, … (g_strdup'ed). */
void       pm_package_add_values (const PmPackage *package,
                                  GPtrArray       *pairs);

/* The Flatpak app a process runs in (its /.flatpak-info, else its cgroup),
 * or NULL. Cheap: read it while the process still exists. */
char      *pm_package_flatpak_app_of_process (pid_t pid);

/* The app id from a cgroup path with an app-flatpak-ID-N.scope, or NULL. */
char      *pm_package_flatpak_app_from_cgroup (const char *cgroup);

G_END_DECLS
