// SPDX-License-Identifier: MIT
#include "train/detail/gradient_sync.h"

#include "train/detail/row_prefetch.h"

// Debian's libtorch is built with Gloo; its header declares the process group only when told.
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#if ADSTUDIO_DIRECT_GLOO
#include <gloo/allreduce_ring.h>
#include <gloo/allreduce_ring_chunked.h>
#include <gloo/rendezvous/context.h>
#endif

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <map>
#include <string>

namespace adstudio::detail {

// Two ways to the same peers. c10d's process group passes every collective through its
// worker thread, a future and Gloo's event loop: about 1.2 ms per call on loopback, whatever
// the size. A Gloo context of our own in sync mode runs the ring all-reduce on the calling
// thread with blocking sockets: 70-260 us up to 440 KB (measured: docs/distributed-training.md).
// Sync mode writes before it reads, so a message must fit the socket's send buffer, or two
// ranks writing to each other would wait until the timeout: messages go in chunks of half
// net.core.wmem_max (Gloo asks SO_SNDBUF for the message size; the kernel grants up to twice
// that limit, half of it for bookkeeping), the smallest over the ranks.
// ADSTUDIO_DIRECT_GLOO is 0 where LibTorch carries a Gloo of its own inside libtorch_cpu
// (PyTorch's builds): a second Gloo's code would run on objects the first one made, so every
// collective goes through c10d there (core/CMakeLists.txt decides).
struct GradientSync::Group {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
#if ADSTUDIO_DIRECT_GLOO
    std::shared_ptr<gloo::rendezvous::Context> direct;
    // A ring binds its buffer for life: one buffer and ring per element count (every rank
    // asks for the same counts in the same order, so their slots agree).
    struct Ring {
        torch::Tensor buffer;
        std::unique_ptr<gloo::Algorithm> algorithm;
    };
    std::map<std::int64_t, Ring> rings;
    std::int64_t chunkFloats = 0;
#endif
    int rank = 0, worldSize = 1;
    double collectiveSeconds = 0;  // inside Gloo's ring: the wire and waiting for the others

    // Sums `x` over the ranks in place.
    void sum(torch::Tensor& x) {
        if (!ADSTUDIO_DIRECT_GLOO || x.scalar_type() != torch::kFloat || !x.is_contiguous()) {
            std::vector<torch::Tensor> one{x};
            const auto start = std::chrono::steady_clock::now();
            group->allreduce(one)->wait();
            collectiveSeconds +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return;
        }
#if ADSTUDIO_DIRECT_GLOO
        auto flat = x.view(-1);
        for (std::int64_t at = 0; at < flat.numel(); at += chunkFloats) {
            auto chunk = flat.narrow(0, at, std::min(chunkFloats, flat.numel() - at));
            Ring& ring = ringFor(chunk.numel());
            ring.buffer.copy_(chunk);
            const auto start = std::chrono::steady_clock::now();
            ring.algorithm->run();
            collectiveSeconds +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            chunk.copy_(ring.buffer);
        }
#endif
    }
    // A zeroed buffer of `count` floats for sumScratch(): the ring's own where one chunk holds
    // it, so nothing is copied in and out (two copies of ~300 KB per step), else a new one.
    torch::Tensor scratch(std::int64_t count) {
#if ADSTUDIO_DIRECT_GLOO
        if (count > 0 && count <= chunkFloats) return ringFor(count).buffer.zero_();
#endif
        return torch::zeros({count}, torch::kFloat);
    }
    // Sums a buffer scratch() gave.
    void sumScratch(torch::Tensor& x) {
#if ADSTUDIO_DIRECT_GLOO
        const auto found = rings.find(x.numel());
        if (found != rings.end() && found->second.buffer.is_same(x)) {
            const auto start = std::chrono::steady_clock::now();
            found->second.algorithm->run();
            collectiveSeconds +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return;
        }
#endif
        sum(x);
    }
#if ADSTUDIO_DIRECT_GLOO
    Ring& ringFor(std::int64_t count) {
        auto found = rings.find(count);
        if (found != rings.end()) return found->second;
        // The by-rows path sends a new count most steps: keep the cache small.
        if (rings.size() >= 16) rings.clear();
        Ring ring;
        ring.buffer = torch::empty({count}, torch::kFloat);
        const std::vector<float*> buffers{ring.buffer.data_ptr<float>()};
        // Gloo's plain ring has every rank add the others' buffers in its own order: with two
        // ranks a + b and b + a are the same number, with three the replicas drifted apart in
        // the last bits. The chunked ring sums each chunk on one rank and hands the sum round,
        // so every rank holds the same numbers — at 2(2N - 2) round trips instead of N - 1.
        if (worldSize == 2)
            ring.algorithm =
                std::make_unique<gloo::AllreduceRing<float>>(direct, buffers, int(count));
        else
            ring.algorithm =
                std::make_unique<gloo::AllreduceRingChunked<float>>(direct, buffers, int(count));
        return rings.emplace(count, std::move(ring)).first->second;
    }
#endif
};

namespace {

#if ADSTUDIO_DIRECT_GLOO
// Half the largest send buffer the kernel grants (net.core.wmem_max, 208 KB when it cannot be
// read: Linux's default), in floats.
std::int64_t chunkFloatsForThisMachine() {
    std::int64_t bytes = 212992;
    QFile limit("/proc/sys/net/core/wmem_max");
    if (limit.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const std::int64_t read = limit.readAll().trimmed().toLongLong(&ok);
        if (ok && read >= 4096) bytes = read;
    }
    return std::min<std::int64_t>(bytes, std::int64_t(32) << 20) / 2 / std::int64_t(sizeof(float));
}
#endif

// A 2-D parameter with at least this many rows is an embedding table (sent by rows touched).
constexpr std::int64_t kTableRows = 256;

// Tables up to this size travel whole in the one collective of the other gradients: on loopback
// a second collective (the row mask's) costs about what 3 MB more of one does (measured:
// docs/distributed-training.md). ADSTUDIO_DENSE_TABLE_BYTES overrides it (the benchmark).
std::int64_t denseTableBytes() {
    static const std::int64_t bytes = [] {
        bool ok = false;
        const auto given = qEnvironmentVariableIntValue("ADSTUDIO_DENSE_TABLE_BYTES", &ok);
        return ok ? std::int64_t(given) : std::int64_t(2) << 20;
    }();
    return bytes;
}

// Room for a step's looked-up rows per list in allReduceInSlots: the most seen so far and a
// margin, so that a batch with a few more distinct rows does not cost a second round.
// ADSTUDIO_SLOT_HEADROOM_ROWS sets the margin (0: every new most overflows; the tests).
std::int64_t slotRowsFor(std::int64_t most) {
    static const std::int64_t headroom = [] {
        bool ok = false;
        const auto given = qEnvironmentVariableIntValue("ADSTUDIO_SLOT_HEADROOM_ROWS", &ok);
        return ok ? std::int64_t(std::max(0, given)) : std::int64_t(-1);
    }();
    return most + (headroom >= 0 ? headroom : most / 4 + 64);
}

// The key every rank writes and checks: a digest of the shared secret, never the secret.
std::string tokenKey(const QString& token) {
    return "adstudio-token-" + QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256)
                                   .toHex()
                                   .toStdString();
}

// A row travels as two floats (row / 4096, row % 4096): exact up to 16.7 million rows.
void encodeRows(const torch::Tensor& rows, float* out) {
    const auto cpu = rows.to(torch::kCPU).contiguous();
    const auto* row = cpu.data_ptr<std::int64_t>();
    const std::int64_t n = cpu.numel();
    for (std::int64_t i = 0; i < n; ++i) {
        out[i] = float(row[i] / 4096);
        out[n + i] = float(row[i] % 4096);
    }
}

// Row `i` of the `n` rows encodeRows wrote at `in`.
std::int64_t decodedRow(const float* in, std::int64_t n, std::int64_t i) {
    return std::int64_t(in[i]) * 4096 + std::int64_t(in[n + i]);
}

// Appends the `n` rows encoded at `in` to `all`, which stays sorted (each rank's list is:
// RowSparseTable::rows() is) — a merge, not a sort.
void mergeRows(const float* in, std::int64_t n, std::vector<std::int64_t>& all) {
    const auto sortedSoFar = std::ptrdiff_t(all.size());
    for (std::int64_t i = 0; i < n; ++i) all.push_back(decodedRow(in, n, i));
    std::inplace_merge(all.begin(), all.begin() + sortedSoFar, all.end());
}

}  // namespace

Result<std::unique_ptr<GradientSync>> GradientSync::connect(const DistributedSettings& s) {
    const auto timeout = std::chrono::seconds(std::max(1, s.timeoutSeconds));
    std::unique_ptr<GradientSync> sync(new GradientSync);
    sync->m_group = std::make_unique<Group>();
    Group& g = *sync->m_group;
    g.rank = s.rank;
    g.worldSize = s.worldSize;
    const QString where = s.master.isEmpty() ? s.storeFile : s.master;
    try {
        if (s.master.isEmpty()) {
            g.store = c10::make_intrusive<c10d::FileStore>(s.storeFile.toStdString(), s.worldSize);
        } else {
            const int colon = s.master.lastIndexOf(':');
            c10d::TCPStoreOptions options;
            options.port = std::uint16_t(s.master.mid(colon + 1).toUInt());
            options.isServer = s.rank == 0;
            options.numWorkers = std::size_t(s.worldSize);
            options.timeout = timeout;
            g.store =
                c10::make_intrusive<c10d::TCPStore>(s.master.left(colon).toStdString(), options);
        }
        g.store->setTimeout(timeout);
        if (!s.token.isEmpty()) {
            // Rank 0 states the digest; the others must find the same one, or they leave.
            const std::string key = tokenKey(s.token);
            if (s.rank == 0) {
                g.store->set(key, std::vector<std::uint8_t>{1});
            } else if (!g.store->check({key})) {
                g.store->wait({key}, std::chrono::seconds(5));
            }
        }
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(s.interfaceHost.toStdString()));
        g.group = c10::make_intrusive<c10d::ProcessGroupGloo>(
            c10::make_intrusive<c10d::PrefixStore>("adstudio", g.store), s.rank, s.worldSize,
            options);
#if ADSTUDIO_DIRECT_GLOO
        g.direct = std::make_shared<gloo::rendezvous::Context>(s.rank, s.worldSize);
        g.direct->setTimeout(timeout);
        c10d::ProcessGroupGloo::GlooStore directStore(
            c10::make_intrusive<c10d::PrefixStore>("adstudio-ring", g.store));
        g.direct->connectFullMesh(directStore, options->devices.front());
        for (int peer = 0; peer < s.worldSize; ++peer)
            if (peer != s.rank) g.direct->getPair(peer)->setSync(true, false);
        // Every rank must cut the same chunks (their rings' slots must agree): the smallest,
        // told through the store (each rank's own key, read back by all).
        const std::string mine = std::to_string(chunkFloatsForThisMachine());
        g.store->set("adstudio-chunk-" + std::to_string(s.rank),
                     std::vector<std::uint8_t>(mine.begin(), mine.end()));
        g.chunkFloats = std::numeric_limits<std::int64_t>::max();
        for (int r = 0; r < s.worldSize; ++r) {
            const auto told = g.store->get("adstudio-chunk-" + std::to_string(r));
            g.chunkFloats = std::min<std::int64_t>(
                g.chunkFloats, std::stoll(std::string(told.begin(), told.end())));
        }
#endif
    } catch (const std::exception& e) {
        return makeError(where, 0, 0,
                         QString("rank %1 of %2 could not join the training group: %3")
                             .arg(s.rank)
                             .arg(s.worldSize)
                             .arg(QString::fromUtf8(e.what()).section('\n', 0, 0)),
                         "start every rank with the same --world-size, --master and token; "
                         "a rank that does not come within the timeout fails the others");
    }
    return sync;
}

GradientSync::~GradientSync() = default;

int GradientSync::rank() const {
    return m_group->rank;
}

int GradientSync::worldSize() const {
    return m_group->worldSize;
}

Error GradientSync::lostRankError(const std::exception& e, const QString& file) const {
    return makeError(file, 0, 0,
                     QString("rank %1: another rank stopped answering (%2)")
                         .arg(rank())
                         .arg(QString::fromUtf8(e.what()).section('\n', 0, 0)),
                     "restart the job with --resume: it continues from rank 0's last checkpoint");
}

double GradientSync::collectiveSeconds() const {
    return m_group->collectiveSeconds;
}

std::vector<torch::Tensor> GradientSync::agreeOnRows(const std::vector<torch::Tensor>& tables,
                                                     const std::vector<RowSparseTable*>& sparseOf,
                                                     std::int64_t* bytes) {
    if (tables.empty()) return {};
    // A plain table says which rows it touched with a number per row (those with a non-zero
    // gradient); a row-sparse table by the rows it looked up: their counts travel with the
    // numbers, then the rows themselves, each rank's in its own place of a zero buffer (an
    // all-gather as a sum). On a 200,000-user world the numbers per row were 1.6 MB per step,
    // the lists ~16 KB.
    const std::int64_t ranks = worldSize(), me = rank();
    std::vector<torch::Tensor> head;
    std::vector<std::size_t> lists;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        if (sparseOf[t])
            lists.push_back(t);
        else
            head.push_back(tables[t].ne(0).any(1).to(torch::kCPU, torch::kFloat));
    }
    const auto lanes = std::int64_t(lists.size());
    auto counts = torch::zeros({ranks * lanes}, torch::kFloat);
    for (std::int64_t k = 0; k < lanes; ++k)
        counts[me * lanes + k] = double(sparseOf[lists[std::size_t(k)]]->rows().numel());
    head.push_back(counts);
    torch::Tensor summed = torch::cat(head);
    *bytes += summed.numel() * std::int64_t(sizeof(float));
    m_group->sum(summed);

    std::vector<torch::Tensor> rowsUsed(tables.size());
    std::int64_t offset = 0;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        if (sparseOf[t]) continue;
        rowsUsed[t] =
            summed.narrow(0, offset, tables[t].size(0)).nonzero().squeeze(1).to(tables[t].device());
        offset += tables[t].size(0);
    }
    if (lanes == 0) return rowsUsed;
    const auto told = summed.narrow(0, offset, ranks * lanes).to(torch::kLong);
    const auto* count = told.data_ptr<std::int64_t>();
    std::int64_t total = 0;
    for (std::int64_t i = 0; i < ranks * lanes; ++i) total += count[i];
    auto buffer = torch::zeros({2 * total}, torch::kFloat);
    // Rank-major places: rank r's list k starts after every list before it.
    std::vector<std::int64_t> place(std::size_t(ranks * lanes) + 1, 0);
    for (std::int64_t i = 0; i < ranks * lanes; ++i)
        place[std::size_t(i) + 1] = place[std::size_t(i)] + 2 * count[i];
    // Plain loops: a few hundred rows per list, where each tensor operator would cost more
    // than the work.
    float* const out = buffer.data_ptr<float>();
    for (std::int64_t k = 0; k < lanes; ++k)
        encodeRows(sparseOf[lists[std::size_t(k)]]->rows(),
                   out + place[std::size_t(me * lanes + k)]);
    if (total > 0) {
        *bytes += buffer.numel() * std::int64_t(sizeof(float));
        m_group->sum(buffer);
    }
    // The next steps try one collective with room for this many rows per list (see
    // allReduceInSlots); every rank has read the same counts, so they agree.
    std::int64_t most = 0;
    for (std::int64_t i = 0; i < ranks * lanes; ++i) most = std::max(most, count[i]);
    m_slotRows = std::max(m_slotRows, slotRowsFor(most));
    for (std::int64_t k = 0; k < lanes; ++k) {
        std::vector<std::int64_t> all;
        for (std::int64_t r = 0; r < ranks; ++r)
            mergeRows(out + place[std::size_t(r * lanes + k)], count[r * lanes + k], all);
        all.erase(std::unique(all.begin(), all.end()), all.end());
        const std::size_t t = lists[std::size_t(k)];
        auto rows = torch::tensor(all, torch::kLong).to(tables[t].device());
        sparseOf[t]->setRows(rows);
        rowsUsed[t] = rows;
    }
    return rowsUsed;
}

bool GradientSync::allReduceInSlots(const std::vector<torch::Tensor>& dense,
                                    const std::vector<torch::Tensor>& tables,
                                    const std::vector<RowSparseTable*>& sparseOf,
                                    std::vector<double>& sums, std::int64_t* bytes) {
    // Plain loops over the gradients' memory: a step moves a few hundred rows, where each
    // tensor operator (~5 us) would cost more than its work. So CPU float32 contiguous only.
    const auto plain = [](const torch::Tensor& g) {
        return g.is_cpu() && g.scalar_type() == torch::kFloat && g.is_contiguous();
    };
    std::vector<torch::Tensor> whole = dense;  // plain tables travel whole, when small
    std::vector<std::size_t> lists;
    std::int64_t wholeTableBytes = 0;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        if (!plain(tables[t])) return false;
        if (sparseOf[t]) {
            lists.push_back(t);
            continue;
        }
        whole.push_back(tables[t]);
        wholeTableBytes += tables[t].numel() * std::int64_t(sizeof(float));
    }
    if (lists.empty() || m_slotRows == 0 || wholeTableBytes > denseTableBytes()) return false;
    for (const auto& g : whole)
        if (!plain(g)) return false;
    const std::int64_t ranks = worldSize(), me = rank(), lanes = std::int64_t(lists.size());
    const std::int64_t capacity = m_slotRows;
    // [whole gradients | sums | counts (rank-major) | per rank, per list: rows, gradient rows]
    std::int64_t head = std::int64_t(sums.size());
    for (const auto& g : whole) head += g.numel();
    std::vector<std::int64_t> slot(std::size_t(ranks * lanes) + 1, head + ranks * lanes);
    for (std::int64_t i = 0; i < ranks * lanes; ++i) {
        const auto width = tables[lists[std::size_t(i % lanes)]].size(1);
        slot[std::size_t(i) + 1] = slot[std::size_t(i)] + capacity * (2 + width);
    }
    auto flat = m_group->scratch(slot.back());
    float* const data = flat.data_ptr<float>();
    std::int64_t offset = 0;
    for (const auto& g : whole) {
        std::memcpy(data + offset, g.data_ptr<float>(), std::size_t(g.numel()) * sizeof(float));
        offset += g.numel();
    }
    for (const double sum : sums) data[offset++] = float(sum);
    for (std::int64_t k = 0; k < lanes; ++k) {
        const auto& table = tables[lists[std::size_t(k)]];
        const auto rows = sparseOf[lists[std::size_t(k)]]->rows().contiguous();
        const std::int64_t n = rows.numel(), at = slot[std::size_t(me * lanes + k)];
        data[head + me * lanes + k] = float(n);
        if (n > capacity) continue;  // every rank sees the count and falls back
        encodeRows(rows, data + at);
        const std::int64_t width = table.size(1);
        const float* from = table.data_ptr<float>();
        const auto* row = rows.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < n; ++i)
            std::memcpy(data + at + 2 * n + i * width, from + row[i] * width,
                        std::size_t(width) * sizeof(float));
    }
    *bytes += flat.numel() * std::int64_t(sizeof(float));
    m_group->sumScratch(flat);

    std::int64_t most = 0;
    for (std::int64_t i = 0; i < ranks * lanes; ++i)
        most = std::max(most, std::int64_t(data[head + i]));
    if (most > capacity) {
        m_slotRows = slotRowsFor(most);
        ++m_slotOverflows;
        return false;
    }
    offset = 0;
    for (const auto& g : whole) {
        std::memcpy(g.data_ptr<float>(), data + offset, std::size_t(g.numel()) * sizeof(float));
        offset += g.numel();
    }
    for (auto& sum : sums) sum = data[offset++];
    for (std::int64_t k = 0; k < lanes; ++k) {
        const std::size_t t = lists[std::size_t(k)];
        const std::int64_t width = tables[t].size(1);
        float* const grad = tables[t].data_ptr<float>();
        // Every rank adds the ranks' rows in rank order onto zero, so the replicas stay
        // identical (a + b + c in one order everywhere).
        const auto own = sparseOf[t]->rows().contiguous();
        const auto* ownRow = own.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < own.numel(); ++i)
            std::fill_n(grad + ownRow[i] * width, width, 0.0f);
        std::vector<std::int64_t> all;
        for (std::int64_t r = 0; r < ranks; ++r) {
            const std::int64_t n = std::int64_t(data[head + r * lanes + k]);
            const std::int64_t at = slot[std::size_t(r * lanes + k)];
            const float* added = data + at + 2 * n;
            for (std::int64_t i = 0; i < n; ++i) {
                // The other ranks' rows are cold in a gradient of tens of MB: 83% of this
                // function's time was the wait for them before they were asked for ahead.
                if (i + kRowsAhead < n)
                    prefetchRow(grad + decodedRow(data + at, n, i + kRowsAhead) * width, width);
                float* into = grad + decodedRow(data + at, n, i) * width;
                for (std::int64_t j = 0; j < width; ++j) into[j] += added[i * width + j];
            }
            mergeRows(data + at, n, all);
        }
        all.erase(std::unique(all.begin(), all.end()), all.end());
        sparseOf[t]->setRows(torch::tensor(all, torch::kLong));
    }
    return true;
}

void GradientSync::allReduce(torch::nn::Module& module, double* lossSum,
                             std::vector<RowSparseTable>* rowSparse) {
    std::vector<double> sums{*lossSum};
    allReduce(module, sums, rowSparse);
    *lossSum = sums[0];
}

void GradientSync::allReduce(torch::nn::Module& module, std::vector<double>& sums,
                             std::vector<RowSparseTable>* rowSparse) {
    const auto start = std::chrono::steady_clock::now();
    // Embedding tables: a step touches few of their rows, and a row no rank touched has a zero
    // gradient everywhere. The ranks first agree on the rows any of them touched; only those
    // rows travel with the other gradients. The sums are the dense ones.
    std::vector<torch::Tensor> grads, tables;
    std::vector<RowSparseTable*> sparseOf;  // per table: its looked-up rows, or null
    std::int64_t tableBytes = 0;
    for (auto& p : module.parameters()) {
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
        RowSparseTable* sparse = nullptr;
        if (rowSparse) {
            for (auto& t : *rowSparse) {
                if (t.weight().is_same(p)) sparse = &t;
            }
        }
        const bool table = sparse || (p.dim() == 2 && p.size(0) >= kTableRows);
        (table ? tables : grads).push_back(p.grad());
        if (table) {
            sparseOf.push_back(sparse);
            tableBytes += p.numel() * std::int64_t(sizeof(float));
        }
    }
    std::vector<torch::Tensor> riding;  // row-sparse tables' rows as masks, beside whole tables
    std::vector<RowSparseTable*> ridingOf;
    if (tableBytes <= denseTableBytes()) {
        // Small tables: one dense collective costs less than agreeing on rows first. The
        // row-sparse tables' looked-up rows ride along, so every rank's optimizer sees the union.
        grads.insert(grads.end(), tables.begin(), tables.end());
        for (std::size_t t = 0; t < tables.size(); ++t) {
            if (!sparseOf[t]) continue;
            riding.push_back(torch::zeros({tables[t].size(0)}, tables[t].options())
                                 .index_fill_(0, sparseOf[t]->rows(), 1.0));
            ridingOf.push_back(sparseOf[t]);
        }
        grads.insert(grads.end(), riding.begin(), riding.end());
        tables.clear();
    }
    std::int64_t bytes = 0;
    if (allReduceInSlots(grads, tables, sparseOf, sums, &bytes)) {
        m_bytes += bytes;
        ++m_steps;
        m_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return;
    }
    const std::vector<torch::Tensor> rowsUsed = agreeOnRows(tables, sparseOf, &bytes);
    std::vector<torch::Tensor> parts;
    for (const auto& g : grads) parts.push_back(g.reshape(-1));
    for (std::size_t t = 0; t < tables.size(); ++t)
        parts.push_back(tables[t].index_select(0, rowsUsed[t]).reshape(-1));
    const auto sumsOnHost = torch::tensor(std::vector<float>(sums.begin(), sums.end()));
    // Gloo sums host memory: a GPU's gradients cross over in one copy each way.
    const bool onHost = parts.empty() || parts.front().is_cpu();
    if (onHost) parts.push_back(sumsOnHost);
    torch::Tensor flat =
        onHost ? torch::cat(parts) : torch::cat({torch::cat(parts).to(torch::kCPU), sumsOnHost});
    bytes += flat.numel() * std::int64_t(sizeof(float));
    m_group->sum(flat);
    const torch::Tensor summed = onHost ? flat : flat.to(parts.front().device());
    std::int64_t offset = 0;
    for (auto& g : grads) {
        g.copy_(summed.narrow(0, offset, g.numel()).view_as(g));
        offset += g.numel();
    }
    for (std::size_t i = 0; i < riding.size(); ++i)
        ridingOf[i]->setRows(riding[i].nonzero().squeeze(1));
    for (std::size_t t = 0; t < tables.size(); ++t) {
        const std::int64_t n = rowsUsed[t].numel() * tables[t].size(1);
        tables[t].index_copy_(0, rowsUsed[t],
                              summed.narrow(0, offset, n).view({-1, tables[t].size(1)}));
        offset += n;
    }
    for (std::size_t i = 0; i < sums.size(); ++i)
        sums[i] = flat[offset + std::int64_t(i)].item<double>();
    m_bytes += bytes;
    ++m_steps;
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

namespace {

// A sum over the ranks as an autograd node: every rank sees the sum, so the gradient of the
// global loss with respect to one rank's input is the sum of all ranks' gradients of the sum.
struct SumOverRanks : torch::autograd::Function<SumOverRanks> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, torch::Tensor x,
                                 GradientSync* sync) {
        context->saved_data["sync"] = reinterpret_cast<std::int64_t>(sync);
        auto summed = x.detach().clone().contiguous();
        sync->sumInPlace(summed);
        return summed;
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list grads) {
        auto* sync = reinterpret_cast<GradientSync*>(context->saved_data["sync"].toInt());
        auto summed = grads[0].contiguous().clone();
        sync->sumInPlace(summed);
        return {summed, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor GradientSync::sumOverRanks(const torch::Tensor& x) {
    return SumOverRanks::apply(x, this);
}

void GradientSync::sumInPlace(torch::Tensor& x) {
    const auto start = std::chrono::steady_clock::now();
    m_group->sum(x);
    m_bytes += x.numel() * std::int64_t(x.element_size());
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void GradientSync::sumUncounted(torch::Tensor& x) {
    const double before = m_group->collectiveSeconds;
    m_group->sum(x);
    m_group->collectiveSeconds = before;
}

void GradientSync::resetFigures() {
    m_bytes = m_steps = m_slotOverflows = 0;
    m_seconds = 0;
    m_group->collectiveSeconds = 0;
}

void GradientSync::barrier() {
    m_group->group->barrier()->wait();
}

}  // namespace adstudio::detail
