// SHOW INDEXES / SHOW CONSTRAINTS with WHERE, ORDER BY, SKIP, LIMIT or a RETURN of
// expressions: rewritten to the query `CALL nexus.schema.indexes() YIELD ... WITH * ORDER BY
// ... SKIP ... LIMIT ... WHERE ... RETURN ...` and planned like any other, so every Cypher
// expression works there. The rows come from SchemaRows (schema_commands.h).
#pragma once

#include <memory>

#include "cypher/engine.h"
#include "cypher/parser/ast.h"

namespace nexus::cypher {

// True when `show` needs the query path (plain SHOW and YIELD of names do not).
bool ShowNeedsQuery(const ast::ShowSchema& show);

Result<std::shared_ptr<const PreparedQuery>> PrepareShowQuery(const ast::ShowSchema& show);

}  // namespace nexus::cypher
