"""Training throughput of our GPT against Hugging Face ``GPT2LMHeadModel`` (issue: lm).

Run from the repository root on a quiet machine (or under the shared lock):

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/bench_lm.py              # CPU, s5-s7
    .venv/bin/python benchmarks/bench_lm.py --quick                             # smoke test
    .venv/bin/python benchmarks/bench_lm.py --presets s6 s7 --threads 16 --steps 30
    .venv/bin/python benchmarks/bench_lm.py --compile       # + both models under torch.compile

The table is printed and written to ``benchmarks/out/lm.md`` (gitignored).

Both models get the same depth, width, heads, context (``n_positions``) and vocabulary,
d_ff = 4 d_model, no dropout, the same batch (one fixed random batch of token ids),
the same threads, the same loss (``F.cross_entropy`` on the logits) and the same
optimizer (AdamW, single-tensor on CPU), in one process. A training step is forward,
loss, backward, optimizer step. The two models alternate in ``--rounds`` rounds of
``--steps`` steps after ``--warmup`` steps each; the median round is reported.
GPT-2 uses its default attention (``sdpa``) and keeps its biases; ours has none.
``--compile`` adds both models wrapped in ``torch.compile`` (default mode, Inductor)
and reports each one's compile time (its first two steps less two eager steps).

MFU (model FLOPs utilisation) = tokens/s x 3 x forward FLOPs per token (Kaplan et al.
2020 Table 1, embeddings and attention included, the same count for both models)
divided by the peak matmul FLOP/s of this machine, measured here with a large fp32
(CPU) or bf16 (GPU) matrix product. A GPU section runs when ``torch.cuda`` is available:
bf16 autocast, larger presets.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from scalinglaws.lm import GPT, GPTConfig
from scalinglaws.neural.counting import forward_flops_per_token

OUT = Path(__file__).parent / "out" / "lm.md"


def peak_matmul_flops(device: torch.device, dtype: torch.dtype, size: int, seconds: float) -> float:
    a = torch.randn(size, size, device=device, dtype=dtype)
    b = torch.randn(size, size, device=device, dtype=dtype)
    for _ in range(3):
        a @ b
    sync(device)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        a @ b
        n += 1
        if device.type == "cuda" and n % 10:
            continue
        sync(device)
    sync(device)
    return 2 * size**3 * n / (time.perf_counter() - start)


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def hf_gpt2(cfg: GPTConfig) -> torch.nn.Module:
    from transformers import GPT2Config, GPT2LMHeadModel

    hf_cfg = GPT2Config(
        vocab_size=cfg.vocab_size,
        n_positions=cfg.context,
        n_embd=cfg.d_model,
        n_layer=cfg.n_layer,
        n_head=cfg.n_head,
        n_inner=cfg.ff_width,
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attn_pdrop=0.0,
        use_cache=False,
    )
    model = GPT2LMHeadModel(hf_cfg)
    model.config.use_cache = False
    return model


def step_fn(
    model: torch.nn.Module, logits_of: Callable[[torch.Tensor], torch.Tensor], device: torch.device,
    bf16: bool,
) -> Callable[[torch.Tensor, torch.Tensor], None]:  # fmt: skip
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, foreach=device.type != "cpu")

    def step(x: torch.Tensor, y: torch.Tensor) -> None:
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = logits_of(x)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return step


OURS, THEIRS = "scalinglaws GPT", "HF GPT2LMHeadModel"
COMPILED = " + torch.compile"


def models(
    cfg: GPTConfig, device: torch.device, compiled: bool
) -> dict[str, tuple[torch.nn.Module, Callable[[torch.Tensor], torch.Tensor]]]:
    """name -> (module, logits of x); compiled variants wrap a fresh copy of each."""
    torch.manual_seed(0)
    ours = GPT(cfg).to(device).train()
    theirs = hf_gpt2(cfg).to(device).train()
    out: dict[str, tuple[torch.nn.Module, Callable[[torch.Tensor], torch.Tensor]]] = {
        OURS: (ours, ours),
        THEIRS: (theirs, lambda x: theirs(input_ids=x).logits),
    }
    if compiled:
        ours_c = torch.compile(GPT(cfg).to(device).train())
        theirs_c = torch.compile(hf_gpt2(cfg).to(device).train())
        out[OURS + COMPILED] = (ours_c, ours_c)
        out[THEIRS + COMPILED] = (theirs_c, lambda x: theirs_c(input_ids=x).logits)
    return out


def measure(
    cfg: GPTConfig, batch: int, steps: int, warmup: int, rounds: int, device: torch.device,
    bf16: bool, compiled: bool = False,
) -> tuple[dict[str, float], dict[str, float]]:  # fmt: skip
    """Median tokens/s of each model, and each compiled model's compile time (s): its
    first step less one steady step."""
    steps_by_name = {
        name: step_fn(module, logits_of, device, bf16)
        for name, (module, logits_of) in models(cfg, device, compiled).items()
    }
    x = torch.randint(0, cfg.vocab_size, (batch, cfg.context), device=device)
    y = torch.randint(0, cfg.vocab_size, (batch, cfg.context), device=device)
    first: dict[str, float] = {}  # seconds of the first step (compiling, if compiled)
    for name, step in steps_by_name.items():
        sync(device)
        start = time.perf_counter()
        step(x, y)
        sync(device)
        first[name] = time.perf_counter() - start
        for _ in range(max(warmup, 2) - 1):
            step(x, y)
    rates: dict[str, list[float]] = {name: [] for name in steps_by_name}
    for _ in range(rounds):
        for name, step in steps_by_name.items():
            sync(device)
            start = time.perf_counter()
            for _ in range(steps):
                step(x, y)
            sync(device)
            rates[name].append(steps * batch * cfg.context / (time.perf_counter() - start))
    median = {name: statistics.median(r) for name, r in rates.items()}
    step_s = {name: batch * cfg.context / rate for name, rate in median.items()}
    compile_s = {
        name: first[name] - step_s[name] for name in steps_by_name if name.endswith(COMPILED)
    }
    return median, compile_s


def section(
    title: str, presets: list[str], batch: int, args: argparse.Namespace, device: torch.device,
    bf16: bool,
) -> list[str]:  # fmt: skip
    dtype = torch.bfloat16 if bf16 else torch.float32
    size = 4096 if device.type == "cuda" else 1024
    peak = peak_matmul_flops(device, dtype, size, 1.0 if args.quick else 3.0)
    lines = [
        f"### {title}",
        "",
        f"Peak matmul ({size}x{size}, {str(dtype).removeprefix('torch.')}): "
        f"{peak / 1e9:,.1f} GFLOP/s. Batch {batch} x context {args.context}.",
        "",
        "| preset | N (non-emb.) | model | tokens/s | MFU | ours / HF | compile (s) |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for name in presets:
        cfg = GPTConfig.preset(name, context=args.context)
        fwd = forward_flops_per_token(
            n_layer=cfg.n_layer, d_model=cfg.d_model, d_ff=cfg.ff_width,
            context=cfg.context, vocab_size=cfg.vocab_size,
        )  # fmt: skip
        rates, compile_s = measure(
            cfg, batch, args.steps, args.warmup, args.rounds, device, bf16, args.compile
        )
        for model, rate in rates.items():
            mfu = rate * 3 * fwd / peak
            shown = ""
            if model.startswith(OURS):  # against HF in the same mode (eager or compiled)
                shown = f"**{rate / rates[model.replace(OURS, THEIRS)]:.2f}x**"
            seconds = f"{compile_s[model]:.1f}" if model in compile_s else ""
            lines.append(
                f"| {name} | {cfg.non_embedding_params:,} | {model} | {rate:,.0f} | "
                f"{100 * mfu:.1f} % | {shown} | {seconds} |"
            )
        print(*lines[-len(rates) :], sep="\n", flush=True)
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["s5", "s6", "s7"])
    parser.add_argument("--gpu-presets", nargs="+", default=["s7", "s8"])
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--gpu-batch", type=int, default=64)
    parser.add_argument("--context", type=int, default=256)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true", help="s3 and s4, 3 steps, 1 round")
    parser.add_argument("--no-gpu", action="store_true")
    parser.add_argument(
        "--compile", action="store_true", help="also both models under torch.compile"
    )
    args = parser.parse_args()
    if args.quick:
        args.presets, args.gpu_presets = ["s3", "s4"], ["s6"]
        args.steps, args.warmup, args.rounds, args.batch = 3, 1, 1, 8
    torch.set_num_threads(args.threads)
    import transformers

    lines = [
        "## LM training throughput: scalinglaws GPT vs transformers GPT2LMHeadModel",
        "",
        f"{platform.processor() or platform.machine()}, {args.threads} threads, torch "
        f"{torch.__version__}, transformers {transformers.__version__}. Command: "
        f"`benchmarks/bench_lm.py {' '.join(sys.argv[1:])}`.",
        "",
    ]
    lines += section("CPU, fp32", args.presets, args.batch, args, torch.device("cpu"), False)
    if torch.cuda.is_available() and not args.no_gpu:
        gpu = torch.device("cuda")
        name = torch.cuda.get_device_name(gpu)
        lines += section(f"GPU ({name}), bf16 autocast", args.gpu_presets, args.gpu_batch,
                         args, gpu, True)  # fmt: skip
    text = "\n".join(lines)
    print("\n" + text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
