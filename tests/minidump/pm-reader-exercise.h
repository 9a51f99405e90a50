/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-reader-exercise.h — drive every reader accessor over a dump (tests, fuzzing).
 *
 * Runs in: test and fuzzer processes.
 */
#pragma once

#include <stdint.h>

#include "pm-minidump-reader.h"

uint64_t pm_test_exercise_minidump (PmMinidump *md);
