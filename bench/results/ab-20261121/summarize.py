import json, glob, os, statistics, collections, sys
base = sys.argv[1] if len(sys.argv) > 1 else '/work/wt-perf/bench/results/ab-20261121'
cells = collections.defaultdict(list)   # (scenario, conc, build) -> list of (direct, fwd, proxy p50, ratio, added)
allocs = collections.defaultdict(list); mem = collections.defaultdict(list)
for build in ['before', 'after']:
    for f in sorted(glob.glob(f'{base}/{build}/*.json')):
        d = json.load(open(f))
        for r in d['rows']:
            if r['proxy'] is None: continue
            h = lambda p: p['headline']['p50']
            cells[(r['scenario'], r['concurrency'], build)].append((h(r['direct']), h(r['forwarder']), h(r['proxy'])))
        for a in d['allocations']:
            allocs[(a['request'], a['server'], build)].append((a['bytesPerRequest'], a['writtenLaterPerRequest'], round(a.get('cpuMicrosecondsPerRequest', 0))))
        for m in d['memory']:
            r = m.get('heapAfterRounds') or [m['heapAfter'], m['heapAfterSecondRound'], m.get('heapAfterThirdRound', m['heapAfterSecondRound'])]
            mem[(m['server'], build)].append(((r[1] - r[0]) / 2**20, ((r[2] - r[1]) / 2**20) if len(r) > 2 else 0.0))
print("| scenario | c | build | runs | direct p50 | forwarder p50 | proxy p50 | proxy ÷ forwarder (median of runs) | proxy − direct |")
print("|---|---|---|---|---|---|---|---|---|")
for key in sorted(cells):
    v = cells[key]; s, c, b = key
    med = lambda i: statistics.median(x[i] for x in v)
    ratio = statistics.median(x[2] / x[1] for x in v); added = statistics.median(x[2] - x[0] for x in v)
    print(f"| {s} | {c} | {b} | {len(v)} | {med(0):.3f} | {med(1):.3f} | {med(2):.3f} | {ratio:.2f} ({', '.join(f'{x[2]/x[1]:.2f}' for x in v)}) | {added:+.3f} |")
print()
for key in sorted(allocs): print(key, allocs[key])
for key in sorted(mem): print(key, [f'2nd {g:+.2f} MB, 3rd {h:+.2f} MB' for g, h in mem[key]])
