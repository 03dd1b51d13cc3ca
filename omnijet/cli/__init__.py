"""Command-line workflows of the model layer (no LLM). Each area module offers
`register(app)`, which adds its commands to the root `omnijet-agent` app in agents/cli.py."""
