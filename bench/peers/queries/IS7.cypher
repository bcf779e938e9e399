// IS7 direct replies to a message, their authors, and whether each author knows the
// message's author.
MATCH (m:Comment {id: $messageId})<-[:Comment_replyOf_Comment]-(c:Comment)
      -[:Comment_hasCreator_Person]->(p:Person)
MATCH (m)-[:Comment_hasCreator_Person]->(a:Person)
OPTIONAL MATCH (a)-[r:Person_knows_Person]-(p)
RETURN c.id AS commentId, c.content AS commentContent, c.creationDate AS commentCreationDate,
       p.id AS replyAuthorId, p.firstName AS firstName, p.lastName AS lastName,
       r IS NOT NULL AS replyAuthorKnowsOriginalAuthor
ORDER BY commentCreationDate DESC, replyAuthorId ASC
