"""spaCy pipeline components, one module each; `pipeline.nlp` registers and assembles them."""
