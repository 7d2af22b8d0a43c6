"""Payment processors reached by plain links, one module each; registry.py finds them by name
through the pledgekit.processors entry points (pyproject.toml lists the built-in ones)."""
