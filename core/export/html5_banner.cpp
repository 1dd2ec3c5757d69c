// SPDX-License-Identifier: MIT
#include "export/html5_banner.h"

#include "export/file_weight.h"
#include "export/zip_archive.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace adstudio {
namespace {

// A JavaScript string literal: JSON's escaping, plus "</" broken up so it cannot end the script.
QString scriptString(const QString& text) {
    QString literal =
        QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact));
    literal = literal.mid(1, literal.size() - 2);  // the array's brackets
    return literal.replace("</", "<\\/");
}

}  // namespace

QByteArray html5BannerPage(const Creative& creative, const QSize& size, const QString& imageName,
                           const QString& landingUrl) {
    const QString w = QString::number(size.width()), h = QString::number(size.height());
    const QString alt = QStringList{creative.headline, creative.subline, creative.cta}
                            .filter(QRegularExpression("\\S"))
                            .join(" — ")
                            .toHtmlEscaped();
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<meta name=\"ad.size\" content=\"width=%1,height=%2\">\n"
               "<title>%3</title>\n"
               "<script>var clickTag = %4;</script>\n"
               "<style>html,body{margin:0;padding:0;overflow:hidden;width:%1px;height:%2px}"
               "a{display:block;width:%1px;height:%2px;cursor:pointer}"
               "img{display:block;border:0;width:%1px;height:%2px}"
               "a:hover img{filter:brightness(1.05)}</style>\n"
               "</head><body><a id=\"banner\" href=\"javascript:window.open(window.clickTag)\">"
               "<img src=\"%5\" width=\"%1\" height=\"%2\" alt=\"%6\"></a></body></html>\n")
        .arg(w, h, creative.headline.toHtmlEscaped(), scriptString(landingUrl),
             imageName.toHtmlEscaped(), alt)
        .toUtf8();
}

Result<QJsonObject> writeHtml5Banner(const Creative& creative, const QImage& image,
                                     const QString& landingUrl, const QString& zipPath,
                                     const QString& relativeTo) {
    const QByteArray page = html5BannerPage(creative, image.size(), "banner.jpg", landingUrl);
    // The page and the one image it loads share the initial-load budget.
    const EncodedImage banner = encodeJpegWithin(image, kHtml5InitialLoadBudget - page.size());
    const QMap<QString, QByteArray> entries{
        {"index.html", page}, {"banner.jpg", banner.bytes}, {"backup.jpg", banner.bytes}};
    if (Status s = writeZip(zipPath, entries); !s) return s.error();
    const qint64 initialLoad = page.size() + banner.bytes.size();
    return QJsonObject{{"path", QDir(relativeTo).relativeFilePath(zipPath)},
                       {"bytes", QFileInfo(zipPath).size()},
                       {"initial_load_bytes", initialLoad},
                       {"budget", kHtml5InitialLoadBudget},
                       {"fits_budget", initialLoad <= kHtml5InitialLoadBudget},
                       {"jpeg_quality", banner.quality},
                       {"click_tag", landingUrl}};
}

}  // namespace adstudio
