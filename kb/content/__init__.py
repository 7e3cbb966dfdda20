"""Stage 1 — load and validate: content/*.yaml -> KnowledgeBase (model.py).

yamlsource.py reads YAML strictly (positions, duplicate keys, YAML's silent booleans and dates),
schemacheck.py validates against schemas/content/ with Turkish messages (messages.py),
filecache.py keeps both results per file, loader.py (with regulation.py, guide.py,
parameters.py, references.py) builds the model with derived ids and resolves every reference.
"""
