// SPDX-License-Identifier: MIT
#include "export/exporter.h"

#include "common/atomic_file.h"
#include "export/file_weight.h"
#include "export/html5_banner.h"
#include "export/zip_archive.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace adstudio {
namespace {

constexpr int kSheetColumns = 3;

QString slug(const QString& text) {
    QString out;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber())
            out += c;
        else if (!out.endsWith('-'))
            out += '-';
    }
    while (out.endsWith('-')) out.chop(1);
    return out;
}

QString csvField(QString value) {
    if (value.contains(',') || value.contains('"') || value.contains('\n'))
        value = '"' + value.replace("\"", "\"\"") + '"';
    return value;
}

QString html(QString text) {
    return text.toHtmlEscaped();
}

// One image file of a creative, encoded to fit its placement's weight budget.
Result<QJsonObject> writeImage(const QImage& image, const QString& folder, const QString& name,
                               bool jpeg) {
    const qint64 budget = fileWeightBudget(image.size());
    const EncodedImage encoded =
        jpeg ? encodeJpegWithin(image, budget) : encodePngWithin(image, budget);
    if (Status s = writeFileAtomically(QDir(folder).filePath(name), encoded.bytes); !s)
        return s.error();
    QJsonObject file{{"path", name},
                     {"bytes", qint64(encoded.bytes.size())},
                     {"encoding", encoded.encoding},
                     {"budget", budget},
                     {"fits_budget", encoded.fits}};
    if (encoded.quality >= 0) file.insert("quality", encoded.quality);
    if (std::isfinite(encoded.psnr)) file.insert("psnr_db", std::round(encoded.psnr * 10) / 10);
    return file;
}

}  // namespace

Result<ExportSummary> exportCreatives(const std::vector<Creative>& creatives,
                                      const std::vector<SegmentProfile>& segments,
                                      const QString& folder, const ExportOptions& options,
                                      const JobContext& job) {
    const QString target = QDir::cleanPath(folder);
    const QString staging = target + ".partial";
    // A run killed between moving the old set aside and the new one in left only the old one:
    // put it back before anything else.
    if (!QFileInfo::exists(target) && QFileInfo::exists(target + ".old"))
        QDir().rename(target + ".old", target);
    QDir(staging).removeRecursively();
    if (!QDir().mkpath(staging))
        return makeError(staging, 0, 0, "cannot create the export folder", "check permissions");
    auto fail = [&](const Error& e) -> Result<ExportSummary> {
        QDir(staging).removeRecursively();
        return e;
    };

    std::vector<const Creative*> chosen;
    for (const Creative& c : creatives) {
        if (options.approvedOnly && c.review != "approved") continue;
        if (!options.sizes.isEmpty() && !options.sizes.contains(c.size)) continue;
        if (!options.segments.isEmpty() && !options.segments.contains(c.segment)) continue;
        if (!c.checks.passed()) continue;  // never exported silently
        chosen.push_back(&c);
    }
    if (chosen.empty())
        return fail(makeError(target, 0, 0, "nothing to export",
                              options.approvedOnly ? "approve creatives first, or export all"
                                                   : "compose creatives first"));

    ExportSummary summary;
    QJsonArray manifest;
    QString csv =
        "id,segment,segment_name,size,template,copy,visual,predicted_ctr,checks_passed,"
        "min_contrast,review,note,file,bytes,within_budget\n";
    std::map<int, QString> segmentFolder;
    for (const auto& s : segments)
        segmentFolder[s.id] =
            QString("segment-%1-%2").arg(s.id + 1, 2, 10, QChar('0')).arg(slug(s.name));
    int done = 0;
    for (const Creative* c : chosen) {
        if (job.cancelled()) return fail(cancelledError(target));
        job.report({"export", double(++done) / double(chosen.size()), done, qint64(chosen.size())});
        const QString sub = segmentFolder.count(c->segment)
                                ? segmentFolder[c->segment]
                                : QString("segment-%1").arg(c->segment + 1);
        if (!QDir(staging).mkpath(sub))
            return fail(makeError(staging, 0, 0, "cannot create " + sub, "check permissions"));
        // The primary file is the PNG when there is one; the creative is within budget when
        // any of its files is (an ad server takes one of them).
        QString file;
        qint64 fileBytes = 0;
        bool withinBudget = false;
        QJsonArray files;
        for (const bool jpeg : {false, true}) {
            if (jpeg ? !options.jpeg : !options.png) continue;
            const QString name = sub + "/" + c->id + (jpeg ? ".jpg" : ".png");
            auto written = writeImage(c->image, staging, name, jpeg);
            if (!written) return fail(written.error());
            withinBudget = withinBudget || written->value("fits_budget").toBool();
            if (file.isEmpty()) {
                file = name;
                fileBytes = written->value("bytes").toInteger();
            }
            files.append(*written);
            ++summary.files;
        }
        QJsonObject html5;
        if (options.html5) {
            auto banner =
                writeHtml5Banner(*c, c->image, c->landingUrl,
                                 QDir(staging).filePath(sub + "/" + c->id + ".html5.zip"), staging);
            if (!banner) return fail(banner.error());
            html5 = *banner;
            ++summary.files;
        }
        if (!withinBudget) ++summary.overBudget;
        QJsonObject entry{{"id", c->id},
                          {"segment", c->segment},
                          {"segment_name", c->segmentName},
                          {"size", c->size},
                          {"template", c->templateId},
                          {"copy", c->copyId},
                          {"visual", c->visualId},
                          {"predicted_ctr", c->predictedCtr},
                          {"checks", c->checks.toJson()},
                          {"review", c->review},
                          {"note", c->note},
                          {"headline", c->headline},
                          {"file", file},
                          {"bytes", fileBytes},
                          {"within_budget", withinBudget},
                          {"files", files}};
        if (!html5.isEmpty()) entry.insert("html5", html5);
        manifest.append(entry);
        csv += QStringList{c->id,
                           QString::number(c->segment),
                           csvField(c->segmentName),
                           c->size,
                           c->templateId,
                           c->copyId,
                           csvField(c->visualId),
                           QString::number(c->predictedCtr, 'f', 6),
                           c->checks.passed() ? "true" : "false",
                           QString::number(c->checks.minContrast, 'f', 2),
                           c->review,
                           csvField(c->note),
                           file,
                           QString::number(fileBytes),
                           withinBudget ? "true" : "false"}
                   .join(',') +
               "\n";
        ++summary.creatives;
    }
    QJsonArray segmentArray;
    for (const auto& s : segments) {
        QJsonObject profile = s.toJson();
        segmentArray.append(profile);
    }
    const QJsonObject manifestJson{
        {"generated", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {"segments", segmentArray},
        {"creatives", manifest}};
    if (Status s = writeJsonFile(QDir(staging).filePath("manifest.json"), manifestJson); !s)
        return fail(s.error());
    if (Status s = writeFileAtomically(QDir(staging).filePath("manifest.csv"), csv.toUtf8()); !s)
        return fail(s.error());

    // The contact sheet: every creative grouped by segment with its numbers.
    QString page =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>AdStudio creative set</title><style>"
        "body{font-family:'DejaVu Sans',sans-serif;margin:24px;background:#f4f4f6;color:#222}"
        "section{margin-bottom:32px}.grid td{background:#fff;padding:8px;width:25%}"
        "small{font-size:12px}"
        ".ok{color:#1a7f37}.bad{color:#b3261e}</style></head><body>\n"
        "<h1>Creative set</h1>\n";
    page += QString("<p>%1 creatives for %2 segments.</p>\n")
                .arg(summary.creatives)
                .arg(segments.size());
    for (const auto& s : segments) {
        page += QString(
                    "<section><h2>%1</h2><p>%2 users (%3%), top categories: %4; mean predicted CTR "
                    "%5</p>"
                    "<table class=\"grid\"><tr>\n")
                    .arg(html(s.name))
                    .arg(s.size)
                    .arg(100 * s.share, 0, 'f', 1)
                    .arg(html(s.topCategories.join(", ")))
                    .arg(s.meanPredictedCtr, 0, 'f', 4);
        int cell = 0;
        for (const auto& value : manifest) {
            const QJsonObject e = value.toObject();
            if (e.value("segment").toInt() != s.id) continue;
            const bool passed = e.value("checks").toObject().value("passed").toBool();
            // Thumbnails at most 300 px wide; width/height attributes work in every viewer.
            const QStringList wh = e.value("size").toString().split('x');
            const double scale = std::min(1.0, 300.0 / std::max(1, wh.value(0).toInt()));
            // A table, not CSS flex: it lays out the same in browsers and in Qt's rich text.
            if (cell > 0 && cell % kSheetColumns == 0) page += "</tr><tr>\n";
            ++cell;
            page +=
                QString(
                    "<td valign=\"top\"><img src=\"%1\" alt=\"%2\" width=\"%10\" "
                    "height=\"%11\"><br><small><b>%2</b> %3 &middot; "
                    "predicted CTR %4 &middot; <span class=\"%5\">checks %6</span> "
                    "(contrast %7) &middot; %12 KB%13 &middot; %8%9%14</small></td>\n")
                    .arg(html(e.value("file").toString()), html(e.value("id").toString()),
                         html(e.value("size").toString()))
                    .arg(e.value("predicted_ctr").toDouble(), 0, 'f', 4)
                    .arg(passed ? "ok" : "bad", passed ? "passed" : "failed")
                    .arg(e.value("checks").toObject().value("min_contrast").toDouble(), 0, 'f', 1)
                    .arg(html(e.value("review").toString()),
                         e.value("note").toString().isEmpty()
                             ? QString()
                             : " &middot; " + html(e.value("note").toString()))
                    .arg(int(wh.value(0).toInt() * scale))
                    .arg(int(wh.value(1).toInt() * scale))
                    .arg(double(e.value("bytes").toInteger()) / 1024, 0, 'f', 0)
                    .arg(e.value("within_budget").toBool()
                             ? QString()
                             : QStringLiteral(" <span class=\"bad\">over budget</span>"))
                    .arg(e.contains("html5")
                             ? QString(" &middot; <a href=\"%1\">HTML5 banner</a>")
                                   .arg(html(e.value("html5").toObject().value("path").toString()))
                             : QString());
        }
        page += "</tr></table></section>\n";
    }
    page += "</body></html>\n";
    if (Status s = writeFileAtomically(QDir(staging).filePath("index.html"), page.toUtf8()); !s)
        return fail(s.error());
    summary.files += 3;
    if (options.zip) {
        if (Status s = zipFolder(staging, QDir(staging).filePath("creatives.zip")); !s)
            return fail(s.error());
        ++summary.files;
    }
    QDirIterator sizes(staging, QDir::Files, QDirIterator::Subdirectories);
    while (sizes.hasNext()) summary.bytes += QFileInfo(sizes.next()).size();

    // Swap into place: the old set is removed only once the new one is complete.
    const QString old = target + ".old";
    QDir(old).removeRecursively();
    if (QFileInfo::exists(target) && !QDir().rename(target, old))
        return fail(makeError(target, 0, 0, "cannot replace the previous export",
                              "close programs using it"));
    if (!QDir().rename(staging, target)) {
        QDir().rename(old, target);
        return fail(
            makeError(target, 0, 0, "cannot move the export into place", "check permissions"));
    }
    QDir(old).removeRecursively();
    summary.folder = target;
    return summary;
}

}  // namespace adstudio
