"""Review any agent's report like a referee (issue 23).

`claims`: every sentence that states a result becomes a typed `Claim` (rule-based extractor;
`model_claims` adds a model's reading through structured output). `rules`: small declared
checks, each with its physics or statistics reason. `referee`: runs the rules on a report
(markdown, plain text or a JSON answer) and writes the verdict, worst problems first, and the
answer to a question about it.
"""
