// write: one node per transaction, durable (FULL sync) commit.
CREATE (:Bench {id: $i})
