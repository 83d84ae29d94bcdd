"""Trains a small nn.Sequential in PyTorch and writes what constnet reads back:

- model.safetensors: the trained model's state_dict, as safetensors.torch.save_file writes it;
- expected.json: a few fixed inputs and the outputs PyTorch computes for them, in float32 (the
  model as trained) and in float64 (after model.double()), every number in full precision.

Run from the repository root with torch and safetensors installed:

    python examples/pytorch/make_model.py

Both files are checked in, so constnet's tests and its `pytorch` example need no PyTorch.
Another PyTorch version may train slightly different weights; the two files always agree.
"""

import json
import pathlib

import torch
from safetensors.torch import save_file
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent

torch.manual_seed(0)
torch.use_deterministic_algorithms(True)

# Modules 0, 2 and 4 are the Linear layers; the activations hold no tensors.
model = nn.Sequential(
    nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)
)

# A toy regression with outputs of order 1: three smooth functions of a point of R⁴.
def target(x):
    return torch.stack(
        [
            torch.sin(x[:, 0] + x[:, 1]),
            0.5 * x[:, 2] * x[:, 3],
            torch.tanh(x[:, 0] - x[:, 3]),
        ],
        dim=1,
    )


x = torch.rand(1024, 4) * 4.0 - 2.0
t = target(x)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(500):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), t)
    loss.backward()
    optimizer.step()
print(f"training loss (mean squared error) {loss.item():.4f}")

save_file(model.state_dict(), HERE / "model.safetensors")

# Dyadic fractions, exact in float32 and float64 alike.
inputs = torch.tensor(
    [
        [0.5, -1.25, 2.0, 0.75],
        [-0.5, 0.25, -1.0, 1.5],
        [0.0, 0.0, 0.0, 0.0],
        [1.0, 1.0, -1.0, -1.0],
        [-2.0, 0.5, 0.125, -0.375],
    ]
)
with torch.no_grad():
    outputs_f32 = model(inputs)
    outputs_f64 = model.double()(inputs.double())

expected = {
    "model": repr(model),
    "torch": torch.__version__,
    "inputs": inputs.tolist(),
    # float32 values widened to Python floats, so repr prints each one exactly.
    "outputs_f32": outputs_f32.tolist(),
    "outputs_f64": outputs_f64.tolist(),
}
(HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
print(f"wrote {HERE / 'model.safetensors'} and {HERE / 'expected.json'}")
