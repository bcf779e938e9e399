// IC5 forums that friends and friends of friends joined after a date, by how many posts
// those new members wrote in them.
MATCH (p:Person {id: $personId})-[:Person_knows_Person*1..2]-(friend:Person)
WHERE friend.id <> $personId
WITH DISTINCT friend
MATCH (friend)<-[m:Forum_hasMember_Person]-(forum:Forum)
WHERE m.joinDate > $minDate
OPTIONAL MATCH (friend)<-[:Post_hasCreator_Person]-(post:Post)<-[:Forum_containerOf_Post]-(forum)
WITH forum, count(post) AS postCount
RETURN forum.title AS forumName, forum.id AS forumId, postCount
ORDER BY postCount DESC, forumId ASC LIMIT 20
