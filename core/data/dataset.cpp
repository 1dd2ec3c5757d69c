// SPDX-License-Identifier: MIT
#include "data/dataset.h"

namespace adstudio {

QStringList Dataset::columnNames() const {
    QStringList names;
    for (const auto& column : m_columns) names << column.name();
    return names;
}

int Dataset::indexOf(const QString& name) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name() == name) return int(i);
    }
    return -1;
}

const Column* Dataset::find(const QString& name) const {
    const int index = indexOf(name);
    return index < 0 ? nullptr : &m_columns[std::size_t(index)];
}

Column* Dataset::find(const QString& name) {
    const int index = indexOf(name);
    return index < 0 ? nullptr : &m_columns[std::size_t(index)];
}

int Dataset::indexOfRole(ColumnRole role) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].role() == role) return int(i);
    }
    return -1;
}

const Column* Dataset::findRole(ColumnRole role) const {
    const int index = indexOfRole(role);
    return index < 0 ? nullptr : &m_columns[std::size_t(index)];
}

Dataset Dataset::takeRows(const std::vector<std::int64_t>& rows) const {
    Dataset out(m_name);
    out.m_sourcePath = m_sourcePath;
    for (const auto& column : m_columns) out.addColumn(column.take(rows));
    return out;
}

}  // namespace adstudio
