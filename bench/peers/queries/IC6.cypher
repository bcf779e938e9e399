// IC6 tags that appear together with a given tag on posts by friends and friends of friends.
MATCH (p:Person {id: $personId})-[:Person_knows_Person*1..2]-(friend:Person)
WHERE friend.id <> $personId
WITH DISTINCT friend
MATCH (friend)<-[:Post_hasCreator_Person]-(post:Post)-[:Post_hasTag_Tag]->(:Tag {name: $tagName})
MATCH (post)-[:Post_hasTag_Tag]->(other:Tag)
WHERE other.name <> $tagName
RETURN other.name AS tagName, count(DISTINCT post.id) AS postCount
ORDER BY postCount DESC, tagName ASC LIMIT 10
