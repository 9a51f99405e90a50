/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-visibility.h — PM_STORE_AVAILABLE_IN_ALL, the mark on every function that
 * libpostmortem-store exports.
 *
 * Runs in: nothing; declarations only. The library is built with -fvisibility=hidden and
 * defines _PM_STORE_EXTERN as `__attribute__ ((visibility ("default"))) extern`, so a
 * function is part of its ABI only when its declaration carries this mark (and its name is
 * in libpostmortem-store.map). For everyone else the mark is plain `extern`.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#ifndef _PM_STORE_EXTERN
#define _PM_STORE_EXTERN extern
#endif

/**
 * PM_STORE_AVAILABLE_IN_ALL:
 *
 * Marks a function exported by libpostmortem-store in every version.
 */
#define PM_STORE_AVAILABLE_IN_ALL _PM_STORE_EXTERN
