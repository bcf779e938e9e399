-- write: one edge row per transaction.
INSERT INTO BR(src, dst) VALUES (:a, :b)
