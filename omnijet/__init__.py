"""OmniJet-alpha, from scratch: jet data, VQ-VAE tokenizer, GPT backbone, transfer.

Pure PyTorch + scikit-hep. Knows nothing of agents, tools or sandboxes.
"""

__version__ = "0.1.0"
