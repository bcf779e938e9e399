// Schema commands run directly against GraphWriter's index API.
#include "cypher/procedures/schema_commands.h"

#include <algorithm>

#include "common/rows_source.h"
#include "cypher/exec/context.h"
#include "cypher/procedures/show_query.h"

namespace nexus::cypher {
namespace {

enum class Command : uint8_t { kCreate, kDrop, kShowIndexes, kShowConstraints };

class SchemaCommand : public PreparedQuery {
  public:
    SchemaCommand(Command cmd, bool constraint, std::string name, bool tolerant,
                  ast::SchemaTarget target)
        : cmd_(cmd),
          constraint_(constraint),
          name_(std::move(name)),
          tolerant_(tolerant),
          target_(std::move(target)) {
        if (cmd_ >= Command::kShowIndexes) {
            columns_ = SchemaColumns(cmd_ == Command::kShowConstraints);
        }
    }

    // SHOW ... YIELD a, b AS c [RETURN c]: which SHOW columns to keep, and their names.
    void Project(std::vector<int> picks, std::vector<std::string> names) {
        picks_ = std::move(picks);
        columns_ = std::move(names);
    }
    const std::vector<std::string>& all_columns() const { return columns_; }

    bool read_only() const override { return cmd_ >= Command::kShowIndexes; }
    bool is_schema_command() const override { return cmd_ < Command::kShowIndexes; }
    const std::vector<std::string>& columns() const override { return columns_; }
    std::string Explain() const override { return "+SchemaCommand\n"; }

    Result<QueryResult> Execute(graph::GraphReader* reader, graph::GraphWriter* writer,
                                const ParamMap&, const ExecOptions&) const override {
        QueryStats stats;
        std::vector<std::vector<Value>> rows;
        if (cmd_ >= Command::kShowIndexes) {
            RETURN_IF_ERROR(Show(reader, &rows));
            if (!picks_.empty()) {
                for (auto& row : rows) {
                    std::vector<Value> picked;
                    for (int i : picks_) picked.push_back(row[i]);
                    row = std::move(picked);
                }
            }
        } else {
            if (writer == nullptr) {
                return Status(StatusCode::kTransactionError,
                              "Schema commands need a write transaction");
            }
            if (cmd_ == Command::kCreate) {
                RETURN_IF_ERROR(Create(writer, &stats));
            } else {
                RETURN_IF_ERROR(Drop(writer, &stats));
            }
        }
        return QueryResult(columns_, std::make_unique<RowsSource>(std::move(rows), stats));
    }

  private:
    Status Create(graph::GraphWriter* w, QueryStats* stats) const {
        if (target_.relationship) {
            return Status(StatusCode::kNotSupported, "relationship property indexes");
        }
        ASSIGN_OR_RETURN(graph::TokenId label,
                         w->GetOrCreateToken(graph::TokenKind::kLabel, target_.label));
        std::vector<graph::TokenId> props;
        for (const auto& p : target_.properties) {
            ASSIGN_OR_RETURN(graph::TokenId t,
                             w->GetOrCreateToken(graph::TokenKind::kPropertyKey, p));
            props.push_back(t);
        }
        auto r = w->CreateIndex(name_, label, props, constraint_);
        if (!r.ok()) {
            if (tolerant_ && r.status().code() == StatusCode::kSchemaError) return Status::Ok();
            return r.status();
        }
        (constraint_ ? stats->constraints_added : stats->indexes_added) += 1;
        return Status::Ok();
    }

    Status Drop(graph::GraphWriter* w, QueryStats* stats) const {
        for (const auto& def : w->Indexes()) {
            if (def.name != name_ || def.unique != constraint_) continue;
            RETURN_IF_ERROR(w->DropIndex(def.id));
            (constraint_ ? stats->constraints_removed : stats->indexes_removed) += 1;
            return Status::Ok();
        }
        if (tolerant_) return Status::Ok();
        return Status(StatusCode::kSchemaError,
                      std::string("Unable to drop ") + (constraint_ ? "constraint" : "index") +
                          " `" + name_ + "`: no such " + (constraint_ ? "constraint" : "index"));
    }

    Status Show(graph::GraphReader* r, std::vector<std::vector<Value>>* rows) const {
        return SchemaRows(r, cmd_ == Command::kShowConstraints, rows);
    }

    Command cmd_;
    bool constraint_;
    std::string name_;
    bool tolerant_;
    ast::SchemaTarget target_;
    std::vector<std::string> columns_;
    std::vector<int> picks_;
};

// Applies YIELD and a RETURN of plain names to a SHOW command.
Status ProjectShow(const ast::ShowSchema& show, SchemaCommand* cmd) {
    if (show.where || !show.order_by.empty() || show.skip || show.limit) {
        return Status(StatusCode::kNotSupported, "SHOW ... WHERE/ORDER BY/SKIP/LIMIT");
    }
    std::vector<std::string> all = cmd->all_columns();
    std::vector<int> picks;
    std::vector<std::string> names;
    if (show.has_yield && !show.yield_star) {
        for (const auto& y : show.yields) {
            auto it = std::find(all.begin(), all.end(), y.field);
            if (it == all.end()) {
                return Status(StatusCode::kSyntaxError,
                              "UndefinedVariable: Variable `" + y.field + "` not defined", y.pos);
            }
            picks.push_back(static_cast<int>(it - all.begin()));
            names.push_back(y.VariableName());
        }
    } else {
        for (size_t i = 0; i < all.size(); ++i) picks.push_back(static_cast<int>(i));
        names = all;
    }
    if (show.ret) {
        std::vector<int> ret_picks;
        std::vector<std::string> ret_names;
        for (const auto& item : show.ret->body.items) {
            if (item.expression->kind != ast::ExprKind::kVariable) {
                return Status(StatusCode::kNotSupported, "SHOW ... RETURN of expressions");
            }
            const auto& var = item.expression->As<ast::Variable>().name;
            auto it = std::find(names.begin(), names.end(), var);
            if (it == names.end()) {
                return Status(StatusCode::kSyntaxError,
                              "UndefinedVariable: Variable `" + var + "` not defined", item.pos);
            }
            ret_picks.push_back(picks[it - names.begin()]);
            ret_names.push_back(item.ColumnName());
        }
        picks = std::move(ret_picks);
        names = std::move(ret_names);
    }
    cmd->Project(std::move(picks), std::move(names));
    return Status::Ok();
}

}  // namespace

const std::vector<std::string>& SchemaColumns(bool constraints) {
    static const std::vector<std::string> kIndexes = {
        "id",         "name",          "state",      "populationPercent", "type",
        "entityType", "labelsOrTypes", "properties", "owningConstraint"};
    static const std::vector<std::string> kConstraints = {
        "id", "name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex"};
    return constraints ? kConstraints : kIndexes;
}

Status SchemaRows(graph::GraphReader* r, bool constraints, std::vector<std::vector<Value>>* rows) {
    for (const auto& def : r->Indexes()) {
        if (constraints && !def.unique) continue;
        ASSIGN_OR_RETURN(std::string label, r->TokenName(graph::TokenKind::kLabel, def.label));
        List props;
        for (auto p : def.properties) {
            ASSIGN_OR_RETURN(std::string key, r->TokenName(graph::TokenKind::kPropertyKey, p));
            props.emplace_back(std::move(key));
        }
        Value labels(List{Value(label)});
        if (!constraints) {
            rows->push_back({Value(int64_t{def.id}), Value(def.name), Value("ONLINE"), Value(100.0),
                             Value("RANGE"), Value("NODE"), labels, Value(std::move(props)),
                             def.unique ? Value(def.name) : Value()});
        } else {
            rows->push_back({Value(int64_t{def.id}), Value(def.name), Value("UNIQUENESS"),
                             Value("NODE"), labels, Value(std::move(props)), Value(def.name)});
        }
    }
    return Status::Ok();
}

Result<std::shared_ptr<const PreparedQuery>> PrepareSchemaCommand(const ast::Statement& stmt) {
    using K = ast::StatementKind;
    switch (stmt.kind) {
        case K::kCreateIndex: {
            const auto& c = stmt.As<ast::CreateIndex>();
            if (c.type != ast::IndexType::kRange) {
                return Status(StatusCode::kNotSupported, "only RANGE indexes are supported");
            }
            return std::shared_ptr<const PreparedQuery>(std::make_shared<SchemaCommand>(
                Command::kCreate, false, c.name, c.if_not_exists, c.target));
        }
        case K::kDropIndex: {
            const auto& d = stmt.As<ast::DropIndex>();
            if (d.name.empty()) {
                return Status(StatusCode::kNotSupported, "DROP INDEX ON :L(p): use a name");
            }
            return std::shared_ptr<const PreparedQuery>(std::make_shared<SchemaCommand>(
                Command::kDrop, false, d.name, d.if_exists, ast::SchemaTarget{}));
        }
        case K::kCreateConstraint: {
            const auto& c = stmt.As<ast::CreateConstraint>();
            if (c.constraint != ast::ConstraintKind::kUnique) {
                return Status(StatusCode::kNotSupported, "only uniqueness constraints");
            }
            return std::shared_ptr<const PreparedQuery>(std::make_shared<SchemaCommand>(
                Command::kCreate, true, c.name, c.if_not_exists, c.target));
        }
        case K::kDropConstraint: {
            const auto& d = stmt.As<ast::DropConstraint>();
            return std::shared_ptr<const PreparedQuery>(std::make_shared<SchemaCommand>(
                Command::kDrop, true, d.name, d.if_exists, ast::SchemaTarget{}));
        }
        case K::kShowIndexes:
        case K::kShowConstraints: {
            const auto& show = static_cast<const ast::ShowSchema&>(stmt);
            if (ShowNeedsQuery(show)) return PrepareShowQuery(show);
            auto cmd = std::make_shared<SchemaCommand>(
                stmt.kind == K::kShowIndexes ? Command::kShowIndexes : Command::kShowConstraints,
                false, "", false, ast::SchemaTarget{});
            RETURN_IF_ERROR(ProjectShow(static_cast<const ast::ShowSchema&>(stmt), cmd.get()));
            return std::shared_ptr<const PreparedQuery>(std::move(cmd));
        }

        default:
            return Status(StatusCode::kInternal, "not a schema command");
    }
}

}  // namespace nexus::cypher
