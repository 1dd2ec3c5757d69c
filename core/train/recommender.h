// SPDX-License-Identifier: MIT
#pragma once

#include "common/error.h"
#include "common/job.h"
#include "data/movielens.h"
#include "train/distributed.h"
#include "train/interaction_encoding.h"
#include "train/optimizer_settings.h"
#include "train/training_events.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace adstudio {

enum class RecommenderKind {
    Mlp,           // the article's MLP over fused user and item features
    Gmf,           // NCF's generalized matrix factorization tower alone
    NcfMlp,        // NCF's MLP tower alone
    NeuMF,         // GMF + MLP (He et al. 2017)
    Mf,            // biased dot-product matrix factorization (Rendle et al. 2020)
    Ease,          // closed-form item-item model EASE^R (Steck 2019)
    EaseSequence,  // EASE^R over recency-weighted histories + sequential rules: what comes next
    DeepFM,        // FM + deep part over all fields (Guo et al. 2017)
    Logistic       // logistic regression over all fields: the CTR baseline
};
QString recommenderKindName(RecommenderKind kind);
// EASE and its sequential form: one solve per setting, no epochs.
bool isClosedForm(RecommenderKind kind);
bool parseRecommenderKind(const QString& text, RecommenderKind* out);

struct RecommenderConfig {
    RecommenderKind model = RecommenderKind::NeuMF;
    RecommenderTask task = RecommenderTask::Auto;
    OptimizerSettings optimizer;
    int epochs = 20;
    int batchSize = 256;
    int factors = 8;                             // GMF factors / field embedding width
    std::vector<int64_t> layers{64, 32, 16, 8};  // MLP tower / deep part widths
    double dropout = 0;
    int negatives = 4;       // sampled per positive each epoch (implicit feedback)
    int evalNegatives = 99;  // ranked against each held-out item
    int k = 10;              // cut-off of HR@K, NDCG@K, Recall@K
    int patience = 3;        // epochs without validation gain before stopping; 0: never
    bool pretrain = false;   // NeuMF: train GMF and MLP first, then fuse (the paper)
    bool baselines = true;   // ItemPop/random or label mean/logistic regression
    double lambda = 0;       // EASE's L2 regularization; 0: chosen on validation from a grid
    std::uint64_t seed = 42;
    int threads = 0;  // 0: all cores
    // Data-parallel training over processes; not saved with the model (any number of ranks
    // trains the same model and may resume another's checkpoint).
    DistributedSettings distributed;

    QJsonObject toJson() const;
    static Result<RecommenderConfig> fromJson(const QJsonObject& json);

    // The studio's defaults for a data set, used alike by the GUI, `train` and the main job:
    // DeepFM for a click log (a 0/1 label) unless the task is implicit, NeuMF otherwise, with
    // the layer widths and optimizer settings that suit the model.
    static RecommenderConfig defaultsFor(const InteractionData& data,
                                         RecommenderTask task = RecommenderTask::Auto);
    // The learning rate and L2 that suit a model on a task. DeepFM and the MLP on a click log:
    // L2 1e-3 (DeepFM also a rate of 3e-3), which lifted the held-out AUC on all three click
    // logs measured (the demo world 0.717 -> 0.748, a Criteo-layout log 0.850 -> 0.858,
    // advertising.csv 0.995 -> 0.997); elsewhere Adam at 1e-3 without L2 (L2 on every
    // embedding row collapsed MF on ML-100K).
    static OptimizerSettings defaultOptimizer(RecommenderKind kind, const InteractionData& data,
                                              RecommenderTask task = RecommenderTask::Auto);
    // Layer widths for a model: NeuMF's tower halves from 64 (the paper), others 64,32.
    static std::vector<int64_t> defaultLayers(RecommenderKind kind);
};

struct TrainReport {
    QString folder;
    QJsonObject metrics;  // the content of metrics.json
    std::vector<EpochRecord> history;
    int bestEpoch = 0;
    int resumedFrom = 0;  // epochs already done when resumed
    double seconds = 0;
};

// Trains on `data` and writes the model folder `outDir`: model.json (config, fields, ids),
// model.pt (best weights and feature tables), checkpoint.pt (the latest epoch, for --resume),
// history.csv, metrics.json, and user/item embeddings (CSV and float32 binary).
// With `resume` it continues from outDir/checkpoint.pt and ends identical to an uninterrupted
// run (same seed, CPU). Cancelling keeps the last finished epoch's checkpoint.
Result<TrainReport> trainRecommender(const InteractionData& data, const RecommenderConfig& config,
                                     const QString& outDir, bool resume, const JobContext& job = {},
                                     const TrainCallback& onEvent = {});

struct ScoredItem {
    QString itemId;
    int itemIndex = 0;
    float score = 0;  // click probability (rating for the rating task)
};

// Further training of a loaded model on fresh labeled pairs (serving's logged clicks).
struct FineTuneOptions {
    int epochs = 2;
    int batchSize = 256;
    double learningRate = 1e-3;
    std::uint64_t seed = 42;
};

// A trained model folder, loaded for inference. Cheap to copy (shared state).
class RecommenderModel {
public:
    static Result<RecommenderModel> load(const QString& folder);

    const QJsonObject& info() const;  // model.json
    const QStringList& userIds() const;
    const QStringList& itemIds() const;
    RecommenderKind kind() const;
    RecommenderTask task() const;
    // Trained on a click log of fields alone (no user or item column): it scores impressions by
    // their fields, and has no users or items to recommend, segment or serve.
    bool featureOnly() const;
    // The error for what a feature-only model cannot do (`what`: "recommendations", ...).
    Error featureOnlyError(const QString& what) const;

    // Top-K items for a user, skipping the items the user interacted with in training.
    Result<std::vector<ScoredItem>> recommend(const QString& userId, int k) const;
    // Top-K items by cosine similarity of item embeddings.
    Result<std::vector<ScoredItem>> similar(const QString& itemId, int k) const;
    // A copy trained further on (user index, item index, 0/1 label) triples with Adam; this
    // model is left as it is, so it can keep serving while the copy trains. Click models only.
    Result<RecommenderModel> fineTuned(const std::vector<std::int32_t>& users,
                                       const std::vector<std::int32_t>& items,
                                       const std::vector<float>& labels,
                                       const FineTuneOptions& options) const;
    // The network's weights alone (a fine-tuned model kept across restarts), written atomically.
    Status saveWeights(const QString& path) const;
    // A copy of this model with the weights saveWeights wrote; an error when they do not fit.
    Result<RecommenderModel> withWeights(const QString& path) const;
    // A probability predict(..., false) gave, calibrated as predict(...) would give it.
    float calibrated(float rawProbability) const;
    // Scores for (user index, item index) pairs: click probabilities, calibrated unless
    // `calibrated` is false (the network's own, sharper scores).
    std::vector<float> predict(const std::vector<std::int32_t>& users,
                               const std::vector<std::int32_t>& items,
                               bool calibrated = true) const;
    // A side field's label for every user / item (e.g. "category"), empty when the model has no
    // such field.
    QStringList userAttribute(const QString& field) const;
    // The categorical side fields of users (e.g. "age_band", "device"), in model order.
    QStringList userFields() const;
    QStringList itemAttribute(const QString& field) const;
    // The catalogue column that groups items ("category", "Kategorie"); empty when none.
    QString itemCategoryField() const;
    // Embeddings, row-major [count x dim].
    std::vector<float> userEmbeddings(int* dim) const;
    std::vector<float> itemEmbeddings(int* dim) const;
    // The metrics of metrics.json recomputed on the stored held-out set, or on NCF test files.
    Result<QJsonObject> evaluate(int k, const QString& testRating = {},
                                 const QString& testNegative = {}) const;

private:
    struct State;
    // A copy with its own network (the same weights), so training it leaves this one serving.
    RecommenderModel deepCopy() const;
    std::shared_ptr<State> d;
};

}  // namespace adstudio
