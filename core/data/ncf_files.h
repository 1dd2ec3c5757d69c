// SPDX-License-Identifier: MIT
#pragma once

#include "data/movielens.h"

namespace adstudio {

// The leave-one-out files of He et al.'s NCF code: PREFIX.train.rating, PREFIX.test.rating
// (user, item, rating, timestamp; TAB) and PREFIX.test.negative ("(user,item)" then the sampled
// negative item ids; TAB). `path` is any of the three files or a folder holding one set.
Result<InteractionData> readNcf(const QString& path, const JobContext& job = {});
Result<SampledNegatives> readNcfNegatives(const QString& path);
bool looksLikeNcf(const QString& path);

}  // namespace adstudio
