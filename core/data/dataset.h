// SPDX-License-Identifier: MIT
#pragma once

#include "data/column.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace adstudio {

// A columnar table: named, typed columns of equal length, each with a role.
class Dataset {
public:
    Dataset() = default;
    explicit Dataset(QString name) : m_name(std::move(name)) {}

    const QString& name() const { return m_name; }
    void setName(const QString& name) { m_name = name; }
    const QString& sourcePath() const { return m_sourcePath; }
    void setSourcePath(const QString& path) { m_sourcePath = path; }

    std::int64_t rowCount() const { return m_columns.empty() ? 0 : m_columns.front().size(); }
    int columnCount() const { return int(m_columns.size()); }
    QStringList columnNames() const;

    Column& column(int index) { return m_columns[std::size_t(index)]; }
    const Column& column(int index) const { return m_columns[std::size_t(index)]; }
    int indexOf(const QString& name) const;  // -1 when absent
    const Column* find(const QString& name) const;
    Column* find(const QString& name);
    // First column with the given role, or nullptr.
    const Column* findRole(ColumnRole role) const;
    int indexOfRole(ColumnRole role) const;

    void addColumn(Column column) { m_columns.push_back(std::move(column)); }
    void removeColumn(int index) { m_columns.erase(m_columns.begin() + index); }
    std::vector<Column>& columns() { return m_columns; }
    const std::vector<Column>& columns() const { return m_columns; }

    // What the loader read differently from the letter of the format (shown by `inspect`).
    const QStringList& notes() const { return m_notes; }
    void addNote(const QString& note) { m_notes << note; }
    // Rows the loader set aside because they did not read (CsvOptions::setAsideBadRows), and
    // the file that holds them (empty when none was written).
    std::int64_t rejectedRows() const { return m_rejectedRows; }
    const QString& rejectsFile() const { return m_rejectsFile; }
    void setRejected(std::int64_t rows, const QString& file) {
        m_rejectedRows = rows;
        m_rejectsFile = file;
    }

    // A new dataset with the given rows, in the given order.
    Dataset takeRows(const std::vector<std::int64_t>& rows) const;

private:
    QString m_name;
    QString m_sourcePath;
    std::vector<Column> m_columns;
    QStringList m_notes;
    std::int64_t m_rejectedRows = 0;
    QString m_rejectsFile;
};

}  // namespace adstudio
