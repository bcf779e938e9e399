// Schema commands as prepared queries: CREATE/DROP INDEX, CREATE/DROP CONSTRAINT ... IS
// UNIQUE (a unique index), SHOW INDEXES / SHOW CONSTRAINTS.
#pragma once

#include <memory>

#include "cypher/engine.h"
#include "cypher/parser/ast.h"

namespace nexus::cypher {

Result<std::shared_ptr<const PreparedQuery>> PrepareSchemaCommand(const ast::Statement& stmt);

}  // namespace nexus::cypher
