# SPDX-License-Identifier: MIT
"""The baseline of recommender_bench: NeuMF, biased MF and DeepFM in idiomatic, efficient
PyTorch; EASE^R as Steck's reference code solves it (NumPy, one inverse at λ = 300), and
AdStudio's sequential EASE in the same NumPy.

Same data and protocol as AdStudio: ML-100K, per-user leave-last-out by time, N sampled
negatives per positive resampled every epoch, Adam, HR@10 against 99 sampled negatives.
Batches are slices of pre-shuffled tensors (a DataLoader over single rows would be the slow
idiom and an unfair baseline). Prints one JSON object.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def load(folder):
    ratings = np.loadtxt(f"{folder}/u.data", dtype=np.int64)
    users = {}
    for line in open(f"{folder}/u.user", encoding="latin-1"):
        uid, age, gender, occupation, zip_code = line.strip().split("|")
        users[int(uid)] = (int(age), gender, occupation, zip_code)
    genres = {}
    for line in open(f"{folder}/u.item", encoding="latin-1"):
        parts = line.rstrip("\n").split("|")
        genres[int(parts[0])] = [int(g) for g in parts[5:24]]
    return ratings, users, genres


def encode(ratings, users, genres):
    uids, u = np.unique(ratings[:, 0], return_inverse=True)
    iids, i = np.unique(ratings[:, 1], return_inverse=True)
    ages = np.array([users[x][0] for x in uids], dtype=np.float32)
    ages = (ages - ages.mean()) / ages.std()

    def codes(values):
        vocab = {v: k + 1 for k, v in enumerate(sorted(set(values)))}
        return np.array([vocab[v] for v in values]), len(vocab) + 1

    user_fields, cards = [], []
    for column in (1, 2, 3):
        c, n = codes([users[x][column] for x in uids])
        user_fields.append(c)
        cards.append(n)
    item_fields = []
    for g in range(19):
        item_fields.append(np.array([genres[x][g] + 1 for x in iids]))
        cards.append(3)
    return (u, i, ratings[:, 3], len(uids), len(iids), np.stack(user_fields, 1),
            np.stack(item_fields, 1), ages[:, None], cards)


class NeuMF(nn.Module):
    def __init__(self, users, items, factors, layers):
        super().__init__()
        self.gmf_user = nn.Embedding(users, factors)
        self.gmf_item = nn.Embedding(items, factors)
        self.mlp_user = nn.Embedding(users, layers[0] // 2)
        self.mlp_item = nn.Embedding(items, layers[0] // 2)
        for e in (self.gmf_user, self.gmf_item, self.mlp_user, self.mlp_item):
            nn.init.normal_(e.weight, std=0.01)
        tower = []
        for a, b in zip(layers[:-1], layers[1:]):
            tower += [nn.Linear(a, b), nn.ReLU()]
        self.tower = nn.Sequential(*tower)
        self.predict = nn.Linear(factors + layers[-1], 1)

    def forward(self, u, i, cat, num):
        gmf = self.gmf_user(u) * self.gmf_item(i)
        mlp = self.tower(torch.cat([self.mlp_user(u), self.mlp_item(i)], 1))
        return self.predict(torch.cat([gmf, mlp], 1)).squeeze(1)


class BiasedMF(nn.Module):
    def __init__(self, users, items, factors):
        super().__init__()
        self.user = nn.Embedding(users, factors)
        self.item = nn.Embedding(items, factors)
        nn.init.normal_(self.user.weight, std=0.01)
        nn.init.normal_(self.item.weight, std=0.01)
        self.user_bias = nn.Embedding(users, 1)
        self.item_bias = nn.Embedding(items, 1)
        nn.init.zeros_(self.user_bias.weight)
        nn.init.zeros_(self.item_bias.weight)
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, u, i, cat, num):
        dot = (self.user(u) * self.item(i)).sum(1)
        return dot + self.user_bias(u).squeeze(1) + self.item_bias(i).squeeze(1) + self.bias


class Ease:
    """Steck (2019), the paper's own eight lines, in NumPy."""

    def __init__(self, history, lam):
        gram = history.T @ history
        gram[np.diag_indices_from(gram)] += lam
        precision = np.linalg.inv(gram)
        self.b = precision / (-np.diag(precision))
        self.b[np.diag_indices_from(self.b)] = 0
        self.history = history

    def __call__(self, u, i, cat, num):
        users, inverse = np.unique(u.numpy(), return_inverse=True)
        scores = self.history[users] @ self.b
        return torch.from_numpy(scores[inverse, i.numpy()])


class EaseSequence(Ease):
    """AdStudio's ease-seq in NumPy: EASE on a recency-weighted history plus sequential rules
    (Ludewig & Jannach 2018) from each user's latest items, the rules weighing as much as B."""

    def __init__(self, users, items, n_users, n_items, lam):
        # users/items: training rows ordered per user by time.
        last = np.r_[users[:-1] != users[1:], True]
        end = np.flatnonzero(last)
        start = np.r_[0, end[:-1] + 1]
        from_end = np.repeat(end, end - start + 1) - np.arange(len(users))
        history = np.zeros((n_users, n_items))
        np.maximum.at(history, (users, items), 0.95 ** from_end)
        super().__init__(history, lam)
        self.recent = np.zeros((n_users, n_items))
        near = from_end < 5
        np.add.at(self.recent, (users[near], items[near]), 0.7 ** from_end[near])
        rules = np.zeros((n_items, n_items))
        for d in range(1, 11):
            same = (users[:-d] == users[d:]) & (items[:-d] != items[d:])
            np.add.at(rules, (items[:-d][same], items[d:][same]), 1 - (d - 1) / 10)
        scale = np.std(history @ self.b) / np.std(self.recent @ rules)
        self.rules = rules * scale

    def __call__(self, u, i, cat, num):
        users, inverse = np.unique(u.numpy(), return_inverse=True)
        scores = self.history[users] @ self.b + self.recent[users] @ self.rules
        return torch.from_numpy(scores[inverse, i.numpy()])


class DeepFM(nn.Module):
    def __init__(self, cards, numeric, dim, hidden):
        super().__init__()
        self.register_buffer("offsets", torch.tensor(np.cumsum([0] + cards[:-1]), dtype=torch.long))
        self.table = nn.Embedding(sum(cards), dim)
        nn.init.normal_(self.table.weight, std=0.01)
        self.linear = nn.Embedding(sum(cards), 1)
        nn.init.zeros_(self.linear.weight)
        self.linear_numeric = nn.Linear(numeric, 1, bias=False)
        self.numeric = nn.Parameter(torch.randn(numeric, dim) * 0.01)
        self.bias = nn.Parameter(torch.zeros(1))
        deep, width = [], (len(cards) + numeric) * dim
        for units in hidden:
            deep += [nn.Linear(width, units), nn.ReLU()]
            width = units
        deep.append(nn.Linear(width, 1))
        self.deep = nn.Sequential(*deep)

    def forward(self, u, i, cat, num):
        codes = cat + self.offsets
        logit = self.bias + self.linear(codes).sum((1, 2)) + self.linear_numeric(num).squeeze(1)
        v = torch.cat([self.table(codes), num.unsqueeze(2) * self.numeric], 1)
        s = v.sum(1)
        logit = logit + 0.5 * (s * s - (v * v).sum(1)).sum(1)
        return logit + self.deep(v.flatten(1)).squeeze(1)


def main():
    folder, model_name, epochs, batch, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    rng = np.random.default_rng(42)
    ratings, users, genres = load(folder)
    u, i, ts, n_users, n_items, user_cat, item_cat, user_num, cards = encode(ratings, users, genres)
    cards = [n_users, n_items] + cards

    order = np.lexsort((np.arange(len(u)), ts, u))  # per user by time, ties by row
    is_last = np.r_[u[order[:-1]] != u[order[1:]], True]
    test_rows = order[is_last]
    train = ~np.zeros(len(u), bool)
    train[test_rows] = False
    tu, ti = u[train], i[train]
    # Training negatives avoid the training positives only (as NCF's code); test negatives
    # avoid everything the user interacted with.
    seen_train = np.zeros((n_users, n_items), bool)
    seen_train[tu, ti] = True
    seen_all = np.zeros((n_users, n_items), bool)
    seen_all[u, i] = True

    def sample(users_, seen):
        items = rng.integers(0, n_items, len(users_))
        bad = seen[users_, items]
        while bad.any():
            items[bad] = rng.integers(0, n_items, bad.sum())
            bad = seen[users_, items]
        return items

    user_cat_t = torch.from_numpy(user_cat)
    item_cat_t = torch.from_numpy(item_cat)
    user_num_t = torch.from_numpy(user_num)

    def features(bu, bi):
        return (torch.cat([bu[:, None], bi[:, None], user_cat_t[bu], item_cat_t[bi]], 1), user_num_t[bu])

    if model_name == "ease":
        start = time.perf_counter()
        history = np.zeros((n_users, n_items))
        history[tu, ti] = 1
        model = Ease(history, 300.0)
        seconds, samples = time.perf_counter() - start, len(tu)
        epochs = 0
    elif model_name == "ease-seq":
        start = time.perf_counter()
        rows = order[train[order]]
        model = EaseSequence(u[rows], i[rows], n_users, n_items, 300.0)
        seconds, samples = time.perf_counter() - start, len(tu)
        epochs = 0
    elif model_name == "neumf":
        model = NeuMF(n_users, n_items, 8, [64, 32, 16, 8])
    elif model_name == "mf":
        model = BiasedMF(n_users, n_items, 8)
    else:
        model = DeepFM(cards, 1, 8, [128, 64])
    need_features = model_name == "deepfm"
    closed_form = model_name in ("ease", "ease-seq")
    if not closed_form:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.BCEWithLogitsLoss()
        samples, seconds = 0, 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        neg_u = np.repeat(tu, 4)
        eu = np.concatenate([tu, neg_u])
        ei = np.concatenate([ti, sample(neg_u, seen_train)])
        el = np.concatenate([np.ones(len(tu), np.float32), np.zeros(len(neg_u), np.float32)])
        p = rng.permutation(len(eu))
        eu, ei, el = torch.from_numpy(eu[p]), torch.from_numpy(ei[p]), torch.from_numpy(el[p])
        model.train()
        for s in range(0, len(eu), batch):
            bu, bi, bl = eu[s:s + batch], ei[s:s + batch], el[s:s + batch]
            cat, num = features(bu, bi) if need_features else (None, None)
            optimizer.zero_grad()
            loss = loss_fn(model(bu, bi, cat, num), bl)
            loss.backward()
            optimizer.step()
        seconds += time.perf_counter() - start
        samples += len(eu)

    if not closed_form:
        model.eval()
    with torch.no_grad():
        test_u = u[test_rows]
        cand = np.concatenate([i[test_rows][:, None], sample(np.repeat(test_u, 99), seen_all).reshape(-1, 99)], 1)
        bu = torch.from_numpy(np.repeat(test_u, 100))
        bi = torch.from_numpy(cand.reshape(-1))
        cat, num = features(bu, bi) if need_features else (None, None)
        scores = model(bu, bi, cat, num).view(-1, 100)
        rank = (scores[:, 1:] > scores[:, :1]).sum(1).float() + 0.5 * (scores[:, 1:] == scores[:, :1]).sum(1).float()
        hr = (rank < 10).float().mean().item()
        ndcg = torch.where(rank < 10, np.log(2) / torch.log(rank + 2), torch.zeros_like(rank)).mean().item()
    print(json.dumps({"samples_per_s": samples / seconds, "seconds": seconds, "hr@10": hr,
                      "ndcg@10": ndcg, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
