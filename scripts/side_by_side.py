#!/usr/bin/env python3
"""Times standpoint against its peers, whole process, alternating, in one run.

Run through scripts/side-by-side.sh, which builds standpoint, makes the corpora and trains
the peers first. Standard library only. Each round runs every command of a table once, in
turn, so that a drift in the machine's speed touches them all alike; the table gives each
command's median wall time over the rounds, its spread (min-max), its peak resident
memory, and the ratios of medians against the named yardstick.

    side_by_side.py --bench DIR --py PEER_PYTHON --peers PEERS_DIR [--rounds N] [--fasttext]
                    [--fasttext-cli PATH] [--base-models DIR --base-name REV] [--guard-only]
                    [--growth-only]

With --base-models (a directory holding another revision's stance.json and sentiment.json),
the models guard runs first: the same binary scores the 10 MB corpus with those models and
with the current ones (models/), alternating, and the ratio of medians is printed; above
GUARD_LIMIT the output says so loudly, since the README must then say what the change
bought in accuracy. --guard-only stops after it. Then the growth table: the 1, 10 and 100 MB
corpora (and target/bench/articles_1gb.jsonl when it exists), time and peak memory, also
drawn as a log-log plot (DIR/growth.svg); --growth-only stops after it. The full run ends
with the targets of issue 17, each computed from this run's figures and stated as met or
missed by how much.
"""

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time


GNU_TIME = "/usr/bin/time"
GUARD_LIMIT = 1.5
RSS_FILE = f"/tmp/side_by_side_rss.{os.getpid()}"


def run_once(cmd, stdout_path=None):
    """Wall seconds and peak RSS (MiB) of one whole-process run of `cmd`.

    A child forked from this Python process would report Python's own resident memory as
    its peak, so the peak is read through GNU time when it is installed (it forks from a
    small process); without it the RSS column shows at least this script's size."""
    wrapped = [GNU_TIME, "-f", "%M", "-o", RSS_FILE] + cmd if os.path.exists(GNU_TIME) else cmd
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        p = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
    finally:
        if stdout_path:
            out.close()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err}")
    rss = usage.ru_maxrss / 1024.0
    if wrapped is not cmd:
        with open(RSS_FILE) as f:
            rss = int(f.read().split()[-1]) / 1024.0
    return wall, rss


def race(commands, rounds):
    """{name: [(wall, rss)]} over `rounds` rounds; one warm-up run each first."""
    for _, cmd in commands:
        run_once(cmd)
    results = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, cmd in commands:
            results[name].append(run_once(cmd))
    return results


def table(title, commands, results, yardstick, note=""):
    lines = [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines.append(f"| command | median wall s | min–max s | peak RSS MiB | × {yardstick} (median ratio) |")
    lines.append("|---|---|---|---|---|")
    base = statistics.median(w for w, _ in results[yardstick])
    for name, _ in commands:
        walls = [w for w, _ in results[name]]
        med = statistics.median(walls)
        rss = max(r for _, r in results[name])
        lines.append(
            f"| {name} | {med:.3f} | {min(walls):.3f}–{max(walls):.3f} | {rss:.0f} | {med / base:.2f} |"
        )
    lines.append("")
    return "\n".join(lines)


def ratio(results, a, b):
    return statistics.median(w for w, _ in results[a]) / statistics.median(w for w, _ in results[b])


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}"


def python_tables(a, c10, c100):
    """The Python package beside the command line, alternating: `Scorer.score` on the
    10 MB corpus (list of texts in, pandas DataFrame out; the call alone, and the whole
    Python process), and standpoint.spark on local[2] over the 100 MB corpus."""
    bench = [a.python, "scripts/py_score_bench.py"]
    cli = [a.sp, "score", "--threads", "2", c10]
    whole = bench + ["score", c10, "--threads", "2"]
    calls, cli_runs, py_runs = [], [], []
    tmp = f"/tmp/side_by_side_py.{os.getpid()}"
    run_once(cli)
    run_once(whole)
    for _ in range(a.rounds):
        cli_runs.append(run_once(cli))
        py_runs.append(run_once(whole, tmp))
        with open(tmp) as f:
            calls.append(json.loads(f.read()))
    os.remove(tmp)
    med = statistics.median
    cli_med = med(w for w, _ in cli_runs)
    call_med = med(c["seconds"] for c in calls)
    whole_med = med(w for w, _ in py_runs)
    lines = [
        "### The Python package: `Scorer.score` on the 10 MB corpus (list of 2,045 texts in, pandas DataFrame out)",
        "",
        "| command | median wall s | min–max s | peak RSS MiB | × standpoint --threads 2 (median ratio) |",
        "|---|---|---|---|---|",
        f"| standpoint --threads 2 (command line, whole process) | {cli_med:.3f} | "
        f"{min(w for w, _ in cli_runs):.3f}–{max(w for w, _ in cli_runs):.3f} | "
        f"{max(r for _, r in cli_runs):.0f} | 1.00 |",
        f"| `Scorer(threads=2).score(texts, output=\"pandas\")`, the call | {call_med:.3f} | "
        f"{min(c['seconds'] for c in calls):.3f}–{max(c['seconds'] for c in calls):.3f} | "
        f"{max(c['rss_mib'] for c in calls):.0f} | {call_med / cli_med:.2f} |",
        f"| the same, whole Python process (start, import, read the JSONL, score) | {whole_med:.3f} | "
        f"{min(w for w, _ in py_runs):.3f}–{max(w for w, _ in py_runs):.3f} | "
        f"{max(r for _, r in py_runs):.0f} | {whole_med / cli_med:.2f} |",
        "",
    ]
    # Spark: one start-up per run, so fewer rounds; the CLI on the same corpus beside it.
    cli100 = [a.sp, "score", "--threads", "2", c100]
    spark_runs, cli100_runs = [], []
    for _ in range(max(1, min(a.rounds, 3))):
        cli100_runs.append(run_once(cli100))
        run_once(bench + ["spark", c100], tmp)
        with open(tmp) as f:
            spark_runs.append(json.loads(f.read()))
    os.remove(tmp)
    mb = os.path.getsize(c100) / 1e6
    n = spark_runs[0]["rows"]
    job = med(r["seconds"] for r in spark_runs)
    cli100_med = med(w for w, _ in cli100_runs)
    lines += [
        f"### standpoint.spark on local[2]: the 100 MB corpus ({n:,} articles, {mb:.0f} MB of JSONL)",
        "",
        "| what | median s | articles/s | MB/s | peak RSS MiB |",
        "|---|---|---|---|---|",
        f"| standpoint --threads 2 (command line, whole process) | {cli100_med:.2f} | {n / cli100_med:,.0f} | "
        f"{mb / cli100_med:.0f} | {max(r for _, r in cli100_runs):.0f} |",
        f"| `standpoint.spark.score`, the job (8 partitions, cached input; Spark started) | {job:.2f} | "
        f"{n / job:,.0f} | {mb / job:.0f} | {max(r['rss_mib'] for r in spark_runs):.0f} per Python worker |",
        f"| Spark start-up and reading the input (not in the job's time) | "
        f"{med(r['startup_s'] for r in spark_runs):.2f} | | | |",
        "",
        f"- Spark job / command line: {job / cli100_med:.2f}× the time",
        "",
    ]
    return "\n".join(lines)


def model_summary(directory):
    """'stance: N features, two-step; sentiment: M features' for a model directory."""
    parts = []
    for task in ("stance", "sentiment"):
        with open(os.path.join(directory, f"{task}.json")) as f:
            m = json.load(f)
        vocab = m["tfidf"]["vocabulary"]
        n = len(vocab) if isinstance(vocab, (list, dict)) else vocab
        head = ", two-step" if m.get("two_step") else ""
        chars = m["analyzer"].get("char_ngrams")
        grams = f", char n-grams {chars[0]}-{chars[1]}" if chars else ""
        parts.append(f"{task} {n:,} features{head}{grams}")
    return "; ".join(parts)


def guard(a, c10):
    """The models guard: the models at another revision against the current ones, the same
    binary, one and two threads, alternating. Returns the lines and the worst ratio."""
    new_dir = "models"
    cmds = []
    for threads in ("1", "2"):
        cmds.append((f"models at {a.base_name}, --threads {threads}",
                     [a.sp, "score", "--threads", threads, "--model-dir", a.base_models, c10]))
        cmds.append((f"current models, --threads {threads}",
                     [a.sp, "score", "--threads", threads, "--model-dir", new_dir, c10]))
    r = race(cmds, a.rounds)
    lines = [table(f"Models guard: the built-in models at {a.base_name} against the current ones "
                   "(10 MB corpus, same binary)", cmds, r, f"models at {a.base_name}, --threads 1",
                   f"Models at {a.base_name}: {model_summary(a.base_models)}. "
                   f"Current: {model_summary(new_dir)}.")]
    worst = 0.0
    for threads in ("1", "2"):
        old, new = f"models at {a.base_name}, --threads {threads}", f"current models, --threads {threads}"
        per_round = statistics.median(n / o for (o, _), (n, _) in zip(r[old], r[new]))
        med = ratio(r, new, old)
        worst = max(worst, med)
        lines.append(f"- --threads {threads}: current / {a.base_name} = {med:.2f}× (ratio of medians), "
                     f"{per_round:.2f}× (median of per-round ratios)")
    if worst > GUARD_LIMIT:
        loud = (f"**GUARD: the current models cost {worst:.2f}× the scoring time of those at {a.base_name}, "
                f"over the {GUARD_LIMIT}× line: the README must say what they bought in accuracy.**")
        print(loud, file=sys.stderr)
        lines.append(f"- {loud}")
    else:
        lines.append(f"- within the {GUARD_LIMIT}× line")
    lines.append("")
    return "\n".join(lines), worst


def growth(a, b):
    """How cost grows with the input: the 1, 10 and 100 MB corpora (and 1 GB when made),
    one and two threads, alternating; time per MB and peak memory."""
    sizes = [mb for mb in ("1mb", "10mb", "100mb", "1gb") if os.path.exists(f"{b}/articles_{mb}.jsonl")]
    cmds = [(f"{mb} --threads {t}", [a.sp, "score", "--threads", t, f"{b}/articles_{mb}.jsonl"])
            for mb in sizes for t in ("1", "2")]
    r = race(cmds, a.rounds)
    lines = ["### How cost grows with the input (`score`, built-in models)", "",
             "| corpus | MB | threads | median wall s | min–max s | s per MB | peak RSS MiB |",
             "|---|---|---|---|---|---|---|"]
    points = []
    for name, cmd in cmds:
        mb = os.path.getsize(cmd[-1]) / 1e6
        walls = [w for w, _ in r[name]]
        med = statistics.median(walls)
        rss = max(x for _, x in r[name])
        points.append((cmd[3], mb, med, rss))
        lines.append(f"| {os.path.basename(cmd[-1])} | {mb:.1f} | {cmd[3]} | {med:.3f} | "
                     f"{min(walls):.3f}–{max(walls):.3f} | {med / mb:.4f} | {rss:.0f} |")
    lines.append("")
    with open(f"{b}/growth.svg", "w") as f:
        f.write(growth_svg(points))
    lines.append(f"Plot: {b}/growth.svg (log-log; time and peak memory against corpus size).")
    lines.append("")
    return "\n".join(lines)


def growth_svg(points):
    """A log-log plot of (threads, MB, seconds, MiB) points: wall time and peak memory
    against corpus size, one line per thread count, with a slope-1 guide (time linear in
    bytes) through the largest one-thread point."""
    import math

    w, h, left, top, pw, ph = 800, 330, 70, 40, 290, 230
    colours = {"1": "#1f77b4", "2": "#d62728"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    mbs = [p[1] for p in points]
    x0, x1 = math.floor(math.log10(min(mbs)) + 0.05), math.ceil(math.log10(max(mbs)) - 0.05)
    x1 = max(x1, x0 + 1)

    def panel(ox, title, values, unit):
        y0 = math.floor(math.log10(min(values)))
        y1 = max(math.ceil(math.log10(max(values))), y0 + 1)
        sx = lambda v: ox + (math.log10(v) - x0) / (x1 - x0) * pw
        sy = lambda v: top + ph - (math.log10(v) - y0) / (y1 - y0) * ph
        out.append(f'<text x="{ox + pw / 2}" y="{top - 18}" text-anchor="middle" font-weight="bold">{title}</text>')
        out.append(f'<rect x="{ox}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>')
        for e in range(x0, x1 + 1):
            x = sx(10 ** e)
            out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
            out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle">{10 ** e:g}</text>')
        for e in range(y0, y1 + 1):
            y = sy(10 ** e)
            out.append(f'<line x1="{ox}" y1="{y:.1f}" x2="{ox + pw}" y2="{y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{ox - 6}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
        out.append(f'<text x="{ox + pw / 2}" y="{top + ph + 34}" text-anchor="middle">corpus MB</text>')
        out.append(f'<text x="{ox - 48}" y="{top + ph / 2}" text-anchor="middle" '
                   f'transform="rotate(-90 {ox - 48} {top + ph / 2})">{unit}</text>')
        return sx, sy

    for ox, title, idx, unit in ((left, "wall time", 2, "seconds (median)"),
                                 (left + pw + 110, "peak memory", 3, "MiB")):
        sx, sy = panel(ox, title, [p[idx] for p in points], unit)
        if idx == 2:
            one = [p for p in points if p[0] == "1"]
            ref = max(one, key=lambda p: p[1]) if one else max(points, key=lambda p: p[1])
            lo, hi = 10 ** x0, 10 ** x1
            out.append(f'<clipPath id="time"><rect x="{ox}" y="{top}" width="{pw}" height="{ph}"/></clipPath>')
            out.append(f'<line x1="{sx(lo):.1f}" y1="{sy(ref[2] * lo / ref[1]):.1f}" x2="{sx(hi):.1f}" '
                       f'y2="{sy(ref[2] * hi / ref[1]):.1f}" stroke="#999" stroke-dasharray="4 3" '
                       f'clip-path="url(#time)"/>')
        for t, colour in colours.items():
            pts = sorted((p[1], p[idx]) for p in points if p[0] == t)
            if not pts:
                continue
            path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for x, y in pts:
                out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>')
    lx = left + 10
    for i, (t, colour) in enumerate(colours.items()):
        out.append(f'<line x1="{lx + i * 120}" y1="{h - 14}" x2="{lx + i * 120 + 20}" y2="{h - 14}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{lx + i * 120 + 26}" y="{h - 10}">--threads {t}</text>')
    out.append(f'<line x1="{lx + 250}" y1="{h - 14}" x2="{lx + 270}" y2="{h - 14}" stroke="#999" '
               f'stroke-dasharray="4 3"/>')
    out.append(f'<text x="{lx + 276}" y="{h - 10}">time proportional to bytes</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="directory with the corpora and peer models")
    ap.add_argument("--py", required=True, help="the peers' python")
    ap.add_argument("--peers", required=True, help="../shared/peers")
    ap.add_argument("--sp", default="target/release/standpoint")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--fasttext", action="store_true")
    ap.add_argument("--fasttext-cli", help="the fastText command line (needs --fasttext's models)")
    ap.add_argument("--skip-training", action="store_true")
    ap.add_argument("--python", help="a python with the standpoint package (and pyspark) installed")
    ap.add_argument("--base-models", help="another revision's stance.json and sentiment.json (the guard)")
    ap.add_argument("--base-name", default="base", help="what to call --base-models in the tables")
    ap.add_argument("--guard-only", action="store_true", help="run the models guard only")
    ap.add_argument("--growth-only", action="store_true", help="run the growth table only")
    a = ap.parse_args()
    if a.guard_only and not a.base_models:
        ap.error("--guard-only needs --base-models")
    b = a.bench
    c10, c100 = f"{b}/articles_10mb.jsonl", f"{b}/articles_100mb.jsonl"
    sk = [a.py, f"{a.peers}/sk_pipeline.py"]
    ft = [a.py, f"{a.peers}/ft_pipeline.py"]
    out = [f"## Side by side ({time.strftime('%Y-%m-%d')}; {machine()})", ""]
    out.append(f"{a.rounds} rounds, commands alternating; wall time of the whole process, start-up included.")
    out.append("")

    if a.base_models:
        text, _ = guard(a, c10)
        out.append(text)
    if a.guard_only:
        write(b, out)
        return
    out.append(growth(a, b))
    if a.growth_only:
        write(b, out)
        return

    cmds = [
        ("wc -w (floor)", ["wc", "-w", c10]),
        ("standpoint --threads 1", [a.sp, "score", "--threads", "1", c10]),
        ("standpoint --threads 2", [a.sp, "score", "--threads", "2", c10]),
        ("scikit-learn peer", sk + ["score", "--model", f"{b}/sk_seeds.pkl", "--input", c10]),
    ]
    if a.fasttext:
        cmds.append(("fastText peer", ft + ["score", "--model", f"{b}/ft_seeds.bin", "--input", c10]))
    if a.fasttext_cli:
        cmds.append(("fastText command line (pre-split paragraphs, one model)",
                     [a.fasttext_cli, "predict-prob", f"{b}/ft_seeds_raw.bin", f"{b}/paragraphs_10mb.txt", "3"]))
    r = race(cmds, a.rounds)
    out.append(table("Scoring the 10 MB corpus (`score`, JSONL in → JSONL out)", cmds, r,
                     "standpoint --threads 2",
                     "Both peers are trained on the same seed labels as the built-in stance model; "
                     "standpoint also scores sentiment with a second model in the same pass. The fastText "
                     "command line reads the corpus's paragraphs already split one per line and lower-cased, "
                     "with one model (`fasttext predict-prob MODEL FILE 3`)."))
    targets = []
    sk2, sk1 = ratio(r, 'scikit-learn peer', 'standpoint --threads 2'), ratio(r, 'scikit-learn peer', 'standpoint --threads 1')
    out.append(f"- scikit-learn peer / standpoint: {sk2:.1f}× (2 threads), {sk1:.1f}× (1 thread)")
    targets.append(("10 MB, ≥ 50× faster than the scikit-learn peer (2 threads)", sk2, 50, True,
                    f"{sk2:.1f}× (2 threads), {sk1:.1f}× (1 thread)"))
    if a.fasttext:
        ft2, ft1 = ratio(r, 'fastText peer', 'standpoint --threads 2'), ratio(r, 'fastText peer', 'standpoint --threads 1')
        out.append(f"- fastText peer / standpoint: {ft2:.1f}× (2 threads), {ft1:.1f}× (1 thread)")
        targets.append(("10 MB, ≥ 10× faster than the fastText Python peer (2 threads)", ft2, 10, True,
                        f"{ft2:.1f}× (2 threads), {ft1:.1f}× (1 thread)"))
    if a.fasttext_cli:
        name = "fastText command line (pre-split paragraphs, one model)"
        fc1, fc2 = ratio(r, name, 'standpoint --threads 1'), ratio(r, name, 'standpoint --threads 2')
        out.append(f"- fastText command line / standpoint: {fc1:.1f}× (1 thread), {fc2:.1f}× (2 threads)")
        targets.append(("10 MB, ≥ 6× faster than the fastText C++ command line (standpoint on 1 thread)",
                        fc1, 6, True, f"{fc1:.1f}× (1 thread), {fc2:.1f}× (2 threads)"))
    wc1 = ratio(r, 'standpoint --threads 1', 'wc -w (floor)')
    out.append(f"- standpoint --threads 1 / wc -w: {wc1:.2f}×")
    targets.append(("one thread within 2.5× of `wc -w` (10 MB)", wc1, 2.5, False, f"{wc1:.2f}×"))
    out.append("")

    cmds = [
        ("standpoint --threads 1", [a.sp, "score", "--threads", "1", c100]),
        ("standpoint --threads 2", [a.sp, "score", "--threads", "2", c100]),
        ("wc -w (floor)", ["wc", "-w", c100]),
    ]
    speedups, rss100 = [], 0.0
    for run in range(3):
        r = race(cmds, a.rounds)
        if run == 0:
            out.append(table("Scoring the 100 MB corpus (run 1 of 3)", cmds, r, "standpoint --threads 2"))
        speedups.append(ratio(r, 'standpoint --threads 1', 'standpoint --threads 2'))
        rss100 = max([rss100] + [x for _, x in r['standpoint --threads 2']] + [x for _, x in r['standpoint --threads 1']])
    out.append("- --threads 1 / --threads 2, three runs of the table above: "
               + ", ".join(f"{x:.2f}×" for x in speedups))
    one, two = f"{b}/out_t1.jsonl", f"{b}/out_t2.jsonl"
    run_once([a.sp, "score", "--threads", "1", c100], one)
    run_once([a.sp, "score", "--threads", "2", c100], two)
    same = md5(one) == md5(two)
    out.append(f"- output of --threads 1 and --threads 2 byte-identical: {'yes' if same else 'NO'}")
    os.remove(one)
    os.remove(two)
    out.append("")
    targets.append(("100 MB, `--threads 2` ≥ 1.8× `--threads 1` in three runs of three, same output",
                    min(speedups), 1.8, True,
                    ", ".join(f"{x:.2f}×" for x in speedups) + ("; output identical" if same else "; OUTPUT DIFFERS")))
    targets.append(("≤ 100 MiB resident on the 100 MB corpus", rss100, 100, False, f"{rss100:.0f} MiB"))

    article = sorted(os.listdir("seeds"))[0]
    cmds = [
        ("standpoint score (one article)", [a.sp, "score", "--format", "jsonl", f"seeds/{article}"]),
        ("true (process start)", ["true"]),
    ]
    r = race(cmds, max(a.rounds, 10))
    out.append(table(f"One article from the command line (`seeds/{article}`, built-in models)", cmds, r,
                     "true (process start)"))
    ms = 1000 * statistics.median(w for w, _ in r["standpoint score (one article)"])
    targets.append(("one article, whole process, ≤ 20 ms", ms, 20, False, f"{ms:.0f} ms"))

    if a.python:
        out.append(python_tables(a, c10, c100))

    if not a.skip_training:
        labels = f"{b}/labels_pool20k.jsonl"
        peer_like = ["--cv", "none", "--ngram", "1,2", "--stop-words", "none", "--concepts", "none",
                     "--negation", "0", "--alpha", "1", "--balance", "none",
                     "--char-ngram", "none", "--no-nb", "--no-view-norm"]
        cmds = [
            ("standpoint train, peer's settings, --tol 1e-4",
             [a.sp, "train", "--task", "label", "--data", labels, "--out", f"{b}/sp20k.json"] + peer_like
             + ["--tol", "1e-4"]),
            ("standpoint train, peer's settings, default --tol 1e-5",
             [a.sp, "train", "--task", "label", "--data", labels, "--out", f"{b}/sp20k.json"] + peer_like),
            ("scikit-learn peer train (C=1, tol 1e-4)",
             sk + ["train", "--data", labels, "--model", f"{b}/sk20k.pkl"]),
        ]
        if a.fasttext:
            cmds.append(("fastText peer train", ft + ["train", "--data", labels, "--model", f"{b}/ft20k.bin"]))
        r = race(cmds, max(1, min(a.rounds, 3)))
        out.append(table("Training on the 20k-paragraph timing set (word uni+bigrams, sublinear tf, "
                         "no class weights)", cmds, r, "scikit-learn peer train (C=1, tol 1e-4)"))
        tr = ratio(r, "standpoint train, peer's settings, default --tol 1e-5", "scikit-learn peer train (C=1, tol 1e-4)")
        tr4 = ratio(r, "standpoint train, peer's settings, --tol 1e-4", "scikit-learn peer train (C=1, tol 1e-4)")
        targets.append(("training on 20k paragraphs ≤ the peer's time", tr, 1.0, False,
                        f"{tr:.2f}× with the default --tol 1e-5; {tr4:.2f}× at the peer's 1e-4"))
    out.append(targets_table(targets))
    write(b, out)


def targets_table(targets):
    """(goal, measured, line, higher_is_better, shown) rows as a met / missed table."""
    lines = ["### Targets, from this run", "", "| target | measured | |", "|---|---|---|"]
    for goal, value, line, higher, shown in targets:
        met = value >= line if higher else value <= line
        verdict = "met" if met else f"**missed**, by {(line / value if higher else value / line):.2f}×"
        lines.append(f"| {goal} | {shown} | {verdict} |")
    lines.append("")
    return "\n".join(lines)


def write(bench, out):
    text = "\n".join(out)
    print(text)
    with open(f"{bench}/side-by-side.md", "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
