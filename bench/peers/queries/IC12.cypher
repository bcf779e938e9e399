// IC12 friends who replied to posts tagged with a tag of a class (or its subclasses).
MATCH (:Person {id: $personId})-[:Person_knows_Person]-(friend:Person)
      <-[:Comment_hasCreator_Person]-(c:Comment)-[:Comment_replyOf_Post]->(:Post)
      -[:Post_hasTag_Tag]->(t:Tag)-[:Tag_hasType_TagClass]->(:TagClass)
      -[:TagClass_isSubclassOf_TagClass*0..10]->(:TagClass {name: $tagClassName})
WITH friend, collect(DISTINCT t.name) AS tagNames, count(DISTINCT c.id) AS replyCount
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       tagNames, replyCount
ORDER BY replyCount DESC, personId ASC LIMIT 20
