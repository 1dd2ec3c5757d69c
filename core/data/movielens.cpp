// SPDX-License-Identifier: MIT
#include "data/movielens.h"

#include "data/csv_reader.h"
#include "data/file_bytes.h"

#include <QDir>
#include <QFileInfo>

namespace adstudio {

namespace {

CsvOptions fixedSchema(char delimiter, const QStringList& names,
                       const std::vector<std::pair<QString, ColumnType>>& types) {
    CsvOptions options;
    options.delimiter = delimiter;
    options.header = 0;
    options.columnNames = names;
    options.quote = 0;  // titles contain quotes that are not CSV quoting
    for (const auto& [name, type] : types) options.mapping.setType(name, type);
    return options;
}

const QStringList kRatingColumns{"user_id", "item_id", "rating", "timestamp"};

CsvOptions ratingOptions(char delimiter) {
    auto options = fixedSchema(delimiter, kRatingColumns,
                               {{"user_id", ColumnType::Integer},
                                {"item_id", ColumnType::Integer},
                                {"rating", ColumnType::Integer},
                                {"timestamp", ColumnType::Timestamp}});
    options.mapping.setRole("user_id", ColumnRole::User);
    options.mapping.setRole("item_id", ColumnRole::Item);
    options.mapping.setRole("rating", ColumnRole::Rating);
    options.mapping.setRole("timestamp", ColumnRole::Timestamp);
    return options;
}

// ML-1M separates with "::"; no field contains the unit separator, so swap it in.
Result<Dataset> readDoubleColon(const QString& path, const CsvOptions& options,
                                const JobContext& job) {
    auto bytes = FileBytes::open(path);
    if (!bytes) return bytes.error();
    std::string text(bytes->view());
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ':' && i + 1 < text.size() && text[i + 1] == ':') {
            out.push_back('\x1f');
            ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    CsvOptions adjusted = options;
    adjusted.delimiter = '\x1f';
    auto table = parseCsv(out, path, adjusted, job);
    if (table) table->setName(QFileInfo(path).completeBaseName());
    return table;
}

Result<InteractionData> read100k(const QDir& dir, const QString& ratingsFile,
                                 const JobContext& job) {
    InteractionData data;
    auto ratings = readCsvFile(ratingsFile, ratingOptions('\t'), job);
    if (!ratings) return ratings.error();
    data.interactions = std::move(ratings.value());

    const QString usersFile = dir.filePath("u.user");
    if (QFileInfo::exists(usersFile)) {
        auto options = fixedSchema('|', {"user_id", "age", "gender", "occupation", "zip"},
                                   {{"user_id", ColumnType::Integer},
                                    {"age", ColumnType::Integer},
                                    {"gender", ColumnType::Categorical},
                                    {"occupation", ColumnType::Categorical},
                                    {"zip", ColumnType::Categorical}});
        options.mapping.setRole("user_id", ColumnRole::User);
        auto users = readCsvFile(usersFile, options);
        if (!users) return users.error();
        data.users = std::move(users.value());
    }
    const QString itemsFile = dir.filePath("u.item");
    if (QFileInfo::exists(itemsFile)) {
        QStringList genres{"unknown",   "Action",   "Adventure",   "Animation", "Children's",
                           "Comedy",    "Crime",    "Documentary", "Drama",     "Fantasy",
                           "Film-Noir", "Horror",   "Musical",     "Mystery",   "Romance",
                           "Sci-Fi",    "Thriller", "War",         "Western"};
        QStringList names{"item_id", "title", "release_date", "video_release_date", "imdb_url"};
        std::vector<std::pair<QString, ColumnType>> types{{"item_id", ColumnType::Integer},
                                                          {"title", ColumnType::Text},
                                                          {"release_date", ColumnType::Text},
                                                          {"video_release_date", ColumnType::Text},
                                                          {"imdb_url", ColumnType::Text}};
        for (const auto& genre : genres) {
            names << "genre_" + genre;
            types.emplace_back("genre_" + genre, ColumnType::Integer);
        }
        auto options = fixedSchema('|', names, types);
        options.latin1 = true;
        options.mapping.setRole("item_id", ColumnRole::Item);
        auto items = readCsvFile(itemsFile, options);
        if (!items) return items.error();
        data.items = std::move(items.value());
    }
    return data;
}

Result<InteractionData> read1m(const QDir& dir, const QString& ratingsFile, const JobContext& job) {
    InteractionData data;
    auto ratings = readDoubleColon(ratingsFile, ratingOptions(0), job);
    if (!ratings) return ratings.error();
    data.interactions = std::move(ratings.value());
    const QString usersFile = dir.filePath("users.dat");
    if (QFileInfo::exists(usersFile)) {
        auto options = fixedSchema(0, {"user_id", "gender", "age", "occupation", "zip"},
                                   {{"user_id", ColumnType::Integer},
                                    {"gender", ColumnType::Categorical},
                                    {"age", ColumnType::Integer},
                                    {"occupation", ColumnType::Categorical},
                                    {"zip", ColumnType::Categorical}});
        options.mapping.setRole("user_id", ColumnRole::User);
        auto users = readDoubleColon(usersFile, options, {});
        if (!users) return users.error();
        data.users = std::move(users.value());
    }
    const QString moviesFile = dir.filePath("movies.dat");
    if (QFileInfo::exists(moviesFile)) {
        auto options = fixedSchema(0, {"item_id", "title", "genres"},
                                   {{"item_id", ColumnType::Integer},
                                    {"title", ColumnType::Text},
                                    {"genres", ColumnType::Categorical}});
        options.latin1 = true;
        options.mapping.setRole("item_id", ColumnRole::Item);
        auto movies = readDoubleColon(moviesFile, options, {});
        if (!movies) return movies.error();
        data.items = std::move(movies.value());
    }
    return data;
}

}  // namespace

bool looksLikeMovieLens(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) {
        const QDir dir(path);
        return QFileInfo::exists(dir.filePath("u.data")) ||
               QFileInfo::exists(dir.filePath("ratings.dat"));
    }
    const QString name = info.fileName();
    return name == QLatin1String("u.data") || name == QLatin1String("ratings.dat") ||
           (name.startsWith(QLatin1Char('u')) &&
            (name.endsWith(QLatin1String(".base")) || name.endsWith(QLatin1String(".test"))));
}

Result<InteractionData> readMovieLens(const QString& path, const JobContext& job) {
    const QFileInfo info(path);
    const QDir dir = info.isDir() ? QDir(path) : info.dir();
    QString ratings = info.isDir() ? QString() : path;
    if (ratings.isEmpty()) {
        if (QFileInfo::exists(dir.filePath("u.data")))
            ratings = dir.filePath("u.data");
        else if (QFileInfo::exists(dir.filePath("ratings.dat")))
            ratings = dir.filePath("ratings.dat");
    }
    if (ratings.isEmpty()) {
        return makeError(path, 0, 0,
                         QStringLiteral("no MovieLens ratings file (u.data or ratings.dat)"),
                         QStringLiteral("choose the extracted ml-100k or ml-1m folder"));
    }
    if (ratings.endsWith(QLatin1String(".dat"))) return read1m(dir, ratings, job);
    return read100k(dir, ratings, job);
}

}  // namespace adstudio
