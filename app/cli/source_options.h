// SPDX-License-Identifier: MIT
#pragma once

#include "data/source.h"

#include <QCommandLineParser>

namespace adstudio::cli {

// The options every command that reads a data source shares: --format, --delimiter,
// --encoding, --column NAME=KIND, --no-header.
class SourceOptions {
public:
    SourceOptions();
    void addTo(QCommandLineParser& parser) const;
    // Fills `options`; returns an empty string or the usage error to print.
    QString read(const QCommandLineParser& parser, LoadOptions* options) const;

private:
    QCommandLineOption m_format, m_delimiter, m_encoding, m_column, m_noHeader;
};

}  // namespace adstudio::cli
