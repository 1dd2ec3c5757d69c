// SPDX-License-Identifier: MIT
#pragma once

#include "data/source.h"

#include <QCommandLineParser>

namespace adstudio::cli {

// The options every command that reads a data source shares: --format, --delimiter,
// --encoding, --column [TABLE.]NAME=KIND, --no-header, --interactions/--items/--users FILE.
class SourceOptions {
public:
    SourceOptions();
    void addTo(QCommandLineParser& parser) const;
    // Fills `options`; returns an empty string or the usage error to print.
    QString read(const QCommandLineParser& parser, LoadOptions* options) const;

private:
    QCommandLineOption m_format, m_delimiter, m_encoding, m_column, m_noHeader, m_setAside,
        m_rejects;
    QCommandLineOption m_interactions, m_items, m_users;
};

// --column's help, shared by the commands that take it.
QString tableColumnHelp();
// --set-aside-bad-rows's help.
QString setAsideHelp();
// --column entries into `mapping` and the table files into `tables` (absolute); returns an empty
// string or the usage error to print.
QString readTableOptions(const QCommandLineParser& parser, const QCommandLineOption& column,
                         const QCommandLineOption& interactions, const QCommandLineOption& items,
                         const QCommandLineOption& users, ColumnMapping* mapping,
                         TableFiles* tables);

}  // namespace adstudio::cli
