-- write: one row per transaction, durable (WAL, synchronous=FULL), 8 connections at once.
INSERT INTO Bench(id) VALUES (:i)
