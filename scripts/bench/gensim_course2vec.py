"""Reference: gensim skip-gram on the same sentences. Prints JSON timing (wall and CPU seconds); writes vectors in vocab order."""
import json, sys, time
import numpy as np
from gensim.models import Word2Vec

sentences_path, vectors_path, dim, window, negative, sample, epochs, workers, vocab_size = sys.argv[1:10]
with open(sentences_path) as f:
    sentences = [line.split() for line in f]
t0 = time.perf_counter()
c0 = time.process_time()  # every thread of the process: a figure that the machine's load changes less
model = Word2Vec(sentences, vector_size=int(dim), window=int(window), negative=int(negative), sg=1, sample=float(sample),
                 min_count=1, workers=int(workers), epochs=int(epochs), seed=42)
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
out = np.zeros((int(vocab_size), int(dim)), dtype=np.float32)
for i in range(int(vocab_size)):
    key = str(i)
    if key in model.wv.key_to_index:
        out[i] = model.wv[key]
out.tofile(vectors_path)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "words": len(model.wv.key_to_index)}))
