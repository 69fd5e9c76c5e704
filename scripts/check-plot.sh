#!/usr/bin/env bash
# Trains a small model, writes its loss and learning-rate charts as SVG and converts them to
# PNG with rsvg-convert (Debian: librsvg2-bin), for a person to look at: two falling curves,
# labelled axes, a legend and a title naming the configuration.
# usage: scripts/check-plot.sh [CORPUS [OUTDIR]]   (GPTSH=path/to/gptsh to use another build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath "${1:-$root/scripts/data/lighthouse.txt}")
out=${2:-$root/.build/plots}
mkdir -p "$out"
out=$(cd "$out" && pwd)
gptsh=${GPTSH:-$root/.build/debug/gptsh}
[ -x "$gptsh" ] || (cd "$root" && swift build --product gptsh)
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }

"$gptsh" -q -c "
load corpus \"$corpus\"
tokenizer char
set n_layer=2 n_head=4 n_embd=48 block_size=32 batch_size=8 threads=1
set lr=5e-3 warmup_iters=30 lr_decay_iters=800 min_lr=5e-4
set log_interval=10 eval_interval=50 eval_iters=10
init seed=7
train 600
plot \"$out/loss.svg\"
plot lr \"$out/lr.svg\"
plot
"
for chart in loss lr; do
    rsvg-convert -o "$out/$chart.png" "$out/$chart.svg"
done
echo "wrote $out/loss.png and $out/lr.png"
