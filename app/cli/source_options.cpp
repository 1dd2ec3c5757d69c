// SPDX-License-Identifier: MIT
#include "source_options.h"

#include <QFileInfo>

namespace adstudio::cli {

SourceOptions::SourceOptions()
    : m_format("format", "auto|csv|movielens|ncf|idx|images (default auto).", "FORMAT", "auto"),
      m_delimiter("delimiter", "Field delimiter (',', ';', '|', 'tab'); default: detected.", "D"),
      m_encoding("encoding",
                 "auto (default: UTF-8, or Latin-1 for a file that is not UTF-8), utf8 or latin1.",
                 "ENC", "auto"),
      m_column("column", tableColumnHelp(), "[TABLE.]NAME=KIND"),
      m_noHeader("no-header", "The first line is data, not column names."),
      m_setAside("set-aside-bad-rows", setAsideHelp()),
      m_rejects("rejects", "Folder for the rows set aside (FILE.rejects.csv and .txt).", "DIR"),
      m_interactions("interactions", "The interaction log's file (default: recognised).", "FILE"),
      m_items("items", "The catalogue's file (default: recognised).", "FILE"),
      m_users("users", "The user table's file (default: recognised).", "FILE") {}

QString tableColumnHelp() {
    return QStringLiteral(
        "Override a column's type or role (repeatable); TABLE is interactions (default), items "
        "or users. Roles: user, item, label, rating, timestamp, feature, ignore, image_path, "
        "item_name, price, brand, category, landing_url. E.g. items.price_eur=price.");
}

QString setAsideHelp() {
    return QStringLiteral(
        "Load without the rows that do not read (a bad value, the wrong number of fields) "
        "instead of failing; they are counted and kept in a rejects file.");
}

void SourceOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({m_format, m_delimiter, m_encoding, m_column, m_noHeader, m_setAside,
                       m_rejects, m_interactions, m_items, m_users});
}

QString readTableOptions(const QCommandLineParser& parser, const QCommandLineOption& column,
                         const QCommandLineOption& interactions, const QCommandLineOption& items,
                         const QCommandLineOption& users, ColumnMapping* mapping,
                         TableFiles* tables) {
    for (const QString& entry : parser.values(column)) {
        if (const Status s = mapping->parseEntry(entry); !s) return s.error().toString();
    }
    // Stored absolute: the project may be opened from anywhere.
    auto file = [&](const QCommandLineOption& option) {
        return parser.isSet(option) ? QFileInfo(parser.value(option)).absoluteFilePath()
                                    : QString();
    };
    tables->interactions = file(interactions);
    tables->items = file(items);
    tables->users = file(users);
    return {};
}

QString SourceOptions::read(const QCommandLineParser& parser, LoadOptions* options) const {
    if (!parseSourceFormat(parser.value(m_format), &options->format))
        return QStringLiteral("unknown --format '%1'").arg(parser.value(m_format));
    if (parser.isSet(m_delimiter)) {
        const QString d = parser.value(m_delimiter);
        if (d == QLatin1String("tab") || d == QLatin1String("\\t"))
            options->csv.delimiter = '\t';
        else if (d.size() == 1 && d.at(0).unicode() < 128)
            options->csv.delimiter = char(d.at(0).unicode());
        else
            return "--delimiter takes one ASCII character or 'tab'";
    }
    const QString enc = parser.value(m_encoding).toLower();
    if (enc == QLatin1String("latin1") || enc == QLatin1String("iso-8859-1"))
        options->csv.latin1 = true;
    else if (enc != QLatin1String("utf8") && enc != QLatin1String("utf-8") &&
             enc != QLatin1String("auto"))
        return "--encoding is auto, utf8 or latin1";
    if (parser.isSet(m_noHeader)) options->csv.header = 0;
    options->csv.setAsideBadRows = parser.isSet(m_setAside) || parser.isSet(m_rejects);
    options->csv.rejectsFolder = parser.value(m_rejects);
    return readTableOptions(parser, m_column, m_interactions, m_items, m_users,
                            &options->csv.mapping, &options->tables);
}

}  // namespace adstudio::cli
