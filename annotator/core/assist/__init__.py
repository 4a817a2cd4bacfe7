"""Suggestions for annotators: attribution pre-annotation by rules, and learned models.

Pure like the rest of the core: plain data in and out, offsets in code points of the
document's text (CONTRACT section 1). No database and no web framework; a service stores
the serialised models and writes the suggestions layer.

- :mod:`.attribution` proposes SOURCE, CUE and CLAIM spans and their relations by rules
  (:mod:`.lexicon`, :mod:`.quotes`, :mod:`.phrases`), without training;
- :mod:`.tagger` learns a BIO sequence tagger from gold spans (python-crfsuite, the
  ``assist`` extra), with the rules' output among its features (:mod:`.features`) and
  marginal probabilities of its own (:mod:`.inference`);
- :mod:`.evaluation` scores it by k-fold cross-validation, :mod:`.uncertainty` orders
  documents for an uncertainty queue, and :mod:`.classifier` suggests sentence and
  document label values.
"""
