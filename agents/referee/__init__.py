"""Review any agent's report like a referee (issue 23).

`reading`: a report (markdown, plain text, JSON answer) as units with their lines. `types`: the
`Claim` record (its `Value`s and `Comparison`). `claims.extract` (with `vocabulary`, `numbers`,
`comparisons`) reads every claim by rules; `model_claims` adds a model's reading through
structured output. `rules`: small declared checks, each with its physics or statistics reason.
`referee`: runs the rules, worst problems first, and answers a question about the report;
`foreign`: what `omnijet-agent review` does with a report from elsewhere. `suite`: the scored
suite of reports with planted errors (tests/agents/referee_suite, benchmarks/referee.py).
"""
