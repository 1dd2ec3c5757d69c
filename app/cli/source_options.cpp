// SPDX-License-Identifier: MIT
#include "source_options.h"

namespace adstudio::cli {

SourceOptions::SourceOptions()
    : m_format("format", "auto|csv|movielens|ncf|idx|images (default auto).", "FORMAT", "auto"),
      m_delimiter("delimiter", "Field delimiter (',', ';', '|', 'tab'); default: detected.", "D"),
      m_encoding("encoding", "utf8 (default) or latin1.", "ENC", "utf8"),
      m_column("column", "Override a column's type or role: NAME=KIND (repeatable).", "NAME=KIND"),
      m_noHeader("no-header", "The first line is data, not column names.") {}

void SourceOptions::addTo(QCommandLineParser& parser) const {
    parser.addOptions({m_format, m_delimiter, m_encoding, m_column, m_noHeader});
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
    else if (enc != QLatin1String("utf8") && enc != QLatin1String("utf-8"))
        return "--encoding is utf8 or latin1";
    if (parser.isSet(m_noHeader)) options->csv.header = 0;
    for (const QString& entry : parser.values(m_column)) {
        if (const Status s = options->csv.mapping.parseEntry(entry); !s)
            return s.error().toString();
    }
    return {};
}

}  // namespace adstudio::cli
