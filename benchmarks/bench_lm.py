"""Training throughput of our GPT against Hugging Face ``GPT2LMHeadModel`` (issue: lm).

Run from the repository root on a quiet machine (or under the shared lock):

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/bench_lm.py              # CPU, s5-s7
    .venv/bin/python benchmarks/bench_lm.py --quick                             # smoke test
    .venv/bin/python benchmarks/bench_lm.py --presets s6 s7 --threads 16 --steps 30
    .venv/bin/python benchmarks/bench_lm.py --compile       # + both models under torch.compile
    .venv/bin/python benchmarks/bench_lm.py --cpu-bf16      # + both under CPU bf16 autocast
    .venv/bin/python benchmarks/bench_lm.py --profile s5 --steps 3   # where a step's time goes

The table is printed and written to ``benchmarks/out/lm.md`` (gitignored).

Both models get the same depth, width, heads, context (``n_positions``) and vocabulary,
d_ff = 4 d_model, no dropout, the same batch (one fixed random batch of token ids),
the same threads, the same loss (``F.cross_entropy`` on the logits) and the same
optimizer (AdamW, single-tensor on CPU), in one process. A training step is forward,
loss, backward, optimizer step. After ``--warmup`` steps each, the models take turns
step by step for ``--steps`` steps (the order rotated every step), so on a shared
machine both see the same load. Reported: the median step's tokens/s on the wall
clock and per CPU-second (process time of all threads, which load from other
processes inflates far less), and the median and interquartile range of the paired
ratios of step times (HF's step / ours, each pair back to back).
GPT-2 uses its default attention (``sdpa``) and keeps its biases; ours has none.
``--compile`` adds both models wrapped in ``torch.compile`` (default mode, Inductor)
and reports each one's compile time (its first step less its median step); a model
that fails to compile (no C++ compiler, say) is reported and left out.

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
from dataclasses import dataclass
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


@dataclass
class Timing:
    """Per-step wall and CPU (process) seconds of each model, steps paired by index."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]
    compile_s: dict[str, float]

    def rate(self, name: str, tokens: int, clock: str = "wall") -> float:
        """Median tokens per second (``clock="cpu"``: per CPU-second of all threads)."""
        return float(tokens / statistics.median(getattr(self, clock)[name]))

    def ratio(self, ours: str, theirs: str, clock: str = "wall") -> tuple[float, float, float]:
        """Median and interquartile range of the paired ratios theirs/ours of step times:
        each pair ran back to back, so load that changes slowly cancels."""
        times = getattr(self, clock)
        r = [b / a for a, b in zip(times[ours], times[theirs], strict=True)]
        q1, _, q3 = statistics.quantiles(r, n=4) if len(r) > 1 else (r[0], 0.0, r[0])
        return statistics.median(r), q1, q3


def measure(
    cfg: GPTConfig, batch: int, steps: int, warmup: int, device: torch.device,
    bf16: bool, compiled: bool = False,
) -> Timing:  # fmt: skip
    """Time ``steps`` training steps of each model, interleaved: step i of every model
    runs back to back (in an order rotated each step) before step i + 1, so the models
    see the same load on a shared machine. A compiled model's compile time is its
    first step less its median step."""
    steps_by_name = {
        name: step_fn(module, logits_of, device, bf16)
        for name, (module, logits_of) in models(cfg, device, compiled).items()
    }
    x = torch.randint(0, cfg.vocab_size, (batch, cfg.context), device=device)
    y = torch.randint(0, cfg.vocab_size, (batch, cfg.context), device=device)
    first: dict[str, float] = {}  # seconds of the first step (compiling, if compiled)
    for name, step in list(steps_by_name.items()):
        sync(device)
        start = time.perf_counter()
        try:
            step(x, y)
        except Exception as exc:  # no C++ compiler, an unsupported op: report, go on eager
            if not name.endswith(COMPILED):
                raise
            print(f"{name}: compile failed ({type(exc).__name__}: {exc}); left out")
            del steps_by_name[name]
            continue
        sync(device)
        first[name] = time.perf_counter() - start
        for _ in range(max(warmup, 2) - 1):
            step(x, y)
    names = list(steps_by_name)
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for i in range(steps):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            sync(device)
            start, start_cpu = time.perf_counter(), time.process_time()
            steps_by_name[name](x, y)
            sync(device)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    compile_s = {
        name: first[name] - statistics.median(wall[name])
        for name in names
        if name.endswith(COMPILED)
    }
    return Timing(wall, cpu, compile_s)


def profile(preset: str, args: argparse.Namespace) -> None:
    """Print torch.profiler's table (self CPU time) of ``--steps`` CPU training steps
    of each model at the bench shapes, after ``--warmup`` steps."""
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    cfg = GPTConfig.preset(preset, context=args.context)
    cpu = torch.device("cpu")
    x = torch.randint(0, cfg.vocab_size, (args.batch, cfg.context))
    y = torch.randint(0, cfg.vocab_size, (args.batch, cfg.context))
    for name, (module, logits_of) in models(cfg, cpu, False).items():
        step = step_fn(module, logits_of, cpu, False)
        for _ in range(args.warmup):
            step(x, y)
        with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(args.steps):
                step(x, y)
        table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=12)
        print(f"\n{name}, {preset}, {args.steps} steps\n{table}", flush=True)


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
        f"{peak / 1e9:,.1f} GFLOP/s. Batch {batch} x context {args.context}, "
        f"{args.steps} interleaved steps per model. tokens/s: median over steps of wall "
        "time; per CPU-s: of process CPU time (all threads). ours / HF: median [IQR] of "
        "the paired step-time ratios.",
        "",
        "| preset | N (non-emb.) | model | tokens/s | tokens/CPU-s | MFU "
        "| ours / HF (wall) | ours / HF (CPU) | compile (s) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in presets:
        cfg = GPTConfig.preset(name, context=args.context)
        fwd = forward_flops_per_token(
            n_layer=cfg.n_layer, d_model=cfg.d_model, d_ff=cfg.ff_width,
            context=cfg.context, vocab_size=cfg.vocab_size,
        )  # fmt: skip
        timing = measure(cfg, batch, args.steps, args.warmup, device, bf16, args.compile)
        tokens = batch * cfg.context
        for model in timing.wall:
            rate = timing.rate(model, tokens)
            mfu = rate * 3 * fwd / peak
            shown = ["", ""]
            peer = model.replace(OURS, THEIRS)
            if model.startswith(OURS) and peer in timing.wall:  # HF in the same mode
                for i, clock in enumerate(("wall", "cpu")):
                    med, q1, q3 = timing.ratio(model, peer, clock)
                    shown[i] = f"**{med:.2f}x** [{q1:.2f}, {q3:.2f}]"
            seconds = f"{timing.compile_s[model]:.1f}" if model in timing.compile_s else ""
            lines.append(
                f"| {name} | {cfg.non_embedding_params:,} | {model} | {rate:,.0f} | "
                f"{timing.rate(model, tokens, 'cpu'):,.0f} | {100 * mfu:.1f} % | "
                f"{shown[0]} | {shown[1]} | {seconds} |"
            )
        print(*lines[-len(timing.wall) :], sep="\n", flush=True)
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["s5", "s6", "s7"])
    parser.add_argument("--gpu-presets", nargs="+", default=["s7", "s8"])
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--gpu-batch", type=int, default=64)
    parser.add_argument("--context", type=int, default=256)
    parser.add_argument("--steps", type=int, default=30, help="timed steps per model")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true", help="s3 and s4, 3 steps, 1 round")
    parser.add_argument("--no-gpu", action="store_true")
    parser.add_argument(
        "--cpu-bf16", action="store_true", help="also both models under CPU bf16 autocast"
    )
    parser.add_argument(
        "--compile", action="store_true", help="also both models under torch.compile"
    )
    parser.add_argument(
        "--profile", metavar="PRESET", help="print torch.profiler's table of each model, then stop"
    )
    args = parser.parse_args()
    if args.quick:
        args.presets, args.gpu_presets = ["s3", "s4"], ["s6"]
        args.steps, args.warmup, args.batch = 3, 1, 8
    torch.set_num_threads(args.threads)
    if args.profile:
        profile(args.profile, args)
        return
    import transformers

    lines = [
        "## LM training throughput: scalinglaws GPT vs transformers GPT2LMHeadModel",
        "",
        f"{platform.processor() or platform.machine()}, {args.threads} threads, torch "
        f"{torch.__version__}, transformers {transformers.__version__}. Command: "
        f"`benchmarks/bench_lm.py {' '.join(sys.argv[1:])}`.",
        "",
    ]
    cpu = torch.device("cpu")
    lines += section("CPU, fp32", args.presets, args.batch, args, cpu, False)
    if args.cpu_bf16:
        lines += section("CPU, bf16 autocast", args.presets, args.batch, args, cpu, True)
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
