/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-error.h — the PM_ERROR GError domain shared by every GLib part of Postmortem.
 *
 * Runs in: any process that uses GLib (postmortemctl, the application,
 * postmortem-dumper, applications using libpostmortem-store).
 *
 * One domain for the whole project so a caller can match an error without
 * knowing which part raised it; the message always names what was wrong.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PM_ERROR:
 *
 * The error domain of the store (and of every GLib part of Postmortem); its codes are
 * #PmError.
 */
#define PM_ERROR (pm_error_quark ())

/**
 * PmError:
 * @PM_ERROR_FAILED: anything not covered below (an I/O error…)
 * @PM_ERROR_INVALID_ARGUMENT: a caller passed a value the API does not accept
 * @PM_ERROR_NOT_FOUND: no such report, key, file or setting
 * @PM_ERROR_CORRUPT: stored data (`Report.wer`, a dump) is malformed
 * @PM_ERROR_UNSAFE: a symlink, hard link, FIFO or bad mode where a file was expected
 * @PM_ERROR_EXISTS: the name is taken; nothing was replaced
 * @PM_ERROR_QUOTA: a store limit would be exceeded and nothing can be evicted
 * @PM_ERROR_EXCLUDED: the application is excluded from reporting
 * @PM_ERROR_CONSENT: the user's consent does not allow this
 * @PM_ERROR_NETWORK: the server could not be reached
 * @PM_ERROR_SERVER: the server answered with an error
 * @PM_ERROR_CANCELLED: the operation was cancelled
 *
 * The codes of %PM_ERROR. Every message names what was wrong.
 */
typedef enum
{
  PM_ERROR_FAILED,            /* anything not covered below (an I/O error, ...) */
  PM_ERROR_INVALID_ARGUMENT,  /* a caller passed a value the API does not accept */
  PM_ERROR_NOT_FOUND,         /* no such report, key, file or setting */
  PM_ERROR_CORRUPT,           /* stored data (Report.wer, a dump) is malformed */
  PM_ERROR_UNSAFE,            /* a symlink, hardlink, FIFO or bad mode where a file was expected */
  PM_ERROR_EXISTS,            /* the name is taken; nothing was replaced */
  PM_ERROR_QUOTA,             /* a store limit would be exceeded and nothing can be evicted */
  PM_ERROR_EXCLUDED,          /* the application is excluded from reporting */
  PM_ERROR_CONSENT,           /* the user's consent does not allow this */
  PM_ERROR_NETWORK,           /* the server could not be reached */
  PM_ERROR_SERVER,            /* the server answered with an error */
  PM_ERROR_CANCELLED,         /* the operation was cancelled */
} PmError;

/**
 * pm_error_quark:
 *
 * The quark of the %PM_ERROR domain.
 *
 * Returns: the error domain of every error the store raises
 */
PM_STORE_AVAILABLE_IN_ALL
GQuark pm_error_quark (void);

G_END_DECLS
