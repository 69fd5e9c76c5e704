#!/usr/bin/env bash
# Exact resume, shown with three gptsh processes: one trains 60 steps straight; another
# trains 30 and saves; a third loads that checkpoint and trains 30 more. The losses of steps
# 31 to 60 come out identical, as if the run had never stopped.
# GPTSH=path/to/gptsh picks the binary (default: the release build, else the debug build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gptsh="${GPTSH:-$here/../.build/release/gptsh}"
[ -x "$gptsh" ] || gptsh="$here/../.build/debug/gptsh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/data/lighthouse.txt" "$work/"
cd "$work"

setup='load corpus lighthouse.txt; tokenizer char
set n_layer=2 n_head=4 n_embd=32 block_size=32 batch_size=8 threads=2
set lr=5e-3 warmup_iters=10 lr_decay_iters=60 log_interval=5 eval_interval=0 eval_iters=5
init seed=7'

# The log lines without their timings, which differ from run to run, and what was saved or loaded.
losses() { grep -E '^(step|saved|loaded)' | sed -E 's/ +[0-9.]+ ms\/step.*$//'; }

echo "== one process: 60 steps"
"$gptsh" -c "$setup
train 60" | losses > straight.txt
cat straight.txt

echo "== process 1: 30 steps, save"
"$gptsh" -c "$setup
train 30
save half.ckpt" | losses
echo "== process 2: load, 30 more steps"
"$gptsh" -c "load half.ckpt
train 30" | losses > resumed.txt
cat resumed.txt

echo "== steps 31 to 60, logged every 5: uninterrupted | resumed"
grep -A100 '^step 35/' straight.txt > tail.txt
grep '^step' resumed.txt > resumed-steps.txt
paste -d'|' tail.txt resumed-steps.txt | column -t -s'|'
if diff tail.txt resumed-steps.txt > /dev/null; then
    echo "identical: the resumed run continues exactly where the first one stopped"
else
    echo "DIFFERENT: the resumed run does not continue exactly" >&2
    exit 1
fi
