// write: one node per transaction, durable (FULL sync), 8 writers at once (group commit).
CREATE (:Bench {id: $i})
