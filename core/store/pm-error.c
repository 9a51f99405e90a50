/* pm-error.c — the PM_ERROR GError domain.
 *
 * Runs in: any GLib process.
 */
#include "pm-error.h"

G_DEFINE_QUARK (pm-error-quark, pm_error)
