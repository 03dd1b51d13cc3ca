"""Where tool calls and agent-written code run: an isolated local process, or docker."""
