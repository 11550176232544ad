"""Reference: AskOski's next-term LSTM in PyTorch (1 thread, full softmax) on the same sequences.

Input JSON: V, M, params, train [{terms, majors}], cases [{terms, majors, target, targetCount, taken}],
offered [0/1]. Prints one JSON line per evaluation: {"seconds": train seconds so far, "batches", "recall"}
and a final {"done": true, "samplesPerSecond", "inferenceMs", "maxRssMb"}.
params.maxBatches, when given, stops training after that many batches (the learning-rate schedule
still spans params.epochs), for comparing settings on the first part of a run.
params.torchSampled > 0 trains with the sampled softmax that ours uses (lib/ml/rnn/sampled-columns.ts):
the batch's target courses plus that many draws from (count + 1)^0.75, duplicates and targets
dropped, each drawn column's logit less log(1 - (1 - q)^draws); a fairness check, not the reference.
"""
import json, random, resource, sys, time
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(42)
data = json.load(open(sys.argv[1]))
V, M, p = data["V"], max(1, data["M"]), data["params"]
train, cases = data["train"], data["cases"]
offered = torch.tensor(data["offered"], dtype=torch.bool)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Linear(V, p["embedding"], bias=False)
        self.lstm = nn.LSTM(p["embedding"] + M, p["units"], batch_first=True)
        self.drop = nn.Dropout(p["dropout"])
        self.out = nn.Linear(p["units"], V)

    def hidden(self, x, m):
        h, _ = self.lstm(torch.cat([self.emb(x), m], -1))
        return self.drop(h)

    def forward(self, x, m):
        return self.out(self.hidden(x, m))


S = int(p.get("torchSampled", 0) or 0)
if S:
    counts = np.zeros(V)
    for s in train:
        for term in s["terms"]:
            np.add.at(counts, term, 1)
    q = (counts + 1) ** 0.75
    q /= q.sum()
    log_included = torch.tensor(np.log(-np.expm1(S * np.log1p(-q))), dtype=torch.float32)
    sampler = np.random.default_rng(42 + 21)


def sampled_logp(net, x, m, group):
    targets = sorted({c for s in group for term in s["terms"] for c in term})
    seen = set(targets)
    negatives = [j for j in dict.fromkeys(sampler.choice(V, size=S, p=q).tolist()) if j not in seen]
    cols = torch.tensor(targets + negatives)
    correction = torch.cat([torch.zeros(len(targets)), log_included[negatives]])
    logits = net.hidden(x, m) @ net.out.weight[cols].T + net.out.bias[cols] - correction
    return torch.log_softmax(logits, -1), cols


def batch(seqs):
    # Same layout as lib/ml/sequences.ts makeBatch: an empty start step, then term t-1 predicts term t.
    steps = max(2, max(len(s["terms"]) for s in seqs))
    B = len(seqs)
    x = torch.zeros(B, steps, V); y = torch.zeros(B, steps, V); m = torch.zeros(B, steps, M); mask = torch.zeros(B, steps)
    for b, s in enumerate(seqs):
        for t, term in enumerate(s["terms"]):
            if t > 0:
                x[b, t, s["terms"][t - 1]] = 1
            y[b, t, term] = 1.0 / len(term)
            mask[b, t] = 1
            m[b, t, s["majors"]] = 1
    return x, m, y, mask


def inputs(cs):
    steps = max(len(c["terms"]) + 1 for c in cs)
    x = torch.zeros(len(cs), steps, V); m = torch.zeros(len(cs), steps, M)
    for b, c in enumerate(cs):
        for t in range(len(c["terms"]) + 1):
            if t > 0:
                x[b, t, c["terms"][t - 1]] = 1
            m[b, t, c["majors"]] = 1
    return x, m


def evaluate(net):
    net.eval()
    hits = total = 0
    with torch.no_grad():
        for i in range(0, len(cases), 256):
            cs = cases[i:i + 256]
            x, m = inputs(cs)
            logits = net(x, m)
            last = torch.stack([logits[b, len(c["terms"])] for b, c in enumerate(cs)])
            for b, c in enumerate(cs):
                s = last[b].clone()
                s[~offered] = -1e30
                if c["taken"]:
                    s[c["taken"]] = -1e30
                top = set(torch.topk(s, 10).indices.tolist())
                hits += len(top & set(c["target"]))
                total += c["targetCount"]
    net.train()
    return hits / max(1, total)


net = Net()
opt = torch.optim.Adam(net.parameters(), lr=p["learningRate"])
rng = random.Random(42)
ordered = sorted(train, key=lambda s: len(s["terms"]))
batches = [ordered[i:i + p["batchSize"]] for i in range(0, len(ordered), p["batchSize"])]
seconds = 0.0; done = 0; samples = 0
total = len(batches) * p["epochs"]
final_ratio = p.get("finalLrRatio", 1.0)  # the same linear decay as lib/ml/rnn/train.ts stepLearningRate
for epoch in range(p["epochs"]):
    rng.shuffle(batches)
    for group in batches:
        for g in opt.param_groups:
            g["lr"] = p["learningRate"] * (1 - (1 - final_ratio) * min(1, done / max(1, total - 1)))
        t0 = time.perf_counter()
        x, m, y, mask = batch(group)
        if S:
            logp, cols = sampled_logp(net, x, m, group)
            y = y[..., cols]
        else:
            logp = torch.log_softmax(net(x, m), -1)
        loss = (-(y * logp).sum(-1) * mask).sum() / mask.sum().clamp(min=1)
        opt.zero_grad(); loss.backward(); opt.step()
        seconds += time.perf_counter() - t0
        done += 1; samples += len(group)
        if done % p["evalEvery"] == 0:
            print(json.dumps({"seconds": seconds, "batches": done, "recall": evaluate(net)}), flush=True)
        if done == p.get("maxBatches", -1):  # a shorter run for comparing settings (same schedule)
            break
    if done == p.get("maxBatches", -1):
        break
print(json.dumps({"seconds": seconds, "batches": done, "recall": evaluate(net)}), flush=True)
net.eval()
one = inputs(cases[:1])
times = []
with torch.no_grad():
    for _ in range(30):
        t0 = time.perf_counter(); net(*one); times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"done": True, "samplesPerSecond": samples / seconds, "inferenceMs": float(np.median(times)),
                  "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
