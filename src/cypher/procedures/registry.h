// Procedures added while the process runs, next to the built-in table: a procedure defined
// by a fixed table of rows, as the openCypher TCK declares its test procedures
// (`test.my.proc(in :: INTEGER?) :: (out :: STRING?)` plus a table). The registry is
// process-wide and thread-safe; a procedure registered again under the same name replaces
// the old one for queries prepared afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher::procedures {

// The declared type of a procedure argument; every one also accepts null.
enum class ArgType : uint8_t { kAny, kBoolean, kInteger, kFloat, kNumber, kString, kList, kMap };

// "INTEGER?", "STRING", "NUMBER?", ... (case-insensitive); kInvalidArgument otherwise.
Result<ArgType> ParseArgType(std::string_view text);
const char* ArgTypeName(ArgType type);

struct ProcedureParam {
    std::string name;
    ArgType type = ArgType::kAny;
};

// Registers `name` (matched case-insensitively) whose rows are `rows`, each holding the
// inputs' values followed by the outputs' values. A call yields, in table order, the output
// part of every row whose input part equals the arguments (1 = 1.0). With no outputs it is
// a void procedure: it yields nothing of its own and passes each input row through once.
Status RegisterTableProcedure(std::string_view name, std::vector<ProcedureParam> inputs,
                              std::vector<std::string> outputs,
                              std::vector<std::vector<Value>> rows);

}  // namespace nexus::cypher::procedures
