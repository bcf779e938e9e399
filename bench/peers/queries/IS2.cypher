// IS2 the person's 10 latest messages, each with the post that starts its thread and that
// post's author.
MATCH (:Person {id: $personId})<-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
WITH m ORDER BY m.creationDate DESC, m.id DESC LIMIT 10
MATCH (m)-[:Comment_replyOf_Comment|Comment_replyOf_Post*0..30]->(p:Post)-[:Post_hasCreator_Person]->(c:Person)
RETURN m.id AS messageId, m.content AS content, m.creationDate AS messageCreationDate,
       p.id AS postId, c.id AS authorId, c.firstName AS firstName, c.lastName AS lastName
ORDER BY messageCreationDate DESC, messageId DESC
