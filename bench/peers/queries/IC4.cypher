// IC4 tags on friends' posts of the period that no friend's post carried before it.
MATCH (:Person {id: $personId})-[:Person_knows_Person]-(:Person)
      <-[:Post_hasCreator_Person]-(post:Post)-[:Post_hasTag_Tag]->(tag:Tag)
WITH tag,
     sum(CASE WHEN post.creationDate >= $startDate AND post.creationDate < $endDate
              THEN 1 ELSE 0 END) AS valid,
     sum(CASE WHEN post.creationDate < $startDate THEN 1 ELSE 0 END) AS earlier
WHERE valid > 0 AND earlier = 0
RETURN tag.name AS tagName, valid AS postCount
ORDER BY postCount DESC, tagName ASC LIMIT 10
