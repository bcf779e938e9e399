// write: one relationship per transaction between two existing nodes, found by id.
MATCH (a:Bench {id: $a}), (b:Bench {id: $b}) CREATE (a)-[:BR]->(b)
