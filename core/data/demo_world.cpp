// SPDX-License-Identifier: MIT
#include "data/demo_world.h"

#include "common/image_convert.h"
#include "common/random.h"
#include "data/file_bytes.h"
#include "data/idx_reader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

namespace adstudio {

namespace {

// Categories follow Fashion-MNIST's label order:
// T-shirt, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
const std::vector<DemoSegment> kSegments{
    {"Sneaker fans", 0.24, {1.6, 0.4, 0.0, -0.8, -0.6, 0.2, -0.4, 2.6, 0.6, 0.0}},
    {"Office professionals", 0.20, {-0.4, 1.9, 0.2, 0.0, 1.0, -0.8, 2.3, -0.6, 0.2, 1.2}},
    {"Summer shoppers", 0.20, {0.8, -0.6, -1.0, 2.5, -1.0, 2.3, 0.0, 0.0, 1.0, -0.8}},
    {"Cosy winter", 0.20, {-0.8, 0.4, 2.3, -0.4, 2.1, -1.0, 0.2, 0.0, -0.2, 1.7}},
    {"Accessory lovers", 0.16, {-0.2, -0.4, 0.0, 0.9, 0.2, 0.2, 0.0, -0.4, 2.7, 1.1}},
};
constexpr double kBaseLogit = -3.2;

const QStringList kAgeBands{"18-24", "25-34", "35-44", "45-54", "55+"};
const QStringList kRegions{"North", "South", "East", "West", "Central"};
const QStringList kDevices{"mobile", "desktop", "tablet"};
const QStringList kBrands{"Nordlys",  "Urbana", "Kestrel", "Mira",
                          "Foxglove", "Atlas",  "Solenne", "Brisk"};
const QStringList kColours{"black", "white", "navy", "grey", "red",
                           "beige", "olive", "pink", "blue", "brown"};
const QStringList kShortNames{"Tee",     "Trousers", "Pullover", "Dress", "Coat",
                              "Sandals", "Shirt",    "Sneakers", "Bag",   "Ankle Boots"};
const double kPriceBase[] = {19, 49, 45, 69, 129, 39, 39, 89, 79, 119};

struct SegmentTraits {
    std::vector<double> age, device;
    double female;
    QStringList interests;
};

const std::vector<SegmentTraits> kTraits{
    {{0.55, 0.35, 0.07, 0.02, 0.01},
     {0.8, 0.12, 0.08},
     0.45,
     {"sneakers", "streetwear", "running", "music", "gaming"}},
    {{0.05, 0.45, 0.35, 0.12, 0.03},
     {0.3, 0.6, 0.1},
     0.5,
     {"business", "commute", "tailoring", "tech", "coffee"}},
    {{0.35, 0.4, 0.15, 0.07, 0.03},
     {0.7, 0.15, 0.15},
     0.75,
     {"travel", "beach", "festivals", "yoga", "photography"}},
    {{0.04, 0.16, 0.35, 0.3, 0.15},
     {0.4, 0.35, 0.25},
     0.5,
     {"hiking", "outdoors", "knitting", "skiing", "cooking"}},
    {{0.03, 0.1, 0.22, 0.35, 0.3},
     {0.3, 0.25, 0.45},
     0.65,
     {"style", "gifting", "luxury", "art", "interiors"}},
};

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

QString csvField(const QString& value) {
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"'))) return value;
    return QLatin1Char('"') + QString(value).replace("\"", "\"\"") + QLatin1Char('"');
}

Status writeText(const QString& path, const QString& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        return makeError(path, 0, 0, file.errorString(),
                         QStringLiteral("check free disk space and permissions"));
    }
    return {};
}

}  // namespace

const std::vector<DemoSegment>& demoSegments() {
    return kSegments;
}

Result<ImageSet> embeddedProductImages() {
    const QString imagesPath = QStringLiteral(":/adstudio/fashion-mnist/t10k-images-idx3-ubyte.gz");
    const QString labelsPath = QStringLiteral(":/adstudio/fashion-mnist/t10k-labels-idx1-ubyte.gz");
    QFile images(imagesPath), labels(labelsPath);
    if (!images.open(QIODevice::ReadOnly) || !labels.open(QIODevice::ReadOnly)) {
        return makeError(
            imagesPath, 0, 0, QStringLiteral("embedded product images are missing"),
            QStringLiteral("rebuild AdStudio; resources/fashion-mnist must be compiled in"));
    }
    auto rawImages = gunzip(images.readAll().toStdString(), imagesPath);
    if (!rawImages) return rawImages.error();
    auto rawLabels = gunzip(labels.readAll().toStdString(), labelsPath);
    if (!rawLabels) return rawLabels.error();
    return parseIdx(*rawImages, *rawLabels, imagesPath, labelsPath);
}

Result<DemoWorldSummary> generateDemoWorld(const QString& folder, const DemoWorldOptions& options,
                                           const JobContext& job) {
    if (options.users < 10 || options.items < 10) {
        return makeError(folder, 0, 0,
                         QStringLiteral("the demo world needs at least 10 users and 10 items"),
                         QStringLiteral("ask for at least 10 users and 10 items"));
    }
    const QDir target(folder);
    if (target.exists() && !target.isEmpty() && !QFileInfo::exists(target.filePath("truth.json"))) {
        return makeError(folder, 0, 0, QStringLiteral("folder exists and is not a demo world"),
                         QStringLiteral("choose an empty or new folder"));
    }
    auto catalogue = embeddedProductImages();
    if (!catalogue) return catalogue.error();

    const QString parent = QFileInfo(QDir::cleanPath(QDir(folder).absolutePath())).absolutePath();
    if (!QDir().mkpath(parent)) {
        return makeError(parent, 0, 0, QStringLiteral("cannot create the folder"),
                         QStringLiteral("check permissions"));
    }
    QTemporaryDir staging(parent + QStringLiteral("/.adstudio-demo-XXXXXX"));
    if (!staging.isValid()) {
        return makeError(parent, 0, 0, QStringLiteral("cannot create a staging folder"),
                         QStringLiteral("check permissions and free space"));
    }
    const QDir out(staging.path());
    out.mkpath(QStringLiteral("images"));

    Rng rng(options.seed);
    DemoWorldSummary summary;
    summary.folder = folder;
    summary.users = options.users;
    summary.items = options.items;
    summary.segments = int(kSegments.size());

    // Items: category cycles so every category is stocked, then attributes at random.
    std::vector<int> itemCategory(std::size_t(options.items));
    std::vector<double> itemQuality(std::size_t(options.items));
    std::vector<std::vector<int>> imagesByClass(10);
    for (int i = 0; i < catalogue->count; ++i)
        imagesByClass[std::size_t(catalogue->labels[std::size_t(i)])].push_back(i);
    QString items = QStringLiteral("item_id,category,name,brand,colour,price,image\n");
    for (int i = 0; i < options.items; ++i) {
        const int category = i % 10;
        itemCategory[std::size_t(i)] = category;
        itemQuality[std::size_t(i)] = 0.3 * rng.normal();
        const QString brand = kBrands[int(rng.below(std::uint64_t(kBrands.size())))];
        const QString colour = kColours[int(rng.below(std::uint64_t(kColours.size())))];
        const double price =
            std::round(kPriceBase[category] * std::exp(0.25 * rng.normal())) - 0.01;
        const auto& pool = imagesByClass[std::size_t(category)];
        const int imageIndex = pool[std::size_t(rng.below(pool.size()))];
        const QString imageFile =
            QStringLiteral("images/item_%1.png").arg(i + 1, 4, 10, QLatin1Char('0'));
        const QImage picture = pixelsToQImage(catalogue->image(imageIndex), catalogue->width,
                                              catalogue->height, catalogue->channels);
        if (!picture.save(out.filePath(imageFile))) {
            return makeError(out.filePath(imageFile), 0, 0,
                             QStringLiteral("cannot write the image"),
                             QStringLiteral("check free disk space"));
        }
        items += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                     .arg(i + 1)
                     .arg(csvField(catalogue->classNames[category]),
                          csvField(brand + " " + kShortNames[category]), brand, colour)
                     .arg(price, 0, 'f', 2)
                     .arg(imageFile);
    }
    if (job.cancelled()) return cancelledError(folder);

    std::vector<double> shares;
    for (const auto& s : kSegments) shares.push_back(s.share);
    QString users = QStringLiteral("user_id,age_band,gender,region,device,interests\n");
    QString interactions = QStringLiteral("user_id,item_id,timestamp,clicked\n");
    QJsonObject truthUsers, truthUserBias, truthItems;
    for (int i = 0; i < options.items; ++i) {
        truthItems[QString::number(i + 1)] = QJsonObject{{"category", itemCategory[std::size_t(i)]},
                                                         {"quality", itemQuality[std::size_t(i)]}};
    }
    const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    const qint64 span = 60LL * 86400;
    for (int u = 0; u < options.users; ++u) {
        if (u % 200 == 0) {
            if (job.cancelled()) return cancelledError(folder);
            job.report({QStringLiteral("demo world"), double(u) / options.users, u, options.users});
        }
        const int userId = u + 1;
        const auto segment = rng.categorical(shares);
        const auto& traits = kTraits[segment];
        truthUsers[QString::number(userId)] = int(segment);
        const QString age = kAgeBands[int(rng.categorical(traits.age))];
        const QString gender = rng.bernoulli(traits.female) ? "F" : "M";
        const QString region = kRegions[int(rng.below(std::uint64_t(kRegions.size())))];
        const QString device = kDevices[int(rng.categorical(traits.device))];
        // Two or three tags from the segment, sometimes one from another segment (noise).
        QStringList tags;
        const int tagCount = 2 + int(rng.below(2));
        while (tags.size() < tagCount) {
            const auto& pool = rng.bernoulli(0.85) ? traits.interests
                                                   : kTraits[rng.below(kTraits.size())].interests;
            const QString tag = pool[int(rng.below(std::uint64_t(pool.size())))];
            if (!tags.contains(tag)) tags << tag;
        }
        users += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                     .arg(userId)
                     .arg(age, gender, region, device, tags.join(';'));

        const double userBias = 0.3 * rng.normal();
        truthUserBias[QString::number(userId)] = userBias;
        const int impressions =
            std::max(10, int(std::lround(options.impressionsPerUser * rng.uniform(0.4, 1.6))));
        std::vector<qint64> times(static_cast<std::size_t>(impressions));
        for (auto& t : times) t = start + qint64(rng.below(std::uint64_t(span)));
        std::sort(times.begin(), times.end());
        for (int k = 0; k < impressions; ++k) {
            const int item = int(rng.below(std::uint64_t(options.items)));
            const double logit =
                kBaseLogit +
                kSegments[segment].affinity[std::size_t(itemCategory[std::size_t(item)])] +
                itemQuality[std::size_t(item)] + userBias;
            const bool clicked = rng.bernoulli(sigmoid(logit));
            summary.clicks += clicked;
            ++summary.impressions;
            interactions += QStringLiteral("%1,%2,%3,%4\n")
                                .arg(userId)
                                .arg(item + 1)
                                .arg(QDateTime::fromSecsSinceEpoch(times[std::size_t(k)], Qt::UTC)
                                         .toString(Qt::ISODate))
                                .arg(clicked ? 1 : 0);
        }
    }

    QJsonArray segments;
    for (std::size_t s = 0; s < kSegments.size(); ++s) {
        QJsonObject affinity;
        for (int c = 0; c < 10; ++c)
            affinity[catalogue->classNames[c]] = kSegments[s].affinity[std::size_t(c)];
        segments.append(QJsonObject{{"id", int(s)},
                                    {"name", kSegments[s].name},
                                    {"share", kSegments[s].share},
                                    {"affinity", affinity}});
    }
    const QJsonObject truth{{"format", "adstudio-demo-truth"},
                            {"version", 2},
                            {"seed", QString::number(options.seed)},
                            {"base_logit", kBaseLogit},
                            {"categories", QJsonArray::fromStringList(catalogue->classNames)},
                            {"segments", segments},
                            {"users", truthUsers},
                            // What else decides a click, so a simulator can replay the world.
                            {"user_bias", truthUserBias},
                            {"items", truthItems}};
    for (const auto& [name, text] :
         {std::pair{"users.csv", users},
          {"items.csv", items},
          {"interactions.csv", interactions},
          {"truth.json", QString::fromUtf8(QJsonDocument(truth).toJson())}}) {
        if (const Status s = writeText(out.filePath(QString::fromLatin1(name)), text); !s)
            return s.error();
    }
    if (job.cancelled()) return cancelledError(folder);

    // Swap the finished world in; an older demo world at the target is replaced whole.
    if (target.exists() && !QDir(folder).removeRecursively()) {
        return makeError(folder, 0, 0, QStringLiteral("cannot replace the existing demo world"),
                         QStringLiteral("check permissions"));
    }
    if (!QDir().rename(staging.path(), folder)) {
        return makeError(folder, 0, 0, QStringLiteral("cannot move the demo world into place"),
                         QStringLiteral("check permissions"));
    }
    staging.setAutoRemove(false);
    job.report({QStringLiteral("demo world"), 1.0, options.users, options.users});
    return summary;
}

}  // namespace adstudio
