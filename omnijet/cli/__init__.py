"""Command-line workflows of the model layer (no LLM). Each area module offers
`register(app)`, which adds its commands to the root `omnijet-agent` app (omnijet/cli/main.py);
the operations' options are generated from their configs (omnijet/cli/options.py)."""
