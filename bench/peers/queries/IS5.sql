-- IS5 a message's author.
SELECT p.id, p.firstName, p.lastName
FROM Comment_hasCreator_Person h JOIN Person p ON p.id = h.dst
WHERE h.src = :messageId
