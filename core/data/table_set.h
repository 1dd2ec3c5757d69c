// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/csv_reader.h"
#include "data/movielens.h"

#include <QDir>

namespace adstudio {

// Which file of a shop's export is which table; an empty one is recognised from the columns.
struct TableFiles {
    QString interactions, items, users;
    bool isEmpty() const { return interactions.isEmpty() && items.isEmpty() && users.isEmpty(); }
};

// The tables of a CSV source, whatever their files are called. `path` is a file (the
// interactions) or a folder. In a folder the interaction log is the table with a 0/1 label (or a
// rating) and user and item columns, the catalogue the one keyed by the log's item ids, the user
// table the one keyed by its user ids; `interactions.csv` beside `items.csv` and `users.csv` (the
// demo world's names) are taken as named. `options.mapping` may name a table: "items.price_eur"
// maps a column of the catalogue, an unqualified name one of the interaction log.
Result<InteractionData> loadTables(const QString& path, const TableFiles& named,
                                   const CsvOptions& options, const JobContext& job = {},
                                   CsvPreview* preview = nullptr);

// The files of a folder that may hold a table (.csv, .tsv, .txt; not an image set's labels.csv),
// by name.
QStringList tableFiles(const QDir& dir);

// Keys found by content where names did not tell: the catalogue's (users') column holding the
// log's item (user) ids becomes its key; a log column holding the catalogue's keys becomes the
// item column.
void linkTables(InteractionData& data);

}  // namespace adstudio
