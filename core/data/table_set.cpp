// SPDX-License-Identifier: MIT
#include "data/table_set.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace adstudio {
namespace {

const char* const kInteractionsTable = "interactions";
const char* const kItemsTable = "items";
const char* const kUsersTable = "users";

QString valueText(const Column& column, std::int64_t row) {
    if (column.type() == ColumnType::Integer) return QString::number(column.intAt(row));
    return column.displayAt(row);
}

bool idLike(const Column& column) {
    return column.type() == ColumnType::Integer || column.type() == ColumnType::Categorical ||
           column.type() == ColumnType::Text;
}

QSet<QString> distinctValues(const Column& column) {
    QSet<QString> out;
    for (std::int64_t row = 0; row < column.size(); ++row)
        if (!column.isMissing(row)) out.insert(valueText(column, row));
    return out;
}

// Share of the column's distinct values found in `values` (0 when it has none).
double overlap(const Column& column, const QSet<QString>& values) {
    const QSet<QString> own = distinctValues(column);
    if (own.isEmpty() || values.isEmpty()) return 0;
    int found = 0;
    for (const QString& v : own) found += values.contains(v);
    return double(found) / double(own.size());
}

bool isUnique(const Column& column) {
    return distinctValues(column).size() == column.size() - column.missingCount();
}

// The side table's column that holds the log's keys best (at least half of its values).
Column* bestKey(Dataset& side, const QSet<QString>& logValues, double* score) {
    Column* best = nullptr;
    *score = 0.5;
    for (Column& column : side.columns()) {
        if (!idLike(column) || !isUnique(column)) continue;
        const double share = overlap(column, logValues);
        if (share > *score) *score = share, best = &column;
    }
    return best;
}

bool hasCatalogueRole(const Dataset& table) {
    for (ColumnRole role : {ColumnRole::ItemName, ColumnRole::Price, ColumnRole::Brand,
                            ColumnRole::Category, ColumnRole::ImagePath, ColumnRole::LandingUrl})
        if (table.findRole(role)) return true;
    return false;
}

void giveRole(Dataset& table, Column* column, ColumnRole role) {
    if (!column || column->role() == role) return;
    for (Column& other : table.columns())
        if (other.role() == role) other.setRole(ColumnRole::Feature);
    column->setRole(role);
}

void linkSide(Dataset& log, Dataset& side, ColumnRole role) {
    const Column* logKey = log.findRole(role);
    if (logKey) {
        if (side.findRole(role) || side.find(logKey->name())) return;  // named already
        double score = 0;
        giveRole(side, bestKey(side, distinctValues(*logKey), &score), role);
        return;
    }
    // The log names no such column: the one holding the side table's keys is it.
    Column* sideKey = nullptr;
    if (const Column* named = side.findRole(role)) sideKey = side.find(named->name());
    double best = 0.5;
    Column* found = nullptr;
    for (Column& column : log.columns()) {
        if (!idLike(column) || column.role() != ColumnRole::Feature) continue;
        if (sideKey) {
            const double share = overlap(column, distinctValues(*sideKey));
            if (share > best) best = share, found = &column;
        } else {
            double score = 0;
            if (Column* key = bestKey(side, distinctValues(column), &score); key && score > best)
                best = score, found = &column, sideKey = key;
        }
    }
    if (!found) return;
    giveRole(log, found, role);
    giveRole(side, sideKey, role);
}

QString describeTable(const Dataset& table) {
    return QStringLiteral("%1 (%2)").arg(QFileInfo(table.sourcePath()).fileName(),
                                         table.columnNames().join(QStringLiteral(", ")));
}

bool isInteractionLog(const Dataset& table) {
    return (table.findRole(ColumnRole::Label) || table.findRole(ColumnRole::Rating)) &&
           table.findRole(ColumnRole::User) && table.findRole(ColumnRole::Item);
}

Result<Dataset> readTable(const QString& file, const CsvOptions& base, const char* table,
                          const JobContext& job = {}, CsvPreview* preview = nullptr) {
    CsvOptions options = base;
    options.mapping = base.mapping.forTable(QString::fromLatin1(table));
    auto read = readCsvFile(file, options, job, preview);
    if (read) {
        read->setSourcePath(QFileInfo(file).absoluteFilePath());
        return read;
    }
    // A remedy that maps a column names the table the column is in.
    Error error = read.error();
    if (QLatin1String(table) != QLatin1String(kInteractionsTable))
        for (Remedy& remedy : error.remedies)
            if (remedy.kind == Remedy::Kind::MapColumn)
                remedy.column = QStringLiteral("%1.%2").arg(QLatin1String(table), remedy.column);
    return error;
}

// Side-table reads: their own delimiter and header, the source's encoding choice.
CsvOptions sideOptions(const CsvOptions& options) {
    CsvOptions side;
    side.latin1 = options.latin1;
    side.mapping = options.mapping;
    side.setAsideBadRows = options.setAsideBadRows;
    side.rejectsFolder = options.rejectsFolder;
    return side;
}

// Tells the tables of a folder apart by their columns (a first look at a few hundred rows).
Status recogniseTables(const QStringList& files, const CsvOptions& options, TableFiles* found) {
    std::vector<Dataset> looks;
    for (const QString& file : files) {
        CsvOptions look = sideOptions(options);
        look.mapping = {};
        look.maxRows = 300;
        look.setAsideBadRows = true;  // a first look: a bad row does not hide what the table is
        look.rejectsFolder.clear();
        auto table = readCsvFile(file, look);
        if (!table) return table.error();
        table->setSourcePath(file);
        // The user's roles for the log's columns count where this table has those columns
        // (`--column flag=label` makes a log recognisable).
        ColumnMapping present;
        const auto logMapping = options.mapping.forTable(QString::fromLatin1(kInteractionsTable));
        for (auto it = logMapping.entries().cbegin(); it != logMapping.entries().cend(); ++it)
            if (it->role && table->find(it.key())) present.setRole(it.key(), *it->role);
        present.applyRoles(*table);
        looks.push_back(std::move(table.value()));
    }
    int log = -1;
    for (int i = 0; i < int(looks.size()); ++i)
        if (found->interactions.isEmpty() && isInteractionLog(looks[std::size_t(i)]))
            log = log < 0 || QFileInfo(files[i]).size() > QFileInfo(files[log]).size() ? i : log;
    // A click log of fields alone (no user or item column) is the log when nothing else is.
    for (int i = 0; i < int(looks.size()) && log < 0; ++i)
        if (found->interactions.isEmpty() && looks[std::size_t(i)].findRole(ColumnRole::Label))
            log = i;
    if (found->interactions.isEmpty()) {
        if (log < 0) {
            QStringList described;
            for (const Dataset& t : looks) described << describeTable(t);
            return makeError(
                files.isEmpty() ? QString() : QFileInfo(files.front()).absolutePath(), 0, 0,
                QStringLiteral("no table with a 0/1 label, or a rating with user and item "
                               "columns: found %1")
                    .arg(described.isEmpty() ? QStringLiteral("no .csv/.tsv files")
                                             : described.join(QStringLiteral("; "))),
                QStringLiteral("name the interaction log's columns (e.g. user_id, item_id, "
                               "clicked) or map them (user, item, label roles)"));
        }
        found->interactions = files[log];
    }
    for (int i = 0; i < int(looks.size()); ++i) {
        if (files[i] == found->interactions || files[i] == found->items || files[i] == found->users)
            continue;
        Dataset& table = looks[std::size_t(i)];
        const bool catalogue = table.findRole(ColumnRole::Item) || hasCatalogueRole(table);
        if (catalogue && found->items.isEmpty())
            found->items = files[i];
        else if (table.findRole(ColumnRole::User) && found->users.isEmpty())
            found->users = files[i];
    }
    return {};
}

}  // namespace

QStringList tableFiles(const QDir& dir) {
    QStringList out;
    for (const QString& name : dir.entryList({"*.csv", "*.tsv", "*.txt"}, QDir::Files, QDir::Name))
        if (name.compare(QLatin1String("labels.csv"), Qt::CaseInsensitive) != 0)
            out << dir.filePath(name);
    return out;
}

Result<InteractionData> loadTables(const QString& path, const TableFiles& named,
                                   const CsvOptions& options, const JobContext& job,
                                   CsvPreview* preview) {
    const QFileInfo info(path);
    TableFiles files = named;
    auto resolve = [&](QString& file) {
        if (!file.isEmpty() && QFileInfo(file).isRelative() && info.isDir())
            file = QDir(path).filePath(file);
    };
    resolve(files.interactions), resolve(files.items), resolve(files.users);
    const QDir dir = info.isDir() ? QDir(path) : info.dir();
    if (!info.isDir() && files.interactions.isEmpty()) files.interactions = path;
    // The demo world's names, as before: interactions.csv with users.csv and items.csv beside.
    const bool demoNames =
        files.interactions.isEmpty()
            ? QFileInfo::exists(dir.filePath("interactions.csv"))
            : QFileInfo(files.interactions).fileName() == QLatin1String("interactions.csv");
    if (demoNames) {
        if (files.interactions.isEmpty()) files.interactions = dir.filePath("interactions.csv");
        for (auto [name, slot] :
             {std::pair{"items.csv", &files.items}, {"users.csv", &files.users}})
            if (slot->isEmpty() && QFileInfo::exists(dir.filePath(name)))
                *slot = dir.filePath(name);
    } else if (info.isDir()) {
        const QStringList candidates = tableFiles(dir);
        if (candidates.isEmpty())
            return makeError(path, 0, 0, QStringLiteral("no .csv/.tsv file in this folder"),
                             QStringLiteral("choose the folder of the export or its .csv file"));
        if (Status s = recogniseTables(candidates, options, &files); !s) return s.error();
    }
    for (const QString& file : {files.interactions, files.items, files.users})
        if (!file.isEmpty() && !QFileInfo::exists(file))
            return makeError(file, 0, 0, QStringLiteral("no such file"),
                             QStringLiteral("check the table's file name"));

    InteractionData data;
    auto log = readTable(files.interactions, options, kInteractionsTable, job, preview);
    if (!log) return log.error();
    data.interactions = std::move(log.value());
    for (auto [file, slot, table] : {std::tuple{files.items, &data.items, kItemsTable},
                                     {files.users, &data.users, kUsersTable}}) {
        if (file.isEmpty()) continue;
        auto side = readTable(file, sideOptions(options), table);
        if (!side) return side.error();
        *slot = std::move(side.value());
    }
    linkTables(data);
    return data;
}

void linkTables(InteractionData& data) {
    if (data.items) linkSide(data.interactions, *data.items, ColumnRole::Item);
    if (data.users) linkSide(data.interactions, *data.users, ColumnRole::User);
}

}  // namespace adstudio
