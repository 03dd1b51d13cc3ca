"""First-run figures of a blind batch, scored exactly as the suite scorer does (agents.referee.suite.score).

    .venv/bin/python benchmarks/referee_blind/score.py benchmarks/referee_blind/b5 [OUT.json]
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from agents.referee.suite import score  # noqa: E402

folder = Path(sys.argv[1])
res = score(folder)
rows = res["reports"]
planted = sum(r["planted"] for r in rows)
caught = sum(r["caught"] for r in rows)
clean = [r for r in rows if r["clean"]]
fa = [r for r in clean if r["extra"]]
asked = [r for r in rows if "answer_ok" in r]
print(f"{folder}: caught {caught}/{planted}, clean falsely flagged {len(fa)}/{len(clean)}, "
      f"extra on planted {sum(len(r['extra']) for r in rows if not r['clean'])}, answers {sum(r['answer_ok'] for r in asked)}/{len(asked)}")
for k, v in res["per_rule"].items():
    if v["planted"]:
        print(f"  {k}: {v['caught']}/{v['planted']}")
for r in rows:
    if r["missed"] or r["extra"] or not r.get("answer_ok", True):
        print(f"  {r['report']}: missed {r['missed']} extra {r['extra']}" + ("" if r.get("answer_ok", True) else f" answer {r['answer']!r} (want {r.get('question')})"))
if len(sys.argv) > 2:
    Path(sys.argv[2]).write_text(json.dumps(res, indent=1))
