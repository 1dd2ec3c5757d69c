// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"

namespace adstudio {

// Copies a folder tree to `to` (which must not exist) through a staging folder renamed at the
// end, so a cancelled or failed copy leaves nothing half-written behind.
Status copyFolder(const QString& from, const QString& to, const JobContext& job = {});

}  // namespace adstudio
