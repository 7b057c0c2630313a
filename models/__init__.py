"""Trained models shipped with nianbao, installed as the package ``nianbao.models``.

Each model is stored in a format that loads without unpickling arbitrary code (skops),
beside its model card. ``scripts/train_layout.py`` rebuilds ``layout.skops`` exactly.
"""
