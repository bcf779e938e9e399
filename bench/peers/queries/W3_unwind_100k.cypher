// write: 100k nodes in one transaction.
UNWIND range(1, 100000) AS x CREATE (:Bulk {id: $i * 1000000 + x})
