"""The question's cat/dog CNN in PyTorch, timed the way bench/measure.ts times tfjs: one gradient
computation (forward, loss, backward) on a 64x64x3 batch of 32 with dropout active. Steps with
1 thread and with N threads are interleaved in one process, so both see the same machine noise.

usage: /usr/bin/python3 bench/pytorch/seed_cnn_step.py --threads 1,2 --steps 20
prints one JSON object: {"torch": version, "rows": [{"threads", "times_ms": [...]}, ...]}
"""
import argparse
import json
import time

import torch
from torch import nn


def seed_cnn() -> nn.Module:
    block = lambda cin, cout: [nn.Conv2d(cin, cout, 3), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(
        *block(3, 32), *block(32, 32), *block(32, 64),
        nn.Flatten(), nn.Linear(64 * 6 * 6, 64), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(64, 1), nn.Sigmoid(),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    torch.manual_seed(0)
    model = seed_cnn().train()
    x = torch.rand(args.batch, 3, 64, 64)
    y = (torch.rand(args.batch, 1) > 0.5).float()
    loss_fn = nn.BCELoss()
    times = {t: [] for t in threads}
    for step in range(args.steps + 1):
        for t in threads:
            torch.set_num_threads(t)
            model.zero_grad(set_to_none=True)
            start = time.perf_counter()
            loss = loss_fn(model(x), y)
            loss.backward()
            elapsed = (time.perf_counter() - start) * 1000
            if step > 0:  # the first step of each is a warm-up
                times[t].append(elapsed)
    print(json.dumps({"torch": torch.__version__, "rows": [{"threads": t, "times_ms": times[t]} for t in threads]}))


if __name__ == "__main__":
    main()
