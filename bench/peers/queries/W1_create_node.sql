-- write: one row per transaction, durable (WAL, synchronous=FULL) commit.
INSERT INTO Bench(id) VALUES (:i)
