# The experiment-1 classifier (METHODS.md; src/worker/models/blackbox-cnn.ts) in PyTorch, for the engine's
# ratio against PyTorch (issue 20): a training step (Adam, batch 32, 64 px) and a plain input gradient of the
# "box" logit, 2 threads, medians in ms, one JSON line. Not part of `npm run bench` (no PyTorch in npm);
# on Debian: `apt-get install python3-torch`, then alternate it with `npm run bench -- engine --quick`:
#   /usr/bin/python3 bench/pytorch-classifier.py
import json, sys, time, torch, torch.nn as nn
torch.set_num_threads(2); torch.manual_seed(1)
size, batch = 64, 32
m = nn.Sequential(
  nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
  nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 2))
x = torch.rand(batch, 3, size, size); y = torch.arange(batch) % 2
opt = torch.optim.Adam(m.parameters(), 1e-3); lossf = nn.CrossEntropyLoss()
def step():
  opt.zero_grad(); l = lossf(m(x), y); l.backward(); opt.step(); return l.item()
def grad():
  xi = x.clone().requires_grad_(True); s = m(xi)[:, 1].sum(); g, = torch.autograd.grad(s, xi); return g.sum().item()
def med(f, reps):
  f(); f(); t = []
  for _ in range(reps):
    s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
  t.sort(); return {"median": round(t[reps // 2], 1), "min": round(t[0], 1)}
print(json.dumps({"tree": "pytorch " + torch.__version__, "trainStep": med(step, 10), "gradient": med(grad, 8)}))
