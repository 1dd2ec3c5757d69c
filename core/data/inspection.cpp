// SPDX-License-Identifier: MIT
#include "data/inspection.h"

#include "data/stats.h"

#include <QJsonArray>
#include <QTextStream>

namespace adstudio {

namespace {

QJsonArray firstRows(const Dataset& table, int rows, const CsvPreview* preview) {
    QJsonArray out;
    if (preview && !preview->rows.empty()) {
        for (std::size_t r = 0; r < preview->rows.size() && int(r) < rows; ++r) {
            QJsonObject row;
            for (int c = 0; c < preview->header.size() && c < preview->rows[r].size(); ++c)
                row[preview->header[c]] = preview->rows[r][c];
            out.append(row);
        }
        return out;
    }
    for (std::int64_t r = 0; r < table.rowCount() && r < rows; ++r) {
        QJsonObject row;
        for (const auto& column : table.columns()) row[column.name()] = column.displayAt(r);
        out.append(row);
    }
    return out;
}

QJsonObject describeTable(const Dataset& table) {
    QJsonObject o = computeStats(table).toJson();
    o["name"] = table.name();
    o["path"] = table.sourcePath();
    if (!table.notes().isEmpty()) o["notes"] = QJsonArray::fromStringList(table.notes());
    return o;
}

void writeTableText(QTextStream& out, const QString& title, const Dataset& table) {
    const DatasetStats stats = computeStats(table);
    out << title << ": " << stats.rows << " rows x " << table.columnCount() << " columns ("
        << table.sourcePath() << ")\n";
    for (const QString& note : table.notes()) out << "  note: " << note << "\n";
    out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg("column", -24)
               .arg("type", -12)
               .arg("role", -10)
               .arg("missing", 8)
               .arg("distinct", 9)
               .arg("min", 16)
               .arg("mean", 16)
               .arg("max", 16);
    for (const auto& c : stats.columns) {
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(c.name.left(24), -24)
                   .arg(columnTypeName(c.type), -12)
                   .arg(columnRoleName(c.role), -10)
                   .arg(c.missing, 8)
                   .arg(c.distinct, 9)
                   .arg(c.hasRange ? formatStatValue(c.type, c.min) : QString("-"), 16)
                   .arg(c.hasRange ? formatStatValue(c.type, c.mean) : QString("-"), 16)
                   .arg(c.hasRange ? formatStatValue(c.type, c.max) : QString("-"), 16);
    }
    if (!stats.labelColumn.isEmpty()) {
        QStringList parts;
        for (const auto& [value, count] : stats.labelCounts) {
            parts << QStringLiteral("%1: %2 (%3%)")
                         .arg(value)
                         .arg(count)
                         .arg(100.0 * double(count) / double(std::max<std::int64_t>(1, stats.rows)),
                              0, 'f', 1);
        }
        out << "  label balance (" << stats.labelColumn << "): " << parts.join(", ") << "\n";
    }
}

}  // namespace

QJsonObject describeSource(const LoadedSource& source, int rows, const CsvPreview* preview) {
    QJsonObject out{{"path", source.path}, {"format", sourceFormatName(source.format)}};
    if (source.tables) {
        const auto& t = *source.tables;
        const QJsonObject main = describeTable(t.interactions);
        for (auto it = main.begin(); it != main.end(); ++it) out[it.key()] = it.value();
        out["path"] = source.path;
        if (rows > 0) out["rows"] = firstRows(t.interactions, rows, preview);
        QJsonObject sides;
        if (t.users) sides["users"] = describeTable(*t.users);
        if (t.items) sides["items"] = describeTable(*t.items);
        if (t.test) sides["test"] = describeTable(*t.test);
        if (!sides.isEmpty()) out["side_tables"] = sides;
        if (t.negatives) {
            out["test_negatives"] =
                QJsonObject{{"rows", double(t.negatives->users.size())},
                            {"negatives_per_row", t.negatives->negativesPerRow}};
        }
    }
    if (source.images) {
        const auto& im = *source.images;
        QJsonArray classes;
        const auto counts = im.countsPerClass();
        for (int c = 0; c < im.classNames.size(); ++c)
            classes.append(
                QJsonObject{{"name", im.classNames[c]}, {"count", counts.at(std::size_t(c))}});
        out["row_count"] = im.count;
        out["images"] = QJsonObject{{"count", im.count},
                                    {"height", im.height},
                                    {"width", im.width},
                                    {"channels", im.channels},
                                    {"classes", classes}};
    }
    return out;
}

QString describeSourceText(const LoadedSource& source, int rows, const CsvPreview* preview) {
    QString text;
    QTextStream out(&text);
    out << "source: " << source.path << "\nformat: " << sourceFormatName(source.format) << "\n";
    if (source.tables) {
        const auto& t = *source.tables;
        writeTableText(
            out, t.interactions.name().isEmpty() ? QStringLiteral("table") : t.interactions.name(),
            t.interactions);
        if (t.users) writeTableText(out, QStringLiteral("users"), *t.users);
        if (t.items) writeTableText(out, QStringLiteral("items"), *t.items);
        if (t.test) writeTableText(out, QStringLiteral("test"), *t.test);
        if (t.negatives)
            out << "test negatives: " << t.negatives->users.size() << " rows x "
                << t.negatives->negativesPerRow << " sampled items\n";
        if (rows > 0) {
            const QJsonArray first = firstRows(t.interactions, rows, preview);
            out << "first " << first.size() << " rows:\n";
            for (const auto& row : first) {
                QStringList cells;
                const QJsonObject o = row.toObject();
                for (const auto& name : t.interactions.columnNames())
                    cells << o.value(name).toString();
                out << "  " << cells.join(" | ") << "\n";
            }
        }
    }
    if (source.images) {
        const auto& im = *source.images;
        out << "images: " << im.count << " of " << im.width << "x" << im.height << "x"
            << im.channels << ", " << im.classNames.size() << " classes\n";
        const auto counts = im.countsPerClass();
        for (int c = 0; c < im.classNames.size(); ++c)
            out << QStringLiteral("  %1 %2\n")
                       .arg(im.classNames[c], -16)
                       .arg(counts.at(std::size_t(c)));
    }
    return text;
}

}  // namespace adstudio
