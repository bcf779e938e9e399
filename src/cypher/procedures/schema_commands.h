// Schema commands as prepared queries: CREATE/DROP INDEX, CREATE/DROP CONSTRAINT ... IS
// UNIQUE (a unique index), SHOW INDEXES / SHOW CONSTRAINTS.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cypher/engine.h"
#include "cypher/parser/ast.h"

namespace nexus::cypher {

Result<std::shared_ptr<const PreparedQuery>> PrepareSchemaCommand(const ast::Statement& stmt);

// The columns of SHOW INDEXES (or, with `constraints`, SHOW CONSTRAINTS) and their rows, in
// index-id order; also what the procedures nexus.schema.indexes/constraints() yield.
const std::vector<std::string>& SchemaColumns(bool constraints);
Status SchemaRows(graph::GraphReader* reader, bool constraints,
                  std::vector<std::vector<Value>>* rows);

}  // namespace nexus::cypher
