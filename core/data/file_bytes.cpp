// SPDX-License-Identifier: MIT
#include "data/file_bytes.h"

#include <QFileInfo>

#include <zlib.h>

namespace adstudio {

namespace {

Status checkReadable(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        return makeError(path, 0, 0, QStringLiteral("file not found"),
                         QStringLiteral("check the path"));
    }
    if (info.isDir()) {
        return makeError(path, 0, 0, QStringLiteral("is a folder, not a file"),
                         QStringLiteral("choose a file inside it, or a format that reads folders"));
    }
    if (!info.isReadable()) {
        return makeError(path, 0, 0, QStringLiteral("file is not readable"),
                         QStringLiteral("check its permissions"));
    }
    return {};
}

}  // namespace

Result<FileBytes> FileBytes::open(const QString& path) {
    if (const Status readable = checkReadable(path); !readable) return readable.error();
    FileBytes bytes;
    bytes.m_file = std::make_shared<QFile>(path);
    if (!bytes.m_file->open(QIODevice::ReadOnly)) {
        return makeError(path, 0, 0, bytes.m_file->errorString(), QStringLiteral("check the path"));
    }
    const qint64 size = bytes.m_file->size();
    if (size == 0) return bytes;
    uchar* mapped = bytes.m_file->map(0, size);
    if (mapped) {
        bytes.m_data = reinterpret_cast<const char*>(mapped);
        bytes.m_size = std::size_t(size);
        return bytes;
    }
    // Not mappable (a pipe, a special file): read it.
    bytes.m_owned = std::make_shared<std::string>(bytes.m_file->readAll().toStdString());
    bytes.m_data = bytes.m_owned->data();
    bytes.m_size = bytes.m_owned->size();
    return bytes;
}

Result<FileBytes> FileBytes::openMaybeGzip(const QString& path) {
    if (const Status readable = checkReadable(path); !readable) return readable.error();
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!gz) {
        return makeError(path, 0, 0, QStringLiteral("cannot open the file"),
                         QStringLiteral("check the path and permissions"));
    }
    gzbuffer(gz, 1 << 20);
    auto out = std::make_shared<std::string>();
    char buffer[1 << 16];
    for (;;) {
        const int n = gzread(gz, buffer, sizeof buffer);
        if (n < 0) {
            int code = 0;
            const QString message = QString::fromLatin1(gzerror(gz, &code));
            gzclose_r(gz);
            return makeError(path, 0, 0, QStringLiteral("gzip data is corrupt (%1)").arg(message),
                             QStringLiteral("download or copy the file again"));
        }
        if (n == 0) break;
        out->append(buffer, std::size_t(n));
    }
    int code = Z_OK;
    gzerror(gz, &code);
    const bool direct = gzdirect(gz) != 0;
    gzclose_r(gz);
    // zlib reports a cut-off stream as Z_BUF_ERROR after reading what it could.
    if (!direct && code == Z_BUF_ERROR) {
        return makeError(path, 0, 0, QStringLiteral("gzip file is truncated"),
                         QStringLiteral("download or copy the file again"));
    }
    FileBytes bytes;
    bytes.m_owned = std::move(out);
    bytes.m_data = bytes.m_owned->data();
    bytes.m_size = bytes.m_owned->size();
    return bytes;
}

Result<std::string> gunzip(std::string_view compressed, const QString& path) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        return makeError(path, 0, 0, QStringLiteral("cannot start zlib"),
                         QStringLiteral("free memory"));
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    std::string out;
    char buffer[1 << 16];
    int rc = Z_OK;
    while (rc == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;
    }
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) {
        return makeError(path, 0, 0, QStringLiteral("gzip data is truncated or corrupt"),
                         QStringLiteral("copy the file again"));
    }
    return out;
}

}  // namespace adstudio
