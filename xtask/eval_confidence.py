#!/usr/bin/env python3
"""Does the top hit's confidence separate answerable from unanswerable questions?

Asks the running server (--api) every dev question and prints, against the server's answer
threshold (from /healthz): the share of unanswerable questions whose top confidence stays under
it, and the share of answerable ones above it, per set and variant. Called by `cargo xtask eval`.
"""
import argparse, json, os, urllib.parse, urllib.request

def get(base, path):
    with urllib.request.urlopen(base.rstrip('/') + path, timeout=10) as r:
        return json.load(r)

def top_conf(base, q):
    hits = get(base, '/api/v1/search?' + urllib.parse.urlencode({'q': q[:500], 'limit': 1}))['hits']
    return hits[0]['confidence'] if hits else 0.0

def rows(path):
    return [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--api', required=True)
    ap.add_argument('--data', required=True)
    a = ap.parse_args()
    threshold = get(a.api, '/healthz')['answer_threshold']
    print(f'\n# answer threshold {threshold}')
    groups = {}
    for name in ('dev_questions.jsonl', 'dev_short_queries.jsonl', 'dev_unanswerable.jsonl'):
        p = os.path.join(a.data, name)
        if not os.path.exists(p):
            continue
        for r in rows(p):
            answerable = bool(r.get('relevant'))
            key = (name.replace('.jsonl', ''), r.get('variant', 'original'), answerable)
            groups.setdefault(key, []).append(top_conf(a.api, r['query']))
    total = {True: [0, 0], False: [0, 0]}
    for (setname, variant, answerable), confs in sorted(groups.items()):
        ok = sum(1 for c in confs if (c >= threshold) == answerable)
        total[answerable][0] += ok
        total[answerable][1] += len(confs)
        what = 'above threshold (answered)' if answerable else 'below threshold (hotline offered)'
        print(f'{setname:28s} {variant:14s} n={len(confs):3d}  {ok / len(confs):.3f} {what}')
    for answerable, (ok, n) in total.items():
        if n:
            what = 'answerable above threshold' if answerable else 'unanswerable below threshold'
            print(f'ALL {what}: {ok}/{n} = {ok / n:.3f}')

if __name__ == '__main__':
    main()
