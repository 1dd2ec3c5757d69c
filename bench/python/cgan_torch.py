# SPDX-License-Identifier: MIT
"""The baseline of gan_bench: AdStudio's conditional DCGAN in idiomatic PyTorch.

Same networks (generator: class embedding concatenated to the noise, linear to 4x4, transposed
convolutions with class-conditional batch norm; discriminator: spectral-normalized convolutions, global sum
pooling, class projection), hinge loss, Adam 2e-4 (0, 0.9), EMA of the generator, random
flips, Fashion-MNIST resized to 32x32. Prints one JSON object: training images/s and the
latency of generating one 64x64 image.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm


def channels_at(width, size):
    c = width
    s = size
    while s < 32:
        c *= 2
        s *= 2
    while s > 32:
        c = max(16, c // 2)
        s //= 2
    return c


class ConditionalBatchNorm2d(nn.Module):
    def __init__(self, features, classes):
        super().__init__()
        self.norm = nn.BatchNorm2d(features, affine=False)
        self.gain = nn.Embedding(classes, features)
        self.bias = nn.Embedding(classes, features)
        nn.init.ones_(self.gain.weight)
        nn.init.zeros_(self.bias.weight)

    def forward(self, x, y):
        return self.norm(x) * self.gain(y)[:, :, None, None] + self.bias(y)[:, :, None, None]


class Generator(nn.Module):
    def __init__(self, classes, resolution, channels, latent, width, embedding=32):
        super().__init__()
        self.width = width
        self.embedding = nn.Embedding(classes, embedding)
        first = channels_at(width, 4)
        self.project = nn.Linear(latent + embedding, first * 16)
        self.project_norm = nn.BatchNorm1d(first * 16)
        self.upsample, self.norms, size = nn.ModuleList(), nn.ModuleList(), 4
        while size < resolution:
            a, b = channels_at(width, size), channels_at(width, size * 2)
            self.upsample.append(nn.ConvTranspose2d(a, b, 4, 2, 1, bias=False))
            self.norms.append(ConditionalBatchNorm2d(b, classes))
            size *= 2
        self.output = nn.Conv2d(channels_at(width, resolution), channels, 3, padding=1)

    def forward(self, z, y):
        h = F.relu(self.project_norm(self.project(torch.cat([z, self.embedding(y)], 1))))
        h = h.view(z.size(0), -1, 4, 4)
        for upsample, norm in zip(self.upsample, self.norms):
            h = F.relu(norm(upsample(h), y))
        return torch.tanh(self.output(h))


class Discriminator(nn.Module):
    def __init__(self, classes, resolution, channels, width):
        super().__init__()
        layers, size, c = [], resolution, channels
        while size > 4:
            out = channels_at(width, size // 2)
            layers += [spectral_norm(nn.Conv2d(c, out, 4, 2, 1)), nn.LeakyReLU(0.2)]
            c, size = out, size // 2
        layers += [spectral_norm(nn.Conv2d(c, c, 3, 1, 1)), nn.LeakyReLU(0.2)]
        self.body = nn.Sequential(*layers)
        self.realism = spectral_norm(nn.Linear(c, 1))
        self.projection = spectral_norm(nn.Embedding(classes, c))

    def forward(self, x, y):
        h = self.body(x).sum((2, 3))
        return self.realism(h).squeeze(1) + (self.projection(y) * h).sum(1)


def load(path, count):
    with gzip.open(path) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)[:count]
    with gzip.open(path.replace("images-idx3", "labels-idx1")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:count]
    x = torch.from_numpy(images.astype(np.float32) / 127.5 - 1)
    x = F.interpolate(x, size=32, mode="bicubic", align_corners=False).clamp(-1, 1)
    return x, torch.from_numpy(labels.astype(np.int64))


def main():
    path, count, epochs, batch, width, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x, y = load(path, count)
    g, d = Generator(10, 32, 1, 64, width), Discriminator(10, 32, 1, width)
    ema = Generator(10, 32, 1, 64, width)
    ema.load_state_dict(g.state_dict())
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.0, 0.9))
    images, seconds, step = 0, 0.0, 0
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(count)
        for b in range(count // batch):
            index = order[b * batch:(b + 1) * batch]
            real, cls = x[index], y[index]
            flip = torch.rand(batch) < 0.5
            real = torch.where(flip.view(-1, 1, 1, 1), real.flip(3), real)
            z = torch.randn(batch, 64)
            fake_cls = torch.randint(10, (batch,))
            fake = g(z, fake_cls)
            opt_d.zero_grad()
            loss_d = F.relu(1 - d(real, cls)).mean() + F.relu(1 + d(fake.detach(), fake_cls)).mean()
            loss_d.backward()
            opt_d.step()
            opt_g.zero_grad()
            loss_g = -d(fake, fake_cls).mean()
            loss_g.backward()
            opt_g.step()
            step += 1
            decay = min(0.999, (1 + step) / (10 + step))
            with torch.no_grad():
                for e, p in zip(ema.parameters(), g.parameters()):
                    e.mul_(decay).add_(p, alpha=1 - decay)
                for e, p in zip(ema.buffers(), g.buffers()):
                    e.copy_(p)
            images += batch
        seconds += time.perf_counter() - start

    big = Generator(10, 64, 3, 64, width).eval()
    latencies = []
    with torch.no_grad():
        for i in range(220):
            z, c = torch.randn(1, 64), torch.tensor([i % 10])
            t = time.perf_counter()
            big(z, c)
            latencies.append((time.perf_counter() - t) * 1000)
    latencies = np.array(latencies[20:])
    print(json.dumps({"images_per_s": images / seconds, "p50_ms": float(np.percentile(latencies, 50)),
                      "p99_ms": float(np.percentile(latencies, 99)), "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
